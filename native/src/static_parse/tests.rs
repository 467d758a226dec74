//! Unit tests of the whole reader: fields, spans, computed detection and errors.

use super::*;

fn pkg(src: &str) -> PackageSource {
    parse_package(src)
}

fn kind_of(p: &PackageSource, name: &str) -> Option<ComputedKind> {
    p.get(name).and_then(Field::computed).map(|c| c.kind)
}

#[test]
fn reads_plain_fields() {
    let p = pkg("name = 'foo'\nversion = \"1.2.3\"\nrequires = ['a-1', 'b']\nvariants = [['x'], ['y', 'z']]\n");
    assert!(p.is_valid(), "{:?}", p.errors);
    assert_eq!(p.name().as_deref(), Some("foo"));
    assert_eq!(p.version().as_deref(), Some("1.2.3"));
    let req: Vec<String> = p.requires().unwrap().into_iter().map(|s| s.value).collect();
    assert_eq!(req, ["a-1", "b"]);
    let v = p.variants().unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[1][1].value, "z");
}

#[test]
fn spans_use_utf16_columns() {
    let src = "description = '\u{1F600}'; requires = ['\u{e9}x', 'y']";
    let p = pkg(src);
    let req = p.requires().unwrap();
    // "description = '😀'; requires = [" : 😀 is 2 UTF-16 units.
    let first = &req[0];
    assert_eq!(first.span.text(src), "'\u{e9}x'");
    assert_eq!(first.span.start.line, 0);
    assert_eq!(first.span.start.column, 32);
    assert_eq!(first.span.end.column, 36);
    assert_eq!(first.span.start.offset, src.find("'\u{e9}").unwrap());
    let field = p.get("requires").unwrap();
    assert_eq!(field.name_span.text(src), "requires");
    assert_eq!(field.value_span().text(src), "['\u{e9}x', 'y']");
}

#[test]
fn last_binding_wins() {
    let p = pkg("requires = ['a']\nrequires = ['b']\n");
    assert_eq!(p.requires().unwrap()[0].value, "b");
    assert_eq!(p.overridden.len(), 1);
    let p = pkg("def requires():\n    return ['a']\nrequires = ['b']\n");
    assert_eq!(p.requires().unwrap()[0].value, "b");
    let p = pkg("requires = ['b']\n@early()\ndef requires():\n    return ['a']\n");
    assert_eq!(kind_of(&p, "requires"), Some(ComputedKind::Function));
    let reason = &p.get("requires").unwrap().computed().unwrap().reason;
    assert!(reason.contains("@early()"), "{reason}");
}

#[test]
fn computed_forms() {
    let cases = [
        ("requires = base + ['x']", ComputedKind::Expression),
        ("requires = ['a'] + ('b',)", ComputedKind::Expression),
        ("requires = ['a'] + ['b'] * 2", ComputedKind::Expression),
        ("requires = ['a-{}'.format(v)]", ComputedKind::Expression),
        ("requires = ['a-%s' % v]", ComputedKind::Expression),
        ("requires = [r for r in x]", ComputedKind::Expression),
        ("requires = f'x'", ComputedKind::Expression),
        ("requires = 'a' if x else 'b'", ComputedKind::Expression),
        ("requires = foo()", ComputedKind::Expression),
        ("if x:\n    requires = ['a']\n", ComputedKind::Conditional),
        ("for requires in x:\n    pass\n", ComputedKind::Conditional),
        ("with x as requires:\n    pass\n", ComputedKind::Conditional),
        (
            "try:\n    import foo\nexcept ImportError as requires:\n    pass\n",
            ComputedKind::Conditional,
        ),
        ("from foo import requires", ComputedKind::Import),
        ("import requires", ComputedKind::Import),
        ("import a.b as requires", ComputedKind::Import),
        (
            "requires = ['a']\nrequires += ['b']",
            ComputedKind::AugmentedAssignment,
        ),
        (
            "requires = ['a']\nrequires.append('b')",
            ComputedKind::Modified,
        ),
        (
            "requires = ['a']\nrequires[0] = 'b'",
            ComputedKind::Modified,
        ),
        ("requires = ['a']\nx = requires", ComputedKind::Modified),
        (
            "requires = ['a']\nprint(f'{requires}')",
            ComputedKind::Modified,
        ),
        ("requires = ['a']\ndel requires", ComputedKind::Deleted),
        ("requires, x = y", ComputedKind::Expression),
        ("requires, x = ['a'], 1, 2", ComputedKind::Unpacking),
        ("class requires:\n    pass\n", ComputedKind::Class),
        (
            "requires = ['a']\nexec('requires = []')",
            ComputedKind::Dynamic,
        ),
        ("from os import *", ComputedKind::Dynamic),
        (
            "requires = ['a']\nglobals()['requires'] = []",
            ComputedKind::Dynamic,
        ),
        (
            "def f():\n    global requires\n    requires = ['x']\n",
            ComputedKind::Global,
        ),
        (
            "requires = ['a']\ndef f():\n    requires.append('x')\nf()\n",
            ComputedKind::Modified,
        ),
        (
            "requires = ['a']\nclass C:\n    requires.append('x')\n",
            ComputedKind::Modified,
        ),
        ("(requires := ['a'])", ComputedKind::Expression),
        (
            "requires = ['a']\ndef f(x=requires): pass\n",
            ComputedKind::Modified,
        ),
        ("requires = ['a']\na = b = requires", ComputedKind::Modified),
        ("requires = {[1]: 2}", ComputedKind::Expression),
        ("requires = -x", ComputedKind::Expression),
        (
            "match x:\n    case requires:\n        pass\n",
            ComputedKind::Conditional,
        ),
        ("ｒｅｑｕｉｒｅｓ = g()", ComputedKind::Expression),
        ("\u{1d42b}equires = []", ComputedKind::Dynamic),
    ];
    for (src, want) in cases {
        let p = pkg(src);
        assert!(p.is_valid(), "{src}: {:?}", p.errors);
        assert_eq!(
            kind_of(&p, "requires"),
            Some(want),
            "{src}: {:?}",
            p.get("requires")
        );
        assert!(p.requires().is_none());
    }
}

#[test]
fn harmless_statements_do_not_taint() {
    let src = "\
import os
from rez.utils import early
name = 'foo'
version = '1.0'
x = name + '-' + version
print(version.upper())
requires = ['a']
if os.name == 'nt':
    pass
def commands():
    env.PATH.append('{root}/bin')
    for r in requires:
        print(r)
@early()
def build_requires():
    return []
tools = [name]
help = {'k': 'v'}.get('k')
with open('x') as f:
    f.read()
";
    let p = pkg(src);
    assert!(p.is_valid(), "{:?}", p.errors);
    assert_eq!(p.requires().unwrap()[0].value, "a");
    assert_eq!(p.name().as_deref(), Some("foo"));
    assert_eq!(kind_of(&p, "build_requires"), Some(ComputedKind::Function));
    assert_eq!(kind_of(&p, "os"), Some(ComputedKind::Import));
    assert_eq!(kind_of(&p, "f"), Some(ComputedKind::Conditional));
}

#[test]
fn chained_aliases_share_modifications() {
    let p = pkg("requires = tools = ['a']\ntools.append('b')\n");
    assert_eq!(kind_of(&p, "requires"), Some(ComputedKind::Modified));
    let p = pkg("requires = ['a']\ntools = ['a']\ntools.append('b')\n");
    assert!(p.requires().is_some());
    let p = pkg("name = version = 'x'\nname += 'y'\n");
    assert_eq!(p.version().as_deref(), Some("x"));
}

#[test]
fn unpacking_literals() {
    let p = pkg("name, version = 'foo', '1.0'\n[requires, variants] = (['a'], [])\n");
    assert!(p.is_valid());
    assert_eq!(p.name().as_deref(), Some("foo"));
    assert_eq!(p.version().as_deref(), Some("1.0"));
    assert_eq!(p.requires().unwrap().len(), 1);
    assert_eq!(p.variants().unwrap().len(), 0);
}

#[test]
fn literal_kinds() {
    let p = pkg("a = (1, -2.5, 3j, 1+2j, 0x10, True, None, ..., b'x', {1, 2}, {'k': [()]}, -0)\n");
    let lit = p.literal("a").unwrap();
    let items = lit.as_sequence().unwrap();
    assert_eq!(items[0].kind, LiteralKind::Int("1".into()));
    assert_eq!(items[1].kind, LiteralKind::Float(-2.5));
    assert_eq!(items[2].kind, LiteralKind::Complex { re: 0.0, im: 3.0 });
    assert_eq!(items[3].kind, LiteralKind::Complex { re: 1.0, im: 2.0 });
    assert_eq!(items[4].kind, LiteralKind::Int("16".into()));
    assert_eq!(items[5].kind, LiteralKind::Bool(true));
    assert_eq!(items[6].kind, LiteralKind::None);
    assert_eq!(items[7].kind, LiteralKind::Ellipsis);
    assert_eq!(items[8].kind, LiteralKind::Bytes(b"x".to_vec()));
    assert!(matches!(items[9].kind, LiteralKind::Set(ref v) if v.len() == 2));
    assert!(matches!(items[10].kind, LiteralKind::Dict(_)));
    assert_eq!(items[11].kind, LiteralKind::Int("0".into()));
    let p = pkg("version = 1.0\n");
    assert!(matches!(
        p.read_string("version"),
        FieldRead::WrongType { found: "float", .. }
    ));
}

#[test]
fn tests_field() {
    let src = "tests = {\n  'unit': 'pytest',\n  'lint': {'command': ['flake8', '.'], 'requires': ['flake8'], 'run_on': 'pre_release', 'on_variants': True},\n}\n";
    let p = pkg(src);
    let tests = p.tests().unwrap();
    assert_eq!(tests.len(), 2);
    assert_eq!(tests[0].name.value, "unit");
    assert!(matches!(&tests[0].command, TestCommand::Shell(s) if s.value == "pytest"));
    assert_eq!(tests[1].requires[0].value, "flake8");
    assert_eq!(tests[1].requires[0].span.start.line, 2);
    assert_eq!(tests[1].run_on[0].value, "pre_release");
    assert!(tests[1].on_variants.is_some());
    assert!(pkg("tests = {'a': {'requires': []}}").tests().is_none());
}

#[test]
fn static_data_rules() {
    let s = static_package_data("name = 'x'").unwrap();
    assert_eq!(
        (s.version.as_str(), s.requires.len(), s.variants.len()),
        ("", 0, 0)
    );
    assert!(static_package_data("version = '1'").is_none());
    assert!(static_package_data("name = 'x'\nversion = 1").is_none());
    assert!(static_package_data("name = 'x'\nrequires = 'a'").is_none());
    assert!(static_package_data("name = 'x'\nvariants = [['a'], 'b']").is_none());
    assert!(static_package_data("name = 'x'\nrequires = ['a'\n").is_none());
    let why = parse_package("name = 'x'\ndef variants():\n    return []\n")
        .static_package_result()
        .unwrap_err();
    assert!(why.contains("variants"), "{why}");
    // Fields other than the four do not matter.
    assert!(
        static_package_data("name = 'x'\ndef commands():\n    pass\ndescription = g()\n").is_some()
    );
}

#[test]
fn errors_have_positions() {
    let p = pkg("name = 'x'\nrequires = ['a\n");
    assert_eq!(p.errors.len(), 1);
    let e = &p.errors[0];
    assert!(
        e.message.starts_with("unterminated string literal"),
        "{}",
        e.message
    );
    assert_eq!((e.span.start.line, e.span.start.column), (1, 12));
    assert_eq!(p.name().as_deref(), Some("x"));
    assert_eq!(kind_of(&p, "requires"), Some(ComputedKind::Invalid));
}
