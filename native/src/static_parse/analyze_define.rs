//! Compound statement headers (`for`, `with`, `case`, ...) and `def` / `class` definitions.

use super::analyze::{computed, Analyzer};
use super::analyze_effects::is_dynamic;
use super::bindings::FnInfo;
use super::ident::normalize;
use super::package::{ComputedKind, Evaluation, Field, FieldValue, Statement, StatementKind};
use super::span::Span;
use super::token::TokKind;
use std::collections::HashMap;
use std::rc::Rc;

impl<'a> Analyzer<'a> {
    /// Bindings and reads in a compound statement header `[kw_at, colon)`.
    pub(super) fn header(&mut self, kw_at: usize, colon: usize, desc: &str) {
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
    pub(super) fn definition(
        &mut self,
        k: usize,
        end: usize,
        decorators: &[usize],
        cond: Option<&str>,
    ) {
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
        let mut evaluation = Evaluation::Dropped;
        for &d in decorators {
            let l = self.lines[d];
            decorated.push_str(&format!(
                " decorated with `{}`",
                self.range_span(l.start, l.end).text(self.cx.src)
            ));
            evaluation = match (evaluation, self.decorator_name(l.start + 1, l.end)) {
                (e, "include") => e, // rez's @include only names modules for the function
                (Evaluation::Dropped | Evaluation::Load, "early") => Evaluation::Early,
                (Evaluation::Dropped | Evaluation::Load, "late") => Evaluation::Late,
                (Evaluation::Dropped, _) => Evaluation::Load, // another decorator: unknown effect
                (e, _) => e,
            };
        }
        if !is_def {
            evaluation = Evaluation::Load;
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
                this_attrs: self.this_attributes(&body),
            }))
        } else {
            // A class body runs immediately: its uses are reads now.
            for &(s, e) in &body {
                self.reads(s, e, cond);
            }
            None
        };
        let mut c = computed(kind, reason, span);
        c.evaluation = evaluation;
        let value = FieldValue::Computed(c);
        match self.field_name(name_at) {
            Some(name) => {
                if self.outline && cond.is_none() {
                    self.statements.push(Statement {
                        name: name.clone(),
                        kind: if is_def {
                            StatementKind::Def
                        } else {
                            StatementKind::Class
                        },
                        name_span: self.span(name_at),
                        span,
                        value: None,
                    });
                }
                if evaluation == Evaluation::Early {
                    self.early.push((name.clone(), span));
                }
                if is_def && name == "preprocess" && cond.is_none() {
                    self.preprocess = Some(span);
                }
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

    /// The last dotted component of the decorator expression in `[a, b)`: `early` for
    /// `@early()`, `@rez.utils.sourcecode.early()`.
    fn decorator_name(&self, a: usize, b: usize) -> &'a str {
        let end = (a..b).find(|&i| self.cx.is_op(i, "(")).unwrap_or(b);
        if end == 0 || end <= a {
            return "";
        }
        match self.cx.toks.get(end - 1) {
            Some(t) if t.kind == TokKind::Name => t.text(self.cx.src),
            _ => "",
        }
    }

    /// Reads in a `def` header, skipping parameter names.
    pub(super) fn parameter_reads(&mut self, a: usize, b: usize, cond: Option<&str>) {
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
    pub(super) fn global_declarations(
        &mut self,
        body: &[(usize, usize)],
        owner: &str,
    ) -> Vec<String> {
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

    /// `this.<attr>` uses in a function body (rez's `this` in `@early` functions).
    fn this_attributes(&self, body: &[(usize, usize)]) -> Vec<(String, Span, bool)> {
        let mut out: Vec<(String, Span, bool)> = Vec::new();
        for &(s, e) in body {
            for i in s..e.min(self.cx.toks.len()) {
                if self.cx.is_name(i, "this")
                    && !self.cx.is_op(i.wrapping_sub(1), ".")
                    && self.cx.is_op(i + 1, ".")
                    && self
                        .cx
                        .toks
                        .get(i + 2)
                        .is_some_and(|t| t.kind == TokKind::Name)
                {
                    let attr = self.cx.text(i + 2).to_string();
                    let may_modify = !self.reads_only(i, i + 2);
                    match out.iter_mut().find(|(a, _, _)| *a == attr) {
                        Some(known) => known.2 |= may_modify,
                        None => out.push((attr, self.span(i).to(self.span(i + 2)), may_modify)),
                    }
                }
            }
        }
        out
    }

    pub(super) fn distinct_names(&self, body: &[(usize, usize)]) -> Vec<(String, Span, bool)> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out: Vec<(String, Span, bool)> = Vec::new();
        let mut add_use = |name: String, span: Span, may_modify: bool| match seen.get(&name) {
            Some(&k) => out[k].2 |= may_modify,
            None => {
                seen.insert(name.clone(), out.len());
                out.push((name, span, may_modify));
            }
        };
        for &(s, e) in body {
            for i in s..e.min(self.cx.toks.len()) {
                let t = self.cx.toks[i];
                if t.kind == TokKind::Name && self.cx.is_op(i.wrapping_sub(1), ".") {
                    let attr = format!(".{}", t.text(self.cx.src));
                    if is_dynamic(&attr) {
                        add_use(attr, t.span, true);
                    }
                }
            }
            for (i, _) in self.cx.bare_names(s, e, false) {
                let text = self.cx.text(i);
                // Unknown normalisation: keep the raw text, which cannot match a field.
                let name = normalize(text).map_or_else(|| "\u{0}?".to_string(), |n| n.into_owned());
                add_use(name, self.span(i), !self.reads_only(i, i));
            }
            for i in s..e {
                if let Some(TokKind::Str(idx)) = self.cx.toks.get(i).map(|t| t.kind) {
                    for &span in self.strings.get(idx as usize).map_or(&[][..], |s| &s.names) {
                        add_use(span.text(self.cx.src).to_string(), span, true);
                    }
                }
            }
        }
        out
    }
}
