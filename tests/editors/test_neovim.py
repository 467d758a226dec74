"""Headless Neovim end to end: each tested snippet of docs/editors/neovim.md in a real Neovim (0.7 push, recent pull)."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
from typing import Dict, List

import pytest

from tests.editors import tools
from tests.server.repo_builder import BASIC, make_repo

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.path.join(HERE, "nvim_driver.lua")
DOC_PACKAGES_PATH = '"/studio/packages"'

# line 3: accents, an emoji (4 UTF-8 bytes, 2 UTF-16 units) and CJK text before the requirements
PREFIX = 'description = "café 🎬 漢字"; '
BAD = 'name = "mine"\nversion = "1.0"\n' + PREFIX + 'requires = ["foo", "pyton-3"]\n'
REQUESTS = "# one resolve per line\nfoo bar\n"


def doc_snippets() -> Dict[str, str]:
    """The Lua blocks of docs/editors/neovim.md that follow a `<!-- tested: NAME -->` marker."""
    return tools.doc_snippets("neovim.md", "lua")


def test_doc_has_the_tested_snippets():
    snippets = doc_snippets()
    assert sorted(snippets) == ["nvim-0.11", "nvim-0.7", "nvim-0.8"]
    assert all(DOC_PACKAGES_PATH in s for s in snippets.values())


def make_workspace(tmp) -> dict:
    """A packages repository and a git checkout holding a package source with an unknown family, and a request list."""
    repo = make_repo(str(tmp / "repo"), BASIC)
    src = tmp / "src"
    (src / "mine").mkdir(parents=True)
    (src / "mine" / "package.py").write_text(BAD)
    (src / "envs.rez-requests").write_text(REQUESTS)
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(src)], check=True)
    return {"repo": repo, "package": str(src / "mine" / "package.py"),
            "requests": str(src / "envs.rez-requests"), "tmp": tmp}


def _tail(path: str, size: int = 4000) -> str:
    with open(path, errors="replace") as f:
        return f.read()[-size:]


def run_nvim(nvim: str, snippet: str, ws: dict) -> dict:
    """Run the driver with `snippet` as the client configuration; returns the driver's JSON record."""
    tmp = ws["tmp"]
    config = tmp / "config.lua"
    config.write_text(snippet.replace(DOC_PACKAGES_PATH, json.dumps(ws["repo"])))
    env = dict(os.environ)
    env.update({
        "PATH": os.path.dirname(tools.pyrer_bin()) + os.pathsep + env.get("PATH", ""),
        "PYRER_LS_DEBOUNCE": "0.05",
        "PYRER_NVIM_CONFIG": str(config),
        "PYRER_NVIM_PACKAGE": ws["package"],
        "PYRER_NVIM_REQUESTS": ws["requests"],
        "PYRER_NVIM_REPO": ws["repo"],
        "PYRER_NVIM_PREFIX": PREFIX,
    })
    env.pop("REZ_PACKAGES_PATH", None)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp / var.lower())
    proc = subprocess.run(["timeout", "60", nvim, "--headless", "--clean", "-n", "-c", "luafile " + DRIVER],
                          cwd=os.path.dirname(ws["package"]), env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=90)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("PYRER_RESULT ")]
    logs = "".join(_tail(p) for p in glob.glob(str(tmp / "xdg_*" / "**" / "lsp.log"), recursive=True))
    assert lines, "no result from nvim (exit %s)\nstdout: %s\nstderr: %s\nlsp.log: %s" % (
        proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:], logs)
    record = json.loads(lines[-1][len("PYRER_RESULT "):])
    record["exit"] = proc.returncode
    record["log"] = logs
    return record


def _where(diags: List[dict]) -> List[tuple]:
    return [(d["code"], d["line"], d["col"], d["end_col"]) for d in diags]


def at(code: str, column: int, end: int) -> tuple:
    """A diagnostic on line 3 whose 0-based [column, end) counts from after PREFIX in characters: in Neovim's byte
    columns (whichever encoding client and server agreed on, the ranges must land on the same bytes)."""
    shift = len(PREFIX.encode("utf-8"))
    return (code, 2, column + shift, end + shift)


CASES = [
    # (tested snippet of docs/editors/neovim.md, Neovim, announces pull diagnostics?)
    ("nvim-0.7", tools.debian_nvim, False),
    ("nvim-0.11", tools.recent_nvim, True),
    ("nvim-0.8", tools.recent_nvim, True),
]


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def run(request, tmp_path_factory) -> dict:
    """One Neovim session per case; every test below reads its record."""
    snippet, nvim, pull = request.param
    record = run_nvim(nvim(), doc_snippets()[snippet], make_workspace(tmp_path_factory.mktemp(snippet)))
    record["expect_pull"] = pull
    record["context"] = "record: %s\nlsp.log (tail): %s" % (
        json.dumps({k: v for k, v in record.items() if k != "log"}, indent=1), record["log"])
    return record


def test_session_ran_cleanly(run):
    assert run["errors"] == [] and run["exit"] == 0, run["context"]
    assert run["attached"], run["context"]
    assert run["package_filetype"] == "python"


def test_unknown_family_and_hover(run):
    assert _where(run["initial"]) == [at("PYRER004", 20, 27)], run["context"]
    assert "did you mean 'python'" in run["initial"][0]["message"]
    assert "**runtime**: foo-1.0" in (run.get("hover") or ""), run["context"]


def test_edits_change_the_diagnostics(run):
    assert _where(run["conflict"]) == [at("PYRER006", 13, 16), at("PYRER006", 20, 23)], run["context"]
    assert "conflicts occurred" in run["conflict"][0]["message"]
    assert run["fixed"] == [], run["context"]


def test_request_list_filetype_and_diagnostics(run):
    assert run["requests_filetype"] == "rezrequests"
    assert [(d["code"], d["line"]) for d in run["requests"]] == [("PYRER006", 1), ("PYRER006", 1)], run["context"]


def test_position_encoding(run):
    """0.7 offers only UTF-16; recent Neovim offers utf-8 first, and the server takes it."""
    assert run["offset_encoding"] == ("utf-16" if run["nvim"].startswith("0.7") else "utf-8"), run["context"]


def test_diagnostics_transport(run):
    """The server offers pull diagnostics only to a client that also takes workspace/diagnostic/refresh;
    0.7 cannot pull and the 0.12 development build announces no refresh, so both get pushes."""
    if run["expect_pull"] and run["refresh_support"]:
        assert run["diagnostic_provider"] and run["pulls"] > 0, run["context"]
    else:
        assert not run["diagnostic_provider"], run["context"]
        assert run["pushes"] > 0 and run["pulls"] == 0, run["context"]


def test_repository_change_on_disk_is_seen(run):
    """Neovim reports no file changes: the server's own watcher must notice and the client must hear of it."""
    assert _where(run["disk_broken"]) == [at("PYRER010", 13, 16)], run["context"]
    assert "ghost" in run["disk_broken"][0]["message"]
    assert run["disk_restored"] == [], run["context"]
