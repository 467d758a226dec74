//! Turning raw bytes into source text: UTF-8 validation and coding declarations (PEP 263).

use super::error::SyntaxError;
use super::span::{PosCursor, Position, Span};

/// The encoding named by a `# -*- coding: NAME -*-` comment in `line`, if any.
fn cookie(line: &[u8]) -> Option<&[u8]> {
    let start = line
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t' | 0x0c))?;
    let line = &line[start..];
    if line.first() != Some(&b'#') {
        return None;
    }
    let at = line
        .windows(7)
        .position(|w| w.starts_with(b"coding") && matches!(w[6], b':' | b'='))?;
    let rest = &line[at + 7..];
    let rest = &rest[rest
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t'))
        .unwrap_or(rest.len())..];
    let len = rest
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn is_utf8_name(name: &[u8]) -> bool {
    let n = String::from_utf8_lossy(name)
        .to_ascii_lowercase()
        .replace('_', "-");
    n == "utf-8" || n == "utf8" || n.starts_with("utf-8-")
}

/// The first two physical lines, as Python scans them for a coding cookie.
fn declared_encoding(bytes: &[u8]) -> Option<(&[u8], usize)> {
    let mut offset = 0;
    for n in 0..2 {
        let rest = bytes.get(offset..)?;
        let len = rest
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
            .unwrap_or(rest.len());
        let line = &rest[..len];
        if let Some(name) = cookie(line) {
            return Some((name, offset));
        }
        let blank_or_comment = line
            .iter()
            .find(|c| !matches!(c, b' ' | b'\t' | 0x0c))
            .is_none_or(|&c| c == b'#');
        if n == 0 && !blank_or_comment {
            return None;
        }
        offset += len + usize::from(rest.get(len).is_some());
        if rest.get(len) == Some(&b'\r') && rest.get(len + 1) == Some(&b'\n') {
            offset += 1;
        }
    }
    None
}

/// Validates `bytes` as Python source text.
///
/// Only UTF-8 is decoded. A declaration of another encoding is accepted when the
/// file is pure ASCII (every ASCII-compatible encoding then reads it the same way).
pub(crate) fn decode_source(bytes: &[u8]) -> Result<&str, SyntaxError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let start = PosCursor::new(bytes).at(at);
            let len = e.error_len().unwrap_or(bytes.len() - at);
            let end = Position {
                offset: at + len,
                line: start.line,
                column: start.column + 1,
            };
            let byte = bytes[at];
            let why = match e.error_len() {
                None => "unexpected end of data",
                Some(_) if (0x80..0xC0).contains(&byte) || byte >= 0xF8 => "invalid start byte",
                Some(_) => "invalid continuation byte",
            };
            return Err(SyntaxError {
                message: format!("(unicode error) 'utf-8' codec can't decode byte 0x{byte:02x} in position {at}: {why}"),
                span: Span::new(start, end),
            });
        }
    };
    if let Some((name, offset)) = declared_encoding(bytes) {
        let has_bom = text.starts_with('\u{feff}');
        let body = if has_bom { &bytes[3..] } else { bytes };
        if !is_utf8_name(name) && (has_bom || !body.is_ascii()) {
            let name = String::from_utf8_lossy(name);
            let message = if has_bom {
                format!("encoding problem: {name} with BOM")
            } else {
                format!("the file declares encoding '{name}'; only UTF-8 sources can be read")
            };
            let mut cur = PosCursor::new(bytes);
            let line_end = bytes[offset..]
                .iter()
                .position(|&c| c == b'\n' || c == b'\r')
                .map_or(bytes.len(), |p| offset + p);
            return Err(SyntaxError {
                message,
                span: cur.span(offset, line_end),
            });
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cookies() {
        assert_eq!(cookie(b"# -*- coding: latin-1 -*-"), Some(&b"latin-1"[..]));
        assert_eq!(cookie(b"  #vim: set fileencoding=utf8"), Some(&b"utf8"[..]));
        assert_eq!(cookie(b"x = 1  # coding: latin-1"), None);
        assert!(declared_encoding(b"#!/usr/bin/env python\n# coding=cp1252\n").is_some());
        assert!(declared_encoding(b"import os\n# coding=cp1252\n").is_none());
    }

    #[test]
    fn validates_utf8() {
        let e = decode_source(b"name = 'a'\nx = '\xff'").unwrap_err();
        assert_eq!(
            (e.span.start.offset, e.span.start.line, e.span.start.column),
            (16, 1, 5)
        );
        assert!(decode_source("# coding: latin-1\nx = 'caf\u{e9}'".as_bytes()).is_err());
        assert!(decode_source(b"# coding: latin-1\nx = 'cafe'").is_ok());
        assert!(decode_source("# -*- coding: utf-8 -*-\nx = '\u{e9}'".as_bytes()).is_ok());
    }
}
