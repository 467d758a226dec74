//! Simple statements that bind names: assignments, augmented assignments, `del` and imports.

use super::analyze::{computed, Analyzer};
use super::error::SyntaxError;
use super::literal::Literal;
use super::literal_parse::{parse_literal, NotLiteral};
use super::package::{Computed, ComputedKind, FieldValue, Statement, StatementKind};
use super::span::Span;
use super::statement::Target;
use super::token::TokKind;

const AUG_OPS: [&str; 13] = [
    "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=",
];

impl<'a> Analyzer<'a> {
    pub(super) fn assignment_or_expression(&mut self, a: usize, b: usize, cond: Option<&str>) {
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
                        let outline = self.outline && cond.is_none();
                        if let Some(name) = self.field_name(i).filter(|_| outline) {
                            self.statements.push(Statement {
                                name,
                                kind: StatementKind::Assign,
                                name_span: self.span(i),
                                span: self.range_span(a, b),
                                value: v.as_ref().ok().cloned(),
                            });
                        }
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

    pub(super) fn not_literal(&self, e: &NotLiteral, value_span: Span) -> Computed {
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

    pub(super) fn bind_value(
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

    pub(super) fn bind_unpacked(
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
    pub(super) fn complex_target(
        &mut self,
        a: usize,
        b: usize,
        cond: Option<&str>,
        kind: ComputedKind,
    ) {
        self.dynamic_attributes(a, b);
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

    pub(super) fn del(&mut self, a: usize, b: usize, _cond: Option<&str>) {
        for (s, e) in self.cx.split_depth0(a + 1, b, ",") {
            self.dynamic_attributes(s, e);
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

    pub(super) fn import(&mut self, a: usize, b: usize, cond: Option<&str>) {
        for (s, e) in self.cx.split_depth0(a + 1, b, ",") {
            let bound = match (s..e).find(|&i| self.cx.is_name(i, "as")) {
                Some(as_at) => as_at + 1,
                None => s,
            };
            self.bind_import(bound, a, b, cond);
        }
    }

    pub(super) fn import_from(&mut self, a: usize, b: usize, cond: Option<&str>) {
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

    pub(super) fn bind_import(&mut self, name_tok: usize, a: usize, b: usize, cond: Option<&str>) {
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
}
