//! Unit tests of what rez's loading does to package.py fields: literal expressions, `@early`
//! calls, `this`, `scope()`, `preprocess`, reflection, and the shapes and wildcards rez rejects.

use super::*;

fn computed(src: &str, name: &str) -> Option<Computed> {
    parse_package(src).get(name)?.computed().cloned()
}

fn literal(src: &str, name: &str) -> Option<Literal> {
    parse_package(src).literal(name).cloned()
}

#[test]
fn certain_literal_expressions_are_read() {
    let strs = |src: &str| -> Vec<String> {
        let lit = literal(src, "requires").unwrap_or_else(|| panic!("{src}"));
        match lit.kind {
            LiteralKind::List(items) | LiteralKind::Tuple(items) => items
                .into_iter()
                .map(|i| i.as_str().unwrap().to_string())
                .collect(),
            LiteralKind::Str(s) => vec![s],
            other => panic!("{src}: {other:?}"),
        }
    };
    assert_eq!(strs("requires = ['a'] + ['b']"), ["a", "b"]);
    assert_eq!(strs("requires = (['a'] +\n    ['b'] + [])"), ["a", "b"]);
    assert_eq!(strs("requires = ['a',\n]+['b',]"), ["a", "b"]);
    assert_eq!(strs("requires = ('a',) + ('b',)"), ["a", "b"]);
    assert_eq!(strs("requires = ['py' 'thon-3' + '.9']"), ["python-3.9"]);
    assert_eq!(strs("requires = [\\\n  'a', # c\n  'b']"), ["a", "b"]);
    // Items keep their own spans; the list spans the whole expression.
    let src = "requires = ['a'] + ['b']";
    let lit = literal(src, "requires").unwrap();
    assert_eq!(lit.span.text(src), "['a'] + ['b']");
    assert_eq!(lit.as_sequence().unwrap()[1].span.text(src), "'b'");
}

#[test]
fn rez_calls_early_functions_after_the_file_ran() {
    let src = "requires = ['a']\n@early()\ndef build_requires():\n    requires.append('b')\n    return []\n";
    let c = computed(src, "requires").unwrap();
    assert_eq!(c.kind, ComputedKind::Modified);
    assert!(
        c.reason.contains("@early function `build_requires`"),
        "{}",
        c.reason
    );
    // Defined before the list it modifies: still called after the whole file ran.
    let src = "@early()\ndef build_requires():\n    requires.extend(['b'])\n    return []\nrequires = ['a']\n";
    assert_eq!(
        computed(src, "requires").unwrap().kind,
        ComputedKind::Modified
    );
    // Through rez's `this`.
    let src =
        "tools = ['a']\n@early()\ndef variants():\n    this.tools.append('b')\n    return []\n";
    let c = computed(src, "tools").unwrap();
    assert!(c.reason.contains("this.tools"), "{}", c.reason);
    // A function nobody calls changes nothing; a @late one runs in another namespace.
    let src = "requires = ['a']\ndef f():\n    requires.append('b')\n@late()\ndef tools():\n    requires.append('c')\n    return []\n";
    assert!(literal(src, "requires").is_some());
}

#[test]
fn functions_say_what_evaluates_them() {
    let eval = |src: &str| computed(src, "requires").unwrap().evaluation;
    assert_eq!(
        eval("@early()\ndef requires():\n    return []\n"),
        Evaluation::Early
    );
    assert_eq!(
        eval("@rez.utils.sourcecode.late()\ndef requires():\n    return []\n"),
        Evaluation::Late
    );
    assert_eq!(
        eval("def requires():\n    return []\n"),
        Evaluation::Dropped
    );
    assert_eq!(
        eval("@cache\ndef requires():\n    return []\n"),
        Evaluation::Load
    );
    assert_eq!(
        eval("@include('utils')\n@early()\ndef requires():\n    return []\n"),
        Evaluation::Early
    );
    assert_eq!(
        eval("@include('utils')\ndef requires():\n    return []\n"),
        Evaluation::Dropped
    );
    assert_eq!(eval("requires = g()"), Evaluation::Load);
}

#[test]
fn scope_sets_its_attribute() {
    let src = "config = {'a': 1}\nwith scope('config') as c:\n    c.release_packages_path = '/x'\n";
    let c = computed(src, "config").unwrap();
    assert_eq!(c.kind, ComputedKind::Scope);
    assert!(c.reason.contains("scope('config')"), "{}", c.reason);
    // rez merges scopes after the file ran: a later literal does not win.
    let src = "with scope('config'):\n    x = 1\nconfig = {}\n";
    assert_eq!(computed(src, "config").unwrap().kind, ComputedKind::Scope);
    // A scope whose name is not a literal could set anything.
    let src = "requires = ['a']\nwith scope(n):\n    pass\n";
    assert_eq!(
        computed(src, "requires").unwrap().kind,
        ComputedKind::Dynamic
    );
    // A `scope` of the file's own is an ordinary call.
    let src =
        "def scope(x):\n    return open(x)\nrequires = ['a']\nwith scope('config'):\n    pass\n";
    assert!(computed(src, "config").is_none());
}

#[test]
fn preprocess_and_reflection_may_change_anything() {
    let src = "requires = ['a']\ndef preprocess(this, data):\n    data['requires'] = []\nvariants = [['b']]\n";
    for f in ["requires", "variants", "build_requires"] {
        assert_eq!(computed(src, f).unwrap().kind, ComputedKind::Dynamic, "{f}");
    }
    for src in [
        "import sys\nrequires = ['a']\nsys.modules[__name__].requires = []\n",
        "requires = ['a']\nf = lambda: 0\nf.__globals__['requires'] = []\n",
        "import builtins\nrequires = ['a']\nbuiltins.exec('requires = []')\n",
        "import sys\nrequires = ['a']\ndef f():\n    sys._getframe().f_globals['requires'] = []\nf()\n",
        "requires = ['a']\n__import__('sys').modules['x'].requires = []\n",
    ] {
        assert_eq!(
            computed(src, "requires").map(|c| c.kind),
            Some(ComputedKind::Dynamic),
            "{src}"
        );
    }
}

#[test]
fn modifications_name_the_code() {
    let reason = |src: &str| computed(src, "variants").unwrap().reason;
    let r = reason("variants = []\nif x:\n    variants.append(['a'])\n");
    assert_eq!(r, "`variants.append(...)` at line 3 may change it");
    let r = reason("variants = [['a']]\nvariants[0] = ['b']\n");
    assert!(r.contains("line 2"), "{r}");
    let r = reason("variants = [['a']]\nvariants += [['b']]\n");
    assert!(r.contains("`+=` at line 2"), "{r}");
    let r = reason("variants = []\ndef add(v):\n    v.append(['a'])\nadd(variants)\n");
    assert_eq!(r, "`add(...)` at line 4 receives it and may change it");
}

#[test]
fn reading_a_list_of_strings_does_not_change_it() {
    for src in [
        "requires = ['a']\nif 'a' in requires:\n    pass\n",
        "requires = ['a']\nfor r in requires:\n    print(r)\n",
        "requires = ['a']\ntools = [r.upper() for r in requires]\n",
        "requires = ['a']\nbuild_requires = requires + ['b']\n",
        "requires = ['a']\nn = len(requires)\ntext = ', '.join(requires)\nfirst = requires[0]\n",
        "requires = ['a']\n@early()\ndef variants():\n    return [[r] for r in this.requires]\n",
        "requires = ['a']\n@early()\ndef variants():\n    return [sorted(requires)]\n",
    ] {
        assert!(parse_package(src).requires().is_some(), "{src}");
    }
    // Rows of a list of lists can change through any reference to them.
    for src in [
        "variants = [['a']]\nfor v in variants:\n    v.append('b')\n",
        "variants = [['a']]\nrows = list(variants)\n",
        "requires = ['a']\nx = requires\n",
        "requires = ['a']\nprint(requires)\n",
        "requires = ['a']\nrequires[0] = 'b'\n",
        "requires = ['a']\n@early()\ndef variants():\n    return [this.requires]\n",
        "def len(x):\n    x.append(1)\nrequires = ['a']\nlen(requires)\n",
    ] {
        let p = parse_package(src);
        assert!(p.requires().is_none() && p.variants().is_none(), "{src}");
    }
}

#[test]
fn solver_view_follows_rez_shapes_and_wildcards() {
    assert!(static_package_data("name = 'x'\nrequires = ['a'] + ['b']").is_some());
    assert!(static_package_data("name = 'x'\nrequires = ('a', 'b')").is_none());
    assert!(static_package_data("name = 'x'\nvariants = [('a',)]").is_none());
    assert!(static_package_data("name = 'x'\nrequires = ['python-*']").is_none());
    assert!(static_package_data_bytes(b"name = 'x'\nvariants = [['python-2.*']]\n").is_none());
    let why = parse_package("name = 'x'\nrequires = ['python-*']")
        .static_package_result()
        .unwrap_err();
    assert!(why.contains("wildcard"), "{why}");
}

#[test]
fn top_level_statements_for_outlines() {
    let src = "name = 'a'\nrequires = ['x']\nif y:\n    requires = []\n@early()\ndef version():\n    return '1'\nrequires = ['z']\n";
    assert!(parse_package(src).statements.is_empty());
    let p = parse_package_with_statements(src);
    let got: Vec<(&str, StatementKind, &str)> = p
        .statements
        .iter()
        .map(|s| (s.name.as_str(), s.kind, s.span.text(src)))
        .collect();
    assert_eq!(
        got,
        [
            ("name", StatementKind::Assign, "name = 'a'"),
            ("requires", StatementKind::Assign, "requires = ['x']"),
            (
                "version",
                StatementKind::Def,
                "@early()\ndef version():\n    return '1'"
            ),
            ("requires", StatementKind::Assign, "requires = ['z']"),
        ]
    );
    assert!(p.statements[3].value.is_some());
}

#[test]
fn tests_read_on_variants_requirements() {
    let src = "tests = {'t': {'command': 'x', 'on_variants': {'type': 'requires', 'value': ['python-3']}}}";
    let tests = parse_package(src).tests().unwrap();
    assert_eq!(tests[0].on_variants_requires[0].value, "python-3");
    assert!(parse_package("tests = {'t': ('a', 'b')}").tests().is_none());
}
