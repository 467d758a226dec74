//! Version tokens and their sub-tokens, ordered exactly as rez's `AlphanumericVersionToken`.

use std::cmp::Ordering;

/// One alternating run inside a token: letters/underscores, or digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SubToken {
    /// A run of `[A-Za-z_]`, compared by code point.
    Alpha(Box<str>),
    /// A run of `[0-9]`, compared by integer value, then by the digit string.
    Numeric(Box<str>),
}

impl SubToken {
    /// The text of this sub-token as written.
    pub fn as_str(&self) -> &str {
        match self {
            SubToken::Alpha(s) | SubToken::Numeric(s) => s,
        }
    }
}

/// Compare two digit strings by integer value (arbitrary length), no allocation.
fn cmp_numeric_value(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl Ord for SubToken {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SubToken::Alpha(a), SubToken::Alpha(b)) => a.as_bytes().cmp(b.as_bytes()),
            (SubToken::Alpha(_), SubToken::Numeric(_)) => Ordering::Less,
            (SubToken::Numeric(_), SubToken::Alpha(_)) => Ordering::Greater,
            (SubToken::Numeric(a), SubToken::Numeric(b)) => {
                cmp_numeric_value(a, b).then_with(|| a.as_bytes().cmp(b.as_bytes()))
            }
        }
    }
}

impl PartialOrd for SubToken {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A version token such as `2`, `rc01` or `33gamma`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    text: Box<str>,
    subtokens: Box<[SubToken]>,
}

/// True for the characters rez allows inside a token: `[A-Za-z0-9_]`.
pub fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Token {
    /// Parse a token; `None` when `text` is empty or has a character outside `[A-Za-z0-9_]`.
    pub fn parse(text: &str) -> Option<Token> {
        if text.is_empty() || !text.chars().all(is_token_char) {
            return None;
        }
        let mut subtokens = Vec::new();
        let bytes = text.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let numeric = bytes[start].is_ascii_digit();
            let mut end = start + 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() == numeric {
                end += 1;
            }
            let run: Box<str> = text[start..end].into();
            subtokens.push(if numeric {
                SubToken::Numeric(run)
            } else {
                SubToken::Alpha(run)
            });
            start = end;
        }
        Some(Token {
            text: text.into(),
            subtokens: subtokens.into(),
        })
    }

    /// The token as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The alternating alpha/numeric runs of this token.
    pub fn subtokens(&self) -> &[SubToken] {
        &self.subtokens
    }

    /// rez's `next()`: the smallest token greater than every token that has this one as a prefix.
    pub fn next(&self) -> Token {
        let mut subtokens = self.subtokens.to_vec();
        match subtokens.last_mut() {
            Some(SubToken::Alpha(s)) => {
                let mut grown = String::from(&**s);
                grown.push('_');
                *s = grown.into();
            }
            _ => subtokens.push(SubToken::Alpha("_".into())),
        }
        let mut text = String::from(&*self.text);
        text.push('_');
        Token {
            text: text.into(),
            subtokens: subtokens.into(),
        }
    }
}

impl Ord for Token {
    fn cmp(&self, other: &Self) -> Ordering {
        self.subtokens.iter().cmp(other.subtokens.iter())
    }
}

impl PartialOrd for Token {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Token {
        Token::parse(s).unwrap()
    }

    #[test]
    fn ordering_table() {
        let ascending = [
            ("3", "4"),
            ("01", "1"),
            ("001", "01"),
            ("0", "00"),
            ("beta", "1"),
            ("alpha3", "alpha4"),
            ("alpha", "alpha3"),
            ("gamma33", "33gamma"),
            ("A", "_"),
            ("_", "a"),
            ("1", "1_"),
            ("1_", "1a"),
            ("9", "10"),
            ("99999999999999999999999", "100000000000000000000000"),
        ];
        for (a, b) in ascending {
            assert!(t(a) < t(b), "{a} < {b}");
            assert!(t(b) > t(a), "{b} > {a}");
        }
    }

    #[test]
    fn next_appends_underscore() {
        assert_eq!(t("1").next().as_str(), "1_");
        assert_eq!(t("1a").next().as_str(), "1a_");
        assert_eq!(t("1_").next().as_str(), "1__");
        assert!(t("1").next() > t("1Azz"));
        assert!(t("1").next() < t("1a"));
        assert_eq!(t("1a").next().subtokens().len(), 2);
    }

    #[test]
    fn rejects_bad_text() {
        assert!(Token::parse("").is_none());
        assert!(Token::parse("1.2").is_none());
        assert!(Token::parse("é").is_none());
    }
}
