//! Parses a token slice as a Python literal expression (the forms `ast.literal_eval` accepts).

use super::literal::{Literal, LiteralKind};
use super::number_value::{number_value, NumberProblem, NumberValue};
use super::span::Span;
use super::token::{is_keyword, StrLit, StrValue, TokKind, Token};

/// Defensive recursion cap; the lexer already limits brackets to the same depth.
pub(crate) const MAX_LITERAL_DEPTH: usize = 200;

/// Why a value is not a literal. `is_error` marks definite Python syntax errors.
#[derive(Clone, Debug)]
pub(crate) struct NotLiteral {
    pub reason: String,
    pub span: Span,
    pub is_error: bool,
}

/// Parses `toks` as one literal; `fallback` locates errors when `toks` is empty.
pub(crate) fn parse_literal(
    toks: &[Token],
    strings: &[StrLit],
    src: &str,
    fallback: Span,
) -> Result<Literal, NotLiteral> {
    let mut p = Parser {
        toks,
        strings,
        src,
        i: 0,
        fallback,
    };
    p.top()
}

struct Parser<'a> {
    toks: &'a [Token],
    strings: &'a [StrLit],
    src: &'a str,
    i: usize,
    fallback: Span,
}

fn computed(reason: impl Into<String>, span: Span) -> NotLiteral {
    NotLiteral {
        reason: reason.into(),
        span,
        is_error: false,
    }
}

fn syntax(reason: impl Into<String>, span: Span) -> NotLiteral {
    NotLiteral {
        reason: reason.into(),
        span,
        is_error: true,
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a Token> {
        self.toks.get(self.i)
    }

    fn peek_op(&self, op: &str) -> bool {
        self.peek().is_some_and(|t| t.is_op(self.src, op))
    }

    fn end_span(&self) -> Span {
        let p = self.toks.last().map_or(self.fallback.end, |t| t.span.end);
        Span::new(p, p)
    }

    fn top(&mut self) -> Result<Literal, NotLiteral> {
        if self.toks.is_empty() {
            return Err(syntax("invalid syntax", self.end_span()));
        }
        let first = self.expr(0)?;
        let value = if self.peek_op(",") {
            let mut items = vec![first];
            let mut end = items[0].span;
            while self.peek_op(",") {
                end = self.toks[self.i].span;
                self.i += 1;
                if self.peek().is_none() {
                    break;
                }
                let item = self.expr(0)?;
                end = item.span;
                items.push(item);
            }
            let span = items[0].span.to(end);
            Literal {
                kind: LiteralKind::Tuple(items),
                span,
            }
        } else {
            first
        };
        match self.peek() {
            None => Ok(value),
            Some(t) if t.is_op(self.src, ":") || t.is_op(self.src, ")") => {
                Err(syntax("invalid syntax", t.span))
            }
            Some(t) => Err(self.describe_follow(t)),
        }
    }

    /// Parses one element (no bare tuple) and checks what follows it.
    fn expr(&mut self, depth: usize) -> Result<Literal, NotLiteral> {
        if depth > MAX_LITERAL_DEPTH {
            let span = self.peek().map_or_else(|| self.end_span(), |t| t.span);
            return Err(syntax("too many nested parentheses", span));
        }
        let mut value = self.atom(depth)?;
        loop {
            let Some(next) = self.peek() else {
                return Ok(value);
            };
            let text = next.text(self.src);
            if next.kind == TokKind::Op && matches!(text, "," | ")" | "]" | "}" | ":") {
                return Ok(value);
            }
            if next.kind == TokKind::Op && (text == "+" || text == "-") {
                if let Some(c) = self.complex_sum(&value, text == "-") {
                    return Ok(c);
                }
            }
            if next.kind == TokKind::Op && text == "+" && concatenable(&value.kind) {
                // `+` binds looser than everything a literal operand can be followed by
                // (calls, attributes, `*`, `%`): such an operand stops the loop below.
                self.i += 1;
                let right = self.atom(depth)?;
                value = concat(value, right, next.span)?;
                continue;
            }
            return Err(self.describe_follow(next));
        }
    }

    /// `real + imag` / `real - imag`, which `literal_eval` accepts.
    fn complex_sum(&mut self, left: &Literal, minus: bool) -> Option<Literal> {
        let re = match &left.kind {
            LiteralKind::Int(s) => s.parse::<f64>().ok()?,
            LiteralKind::Float(f) => *f,
            _ => return None,
        };
        let right = self.toks.get(self.i + 1)?;
        if right.kind != TokKind::Number {
            return None;
        }
        let Ok(NumberValue::Imaginary(im)) = number_value(right.text(self.src)) else {
            return None;
        };
        if let Some(after) = self.toks.get(self.i + 2) {
            let t = after.text(self.src);
            if !(after.kind == TokKind::Op && matches!(t, "," | ")" | "]" | "}" | ":")) {
                return None;
            }
        }
        self.i += 2;
        let im = if minus { -im } else { im };
        Some(Literal {
            kind: LiteralKind::Complex { re, im },
            span: left.span.to(right.span),
        })
    }

    fn describe_follow(&self, t: &Token) -> NotLiteral {
        let text = t.text(self.src);
        let after_value = self.i > 0;
        match t.kind {
            TokKind::Number | TokKind::Str(_) if after_value => {
                syntax("invalid syntax. Perhaps you forgot a comma?", t.span)
            }
            TokKind::Name if after_value && !is_keyword(text) => {
                syntax("invalid syntax. Perhaps you forgot a comma?", t.span)
            }
            TokKind::Name => match text {
                "if" => computed("it is a conditional expression", t.span),
                "for" | "async" => computed("it is a comprehension", t.span),
                _ => computed(format!("it uses `{text}`"), t.span),
            },
            TokKind::Op => match text {
                "(" => computed("it calls a function", t.span),
                "[" => computed("it subscripts a value", t.span),
                "." => {
                    let attr = self
                        .toks
                        .get(self.i + 1)
                        .filter(|a| a.kind == TokKind::Name);
                    let called = self
                        .toks
                        .get(self.i + 2)
                        .is_some_and(|c| c.is_op(self.src, "("));
                    match attr {
                        Some(a) if called => {
                            computed(format!("it calls `.{}()`", a.text(self.src)), t.span)
                        }
                        Some(a) => computed(format!("it reads `.{}`", a.text(self.src)), t.span),
                        None => computed("it reads an attribute", t.span),
                    }
                }
                "%" => computed("it formats a string with `%`", t.span),
                "=" | ":=" => computed("it contains an assignment expression", t.span),
                _ => computed(format!("it uses the `{text}` operator"), t.span),
            },
            _ => syntax("invalid syntax", t.span),
        }
    }

    fn atom(&mut self, depth: usize) -> Result<Literal, NotLiteral> {
        let Some(t) = self.peek() else {
            return Err(syntax("invalid syntax", self.end_span()));
        };
        let text = t.text(self.src);
        match t.kind {
            TokKind::Str(_) => self.strings_concat(),
            TokKind::Number => {
                self.i += 1;
                self.number(t)
            }
            TokKind::Name => {
                self.i += 1;
                let kind = match text {
                    "True" => LiteralKind::Bool(true),
                    "False" => LiteralKind::Bool(false),
                    "None" => LiteralKind::None,
                    "lambda" => return Err(computed("it is a lambda", t.span)),
                    "not" | "await" | "yield" => {
                        return Err(computed(format!("it uses `{text}`"), t.span))
                    }
                    _ => return Err(computed(format!("it refers to the name `{text}`"), t.span)),
                };
                Ok(Literal { kind, span: t.span })
            }
            TokKind::Op => match text {
                "..." => {
                    self.i += 1;
                    Ok(Literal {
                        kind: LiteralKind::Ellipsis,
                        span: t.span,
                    })
                }
                "-" | "+" => self.signed(t, text == "-", depth),
                "(" | "[" | "{" => self.display(t, depth + 1),
                "*" | "**" => Err(computed("it unpacks a value with `*`", t.span)),
                _ => Err(syntax("invalid syntax", t.span)),
            },
            _ => Err(syntax("invalid syntax", t.span)),
        }
    }

    fn number(&self, t: &Token) -> Result<Literal, NotLiteral> {
        let kind = match number_value(t.text(self.src)) {
            Ok(NumberValue::Int(s)) => LiteralKind::Int(s),
            Ok(NumberValue::Float(f)) => LiteralKind::Float(f),
            Ok(NumberValue::Imaginary(im)) => LiteralKind::Complex { re: 0.0, im },
            Err(NumberProblem::Error(m)) => return Err(syntax(m, t.span)),
            Err(NumberProblem::Unsupported(m)) => return Err(computed(m, t.span)),
        };
        Ok(Literal { kind, span: t.span })
    }

    /// `-x` / `+x` where `x` is a plain (possibly parenthesised) number.
    fn signed(&mut self, sign: &Token, minus: bool, depth: usize) -> Result<Literal, NotLiteral> {
        self.i += 1;
        let operand_is_number = |p: &Self| {
            let mut j = p.i;
            while p.toks.get(j).is_some_and(|t| t.is_op(p.src, "(")) {
                j += 1;
            }
            p.toks.get(j).is_some_and(|t| t.kind == TokKind::Number)
        };
        if !operand_is_number(self) {
            let span = self.peek().map_or(sign.span, |t| sign.span.to(t.span));
            return Err(computed(
                format!("it applies unary `{}` to a non-number", sign.text(self.src)),
                span,
            ));
        }
        let inner = self.atom(depth + 1)?;
        let kind = match inner.kind {
            LiteralKind::Int(s) if minus => {
                LiteralKind::Int(if s == "0" { s } else { format!("-{s}") })
            }
            LiteralKind::Float(f) if minus => LiteralKind::Float(-f),
            LiteralKind::Complex { re, im } if minus => LiteralKind::Complex { re: -re, im: -im },
            k @ (LiteralKind::Int(_) | LiteralKind::Float(_) | LiteralKind::Complex { .. }) => k,
            _ => {
                return Err(computed(
                    "it applies a unary operator to a non-number",
                    sign.span.to(inner.span),
                ))
            }
        };
        Ok(Literal {
            kind,
            span: sign.span.to(inner.span),
        })
    }

    /// One or more adjacent string tokens (implicit concatenation).
    fn strings_concat(&mut self) -> Result<Literal, NotLiteral> {
        let first = self.toks[self.i].span;
        let mut last = first;
        let mut text: Option<String> = None;
        let mut bytes: Option<Vec<u8>> = None;
        let mut problem: Option<NotLiteral> = None;
        while let Some(t) = self.peek() {
            let TokKind::Str(idx) = t.kind else { break };
            self.i += 1;
            last = t.span;
            let value = self.strings.get(idx as usize).map(|s| &s.value);
            match value {
                Some(StrValue::Text(s)) => text.get_or_insert_with(String::new).push_str(s),
                Some(StrValue::Bytes(b)) => bytes.get_or_insert_with(Vec::new).extend_from_slice(b),
                Some(StrValue::Format) => {
                    text.get_or_insert_with(String::new);
                    problem.get_or_insert_with(|| computed("it is an f-string", t.span));
                }
                Some(StrValue::Unsupported(why)) => {
                    text.get_or_insert_with(String::new);
                    problem.get_or_insert_with(|| computed(*why, t.span));
                }
                None => return Err(syntax("invalid syntax", t.span)),
            }
        }
        let span = first.to(last);
        if text.is_some() && bytes.is_some() {
            return Err(syntax("cannot mix bytes and nonbytes literals", span));
        }
        if let Some(p) = problem {
            return Err(p);
        }
        let kind = match (text, bytes) {
            (_, Some(b)) => LiteralKind::Bytes(b),
            (t, None) => LiteralKind::Str(t.unwrap_or_default()),
        };
        Ok(Literal { kind, span })
    }

    /// `( ... )`, `[ ... ]` or `{ ... }` starting at token `open`.
    fn display(&mut self, open: &Token, depth: usize) -> Result<Literal, NotLiteral> {
        let open_text = open.text(self.src);
        let close = match open_text {
            "(" => ")",
            "[" => "]",
            _ => "}",
        };
        self.i += 1;
        let mut items: Vec<Literal> = Vec::new();
        let mut pairs: Vec<(Literal, Literal)> = Vec::new();
        let mut is_dict = open_text == "{";
        let mut saw_comma = false;
        loop {
            if self.peek_op(close) {
                break;
            }
            if self.peek().is_none() {
                return Err(syntax(format!("'{open_text}' was never closed"), open.span));
            }
            if open_text == "{" && self.peek_op("**") {
                return Err(computed(
                    "it unpacks a dict with `**`",
                    self.toks[self.i].span,
                ));
            }
            let item = self.expr(depth)?;
            let first_item = items.is_empty() && pairs.is_empty();
            if open_text == "{" && first_item {
                is_dict = self.peek_op(":");
            }
            if is_dict {
                if !self.peek_op(":") {
                    let span = self.peek().map_or(item.span, |t| t.span);
                    return Err(syntax("':' expected after dictionary key", span));
                }
                self.i += 1;
                let value = self.expr(depth)?;
                if self.peek_op(":") {
                    return Err(syntax("invalid syntax", self.toks[self.i].span));
                }
                pairs.push((item, value));
            } else {
                if self.peek_op(":") {
                    return Err(syntax("invalid syntax", self.toks[self.i].span));
                }
                items.push(item);
            }
            if self.peek_op(",") {
                saw_comma = true;
                self.i += 1;
                continue;
            }
            if !self.peek_op(close) {
                let span = self.peek().map_or_else(|| self.end_span(), |t| t.span);
                return Err(syntax("invalid syntax", span));
            }
        }
        let close_tok = &self.toks[self.i];
        self.i += 1;
        let span = open.span.to(close_tok.span);
        let kind = match open_text {
            "(" if items.len() == 1 && !saw_comma => {
                // A parenthesised expression, not a tuple: keep the inner span.
                return Ok(items.pop().unwrap_or(Literal {
                    kind: LiteralKind::None,
                    span,
                }));
            }
            "(" => LiteralKind::Tuple(items),
            "[" => LiteralKind::List(items),
            _ if is_dict => {
                if let Some((k, _)) = pairs.iter().find(|(k, _)| !k.is_hashable()) {
                    return Err(computed(
                        format!(
                            "evaluating it raises TypeError: unhashable type: '{}'",
                            k.type_name()
                        ),
                        k.span,
                    ));
                }
                LiteralKind::Dict(pairs)
            }
            _ => {
                if let Some(k) = items.iter().find(|k| !k.is_hashable()) {
                    return Err(computed(
                        format!(
                            "evaluating it raises TypeError: unhashable type: '{}'",
                            k.type_name()
                        ),
                        k.span,
                    ));
                }
                LiteralKind::Set(items)
            }
        };
        Ok(Literal { kind, span })
    }
}

/// Whether `+` on this value is sequence or string concatenation.
fn concatenable(kind: &LiteralKind) -> bool {
    matches!(
        kind,
        LiteralKind::Str(_) | LiteralKind::Bytes(_) | LiteralKind::List(_) | LiteralKind::Tuple(_)
    )
}

/// `left + right` for two literals of the same sequence or string type (Python's value).
fn concat(left: Literal, right: Literal, plus: Span) -> Result<Literal, NotLiteral> {
    let span = left.span.to(right.span);
    let kind = match (left.kind, right.kind) {
        (LiteralKind::Str(mut a), LiteralKind::Str(b)) => {
            a.push_str(&b);
            LiteralKind::Str(a)
        }
        (LiteralKind::Bytes(mut a), LiteralKind::Bytes(b)) => {
            a.extend(b);
            LiteralKind::Bytes(a)
        }
        (LiteralKind::List(mut a), LiteralKind::List(b)) => {
            a.extend(b);
            LiteralKind::List(a)
        }
        (LiteralKind::Tuple(mut a), LiteralKind::Tuple(b)) => {
            a.extend(b);
            LiteralKind::Tuple(a)
        }
        (a, b) => {
            return Err(computed(
                format!(
                    "evaluating it raises TypeError: `+` of a {} and a {}",
                    a.type_name(),
                    b.type_name()
                ),
                plus,
            ))
        }
    };
    Ok(Literal { kind, span })
}
