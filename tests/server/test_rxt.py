"""Saved contexts (.rxt): the JSON span reader, unreadable files, and drift against contexts saved by real rez."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from pyrer_ls.analysis import Codes, Position, Range, Workspace, analyze_text
from pyrer_ls.analysis.analyze import document_kind
from pyrer_ls.analysis.hover import hover_at
from pyrer_ls.analysis.json_spans import JsonSyntaxError, Offsets, parse
from tests.server.repo_builder import BASIC, make_repo


@pytest.mark.parametrize("text,path,expected", [
    ('{"a": [1, "x"]}', ("a", 1), (10, 13, "x")),
    ('{\n  "k": {"deep": null}\n}', ("k", "deep"), (18, 22, None)),
    ('[true, -1.5e3]', (1,), (7, 13, -1500.0)),
    ('{"é": "🐍"}', ("é",), (6, 9, "🐍")),
])
def test_json_spans(text, path, expected):
    node = parse(text).get(*path)
    assert (node.start, node.end, node.value) == expected
    assert parse(text).value == json.loads(text)


@pytest.mark.parametrize("text,offset", [("{", 1), ('{"a" 1}', 5), ("[1,]", 3), ('{"a": 1} x', 9), ('"\\q"', 1)])
def test_json_errors_have_offsets(text, offset):
    with pytest.raises(JsonSyntaxError) as e:
        parse(text)
    assert e.value.offset == offset


def test_offsets_count_utf16():
    at = Offsets('{"🐍": "x",\r\n "b": 1}')
    assert at.position(8) == Position(0, 9)  # the snake is two UTF-16 units
    assert at.position(13) == Position(1, 1)


@pytest.mark.parametrize("path,kind", [
    ("/a/ctx.rxt", "context"), ("/a/package.py", "package"), ("/a/x.rez-requests", "requests"), ("/a/x.txt", None)])
def test_document_kind(path, kind):
    assert document_kind(path, ["*.rez-requests", "*.rxt"]) == kind


# (file text, expected (line, code, message start))
UNREADABLE = [
    ("requests: [foo]\n", [(0, Codes.CONTEXT_UNREADABLE, "not a JSON rez context")]),
    ('{\n  "package_requests": ["foo",\n}\n', [(2, Codes.CONTEXT_UNREADABLE, "invalid JSON")]),
    ('{"something": 1}', [(0, Codes.CONTEXT_UNREADABLE, "not a rez context")]),
    ('{"package_requests": ["foo"], "package_paths": [], "resolved_packages": [{"key": "x"}]}',
     [(0, Codes.CONTEXT_UNREADABLE, "a resolved package without"),
      (0, Codes.CONTEXT_NOT_REPLAYED, "none of the saved packages paths")]),
]


@pytest.mark.parametrize("text,expected", UNREADABLE)
def test_unreadable(text, expected):
    a = analyze_text("/x/ctx.rxt", text, Workspace([]))
    assert [(f.range.start.line, f.code, f.message[:len(m)]) for f, (_, _, m) in zip(a.findings, expected)] == expected
    assert len(a.findings) == len(expected)


# --- drift against contexts saved by rez ---------------------------------------------------------
def _remove(repo, key):
    name, version = key.split("-", 1)
    shutil.rmtree(os.path.join(repo, name, version))


# (description, saved request, change to the repository, expected [(code, text on the finding's line, message)])
DRIFT = [
    ("unchanged", ["maya"], lambda repo: None, []),
    ("newer version", ["maya"], lambda repo: make_repo(repo, {"maya-2026.0": ["python-3.9"]}), [
        (Codes.CONTEXT_DRIFT, '"version": "3.11.0"', "saved python-3.11.0, now resolves to python-3.9.0"),
        (Codes.CONTEXT_DRIFT, '"version": "2025.1"', "saved maya-2025.1, now resolves to maya-2026.0")]),
    ("package deleted", ["maya"], lambda repo: _remove(repo, "python-3.11.0"), [
        (Codes.CONTEXT_DRIFT, '"version": "3.11.0"',
         "saved python-3.11.0, now resolves to python-3.9.0 (python-3.11.0 is no longer in the repositories)"),
        (Codes.CONTEXT_DRIFT, '"version": "2025.1"', "saved maya-2025.1, now resolves to maya-2024.0")]),
    ("package added to the resolve", ["foo"], lambda repo: make_repo(repo, {"foo-1.1": ["python-3.9", "extra"],
                                                                            "extra-1": []}), [
        (Codes.CONTEXT_DRIFT, '"resolved_packages": [', "extra-1 is now in the resolve (not in the saved context)"),
        (Codes.CONTEXT_DRIFT, '"version": "1.0"', "saved foo-1.0, now resolves to foo-1.1")]),
    ("package dropped from the resolve", ["foo"], lambda repo: make_repo(repo, {"foo-1.1": []}), [
        (Codes.CONTEXT_DRIFT, '"name": "python",', "python-3.9.0 is no longer in the resolve"),
        (Codes.CONTEXT_DRIFT, '"version": "1.0"', "saved foo-1.0, now resolves to foo-1.1")]),
    ("no longer resolves", ["foo", "maya"], lambda repo: _remove(repo, "maya-2024.0"), [
        (Codes.CONTEXT_UNRESOLVABLE, '"package_requests": [',
         "the saved request no longer resolves: The following package conflicts occurred"),
        (Codes.CONFLICT, '"foo",', "saved request resolve failed: The following package conflicts occurred"),
        (Codes.CONFLICT, '"maya"', "saved request resolve failed: The following package conflicts occurred")]),
    ("family gone", ["maya"], lambda repo: shutil.rmtree(os.path.join(repo, "maya")), [
        (Codes.CONTEXT_UNRESOLVABLE, '"package_requests": [',
         "the saved request no longer resolves: PackageFamilyNotFoundError"),
        (Codes.UNKNOWN_FAMILY, '"maya"', "unknown package family 'maya' (in package_requests)")]),
]


@pytest.mark.parametrize("desc,requests,change,expected", DRIFT, ids=[c[0] for c in DRIFT])
def test_drift_against_rez_saved_context(tmp_path, desc, requests, change, expected):
    pytest.importorskip("rez")
    from tests.server.rez_context import save_context

    repo = make_repo(str(tmp_path / "repo"), BASIC)
    path = str(tmp_path / "ctx.rxt")
    text = save_context(repo, requests, path)
    change(repo)
    a = analyze_text(path, text, Workspace([]))  # the saved packages paths are used
    lines = text.splitlines()
    got = [(f.code, lines[f.range.start.line].strip(), f.message[:len(m)]) for f, (_, _, m) in zip(a.findings, expected)]
    assert got == [(c, line, m) for c, line, m in expected]
    assert len(a.findings) == len(expected)


def test_drift_hover_and_range(tmp_path):
    pytest.importorskip("rez")
    from tests.server.rez_context import save_context

    repo = make_repo(str(tmp_path / "repo"), BASIC)
    text = save_context(repo, ["maya"], str(tmp_path / "ctx.rxt"))
    make_repo(repo, {"maya-2026.0": ["python-3.9"]})
    a = analyze_text(str(tmp_path / "ctx.rxt"), text, Workspace([]))
    line = next(i for i, t in enumerate(text.splitlines()) if '"version": "2025.1"' in t)
    col = text.splitlines()[line].index("2025.1")
    assert a.findings[-1].range == Range.at(line, col, col + len("2025.1"))
    rng, md = hover_at(a, Position(line, col))
    assert md == "**maya-2025.1** (saved)\n\nnow **maya-2026.0**"
    _, table = hover_at(a, Position(0, 0))
    assert "| maya | maya-2025.1 | maya-2026.0 |" in table and "| python | python-3.11.0 | python-3.9.0 |" in table
    request = next(i for i, t in enumerate(text.splitlines()) if t.strip() == '"maya"')
    _, md = hover_at(a, Position(request, text.splitlines()[request].index("maya")))
    assert "**saved request**: maya-2026.0" in md  # the ordinary requirement hover


def test_configured_path_when_saved_paths_are_gone(tmp_path):
    pytest.importorskip("rez")
    from tests.server.rez_context import save_context

    repo = make_repo(str(tmp_path / "repo"), BASIC)
    text = save_context(repo, ["maya"], str(tmp_path / "ctx.rxt"))
    moved = str(tmp_path / "moved")
    shutil.move(repo, moved)
    a = analyze_text(str(tmp_path / "ctx.rxt"), text, Workspace([moved]))
    assert [(f.code, f.message) for f in a.findings] == [
        (Codes.CONTEXT_NOT_REPLAYED,
         "none of the saved packages paths exists here: re-solved with the configured packages path")]
