//! rez's package-schema check of requirement strings in package data (`PackageRequest`).
//!
//! A request handed to the solver is a plain `Requirement` (any name); in a package's `requires`
//! and `variants` rez parses each string as a `PackageRequest`, which also rejects names that are
//! not package names (`~.foo`, `!.foo`, `foo bar`, `a..b`, `__pycache__`, ...).

use crate::version::Requirement;

/// rez's `invalid_package_names`.
const INVALID_PACKAGE_NAMES: &[&str] = &["__pycache__"];

/// rez's `is_valid_package_name`: `^[a-zA-Z_0-9](\.?[a-zA-Z0-9_]+)*\Z`, not `__pycache__`.
pub fn is_valid_package_name(name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut chars = name.chars().peekable();
    match chars.next() {
        Some(c) if word(c) => {}
        _ => return false,
    }
    while let Some(c) = chars.next() {
        if c == '.' {
            // A dot must be followed by a word character.
            if !chars.peek().is_some_and(|&d| word(d)) {
                return false;
            }
        } else if !word(c) {
            return false;
        }
    }
    !INVALID_PACKAGE_NAMES.contains(&name)
}

/// Python's `repr()` of a string.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// rez's `PackageRequest(s)`: the requirement, or the `repr()` of the exception rez raises
/// (`VersionError(...)` for a bad range, `PackageRequestError(...)` for a bad name).
pub fn parse_package_request(s: &str) -> Result<Requirement, String> {
    let req =
        Requirement::parse(s).map_err(|e| format!("VersionError({})", py_repr(e.message())))?;
    // rez checks the name after the '.' of an ephemeral only when the string itself starts
    // with '.', so '!.foo' and '~.foo' are rejected.
    let name: &str = req.name.as_ref();
    let checked = if s.starts_with('.') { &name[1..] } else { name };
    if !is_valid_package_name(checked) {
        let message = format!("Not a valid package name: {}", py_repr(checked));
        return Err(format!("PackageRequestError({})", py_repr(&message)));
    }
    Ok(req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_rez_accepts_and_rejects() {
        for ok in ["a", "foo", "foo.bar", "1", "_", "a_b.c1", "Foo9"] {
            assert!(is_valid_package_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".x",
            "x.",
            "a..b",
            "ba r",
            "fö",
            "foo\n",
            "__pycache__",
            "a-b",
            ".",
        ] {
            assert!(!is_valid_package_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn package_requests_as_rez_parses_them() {
        for ok in [
            ".x", "foo-1", "~foo", "!foo-1", "foo@1", "foo#1", "foo-", ".eph-2+",
        ] {
            assert!(parse_package_request(ok).is_ok(), "{ok}");
        }
        let cases = [
            (
                "~.x",
                "PackageRequestError(\"Not a valid package name: '.x'\")",
            ),
            (
                "!.x",
                "PackageRequestError(\"Not a valid package name: '.x'\")",
            ),
            (
                "..x",
                "PackageRequestError(\"Not a valid package name: '.x'\")",
            ),
            (".", "PackageRequestError(\"Not a valid package name: ''\")"),
            (
                "-1",
                "PackageRequestError(\"Not a valid package name: ''\")",
            ),
            (
                "x y-1",
                "PackageRequestError(\"Not a valid package name: 'x y'\")",
            ),
            (
                ".__pycache__",
                "PackageRequestError(\"Not a valid package name: '__pycache__'\")",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(parse_package_request(s).unwrap_err(), want, "{s}");
        }
        assert!(parse_package_request("bar->>1")
            .unwrap_err()
            .starts_with("VersionError("));
    }

    #[test]
    fn python_repr() {
        assert_eq!(py_repr("a"), "'a'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(py_repr("x\ny"), "'x\\ny'");
        assert_eq!(py_repr("🎉é"), "'🎉é'");
    }
}
