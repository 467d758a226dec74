//! Effects of code on bindings: reads that may modify mutable literals, calls, dynamic code, and binding helpers.

use super::analyze::{computed, Analyzer};
use super::ident::normalize;
use super::literal::Literal;
use super::package::{Computed, ComputedKind, Evaluation, Field, FieldValue};
use super::span::Span;
use super::token::TokKind;
use std::collections::HashSet;

/// Builtins through which code can read or change any module variable.
const DYNAMIC_NAMES: [&str; 8] = [
    "exec", "eval", "execfile", "globals", "locals", "vars", "setattr", "delattr",
];

/// Attributes through which code can reach a module's variables (`sys.modules[__name__]`,
/// `f.__globals__`, `frame.f_globals`, `builtins.exec`, ...).
const DYNAMIC_ATTRIBUTES: [&str; 12] = [
    "modules",
    "__dict__",
    "__globals__",
    "f_globals",
    "f_locals",
    "exec",
    "eval",
    "globals",
    "locals",
    "vars",
    "setattr",
    "delattr",
];

/// Whether a name used by code (a bare name, or `.attr` for an attribute) may reach any variable.
pub(super) fn is_dynamic(name: &str) -> bool {
    match name.strip_prefix('.') {
        Some(attr) => DYNAMIC_ATTRIBUTES.contains(&attr),
        None => DYNAMIC_NAMES.contains(&name),
    }
}

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
        self.dynamic_attributes(a, b);
        for (i, _) in self.cx.bare_names(a, b, true) {
            if self.cx.is_name(i, "scope") && self.cx.is_op(i + 1, "(") && !self.b.is_bound("scope")
            {
                self.scope_call(i);
            }
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

    /// Attributes in `[a, b)` through which code reaches the module's variables.
    pub(super) fn dynamic_attributes(&mut self, a: usize, b: usize) {
        for i in a..b.min(self.cx.toks.len()) {
            let t = self.cx.toks[i];
            if t.kind == TokKind::Name && self.cx.is_op(i.wrapping_sub(1), ".") {
                let attr = t.text(self.cx.src);
                if DYNAMIC_ATTRIBUTES.contains(&attr) {
                    let reason = format!(
                        "`.{attr}` at line {} can change any variable",
                        t.span.human_line()
                    );
                    self.dynamic(t.span, reason);
                }
            }
        }
    }

    pub(super) fn read(&mut self, i: usize) {
        let span = self.span(i);
        match normalize(self.cx.text(i)) {
            Some(name) => {
                let name = name.into_owned();
                self.read_name_as(&name, span, Some(i));
            }
            None => self.unknown_name(i),
        }
    }

    /// How the code at token `i` uses the name: `requires.append(...)`, `requires[...]`, ...
    fn use_of(&self, i: usize, name: &str) -> String {
        let line = self.line_no(i);
        if self.cx.is_op(i + 1, ".") {
            let attr = self.cx.text(i + 2);
            if self.cx.is_op(i + 3, "(") {
                return format!("`{name}.{attr}(...)` at line {line} may change it");
            }
            return format!("`{name}.{attr}` at line {line} may change it");
        }
        if self.cx.is_op(i + 1, "[") {
            return format!("`{name}[...]` at line {line} may change it");
        }
        if let Some(callee) = self.enclosing_call(i) {
            return format!("`{callee}(...)` at line {line} receives it and may change it");
        }
        format!("code at line {line} uses the value and may change it in place")
    }

    /// The name called with the argument list that token `i` sits in directly, if any.
    fn enclosing_call(&self, i: usize) -> Option<&'a str> {
        let mut depth = 0u32;
        for j in (0..i).rev().take(256) {
            match self.cx.toks.get(j)?.kind {
                TokKind::Op => match self.cx.text(j) {
                    ")" | "]" | "}" => depth += 1,
                    "[" | "{" if depth == 0 => return None,
                    "(" if depth == 0 => {
                        let callee = self.cx.toks.get(j.checked_sub(1)?)?;
                        return (callee.kind == TokKind::Name).then(|| callee.text(self.cx.src));
                    }
                    "(" | "[" | "{" => depth -= 1,
                    _ => {}
                },
                TokKind::Newline | TokKind::Indent | TokKind::Dedent => return None,
                _ => {}
            }
        }
        None
    }

    /// A use of `name` by code that runs at import time (`None`: no token, e.g. in an f-string).
    pub(super) fn read_name(&mut self, name: &str, span: Span) {
        self.read_name_as(name, span, None);
    }

    /// Whether the reference spanning tokens `[first, last]` only reads its value, provided the
    /// value holds no mutable items: containment and iteration (`x in name`), concatenation and
    /// comparison, copies and measures (`len(name)`, `sorted(name)`, `", ".join(name)`), reading
    /// methods (`name.count(...)`, `name.get(...)`) and subscripts read (`name[0]`). Anything else
    /// (a method call, an argument, an alias, a return value) may change it.
    pub(super) fn reads_only(&self, first: usize, last: usize) -> bool {
        const OPERATORS: [&str; 8] = ["+", "==", "!=", "<", ">", "<=", ">=", "%"];
        const CALLS: [&str; 16] = [
            "len",
            "list",
            "sorted",
            "tuple",
            "set",
            "frozenset",
            "str",
            "repr",
            "bool",
            "any",
            "all",
            "min",
            "max",
            "enumerate",
            "reversed",
            "iter",
        ];
        const METHODS: [&str; 7] = ["count", "index", "copy", "get", "keys", "values", "items"];
        let cx = &self.cx;
        let prev = first.checked_sub(1);
        if prev.is_some_and(|p| cx.is_name(p, "in")) {
            return true;
        }
        if prev.is_some_and(|p| OPERATORS.iter().any(|op| cx.is_op(p, op))) {
            return true;
        }
        let next = last + 1;
        if OPERATORS.iter().any(|op| cx.is_op(next, op)) {
            return true;
        }
        if let Some(p) = prev.filter(|&p| cx.is_op(p, "(") && cx.is_op(next, ")")) {
            let callee = p
                .checked_sub(1)
                .filter(|&c| cx.toks.get(c).is_some_and(|t| t.kind == TokKind::Name));
            if let Some(c) = callee {
                let after_dot = cx.is_op(c.wrapping_sub(1), ".");
                let text = cx.text(c);
                if (after_dot && text == "join")
                    || (!after_dot && CALLS.contains(&text) && !self.b.is_bound(text))
                {
                    return true;
                }
            }
        }
        if cx.is_op(next, ".") && METHODS.contains(&cx.text(next + 1)) && cx.is_op(next + 2, "(") {
            return true;
        }
        if cx.is_op(next, "[") {
            let mut depth = 0u32;
            for j in next..(next + 512).min(cx.toks.len()) {
                match cx.text(j) {
                    "[" | "(" | "{" if cx.toks[j].kind == TokKind::Op => depth += 1,
                    "]" | ")" | "}" if cx.toks[j].kind == TokKind::Op => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            let after = cx.toks.get(j + 1);
                            let writes = after.is_some_and(|t| {
                                t.kind == TokKind::Op
                                    && ((t.text(cx.src).ends_with('=')
                                        && !matches!(t.text(cx.src), "==" | "!=" | "<=" | ">="))
                                        || matches!(t.text(cx.src), "." | "[" | "("))
                            });
                            return !writes;
                        }
                    }
                    _ => {}
                }
            }
        }
        false
    }

    fn read_name_as(&mut self, name: &str, span: Span, tok: Option<usize>) {
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
        let mutable = slot.field.literal().is_some_and(Literal::is_mutable);
        let items_immutable = slot.field.literal().is_some_and(|l| !l.has_mutable_items());
        let has_function = slot.function.is_some();
        if mutable && !(items_immutable && tok.is_some_and(|i| self.reads_only(i, i))) {
            let how = match tok {
                Some(i) => self.use_of(i, name),
                None => format!(
                    "code at line {} uses the value and may change it in place",
                    span.human_line()
                ),
            };
            self.b
                .taint(idx, &computed(ComputedKind::Modified, how, span));
        } else if has_function {
            self.call(idx, span, false);
        }
    }

    /// `scope("name")` (rez's `ScopeContext`, e.g. `with scope("config") as c:`): rez sets
    /// the package attribute `name` from what the block assigns.
    fn scope_call(&mut self, i: usize) {
        let span = self.range_span(i, i + 4);
        let arg = match self.cx.toks.get(i + 2).map(|t| t.kind) {
            Some(TokKind::Str(idx)) if self.cx.is_op(i + 3, ")") => {
                match self.strings.get(idx as usize).map(|s| &s.value) {
                    Some(super::token::StrValue::Text(s)) => Some(s.clone()),
                    _ => None,
                }
            }
            _ => None,
        };
        match arg {
            Some(name) => self.scopes.push((name, span)),
            None => {
                let reason = format!(
                    "`scope(...)` at line {} sets an attribute this reader cannot name",
                    span.human_line()
                );
                self.dynamic(self.span(i), reason);
            }
        }
    }

    /// What rez does after running the file: call the `@early` functions, run the package's
    /// `preprocess` (developer packages), then merge the `scope(...)` attributes.
    pub(super) fn after_load(&mut self) {
        for (name, span) in std::mem::take(&mut self.early) {
            let still_early = self.b.lookup(&name).and_then(|(idx, slot)| {
                let c = slot.field.computed()?;
                (slot.function.is_some() && c.evaluation == Evaluation::Early).then_some(idx)
            });
            if let Some(idx) = still_early {
                self.call(idx, span, true);
            }
        }
        if let Some(span) = self.preprocess.take() {
            let reason = format!(
                "the package's `preprocess` function (line {}) may change any attribute when rez builds the package",
                span.human_line()
            );
            self.dynamic(span, reason);
        }
        for (name, span) in std::mem::take(&mut self.scopes) {
            let reason = format!(
                "rez sets it from `{}` at line {}",
                span.text(self.cx.src),
                span.human_line()
            );
            let field = Field {
                name,
                name_span: span,
                value: FieldValue::Computed(computed(ComputedKind::Scope, reason, span)),
            };
            self.b.bind_alone(field, None);
        }
    }

    /// A use of a function defined in the file: assume it is called (`early`: rez calls it).
    pub(super) fn call(&mut self, idx: usize, call_span: Span, early: bool) {
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
            let caller = if early {
                format!(
                    "the @early function `{}`, which rez calls when it loads the package,",
                    info.name
                )
            } else {
                format!(
                    "function `{}`, used at line {},",
                    info.name,
                    call_span.human_line()
                )
            };
            if early && f == idx {
                for (attr, span, may_modify) in &info.this_attrs {
                    let mutable = self.b.lookup(attr).filter(|(_, slot)| {
                        slot.field.literal().is_some_and(|l| {
                            l.is_mutable() && (*may_modify || l.has_mutable_items())
                        })
                    });
                    if let Some((j, _)) = mutable {
                        let reason = format!(
                            "{caller} may modify it through `this.{attr}` at line {}",
                            span.human_line()
                        );
                        self.b
                            .taint(j, &computed(ComputedKind::Modified, reason, *span));
                    }
                }
            }
            for (name, _, may_modify) in &info.names {
                let Some((j, slot)) = self.b.lookup(name) else {
                    if is_dynamic(name) {
                        let used = name.trim_start_matches('.');
                        let reason =
                            format!("{caller} uses `{used}`, which can change any variable");
                        self.dynamic(call_span, reason);
                    }
                    continue;
                };
                if slot.function.is_some() {
                    stack.push(j);
                    continue;
                }
                let rebinds = info.globals.contains(name);
                let changes = slot
                    .field
                    .literal()
                    .is_some_and(|l| l.is_mutable() && (*may_modify || l.has_mutable_items()));
                if rebinds || changes {
                    let reason = format!(
                        "{caller} may {} it",
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
