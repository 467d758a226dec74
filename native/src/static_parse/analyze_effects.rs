//! Effects of code on bindings: reads that may modify mutable literals, calls, dynamic code, and binding helpers.

use super::analyze::{computed, Analyzer};
use super::ident::normalize;
use super::literal::Literal;
use super::package::{Computed, ComputedKind, Field, FieldValue};
use super::span::Span;
use super::token::TokKind;
use std::collections::HashSet;

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

impl<'a> Analyzer<'a> {
    /// Reads of every bare name in `[a, b)` (plus `:=` bindings and f-string names).
    pub(super) fn reads(&mut self, a: usize, b: usize, cond: Option<&str>) {
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

    pub(super) fn read(&mut self, i: usize) {
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
    pub(super) fn read_name(&mut self, name: &str, span: Span) {
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
    pub(super) fn call(&mut self, idx: usize, call_span: Span) {
        if self.expanded.get(&idx) == Some(&self.b.version()) {
            return; // nothing changed since this function was last expanded
        }
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
        self.expanded.insert(idx, self.b.version());
    }

    /// `name[...] = ...`, `name.attr = ...`, `del name[...]`: modifies the value.
    pub(super) fn modified(&mut self, i: usize, why: &str) {
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
    pub(super) fn dynamic(&mut self, span: Span, reason: String) {
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
    pub(super) fn unknown_name(&mut self, i: usize) {
        let reason = format!(
            "the identifier `{}` at line {} may normalise to a field name",
            self.cx.text(i),
            self.line_no(i)
        );
        self.dynamic(self.span(i), reason);
    }

    pub(super) fn field_name(&self, i: usize) -> Option<String> {
        normalize(self.cx.text(i)).map(|n| n.into_owned())
    }

    pub(super) fn bind_field(&mut self, name_tok: usize, value: FieldValue, group: Option<u32>) {
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

    pub(super) fn bind_computed(&mut self, name_tok: usize, c: Computed) {
        self.bind_field(name_tok, FieldValue::Computed(c), None);
    }
}
