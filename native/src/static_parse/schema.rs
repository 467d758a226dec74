//! rez's package schema for literal values (`rez/package_maker.py: package_schema`): which shapes rez rejects.
//!
//! A developer package (what `rez build` / `rez release` and editors read) is validated by
//! `package_schema` after `None` values are dropped; this module answers, for a literal
//! field value, whether that validation would reject it and where. It also names the
//! requirement strings rez's developer loading rewrites (wildcards such as `python-*`,
//! `rez/package_py_utils.py: expand_requirement`).

use super::literal::{Literal, LiteralKind};
use super::span::Span;

/// A literal value rez's package schema rejects: what was expected, and the offending (sub)value.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeProblem {
    pub expected: &'static str,
    pub found: &'static str,
    pub span: Span,
}

/// The part of rez's schema a value must match.
enum Shape {
    Str,
    Bool,
    /// `None` or a bool (`relocatable`, `cachable`).
    OptionalBool,
    Dict,
    List(&'static Shape),
    /// A string, or a list of lists of strings (`help`).
    Help,
    /// A string, a list of strings, or `False` (`build_command`).
    BuildCommand,
    Tests,
}

const STR_LIST: Shape = Shape::List(&Shape::Str);
const VARIANTS: Shape = Shape::List(&STR_LIST);

fn shape_of(field: &str) -> Option<&'static Shape> {
    Some(match field {
        "name"
        | "version"
        | "description"
        | "uuid"
        | "base"
        | "build_system"
        | "requires_rez_version" => &Shape::Str,
        "authors" | "requires" | "build_requires" | "private_build_requires" | "tools" => &STR_LIST,
        "variants" => &VARIANTS,
        "hashed_variants" => &Shape::Bool,
        "relocatable" | "cachable" => &Shape::OptionalBool,
        "config" => &Shape::Dict,
        "help" => &Shape::Help,
        "build_command" => &Shape::BuildCommand,
        "tests" => &Shape::Tests,
        _ => return None,
    })
}

fn problem(expected: &'static str, lit: &Literal) -> Option<ShapeProblem> {
    Some(ShapeProblem {
        expected,
        found: lit.type_name(),
        span: lit.span,
    })
}

fn check(shape: &Shape, lit: &Literal) -> Option<ShapeProblem> {
    match (shape, &lit.kind) {
        (Shape::Str, LiteralKind::Str(_)) => None,
        (Shape::Str, _) => problem("a str", lit),
        (Shape::Bool, LiteralKind::Bool(_)) => None,
        (Shape::Bool, _) => problem("a bool", lit),
        (Shape::OptionalBool, LiteralKind::Bool(_) | LiteralKind::None) => None,
        (Shape::OptionalBool, _) => problem("a bool or None", lit),
        (Shape::Dict, LiteralKind::Dict(_)) => None,
        (Shape::Dict, _) => problem("a dict", lit),
        (Shape::List(item), LiteralKind::List(items)) => items.iter().find_map(|i| check(item, i)),
        (Shape::List(&Shape::Str), _) => problem("a list of strings", lit),
        (Shape::List(_), _) => problem("a list of lists of strings", lit),
        (Shape::Help, LiteralKind::Str(_)) => None,
        (Shape::Help, LiteralKind::List(_)) => check(&VARIANTS, lit).map(|p| ShapeProblem {
            expected: "a str or a list of [label, URL] lists",
            ..p
        }),
        (Shape::Help, _) => problem("a str or a list of [label, URL] lists", lit),
        (Shape::BuildCommand, LiteralKind::Str(_) | LiteralKind::Bool(false)) => None,
        (Shape::BuildCommand, LiteralKind::List(_)) => check(&STR_LIST, lit),
        (Shape::BuildCommand, _) => problem("a str, a list of strings or False", lit),
        (Shape::Tests, LiteralKind::Dict(_)) => tests_problem(lit),
        (Shape::Tests, _) => problem("a dict of tests", lit),
    }
}

/// rez's `tests_schema`: `{name: command | {"command": command, "requires": [...], ...}}`.
fn tests_problem(lit: &Literal) -> Option<ShapeProblem> {
    for (key, value) in lit.dict_entries().unwrap_or_default() {
        if key.as_str().is_none() {
            return problem("a str (test name)", key);
        }
        let p = match &value.kind {
            LiteralKind::Str(_) => None,
            LiteralKind::List(_) => check(&STR_LIST, value),
            LiteralKind::Dict(_) => test_options_problem(value),
            _ => problem("a command (str or list of strings) or a dict", value),
        };
        if p.is_some() {
            return p;
        }
    }
    None
}

fn test_options_problem(test: &Literal) -> Option<ShapeProblem> {
    let command = |v: &Literal| match &v.kind {
        LiteralKind::Str(_) => None,
        LiteralKind::List(_) => check(&STR_LIST, v),
        _ => problem("a str or a list of strings", v),
    };
    let Some(cmd) = test.dict_get("command") else {
        return problem("a dict with a 'command' key", test);
    };
    if let Some(p) = command(cmd) {
        return Some(p);
    }
    if let Some(p) = test.dict_get("requires").and_then(|r| check(&STR_LIST, r)) {
        return Some(p);
    }
    if let Some(p) = test.dict_get("run_on").and_then(command) {
        return Some(p);
    }
    let on = test.dict_get("on_variants")?;
    let expected = "a bool or {'type': 'requires', 'value': [...]}";
    match &on.kind {
        LiteralKind::Bool(_) => None,
        LiteralKind::Dict(_) => {
            let n = on.dict_entries().map_or(0, |e| e.len());
            let typed = on.dict_get("type").and_then(Literal::as_str) == Some("requires");
            match on.dict_get("value") {
                Some(v) if typed && n == 2 => check(&STR_LIST, v),
                _ => problem(expected, on),
            }
        }
        _ => problem(expected, on),
    }
}

/// Whether rez's developer package loading would reject the literal value of `field`.
///
/// `None` values pass: rez drops them before validating. Fields outside rez's schema
/// (arbitrary attributes) accept anything.
pub fn developer_shape_problem(field: &str, value: &Literal) -> Option<ShapeProblem> {
    if matches!(value.kind, LiteralKind::None) && field != "name" {
        return None;
    }
    check(shape_of(field)?, value)
}

/// Whether rez's developer package loading rewrites this requirement string before use:
/// `expand_requirement` expands every string containing `*` against the packages path
/// (`python-*` -> `python-3`), or fails on it.
pub fn is_wildcard_requirement(requirement: &str) -> bool {
    requirement.contains('*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::static_parse::parse_package;

    fn shape(src: &str) -> Option<(&'static str, &'static str)> {
        let p = parse_package(src);
        let f = &p.fields[0];
        developer_shape_problem(&f.name, f.literal().unwrap()).map(|p| (p.expected, p.found))
    }

    #[test]
    fn rez_schema_rejections() {
        let cases = [
            ("requires = ['a']", None),
            ("requires = None", None),
            ("requires = 'a'", Some(("a list of strings", "str"))),
            ("requires = ('a',)", Some(("a list of strings", "tuple"))),
            ("requires = ['a', 1]", Some(("a str", "int"))),
            ("variants = [['a'], ('b',)]", Some(("a list of strings", "tuple"))),
            ("variants = []", None),
            ("version = 1.0", Some(("a str", "float"))),
            ("name = None", Some(("a str", "NoneType"))),
            ("help = [['Docs', 'http://x']]", None),
            (
                "help = [('Docs', 'http://x')]",
                Some(("a str or a list of [label, URL] lists", "tuple")),
            ),
            ("build_command = False", None),
            ("build_command = True", Some(("a str, a list of strings or False", "bool"))),
            ("relocatable = None", None),
            ("tests = {'a': 'x', 'b': ['y'], 'c': {'command': 'z', 'requires': ['p']}}", None),
            ("tests = {'a': ('x',)}", Some(("a command (str or list of strings) or a dict", "tuple"))),
            ("tests = {'a': {'requires': []}}", Some(("a dict with a 'command' key", "dict"))),
            (
                "tests = {'a': {'command': 'x', 'on_variants': {'type': 'requires', 'value': ['p']}}}",
                None,
            ),
            ("tests = {'a': {'command': 'x', 'on_variants': 1}}", Some(("a bool or {'type': 'requires', 'value': [...]}", "int"))),
            ("anything = (1, 'x')", None),
        ];
        for (src, want) in cases {
            assert_eq!(shape(src), want, "{src}");
        }
    }
}
