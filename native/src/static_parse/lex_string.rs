//! Scanning of string literals, including f-strings with nested replacement fields (Python 3.12 rules).

use super::string_decode::{decode, Decoded};
use super::token::{is_keyword, StrValue};

/// Maximum nesting of f-string replacement fields / nested strings.
pub(crate) const MAX_FSTRING_DEPTH: usize = 150;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Prefix {
    pub raw: bool,
    pub bytes: bool,
    pub format: bool,
}

/// Parses a string prefix such as `rb` or `F`; `None` if Python does not accept it.
pub(crate) fn parse_prefix(p: &[u8]) -> Option<Prefix> {
    let mut pre = Prefix::default();
    let mut unicode = false;
    for &c in p {
        let flag = match c.to_ascii_lowercase() {
            b'r' => &mut pre.raw,
            b'b' => &mut pre.bytes,
            b'f' | b't' => &mut pre.format,
            b'u' => &mut unicode,
            _ => return None,
        };
        if *flag {
            return None;
        }
        *flag = true;
    }
    let ok = match p.len() {
        0 | 1 => true,
        2 => pre.raw && (pre.bytes || pre.format),
        _ => false,
    };
    ok.then_some(pre)
}

/// Whether `p` looks like an attempted string prefix (`ur`, `bu`, ...).
pub(crate) fn looks_like_prefix(p: &[u8]) -> bool {
    p.len() <= 3
        && p.iter()
            .all(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'f' | b't' | b'u'))
}

pub(crate) struct StrScan {
    pub end: usize,
    pub value: StrValue,
}

pub(crate) enum StrError {
    /// The literal starting at `start` (with its opening quotes ending at `open_end`) never closes.
    Unterminated {
        triple: bool,
        start: usize,
        open_end: usize,
        detected_at: usize,
    },
    Other {
        message: String,
        start: usize,
        end: usize,
    },
}

fn other(message: impl Into<String>, start: usize, end: usize) -> StrError {
    StrError::Other {
        message: message.into(),
        start,
        end,
    }
}

struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    /// Byte ranges of bare names found in f-string replacement fields.
    names: Vec<(usize, usize)>,
}

/// Scans the string literal whose prefix starts at `start` and whose opening quote
/// is at `quote`. On success also returns the names referenced by f-string fields.
pub(crate) fn scan_string(
    src: &str,
    start: usize,
    quote: usize,
    prefix: Prefix,
) -> Result<(StrScan, Vec<(usize, usize)>), StrError> {
    let mut s = Scanner {
        src,
        b: src.as_bytes(),
        names: Vec::new(),
    };
    let scan = s.string(start, quote, prefix, 0)?;
    Ok((scan, s.names))
}

impl<'a> Scanner<'a> {
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn string(
        &mut self,
        start: usize,
        quote: usize,
        prefix: Prefix,
        depth: usize,
    ) -> Result<StrScan, StrError> {
        let q = self.b[quote];
        let triple = self.at(quote + 1) == Some(q) && self.at(quote + 2) == Some(q);
        let body_start = quote + if triple { 3 } else { 1 };
        let unterminated = |detected_at| StrError::Unterminated {
            triple,
            start,
            open_end: body_start,
            detected_at,
        };
        let mut j = body_start;
        loop {
            let Some(c) = self.at(j) else {
                return Err(unterminated(j));
            };
            match c {
                b'\\' => {
                    j += 1;
                    match self.at(j) {
                        Some(b'\r') if self.at(j + 1) == Some(b'\n') => j += 2,
                        Some(b'N')
                            if prefix.format && !prefix.raw && self.at(j + 1) == Some(b'{') =>
                        {
                            while let Some(c) = self.at(j) {
                                j += 1;
                                if c == b'}' || c == q || c == b'\n' || c == b'\r' {
                                    break;
                                }
                            }
                        }
                        Some(b'{') | Some(b'}') if prefix.format => {}
                        Some(_) => j += 1,
                        None => {}
                    }
                }
                _ if c == q => {
                    if !triple {
                        return self.finish(body_start, j, j + 1, prefix);
                    }
                    if self.at(j + 1) == Some(q) && self.at(j + 2) == Some(q) {
                        return self.finish(body_start, j, j + 3, prefix);
                    }
                    j += 1;
                }
                b'\n' | b'\r' if !triple => return Err(unterminated(j)),
                b'{' if prefix.format => {
                    if self.at(j + 1) == Some(b'{') {
                        j += 2;
                    } else {
                        j = self.field(j + 1, q, triple, depth + 1)?;
                    }
                }
                b'}' if prefix.format => {
                    if self.at(j + 1) == Some(b'}') {
                        j += 2;
                    } else {
                        return Err(other("f-string: single '}' is not allowed", j, j + 1));
                    }
                }
                _ => j += 1,
            }
        }
    }

    fn finish(
        &self,
        body_start: usize,
        body_end: usize,
        end: usize,
        prefix: Prefix,
    ) -> Result<StrScan, StrError> {
        let value = if prefix.format {
            StrValue::Format
        } else {
            match decode(&self.src[body_start..body_end], prefix.raw, prefix.bytes) {
                Ok(Decoded::Text(s)) => StrValue::Text(s),
                Ok(Decoded::Bytes(v)) => StrValue::Bytes(v),
                Ok(Decoded::Unsupported(why)) => StrValue::Unsupported(why),
                Err(e) => return Err(other(e.message, body_start + e.start, body_start + e.end)),
            }
        };
        Ok(StrScan { end, value })
    }

    /// Scans an f-string replacement field starting just after its `{`; returns the
    /// offset just past the matching `}`.
    fn field(
        &mut self,
        mut j: usize,
        q: u8,
        triple: bool,
        depth: usize,
    ) -> Result<usize, StrError> {
        if depth > MAX_FSTRING_DEPTH {
            return Err(other(
                "f-string: expressions nested too deeply",
                j.saturating_sub(1),
                j,
            ));
        }
        let open = j.saturating_sub(1);
        let mut brackets: Vec<u8> = Vec::new();
        let mut after_dot = false;
        loop {
            let Some(c) = self.at(j) else {
                return Err(other("f-string: expecting '}'", open, open + 1));
            };
            let mut dot = false;
            match c {
                b' ' | b'\t' | 0x0c | b'\n' | b'\r' | b'\\' => {
                    j += 1;
                    dot = after_dot;
                }
                b'#' => {
                    while !matches!(self.at(j), None | Some(b'\n') | Some(b'\r')) {
                        j += 1;
                    }
                }
                b'\'' | b'"' => {
                    j = match self.string(j, j, Prefix::default(), depth + 1) {
                        Ok(scan) => scan.end,
                        // Python 3.12 reads the enclosing quote here as a missing `}`.
                        Err(StrError::Unterminated { start, .. }) if c == q => {
                            return Err(other("f-string: expecting '}'", start, start + 1))
                        }
                        Err(e) => return Err(e),
                    };
                }
                b'0'..=b'9' => {
                    while matches!(self.at(j), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
                    {
                        j += 1;
                    }
                }
                c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                    let s = j;
                    while matches!(self.at(j), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80)
                    {
                        j += 1;
                    }
                    let word = &self.b[s..j];
                    if matches!(self.at(j), Some(b'\'') | Some(b'"')) {
                        if let Some(prefix) = parse_prefix(word) {
                            j = self.string(s, j, prefix, depth + 1)?.end;
                            after_dot = false;
                            continue;
                        }
                    }
                    let text = std::str::from_utf8(word).unwrap_or("");
                    if !after_dot && !is_keyword(text) {
                        self.names.push((s, j));
                    }
                }
                b'(' | b'[' | b'{' => {
                    if brackets.len() + depth > MAX_FSTRING_DEPTH {
                        return Err(other("f-string: expressions nested too deeply", j, j + 1));
                    }
                    brackets.push(c);
                    j += 1;
                }
                b')' | b']' | b'}' => {
                    let Some(o) = brackets.pop() else {
                        if c == b'}' {
                            return Ok(j + 1);
                        }
                        return Err(other(
                            format!("f-string: unmatched '{}'", c as char),
                            j,
                            j + 1,
                        ));
                    };
                    let want = match o {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if c != want {
                        return Err(other(
                            format!(
                                "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, o as char
                            ),
                            j,
                            j + 1,
                        ));
                    }
                    j += 1;
                }
                b':' if brackets.is_empty() && self.at(j + 1) != Some(b'=') => {
                    return self.format_spec(j + 1, q, triple, depth, open);
                }
                b'.' => {
                    j += 1;
                    dot = true;
                }
                b'!' if brackets.is_empty() && self.at(j + 1) != Some(b'=') => {
                    // A conversion such as `!r`: skip the conversion letter.
                    j += 1;
                    while matches!(self.at(j), Some(c) if c.is_ascii_alphanumeric()) {
                        j += 1;
                    }
                }
                _ => j += 1,
            }
            after_dot = dot;
        }
    }

    /// Scans a format spec (after `:`) up to and including the field's closing `}`.
    fn format_spec(
        &mut self,
        mut j: usize,
        q: u8,
        triple: bool,
        depth: usize,
        open: usize,
    ) -> Result<usize, StrError> {
        loop {
            match self.at(j) {
                None => return Err(other("f-string: expecting '}'", open, open + 1)),
                Some(b'{') => j = self.field(j + 1, q, triple, depth + 1)?,
                Some(b'}') => return Ok(j + 1),
                Some(b'\\') => j += 2,
                Some(c)
                    if c == q
                        && (!triple
                            || (self.at(j + 1) == Some(q) && self.at(j + 2) == Some(q))) =>
                {
                    return Err(other("f-string: expecting '}'", open, open + 1));
                }
                Some(b'\n') | Some(b'\r') if !triple => {
                    return Err(other("f-string: expecting '}'", open, open + 1))
                }
                Some(_) => j += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(src: &str) -> Result<(usize, StrValue), String> {
        let q = src.find(['\'', '"']).unwrap();
        let prefix = parse_prefix(&src.as_bytes()[..q]).unwrap();
        match scan_string(src, 0, q, prefix) {
            Ok((s, _)) => Ok((s.end, s.value)),
            Err(StrError::Unterminated { .. }) => Err("unterminated".into()),
            Err(StrError::Other { message, .. }) => Err(message),
        }
    }

    #[test]
    fn prefixes() {
        for p in ["", "r", "u", "R", "b", "Br", "rB", "f", "fR", "t", "Rt"] {
            assert!(parse_prefix(p.as_bytes()).is_some(), "{p}");
        }
        for p in ["ur", "bu", "ff", "bf", "rr", "x", "rbf"] {
            assert!(parse_prefix(p.as_bytes()).is_none(), "{p}");
        }
    }

    #[test]
    fn finds_string_ends() {
        assert_eq!(
            scan("'a\\'b' x").unwrap(),
            (6, StrValue::Text("a'b".into()))
        );
        assert_eq!(scan("'''a''b''' x").unwrap().0, 10);
        assert_eq!(scan("\"\" x").unwrap(), (2, StrValue::Text(String::new())));
        assert_eq!(scan("r'\\' '").unwrap().0, 6);
        assert_eq!(
            scan("f'{a[\"}\"]:>{w}}' x").unwrap(),
            (16, StrValue::Format)
        );
        assert_eq!(scan("f\"{\"a\"}\" x").unwrap().0, 8);
        assert_eq!(scan("f'{{}}' x").unwrap().0, 7);
        assert_eq!(scan("f'\\N{DASH}' x").unwrap().0, 11);
        assert!(scan("'abc\n'").is_err());
        assert!(scan("'''abc").is_err());
        assert!(scan("f'}'").is_err());
        assert!(scan("f'{a'").is_err());
    }

    #[test]
    fn collects_fstring_names() {
        let src = "f'{a.b + c(d=1)!r:{w}} {\"x\"}'";
        let (_, names) = scan_string(src, 0, 1, parse_prefix(b"f").unwrap())
            .ok()
            .unwrap();
        let names: Vec<&str> = names.iter().map(|&(s, e)| &src[s..e]).collect();
        assert_eq!(names, ["a", "c", "d", "w"]);
    }
}
