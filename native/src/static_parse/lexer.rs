//! Python tokenizer: logical lines, indentation, brackets, names, numbers, strings and operators.
//!
//! Follows CPython's tokenizer closely enough to find statement boundaries in any
//! valid Python 3 file and to report lexical errors with exact positions. Lexing
//! stops at the first error (as Python does); the token stream is then closed with
//! an `Invalid` token, a `Newline`, the pending `Dedent`s and `End`.

use super::error::SyntaxError;
use super::ident::{is_id_continue, is_id_start, is_non_printable};
use super::lex_number::scan_number;
use super::lex_string::{looks_like_prefix, parse_prefix, scan_string, Prefix, StrError};
use super::span::{PosCursor, Position, Span};
use super::token::{StrLit, TokKind, Token};

/// CPython's limit on nested brackets ("too many nested parentheses").
pub(crate) const MAX_BRACKET_DEPTH: usize = 200;
/// CPython's limit on indentation levels ("too many levels of indentation").
pub(crate) const MAX_INDENT_LEVELS: usize = 100;

pub(crate) struct Lexed {
    pub tokens: Vec<Token>,
    pub strings: Vec<StrLit>,
    pub error: Option<SyntaxError>,
}

pub(crate) fn lex(src: &str) -> Lexed {
    // Python rejects NUL anywhere (even in strings and comments) before tokenizing:
    // lex the text before it and report the NUL as the error.
    match src.bytes().position(|c| c == 0) {
        None => Lexer::new(src).run(None),
        Some(nul) => {
            let start = PosCursor::new(src.as_bytes()).at(nul);
            let end = Position {
                offset: nul + 1,
                column: start.column + 1,
                ..start
            };
            let error = SyntaxError {
                message: "source code cannot contain null bytes".into(),
                span: Span::new(start, end),
            };
            Lexer::new(&src[..nul]).run(Some(error))
        }
    }
}

const OPS3: [&[u8]; 5] = [b"**=", b"//=", b">>=", b"<<=", b"..."];
const OPS2: [&[u8]; 19] = [
    b"**", b"//", b">>", b"<<", b"<=", b">=", b"==", b"!=", b"->", b"+=", b"-=", b"*=", b"/=",
    b"%=", b"&=", b"|=", b"^=", b"@=", b":=",
];
const OPS1: &[u8] = b"+-*/%@&|^~<>()[]{},:;.=";

struct Lexer<'s> {
    src: &'s str,
    b: &'s [u8],
    i: usize,
    cur: PosCursor<'s>,
    tokens: Vec<Token>,
    strings: Vec<StrLit>,
    brackets: Vec<(u8, Span)>,
    /// Indentation stack as (column with tabs to 8, column with tabs as 1).
    indents: Vec<(u32, u32)>,
    at_line_start: bool,
    /// Index of the first token of the current logical line, if it has started.
    line_first: Option<usize>,
    /// Set after a logical line ending in `:`: description and 1-based line of the header.
    pending_block: Option<(String, u32)>,
}

type Step = Result<(), SyntaxError>;

impl<'s> Lexer<'s> {
    fn new(src: &'s str) -> Self {
        Lexer {
            src,
            b: src.as_bytes(),
            i: 0,
            cur: PosCursor::new(src.as_bytes()),
            tokens: Vec::with_capacity(src.len() / 6 + 8),
            strings: Vec::with_capacity(src.len() / 24 + 4),
            brackets: Vec::new(),
            indents: vec![(0, 0)],
            at_line_start: true,
            line_first: None,
            pending_block: None,
        }
    }

    /// Lexes everything; `forced` replaces whatever error lexing finds (or adds one).
    fn run(mut self, forced: Option<SyntaxError>) -> Lexed {
        if self.src.starts_with('\u{feff}') {
            self.i = 3;
        }
        let found = self.main_loop().err();
        let error = forced.or(found);
        let close_at = match &error {
            Some(e) => {
                self.tokens.push(Token {
                    kind: TokKind::Invalid,
                    span: e.span,
                });
                Span::new(e.span.start, e.span.start)
            }
            None => {
                let p = self.cur.at(self.b.len());
                Span::new(p, p)
            }
        };
        if self.line_first.is_some() || error.is_some() {
            self.tokens.push(Token {
                kind: TokKind::Newline,
                span: close_at,
            });
        }
        for _ in 1..self.indents.len() {
            self.tokens.push(Token {
                kind: TokKind::Dedent,
                span: close_at,
            });
        }
        self.tokens.push(Token {
            kind: TokKind::End,
            span: close_at,
        });
        Lexed {
            tokens: self.tokens,
            strings: self.strings,
            error,
        }
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn error(&mut self, message: impl Into<String>, start: usize, end: usize) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span: self.cur.span(start, end),
        }
    }

    fn push(&mut self, kind: TokKind, start: usize, end: usize) {
        let span = self.cur.span(start, end);
        self.push_span(kind, span);
    }

    fn push_span(&mut self, kind: TokKind, span: Span) {
        if self.line_first.is_none()
            && !matches!(kind, TokKind::Indent | TokKind::Dedent | TokKind::Newline)
        {
            self.line_first = Some(self.tokens.len());
        }
        self.tokens.push(Token { kind, span });
    }

    fn main_loop(&mut self) -> Step {
        loop {
            if self.at_line_start {
                self.at_line_start = false;
                self.indentation()?;
            }
            while matches!(self.at(self.i), b' ' | b'\t' | 0x0c) {
                self.i += 1;
            }
            if self.i >= self.b.len() {
                return self.eof();
            }
            let c = self.b[self.i];
            match c {
                b'#' => {
                    while !matches!(self.at(self.i), b'\n' | b'\r') && self.i < self.b.len() {
                        self.i += 1;
                    }
                }
                b'\n' | b'\r' => {
                    let start = self.i;
                    self.i += if c == b'\r' && self.at(self.i + 1) == b'\n' {
                        2
                    } else {
                        1
                    };
                    self.newline(start);
                }
                b'\\' => {
                    let start = self.i;
                    match self.at(self.i + 1) {
                        b'\n' => self.i += 2,
                        b'\r' => self.i += if self.at(self.i + 2) == b'\n' { 3 } else { 2 },
                        _ if self.i + 1 >= self.b.len() => {
                            return Err(self.error(
                                "unexpected EOF while parsing",
                                start,
                                start + 1,
                            ))
                        }
                        _ => {
                            return Err(self.error(
                                "unexpected character after line continuation character",
                                start,
                                start + 1,
                            ))
                        }
                    }
                    if self.i >= self.b.len() {
                        return Err(self.error("unexpected EOF while parsing", start, self.i));
                    }
                }
                b'0'..=b'9' => self.number()?,
                b'.' if self.at(self.i + 1).is_ascii_digit() => self.number()?,
                b'\'' | b'"' => self.string(self.i, self.i, Prefix::default())?,
                _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => self.name()?,
                _ => self.operator()?,
            }
        }
    }

    /// Measures the indentation of a new physical line outside brackets and emits
    /// `Indent`/`Dedent` tokens for non-blank lines.
    fn indentation(&mut self) -> Step {
        let (mut col, mut alt) = (0u32, 0u32);
        // As in CPython, indentation is not split over physical lines: the column of
        // the first backslash continuation (when non-zero) is the line's indentation.
        let mut cont: Option<(u32, u32)> = None;
        let mut j = self.i;
        loop {
            match self.at(j) {
                b' ' => {
                    col = col.saturating_add(1);
                    alt = alt.saturating_add(1);
                }
                b'\t' => {
                    col = (col / 8).saturating_add(1).saturating_mul(8);
                    alt = alt.saturating_add(1);
                }
                0x0c => {
                    col = 0;
                    alt = 0;
                }
                b'\\' => {
                    let nl = match (self.at(j + 1), self.at(j + 2)) {
                        (b'\r', b'\n') => 3,
                        (b'\n', _) | (b'\r', _) => 2,
                        _ => break,
                    };
                    if j + nl >= self.b.len() {
                        break; // the main loop reports the EOF
                    }
                    if cont.is_none() && col != 0 {
                        cont = Some((col, col));
                    }
                    j += nl;
                    continue;
                }
                _ => break,
            }
            j += 1;
        }
        if let Some((c, a)) = cont {
            (col, alt) = (c, a);
        }
        if j >= self.b.len() || matches!(self.b[j], b'#' | b'\n' | b'\r') {
            return Ok(()); // blank or comment-only line
        }
        let ws_start = self.i;
        self.i = j;
        let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
        let pending = self.pending_block.take();
        let tab_error = |lx: &mut Self| {
            lx.error(
                "inconsistent use of tabs and spaces in indentation",
                ws_start,
                j,
            )
        };
        if col > top {
            if alt <= top_alt {
                return Err(tab_error(self));
            }
            if pending.is_none() {
                return Err(self.error("unexpected indent", ws_start, j));
            }
            if self.indents.len() > MAX_INDENT_LEVELS {
                return Err(self.error("too many levels of indentation", ws_start, j));
            }
            self.indents.push((col, alt));
            self.push(TokKind::Indent, ws_start, j);
            return Ok(());
        }
        if let Some((what, line)) = pending {
            return Err(self.error(
                format!("expected an indented block after {what} on line {line}"),
                j,
                j,
            ));
        }
        if col == top {
            if alt != top_alt {
                return Err(tab_error(self));
            }
            return Ok(());
        }
        while self.indents.len() > 1 && col < self.indents.last().map_or(0, |t| t.0) {
            self.indents.pop();
            self.push(TokKind::Dedent, j, j);
        }
        let (top, top_alt) = *self.indents.last().unwrap_or(&(0, 0));
        if col != top {
            return Err(self.error(
                "unindent does not match any outer indentation level",
                ws_start,
                j,
            ));
        }
        if alt != top_alt {
            return Err(tab_error(self));
        }
        Ok(())
    }

    fn newline(&mut self, start: usize) {
        if !self.brackets.is_empty() {
            return;
        }
        self.at_line_start = true;
        let Some(first) = self.line_first.take() else {
            return;
        };
        let ends_with_colon = self.tokens.last().is_some_and(|t| t.is_op(self.src, ":"));
        if ends_with_colon {
            let first_tok = self.tokens[first];
            let mut word = first_tok.text(self.src);
            if word == "async" {
                word = self
                    .tokens
                    .get(first + 1)
                    .map_or(word, |t| t.text(self.src));
            }
            let what = match word {
                "def" => "function definition".to_string(),
                "class" => "class definition".to_string(),
                "if" | "elif" | "else" | "for" | "while" | "try" | "except" | "finally"
                | "with" | "match" | "case" => format!("'{word}' statement"),
                _ => "':'".to_string(),
            };
            self.pending_block = Some((what, first_tok.span.human_line()));
        }
        self.push(TokKind::Newline, start, self.i);
    }

    fn eof(&mut self) -> Step {
        if let Some(&(c, span)) = self.brackets.last() {
            return Err(SyntaxError {
                message: format!("'{}' was never closed", c as char),
                span,
            });
        }
        let end = self.b.len();
        if self.line_first.is_some() {
            self.newline(end);
        }
        if let Some((what, line)) = self.pending_block.take() {
            return Err(self.error(
                format!("expected an indented block after {what} on line {line}"),
                end,
                end,
            ));
        }
        Ok(())
    }

    fn number(&mut self) -> Step {
        let start = self.i;
        match scan_number(self.b, start) {
            Ok(end) => {
                self.i = end;
                self.push(TokKind::Number, start, end);
                Ok(())
            }
            Err(e) => Err(self.error(e.message, e.start, e.end.min(self.b.len()))),
        }
    }

    fn name(&mut self) -> Step {
        let start = self.i;
        let mut j = start;
        while j < self.b.len() {
            let c = self.b[j];
            if c.is_ascii_alphanumeric() || c == b'_' {
                j += 1;
                continue;
            }
            if c < 0x80 {
                break;
            }
            let Some(ch) = self.src.get(j..).and_then(|s| s.chars().next()) else {
                break;
            };
            let ok = if j == start {
                is_id_start(ch)
            } else {
                is_id_continue(ch)
            };
            if ok {
                j += ch.len_utf8();
                continue;
            }
            if j == start || is_non_printable(ch) {
                let message = if is_non_printable(ch) {
                    format!("invalid non-printable character U+{:04X}", ch as u32)
                } else {
                    format!("invalid character '{ch}' (U+{:04X})", ch as u32)
                };
                return Err(self.error(message, j, j + ch.len_utf8()));
            }
            break;
        }
        if j < self.b.len() && !self.b[j].is_ascii() {
            // A name followed directly by a non-identifier, non-ASCII character.
            if let Some(ch) = self.src.get(j..).and_then(|s| s.chars().next()) {
                return Err(self.error(
                    format!("invalid character '{ch}' (U+{:04X})", ch as u32),
                    j,
                    j + ch.len_utf8(),
                ));
            }
        }
        if matches!(self.at(j), b'\'' | b'"') {
            let word = &self.b[start..j];
            if let Some(prefix) = parse_prefix(word) {
                return self.string(start, j, prefix);
            }
            if looks_like_prefix(word) {
                return Err(self.error("invalid string prefix", start, j));
            }
        }
        self.i = j;
        self.push(TokKind::Name, start, j);
        Ok(())
    }

    fn string(&mut self, start: usize, quote: usize, prefix: Prefix) -> Step {
        match scan_string(self.src, start, quote, prefix) {
            Ok((scan, names)) => {
                let start_pos = self.cur.at(start);
                let names = names
                    .into_iter()
                    .map(|(s, e)| self.cur.span(s, e))
                    .collect();
                let end_pos = self.cur.at(scan.end);
                let index = self.strings.len() as u32;
                self.strings.push(StrLit {
                    value: scan.value,
                    names,
                });
                self.push_span(TokKind::Str(index), Span::new(start_pos, end_pos));
                self.i = scan.end;
                Ok(())
            }
            Err(StrError::Other {
                message,
                start,
                end,
            }) => Err(self.error(message, start, end.min(self.b.len()))),
            Err(StrError::Unterminated {
                triple,
                start,
                open_end,
                detected_at,
            }) => {
                let span = self.cur.span(start, open_end);
                let line = self.cur.at(detected_at).line + 1;
                let what = if triple {
                    "unterminated triple-quoted string literal"
                } else {
                    "unterminated string literal"
                };
                Err(SyntaxError {
                    message: format!("{what} (detected at line {line})"),
                    span,
                })
            }
        }
    }

    fn operator(&mut self) -> Step {
        let start = self.i;
        let rest = &self.b[start..];
        let len = if OPS3.iter().any(|op| rest.starts_with(op)) {
            3
        } else if OPS2.iter().any(|op| rest.starts_with(op)) {
            2
        } else if OPS1.contains(&rest[0]) {
            1
        } else {
            let c = rest[0];
            let message = match c {
                b'!' => "invalid syntax".to_string(),
                _ if c.is_ascii_control() => format!("invalid non-printable character U+{:04X}", c),
                _ => "invalid syntax".to_string(),
            };
            return Err(self.error(message, start, start + 1));
        };
        let c = rest[0];
        self.i = start + len;
        if len == 1 && matches!(c, b'(' | b'[' | b'{') {
            if self.brackets.len() >= MAX_BRACKET_DEPTH {
                return Err(self.error("too many nested parentheses", start, start + 1));
            }
            self.push(TokKind::Op, start, start + 1);
            let span = self.tokens.last().map(|t| t.span).unwrap_or_default();
            self.brackets.push((c, span));
            return Ok(());
        }
        if len == 1 && matches!(c, b')' | b']' | b'}') {
            let Some((open, open_span)) = self.brackets.pop() else {
                return Err(self.error(format!("unmatched '{}'", c as char), start, start + 1));
            };
            let want = match open {
                b'(' => b')',
                b'[' => b']',
                _ => b'}',
            };
            if c != want {
                let here = self.cur.at(start);
                let mut message = format!(
                    "closing parenthesis '{}' does not match opening parenthesis '{}'",
                    c as char, open as char
                );
                if here.line != open_span.start.line {
                    message.push_str(&format!(" on line {}", open_span.human_line()));
                }
                return Err(self.error(message, start, start + 1));
            }
        }
        self.push(TokKind::Op, start, start + len);
        Ok(())
    }
}
