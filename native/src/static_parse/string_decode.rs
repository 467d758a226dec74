//! Decoding of string-literal bodies: escape sequences, raw strings, bytes and newline normalisation.

pub(crate) enum Decoded {
    Text(String),
    Bytes(Vec<u8>),
    /// The literal is valid Python but its value cannot be reproduced here.
    Unsupported(&'static str),
}

/// A decoding error; `start`/`end` are byte offsets relative to the body.
pub(crate) struct DecodeError {
    pub message: String,
    pub start: usize,
    pub end: usize,
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    let mut v: u32 = 0;
    for &d in digits {
        v = v.checked_mul(16)?.checked_add((d as char).to_digit(16)?)?;
    }
    Some(v)
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// Decodes the text between the quotes of a (non-f) string literal.
///
/// Newlines in the body (`\r\n`, `\r`) become `\n`, as Python's tokenizer does.
pub(crate) fn decode(body: &str, raw: bool, bytes: bool) -> Result<Decoded, DecodeError> {
    let b = body.as_bytes();
    if bytes {
        if let Some(pos) = b.iter().position(|&c| c >= 0x80) {
            let len = body[pos..].chars().next().map_or(1, char::len_utf8);
            return Err(DecodeError {
                message: "bytes can only contain ASCII literal characters".to_string(),
                start: pos,
                end: pos + len,
            });
        }
    }
    let needs_work = b.iter().any(|&c| c == b'\r' || (c == b'\\' && !raw));
    if !needs_work {
        return Ok(if bytes {
            Decoded::Bytes(b.to_vec())
        } else {
            Decoded::Text(body.to_string())
        });
    }
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\r' {
            out.push(b'\n');
            i += 1;
            if b.get(i) == Some(&b'\n') {
                i += 1;
            }
            continue;
        }
        if c != b'\\' || raw {
            out.push(c);
            i += 1;
            continue;
        }
        let Some(&e) = b.get(i + 1) else {
            out.push(b'\\');
            i += 1;
            continue;
        };
        let simple = match e {
            b'\n' => Some(None),
            b'\\' | b'\'' | b'"' => Some(Some(e)),
            b'a' => Some(Some(0x07)),
            b'b' => Some(Some(0x08)),
            b'f' => Some(Some(0x0c)),
            b'n' => Some(Some(b'\n')),
            b'r' => Some(Some(b'\r')),
            b't' => Some(Some(b'\t')),
            b'v' => Some(Some(0x0b)),
            _ => None,
        };
        if let Some(byte) = simple {
            out.extend(byte);
            i += 2;
            continue;
        }
        match e {
            b'\r' => {
                i += 2;
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'0'..=b'7' => {
                let mut v: u32 = 0;
                let mut j = i + 1;
                while j < b.len() && j < i + 4 && (b'0'..=b'7').contains(&b[j]) {
                    v = v * 8 + u32::from(b[j] - b'0');
                    j += 1;
                }
                if bytes {
                    out.push((v & 0xff) as u8);
                } else {
                    push_char(&mut out, char::from_u32(v).unwrap_or('\u{fffd}'));
                }
                i = j;
            }
            b'x' | b'u' | b'U' if e == b'x' || !bytes => {
                let n = match e {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let digits = b
                    .get(i + 2..i + 2 + n)
                    .filter(|d| d.iter().all(u8::is_ascii_hexdigit));
                let Some(v) = digits.and_then(hex_value) else {
                    let mut end = i + 2;
                    while end < b.len() && end < i + 2 + n && b[end].is_ascii_hexdigit() {
                        end += 1;
                    }
                    let message = if bytes {
                        format!("(value error) invalid \\x escape at position {i}")
                    } else {
                        let what = match e {
                            b'x' => "\\xXX",
                            b'u' => "\\uXXXX",
                            _ => "\\UXXXXXXXX",
                        };
                        format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: truncated {what} escape",
                            i,
                            end.saturating_sub(1).max(i + 1)
                        )
                    };
                    return Err(DecodeError {
                        message,
                        start: i,
                        end: end.min(b.len()),
                    });
                };
                if bytes {
                    out.push(v as u8);
                } else if v > 0x10FFFF {
                    return Err(DecodeError {
                        message: format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: illegal Unicode character",
                            i,
                            i + 1 + n
                        ),
                        start: i,
                        end: i + 2 + n,
                    });
                } else if let Some(ch) = char::from_u32(v) {
                    push_char(&mut out, ch);
                } else {
                    return Ok(Decoded::Unsupported(
                        "it contains a lone surrogate escape, which has no UTF-8 form",
                    ));
                }
                i += 2 + n;
            }
            b'N' if !bytes => {
                let closed = b.get(i + 2) == Some(&b'{') && b[i + 2..].contains(&b'}');
                if !closed {
                    return Err(DecodeError {
                        message: format!(
                            "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: malformed \\N character escape",
                            i,
                            i + 1
                        ),
                        start: i,
                        end: i + 2,
                    });
                }
                return Ok(Decoded::Unsupported(
                    "it uses a \\N{...} named escape, which this reader does not decode",
                ));
            }
            _ => {
                // Unknown escapes keep their backslash (Python only warns).
                out.push(b'\\');
                i += 1;
            }
        }
    }
    Ok(if bytes {
        Decoded::Bytes(out)
    } else {
        match String::from_utf8(out) {
            Ok(s) => Decoded::Text(s),
            Err(_) => Decoded::Unsupported("it could not be decoded"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str, raw: bool) -> String {
        match decode(body, raw, false) {
            Ok(Decoded::Text(s)) => s,
            _ => panic!("not text: {body:?}"),
        }
    }

    #[test]
    fn decodes_escapes() {
        assert_eq!(
            text(r"a\nb\t\\\'\x41\u00e9\U0001F600\101\0", false),
            "a\nb\t\\'A\u{e9}\u{1F600}A\0"
        );
        assert_eq!(text("a\\\nb", false), "ab");
        assert_eq!(text("a\\\r\nb\r\nc\rd", false), "ab\nc\nd");
        assert_eq!(text(r"\d\777", false), "\\d\u{1ff}");
        assert_eq!(text(r"a\nb\'", true), r"a\nb\'");
        assert_eq!(text("x\\\r\ny", true), "x\\\ny");
    }

    #[test]
    fn decodes_bytes() {
        match decode(r"\xff\777\u0041", false, true) {
            Ok(Decoded::Bytes(v)) => assert_eq!(v, b"\xff\xff\\u0041"),
            _ => panic!(),
        }
        assert!(decode("\u{e9}", false, true).is_err());
    }

    #[test]
    fn reports_bad_escapes() {
        assert!(decode(r"\x4", false, false).is_err());
        assert!(decode(r"\U00110000", false, false).is_err());
        assert!(decode(r"\N", false, false).is_err());
        assert!(matches!(
            decode(r"\N{DASH}", false, false),
            Ok(Decoded::Unsupported(_))
        ));
        assert!(matches!(
            decode(r"\ud800", false, false),
            Ok(Decoded::Unsupported(_))
        ));
    }
}
