//! The result of reading a package.py: its top-level fields (literal or computed) and syntax errors.

use super::error::SyntaxError;
use super::literal::{Literal, LiteralKind};
use super::span::{Span, Spanned};

/// One top-level name binding of the file, as Python would leave it after running it.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    /// Span of the name at the binding that produced this value.
    pub name_span: Span,
    pub value: FieldValue,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    /// A plain literal, with spans on every node.
    Literal(Literal),
    /// The value depends on running code; never guessed.
    Computed(Computed),
}

/// Why (and where) a field's value is computed rather than literal.
#[derive(Clone, Debug, PartialEq)]
pub struct Computed {
    pub kind: ComputedKind,
    /// Human-readable explanation, e.g. "defined by `def requires()` at line 4".
    pub reason: String,
    /// The code responsible: the non-literal value, the `def` statement, the
    /// modifying statement, ...
    pub span: Span,
    /// What gives the field its value.
    pub evaluation: Evaluation,
}

/// What evaluates a computed field (rez's package.py loading, `rez/serialise.py`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Evaluation {
    /// Running the file when rez loads the package (module-level code).
    #[default]
    Load,
    /// An `@early()` function: rez calls it when it loads the package.
    Early,
    /// An `@late()` function: rez calls it when a resolved context reads the attribute.
    Late,
    /// A function without `@early`/`@late`: rez drops it (the attribute is not set),
    /// except for the commands functions, which rez runs in a resolved context.
    Dropped,
}

impl Evaluation {
    /// What would evaluate it, in words ("rez, when it loads the package").
    pub fn describe(self) -> &'static str {
        match self {
            Evaluation::Load => "rez, when it loads the package",
            Evaluation::Early => "rez, which calls the @early function when it loads the package",
            Evaluation::Late => {
                "rez, which calls the @late function when a resolved context reads the attribute"
            }
            Evaluation::Dropped => {
                "nothing: rez drops a function without @early or @late, so the attribute is not set"
            }
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Evaluation::Load => "load",
            Evaluation::Early => "early",
            Evaluation::Late => "late",
            Evaluation::Dropped => "dropped",
        }
    }
}

/// A top-level statement binding a name (an assignment, `def` or `class`), for outlines.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub name: String,
    pub kind: StatementKind,
    pub name_span: Span,
    /// The whole statement (decorators and body included for `def` / `class`).
    pub span: Span,
    /// The assigned literal, when the value is one.
    pub value: Option<Literal>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementKind {
    Assign,
    Def,
    Class,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComputedKind {
    /// Bound by `def name(...)` (possibly decorated, e.g. `@early()`).
    Function,
    /// Bound by `class name: ...`.
    Class,
    /// Assigned a value that is not a literal (names, calls, operators, f-strings, ...).
    Expression,
    /// Bound inside `if`/`for`/`while`/`try`/`with`/`match`.
    Conditional,
    /// Bound by `import` / `from ... import`.
    Import,
    /// Rebound by an augmented assignment such as `+=`.
    AugmentedAssignment,
    /// Bound by tuple unpacking or another non-simple assignment target.
    Unpacking,
    /// A mutable literal later referenced by code that may modify it in place.
    Modified,
    /// Removed with `del`.
    Deleted,
    /// Declared `global` inside a function, so calling it may rebind the name.
    Global,
    /// Possibly set through `exec`, `globals()`, a wildcard import, ...
    Dynamic,
    /// The statement binding it has a syntax error (or a value Python would reject).
    Invalid,
    /// Set through rez's `scope("name")` context (e.g. `with scope("config") as c:`).
    Scope,
}

impl ComputedKind {
    /// A stable lowercase name, e.g. "augmented_assignment".
    pub fn name(self) -> &'static str {
        match self {
            ComputedKind::Function => "function",
            ComputedKind::Class => "class",
            ComputedKind::Expression => "expression",
            ComputedKind::Conditional => "conditional",
            ComputedKind::Import => "import",
            ComputedKind::AugmentedAssignment => "augmented_assignment",
            ComputedKind::Unpacking => "unpacking",
            ComputedKind::Modified => "modified",
            ComputedKind::Deleted => "deleted",
            ComputedKind::Global => "global",
            ComputedKind::Dynamic => "dynamic",
            ComputedKind::Invalid => "invalid",
            ComputedKind::Scope => "scope",
        }
    }
}

impl Field {
    /// The span of the whole value (the literal, or the code computing it).
    pub fn value_span(&self) -> Span {
        match &self.value {
            FieldValue::Literal(l) => l.span,
            FieldValue::Computed(c) => c.span,
        }
    }

    pub fn literal(&self) -> Option<&Literal> {
        match &self.value {
            FieldValue::Literal(l) => Some(l),
            FieldValue::Computed(_) => None,
        }
    }

    pub fn computed(&self) -> Option<&Computed> {
        match &self.value {
            FieldValue::Computed(c) => Some(c),
            FieldValue::Literal(_) => None,
        }
    }
}

/// Everything read from one package.py.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackageSource {
    /// The final binding of every top-level name, in the order those bindings appear.
    pub fields: Vec<Field>,
    /// Earlier bindings that a later one replaced, and literal values that code
    /// later modified (kept for editors: "this value is overridden at line N").
    pub overridden: Vec<Field>,
    /// Syntax errors, in source order. Reading stops at the first lexical error
    /// (as Python does), so fields after it are missing.
    pub errors: Vec<SyntaxError>,
    /// Top-level assignments, `def`s and `class`es in source order (every binding, not
    /// only the last one of each name); filled by the `*_with_statements` readers only.
    pub statements: Vec<Statement>,
}

/// The outcome of reading one field with an expected shape.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldRead<'a, T> {
    /// The file does not bind the name.
    Absent,
    Value(T),
    Computed(&'a Computed),
    /// A literal of the wrong type; `span` points at the offending (sub)value.
    WrongType {
        expected: &'static str,
        found: &'static str,
        span: Span,
    },
}

impl<'a, T> FieldRead<'a, T> {
    pub fn value(self) -> Option<T> {
        match self {
            FieldRead::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, FieldRead::Absent)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> FieldRead<'a, U> {
        match self {
            FieldRead::Absent => FieldRead::Absent,
            FieldRead::Value(v) => FieldRead::Value(f(v)),
            FieldRead::Computed(c) => FieldRead::Computed(c),
            FieldRead::WrongType {
                expected,
                found,
                span,
            } => FieldRead::WrongType {
                expected,
                found,
                span,
            },
        }
    }
}

fn wrong<'a, T>(expected: &'static str, lit: &Literal) -> FieldRead<'a, T> {
    FieldRead::WrongType {
        expected,
        found: lit.type_name(),
        span: lit.span,
    }
}

/// A type mismatch: (expected, found, span of the offending value).
pub(crate) type Mismatch = (&'static str, &'static str, Span);

/// Reads a list of strings, pointing at the first non-string item on failure. rez's
/// package schema wants a list: a tuple is rejected too.
pub(crate) fn string_items(lit: &Literal) -> Result<Vec<Spanned<String>>, Mismatch> {
    let LiteralKind::List(items) = &lit.kind else {
        return Err(("list of strings", lit.type_name(), lit.span));
    };
    items
        .iter()
        .map(|item| {
            item.as_spanned_str()
                .ok_or(("str", item.type_name(), item.span))
        })
        .collect()
}

impl<'a, T> From<Result<T, Mismatch>> for FieldRead<'a, T> {
    fn from(r: Result<T, Mismatch>) -> Self {
        match r {
            Ok(v) => FieldRead::Value(v),
            Err((expected, found, span)) => FieldRead::WrongType {
                expected,
                found,
                span,
            },
        }
    }
}

impl PackageSource {
    /// The final binding of `name`, if the file binds it at top level.
    pub fn get(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The literal value of `name`, if it is bound to a plain literal.
    pub fn literal(&self, name: &str) -> Option<&Literal> {
        self.get(name)?.literal()
    }

    /// True when Python would compile the file (no syntax error was found).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Reads `name` as a literal and converts it with `f`.
    pub fn read<'a, T>(
        &'a self,
        name: &str,
        f: impl FnOnce(&Literal) -> FieldRead<'a, T>,
    ) -> FieldRead<'a, T> {
        match self.get(name).map(|f| &f.value) {
            None => FieldRead::Absent,
            Some(FieldValue::Computed(c)) => FieldRead::Computed(c),
            Some(FieldValue::Literal(l)) => f(l),
        }
    }

    pub fn read_string(&self, name: &str) -> FieldRead<'_, Spanned<String>> {
        self.read(name, |l| match l.as_spanned_str() {
            Some(s) => FieldRead::Value(s),
            None => wrong("str", l),
        })
    }

    pub fn read_string_list(&self, name: &str) -> FieldRead<'_, Vec<Spanned<String>>> {
        self.read(name, |l| string_items(l).into())
    }

    /// `variants`: a list of lists of requirement strings.
    pub fn read_variants(&self) -> FieldRead<'_, Vec<Vec<Spanned<String>>>> {
        self.read("variants", |l| {
            let LiteralKind::List(rows) = &l.kind else {
                return wrong("list of lists of strings", l);
            };
            rows.iter()
                .map(string_items)
                .collect::<Result<Vec<_>, _>>()
                .into()
        })
    }

    pub fn name(&self) -> Option<String> {
        self.read_string("name").value().map(|s| s.value)
    }

    pub fn version(&self) -> Option<String> {
        self.read_string("version").value().map(|s| s.value)
    }

    pub fn requires(&self) -> Option<Vec<Spanned<String>>> {
        self.read_string_list("requires").value()
    }

    pub fn build_requires(&self) -> Option<Vec<Spanned<String>>> {
        self.read_string_list("build_requires").value()
    }

    pub fn private_build_requires(&self) -> Option<Vec<Spanned<String>>> {
        self.read_string_list("private_build_requires").value()
    }

    pub fn variants(&self) -> Option<Vec<Vec<Spanned<String>>>> {
        self.read_variants().value()
    }
}
