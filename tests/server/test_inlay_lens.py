"""Table-driven tests of inlay hints (resolved version after each requirement) and code lenses (resolve summaries)."""

from __future__ import annotations

import re

import pytest

from pyrer_ls.analysis import Position, Range, Workspace, analyze_text
from pyrer_ls.analysis.inlay import inlay_hints
from pyrer_ls.analysis.lens import code_lenses, resolve_line, resolve_text
from tests.server.repo_builder import BASIC, make_repo

SPEC = dict(BASIC, **{"multi-1": {"variants": [["python-3.9"], ["python-3.11"]]}, "lib-1.2": [], "lib-1.3": []})


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return Workspace([make_repo(str(tmp_path_factory.mktemp("repo")), SPEC)])


def hints(ws, text, path="/src/package.py"):
    analysis = analyze_text(path, text, ws)
    lines = text.split("\n")
    return [(_BEFORE.search(lines[h.position.line][:h.position.character]).group(1), h.label)
            for h in inlay_hints(analysis, lines)]


_BEFORE = re.compile(r"""([^"'\s\[]+)["']?$""")  # the requirement just before the hint

# (description, package.py text, expected [(the requirement the hint follows, label)])
INLAY_CASES = [
    ("one version everywhere", 'requires = ["foo", "python"]\n', [("foo", "→ 1.0"), ("python", "→ 3.9.0")]),
    ("per variant when they differ", 'requires = ["python"]\nvariants = [["foo"], ["bar"]]\n',
     [("python", "→ 3.9.0 (v0) / 3.11.0 (v1)"), ("foo", "→ 1.0"), ("bar", "→ 2.0")]),
    ("variant picked by the solver", 'requires = ["multi", "python-3.11"]\n',
     [("multi", "→ 1"), ("python-3.11", "→ 3.11.0")]),
    ("build requirement: the build context", 'requires = ["lib"]\nbuild_requires = ["lib-1.2"]\n',
     [("lib", "→ 1.3"), ("lib-1.2", "→ 1.2")]),
    ("failed resolve: no hint", 'requires = ["foo", "bar"]\n', []),
    ("conflict request: no hint", 'requires = ["foo", "!bar"]\n', [("foo", "→ 1.0")]),
    ("weak request not in the resolve: no hint", 'requires = ["foo", "~maya"]\n', [("foo", "→ 1.0")]),
]


@pytest.mark.parametrize("desc,text,expected", INLAY_CASES, ids=[c[0] for c in INLAY_CASES])
def test_inlay_hints(ws, desc, text, expected):
    assert hints(ws, 'name = "mine"\n' + text) == expected


def test_inlay_in_request_list_and_range_filter(ws):
    text = "foo\nmaya-2025 python\n"
    assert hints(ws, text, "/src/a.rez-requests") == [("foo", "→ 1.0"), ("maya-2025", "→ 2025.1"), ("python", "→ 3.11.0")]
    analysis = analyze_text("/src/a.rez-requests", text, ws)
    assert [h.position.line for h in inlay_hints(analysis, text.split("\n"), Range.at(1, 0, 0))] == [1, 1]


def test_inlay_tooltip_names_every_context(ws):
    text = 'name = "mine"\nrequires = ["python"]\nvariants = [["foo"], ["bar"]]\n'
    (first, *_) = inlay_hints(analyze_text("/src/package.py", text, ws), text.split("\n"))
    assert first.tooltip.splitlines() == ["runtime variant 0: python-3.9.0", "build variant 0: python-3.9.0",
                                          "runtime variant 1: python-3.11.0", "build variant 1: python-3.11.0"]


def lenses(ws, text, path="/src/package.py"):
    """(line, title with the time replaced by X, labels) of each lens."""
    return [(lens.range.start.line, re.sub(r"[\d.]+ ms", "X ms", lens.title), lens.labels)
            for lens in code_lenses(analyze_text(path, text, ws))]


LENS_CASES = [
    ("requires", 'requires = ["foo"]\n', [(1, "resolves: 2 packages in X ms", ["runtime"])]),
    ("variants", 'requires = ["python"]\nvariants = [["foo"], ["bar"]]\n', [
        (1, "2 variants resolve: 2 packages in X ms", ["runtime variant 0", "runtime variant 1"]),
        (2, "variant 0 resolves: 2 packages in X ms", ["runtime variant 0"]),
        (2, "variant 1 resolves: 2 packages in X ms", ["runtime variant 1"])]),
    ("build and tests", 'requires = ["foo"]\nbuild_requires = ["maya-2024"]\n'
     'tests = {"a": {"command": "x", "requires": ["bar"]}}\n', [
        (1, "resolves: 2 packages in X ms", ["runtime"]), (2, "resolves: 3 packages in X ms", ["build"]),
        (3, "resolve failed", ["test a"])]),
    ("a failed variant", 'variants = [["foo"], ["foo", "bar"]]\n', [
        (1, "variant 0 resolves: 2 packages in X ms", ["runtime variant 0"]),
        (1, "variant 1 resolve failed", ["runtime variant 1"])]),
]


@pytest.mark.parametrize("desc,text,expected", LENS_CASES, ids=[c[0] for c in LENS_CASES])
def test_code_lenses(ws, desc, text, expected):
    assert lenses(ws, 'name = "mine"\n' + text) == expected


def test_lens_per_request_line_and_none_without_resolves(ws):
    assert lenses(ws, "# c\nfoo\nfoo bar\n", "/src/a.rez-requests") == [
        (1, "resolves: 2 packages in X ms", ["line 2"]), (2, "resolve failed", ["line 3"])]
    assert code_lenses(analyze_text("/src/package.py", 'requires = ["foo"]\n', Workspace([]))) == []


def test_resolve_text(ws):
    analysis = analyze_text("/src/a.rez-requests", "foo\nfoo bar\n", ws)
    text = resolve_text(analysis, ["line 1"])
    assert re.sub(r"[\d.]+ ms", "X ms", text) == "line 1: solved in X ms\n  python-3.9.0\n  foo-1.0"
    assert "line 2: failed in" in resolve_text(analysis, ["line 2"])
    assert "python-3.9 <--!--> python-3.11" in resolve_text(analysis, ["line 2"])
    assert resolve_line(analysis, []).startswith("line 1: python-3.9.0 foo-1.0 | line 2: failed: ")
    assert resolve_text(analysis, ["nope"]) == "No resolve for nope."
    assert resolve_text(None, []) == resolve_line(None, []) == "No analysis of this document yet."


def test_hint_position_after_quote(ws):
    text = 'name = "mine"\nrequires = [\'foo\']\n'
    (hint,) = inlay_hints(analyze_text("/src/package.py", text, ws), text.split("\n"))
    assert hint.position == Position(1, 17)
