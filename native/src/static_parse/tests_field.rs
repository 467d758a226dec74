//! Reading the rez `tests` field: test name -> command string/list or a dict of options.

use super::literal::{Literal, LiteralKind};
use super::package::{string_items, FieldRead, Mismatch, PackageSource};
use super::span::{Span, Spanned};

/// One entry of a package's `tests` dict.
#[derive(Clone, Debug, PartialEq)]
pub struct PackageTest {
    pub name: Spanned<String>,
    pub command: TestCommand,
    /// `requires` of the test (empty when not given).
    pub requires: Vec<Spanned<String>>,
    /// `run_on` (a single string is returned as a one-item list; empty when not given).
    pub run_on: Vec<Spanned<String>>,
    /// `on_variants` as written (a bool or a dict), if given.
    pub on_variants: Option<Literal>,
    /// The requirement strings of `on_variants = {"type": "requires", "value": [...]}`.
    pub on_variants_requires: Vec<Spanned<String>>,
    /// Span of the entry's value.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TestCommand {
    /// A command line run through the shell.
    Shell(Spanned<String>),
    /// An argument list.
    Args(Vec<Spanned<String>>),
}

fn mismatch(expected: &'static str, lit: &Literal) -> Mismatch {
    (expected, lit.type_name(), lit.span)
}

fn command(lit: &Literal) -> Result<TestCommand, Mismatch> {
    match &lit.kind {
        LiteralKind::Str(s) => Ok(TestCommand::Shell(Spanned {
            value: s.clone(),
            span: lit.span,
        })),
        LiteralKind::List(_) => string_items(lit).map(TestCommand::Args),
        _ => Err(mismatch("str or list of strings", lit)),
    }
}

/// rez's `on_variants`: a bool, or `{"type": "requires", "value": [requirement, ...]}`.
fn on_variants(lit: &Literal) -> Result<Vec<Spanned<String>>, Mismatch> {
    let expected = "bool or {'type': 'requires', 'value': [...]}";
    match &lit.kind {
        LiteralKind::Bool(_) => Ok(Vec::new()),
        LiteralKind::Dict(_) => {
            let entries = lit.dict_entries().unwrap_or_default();
            let typed = lit.dict_get("type").and_then(Literal::as_str) == Some("requires");
            match lit.dict_get("value") {
                Some(v) if typed && entries.len() == 2 => string_items(v),
                _ => Err(mismatch(expected, lit)),
            }
        }
        _ => Err(mismatch(expected, lit)),
    }
}

fn entry(name: &Literal, value: &Literal) -> Result<PackageTest, Mismatch> {
    let name = name.as_spanned_str().ok_or_else(|| mismatch("str", name))?;
    let mut test = PackageTest {
        name,
        command: TestCommand::Args(Vec::new()),
        requires: Vec::new(),
        run_on: Vec::new(),
        on_variants: None,
        on_variants_requires: Vec::new(),
        span: value.span,
    };
    if !matches!(value.kind, LiteralKind::Dict(_)) {
        test.command = command(value).map_err(|_| mismatch("str, list or dict", value))?;
        return Ok(test);
    }
    let cmd = value
        .dict_get("command")
        .ok_or(("dict with a 'command' key", "dict", value.span))?;
    test.command = command(cmd)?;
    if let Some(r) = value.dict_get("requires") {
        test.requires = string_items(r)?;
    }
    if let Some(r) = value.dict_get("run_on") {
        test.run_on = match r.as_spanned_str() {
            Some(s) => vec![s],
            None => string_items(r)?,
        };
    }
    if let Some(on) = value.dict_get("on_variants") {
        test.on_variants_requires = on_variants(on)?;
        test.on_variants = Some(on.clone());
    }
    Ok(test)
}

impl PackageSource {
    /// The `tests` dict, entry by entry, in Python's dict order.
    pub fn read_tests(&self) -> FieldRead<'_, Vec<PackageTest>> {
        self.read("tests", |lit| {
            let Some(entries) = lit.dict_entries() else {
                return FieldRead::WrongType {
                    expected: "dict",
                    found: lit.type_name(),
                    span: lit.span,
                };
            };
            entries
                .into_iter()
                .map(|(k, v)| entry(k, v))
                .collect::<Result<Vec<_>, _>>()
                .into()
        })
    }

    pub fn tests(&self) -> Option<Vec<PackageTest>> {
        self.read_tests().value()
    }
}
