"""Table-driven tests of completion: family names, versions marked by whether the resolve stays valid, field names."""

from __future__ import annotations

import pytest

from pyrer_ls.analysis import Position, Workspace
from pyrer_ls.analysis.completion import MAX_CHECKED_VERSIONS, complete
from pyrer_ls.analysis.cursor import field_at, string_at
from tests.server.repo_builder import BASIC, make_repo


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return Workspace([make_repo(str(tmp_path_factory.mktemp("repo")), BASIC)])


@pytest.fixture(autouse=True)
def unhurried(monkeypatch):
    """Results must not depend on the machine's speed: the version checks get all the time they need."""
    import pyrer_ls.analysis.completion as completion

    monkeypatch.setattr(completion, "CHECK_BUDGET_SECONDS", 60.0)


def marked(text):
    """Split `$0` out of a text: (text, Position of the marker)."""
    before, after = text.split("$0")
    lines = before.split("\n")
    return before + after, Position(len(lines) - 1, len(lines[-1]))


def labels(ws, text, kind="package"):
    text, pos = marked(text)
    return [(c.label, c.detail) if c.kind == "version" else c.label for c in complete(text, kind, pos, ws).items]


OK, FAIL = "✓ resolves", "✗ runtime resolve failed"

# (description, text with $0, kind, expected labels; versions as (label, detail), newest first)
CASES = [
    ("family prefix", 'requires = ["foo", "py$0"]\n', "package", ["python"]),
    ("family, empty string", 'requires = ["$0"]\n', "package",
     ["bar", "cyca", "cycb", "deep", "foo", "maya", "python"]),
    ("family, weak operator kept", 'requires = ["~ma$0"]\n', "package", ["maya"]),
    ("family, case-insensitive", 'requires = ["MA$0"]\n', "package", ["maya"]),
    ("versions after '-', with foo", 'requires = ["foo", "python-$0"]\n', "package",
     [("3.11.0", FAIL), ("3.9.0", OK)]),
    ("versions, prefix filters", 'requires = ["python-3.1$0"]\n', "package", [("3.11.0", OK)]),
    ("versions, bar needs maya-2025", 'requires = ["bar", "maya-$0"]\n', "package",
     [("2025.1", OK), ("2024.0", FAIL)]),
    ("versions after '=='", 'requires = ["foo", "python==$0"]\n', "package", [("3.11.0", FAIL), ("3.9.0", OK)]),
    ("versions in a variant", 'requires = ["foo"]\nvariants = [["python-$0"]]\n', "package",
     [("3.11.0", "✗ runtime variant 0 resolve failed"), ("3.9.0", OK)]),
    ("versions in build_requires", 'requires = ["foo"]\nbuild_requires = ["python-$0"]\n', "package",
     [("3.11.0", "✗ build resolve failed"), ("3.9.0", OK)]),
    ("unclosed string: the repaired list still counts", 'requires = ["foo", "python-$0\n', "package",
     [("3.11.0", FAIL), ("3.9.0", OK)]),
    ("unclosed string on a continuation line", 'requires = [\n    "foo",\n    "python-3$0\n', "package",
     [("3.11.0", FAIL), ("3.9.0", OK)]),
    ("unknown family: nothing", 'requires = ["nosuch-$0"]\n', "package", []),
    ("open range '+': nothing to insert", 'requires = ["python-3+$0"]\n', "package", []),
    ("not a requirement field", 'description = "py$0"\n', "package", []),
    ("in a comment", 'requires = ["foo"]  # "py$0\n', "package", []),
    ("request list family", "foo ma$0\n", "requests", ["maya"]),
    ("request list versions", "foo python-$0\n", "requests",
     [("3.11.0", "✗ line 1 resolve failed"), ("3.9.0", OK)]),
    ("request list other line unaffected", "foo\npython-$0\n", "requests", [("3.11.0", OK), ("3.9.0", OK)]),
    ("field names by prefix", 'name = "x"\nreq$0\n', "package", ["requires", "requires_rez_version"]),
    ("field names skip the ones set", 'name = "x"\nrequires = []\nre$0\n', "package",
     ["relocatable", "requires_rez_version"]),
    ("no field names when indented", 'def commands():\n    re$0\n', "package", []),
    ("any field set is skipped", 'name = "x"\nrelocatable = True\ndef requires_rez_version():\n    pass\nre$0\n',
     "package", ["requires"]),
]


@pytest.mark.parametrize("desc,text,kind,expected", CASES, ids=[c[0] for c in CASES])
def test_completion(ws, desc, text, kind, expected):
    assert labels(ws, text, kind) == expected


def test_edit_ranges_replace_the_word(ws):
    text, pos = marked('requires = ["py$0thon-3", "foo"]\n')
    (fam,) = complete(text, "package", pos, ws).items
    assert (fam.new_text, fam.range.start.character, fam.range.end.character) == ("python", 13, 19)
    text, pos = marked('requires = ["python-3.$09"]\n')
    items = complete(text, "package", pos, ws).items
    assert {(c.range.start.character, c.range.end.character) for c in items} == {(20, 23)}


def test_field_snippets(ws):
    text, pos = marked("vari$0\n")
    (item,) = complete(text, "package", pos, ws).items
    assert (item.label, item.snippet) == ("variants", 'variants = [["$1"]]')


def test_versions_checked_are_capped(tmp_path):
    ws = Workspace([make_repo(str(tmp_path), {"lib-1.%d" % i: [] for i in range(MAX_CHECKED_VERSIONS + 5)})])
    text, pos = marked('requires = ["lib-$0"]\n')
    items = complete(text, "package", pos, ws).items
    assert len(items) == MAX_CHECKED_VERSIONS + 5
    assert items[0].label == "1.%d" % (MAX_CHECKED_VERSIONS + 4)  # newest first
    assert [c.resolves for c in items] == [True] * MAX_CHECKED_VERSIONS + [None] * 5


def test_no_workspace_offers_fields_only():
    text, pos = marked('requires = ["py$0"]\nna$0\n'.replace("$0", "", 1))
    assert [c.label for c in complete(text, "package", pos, None).items] == ["name"]
    text, pos = marked('requires = ["py$0"]\n')
    assert complete(text, "package", pos, Workspace([])).items == []


@pytest.mark.parametrize("line,col,kind,expected", [
    ('x = ["ab", "cd"]', 13, "package", (12, "c", "d")),
    ('x = ["a\\"b"]', 10, "package", (6, 'a\\"b', "")),
    ('x = ["abc', 8, "package", (6, "ab", "c")),
    ("x = 'ab'  # 'c", 13, "package", None),
    ("x = 'ab'", 8, "package", None),
    ("foo bar-1 # baz", 7, "requests", (4, "bar", "-1")),
    ("foo  bar", 4, "requests", (4, "", "")),
    ("foo # bar", 8, "requests", None),
    ("🐍 = ['py", 8, "package", (7, "p", "y")),  # the snake is two UTF-16 units
])
def test_string_at(line, col, kind, expected):
    got = string_at([line], 0, col, kind)
    assert ((got.start, got.before, got.after) if got else None) == expected


def test_field_at():
    lines = ['name = "x"', "requires = [", '    "foo",', "]", "", "@early()", "def build_requires():", "    return []"]
    assert [field_at(lines, i) for i in range(len(lines))] == [
        "name", "requires", "requires", "requires", "requires", None, "build_requires", "build_requires"]


def test_out_of_time_leaves_versions_unmarked(ws, monkeypatch):
    import pyrer_ls.analysis.completion as completion

    monkeypatch.setattr(completion, "CHECK_BUDGET_SECONDS", 0.0)
    text, pos = marked('requires = ["foo", "python-$0"]\n')
    items = complete(text, "package", pos, ws).items
    assert [(c.label, c.resolves, c.detail) for c in items] == [
        ("3.11.0", None, "python (not checked)"), ("3.9.0", None, "python (not checked)")]


def test_long_lists_are_cut_and_marked_incomplete(tmp_path, monkeypatch):
    import pyrer_ls.analysis.completion as completion

    monkeypatch.setattr(completion, "MAX_ITEMS", 3)
    ws = Workspace([make_repo(str(tmp_path), {"lib-1.%d" % i: [] for i in range(5)})])
    text, pos = marked('requires = ["lib-$0"]\n')
    found = complete(text, "package", pos, ws)
    assert ([c.label for c in found.items], found.incomplete) == (["1.4", "1.3", "1.2"], True)
    text, pos = marked('requires = ["lib-1.1$0"]\n')
    found = complete(text, "package", pos, ws)
    assert ([c.label for c in found.items], found.incomplete) == (["1.1"], False)


@pytest.mark.parametrize("text,version,expected", [
    ('requires = ["foo", "python-$0"]\n', "3.11.0", (False, "✗ runtime resolve failed")),
    ('requires = ["foo", "python-3$0"]\n', "3.9.0", (True, "✓ resolves")),
    ('requires = ["foo", "pyth$0"]\n', "3.9.0", None),  # not at a version
])
def test_check_version_one_item(ws, text, version, expected):
    from pyrer_ls.analysis.completion import check_version

    text, pos = marked(text)
    found = check_version(text, "package", pos, version, ws)
    assert ((found.resolves, found.detail) if found else None) == expected
