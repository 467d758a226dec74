//! `Version`: rez's dotted/dashed token sequence, with the empty version and +infinity.

use super::error::VersionError;
use super::token::{is_token_char, Token};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

#[derive(Debug)]
struct Inner {
    /// `None` is rez's internal `Version.inf`, greater than every version.
    tokens: Option<Box<[Token]>>,
    /// One separator between each pair of tokens (cosmetic, kept for printing).
    seps: Box<[char]>,
    /// Bytes whose lexicographic order is rez's version order (see `sort_key`).
    key: Box<[u8]>,
}

impl Inner {
    fn new(tokens: Option<Box<[Token]>>, seps: Box<[char]>) -> Inner {
        let key = tokens.as_deref().map(sort_key).unwrap_or_default();
        Inner { tokens, seps, key }
    }
}

/// Encode tokens so that comparing the bytes compares the versions as rez does.
///
/// Per sub-token: letters as `0x01 text 0x00` (text sorts by code point; the terminator sorts
/// below any letter, so a prefix is smaller); digits as `0x02`, the length of the number
/// without leading zeros (4 bytes), those digits, then a tie-break for equal values that
/// orders the digit strings as rez does (`01` < `1`, but `0` < `00`). Each token ends with
/// `0x00`, below both tags, so a token sorts before its own extensions; a version that is a
/// prefix of another is a byte prefix, and so smaller.
fn sort_key(tokens: &[Token]) -> Box<[u8]> {
    use super::token::SubToken;
    let mut out = Vec::with_capacity(tokens.len() * 8);
    for t in tokens {
        for st in t.subtokens() {
            match st {
                SubToken::Alpha(a) => {
                    out.push(1);
                    out.extend_from_slice(a.as_bytes());
                    out.push(0);
                }
                SubToken::Numeric(d) => {
                    let digits = d.trim_start_matches('0');
                    let zeros = (d.len() - digits.len()).min(255) as u8;
                    out.push(2);
                    out.extend_from_slice(&(digits.len() as u32).to_be_bytes());
                    out.extend_from_slice(digits.as_bytes());
                    out.push(if digits.is_empty() {
                        zeros
                    } else {
                        255 - zeros
                    });
                }
            }
        }
        out.push(0);
    }
    out.into()
}

/// A rez version; cheap to clone (shared, immutable).
#[derive(Clone, Debug)]
pub struct Version(Arc<Inner>);

impl Version {
    /// The empty version `''`: the smallest version, used by unversioned packages.
    pub fn empty() -> Version {
        static EMPTY: OnceLock<Version> = OnceLock::new();
        EMPTY
            .get_or_init(|| Version(Arc::new(Inner::new(Some(Box::new([])), Box::new([])))))
            .clone()
    }

    /// rez's internal `Version.inf`, greater than any version (upper end of unbounded ranges).
    pub fn inf() -> Version {
        static INF: OnceLock<Version> = OnceLock::new();
        INF.get_or_init(|| Version(Arc::new(Inner::new(None, Box::new([])))))
            .clone()
    }

    /// Parse a version exactly as `rez.version.Version(s)` does.
    pub fn parse(s: &str) -> Result<Version, VersionError> {
        if s.is_empty() {
            return Ok(Version::empty());
        }
        let mut tokens = Vec::new();
        let mut seps = Vec::new();
        let mut chars = s.char_indices().peekable();
        let mut pending_sep: Option<(usize, String)> = None;
        while let Some(&(i, c)) = chars.peek() {
            if is_token_char(c) {
                let start = i;
                let mut end = s.len();
                while let Some(&(j, d)) = chars.peek() {
                    if !is_token_char(d) {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                if let Some((at, sep)) = pending_sep.take() {
                    if tokens.is_empty() {
                        return Err(VersionError::new(format!(
                            "Invalid version syntax: '{s}': it starts with the separator '{sep}'"
                        )));
                    }
                    let mut it = sep.chars();
                    let first = it.next().unwrap_or('.');
                    if it.next().is_some() {
                        return Err(VersionError::new(format!(
                            "Invalid version syntax: '{s}': separator '{sep}' at character {} must be a single character",
                            char_pos(s, at)
                        )));
                    }
                    seps.push(first);
                }
                let text = &s[start..end];
                tokens.push(Token::parse(text).expect("token chars checked"));
            } else {
                let start = i;
                let mut end = s.len();
                while let Some(&(j, d)) = chars.peek() {
                    if is_token_char(d) {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                pending_sep = Some((start, s[start..end].to_string()));
            }
        }
        if tokens.is_empty() {
            return Err(VersionError::new(format!(
                "Invalid version syntax: '{s}': it has no version token (letters, digits or '_')"
            )));
        }
        if let Some((_, sep)) = pending_sep {
            return Err(VersionError::new(format!(
                "Invalid version syntax: '{s}': it ends with the separator '{sep}'"
            )));
        }
        Ok(Version(Arc::new(Inner::new(
            Some(tokens.into()),
            seps.into(),
        ))))
    }

    /// Build a version from tokens and separators (`seps.len() == tokens.len() - 1`).
    pub fn from_parts(tokens: Vec<Token>, seps: Vec<char>) -> Version {
        debug_assert!(tokens.is_empty() && seps.is_empty() || seps.len() + 1 == tokens.len());
        Version(Arc::new(Inner::new(Some(tokens.into()), seps.into())))
    }

    /// The tokens; empty for the empty version and for +infinity.
    pub fn tokens(&self) -> &[Token] {
        self.0.tokens.as_deref().unwrap_or(&[])
    }

    /// The separators between tokens.
    pub fn seps(&self) -> &[char] {
        &self.0.seps
    }

    /// True for rez's internal `Version.inf`.
    pub fn is_inf(&self) -> bool {
        self.0.tokens.is_none()
    }

    /// True for the empty version `''` (rez's falsy version).
    pub fn is_empty(&self) -> bool {
        matches!(&self.0.tokens, Some(t) if t.is_empty())
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens().len()
    }

    /// rez's `next()`: `1.2` -> `1.2_`; the empty version -> +infinity.
    pub fn next(&self) -> Version {
        match &self.0.tokens {
            Some(tokens) if !tokens.is_empty() => {
                let mut tokens = tokens.to_vec();
                let last = tokens.pop().expect("non-empty");
                tokens.push(last.next());
                Version::from_parts(tokens, self.0.seps.to_vec())
            }
            _ => Version::inf(),
        }
    }

    /// rez's `trim(n)`: `tokens[:n]` and `seps[:n-1]`, with Python's slice semantics.
    pub fn trim(&self, n: isize) -> Version {
        let tokens: Vec<Token> = self.tokens()[..py_slice_end(self.tokens().len(), n)].to_vec();
        let seps: Vec<char> = self.seps()[..py_slice_end(self.seps().len(), n - 1)].to_vec();
        Version(Arc::new(Inner::new(Some(tokens.into()), seps.into())))
    }
}

/// The end of Python's `x[:n]` on a sequence of length `len`.
fn py_slice_end(len: usize, n: isize) -> usize {
    if n >= 0 {
        (n as usize).min(len)
    } else {
        len.saturating_sub(n.unsigned_abs())
    }
}

/// 0-based character position of byte offset `at` in `s`.
pub(crate) fn char_pos(s: &str, at: usize) -> usize {
    s[..at].chars().count()
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.key == other.0.key && self.0.tokens.is_some() == other.0.tokens.is_some())
    }
}

impl Eq for Version {}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0.tokens, &other.0.tokens) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(_), Some(_)) => self.0.key.cmp(&other.0.key),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.0.tokens {
            None => state.write_u8(0),
            Some(tokens) => {
                state.write_u8(1);
                for t in tokens.iter() {
                    t.as_str().hash(state);
                }
            }
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.tokens {
            None => f.write_str("[INF]"),
            Some(tokens) => {
                // rez prints zip(tokens, seps + ['']), which stops at the shorter side.
                let seps = &self.0.seps;
                for (i, t) in tokens.iter().enumerate().take(seps.len() + 1) {
                    f.write_str(t.as_str())?;
                    if let Some(sep) = seps.get(i) {
                        write!(f, "{sep}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn valid_and_invalid() {
        for ok in [
            "", "1.2.3", "1-2_3", "1.2-rc.3", "v1.0", "_", "1__2", "1 2", "1+2", "1,2", "1é2",
        ] {
            assert!(Version::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["1..2", "1.2.", ".1", "1.2.3-", "+", " ", "1. 2"] {
            assert!(Version::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sort_key_agrees_with_token_order() {
        let vs = [
            "", "0", "00", "000", "01", "001", "1", "1_", "1a", "1A", "1.0", "1.a", "1a.0", "01.1",
            "1.01", "10", "9", "a", "A", "_", "alpha", "alpha3", "33gamma", "gamma33", "1.0.0",
            "1.0rc1", "2.beta", "0.0",
        ];
        for a in vs {
            for b in vs {
                let (va, vb) = (v(a), v(b));
                let by_tokens = va.tokens().iter().cmp(vb.tokens().iter());
                assert_eq!(va.cmp(&vb), by_tokens, "{a:?} vs {b:?}");
                assert_eq!(va == vb, by_tokens == Ordering::Equal, "{a:?} == {b:?}");
            }
        }
    }

    #[test]
    fn ascending_order_from_rez_tests() {
        let asc = [
            "", "0.0.0", "1", "2", "2.alpha1", "2.alpha2", "2.beta", "2.0", "2.0.8.8", "2.1",
            "2.1.0",
        ];
        for w in asc.windows(2) {
            assert!(v(w[0]) < v(w[1]), "{} < {}", w[0], w[1]);
        }
        assert!(v("1.0") < v("1.0rc1"));
        assert!(v("1.0.rc1") < v("1.0.0"));
        assert!(v("1") < Version::inf());
    }

    #[test]
    fn separators_are_cosmetic() {
        assert_eq!(v("1.2"), v("1-2"));
        assert_eq!(v("1-2.3").to_string(), "1-2.3");
        assert_ne!(v("01"), v("1"));
    }

    #[test]
    fn next_and_trim() {
        assert_eq!(v("1.2").next().to_string(), "1.2_");
        assert!(Version::empty().next().is_inf());
        assert_eq!(v("1.2.3").trim(2).to_string(), "1.2");
        assert_eq!(v("0.0").trim(-1).to_string(), "0");
        assert_eq!(v("1.2.3").trim(-1).to_string(), "1");
    }
}
