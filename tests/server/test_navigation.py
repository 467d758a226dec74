"""Table-driven tests of go to definition, find references and document symbols (pure analysis, real files)."""

from __future__ import annotations

import os

import pytest

from pyrer_ls.analysis import Position, Range, Workspace, analyze_text
from pyrer_ls.analysis.navigation import definition, family_at, references, split_label
from pyrer_ls.analysis.symbols import document_symbols
from tests.server.repo_builder import BASIC, make_repo

SPEC = dict(BASIC, **{"multi-1": {"variants": [["python-3.9"], ["python-3.11"]]}})
GLOBS = ["*.rez-requests"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return make_repo(str(tmp_path_factory.mktemp("repo")), SPEC)


@pytest.fixture(scope="module")
def ws(repo):
    return Workspace([repo])


def marked(text):
    before, after = text.split("$0")
    lines = before.split("\n")
    return before + after, Position(len(lines) - 1, len(lines[-1]))


def where(repo, locations):
    """(path relative to the repo, line, start, end) of each location."""
    return [(os.path.relpath(loc.path, repo), loc.range.start.line, loc.range.start.character, loc.range.end.character)
            for loc in locations]


# (description, package.py text with $0, expected (file, line, start col, end col))
DEFINITION_CASES = [
    ("resolved version, lands on its version", 'requires = ["fo$0o"]\n', [("foo/1.0/package.py", 1, 11, 14)]),
    ("resolved variant, lands on the variant", 'requires = ["python-3.11", "mul$0ti"]\n',
     [("multi/1/package.py", 2, 30, 41)]),
    ("one target per variant context", 'requires = ["mul$0ti"]\nvariants = [["python-3.9"], ["python-3.11"]]\n',
     [("multi/1/package.py", 2, 14, 24), ("multi/1/package.py", 2, 30, 41)]),
    ("per context: two targets", 'variants = [["foo"], ["bar"]]\nrequires = ["pyth$0on"]\n',
     [("python/3.9.0/package.py", 1, 11, 16), ("python/3.11.0/package.py", 1, 11, 17)]),
    ("unresolved: highest in range", 'requires = ["foo", "bar", "may$0a"]\n', [("maya/2025.1/package.py", 1, 11, 17)]),
    ("unresolved, no version in range: highest of the family", 'requires = ["maya-20$030"]\n',
     [("maya/2025.1/package.py", 1, 11, 17)]),
    ("unknown family: nowhere", 'requires = ["nosu$0ch"]\n', []),
    ("not on a requirement", 'na$0me = "mine"\nrequires = ["foo"]\n', []),
]


@pytest.mark.parametrize("desc,text,expected", DEFINITION_CASES, ids=[c[0] for c in DEFINITION_CASES])
def test_definition(repo, ws, desc, text, expected):
    text, pos = marked(text)
    analysis = analyze_text("/src/mine/package.py", 'name = "mine"\n' + text, ws)
    pos = Position(pos.line + 1, pos.character)
    assert where(repo, definition(analysis, pos, ws)) == expected


def test_definition_in_request_list(repo, ws):
    analysis = analyze_text("/src/shots.rez-requests", "maya-2024 python\n", ws)
    assert where(repo, definition(analysis, Position(0, 12), ws)) == [("python/3.9.0/package.py", 1, 11, 16)]


@pytest.mark.parametrize("label,expected", [
    ("foo-1.0", ("1.0", None)), ("multi-1[1]", ("1", 1)), ("python-3.9.0", ("3.9.0", None)), ("plain", ("", None)),
])
def test_split_label(label, expected):
    assert split_label(label.split("-")[0], label) == expected


def test_references_across_files_and_open_documents(repo, tmp_path):
    src = tmp_path / "src"
    (src / "mine").mkdir(parents=True)
    (src / "mine" / "package.py").write_text('name = "mine"\nrequires = ["python-3", "foo"]\n')
    (src / "shots.rez-requests").write_text("# python here is a comment\nmaya python-3.11\n")
    (src / "notes.txt").write_text("python\n")
    (src / ".hidden").mkdir()
    (src / ".hidden" / "package.py").write_text('requires = ["python"]\n')
    open_docs = {str(src / "open" / "package.py"): 'name = "x"\nvariants = [["python"]]\n',
                 str(src / "mine" / "package.py"): 'name = "mine"\nrequires = ["foo", "~python"]\n'}
    got = where(str(src), references("python", open_docs, [str(src)], GLOBS))
    assert got == [("mine/package.py", 1, 20, 27), ("open/package.py", 1, 14, 20), ("shots.rez-requests", 1, 5, 16)]


def test_references_declaration_and_cap(repo):
    got = where(repo, references("python", {}, [repo], GLOBS))
    assert ("python/3.9.0/package.py", 0, 8, 14) in got and ("foo/1.0/package.py", 2, 13, 23) in got
    assert ("python/3.9.0/package.py", 0, 8, 14) not in where(repo, references("python", {}, [repo], GLOBS, False))
    assert len(references("python", {}, [repo], GLOBS, max_files=1)) <= 1


@pytest.mark.parametrize("text,expected", [
    ('name = "mine"\nrequires = ["py$0thon-3"]\n', "python"),
    ('name = "mi$0ne"\n', "mine"),
    ('name = "mine"\n# py$0thon\n', None),
])
def test_family_at(ws, text, expected):
    text, pos = marked(text)
    assert family_at(analyze_text("/src/package.py", text, ws), pos) == expected


def outline(symbols, depth=0):
    out = []
    for s in symbols:
        out.append(("  " * depth + s.name, s.kind, s.detail))
        assert s.range.start <= s.selection.start and s.selection.end <= s.range.end
        out += outline(s.children, depth + 1)
    return out


def test_document_symbols_of_package():
    text = ('name = "mine"\nversion = "1.0"\nrequires = ["foo", "python-3"]\n'
            'variants = [["maya-2024"], []]\ntests = {"unit": {"command": "x", "requires": ["bar"]}}\n'
            'custom = 1\n@early()\ndef build_requires():\n    return []\n')
    assert outline(document_symbols(text, "package")) == [
        ("name", "field", "mine"), ("version", "field", "1.0"),
        ("requires", "field", "2 requirements"), ("  foo", "requirement", None), ("  python-3", "requirement", None),
        ("variants", "field", "2 variants"), ("  variant 0", "variant", "maya-2024"),
        ("    maya-2024", "requirement", None), ("  variant 1", "variant", ""),
        ("tests", "field", None), ("  unit", "test", None), ("    bar", "requirement", None),
        ("custom", "variable", None), ("build_requires", "field", "computed by code")]
    (fn,) = [s for s in document_symbols(text, "package") if s.name == "build_requires"]
    assert (fn.range.start.line, fn.selection) == (6, Range.at(7, 4, 18))


def test_document_symbols_of_request_list_and_broken_file():
    assert outline(document_symbols("# c\nfoo bar\n\nmaya\n", "requests")) == [
        ("line 2", "line", "foo bar"), ("  foo", "requirement", None), ("  bar", "requirement", None),
        ("line 4", "line", "maya"), ("  maya", "requirement", None)]
    assert document_symbols('requires = ["foo",\n', "package") == []
