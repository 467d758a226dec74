"""Table-driven tests of code actions: each fix applied to the text, and the pure helpers behind them."""

from __future__ import annotations

import pytest

import pyrer
from pyrer_ls.analysis import Workspace, analyze_text
from pyrer_ls.analysis.fixes import (QUICKFIX, REWRITE, SORT, _slice, bounded_requirement, code_actions,
                                     range_candidates)
from pyrer_ls.analysis.model import Position, Range
from tests.server.repo_builder import BASIC, make_repo

EVERYWHERE = Range(Position(0, 0), Position(99, 0))


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return Workspace([make_repo(str(tmp_path_factory.mktemp("repo")), BASIC)])


def apply(text: str, edits) -> str:
    """The text after non-overlapping edits (applied from the end)."""
    for e in sorted(edits, key=lambda e: e.range.start, reverse=True):
        text = (_slice(text, Range(Position(0, 0), e.range.start)) + e.new_text
                + _slice(text, Range(e.range.end, Position(10 ** 6, 0))))
    return text


def pkg(requires: str, extra: str = "") -> str:
    return 'name = "mine"\nversion = "1.0"\nrequires = %s\n%s' % (requires, extra)


def actions(ws, text, kind=None, rng=EVERYWHERE, path="/src/package.py"):
    a = analyze_text(path, text, ws)
    return code_actions(a, text, ws, rng, [kind] if kind else None)


# (description, text, kind, [(title, preferred, text after the edit)])
CASES = [
    ("did you mean", pkg('["pyton-3", "foo"]'), QUICKFIX,
     [("Replace 'pyton' with 'python'", True, pkg('["python-3", "foo"]'))]),
    ("did you mean in a request list", "mya-2024 python\n", QUICKFIX,
     [("Replace 'mya' with 'maya'", True, "maya-2024 python\n")]),
    ("range that resolves, nearest first", pkg('["maya-2030"]'), QUICKFIX,
     [("Change to maya-2025 (resolves to maya-2025.1)", True, pkg('["maya-2025"]')),
      ("Change to maya-2024 (resolves to maya-2024.0)", False, pkg('["maya-2024"]'))]),
    ("only the ranges that resolve with the rest", pkg('["maya-2030", "foo"]'), QUICKFIX,
     [("Change to maya-2024 (resolves to maya-2024.0)", True, pkg('["maya-2024", "foo"]'))]),
    ("precision kept", pkg('["maya-2024.5"]'), QUICKFIX,
     [("Change to maya-2025.1 (resolves to maya-2025.1)", True, pkg('["maya-2025.1"]')),
      ("Change to maya-2024.0 (resolves to maya-2024.0)", False, pkg('["maya-2024.0"]'))]),
    ("upper bound on the resolved major", pkg('["foo", "python-3+"]'), REWRITE,
     [("Add an upper bound: foo-1", False, pkg('["foo-1", "python-3+"]')),
      ("Add an upper bound: python-3+<4", False, pkg('["foo", "python-3+<4"]'))]),
    ("upper bound across variants", pkg('["python"]', 'variants = [["foo"], ["bar"]]\n'), REWRITE,
     [("Add an upper bound: python-3", False, pkg('["python-3"]', 'variants = [["foo"], ["bar"]]\n')),
      ("Add an upper bound: foo-1", False, pkg('["python"]', 'variants = [["foo-1"], ["bar"]]\n')),
      ("Add an upper bound: bar-2", False, pkg('["python"]', 'variants = [["foo"], ["bar-2"]]\n'))]),
    ("no bound on a failing resolve", pkg('["foo", "bar"]'), REWRITE, []),
    ("already bounded", pkg('["foo-1", "python-3.9"]'), REWRITE, []),
    ("weak and conflict requests", pkg('["foo", "~maya", "!bar"]'), REWRITE,
     [("Add an upper bound: foo-1", False, pkg('["foo-1", "~maya", "!bar"]'))]),
    ("sort keeps quotes and layout", 'requires = [\n    "python",  # py\n    \'bar\',\n    "foo-1+",\n]\n', SORT,
     [("Sort requires", False, 'requires = [\n    \'bar\',  # py\n    "foo-1+",\n    "python",\n]\n')]),
    ("sort by family first", pkg('["maya-2024+", "Foo", "maya-2024", "bar"]'), SORT,
     [("Sort requires", False, pkg('["bar", "Foo", "maya-2024", "maya-2024+"]'))]),
    ("sort each list", 'requires = ["b", "a"]\nbuild_requires = ["d", "c"]\n', SORT,
     [("Sort requires", False, 'requires = ["a", "b"]\nbuild_requires = ["d", "c"]\n'),
      ("Sort build_requires", False, 'requires = ["b", "a"]\nbuild_requires = ["c", "d"]\n')]),
    ("no sort when sorted", pkg('["bar", "foo"]'), SORT, []),
    ("no sort with a computed element", pkg('["foo", PY, "bar"]'), SORT, []),
    ("no sort of variants", 'variants = [["python-3.11", "bar"]]\n', SORT, []),
]


@pytest.mark.parametrize("desc,text,kind,expected", CASES, ids=[c[0] for c in CASES])
def test_fix_applied(ws, desc, text, kind, expected):
    path = "/src/r.rez-requests" if not text.startswith(("name", "requires", "variants")) else "/src/package.py"
    got = [(f.title, f.preferred, apply(text, f.edits)) for f in actions(ws, text, kind, path=path)]
    assert got == expected


def test_fixes_carry_their_diagnostic(ws):
    text = pkg('["pyton"]')
    (fix,) = actions(ws, text, QUICKFIX)
    assert fix.code == "PYRER004" and fix.diagnostic_range == Range.at(2, 13, 18)


def test_only_the_range_under_the_cursor(ws):
    text = pkg('["foo", "python"]')
    titles = [f.title for f in actions(ws, text, REWRITE, rng=Range.at(2, 22, 22))]
    assert titles == ["Add an upper bound: python-3"]


def test_escaped_literal_gets_no_partial_edit(ws):
    assert actions(ws, pkg('["pyt\\x6fn-3", "pyto\\x6e"]'), QUICKFIX) == []


@pytest.mark.parametrize("req,resolved,expected", [
    ("foo", ["1.0"], "foo-1"),
    ("foo", ["1.0", "1.5"], "foo-1"),
    ("foo", ["1.0", "2.3"], "foo-1+<3"),
    ("foo-1+", ["1.2"], "foo-1+<2"),
    ("foo-1.2+", ["3.1"], "foo-1.2+<4"),
    ("foo->1", ["1.5"], "foo->1<2"),
    ("foo-1", ["1.2"], None),  # bounded already
    ("foo-1+<2", ["1.2"], None),
    ("foo-1|3+", ["3.0"], None),  # not one interval: left alone
    ("foo", ["beta"], "foo-beta"),
    ("foo", ["1.0", "beta"], "foo-beta+<2"),  # letters sort below numbers in rez
    ("foo", ["alpha", "beta"], None),  # the top major is not a number
    ("~foo", ["1"], None),
    ("!foo", ["1"], None),
    ("foo", [], None),
])
def test_bounded_requirement(req, resolved, expected):
    assert bounded_requirement(pyrer.Requirement(req), [pyrer.Version(v) for v in resolved]) == expected


@pytest.mark.parametrize("req,versions,expected", [
    ("maya-2030", ["2024.0", "2025.1"], ["maya-2025", "maya-2024"]),
    ("maya-2024.5", ["2024.0", "2025.1"], ["maya-2025.1", "maya-2024.0"]),
    ("python-3.12+", ["3.9.0", "3.11.0"], ["python-3.11", "python-3.9"]),
    ("python-<3", ["3.9.0", "3.11.0"], ["python-3"]),
    ("foo-1.2.3", ["1.2", "1.2.4", "1.3"], ["foo-1.2.4", "foo-1.3", "foo-1.2"]),
])
def test_range_candidates(req, versions, expected):
    assert range_candidates(pyrer.Requirement(req), sorted(pyrer.Version(v) for v in versions)) == expected
