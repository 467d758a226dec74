//! A fast reader for the plainest package.py files: only top-level `NAME = literal` lines.
//!
//! It accepts pure-ASCII files made of blank lines, comments and assignments of a simple string
//! (no prefix, escape or triple quote), a decimal integer or a list of those (nested lists too),
//! and answers `None` ("ask the full reader") on anything else, including when a field has a type
//! the solver cannot use. On every file it accepts, the full reader gives the same answer.

use super::static_data::StaticPackage;

/// A literal the fast reader understood.
enum Value<'a> {
    Str(&'a str),
    List(Vec<Value<'a>>),
    Int,
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|c| c != b'\n') {
            self.i += 1;
        }
    }

    /// Inside brackets: spaces, newlines and comments.
    fn skip_layout(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\n') => self.i += 1,
                Some(b'#') => self.skip_comment(),
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> Option<&'a str> {
        let start = self.i;
        if !self
            .peek()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        {
            return None;
        }
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.i += 1;
        }
        let word = std::str::from_utf8(&self.b[start..self.i]).ok()?;
        (!KEYWORDS.contains(&word)).then_some(word)
    }

    fn string(&mut self) -> Option<&'a str> {
        let quote = self.peek()?;
        let start = self.i + 1;
        let len = self.b[start..].iter().position(|&c| c == quote)?;
        let body = &self.b[start..start + len];
        if body.contains(&b'\n') || (len == 0 && self.b.get(start + 1) == Some(&quote)) {
            return None; // an unterminated or triple-quoted string
        }
        self.i = start + len + 1;
        std::str::from_utf8(body).ok()
    }

    fn int(&mut self) -> Option<()> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let digits = &self.b[start..self.i];
        let plain = digits == b"0" || digits.first().is_some_and(|&c| c != b'0');
        let ends = self
            .peek()
            .is_none_or(|c| matches!(c, b' ' | b'\n' | b'#' | b',' | b']'));
        (plain && ends).then_some(())
    }

    fn list(&mut self) -> Option<Vec<Value<'a>>> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.skip_layout();
            if self.peek() == Some(b']') {
                self.i += 1;
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_layout();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    fn value(&mut self) -> Option<Value<'a>> {
        match self.peek()? {
            b'\'' | b'"' => self.string().map(Value::Str),
            b'[' => self.list().map(Value::List),
            b'0'..=b'9' => self.int().map(|()| Value::Int),
            _ => None,
        }
    }

    /// One top-level line (or an assignment spanning lines); `Some(None)` for a blank or comment.
    fn line(&mut self) -> Option<Option<(&'a str, Value<'a>)>> {
        match self.peek()? {
            b'\n' => {
                self.i += 1;
                return Some(None);
            }
            b' ' | b'#' => {
                self.skip_spaces();
                match self.peek() {
                    None => return Some(None),
                    Some(b'\n' | b'#') => {
                        self.skip_comment();
                        return Some(None);
                    }
                    Some(_) => return None, // indented code
                }
            }
            _ => {}
        }
        let name = self.ident()?;
        self.skip_spaces();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.i += 1;
        self.skip_spaces();
        let value = self.value()?;
        self.skip_spaces();
        match self.peek() {
            None | Some(b'\n') => {}
            Some(b'#') => self.skip_comment(),
            Some(_) => return None,
        }
        Some(Some((name, value)))
    }
}

fn strings(v: Value) -> Option<Vec<String>> {
    match v {
        Value::List(items) => items
            .into_iter()
            .map(|x| match x {
                Value::Str(s) if !s.contains('*') => Some(s.to_string()),
                _ => None, // a wildcard requirement: the full reader says why
            })
            .collect(),
        _ => None,
    }
}

/// The static package data of a plain file, or `None` to ask the full reader.
pub fn plain_package_data(src: &[u8]) -> Option<StaticPackage> {
    if src
        .iter()
        .any(|&c| c >= 0x80 || matches!(c, b'\\' | b'\r' | b'\t' | 0x0c | 0))
    {
        return None;
    }
    let mut r = Reader { b: src, i: 0 };
    let (mut name, mut version, mut requires, mut variants) = (None, None, None, None);
    while r.i < src.len() {
        if let Some((field, value)) = r.line()? {
            match field {
                "name" => name = Some(value),
                "version" => version = Some(value),
                "requires" => requires = Some(value),
                "variants" => variants = Some(value),
                _ => {}
            }
        }
    }
    let name = match name? {
        Value::Str(s) => s.to_string(),
        _ => return None,
    };
    let version = match version {
        None => String::new(),
        Some(Value::Str(s)) => s.to_string(),
        Some(_) => return None,
    };
    let requires = match requires {
        None => Vec::new(),
        Some(v) => strings(v)?,
    };
    let variants = match variants {
        None => Vec::new(),
        Some(Value::List(rows)) => rows.into_iter().map(strings).collect::<Option<_>>()?,
        Some(_) => return None,
    };
    Some(StaticPackage {
        name,
        version,
        requires,
        variants,
    })
}
