"""No wasted work on an edit: how many solves each edit of a package.py costs (counted by the Workspace, never timed),
and the build resolve shared with the runtime one exactly when the two would read the same packages."""

from __future__ import annotations

import os

import pytest

from pyrer_ls.analysis import Workspace, analyze_text
from tests.server.repo_builder import BASIC, make_repo

PATH = "/src/outil/package.py"


def text(requires='["foo"]', build='["maya-2024"]', unit='["python-3.9"]', variants=None, description="Ünïcode 🎬"):
    lines = ['name = "outil"', 'version = "1.0"', "description = %r" % description, "requires = %s" % requires,
             "build_requires = %s" % build,
             'tests = {"unit": {"command": "pytest", "requires": %s}, "lint": "flake8"}' % unit]
    if variants is not None:
        lines.append("variants = %s" % variants)
    return "\n".join(lines) + "\n"


@pytest.fixture()
def ws(tmp_path):
    return Workspace([make_repo(str(tmp_path / "repo"), BASIC)])


def solves(ws, text_: str) -> int:
    """The solves one analysis of `text_` runs."""
    before = ws.solves_run
    analyze_text(PATH, text_, ws)
    return ws.solves_run - before


# (edit, the text after it, solves it costs); each row starts from the previous row's text
EDITS = [
    ("open: runtime, build, test unit, test lint", text(), 4),
    ("the description (accents, an emoji)", text(description="Outil de rendu — 渲染 ✨"), 0),
    ("a comment", "# ça compile\n" + text(description="Outil de rendu — 渲染 ✨"), 0),
    ("the unit test's requires: that test only", "# ça compile\n" + text(
        description="Outil de rendu — 渲染 ✨", unit='["python-3.11"]'), 1),
    ("build_requires: the build context only", "# ça compile\n" + text(
        description="Outil de rendu — 渲染 ✨", unit='["python-3.11"]', build='["maya-2025"]'), 1),
    ("requires: runtime, build and both tests (the package itself is in them)", "# ça compile\n" + text(
        description="Outil de rendu — 渲染 ✨", unit='["python-3.11"]', build='["maya-2025"]', requires='["bar"]'), 4),
    ("the same text again", "# ça compile\n" + text(
        description="Outil de rendu — 渲染 ✨", unit='["python-3.11"]', build='["maya-2025"]', requires='["bar"]'), 0),
]


def test_each_edit_re_solves_only_the_contexts_whose_requests_it_changed(ws):
    costs = [(label, solves(ws, t)) for label, t, _n in EDITS]
    assert costs == [(label, n) for label, _t, n in EDITS]


def test_one_variant_edited_re_solves_that_variant_alone(ws):
    two = '[["python-3.9"], ["python-3.11"]]'
    base = text(requires='["maya"]', build="[]", unit="[]", variants=two).replace("tests = ", "tsts = ")
    # runtime and build of each variant: no package read has build_requires, so each build is its runtime's solve
    assert solves(ws, base) == 2
    assert solves(ws, base.replace('["python-3.11"]', '["python-3.11", "maya-2025"]')) == 1
    assert solves(ws, base.replace('"maya"', '"maya-2025"')) == 2  # requires is in every variant's resolve


def test_a_build_resolve_is_solved_apart_when_a_package_it_reads_has_build_requires(tmp_path):
    repo = make_repo(str(tmp_path / "repo"), BASIC)
    folder = os.path.join(repo, "tool", "1.0")
    os.makedirs(folder)
    with open(os.path.join(folder, "package.py"), "w", encoding="utf-8") as f:
        f.write('name = "tool"\nversion = "1.0"\nbuild_requires = ["python-3.11"]\n')
    ws = Workspace([repo])
    before = ws.solves_run
    result = analyze_text(PATH, 'name = "outil"\nversion = "1.0"\nrequires = ["tool", "foo"]\n', ws)
    assert ws.solves_run - before == 2  # the same requests, but `rez build` reads tool with its build_requires
    status = {o.context.label: o.status for o in result.outcomes}
    assert status == {"runtime": "solved", "build": "failed"}  # foo needs python-3.9, tool's build python-3.11
    (finding,) = {f.message.split(":", 1)[0] for f in result.findings}
    assert finding == "build resolve failed"


def test_a_build_shares_the_runtime_solve_and_its_answer_when_nothing_read_has_build_requires(ws):
    result = analyze_text(PATH, 'name = "outil"\nversion = "1.0"\nrequires = ["foo", "bar"]\n', ws)
    assert ws.solves_run == 1
    (message,) = {f.message.split("\n", 1)[0] for f in result.findings}
    assert message.startswith("runtime, build resolve failed: ")
    runtime, build = result.outcomes
    assert (runtime.status, runtime.resolved) == (build.status, build.resolved)
