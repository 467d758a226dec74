"""The static reader over tests/static/corpus/ (package.py files shaped like studios write them) against rez itself.

Each `corpus/<name>/package.py` is loaded by rez in this test process (the corpus is ours; the server
never runs package.py code): as a developer package (`get_developer_package`: `@early` evaluated,
wildcards expanded, `preprocess` applied) and from a filesystem repository (`<name>/<version>/package.py`,
`iter_packages`). For every field the static view either equals rez's value or says it is computed;
a file rez's developer loading accepts gets no PYRER001/002/003/011; a `rejected_*` file, which rez
refuses, gets one (an `evaluation_fails_*` file fails only when its code runs: tests/static/test_corpus_evaluated.py). The solver's view (`parse_static_package(s)_py`) agrees with the span view.
"""

from __future__ import annotations

import os
import shutil
from typing import Any, Dict, List, Optional

import pytest

import pyrer
from pyrer._native import StaticRead, read_static_package_py
from pyrer_ls.analysis import Codes, analyze_text
from pyrer_ls.analysis.package_py import FIELDS, LIST_FIELDS, PackageInfo, read_package_py

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
NAMES = sorted(os.listdir(CORPUS))
ERROR_CODES = (Codes.SYNTAX, Codes.INVALID_REQUIREMENT, Codes.INVALID_VERSION, Codes.BAD_FIELD)
SOLVER_FIELDS = ("name", "version", "requires", "variants")

# the packages path rez expands wildcard requirements against
FAMILIES = {
    "python": ["2.7.18", "3.7.9", "3.9.7", "3.11.4"],
    "platform": ["linux", "windows"],
    "maya": ["2023.3", "2024.2"],
    "cmake": ["3.20.6", "3.26.4"],
    "gcc": ["9.3.0", "11.2.0"],
    "pytest": ["7.4.0"],
}


def _text(name: str) -> str:
    with open(os.path.join(CORPUS, name, "package.py"), encoding="utf-8", newline="") as f:
        return f.read()


@pytest.fixture(scope="module")
def rez(tmp_path_factory):
    """rez behind a locked config whose packages path is a small fixture repository; the corpus in a repository layout."""
    from rez.config import _create_locked_config, config
    from rez.package_repository import package_repository_manager

    root = tmp_path_factory.mktemp("corpus")
    packages = root / "packages"
    for family, versions in FAMILIES.items():
        for v in versions:
            folder = packages / family / v
            folder.mkdir(parents=True)
            (folder / "package.py").write_text('name = "%s"\nversion = "%s"\n' % (family, v))
    repo = root / "repo"
    for name in NAMES:
        folder = repo / name / "1.0.0"
        folder.mkdir(parents=True)
        shutil.copy(os.path.join(CORPUS, name, "package.py"), folder / "package.py")
    locked = _create_locked_config({"packages_path": [str(packages)]})
    config._swap(locked)
    try:
        yield str(repo)
    finally:
        config._swap(locked)
        package_repository_manager.clear_caches()


def developer_data(name: str) -> Dict[str, Any]:
    """rez's developer package data, or {"<error>": message} when rez refuses the file."""
    from rez.packages import get_developer_package

    try:
        return dict(get_developer_package(os.path.join(CORPUS, name)).data)
    except Exception as e:  # noqa: BLE001 - any refusal: SchemaError, PackageMetadataError, ...
        return {"<error>": "%s: %s" % (type(e).__name__, e)}


def repository_data(repo: str, name: str) -> Optional[Dict[str, Any]]:
    """The data rez's filesystem repository loads (`@early` evaluated, nothing validated), or None."""
    from rez.packages import iter_packages

    try:
        package = next(iter_packages(name, paths=[repo]), None)
        return None if package is None else dict(package.data)
    except Exception:  # noqa: BLE001 - the file does not even load
        return None


def same(static: Any, rez_value: Any) -> bool:
    """Equal, except that a static string with a wildcard stands for whatever rez expanded it to."""
    if isinstance(static, str) and "*" in static and isinstance(rez_value, str):
        return True
    if isinstance(static, (list, tuple)) and isinstance(rez_value, (list, tuple)):
        return type(static) is type(rez_value) and len(static) == len(rez_value) and all(
            same(a, b) for a, b in zip(static, rez_value))
    if isinstance(static, dict) and isinstance(rez_value, dict):
        return static.keys() == rez_value.keys() and all(same(static[k], rez_value[k]) for k in static)
    return type(static) is type(rez_value) and static == rez_value


# attributes rez's loaders consume instead of keeping: the developer loader checks and pops
# `requires_rez_version` (rez/package_maker.py), the filesystem repository pops `format_version`
CONSUMED = {"requires_rez_version", "format_version"}


def field_mismatches(read: StaticRead, data: Dict[str, Any]) -> List[str]:
    """Fields where the static view differs from rez's data without saying it is computed."""
    out = []
    anything = any(f.computed is not None and f.computed.kind == "dynamic" for f in read.fields)
    for key, value in data.items():
        f = read.field(key)
        if f is None and not anything:  # (code that may set any variable was reported on every rez field)
            out.append("%s: rez has %r, the static view does not know the field" % (key, value))
        elif f is not None and f.computed is None and not same(f.value.python(), value):
            out.append("%s: static %r, rez %r" % (key, f.value.python(), value))
    for f in read.fields:
        dropped = f.name.startswith("__") or f.name in CONSUMED or f.value is None or f.value.python() is None
        if f.computed is None and f.name not in data and not dropped:
            out.append("%s: static %r, rez dropped it" % (f.name, f.value.python()))
    return out


def info_value(info: PackageInfo, key: str) -> Any:
    if key in ("name", "version"):
        return getattr(info, key)
    if key in LIST_FIELDS:
        return [r.text for r in getattr(info, key)]
    if key == "variants":
        return [[r.text for r in row] for row in info.variants or []]
    return {name: [r.text for r in refs] for name, refs in info.tests.items()}


def rez_value(data: Dict[str, Any], key: str) -> Any:
    if key != "tests":
        return data[key]
    return {name: list(t.get("requires", [])) if isinstance(t, dict) else [] for name, t in data[key].items()}


@pytest.mark.parametrize("name", NAMES)
def test_static_view_matches_rez_developer_loading(rez, name):
    text = _text(name)
    data = developer_data(name)
    analysis = analyze_text(os.path.join(CORPUS, name, "package.py"), text, None)
    errors = [(f.code, f.message) for f in analysis.findings if f.code in ERROR_CODES]
    if name.startswith("rejected_"):
        assert "<error>" in data, "rez was expected to refuse %s" % name
        assert errors, "rez refuses %s (%s) but the analysis reports no error" % (name, data["<error>"])
        return
    if name.startswith("evaluation_fails_"):  # only running its code shows it (test_corpus_evaluated.py)
        assert "<error>" in data, "rez was expected to refuse %s" % name
        assert errors == [] and analysis.package.computed
        return
    assert "<error>" not in data, data
    assert errors == [], "false error on a file rez loads"
    read = read_static_package_py(text)
    assert field_mismatches(read, data) == []
    info = analysis.package
    notices = {(f.range, f.code) for f in analysis.findings}
    for key in FIELDS:
        if key in info.computed:  # every computed field says so, where it is set
            assert (info.field_ranges[key], Codes.NOT_STATIC) in notices, key
        elif key in data:
            assert same(info_value(info, key), rez_value(data, key)), key


@pytest.mark.parametrize("name", NAMES)
def test_static_view_matches_rez_repository_loading(rez, name):
    data = repository_data(rez, name)
    if data is None:
        assert name.startswith(("rejected_", "evaluation_fails_")), name
        return
    read = read_static_package_py(_text(name))
    assert field_mismatches(read, data) == []


@pytest.mark.parametrize("name", NAMES)
def test_solver_view_agrees_with_the_span_view(rez, name):
    """parse_static_package(s)_py read exactly the files whose four solver fields the span view reads, and
    what it reads is what rez's repository loader reads."""
    text = _text(name)
    solver = pyrer.parse_static_package_py(text)
    (batch,) = pyrer.parse_static_packages_py([os.path.join(rez, name, "1.0.0", "package.py")])
    assert (solver is None) == (batch is None)
    info = read_package_py(text)
    read = info.read
    usable = info.syntax_ok and not read.errors and read.field("name") is not None
    for key in SOLVER_FIELDS:
        f = read.field(key) if read is not None else None
        if f is None:
            continue
        if f.computed is not None or f.problem is not None or f.value.kind == "none":
            usable = False
        elif "*" in repr(f.value.python()) and key in ("requires", "variants"):
            usable = False
    assert (solver is not None) == usable, (solver, info.not_static)
    if solver is None:
        return
    data = repository_data(rez, name)
    expected = (data["name"], data.get("version", ""), data.get("requires", []), data.get("variants", []))
    assert (solver.name, solver.version, solver.requires, solver.variants) == expected
    assert (batch.name, batch.version, batch.requires, batch.variants) == expected


def test_corpus_covers_the_patterns():
    """The corpus keeps its breadth: many files, and every kind of computed field among them."""
    kinds = set()
    for name in NAMES:
        for f in read_static_package_py(_text(name)).fields:
            if f.computed is not None:
                kinds.add((f.computed.kind, f.computed.evaluation))
    assert len(NAMES) >= 60
    assert {k for k, _ in kinds} >= {"function", "class", "expression", "conditional", "import",
                                     "augmented_assignment", "modified", "deleted", "dynamic", "scope"}
    assert {e for _, e in kinds} >= {"load", "early", "late", "dropped"}
