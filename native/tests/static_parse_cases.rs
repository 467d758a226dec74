//! Table-driven tests of the static package.py reader: literal forms, computed fields, errors, spans, fuzzing.

mod common;
use common::Rng;
use pyrer::static_parse::{
    parse_package, parse_package_bytes, static_package_data, static_package_data_bytes,
    ComputedKind, Field, FieldValue, Literal, LiteralKind, PackageSource, Position, Span,
};

fn requires_of(src: &str) -> Vec<String> {
    let p = parse_package(src);
    assert!(p.errors.is_empty(), "{src:?}: {:?}", p.errors);
    p.requires()
        .unwrap_or_else(|| panic!("{src:?}: requires not literal: {:?}", p.get("requires")))
        .into_iter()
        .map(|s| s.value)
        .collect()
}

/// Every way Python can spell `requires = ["a-1", "b"]` (or close variants).
#[test]
fn literal_forms() {
    let cases: &[(&str, &[&str])] = &[
        ("requires = ['a-1', 'b']", &["a-1", "b"]),
        ("requires = [\"a-1\", \"b\",]", &["a-1", "b"]),
        ("requires = (['a-1', 'b'])", &["a-1", "b"]),
        ("requires = ['a-1'] + ['b']", &["a-1", "b"]),
        ("requires = ['''a-1''', \"\"\"b\"\"\"]", &["a-1", "b"]),
        ("requires = [r'a\\d', R\"b\"]", &["a\\d", "b"]),
        ("requires = [u'a', U'b']", &["a", "b"]),
        ("requires = ['a' \"-\" '''1''', 'b']", &["a-1", "b"]),
        ("requires = [\n    'a-1',  # first\n    # comment line\n    'b',\n]\n", &["a-1", "b"]),
        ("requires = \\\n    ['a-1', \\\n     'b']", &["a-1", "b"]),
        ("requires = ([\n  'a'\n  '-1',\n  'b'\n])", &["a-1", "b"]),
        ("requires = [('a-1'), ((('b')))]", &["a-1", "b"]),
        ("requires = ['a\\x2d1', '\\u0062']", &["a-1", "b"]),
        ("requires = ['a\\\n-1', 'b']", &["a-1", "b"]),
        ("requires = ['\\N{HYPHEN-MINUS}']", &[]), // replaced below: computed
        ("requires = ['caf\u{e9}', '\u{1F600}']", &["caf\u{e9}", "\u{1F600}"]),
        ("requires = ['a\\tb', 'c\\\\d', 'e\\'f', \"g\\\"h\"]", &["a\tb", "c\\d", "e'f", "g\"h"]),
        ("requires = ['''line1\nline2''']", &["line1\nline2"]),
        ("requires = ['''line1\r\nline2''']", &["line1\nline2"]),
        ("requires = ['\\101\\0']", &["A\0"]),
        ("requires = ['a']; requires = ['b', 'c']", &["b", "c"]),
        ("requires: list = ['a']", &["a"]),
        ("name, requires = 'x', ['a']", &["a"]),
        ("requires = []", &[]),
        ("\u{feff}requires = ['a']", &["a"]),
        ("requires = ['a']\r\nname = 'x'\r\n", &["a"]),
        ("requires = ['a',\r\n    'b']", &["a", "b"]),
        ("requires = ['a',\r    'b']", &["a", "b"]),
        ("if True:\n\tx = 1\nrequires = ['a']", &["a"]),
        ("def f():\n\tif x:\n\t\treturn '''\n  }]) '''\n\treturn 1\nrequires = ['a']", &["a"]),
        ("x = f'{a[\"}\"]!r:>{w}}' f\"{'{'}\"\nrequires = ['a']", &["a"]),
        ("x = f'''{\n  a  # comment\n}'''\nrequires = ['a']", &["a"]),
        ("x = rf'\\{a}' + fr\"{b}\\\"\"\nrequires = ['a']", &["a"]),
        ("x = 1if y else 2\nrequires = ['a']", &["a"]),
        ("x = [1, 2][0]; y = {'a': 1}['a']\nrequires = ['a']", &["a"]),
        ("print 'py2 statement'\nrequires = ['a']", &["a"]),
        ("class A(object):\n    requires = ['x']\n    def f(self):\n        pass\nrequires = ['a']", &["a"]),
        ("match = 1\ncase = 2\ntype = 3\nrequires = ['a']", &["a"]),
        ("match x:\n    case [1, *rest]:\n        pass\n    case _:\n        pass\nrequires = ['a']", &["a"]),
        ("with (open('a') as f, open('b') as g):\n    pass\nrequires = ['a']", &["a"]),
        ("async def f():\n    await g()\nrequires = ['a']", &["a"]),
        ("lam = lambda x=1, *a, **k: (x, a, k)\nrequires = ['a']", &["a"]),
        ("x = {**a, 'b': 1}\ny = [*a]\nrequires = ['a']", &["a"]),
        ("if x:\n    pass\nelif y:\n    pass\nelse:\n    pass\nrequires = ['a']", &["a"]),
        ("try:\n    pass\nexcept (A, B) as e:\n    pass\nfinally:\n    pass\nrequires = ['a']", &["a"]),
        ("x = \\\n  1\nrequires = ['a']", &["a"]),
        ("if 1:\n  \\\n  a = 1\n  b = 2\nrequires = ['a']", &["a"]),
        ("if 1:\n\\\n   a = 1\nrequires = ['a']", &["a"]),
        ("\x0cx = 1\nrequires = ['a']", &["a"]),
        ("x = 1 ;\nrequires = ['a'] ;", &["a"]),
        ("x = ...\nrequires = ['a']", &["a"]),
        ("@decorator\nclass C: pass\nrequires = ['a']", &["a"]),
        ("global requires\nrequires = ['a']", &["a"]),
        ("x = 0xFF + 0o17 + 0b1 + 1_000 + 1.5e-3 + 2j + .5\nrequires = ['a']", &["a"]),
    ];
    for &(src, want) in cases {
        if src.contains("\\N{") {
            let p = parse_package(src);
            assert!(p.errors.is_empty());
            assert_eq!(
                p.get("requires").and_then(Field::computed).map(|c| c.kind),
                Some(ComputedKind::Expression)
            );
            continue;
        }
        assert_eq!(requires_of(src), want, "{src:?}");
    }
}

#[test]
fn other_literal_types() {
    let p = parse_package(
        "timestamp = 1600129484\nflag = True\nnothing = None\nratio = -1.5e3\nbig = 0xFFFFFFFFFFFFFFFFFFFF\n\
         neg = -0x10\nc = 1-2j\ndata = b'\\x00\\xff'\ns = {1, 'a', (2, 3)}\nd = {'a': 1, 'a': 2}\ne = ()\n",
    );
    assert!(p.errors.is_empty());
    let kind = |n: &str| p.literal(n).unwrap().kind.clone();
    assert_eq!(p.literal("timestamp").unwrap().as_i64(), Some(1600129484));
    assert_eq!(kind("flag"), LiteralKind::Bool(true));
    assert_eq!(kind("nothing"), LiteralKind::None);
    assert_eq!(kind("ratio"), LiteralKind::Float(-1500.0));
    assert_eq!(
        kind("big"),
        LiteralKind::Int("1208925819614629174706175".into())
    );
    assert_eq!(kind("neg"), LiteralKind::Int("-16".into()));
    assert_eq!(kind("c"), LiteralKind::Complex { re: 1.0, im: -2.0 });
    assert_eq!(kind("data"), LiteralKind::Bytes(vec![0, 255]));
    assert!(matches!(kind("s"), LiteralKind::Set(v) if v.len() == 3));
    assert_eq!(
        p.literal("d").unwrap().dict_get("a").unwrap().as_i64(),
        Some(2)
    );
    assert_eq!(p.literal("d").unwrap().dict_entries().unwrap().len(), 1);
    assert_eq!(kind("e"), LiteralKind::Tuple(vec![]));
}

/// (source, field, expected kind)
#[test]
fn computed_fields() {
    let cases: &[(&str, &str, ComputedKind)] = &[
        ("def requires():\n    return ['a']\n", "requires", ComputedKind::Function),
        ("@early()\ndef variants():\n    return [['a']]\n", "variants", ComputedKind::Function),
        ("@late()\ndef requires():\n    if building:\n        return []\n    return ['x']\n", "requires", ComputedKind::Function),
        ("requires = ['a'] + extra", "requires", ComputedKind::Expression),
        ("requires = list(x)", "requires", ComputedKind::Expression),
        ("requires = [x for x in y]", "requires", ComputedKind::Expression),
        ("requires = ['a-%s' % v]", "requires", ComputedKind::Expression),
        ("requires = ['a-{}'.format(v)]", "requires", ComputedKind::Expression),
        ("requires = [f'a-{v}']", "requires", ComputedKind::Expression),
        ("requires = ['a', *others]", "requires", ComputedKind::Expression),
        ("version = str(1)", "version", ComputedKind::Expression),
        ("version = os.environ['V']", "version", ComputedKind::Expression),
        ("name = NAME", "name", ComputedKind::Expression),
        ("if platform == 'linux':\n    requires = ['a']\nelse:\n    requires = ['b']\n", "requires", ComputedKind::Conditional),
        ("try:\n    requires = ['a']\nexcept Exception:\n    pass\n", "requires", ComputedKind::Conditional),
        ("for requires in [['a']]:\n    pass\n", "requires", ComputedKind::Conditional),
        ("while x:\n    variants = []\n", "variants", ComputedKind::Conditional),
        ("if x: requires = ['a']\n", "requires", ComputedKind::Conditional),
        ("if x:\n    def requires():\n        return []\n", "requires", ComputedKind::Function),
        ("from package_utils import requires", "requires", ComputedKind::Import),
        ("import version", "version", ComputedKind::Import),
        ("requires = ['a']\nrequires += ['b']", "requires", ComputedKind::AugmentedAssignment),
        ("version = '1'\nversion += '.0'", "version", ComputedKind::AugmentedAssignment),
        ("requires = ['a']\nrequires.extend(['b'])", "requires", ComputedKind::Modified),
        ("requires = ['a']\nrequires[:] = []", "requires", ComputedKind::Modified),
        ("variants = [['a']]\nvariants[0].append('b')", "variants", ComputedKind::Modified),
        ("variants = [['a']]\nfor v in variants: pass", "variants", ComputedKind::Modified),
        ("requires = ['a']\ndef add():\n    requires.append('b')\nadd()", "requires", ComputedKind::Modified),
        ("requires = ['a']\ndef add():\n    requires.append('b')\ndef outer():\n    add()\nouter()", "requires", ComputedKind::Modified),
        ("version = '1'\ndef bump():\n    global version\n    version = '2'\n", "version", ComputedKind::Global),
        ("def bump():\n    global version\n    version = '2'\nversion = '1'\nbump()\n", "version", ComputedKind::Global),
        ("requires = ['a']\ndel requires", "requires", ComputedKind::Deleted),
        ("requires = ['a']\ndel requires[0]", "requires", ComputedKind::Modified),
        ("name, version = get()", "version", ComputedKind::Expression),
        ("name, version = 'a', 'b', 'c'", "version", ComputedKind::Unpacking),
        ("name, *version = 'a', 'b'", "version", ComputedKind::Unpacking),
        ("class version:\n    pass\n", "version", ComputedKind::Class),
        ("exec(open('common.py').read())", "requires", ComputedKind::Dynamic),
        ("requires = ['a']\nglobals().update(x)", "requires", ComputedKind::Dynamic),
        ("requires = ['a']\nvars()['requires'] = []", "requires", ComputedKind::Dynamic),
        ("from common import *", "version", ComputedKind::Dynamic),
        ("requires = ['a']\nif (requires := []): pass", "requires", ComputedKind::Conditional),
        ("x = (version := '1')", "version", ComputedKind::Expression),
        ("requires = ['a']\nother = requires", "requires", ComputedKind::Modified),
        ("requires = variants = []\nvariants.append(['x'])", "requires", ComputedKind::Modified),
        ("requires = [\n  'a'\n  'b' 1]", "requires", ComputedKind::Invalid),
        ("requires = 'a' b'b'", "requires", ComputedKind::Invalid),
        ("requires = {['a']: 1}", "requires", ComputedKind::Expression),
        ("requires = ['a'\n", "requires", ComputedKind::Invalid),
    ];
    for &(src, field, want) in cases {
        let p = parse_package(src);
        let got = p
            .get(field)
            .and_then(Field::computed)
            .map(|c| (c.kind, c.reason.clone()));
        assert_eq!(
            got.as_ref().map(|g| g.0),
            Some(want),
            "{src:?}: {:?}",
            p.get(field)
        );
        assert!(!got.unwrap().1.is_empty());
        assert!(
            static_package_data(&format!("name = 'x'\n{src}")).is_none() || field == "name",
            "{src:?}"
        );
    }
}

#[test]
fn overrides_follow_python_order() {
    let src = "requires = ['a']\ndef requires():\n    return []\nrequires = ['b']\n";
    assert_eq!(requires_of(src), ["b"]);
    let p = parse_package("requires = ['a']\nrequires = f()\n");
    assert!(p.requires().is_none());
    assert_eq!(p.overridden.len(), 1);
    assert_eq!(
        p.overridden[0].literal().unwrap().as_sequence().unwrap()[0].as_str(),
        Some("a")
    );
    // A later literal assignment repairs an earlier modification.
    let p = parse_package("requires = ['a']\nrequires.append('b')\nrequires = ['c']\n");
    assert_eq!(p.requires().unwrap()[0].value, "c");
    // Fields keep binding order.
    let p = parse_package("b = 1\na = 2\nb = 3\n");
    let names: Vec<&str> = p.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
}

/// (source, message prefix, line, column) — 0-based, UTF-16 columns.
#[test]
fn syntax_errors_with_positions() {
    let cases: &[(&str, &str, u32, u32)] = &[
        (
            "name = 'x'\nrequires = ['a', 'b\n",
            "unterminated string literal (detected at line 2)",
            1,
            17,
        ),
        (
            "x = '''abc\n\n",
            "unterminated triple-quoted string literal (detected at line 3)",
            0,
            4,
        ),
        ("requires = ['a',\n    'b'\n", "'[' was never closed", 0, 11),
        (
            "x = (1, 2]",
            "closing parenthesis ']' does not match opening parenthesis '('",
            0,
            9,
        ),
        (
            "x = (1,\n 2]",
            "closing parenthesis ']' does not match opening parenthesis '(' on line 1",
            1,
            2,
        ),
        ("x = 1)\n", "unmatched ')'", 0, 5),
        ("name = 'x'\n  version = '1'\n", "unexpected indent", 1, 0),
        (
            "if x:\nrequires = []\n",
            "expected an indented block after 'if' statement on line 1",
            1,
            0,
        ),
        (
            "def f():\n",
            "expected an indented block after function definition on line 1",
            1,
            0,
        ),
        (
            "if x:\n        a = 1\n    b = 2\n",
            "unindent does not match any outer indentation level",
            2,
            0,
        ),
        (
            "if x:\n\ta = 1\n        b = 2\n",
            "inconsistent use of tabs and spaces in indentation",
            2,
            0,
        ),
        (
            "x = 0777",
            "leading zeros in decimal integer literals",
            0,
            4,
        ),
        ("x = 1__0", "invalid decimal literal", 0, 4),
        ("x = 0b12", "invalid digit '2' in binary literal", 0, 7),
        ("x = 12abc", "invalid decimal literal", 0, 4),
        (
            "x = 'ab\\x4'",
            "(unicode error) 'unicodeescape' codec can't decode bytes",
            0,
            7,
        ),
        ("x = '\\U00110000'", "(unicode error)", 0, 5),
        ("x = '\\N'", "(unicode error)", 0, 5),
        (
            "x = b'caf\u{e9}'",
            "bytes can only contain ASCII literal characters",
            0,
            9,
        ),
        (
            "x = 'a' b'b'",
            "cannot mix bytes and nonbytes literals",
            0,
            4,
        ),
        (
            "requires = ['a' 'b' 1]",
            "invalid syntax. Perhaps you forgot a comma?",
            0,
            20,
        ),
        ("x = ur'a'", "invalid string prefix", 0, 4),
        (
            "x = \u{201c}a\u{201d}",
            "invalid character '\u{201c}' (U+201C)",
            0,
            4,
        ),
        (
            "x = 1\u{a0}",
            "invalid non-printable character U+00A0",
            0,
            5,
        ),
        ("x = 1 $ 2", "invalid syntax", 0, 6),
        ("x = 1 ? 2", "invalid syntax", 0, 6),
        ("x = `a`", "invalid syntax", 0, 4),
        ("x = 1 ! 2", "invalid syntax", 0, 6),
        ("x = 'a\0'", "source code cannot contain null bytes", 0, 6),
        (
            "x = 1 \\ 2",
            "unexpected character after line continuation character",
            0,
            6,
        ),
        ("x = 1 + \\", "unexpected EOF while parsing", 0, 8),
        ("x = f'}'", "f-string: single '}' is not allowed", 0, 6),
        ("x = f'{a'", "f-string: expecting '}'", 0, 8),
        ("x = f'{a!r'", "f-string: expecting '}'", 0, 10),
        ("x =", "invalid syntax", 0, 3),
        ("x = [1: 2]", "invalid syntax", 0, 6),
        ("x = {1: 2, 3}", "':' expected after dictionary key", 0, 12),
        (
            "\u{1F600} = 1",
            "invalid character '\u{1F600}' (U+1F600)",
            0,
            0,
        ),
        (
            "x = '\u{1F600}\u{1F600}' \u{a0}",
            "invalid non-printable character U+00A0",
            0,
            11,
        ),
        ("x = 1\r\ny = (\r\n", "'(' was never closed", 1, 4),
        (
            "x = 1\ry = 'a\r",
            "unterminated string literal (detected at line 2)",
            1,
            4,
        ),
        ("\u{feff}x = 'a", "unterminated string literal", 0, 5),
    ];
    for &(src, msg, line, col) in cases {
        let p = parse_package(src);
        let e = p
            .errors
            .first()
            .unwrap_or_else(|| panic!("{src:?}: no error"));
        assert!(
            e.message.starts_with(msg),
            "{src:?}: got {:?}, want {msg:?}",
            e.message
        );
        assert_eq!(
            (e.span.start.line, e.span.start.column),
            (line, col),
            "{src:?}: {}",
            e.message
        );
        assert!(static_package_data(src).is_none());
    }
}

#[test]
fn invalid_utf8_is_an_error() {
    let p = parse_package_bytes(b"name = 'x'\nversion = '1\xff'\n");
    assert_eq!(p.errors.len(), 1);
    let e = &p.errors[0];
    assert!(e.message.contains("utf-8"), "{}", e.message);
    assert_eq!(
        (e.span.start.offset, e.span.start.line, e.span.start.column),
        (23, 1, 12)
    );
    assert!(static_package_data_bytes(b"name = 'x\xc3'").is_none());
    let ok =
        static_package_data_bytes("\u{feff}# -*- coding: utf-8 -*-\nname = 'caf\u{e9}'".as_bytes())
            .unwrap();
    assert_eq!(ok.name, "caf\u{e9}");
}

#[test]
fn nesting_limits() {
    let deep = |n: usize| format!("x = {}{}\nname = 'a'", "[".repeat(n), "]".repeat(n));
    let p = parse_package(&deep(200));
    assert!(p.errors.is_empty(), "{:?}", p.errors.first());
    assert!(p.literal("x").is_some());
    let p = parse_package(&deep(201));
    assert_eq!(p.errors[0].message, "too many nested parentheses");
    assert_eq!(p.errors[0].span.start.column, 204);
    let p = parse_package(&"(".repeat(100_000));
    assert_eq!(p.errors[0].message, "too many nested parentheses");
    let mut src = String::new();
    for level in 0..101 {
        src.push_str(&" ".repeat(level));
        src.push_str("if x:\n");
    }
    src.push_str(&" ".repeat(101));
    src.push_str("pass\n");
    let p = parse_package(&src);
    assert_eq!(p.errors[0].message, "too many levels of indentation");
    let fdeep = format!("x = {}1{}\nname = 'a'", "f'{".repeat(300), "}'".repeat(300));
    let p = parse_package(&fdeep);
    assert!(!p.errors.is_empty());
}

fn reference_position(src: &str, offset: usize) -> Position {
    let (mut line, mut column) = (0u32, 0u32);
    let mut chars = src[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                line += 1;
                column = 0;
            }
            '\n' => {
                line += 1;
                column = 0;
            }
            c => column += c.len_utf16() as u32,
        }
    }
    Position {
        offset,
        line,
        column,
    }
}

fn check_span(src: &str, span: Span, what: &str) {
    assert!(
        span.start.offset <= span.end.offset,
        "{what}: reversed span {span:?} in {src:?}"
    );
    assert!(
        span.end.offset <= src.len(),
        "{what}: span past end in {src:?}"
    );
    assert!(
        src.is_char_boundary(span.start.offset) && src.is_char_boundary(span.end.offset),
        "{what}: {src:?}"
    );
    assert_eq!(
        span.start,
        reference_position(src, span.start.offset),
        "{what} start in {src:?}"
    );
    assert_eq!(
        span.end,
        reference_position(src, span.end.offset),
        "{what} end in {src:?}"
    );
}

fn check_literal(src: &str, lit: &Literal) {
    check_span(src, lit.span, "literal");
    match &lit.kind {
        LiteralKind::List(v) | LiteralKind::Tuple(v) | LiteralKind::Set(v) => {
            v.iter().for_each(|l| check_literal(src, l))
        }
        LiteralKind::Dict(v) => v.iter().for_each(|(k, l)| {
            check_literal(src, k);
            check_literal(src, l);
        }),
        _ => {}
    }
}

/// Spans must be consistent with an independent line/column computation.
fn check_all_spans(src: &str, p: &PackageSource) {
    for f in p.fields.iter().chain(&p.overridden) {
        check_span(src, f.name_span, "name");
        match &f.value {
            FieldValue::Literal(l) => check_literal(src, l),
            FieldValue::Computed(c) => check_span(src, c.span, "computed"),
        }
    }
    for e in &p.errors {
        assert!(
            e.span.start.offset <= e.span.end.offset && e.span.end.offset <= src.len(),
            "error span {e:?}"
        );
        assert_eq!(
            e.span.start,
            reference_position(src, e.span.start.offset),
            "error {e:?} in {src:?}"
        );
    }
}

#[test]
fn spans_match_reference_positions() {
    let src = "\u{feff}# h\u{e9}ader\r\nname = 'caf\u{e9}'\rrequires = [\n\t'\u{1F600}a', \"b\"  # \u{4e2d}\n]\nvariants = [['x'],\r\n ['y' 'z']]\ntests = {'t': {'command': 'c', 'requires': ['r']}}\n";
    let p = parse_package(src);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    check_all_spans(src, &p);
    let r = p.requires().unwrap();
    assert_eq!(r[0].span.text(src), "'\u{1F600}a'");
    assert_eq!(
        (
            r[0].span.start.line,
            r[0].span.start.column,
            r[0].span.end.column
        ),
        (3, 1, 6)
    );
    assert_eq!((r[1].span.start.line, r[1].span.start.column), (3, 8));
    let name = p.get("name").unwrap();
    assert_eq!(
        (
            name.name_span.start.offset,
            name.name_span.start.line,
            name.name_span.start.column
        ),
        (14, 1, 0)
    );
    let v = p.variants().unwrap();
    assert_eq!(v[1][0].value, "yz");
    assert_eq!(v[1][0].span.text(src), "'y' 'z'");
    let t = p.tests().unwrap();
    assert_eq!(t[0].requires[0].span.text(src), "'r'");
    // The BOM counts as one UTF-16 unit on the first line.
    let p = parse_package("\u{feff}name = 'x'");
    assert_eq!(
        p.get("name").unwrap().name_span.start,
        Position {
            offset: 3,
            line: 0,
            column: 1
        }
    );
}

#[test]
fn static_package_data_contract() {
    let s = static_package_data("name = 'foo'\nversion = '1.0'\nrequires = ['bar-1+<2', '~baz']\nvariants = [['py-2'], ['py-3']]\n").unwrap();
    assert_eq!(s.name, "foo");
    assert_eq!(s.version, "1.0");
    assert_eq!(s.requires, ["bar-1+<2", "~baz"]);
    assert_eq!(
        s.variants,
        vec![vec!["py-2".to_string()], vec!["py-3".to_string()]]
    );
    let s = static_package_data("name = 'foo'").unwrap();
    assert_eq!(
        (
            s.version.as_str(),
            s.requires.is_empty(),
            s.variants.is_empty()
        ),
        ("", true, true)
    );
    // The competing reader gives up on continuations; we must not.
    let s = static_package_data(
        "name = \\\n  'foo'\nrequires = ([\n    'a',\n])\nversion = ('1.'\n   '0')\n",
    )
    .unwrap();
    assert_eq!((s.name.as_str(), s.version.as_str()), ("foo", "1.0"));
    assert_eq!(s.requires, ["a"]);
    for bad in [
        "version = '1'",
        "name = 1",
        "name = 'x'\nversion = 1.0",
        "name = 'x'\nrequires = [1]",
        "name = 'x'\nrequires = None",
        "name = 'x'\nrequires = ('a',)",
        "name = 'x'\nrequires = ['python-*']",
        "name = 'x'\nvariants = ['a']",
        "name = 'x'\ndef requires(): return []",
        "name = 'x'\nname = name.upper()",
        "name = 'x' +",
    ] {
        assert!(static_package_data(bad).is_none(), "{bad:?}");
        assert!(!parse_package(bad)
            .static_package_result()
            .unwrap_err()
            .is_empty());
    }
}

const SEEDS: &[&str] = &[
    "name = 'foo'\nversion = \"1.0\"\nrequires = [\n    'a-1+<2',  # c\n    \"b\",\n]\nvariants = [['x'], ['y']]\n",
    "@early()\ndef requires():\n    return ['a'] if x else []\n\ntests = {'t': {'command': 'c', 'requires': ['r']}}\n",
    "x = f'{a[\"k\"]!r:>{w}}' rb'\\x00' u'''\n'''\nif x:\n\tpass\nelse:\n\ty = (1,\n  2)\n",
    "name = 'caf\u{e9}' \\\n  '\u{1F600}'\r\nrequires = {'a': [1, 2.5e3, 0x1F, -3j, None, True, ...]}\r\n",
];

const PIECES: &[&str] = &[
    "'",
    "\"",
    "'''",
    "\"\"\"",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "#",
    "f'",
    "rb'",
    "0x",
    "1e",
    "=",
    ";",
    "@",
    "def ",
    "if x:\n",
    "    ",
    "\u{e9}",
    "\u{1F600}",
    "\0",
    "\u{feff}",
    "{",
    "!r",
    "lambda:",
    "import *",
    "global ",
    "exec(",
    ":=",
    ".",
    "_",
];

#[test]
fn fuzz_mutations_never_panic_and_keep_spans_consistent() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..4000 {
        let seed = SEEDS[round % SEEDS.len()];
        let mut chars: Vec<String> = seed.chars().map(String::from).collect();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(chars.len() + 1);
            match rng.below(3) {
                0 if !chars.is_empty() => {
                    chars.remove(at.min(chars.len() - 1));
                }
                1 => chars.insert(at, PIECES[rng.below(PIECES.len())].to_string()),
                _ => {
                    let from = rng.below(chars.len() + 1);
                    let piece: Vec<String> = chars[from.min(at)..from.max(at)].to_vec();
                    let to = rng.below(chars.len() + 1);
                    for (k, c) in piece.into_iter().enumerate() {
                        chars.insert(to + k, c);
                    }
                }
            }
        }
        let src: String = chars.concat();
        let p = parse_package(&src);
        check_all_spans(&src, &p);
        let _ = p.static_package();
        let _ = p.tests();
        let _ = p.variants();
    }
}

#[test]
fn fuzz_random_bytes_never_panic() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let alphabet = b"'\"\\()[]{}:;,.=#@ \t\n\rfrbux0123456789eEjJ_abc+-*/%<>!$?`\x0c\x00\xc3\xa9\xff\xf0\x9f\x98\x80";
    for _ in 0..20_000 {
        let len = rng.below(64);
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if rng.below(4) == 0 {
                    rng.next() as u8
                } else {
                    alphabet[rng.below(alphabet.len())]
                }
            })
            .collect();
        let p = parse_package_bytes(&bytes);
        if let Ok(src) = std::str::from_utf8(&bytes) {
            check_all_spans(src, &p);
        }
        let _ = p.static_package();
    }
}

#[test]
fn large_inputs_are_linear_enough() {
    let mut src = String::from("name = 'big'\nrequires = [\n");
    for i in 0..50_000 {
        src.push_str(&format!("    'pkg{i}-1.{i}+<2',  # comment {i}\n"));
    }
    src.push_str("]\n");
    let t = std::time::Instant::now();
    let s = static_package_data(&src).unwrap();
    assert_eq!(s.requires.len(), 50_000);
    assert!(t.elapsed().as_secs() < 10);
    let long_line = format!("x = [{}]\nname = 'a'", "'\u{e9}', ".repeat(100_000));
    assert!(static_package_data(&long_line).is_some());
}
