"""rez's filesystem repository rules, case by case: what pyrer's Studio lists and resolves, against rez itself."""

from __future__ import annotations

import os
import textwrap

import pytest

import pyrer
from pyrer.studio import Studio, StudioConfig

# (description, files {path: text}, requests): each request is resolved by rez and by pyrer
CASES = [
    ("ignore marker hides a version",
     {"m/1/package.py": "name='m'\nversion='1'\n", "m/2/package.py": "name='m'\nversion='2'\n", "m/.ignore2": ""},
     [["m"], ["m-2"]]),
    ("package.yaml counts",
     {"g/1/package.yaml": "name: g\nversion: '1'\nrequires: [b]\n", "b/1/package.py": "name='b'\nversion='1'\n"},
     [["g"]]),
    ("package.txt does not: a folder without a definition file",
     {"f/1/package.txt": "name='f'\nversion='1'\n", "f/0.5/package.py": "name='f'\nversion='0.5'\n"},
     [["f"], ["f-0.5"]]),
    ("folder name and version win over the file's fields",
     {"j/1/package.py": "name='jj'\nversion='3'\nrequires=['c']\n", "c/1/package.py": "name='c'\nversion='1'\n"},
     [["j"], ["j-1"], ["j-3"]]),
    ("an unversioned package hides the version folders beside it",
     {"i/package.py": "name='i'\nrequires=['b']\n", "i/1/package.py": "name='i'\nversion='1'\n",
      "b/1/package.py": "name='b'\nversion='1'\n"},
     [["i"], ["i-1"]]),
    ("a version folder without a definition file fails when reached",
     {"d/1/package.py": "name='d'\nversion='1'\n", "d/2/.keep": ""},
     [["d-1"], ["d"]]),
    ("a broken requirement fails only when reached",
     {"e/1/package.py": "name='e'\nversion='1'\nrequires=['b-1..']\n",
      "e/2/package.py": "name='e'\nversion='2'\nrequires=['b']\n", "b/1/package.py": "name='b'\nversion='1'\n"},
     [["e-2"], ["e"], ["e-1"]]),
    ("a name rez rejects in package data",
     {"q/1/package.py": "name='q'\nversion='1'\nvariants=[['b'], ['~.x']]\n", "b/1/package.py": "name='b'\nversion='1'\n"},
     [["q"]]),
    ("a syntax error fails only when reached",
     {"p/1/package.py": "name='p'\nversion='1'\nrequires=['b']\n", "p/2/package.py": "name='p'\nversion='2'\nrequires=['b'\n",
      "b/1/package.py": "name='b'\nversion='1'\n"},
     [["p-1"], ["p"]]),
    ("a version folder that is not a version breaks the family",
     {"k/1/package.py": "name='k'\nversion='1'\n", "k/1..2/package.py": "name='k'\nversion='1'\n"},
     [["k-1"], ["b"]]),
    ("folders that are not family names are skipped",
     {"bad-name/1/package.py": "name='bad'\nversion='1'\n", "b/1/package.py": "name='b'\nversion='1'\n"},
     [["b"]]),
    ("a build in progress is not listed",
     {"h/1/package.py": "name='h'\nversion='1'\n", "h/2/README": "", "h/.building2": ""},
     [["h"]]),
    ("non-ASCII text in a package",
     {"ü/1/package.py": "name='u'\nversion='1'\n", "desc/1/package.py": "# -*- coding: utf-8 -*-\nname='desc'\n"
      "version='1'\ndescription='Café ☕ 日本'\nrequires=['b']\n", "b/1/package.py": "name='b'\nversion='1'\n"},
     [["desc"]]),
]


def _write(root: str, files: dict) -> None:
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(text))


def _rez(request, root):
    from rez.resolved_context import ResolvedContext

    try:
        ctx = ResolvedContext(request, package_paths=[root], add_implicit_packages=False)
    except Exception as e:
        return "error", type(e).__name__
    if ctx.status.name != "solved":
        return "failed", None
    return "solved", [v.qualified_name for v in ctx.resolved_packages]


def _pyrer(request, root):
    studio = Studio(StudioConfig(packages_path=(root,)))
    result = pyrer.solve(request, load_family=studio.load_family)
    if result.status != "solved":
        return result.status, result.failure_description
    return "solved", [str(v) for v in result.resolved_packages]


@pytest.mark.parametrize("desc,files,requests", CASES, ids=[c[0] for c in CASES])
def test_same_as_rez(tmp_path, desc, files, requests):
    root = str(tmp_path / "repo")
    _write(root, files)
    for request in requests:
        rez_status, rez_out = _rez(request, root)
        status, out = _pyrer(request, root)
        assert status == rez_status, (request, rez_out, out)
        if status == "solved":
            assert out == rez_out, request


def test_unreadable_packages_never_vanish(tmp_path):
    """A package.py the static reader cannot read stays in its family, with a problem saying why."""
    root = str(tmp_path / "repo")
    _write(root, {"tbb/2021/package.py": "name='tbb'\n@early()\ndef version():\n    return '2021'\n",
                  "tbb/2020/package.py": "name='tbb'\nversion='2020'\n"})
    studio = Studio(StudioConfig(packages_path=(root,)))
    view = studio.family("tbb")
    assert sorted(r.version for r in view.records) == ["2020", "2021"]
    assert any("2021" in p.path for p in view.problems)


def test_two_spellings_of_one_version(tmp_path):
    """rez keeps one of `1.0` and `1-0` (which one depends on the process); pyrer keeps one and says so."""
    root = str(tmp_path / "repo")
    _write(root, {"a/1.0/package.py": "name='a'\nversion='1.0'\n", "a/1-0/package.py": "name='a'\nversion='1-0'\n"})
    studio = Studio(StudioConfig(packages_path=(root,)))
    assert len(studio.load_family("a")) == 1
    assert "spelled two ways" in studio.family("a").problems[0].message
    assert pyrer.solve(["a"], load_family=studio.load_family).status == "solved"
