//! Walks the top-level statements and records what each binds, with Python's last-binding-wins rule.
//!
//! Only simple `name = <literal>` statements (and unpacking of literal tuples) at
//! top level produce literal fields. Every other way of binding a name makes it
//! computed: `def`/`class`, imports, augmented assignment, assignments inside
//! compound statements, `:=`, `global` in functions, `exec`/`globals()`/wildcard
//! imports, and in-place modification of a mutable literal (any later top-level
//! use of a list/dict/set-valued field, directly or through a called function).

use super::bindings::Bindings;
use super::error::SyntaxError;
use super::lexer::Lexed;
use super::package::{Computed, ComputedKind, Evaluation, Field, Statement};
use super::span::Span;
use super::statement::Cx;
use super::token::{StrLit, TokKind, Token};
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    pub depth: u32,
    pub broken: bool,
}

fn split_lines(toks: &[Token]) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut depth = 0u32;
    let mut current: Option<Line> = None;
    for (i, t) in toks.iter().enumerate() {
        match t.kind {
            TokKind::Indent => depth += 1,
            TokKind::Dedent => depth = depth.saturating_sub(1),
            TokKind::Newline | TokKind::End => {
                if let Some(mut line) = current.take() {
                    line.end = i;
                    lines.push(line);
                }
                if t.kind == TokKind::End {
                    break;
                }
            }
            _ => {
                let line = current.get_or_insert(Line {
                    start: i,
                    end: i,
                    depth,
                    broken: false,
                });
                if t.kind == TokKind::Invalid {
                    line.broken = true;
                }
            }
        }
    }
    lines
}

pub(crate) struct Analysis {
    pub fields: Vec<Field>,
    pub overridden: Vec<Field>,
    pub errors: Vec<SyntaxError>,
    pub statements: Vec<Statement>,
}

/// Reads the statements of `lexed`; with `outline`, also lists the top-level statements.
pub(crate) fn analyze(src: &str, lexed: &Lexed, outline: bool) -> Analysis {
    let mut a = Analyzer {
        cx: Cx {
            toks: &lexed.tokens,
            src,
        },
        strings: &lexed.strings,
        lines: split_lines(&lexed.tokens),
        b: Bindings::default(),
        errors: Vec::new(),
        expanded: HashMap::new(),
        early: Vec::new(),
        preprocess: None,
        scopes: Vec::new(),
        statements: Vec::new(),
        outline,
    };
    let n = a.lines.len();
    a.walk(0, n, None);
    a.after_load();
    let (fields, overridden) = a.b.finish();
    Analysis {
        fields,
        overridden,
        errors: a.errors,
        statements: a.statements,
    }
}

pub(super) struct Analyzer<'a> {
    pub cx: Cx<'a>,
    pub strings: &'a [StrLit],
    pub lines: Vec<Line>,
    pub b: Bindings,
    pub errors: Vec<SyntaxError>,
    /// Bindings version at the last expansion of each called function.
    pub expanded: HashMap<usize, u64>,
    /// `@early` functions, by name, with their `def` span: rez calls them after running the file.
    pub early: Vec<(String, Span)>,
    /// The package's own `preprocess` function, which rez's developer loading runs last.
    pub preprocess: Option<Span>,
    /// Attributes set through rez's `scope("name")`, with the span of the call.
    pub scopes: Vec<(String, Span)>,
    pub statements: Vec<Statement>,
    /// Whether to list the top-level statements (editors' outlines; the solver needs none).
    pub outline: bool,
}

pub(super) fn computed(kind: ComputedKind, reason: String, span: Span) -> Computed {
    Computed {
        kind,
        reason,
        span,
        evaluation: Evaluation::Load,
    }
}

impl<'a> Analyzer<'a> {
    pub(super) fn span(&self, i: usize) -> Span {
        self.cx.toks.get(i).map(|t| t.span).unwrap_or_default()
    }

    pub(super) fn range_span(&self, a: usize, b: usize) -> Span {
        if b <= a {
            let p = self.span(a).start;
            return Span::new(p, p);
        }
        let (start, end) = (self.span(a), self.span(b - 1));
        if end.end.offset < start.start.offset {
            return Span::new(start.start, start.start); // defensive: never reversed
        }
        start.to(end)
    }

    pub(super) fn line_no(&self, i: usize) -> u32 {
        self.span(i).human_line()
    }

    pub(super) fn block_end(&self, k: usize) -> usize {
        let depth = self.lines[k].depth;
        let mut j = k + 1;
        while j < self.lines.len() && self.lines[j].depth > depth {
            j += 1;
        }
        j
    }

    // ----- statement dispatch -------------------------------------------------

    /// Processes lines `[from, to)`. `cond` is `None` at top level, or describes the
    /// enclosing compound statement (everything bound there is computed).
    pub(super) fn walk(&mut self, from: usize, to: usize, cond: Option<&str>) {
        let mut k = from;
        let mut decorators: Vec<usize> = Vec::new();
        while k < to {
            let line = self.lines[k];
            let end = self.block_end(k).min(to);
            if line.broken {
                self.broken(line);
                k = end;
                continue;
            }
            let kw_at = if self.cx.is_name(line.start, "async") {
                line.start + 1
            } else {
                line.start
            };
            let kw = self.cx.text(kw_at);
            if self.cx.is_op(line.start, "@") {
                self.reads(line.start + 1, line.end, cond);
                decorators.push(k);
                k += 1;
                continue;
            }
            if matches!(kw, "def" | "class") {
                self.definition(k, end, &decorators, cond);
                decorators.clear();
                k = end;
                continue;
            }
            decorators.clear();
            if let Some(colon) = self.compound_colon(line, kw) {
                let owned;
                let desc = match cond {
                    Some(c) => c,
                    None => {
                        owned = format!(
                            "inside the `{kw}` statement at line {}",
                            self.line_no(kw_at)
                        );
                        &owned
                    }
                };
                self.header(kw_at, colon, desc);
                self.simple_statements(colon + 1, line.end, Some(desc));
                if cond.is_some() {
                    k += 1;
                } else {
                    self.walk(k + 1, end, Some(desc));
                    k = end;
                }
                continue;
            }
            self.simple_statements(line.start, line.end, cond);
            k = if cond.is_some() { k + 1 } else { end };
        }
    }

    /// The header colon if `line` is a compound statement (`if`, `for`, `with`, ...).
    pub(super) fn compound_colon(&self, line: Line, kw: &str) -> Option<usize> {
        let colon = self.cx.find_depth0_op(line.start, line.end, &[":"]);
        match kw {
            "if" | "elif" | "else" | "while" | "for" | "try" | "except" | "finally" | "with" => {
                colon
            }
            "match" | "case" => {
                let colon = colon?;
                let next = line.start + 1;
                let starts_expr =
                    !matches!(self.cx.text(next), "=" | "." | ":" | "," | ")" | "]" | "}")
                        || self
                            .cx
                            .toks
                            .get(next)
                            .is_some_and(|t| t.kind != TokKind::Op);
                let assigns = self.cx.find_depth0_op(line.start, colon, &["="]).is_some();
                (starts_expr && !assigns && next < colon).then_some(colon)
            }
            _ if self.cx.is_op(line.end.wrapping_sub(1), ":") => colon,
            _ => None,
        }
    }

    /// A line with a syntax error: an assignment there makes its target unknown.
    pub(super) fn broken(&mut self, line: Line) {
        if self
            .cx
            .toks
            .get(line.start)
            .is_some_and(|t| t.kind == TokKind::Name)
            && self.cx.is_op(line.start + 1, "=")
        {
            let reason = "its statement has a syntax error".to_string();
            let c = computed(ComputedKind::Invalid, reason, self.span(line.start));
            self.bind_computed(line.start, c);
        }
    }

    pub(super) fn simple_statements(&mut self, a: usize, b: usize, cond: Option<&str>) {
        for (s, e) in self.cx.split_depth0(a, b, ";") {
            if s < e {
                self.simple(s, e, cond);
            }
        }
    }

    pub(super) fn simple(&mut self, a: usize, b: usize, cond: Option<&str>) {
        match self.cx.text(a) {
            "import" => self.import(a, b, cond),
            "from" => self.import_from(a, b, cond),
            "del" => self.del(a, b, cond),
            "global" | "nonlocal" | "pass" | "break" | "continue" => {}
            _ => self.assignment_or_expression(a, b, cond),
        }
    }
}
