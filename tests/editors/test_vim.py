"""Headless Vim + ALE end to end: the tested snippet of docs/editors/vim.md in a real Vim (Debian's vim-nox, ALE 3.3),
on a package.py whose requirements follow accents, an emoji and CJK text on the same line."""

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
DRIVER = os.path.join(HERE, "ale_driver.vim")
DOC_PACKAGES_PATH = "'/studio/packages'"

LINE, PACKAGE, REQUESTS = tools.LINE, tools.PACKAGE, tools.REQUESTS


def doc_snippets() -> Dict[str, str]:
    return tools.doc_snippets("vim.md", "vim")


def test_doc_has_the_tested_snippet():
    snippets = doc_snippets()
    assert sorted(snippets) == ["ale"]
    assert DOC_PACKAGES_PATH in snippets["ale"]


def utf8(needle: str, after: str = "") -> List[int]:
    """[start, end) of `needle` in LINE in bytes (Vim's columns), the first one after `after`."""
    start = LINE.index(needle, LINE.index(after) + len(after) if after else 0)
    return [len(LINE[:start].encode()), len(LINE[:start + len(needle)].encode())]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    vim, ale = tools.vim_with_ale()
    tmp = tmp_path_factory.mktemp("vim")
    repo = make_repo(str(tmp / "repo"), BASIC)
    src = tmp / "src"
    (src / "mine").mkdir(parents=True)
    (src / "mine" / "package.py").write_text(PACKAGE, encoding="utf-8")
    (src / "envs.rez-requests").write_text(REQUESTS)
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(src)], check=True)
    config = tmp / "config.vim"
    snippet = doc_snippets()["ale"].replace(DOC_PACKAGES_PATH, "'%s'" % repo)
    # what a vimrc would have before the snippet: ALE on the runtimepath, filetype detection on
    config.write_text("set runtimepath^=%s\nfiletype plugin on\nruntime plugin/ale.vim\nlet g:ale_lint_delay = 0\n%s"
                      % (ale, snippet), encoding="utf-8")
    out = tmp / "result.json"
    env = dict(os.environ)
    env.update({
        "PATH": os.path.dirname(tools.pyrer_bin()) + os.pathsep + env.get("PATH", ""),
        "HOME": str(tmp / "home"),
        "PYRER_LS_DEBOUNCE": "0.05",
        "PYRER_VIM_CONFIG": str(config),
        "PYRER_VIM_PACKAGE": str(src / "mine" / "package.py"),
        "PYRER_VIM_REQUESTS": str(src / "envs.rez-requests"),
        "PYRER_VIM_REPO": repo,
        "PYRER_VIM_OUT": str(out),
    })
    env.pop("REZ_PACKAGES_PATH", None)
    os.makedirs(env["HOME"])
    proc = subprocess.run(["timeout", "120", vim, "-N", "-u", "NONE", "-i", "NONE", "-Es", "-S", DRIVER],
                          cwd=str(src), env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=150)
    assert out.exists(), "no result from vim (exit %s)\nstdout: %s\nstderr: %s" % (
        proc.returncode, proc.stdout[-3000:], proc.stderr[-3000:])
    record = json.loads(out.read_text(encoding="utf-8"))
    record["exit"] = proc.returncode
    record["context"] = "record: %s\nstdout/stderr (tail): %s %s" % (
        json.dumps(record, indent=1, ensure_ascii=False), proc.stdout[-2000:], proc.stderr[-2000:])
    return record


def _where(diags) -> List[list]:
    return [[d["code"], d["line"], d["col"], d["end_col"]] for d in diags]


def test_session_ran_cleanly(run):
    assert run["errors"] == [] and run["exit"] == 0, run["context"]
    assert run["package_filetype"] == "python.rezpackage", run["context"]


def test_diagnostics_on_exactly_the_requirements_after_non_ascii_text(run):
    """ALE takes LSP columns as bytes; with positionEncoding utf-8 the server counts them so."""
    assert _where(run["initial"]) == [
        ["PYRER006", 2] + utf8("foo", "requires"), ["PYRER004", 2] + utf8("pyton-3"), ["PYRER006", 2] + utf8("bar"),
    ], run["context"]


def test_hover_in_plain_text(run):
    assert "pyton-3" in run["hover"], run["context"]
    assert run["hover_kind"] == "plaintext" and "**" not in run["hover"], run["context"]


def test_quick_fix_applied_by_ale(run):
    assert run["fix_title"] == "Replace 'pyton' with 'python'", run["context"]
    assert run["fixed_line"] == LINE.replace("pyton", "python"), run["context"]
    assert [d[0] for d in _where(run["after_fix"])] == ["PYRER006"] * 3, run["context"]
    assert run["edited"] == [], run["context"]


def test_request_list(run):
    assert run["requests_filetype"] == "rezrequests", run["context"]
    assert _where(run["requests"]) == [["PYRER004", 1, 0, 7]], run["context"]


def test_repository_change_on_disk_outside_the_project_is_seen(run):
    """ALE watches no files: the server's own watcher sees the new package."""
    assert run["disk"] == [], run["context"]
