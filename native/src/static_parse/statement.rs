//! Token-slice helpers for statements: depth-0 splitting, bare-name scanning and assignment targets.

use super::token::{is_keyword, TokKind, Token};

/// A view of the token stream with its source text.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub toks: &'a [Token],
    pub src: &'a str,
}

/// The shape of one assignment target.
pub(crate) enum Target {
    /// `name = ...`
    Name(usize),
    /// `a, b = ...`, `(a, b) = ...`, `[a, b] = ...`
    Names(Vec<usize>),
    /// Anything else (subscripts, attributes, starred or nested targets).
    Other,
}

impl<'a> Cx<'a> {
    pub(crate) fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.src))
    }

    pub(crate) fn is_op(&self, i: usize, op: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_op(self.src, op))
    }

    pub(crate) fn is_name(&self, i: usize, name: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_name(self.src, name))
    }

    fn is_bare_name(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokKind::Name && !is_keyword(t.text(self.src)))
    }

    fn bracket_delta(&self, i: usize) -> i32 {
        match self.toks.get(i) {
            Some(t) if t.kind == TokKind::Op => match t.text(self.src) {
                "(" | "[" | "{" => 1,
                ")" | "]" | "}" => -1,
                _ => 0,
            },
            _ => 0,
        }
    }

    /// Indices in `[a, b)` of depth-0 tokens satisfying `pred`, skipping the
    /// parameter lists of depth-0 lambdas (whose `=` and `:` belong to the lambda).
    pub(crate) fn depth0_matches(
        &self,
        a: usize,
        b: usize,
        pred: impl Fn(&Token) -> bool,
    ) -> Vec<usize> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut lambdas = 0u32;
        for i in a..b.min(self.toks.len()) {
            let delta = self.bracket_delta(i);
            if delta > 0 {
                depth += 1;
                continue;
            }
            if delta < 0 {
                depth = (depth - 1).max(0);
                continue;
            }
            if depth != 0 {
                continue;
            }
            let t = &self.toks[i];
            if t.is_name(self.src, "lambda") {
                lambdas += 1;
                continue;
            }
            if lambdas > 0 {
                if t.is_op(self.src, ":") {
                    lambdas -= 1;
                }
                continue;
            }
            if pred(t) {
                out.push(i);
            }
        }
        out
    }

    pub(crate) fn find_depth0_op(&self, a: usize, b: usize, ops: &[&str]) -> Option<usize> {
        let src = self.src;
        self.depth0_matches(a, b, |t| {
            t.kind == TokKind::Op && ops.contains(&t.text(src))
        })
        .first()
        .copied()
    }

    /// Splits `[a, b)` at depth-0 occurrences of the operator `sep`.
    pub(crate) fn split_depth0(&self, a: usize, b: usize, sep: &str) -> Vec<(usize, usize)> {
        let cuts = self.depth0_matches(a, b, |t| t.is_op(self.src, sep));
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut start = a;
        for c in cuts {
            out.push((start, c));
            start = c + 1;
        }
        out.push((start, b));
        out
    }

    /// Bare names (not keywords, not attributes after `.`) in `[a, b)` with their
    /// bracket depth relative to `a`. With `skip_kwargs`, names directly followed by
    /// `=` (keyword arguments, lambda defaults) are left out.
    pub(crate) fn bare_names(&self, a: usize, b: usize, skip_kwargs: bool) -> Vec<(usize, u32)> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        for i in a..b.min(self.toks.len()) {
            let delta = self.bracket_delta(i);
            depth = (depth + delta).max(0);
            if delta != 0 || !self.is_bare_name(i) {
                continue;
            }
            if i > 0 && self.is_op(i - 1, ".") {
                continue;
            }
            if skip_kwargs && self.is_op(i + 1, "=") {
                continue;
            }
            out.push((i, depth as u32));
        }
        out
    }

    /// Splits the names of an assignment-like target in `[a, b)` into names that
    /// the statement binds or modifies (`targets`) and names it only reads
    /// (inside subscripts and call arguments).
    pub(crate) fn target_names(&self, a: usize, b: usize) -> (Vec<usize>, Vec<usize>) {
        let (mut targets, mut reads) = (Vec::new(), Vec::new());
        // For each open bracket: is it a subscript/call (reads inside) or grouping?
        let mut stack: Vec<bool> = Vec::new();
        for i in a..b.min(self.toks.len()) {
            let delta = self.bracket_delta(i);
            if delta > 0 {
                let prev_is_value = i > a
                    && self.toks.get(i - 1).is_some_and(|p| {
                        matches!(p.kind, TokKind::Name | TokKind::Str(_) | TokKind::Number)
                            && !is_keyword(p.text(self.src))
                            || p.kind == TokKind::Op && matches!(p.text(self.src), ")" | "]" | "}")
                    });
                let reading =
                    stack.last().copied().unwrap_or(false) || prev_is_value || self.text(i) == "{";
                stack.push(reading);
                continue;
            }
            if delta < 0 {
                stack.pop();
                continue;
            }
            if !self.is_bare_name(i) || (i > 0 && self.is_op(i - 1, ".")) {
                continue;
            }
            if stack.last().copied().unwrap_or(false) {
                reads.push(i);
            } else {
                targets.push(i);
            }
        }
        (targets, reads)
    }

    /// Classifies the assignment target `[a, b)`.
    pub(crate) fn classify_target(&self, a: usize, b: usize) -> Target {
        if b == a + 1 && self.is_bare_name(a) {
            return Target::Name(a);
        }
        let (mut a, mut b) = (a, b);
        if b >= a + 2
            && ((self.is_op(a, "(") && self.is_op(b - 1, ")"))
                || (self.is_op(a, "[") && self.is_op(b - 1, "]")))
        {
            // Only strip when the brackets enclose the whole target.
            let inner = self.depth0_matches(a, b, |_| true);
            if inner.is_empty() {
                a += 1;
                b -= 1;
            }
        }
        let parts = self.split_depth0(a, b, ",");
        let mut names = Vec::with_capacity(parts.len());
        for (i, &(s, e)) in parts.iter().enumerate() {
            if s == e && i == parts.len() - 1 && i > 0 {
                continue; // trailing comma
            }
            if e != s + 1 || !self.is_bare_name(s) {
                return Target::Other;
            }
            names.push(s);
        }
        if names.is_empty() {
            return Target::Other;
        }
        if names.len() == 1 && parts.len() == 1 {
            return Target::Name(names[0]);
        }
        Target::Names(names)
    }
}
