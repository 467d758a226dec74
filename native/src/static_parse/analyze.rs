//! Walks the top-level statements and records what each binds, with Python's last-binding-wins rule.
//!
//! Only simple `name = <literal>` statements (and unpacking of literal tuples) at
//! top level produce literal fields. Every other way of binding a name makes it
//! computed: `def`/`class`, imports, augmented assignment, assignments inside
//! compound statements, `:=`, `global` in functions, `exec`/`globals()`/wildcard
//! imports, and in-place modification of a mutable literal (any later top-level
//! use of a list/dict/set-valued field, directly or through a called function).

use super::bindings::{Bindings, FnInfo};
use super::error::SyntaxError;
use super::ident::normalize;
use super::lexer::Lexed;
use super::literal::Literal;
use super::literal_parse::{parse_literal, NotLiteral};
use super::package::{Computed, ComputedKind, Field, FieldValue};
use super::span::Span;
use super::statement::{Cx, Target};
use super::token::{StrLit, TokKind, Token};
use std::collections::HashSet;
use std::rc::Rc;

/// Builtins through which code can read or change any module variable.
const DYNAMIC_NAMES: [&str; 8] = [
    "exec", "eval", "execfile", "globals", "locals", "vars", "setattr", "delattr",
];

/// rez package attributes that dynamic code (`exec`, `import *`, ...) might set.
pub(crate) const KNOWN_FIELDS: [&str; 37] = [
    "name",
    "version",
    "description",
    "authors",
    "requires",
    "build_requires",
    "private_build_requires",
    "variants",
    "hashed_variants",
    "relocatable",
    "cachable",
    "tools",
    "help",
    "tests",
    "uuid",
    "config",
    "commands",
    "pre_commands",
    "post_commands",
    "pre_build_commands",
    "pre_test_commands",
    "requires_rez_version",
    "timestamp",
    "revision",
    "changelog",
    "release_message",
    "previous_version",
    "previous_revision",
    "vcs",
    "format_version",
    "base",
    "has_plugins",
    "plugin_for",
    "build_system",
    "build_command",
    "preprocess",
    "plugin_launch_commands",
];

const AUG_OPS: [&str; 13] = [
    "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=",
];

#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    depth: u32,
    broken: bool,
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
}

pub(crate) fn analyze(src: &str, lexed: &Lexed) -> Analysis {
    let mut a = Analyzer {
        cx: Cx {
            toks: &lexed.tokens,
            src,
        },
        strings: &lexed.strings,
        lines: split_lines(&lexed.tokens),
        b: Bindings::default(),
        errors: Vec::new(),
    };
    let n = a.lines.len();
    a.walk(0, n, None);
    let (fields, overridden) = a.b.finish();
    Analysis {
        fields,
        overridden,
        errors: a.errors,
    }
}

struct Analyzer<'a> {
    cx: Cx<'a>,
    strings: &'a [StrLit],
    lines: Vec<Line>,
    b: Bindings,
    errors: Vec<SyntaxError>,
}

fn computed(kind: ComputedKind, reason: String, span: Span) -> Computed {
    Computed { kind, reason, span }
}

impl<'a> Analyzer<'a> {
    fn span(&self, i: usize) -> Span {
        self.cx.toks.get(i).map(|t| t.span).unwrap_or_default()
    }

    fn range_span(&self, a: usize, b: usize) -> Span {
        if b <= a {
            let p = self.span(a).start;
            return Span::new(p, p);
        }
        self.span(a).to(self.span(b - 1))
    }

    fn line_no(&self, i: usize) -> u32 {
        self.span(i).human_line()
    }

    fn block_end(&self, k: usize) -> usize {
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
    fn walk(&mut self, from: usize, to: usize, cond: Option<&str>) {
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
    fn compound_colon(&self, line: Line, kw: &str) -> Option<usize> {
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
    fn broken(&mut self, line: Line) {
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

    fn simple_statements(&mut self, a: usize, b: usize, cond: Option<&str>) {
        for (s, e) in self.cx.split_depth0(a, b, ";") {
            if s < e {
                self.simple(s, e, cond);
            }
        }
    }

    fn simple(&mut self, a: usize, b: usize, cond: Option<&str>) {
        match self.cx.text(a) {
            "import" => self.import(a, b, cond),
            "from" => self.import_from(a, b, cond),
            "del" => self.del(a, b, cond),
            "global" | "nonlocal" | "pass" | "break" | "continue" => {}
            _ => self.assignment_or_expression(a, b, cond),
        }
    }

    // ----- assignments ---------------------------------------------------------

    fn assignment_or_expression(&mut self, a: usize, b: usize, cond: Option<&str>) {
        let segs = self.cx.split_depth0(a, b, "=");
        if segs.len() > 1 {
            let (va, vb) = segs[segs.len() - 1];
            self.reads(va, vb, cond);
            let eq = self.span(va.saturating_sub(1));
            let value = parse_literal(&self.cx.toks[va..vb.max(va)], self.strings, self.cx.src, eq);
            if let Err(e) = &value {
                if e.is_error {
                    self.errors.push(SyntaxError {
                        message: e.reason.clone(),
                        span: e.span,
                    });
                }
            }
            let group = self.b.new_group();
            let n_targets = segs.len() - 1;
            let mut value = Some(value);
            for (t, &(ta, tb)) in segs[..n_targets].iter().enumerate() {
                let tb = match self.cx.find_depth0_op(ta, tb, &[":"]) {
                    Some(p) => {
                        self.reads(p + 1, tb, cond);
                        p
                    }
                    None => tb,
                };
                let Some(v) = value.as_ref() else { break };
                match self.cx.classify_target(ta, tb) {
                    Target::Name(i) => {
                        // The last target takes the value; earlier ones get copies.
                        let v = if t + 1 == n_targets {
                            value.take()
                        } else {
                            Some(v.clone())
                        };
                        if let Some(v) = v {
                            self.bind_value(i, v, (va, vb), group, cond);
                        }
                    }
                    Target::Names(names) => self.bind_unpacked(&names, v, (va, vb), cond),
                    Target::Other => self.complex_target(ta, tb, cond, ComputedKind::Unpacking),
                }
            }
            return;
        }
        if let Some(p) = self.cx.find_depth0_op(a, b, &AUG_OPS) {
            self.reads(p + 1, b, cond);
            match self.cx.classify_target(a, p) {
                Target::Name(i) => {
                    let op = self.cx.text(p);
                    let reason = format!("it is changed by `{op}` at line {}", self.line_no(p));
                    let c = computed(
                        ComputedKind::AugmentedAssignment,
                        reason,
                        self.range_span(a, b),
                    );
                    self.bind_computed(i, c);
                }
                _ => self.complex_target(a, p, cond, ComputedKind::AugmentedAssignment),
            }
            return;
        }
        if let Some(p) = self.cx.find_depth0_op(a, b, &[":"]) {
            // An annotation without a value binds nothing.
            self.reads(p + 1, b, cond);
            let (_, reads) = self.cx.target_names(a, p);
            for i in reads {
                self.read(i);
            }
            return;
        }
        self.reads(a, b, cond);
    }

    fn not_literal(&self, e: &NotLiteral, value_span: Span) -> Computed {
        let kind = if e.is_error {
            ComputedKind::Invalid
        } else {
            ComputedKind::Expression
        };
        computed(
            kind,
            format!("its value is not a literal: {}", e.reason),
            value_span,
        )
    }

    fn bind_value(
        &mut self,
        name_tok: usize,
        value: Result<Literal, NotLiteral>,
        (va, vb): (usize, usize),
        group: u32,
        cond: Option<&str>,
    ) {
        let field_value = match (value, cond) {
            (Ok(lit), None) => FieldValue::Literal(lit),
            (Ok(lit), Some(desc)) => FieldValue::Computed(computed(
                ComputedKind::Conditional,
                format!("it is assigned {desc}"),
                lit.span,
            )),
            (Err(e), _) => FieldValue::Computed(self.not_literal(&e, self.range_span(va, vb))),
        };
        self.bind_field(name_tok, field_value, Some(group));
    }

    fn bind_unpacked(
        &mut self,
        names: &[usize],
        value: &Result<Literal, NotLiteral>,
        (va, vb): (usize, usize),
        cond: Option<&str>,
    ) {
        let items = match value {
            Ok(lit) => lit.as_sequence().filter(|items| items.len() == names.len()),
            Err(_) => None,
        };
        for (n, &name_tok) in names.iter().enumerate() {
            let field_value = match (items, value, cond) {
                (Some(items), _, None) => FieldValue::Literal(items[n].clone()),
                (Some(items), _, Some(desc)) => FieldValue::Computed(computed(
                    ComputedKind::Conditional,
                    format!("it is assigned {desc}"),
                    items[n].span,
                )),
                (None, Err(e), _) => {
                    FieldValue::Computed(self.not_literal(e, self.range_span(va, vb)))
                }
                (None, Ok(_), _) => FieldValue::Computed(computed(
                    ComputedKind::Unpacking,
                    format!(
                        "it is assigned by unpacking at line {}",
                        self.line_no(name_tok)
                    ),
                    self.range_span(va, vb),
                )),
            };
            self.bind_field(name_tok, field_value, None);
        }
    }

    /// Targets such as `x[0] = ...`, `x.a = ...`, `a, *b = ...`.
    fn complex_target(&mut self, a: usize, b: usize, cond: Option<&str>, kind: ComputedKind) {
        let (targets, reads) = self.cx.target_names(a, b);
        for i in reads {
            self.read(i);
        }
        for i in targets {
            if self.cx.is_op(i + 1, "(") {
                self.read(i); // `f()[0] = ...`: the name is only called
            } else if self.cx.is_op(i + 1, "[") || self.cx.is_op(i + 1, ".") {
                self.modified(i, "it is modified in place");
            } else {
                let how = if cond.is_some() {
                    ComputedKind::Conditional
                } else {
                    kind
                };
                let reason = format!(
                    "it is assigned by a complex target at line {}",
                    self.line_no(i)
                );
                let c = computed(how, reason, self.range_span(a, b));
                self.bind_computed(i, c);
            }
        }
    }

    fn del(&mut self, a: usize, b: usize, _cond: Option<&str>) {
        for (s, e) in self.cx.split_depth0(a + 1, b, ",") {
            let (targets, reads) = self.cx.target_names(s, e);
            for i in reads {
                self.read(i);
            }
            for i in targets {
                if self.cx.is_op(i + 1, "(") {
                    self.read(i);
                } else if self.cx.is_op(i + 1, "[") || self.cx.is_op(i + 1, ".") {
                    self.modified(i, "it is modified by `del`");
                } else {
                    let reason = format!("it is deleted by `del` at line {}", self.line_no(i));
                    let c = computed(ComputedKind::Deleted, reason, self.range_span(s, e));
                    self.bind_computed(i, c);
                }
            }
        }
    }

    fn import(&mut self, a: usize, b: usize, cond: Option<&str>) {
        for (s, e) in self.cx.split_depth0(a + 1, b, ",") {
            let bound = match (s..e).find(|&i| self.cx.is_name(i, "as")) {
                Some(as_at) => as_at + 1,
                None => s,
            };
            self.bind_import(bound, a, b, cond);
        }
    }

    fn import_from(&mut self, a: usize, b: usize, cond: Option<&str>) {
        let Some(imp) = (a..b).find(|&i| self.cx.is_name(i, "import")) else {
            return;
        };
        let (mut s, mut e) = (imp + 1, b);
        if self.cx.is_op(s, "(") && self.cx.is_op(e.wrapping_sub(1), ")") {
            s += 1;
            e -= 1;
        }
        if self.cx.is_op(s, "*") {
            let reason = format!(
                "`from ... import *` at line {} may bind any name",
                self.line_no(s)
            );
            self.dynamic(self.range_span(a, b), reason);
            return;
        }
        for (ps, pe) in self.cx.split_depth0(s, e, ",") {
            if ps >= pe {
                continue;
            }
            let bound = match (ps..pe).find(|&i| self.cx.is_name(i, "as")) {
                Some(as_at) => as_at + 1,
                None => ps,
            };
            self.bind_import(bound, a, b, cond);
        }
    }

    fn bind_import(&mut self, name_tok: usize, a: usize, b: usize, cond: Option<&str>) {
        if self
            .cx
            .toks
            .get(name_tok)
            .is_none_or(|t| t.kind != TokKind::Name)
        {
            return;
        }
        let mut reason = format!("it is bound by an import at line {}", self.line_no(a));
        if let Some(desc) = cond {
            reason = format!("{reason}, {desc}");
        }
        let c = computed(ComputedKind::Import, reason, self.range_span(a, b));
        self.bind_computed(name_tok, c);
    }

    // ----- compound statements and definitions --------------------------------

    /// Bindings and reads in a compound statement header `[kw_at, colon)`.
    fn header(&mut self, kw_at: usize, colon: usize, desc: &str) {
        let kw = self.cx.text(kw_at);
        let bind_all = |me: &mut Self, names: Vec<usize>, what: &str| {
            for i in names {
                let reason = format!("it is {what} {desc}");
                let c = computed(ComputedKind::Conditional, reason, me.span(i));
                me.bind_computed(i, c);
            }
        };
        match kw {
            "for" => {
                let in_at = self
                    .cx
                    .depth0_matches(kw_at + 1, colon, |t| t.is_name(self.cx.src, "in"))
                    .first()
                    .copied();
                let in_at = in_at.unwrap_or(colon);
                let (targets, reads) = self.cx.target_names(kw_at + 1, in_at);
                for i in reads {
                    self.read(i);
                }
                bind_all(self, targets, "a loop variable");
                self.reads(in_at + 1, colon, Some(desc));
            }
            "with" | "except" => {
                let mut bound = Vec::new();
                let (mut seg, mut i) = (kw_at + 1, kw_at + 1);
                while i < colon {
                    if !self.cx.is_name(i, "as") {
                        i += 1;
                        continue;
                    }
                    self.reads(seg, i, Some(desc));
                    let end = self
                        .cx
                        .find_depth0_op(i + 1, colon, &[","])
                        .unwrap_or(colon);
                    let (targets, reads) = self.cx.target_names(i + 1, end);
                    for r in reads {
                        self.read(r);
                    }
                    bound.extend(targets);
                    i = end;
                    seg = end;
                }
                self.reads(seg, colon, Some(desc));
                bind_all(self, bound, "bound by `as`");
            }
            "case" => {
                let guard = self
                    .cx
                    .depth0_matches(kw_at + 1, colon, |t| t.is_name(self.cx.src, "if"))
                    .first()
                    .copied();
                let pattern_end = guard.unwrap_or(colon);
                let captures: Vec<usize> = self
                    .cx
                    .bare_names(kw_at + 1, pattern_end, true)
                    .into_iter()
                    .map(|(i, _)| i)
                    .filter(|&i| !self.cx.is_op(i + 1, "(") && !self.cx.is_op(i + 1, "."))
                    .collect();
                bind_all(self, captures, "captured by a `case` pattern");
                if let Some(g) = guard {
                    self.reads(g + 1, colon, Some(desc));
                }
            }
            _ => self.reads(kw_at + 1, colon, Some(desc)),
        }
    }

    /// `def` / `class` at line `k`, with its body in lines `(k, end)`.
    fn definition(&mut self, k: usize, end: usize, decorators: &[usize], cond: Option<&str>) {
        let line = self.lines[k];
        let kw_at = if self.cx.is_name(line.start, "async") {
            line.start + 1
        } else {
            line.start
        };
        let is_def = self.cx.is_name(kw_at, "def");
        let name_at = kw_at + 1;
        if self
            .cx
            .toks
            .get(name_at)
            .is_none_or(|t| t.kind != TokKind::Name)
            || name_at >= line.end
        {
            return;
        }
        let colon = self
            .cx
            .find_depth0_op(name_at + 1, line.end, &[":"])
            .unwrap_or(line.end);
        if is_def {
            self.parameter_reads(name_at + 1, colon, cond);
        } else {
            self.reads(name_at + 1, colon, cond);
        }
        let mut body: Vec<(usize, usize)> = Vec::new();
        if colon + 1 < line.end {
            body.push((colon + 1, line.end));
        }
        for l in &self.lines[k + 1..end] {
            body.push((l.start, l.end));
        }
        let fname = self.cx.text(name_at).to_string();
        let globals = self.global_declarations(&body, &fname);
        let start = decorators
            .first()
            .map_or(line.start, |&d| self.lines[d].start);
        let last = body.last().map_or(line.end, |&(_, e)| e);
        let span = self.range_span(start, last);
        let mut decorated = String::new();
        for &d in decorators {
            let l = self.lines[d];
            decorated.push_str(&format!(
                " decorated with `{}`",
                self.range_span(l.start, l.end).text(self.cx.src)
            ));
        }
        let mut reason = if is_def {
            format!(
                "it is defined by `def {fname}()` at line {}{decorated}",
                self.line_no(name_at)
            )
        } else {
            format!(
                "it is defined by `class {fname}` at line {}{decorated}",
                self.line_no(name_at)
            )
        };
        if let Some(desc) = cond {
            reason = format!("{reason}, {desc}");
        }
        let kind = if is_def {
            ComputedKind::Function
        } else {
            ComputedKind::Class
        };
        let function = if is_def {
            Some(Rc::new(FnInfo {
                name: fname,
                names: self.distinct_names(&body),
                globals,
            }))
        } else {
            // A class body runs immediately: its uses are reads now.
            for &(s, e) in &body {
                self.reads(s, e, cond);
            }
            None
        };
        let value = FieldValue::Computed(computed(kind, reason, span));
        match self.field_name(name_at) {
            Some(name) => {
                let field = Field {
                    name,
                    name_span: self.span(name_at),
                    value,
                };
                self.b.bind_alone(field, function);
            }
            None => self.unknown_name(name_at),
        }
    }

    /// Reads in a `def` header, skipping parameter names.
    fn parameter_reads(&mut self, a: usize, b: usize, cond: Option<&str>) {
        for (i, depth) in self.cx.bare_names(a, b, false) {
            let prev = self.cx.text(i.wrapping_sub(1));
            if depth == 1 && matches!(prev, "(" | "," | "*" | "**" | "/") {
                continue;
            }
            self.reads(i, i + 1, cond);
        }
        for i in a..b {
            if let Some(TokKind::Str(_)) = self.cx.toks.get(i).map(|t| t.kind) {
                self.reads(i, i + 1, cond);
            }
        }
    }

    /// Names declared `global` in a function or class body; each becomes computed.
    fn global_declarations(&mut self, body: &[(usize, usize)], owner: &str) -> Vec<String> {
        let mut out = Vec::new();
        for &(s, e) in body {
            for i in s..e {
                if !self.cx.is_name(i, "global") {
                    continue;
                }
                let mut j = i + 1;
                while j < e && self.cx.toks[j].kind == TokKind::Name {
                    let Some(name) = self.field_name(j) else {
                        self.unknown_name(j);
                        j += 2;
                        continue;
                    };
                    let reason = format!(
                        "`{owner}` declares it `global` at line {} and may rebind it",
                        self.line_no(j)
                    );
                    let c = computed(ComputedKind::Global, reason, self.span(j));
                    match self.b.lookup(&name) {
                        Some((idx, _)) => self.b.taint(idx, &c),
                        None => self.b.bind_alone(
                            Field {
                                name: name.clone(),
                                name_span: self.span(j),
                                value: FieldValue::Computed(c),
                            },
                            None,
                        ),
                    }
                    out.push(name);
                    if !self.cx.is_op(j + 1, ",") {
                        break;
                    }
                    j += 2;
                }
            }
        }
        out
    }

    fn distinct_names(&self, body: &[(usize, usize)]) -> Vec<(String, Span)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut add = |name: String, span: Span| {
            if seen.insert(name.clone()) {
                out.push((name, span));
            }
        };
        for &(s, e) in body {
            for (i, _) in self.cx.bare_names(s, e, false) {
                let text = self.cx.text(i);
                // Unknown normalisation: keep the raw text, which cannot match a field.
                let name = normalize(text).map_or_else(|| "\u{0}?".to_string(), |n| n.into_owned());
                add(name, self.span(i));
            }
            for i in s..e {
                if let Some(TokKind::Str(idx)) = self.cx.toks.get(i).map(|t| t.kind) {
                    for &span in self.strings.get(idx as usize).map_or(&[][..], |s| &s.names) {
                        add(span.text(self.cx.src).to_string(), span);
                    }
                }
            }
        }
        out
    }

    // ----- reads, taints and bindings ------------------------------------------

    /// Reads of every bare name in `[a, b)` (plus `:=` bindings and f-string names).
    fn reads(&mut self, a: usize, b: usize, cond: Option<&str>) {
        for (i, _) in self.cx.bare_names(a, b, true) {
            if self.cx.is_op(i + 1, ":=") {
                let kind = if cond.is_some() {
                    ComputedKind::Conditional
                } else {
                    ComputedKind::Expression
                };
                let reason = format!("it is assigned with `:=` at line {}", self.line_no(i));
                self.bind_computed(i, computed(kind, reason, self.span(i)));
            } else {
                self.read(i);
            }
        }
        for i in a..b.min(self.cx.toks.len()) {
            if let TokKind::Str(idx) = self.cx.toks[i].kind {
                let names = self
                    .strings
                    .get(idx as usize)
                    .map(|s| s.names.clone())
                    .unwrap_or_default();
                for span in names {
                    self.read_name(span.text(self.cx.src), span);
                }
            }
        }
    }

    fn read(&mut self, i: usize) {
        let span = self.span(i);
        match normalize(self.cx.text(i)) {
            Some(name) => {
                let name = name.into_owned();
                self.read_name(&name, span);
            }
            None => self.unknown_name(i),
        }
    }

    /// A use of `name` by code that runs at import time.
    fn read_name(&mut self, name: &str, span: Span) {
        let Some((idx, slot)) = self.b.lookup(name) else {
            if DYNAMIC_NAMES.contains(&name) {
                let reason = format!(
                    "`{name}` at line {} can change any variable",
                    span.human_line()
                );
                self.dynamic(span, reason);
            }
            return;
        };
        if slot.field.literal().is_some_and(Literal::is_mutable) {
            let reason = format!(
                "the value may be modified in place by code at line {}",
                span.human_line()
            );
            self.b
                .taint(idx, &computed(ComputedKind::Modified, reason, span));
        } else if slot.function.is_some() {
            self.call(idx, span);
        }
    }

    /// A top-level use of a function defined in the file: assume it is called.
    fn call(&mut self, idx: usize, call_span: Span) {
        let mut visited = HashSet::new();
        let mut stack = vec![idx];
        while let Some(f) = stack.pop() {
            if !visited.insert(f) {
                continue;
            }
            let Some(info) = self.b.lookup_index(f).and_then(|s| s.function.clone()) else {
                continue;
            };
            for (name, _) in &info.names {
                let Some((j, slot)) = self.b.lookup(name) else {
                    if DYNAMIC_NAMES.contains(&name.as_str()) {
                        let reason = format!(
                            "function `{}` (used at line {}) calls `{name}`",
                            info.name,
                            call_span.human_line()
                        );
                        self.dynamic(call_span, reason);
                    }
                    continue;
                };
                if slot.function.is_some() {
                    stack.push(j);
                    continue;
                }
                let rebinds = info.globals.contains(name);
                if rebinds || slot.field.literal().is_some_and(Literal::is_mutable) {
                    let reason = format!(
                        "function `{}`, used at line {}, may {} it",
                        info.name,
                        call_span.human_line(),
                        if rebinds { "rebind" } else { "modify" }
                    );
                    let kind = if rebinds {
                        ComputedKind::Global
                    } else {
                        ComputedKind::Modified
                    };
                    self.b.taint(j, &computed(kind, reason, call_span));
                }
            }
        }
    }

    /// `name[...] = ...`, `name.attr = ...`, `del name[...]`: modifies the value.
    fn modified(&mut self, i: usize, why: &str) {
        let Some(name) = self.field_name(i) else {
            return self.unknown_name(i);
        };
        if let Some((idx, _)) = self.b.lookup(&name) {
            let reason = format!("{why} at line {}", self.line_no(i));
            let span = self.span(i);
            self.b
                .taint(idx, &computed(ComputedKind::Modified, reason, span));
        }
    }

    /// Code that may set any variable: every field becomes computed.
    fn dynamic(&mut self, span: Span, reason: String) {
        let c = computed(ComputedKind::Dynamic, reason, span);
        self.b.taint_all(&c);
        for name in KNOWN_FIELDS {
            if !self.b.is_bound(name) {
                let field = Field {
                    name: name.to_string(),
                    name_span: span,
                    value: FieldValue::Computed(c.clone()),
                };
                self.b.bind_alone(field, None);
            }
        }
    }

    /// An identifier whose NFKC form this reader cannot predict.
    fn unknown_name(&mut self, i: usize) {
        let reason = format!(
            "the identifier `{}` at line {} may normalise to a field name",
            self.cx.text(i),
            self.line_no(i)
        );
        self.dynamic(self.span(i), reason);
    }

    fn field_name(&self, i: usize) -> Option<String> {
        normalize(self.cx.text(i)).map(|n| n.into_owned())
    }

    fn bind_field(&mut self, name_tok: usize, value: FieldValue, group: Option<u32>) {
        let Some(name) = self.field_name(name_tok) else {
            return self.unknown_name(name_tok);
        };
        let field = Field {
            name,
            name_span: self.span(name_tok),
            value,
        };
        match group {
            Some(g) => self.b.bind(field, g, None),
            None => self.b.bind_alone(field, None),
        }
    }

    fn bind_computed(&mut self, name_tok: usize, c: Computed) {
        self.bind_field(name_tok, FieldValue::Computed(c), None);
    }
}
