//! Token types produced by the lexer and consumed by the statement analyser.

use super::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    Name,
    Number,
    /// A string literal; the index points into [`Lexed::strings`](super::lexer::Lexed).
    Str(u32),
    Op,
    Newline,
    Indent,
    Dedent,
    /// Marks where lexing stopped because of a syntax error.
    Invalid,
    End,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub kind: TokKind,
    pub span: Span,
}

impl Token {
    pub(crate) fn text<'a>(&self, src: &'a str) -> &'a str {
        self.span.text(src)
    }

    pub(crate) fn is_op(&self, src: &str, op: &str) -> bool {
        self.kind == TokKind::Op && self.text(src) == op
    }

    pub(crate) fn is_name(&self, src: &str, name: &str) -> bool {
        self.kind == TokKind::Name && self.text(src) == name
    }
}

/// The decoded value of one string-literal token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum StrValue {
    Text(String),
    Bytes(Vec<u8>),
    /// An f-string or t-string: its value is computed at run time.
    Format,
    /// A literal whose value this reader cannot reproduce exactly (the reason is given).
    Unsupported(&'static str),
}

#[derive(Clone, Debug)]
pub(crate) struct StrLit {
    pub value: StrValue,
    /// Bare names referenced inside f-string replacement fields.
    pub names: Vec<Span>,
}

/// Python 3's hard keywords (soft keywords such as `match` are ordinary names here).
pub(crate) fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}
