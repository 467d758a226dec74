"""Table-driven tests of the pure analysis core: reading, requirement checks, resolve contexts, failure mapping."""

from __future__ import annotations

import os

import pytest

from pyrer_ls.analysis import Codes, Position, Range, Severity, Settings, Workspace, analyze_text
from pyrer_ls.analysis.hover import hover_at
from pyrer_ls.analysis.package_py import read_package_py
from pyrer_ls.analysis.request_list import read_request_list
from tests.server.repo_builder import BASIC, make_repo


@pytest.fixture()
def ws(tmp_path):
    return Workspace([make_repo(str(tmp_path / "repo"), BASIC)])


def pkg(requires="[]", extra=""):
    return 'name = "mine"\nversion = "1.0"\nrequires = %s\n%s' % (requires, extra)


def marked(text):
    """Split `$0` out of a text: (text, Position of the marker)."""
    before, after = text.split("$0")
    lines = before.split("\n")
    return before + after, Position(len(lines) - 1, len(lines[-1]))


def codes_at(analysis):
    """{(line, start col, end col): code} for single-line findings."""
    return sorted((f.range.start.line, f.range.start.character, f.range.end.character, f.code) for f in analysis.findings)


# (description, package.py text, expected [(line, quoted text the finding covers, code)])
PACKAGE_CASES = [
    ("clean", pkg('["foo", "python-3"]'), []),
    ("syntax error", 'name = "x"\nrequires = ["foo",\n', [(1, "[", Codes.SYNTAX)]),
    ("invalid requirement", pkg('["foo--1"]'), [(2, "foo--1", Codes.INVALID_REQUIREMENT)]),
    ("invalid version", 'name = "mine"\nversion = "1..2"\n', [(1, "1..2", Codes.INVALID_VERSION)]),
    ("unknown family", pkg('["pyton"]'), [(2, "pyton", Codes.UNKNOWN_FAMILY)]),
    ("no version in range", pkg('["maya-2030"]'), [(2, "maya-2030", Codes.NO_VERSION_IN_RANGE)]),
    ("conflict on both", pkg('["foo", "bar"]'), [(2, "foo", Codes.CONFLICT), (2, "bar", Codes.CONFLICT)]),
    ("conflict via variant", pkg('["foo"]', 'variants = [["python-3.11"], ["python-3.9"]]\n'),
     [(2, "foo", Codes.CONFLICT), (3, "python-3.11", Codes.CONFLICT)]),
    ("cycle", pkg('["cyca"]'), [(2, "cyca", Codes.CYCLE)]),
    ("transitive missing family", pkg('["deep"]'), [(2, "deep", Codes.RESOLVE_ERROR)]),
    ("variant conflicts with requires", pkg('["python-3.9"]', 'variants = [["python-3.11"]]\n'),
     [(3, "python-3.11", Codes.VARIANT_CONFLICT)]),
    ("build context", pkg('["foo"]', 'build_requires = ["bar"]\n'),
     [(2, "foo", Codes.CONFLICT), (3, "bar", Codes.CONFLICT)]),
    ("private build context", pkg('[]', 'private_build_requires = ["nosuch"]\n'), [(3, "nosuch", Codes.UNKNOWN_FAMILY)]),
    ("test requires", pkg('["foo"]', 'tests = {"unit": {"command": "x", "requires": ["python-3.11"]}, "lint": "flake8"}\n'),
     [(2, "foo", Codes.CONFLICT), (3, "python-3.11", Codes.CONFLICT)]),
    ("early function", pkg('["foo"]', '@early()\ndef build_requires():\n    return []\n'),
     [(4, "build_requires", Codes.NOT_STATIC)]),
    ("computed expression", 'name = "mine"\nrequires = ["foo"] + extra\n', [(1, "requires", Codes.NOT_STATIC)]),
    ("non-literal element", pkg('["foo", PY]'), [(2, "requires", Codes.NOT_STATIC)]),
    ("certain concatenation", pkg('["python-3"] + ["pyton"]'), [(2, "pyton", Codes.UNKNOWN_FAMILY)]),
    ("appended under if", pkg('["foo"]', 'variants = []\nif x:\n    variants.append(["python-3.9"])\n'),
     [(3, "variants", Codes.NOT_STATIC)]),
    ("wildcards are rez's to expand", pkg('["platform-*", "python-3.*"]'),
     [(2, "platform-*", Codes.NOT_STATIC), (2, "python-3.*", Codes.NOT_STATIC)]),
    ("tuple rez rejects", pkg('("foo", "python-3")'), [(2, '("foo", "python-3")', Codes.BAD_FIELD)]),
    ("single string rez rejects", pkg('"foo"'), [(2, '"foo"', Codes.BAD_FIELD)]),
    ("non-string item", pkg('["foo", 3]'), [(2, "3", Codes.BAD_FIELD)]),
    ("float version", 'name = "mine"\nversion = 1.0\n', [(1, "1.0", Codes.BAD_FIELD)]),
    ("None is dropped", pkg("None"), []),
    ("weak and conflict requests need no family", pkg('["~nosuch-1", "!other"]'), []),
]


def expected_ranges(text, expected):
    lines = text.split("\n")
    out = []
    for line, needle, code in expected:
        start = lines[line].index(needle)
        out.append((line, start, start + len(needle), code))
    return sorted(out)


@pytest.mark.parametrize("desc,text,expected", PACKAGE_CASES, ids=[c[0] for c in PACKAGE_CASES])
def test_package_findings(ws, desc, text, expected):
    assert codes_at(analyze_text("/src/mine/package.py", text, ws)) == expected_ranges(text, expected)


def test_utf16_columns():
    info = read_package_py('requires = ["🐍", "é", "foo"]  # 🐍\n')
    # the snake is 2 UTF-16 units (4 UTF-8 bytes), "é" is 1 (2 bytes)
    assert [r.range for r in info.requires] == [Range.at(0, 13, 15), Range.at(0, 19, 20), Range.at(0, 24, 27)]


def test_escaped_string_keeps_whole_literal():
    info = read_package_py('requires = ["fo\\x6f"]\n')
    assert info.requires[0].text == "foo" and info.requires[0].range == Range.at(0, 12, 20)


@pytest.mark.parametrize("text,expected", [
    ("foo bar  # a comment\n\n# only a comment\n  maya-2024\n",
     [[("foo", 0, 0, 3), ("bar", 0, 4, 7)], [("maya-2024", 3, 2, 11)]]),
    ("", []),
])
def test_request_list_reader(text, expected):
    got = [[(r.text, r.range.start.line, r.range.start.character, r.range.end.character) for r in line]
           for line in read_request_list(text)]
    assert got == expected


# (request-list text, expected [(line, text the finding covers, code)])
REQUEST_CASES = [
    ("foo\nmaya-2024 python\n", []),
    ("foo bar\n", [(0, "foo", Codes.CONFLICT), (0, "bar", Codes.CONFLICT)]),
    ("# c\nfoo python-3.11\n", [(1, "foo", Codes.CONFLICT), (1, "python-3.11", Codes.CONFLICT)]),
    ("mya\n", [(0, "mya", Codes.UNKNOWN_FAMILY)]),
    ("foo-2\n", [(0, "foo-2", Codes.NO_VERSION_IN_RANGE)]),
    ("cyca\n", [(0, "cyca", Codes.CYCLE)]),
]


@pytest.mark.parametrize("text,expected", REQUEST_CASES)
def test_request_list_findings(ws, text, expected):
    assert codes_at(analyze_text("/src/r.rez-requests", text, ws)) == expected_ranges(text, expected)


def test_messages_name_context_and_hints(ws):
    a = analyze_text("/src/package.py", pkg('["pyton", "maya-2030", "foo", "bar"]'), ws)
    msgs = {f.code: f.message for f in a.findings}
    assert "did you mean 'python'" in msgs[Codes.UNKNOWN_FAMILY]
    assert "nearest available: 2024.0, 2025.1" in msgs[Codes.NO_VERSION_IN_RANGE]
    assert msgs[Codes.CONFLICT].startswith("runtime, build resolve failed:")
    assert "python-3.9 <--!--> python-3.11" in msgs[Codes.CONFLICT]
    assert all(f.severity == Severity.ERROR for f in a.findings)


def test_contexts_per_variant_build_and_tests(ws):
    text = pkg('["foo"]', 'variants = [["python-3.9"], ["python"]]\nbuild_requires = ["maya-2024"]\n'
               'tests = {"t": {"command": "x", "requires": ["python"]}}\n')
    a = analyze_text("/src/package.py", text, ws)
    assert [(o.context.label, o.status) for o in a.outcomes] == [
        ("runtime variant 0", "solved"), ("build variant 0", "solved"),
        ("runtime variant 1", "solved"), ("build variant 1", "solved"), ("test t", "solved")]
    assert a.outcomes[1].resolved_names["maya"] == "maya-2024.0"
    assert a.findings == []


def test_implicit_packages_join_every_context(tmp_path):
    ws = Workspace([make_repo(str(tmp_path), BASIC)], Settings(implicit_packages=["python-3.11"]))
    a = analyze_text("/src/r.rez-requests", "foo\n", ws)
    assert [f.code for f in a.findings] == [Codes.CONFLICT]


def test_no_packages_path_checks_syntax_only():
    a = analyze_text("/src/package.py", pkg('["foo--1", "nosuch"]'), Workspace([]))
    assert [f.code for f in a.findings] == [Codes.INVALID_REQUIREMENT]
    assert a.outcomes == []


def test_overlay_replaces_file_on_disk(ws, tmp_path):
    path = str(tmp_path / "repo" / "foo" / "1.0" / "package.py")
    assert codes_at(analyze_text("/src/r.rez-requests", "foo bar\n", ws))  # conflict from disk
    ws.set_overlay(path, 'name = "foo"\nversion = "1.0"\nrequires = ["python-3.11"]\n')
    assert codes_at(analyze_text("/src/r.rez-requests", "foo bar\n", ws)) == []
    ws.set_overlay(path, None)
    assert codes_at(analyze_text("/src/r.rez-requests", "foo bar\n", ws))


def test_cache_invalidated_by_file_change(ws, tmp_path):
    assert ws.versions("python") and len(ws.versions("python")) == 2
    make_repo(str(tmp_path / "repo"), {"python-3.12.0": []})
    assert len(ws.versions("python")) == 2  # cached
    ws.invalidate(str(tmp_path / "repo" / "python" / "3.12.0" / "package.py"))
    assert len(ws.versions("python")) == 3


def test_cancel_stops_analysis(ws):
    from pyrer_ls.analysis.workspace import Cancelled

    with pytest.raises(Cancelled):
        analyze_text("/src/r.rez-requests", "foo\n", ws, cancelled=lambda: True)


@pytest.mark.parametrize("text,expected", [
    (pkg('["fo$0o", "maya"]'), ["**foo**", "**runtime**: foo-1.0", "**build**: foo-1.0", "Versions in range: 1.0"]),
    (pkg('["foo", "ma$0ya"]'), ["**runtime**: maya-2024.0", "Versions in range: 2025.1, 2024.0"]),
    ('na$0me = "mine"\nversion = "1.0"\nrequires = ["foo"]\n', ["runtime** (solved", "- foo-1.0", "- python-3.9.0"]),
    ('name = "mine"\nversion = "1$0.0"\nrequires = ["foo", "bar"]\n', ["runtime** (failed", "python-3.9 <--!--> python-3.11"]),
])
def test_hover(ws, text, expected):
    text, pos = marked(text)
    found = hover_at(analyze_text("/src/package.py", text, ws), pos)
    assert found is not None
    for piece in expected:
        assert piece in found[1]


def test_hover_nothing_on_plain_code(ws):
    text, pos = marked('name = "mine"\n# a co$0mment\n')
    assert hover_at(analyze_text("/src/package.py", text, ws), pos) is None


def test_unchanged_requests_reuse_the_solve_until_a_family_it_loaded_changes(ws):
    calls = []

    def solve(loaded):
        calls.append(1)
        loaded.update({"foo", "python"})
        return "result"

    assert ws.solve(("foo",), solve) == "result" and ws.solve(("foo",), solve) == "result"
    assert len(calls) == 1
    ws.invalidate(os.path.join(ws.paths[0], "bar", "2.0", "package.py"))  # not loaded by that solve
    ws.solve(("foo",), solve)
    assert len(calls) == 1
    ws.invalidate(os.path.join(ws.paths[0], "python", "3.9.0", "package.py"))
    ws.solve(("foo",), solve)
    assert len(calls) == 2
    ws.invalidate()
    ws.solve(("foo",), solve)
    assert len(calls) == 3


def test_a_new_family_invalidates_the_solves_that_missed_it(ws):
    first = analyze_text("/x/package.py", pkg('["houdini"]'), ws)
    assert [f.code for f in first.findings] == [Codes.UNKNOWN_FAMILY]
    make_repo(ws.paths[0], {"houdini-20.0": []})
    ws.invalidate(os.path.join(ws.paths[0], "houdini", "20.0", "package.py"))
    assert analyze_text("/x/package.py", pkg('["houdini"]'), ws).findings == []


def test_edit_outside_requires_does_not_change_the_findings(ws):
    first = analyze_text("/x/package.py", pkg('["foo", "bar"]'), ws)
    second = analyze_text("/x/package.py", pkg('["foo", "bar"]', 'description = "typed"\n'), ws)
    assert codes_at(first) == codes_at(second) and [f.message for f in first.findings] == [
        f.message for f in second.findings]


def test_wildcards_are_left_out_of_the_resolves(ws):
    a = analyze_text("/src/package.py", pkg('["foo", "python-3.*"]'), ws)
    assert [(o.context.label, o.status, o.context.left_out) for o in a.outcomes] == [
        ("runtime", "solved", ["python-3.*"]), ("build", "solved", ["python-3.*"])]
    (info,) = [f for f in a.findings if f.code == Codes.NOT_STATIC]
    assert "rez's developer package loading" in info.message and info.severity == Severity.INFORMATION
    assert "expands it against the packages path" in hover_at(a, info.range.start)[1]
    assert "(without python-3.*)" in hover_at(a, Position(2, 13))[1]  # on "foo"


def test_computed_field_points_at_the_code_that_computes_it(ws):
    text = pkg('["foo"]', 'variants = [["python-3.9"]]\nif x:\n    variants.append(["python-3.11"])\n')
    a = analyze_text("/src/package.py", text, ws)
    (f,) = [f for f in a.findings if f.code == Codes.NOT_STATIC]
    assert f.message.startswith("variants is computed by code: `variants.append(...)` at line 6 may change it.")
    assert "rez, when it loads the package" in f.message
    assert [(r.range.start.line, r.range.start.character) for r in f.related] == [(5, 4)]
    assert [o.context.label for o in a.outcomes] == []  # no resolve on a guessed value
