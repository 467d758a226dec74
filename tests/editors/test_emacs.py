"""Headless Emacs + eglot end to end: the tested snippet of docs/editors/emacs.md in a real Emacs (Debian's 28.2,
eglot 1.9), on a package.py whose requirements follow accents, an emoji and CJK text on the same line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Dict, List

import pytest

from tests.editors import tools
from tests.server.repo_builder import BASIC, make_repo

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "eglot_driver.el")
DOC_PACKAGES_PATH = '"/studio/packages"'

LINE, PACKAGE, REQUESTS = tools.LINE, tools.PACKAGE, tools.REQUESTS


def doc_snippets() -> Dict[str, str]:
    return tools.doc_snippets("emacs.md", "elisp")


def test_doc_has_the_tested_snippet():
    snippets = doc_snippets()
    assert sorted(snippets) == ["eglot"]
    assert DOC_PACKAGES_PATH in snippets["eglot"]


def chars(needle: str, after: str = "") -> List[int]:
    """[start, end) of `needle` in LINE, in characters (Emacs columns), the first one after `after`."""
    start = LINE.index(needle, LINE.index(after) + len(after) if after else 0)
    return [start, start + len(needle)]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    emacs = tools.emacs_with_eglot()
    tmp = tmp_path_factory.mktemp("emacs")
    repo = make_repo(str(tmp / "repo"), BASIC)
    src = tmp / "src"
    (src / "mine").mkdir(parents=True)
    (src / "mine" / "package.py").write_text(PACKAGE, encoding="utf-8")
    (src / "envs.rez-requests").write_text(REQUESTS)
    if not shutil.which("git"):
        pytest.skip("git is needed: eglot's project is the version-control root")
    subprocess.run(["git", "init", "-q", str(src)], check=True)
    config = tmp / "config.el"
    config.write_text(doc_snippets()["eglot"].replace(DOC_PACKAGES_PATH, json.dumps(repo)), encoding="utf-8")
    env = dict(os.environ)
    env.update({
        "PATH": os.path.dirname(tools.pyrer_bin()) + os.pathsep + env.get("PATH", ""),
        "HOME": str(tmp / "home"),  # no user init, no ~/.emacs.d of the machine
        "PYRER_LS_DEBOUNCE": "0.05",
        "PYRER_EMACS_CONFIG": str(config),
        "PYRER_EMACS_PACKAGE": str(src / "mine" / "package.py"),
        "PYRER_EMACS_REQUESTS": str(src / "envs.rez-requests"),
        "PYRER_EMACS_REPO": repo,
    })
    env.pop("REZ_PACKAGES_PATH", None)
    os.makedirs(env["HOME"])
    proc = subprocess.run(["timeout", "120", emacs, "--batch", "-l", DRIVER], cwd=str(src), env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=150)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("PYRER_RESULT ")]
    assert lines, "no result from emacs (exit %s)\nstdout: %s\nstderr: %s" % (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])
    record = json.loads(lines[-1][len("PYRER_RESULT "):])
    record["exit"] = proc.returncode
    record["context"] = "record: %s\nstderr (tail): %s" % (json.dumps(record, indent=1, ensure_ascii=False),
                                                           proc.stderr[-3000:])
    return record


def _where(diags) -> List[list]:
    return [[d["code"], d["line"], d["col"], d["end_col"]] for d in diags]


def test_session_ran_cleanly(run):
    assert run["errors"] == [] and run["exit"] == 0, run["context"]
    assert run["attached"] and run["package_mode"] == "rez-package-mode", run["context"]


def test_diagnostics_on_exactly_the_requirements_after_non_ascii_text(run):
    """eglot 1.9 counts UTF-16 units (🎬 is two): the ranges must land on the characters of each requirement."""
    assert _where(run["initial"]) == [
        ["PYRER006", 2] + chars("foo", "requires"), ["PYRER004", 2] + chars("pyton-3"), ["PYRER006", 2] + chars("bar"),
    ], run["context"]


def test_hover_after_non_ascii_text(run):
    assert run.get("hover") and "pyton-3" in run["hover"], run["context"]
    # markdown-mode is installed, so eglot offers Markdown first
    assert run["hover_kind"] == "markdown", run["context"]


def test_quick_fix_applied_by_eglot(run):
    assert run["fix_title"] == "Replace 'pyton' with 'python'", run["context"]
    assert run["fixed_line"] == LINE.replace("pyton", "python"), run["context"]
    assert [d[0] for d in _where(run["after_fix"])] == ["PYRER006"] * 3, run["context"]
    assert run["edited"] == [], run["context"]


def test_request_list_on_the_same_server(run):
    assert run["requests_mode"] == "rez-requests-mode" and run["same_server"], run["context"]
    assert _where(run["requests"]) == [["PYRER004", 1, 0, 7]], run["context"]


def test_repository_change_on_disk_outside_the_project_is_seen(run):
    """eglot watches only the project; the server watches the packages path outside it."""
    assert run["disk"] == [], run["context"]
