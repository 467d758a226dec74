"""Table-driven tests of failure explanations: the chain of requirements behind a conflict, a cycle, a missing family."""

from __future__ import annotations

import os

import pytest

import pyrer
from pyrer_ls.analysis import Codes, Workspace, analyze_text
from pyrer_ls.analysis.explain import leads_to
from tests.server.repo_builder import BASIC, make_repo

REPO = {
    **BASIC,
    "baz-1": ["foo"],  # two steps down to python-3.9
    "qux-1": {"variants": [["bar"]]},  # through a variant
    "either-1": ["python-3.9"],  # one version each way: only a possible path
    "either-2": ["python-3.11"],
    "loop-1": ["cyca"],  # reaches the cycle
}


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return Workspace([make_repo(str(tmp_path_factory.mktemp("repo")), REPO)])


# (request line, the explanation's lines)
CASES = [
    ("foo bar", [
        'python-3.9 is pulled in by: "foo" (request line 1) → foo-1.0 requires python-3.9',
        'python-3.11 is pulled in by: "bar" (request line 1) → bar-2.0 requires python-3.11']),
    ("baz qux", [
        'python-3.9 is pulled in by: "baz" (request line 1) → baz-1 requires foo → foo-1.0 requires python-3.9',
        'python-3.11 is pulled in by: "qux" (request line 1) → qux-1 variant 0 requires bar → bar-2.0 requires python-3.11']),
    ("foo python-3.11", [
        'python-3.9 is pulled in by: "foo" (request line 1) → foo-1.0 requires python-3.9',
        'python==3.11.0 is requested directly: "python-3.11" (request line 1)']),
    ("either foo bar", [  # either could go both ways: only the certain chains are listed
        'python-3.9 is pulled in by: "foo" (request line 1) → foo-1.0 requires python-3.9',
        'python-3.11 is pulled in by: "bar" (request line 1) → bar-2.0 requires python-3.11']),
    ("cyca", ["cycle: cyca-1 requires cycb → cycb-1 requires cyca",
              'the cycle is reached from: "cyca" (request line 1)']),
    ("loop", ["cycle: cyca-1 requires cycb → cycb-1 requires cyca",
              'the cycle is reached from: "loop" (request line 1) → loop-1 requires cyca']),
    ("deep", ['ghost is required through: "deep" (request line 1) → deep-1 requires ghost']),
]


@pytest.mark.parametrize("line,expected", CASES, ids=[c[0] for c in CASES])
def test_explanation_lines(ws, line, expected):
    a = analyze_text("/src/r.rez-requests", line + "\n", ws)
    (outcome,) = a.outcomes
    assert outcome.explanation is not None
    assert outcome.explanation.lines() == expected
    for f in a.findings:  # each diagnostic carries the chains in its message
        if f.code in (Codes.CONFLICT, Codes.CYCLE, Codes.RESOLVE_ERROR):
            assert f.message.endswith("\n" + "\n".join(expected))


def test_related_information_points_at_each_step(ws):
    text = "baz qux\n"
    a = analyze_text("/src/r.rez-requests", text, ws)
    on_baz = next(f for f in a.findings if f.range.start.character == 0)
    got = [(os.path.relpath(r.path, ws.paths[0]) if r.path != "/src/r.rez-requests" else "self",
            r.range.start.line, r.range.start.character, r.range.end.character, r.message) for r in on_baz.related]
    assert got == [
        ("self", 0, 0, 3, '"baz" (request line 1) (pulls in python-3.9)'),
        ("baz/1/package.py", 2, 13, 16, "baz-1 requires foo"),
        ("foo/1.0/package.py", 2, 13, 23, "foo-1.0 requires python-3.9"),
        ("self", 0, 4, 7, '"qux" (request line 1) (pulls in python-3.11)'),
        ("qux/1/package.py", 2, 14, 17, "qux-1 variant 0 requires bar"),
        ("bar/2.0/package.py", 2, 13, 24, "bar-2.0 requires python-3.11"),
    ]
    on_qux = next(f for f in a.findings if f.range.start.character == 4)
    assert on_qux.related[0].message.startswith('"qux"')  # its own chain first


def test_unsaved_buffer_is_where_the_chain_points(ws):
    path = os.path.join(ws.paths[0], "foo", "1.0", "package.py")
    ws.set_overlay(path, 'name = "foo"\nversion = "1.0"\n\nrequires = [\n    "python-3.9",\n]\n')
    try:
        a = analyze_text("/src/r.rez-requests", "foo bar\n", ws)
        step = next(r for r in a.findings[0].related if r.path == path)
        assert (step.range.start.line, step.range.start.character) == (4, 5)
    finally:
        ws.set_overlay(path, None)


def test_hover_shows_the_chain(ws):
    from pyrer_ls.analysis.hover import hover_at
    from pyrer_ls.analysis.model import Position

    a = analyze_text("/src/package.py", 'name = "m"\nversion = "1"\nrequires = ["baz", "bar"]\n', ws)
    text = hover_at(a, Position(2, 14))[1]
    assert '  - python-3.9 is pulled in by: "baz" (requires) → baz-1 requires foo → foo-1.0 requires python-3.9' in text


@pytest.mark.parametrize("requirement,target,expected", [
    ("python-3.9", "python-3.9", True),
    ("python-3.9", "python==3.9.0", True),  # the scope narrowed to the resolved version
    ("python-3", "python-3.9", True),
    ("python-3.9|3.10", "python-3.9", True),
    ("python-3.9", "python-3.11", False),
    ("python", "python-3.9", False),  # the whole family narrows nothing
    ("python", "python", True),
    ("ghost-1", "ghost", True),  # a missing family: any requirement on it
    ("!python-3.9", "python-3.9", False),
    ("other-3.9", "python-3.9", False),
    ("bad--1", "python", False),
])
def test_leads_to(requirement, target, expected):
    assert leads_to(requirement, pyrer.Requirement(target)) is expected


def test_missing_family_lands_on_the_request_that_needs_it(ws):
    a = analyze_text("/src/r.rez-requests", "maya deep\n", ws)
    assert [(f.code, f.range.start.character) for f in a.findings] == [(Codes.RESOLVE_ERROR, 5)]
