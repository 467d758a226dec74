//! Scanning and validation of Python 3 numeric literals (values are computed by the literal parser).

pub(crate) struct NumError {
    pub message: String,
    pub start: usize,
    pub end: usize,
}

/// A digit class with the literal kind named in error messages.
type Radix = (fn(u8) -> bool, &'static str);

fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// ASCII identifier bytes; a non-ASCII character after a number is left to the
/// main lexer (which reports it as an invalid or non-printable character, as CPython does).
fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn invalid(kind: &str, start: usize, end: usize) -> NumError {
    NumError {
        message: format!("invalid {kind} literal"),
        start,
        end,
    }
}

/// Scans `(_? digit)+` starting at `j`, where `b[j]` is already known to be a digit.
fn digit_run(
    b: &[u8],
    mut j: usize,
    is_digit: fn(u8) -> bool,
    kind: &str,
    start: usize,
) -> Result<usize, NumError> {
    loop {
        while is_digit(at(b, j)) {
            j += 1;
        }
        if at(b, j) == b'_' {
            if is_digit(at(b, j + 1)) {
                j += 1;
                continue;
            }
            return Err(invalid(kind, start, j + 1));
        }
        return Ok(j);
    }
}

/// Python's check that a number is not glued to a following name (`1abc`), while
/// allowing the historical `1if x else y` style where a keyword follows.
fn verify_end(b: &[u8], j: usize, kind: &str, start: usize) -> Result<usize, NumError> {
    let rest = b.get(j..).unwrap_or(&[]);
    let keyword_follows = match at(b, j) {
        b'a' => rest.starts_with(b"and"),
        b'e' => rest.starts_with(b"else"),
        b'f' => rest.starts_with(b"for"),
        b'i' => matches!(at(b, j + 1), b'f' | b'n' | b's'),
        b'n' => rest.starts_with(b"not"),
        b'o' => rest.starts_with(b"or"),
        _ => false,
    };
    if !keyword_follows && is_ident_byte(at(b, j)) {
        return Err(invalid(kind, start, j + 1));
    }
    Ok(j)
}

/// Scans a number starting at `start` (a digit, or a `.` followed by a digit) and
/// returns the offset just past it.
pub(crate) fn scan_number(b: &[u8], start: usize) -> Result<usize, NumError> {
    if at(b, start) == b'0' {
        let radix: Option<Radix> = match at(b, start + 1) {
            b'x' | b'X' => Some((|c: u8| c.is_ascii_hexdigit(), "hexadecimal")),
            b'o' | b'O' => Some((|c: u8| (b'0'..=b'7').contains(&c), "octal")),
            b'b' | b'B' => Some((|c: u8| c == b'0' || c == b'1', "binary")),
            _ => None,
        };
        if let Some((is_digit, kind)) = radix {
            let mut j = start + 2;
            if at(b, j) == b'_' {
                j += 1;
            }
            if !is_digit(at(b, j)) {
                if at(b, j).is_ascii_digit() {
                    return Err(NumError {
                        message: format!("invalid digit '{}' in {kind} literal", at(b, j) as char),
                        start: j,
                        end: j + 1,
                    });
                }
                return Err(invalid(kind, start, j + 1));
            }
            let j = digit_run(b, j, is_digit, kind, start)?;
            if at(b, j).is_ascii_digit() {
                return Err(NumError {
                    message: format!("invalid digit '{}' in {kind} literal", at(b, j) as char),
                    start: j,
                    end: j + 1,
                });
            }
            return verify_end(b, j, kind, start);
        }
    }
    let dec = |c: u8| c.is_ascii_digit();
    let mut j = start;
    let mut is_int = true;
    if at(b, j) != b'.' {
        j = digit_run(b, j, dec, "decimal", start)?;
    }
    if at(b, j) == b'.' {
        is_int = false;
        j += 1;
        if dec(at(b, j)) {
            j = digit_run(b, j, dec, "decimal", start)?;
        }
    }
    if matches!(at(b, j), b'e' | b'E') {
        let mut k = j + 1;
        let signed = matches!(at(b, k), b'+' | b'-');
        if signed {
            k += 1;
        }
        if dec(at(b, k)) {
            j = digit_run(b, k, dec, "decimal", start)?;
            is_int = false;
        } else if signed {
            return Err(invalid("decimal", start, k));
        }
    }
    if matches!(at(b, j), b'j' | b'J') {
        return verify_end(b, j + 1, "imaginary", start);
    }
    if is_int {
        let text = &b[start..j];
        if text.first() == Some(&b'0') && text.iter().any(|c| (b'1'..=b'9').contains(c)) {
            return Err(NumError {
                message: "leading zeros in decimal integer literals are not permitted; \
                          use an 0o prefix for octal integers"
                    .to_string(),
                start,
                end: j,
            });
        }
    }
    verify_end(b, j, "decimal", start)
}

#[cfg(test)]
mod tests {
    use super::scan_number;

    fn ok(s: &str) -> usize {
        scan_number(s.as_bytes(), 0).unwrap_or_else(|e| panic!("{s}: {}", e.message))
    }

    fn bad(s: &str) -> String {
        match scan_number(s.as_bytes(), 0) {
            Ok(n) => panic!("{s} accepted up to {n}"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn accepts_python_numbers() {
        for s in [
            "0", "00", "0_0", "123", "1_000", "0x_fF", "0o17", "0b1_0", "1.", ".5", "1.5e-3",
            "1E5", "1_0.0_1", "0777j", "1j", "00.5",
        ] {
            assert_eq!(ok(s), s.len(), "{s}");
        }
        assert_eq!(ok("1if"), 1);
        assert_eq!(ok("1else"), 1);
        assert_eq!(ok("1 "), 1);
    }

    #[test]
    fn rejects_malformed_numbers() {
        assert!(bad("0777").starts_with("leading zeros"));
        assert_eq!(bad("1__0"), "invalid decimal literal");
        assert_eq!(bad("1_"), "invalid decimal literal");
        assert_eq!(bad("1abc"), "invalid decimal literal");
        assert_eq!(bad("0x"), "invalid hexadecimal literal");
        assert_eq!(bad("0b102"), "invalid digit '2' in binary literal");
        assert_eq!(bad("1e+"), "invalid decimal literal");
        assert_eq!(bad("1e"), "invalid decimal literal");
        assert_eq!(bad("1.real"), "invalid decimal literal");
    }
}
