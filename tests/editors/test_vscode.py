"""VS Code end to end: the built .vsix in a real VS Code (code-server, headless Chromium), one test per driver check."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import venv
from typing import Dict, List, Optional

import pytest

from tests.server.repo_builder import BASIC, make_repo

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXTENSION = os.path.join(ROOT, "vscode-extension")
SETUP = os.path.join(HERE, "vscode", "setup.sh")
DRIVER = os.path.join(HERE, "vscode", "driver.mjs")
# the pictures of vscode-extension/README.md; PYRER_SCREENSHOTS_DIR puts them elsewhere (keeps the checkout clean)
SCREENSHOTS = os.environ.get("PYRER_SCREENSHOTS_DIR") or os.path.join(ROOT, "docs", "images")

# the driver's checks, in order (tests/editors/vscode/driver.mjs: one function each)
CHECKS = ["workbench", "problems", "statusBar", "grammar", "quickFix", "fix", "hover", "inlayHints", "codeLens",
          "completion", "reindex", "packagesPath", "missingPyrer"]
# a second session with workspace trust on (vscode/driver.mjs: restricted, trustGranted)
TRUST_CHECKS = ["restricted", "trustGranted"]

PACKAGE = 'name = "mine"\nversion = "1.0"\nrequires = ["foo", "bar", "pyton-3"]\n'
REQUESTS = "# studio environments\nmaya-2025 python-3.11\nfoo maya-2025\n"
EXPECT = {
    "packageFile": "package.py",
    "requestList": "envs.rez-requests",
    "packageCodes": ["PYRER004", "PYRER006", "PYRER006"],  # pyton unknown; foo and bar conflict on python
    "requestCodes": ["PYRER006", "PYRER006"],  # line 3: foo (python-3.9) against maya-2025 (python-3.11)
    "colouredLine": "maya-2025 python-3.11",
    "languageName": "rez request list",
    # the cursor goes inside "pyton" (1-based line and column of its second letter) by Go to Line, not by a click
    "quickFix": {"word": "pyton", "title": "Replace 'pyton' with 'python'", "fixed": '"python-3"',
                 "line": 3, "column": PACKAGE.split("\n")[2].index("pyton") + 2},
    "fixes": [["bar", "maya"]],
    "fixedLine": 'requires = ["foo", "maya", "python-3"]',
    "hoverWord": "maya",
    "hoverResolved": "maya-2024.0",  # foo pins python-3.9, so maya's 2024.0 is the one that fits
    "inlay": {"line": "requires = [", "hints": ["→ 1.0", "→ 2024.0", "→ 3.9.0"]},  # what each requirement resolved to
    "codeLens": r"^resolves: \d+ packages in",
    # after `"maya` in the fixed line: typing "-" lists maya's versions
    "completion": {"line": 3, "column": 25, "type": "-", "expect": ["2024.0", "2025.1"]},
}


def _run(cmd: List[str], env: Dict[str, str], timeout: float, cwd: str = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=timeout)


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


@pytest.fixture(scope="module")
def tools() -> Dict[str, str]:
    """Node 24, code-server, playwright-core and Chromium, installed into ~/.cache/pyrer-editors when absent."""
    if not shutil.which("bash"):
        pytest.skip("bash is needed to run %s" % SETUP)
    done = _run(["bash", SETUP], dict(os.environ), timeout=1500)
    if done.returncode == 3:
        pytest.skip("VS Code end-to-end tools unavailable: " + _tail(done.stderr, 3))
    assert done.returncode == 0, "%s failed:\n%s" % (SETUP, _tail(done.stderr))
    found = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    env = dict(os.environ)
    env["PATH"] = found["NODE_BIN"] + os.pathsep + env.get("PATH", "")
    env["npm_config_nodedir"] = os.path.dirname(found["NODE_BIN"])
    found["env"] = env
    found["node"] = os.path.join(found["NODE_BIN"], "node")
    return found


@pytest.fixture(scope="module")
def vsix(tools) -> str:
    """`npm ci` (when needed) and `npm run package` in vscode-extension/: the .vsix a user would install."""
    env = tools["env"]
    stamp = os.path.join(EXTENSION, "node_modules", ".package-lock.json")
    lock = os.path.join(EXTENSION, "package-lock.json")
    if not os.path.exists(stamp) or os.path.getmtime(stamp) < os.path.getmtime(lock):
        done = _run(["npm", "ci", "--no-audit", "--no-fund"], env, timeout=900, cwd=EXTENSION)
        assert done.returncode == 0, "npm ci failed:\n" + _tail(done.stdout + done.stderr)
    done = _run(["npm", "run", "package"], env, timeout=600, cwd=EXTENSION)
    assert done.returncode == 0, "npm run package failed:\n" + _tail(done.stdout + done.stderr)
    path = os.path.join(EXTENSION, "pyrer.vsix")
    assert os.path.exists(path)
    return path


def _workspace(tmp: str) -> str:
    """A package source folder (package.py with an unknown family and a conflict, a request list) and a repository."""
    repo = make_repo(os.path.join(tmp, "repo"), BASIC)
    ws = os.path.join(tmp, "mine")
    os.makedirs(os.path.join(ws, ".vscode"))
    with open(os.path.join(ws, "package.py"), "w") as f:
        f.write(PACKAGE)
    with open(os.path.join(ws, "envs.rez-requests"), "w") as f:
        f.write(REQUESTS)
    with open(os.path.join(ws, ".vscode", "settings.json"), "w") as f:
        json.dump({"pyrer.interpreter": sys.executable, "pyrer.packagesPath": [repo]}, f, indent=2)
    return ws


def _user_settings(user_dir: str, extra: dict) -> None:
    os.makedirs(os.path.join(user_dir, "User"), exist_ok=True)
    with open(os.path.join(user_dir, "User", "settings.json"), "w") as f:
        json.dump(dict({
            "workbench.startupEditor": "none",
            "workbench.colorTheme": "Default Dark Modern",
            "workbench.secondarySideBar.defaultVisibility": "hidden",
            "workbench.tips.enabled": False,
            "workbench.enableExperiments": False,
            "extensions.autoCheckUpdates": False,
            "extensions.ignoreRecommendations": True,
            "security.workspace.trust.enabled": False,
            "telemetry.telemetryLevel": "off",
            "editor.hover.delay": 200,
            "chat.disableAIFeatures": True,
            "files.autoSave": "off",
        }, **extra), f, indent=2)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop code-server and its children: the process group it leads (started with start_new_session)."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _session(tools, vsix, tmp: str, ws: str, checks: List[str], expect: dict, trust: bool,
             user_extra: Optional[dict] = None) -> Dict[str, dict]:
    """Install the .vsix into a fresh code-server on loopback (workspace trust off, or on with no start-up prompt),
    run the driver once over `checks`, return its checks by name."""
    user, exts, failures = (os.path.join(tmp, d) for d in ("user", "extensions", "failures"))
    os.makedirs(failures)
    os.makedirs(SCREENSHOTS, exist_ok=True)
    _user_settings(user, dict(user_extra or {}, **({"security.workspace.trust.enabled": True,
                                                    "security.workspace.trust.startupPrompt": "never"} if trust else {})))
    env = dict(tools["env"], XDG_CONFIG_HOME=os.path.join(tmp, "xdg-config"), XDG_DATA_HOME=os.path.join(tmp, "xdg-data"),
               PYRER_LS_DEBOUNCE="0.1")
    server = [tools["node"], tools["CODE_SERVER"], "--user-data-dir", user, "--extensions-dir", exts]
    done = _run(server + ["--install-extension", vsix], env, timeout=300)
    assert done.returncode == 0, "installing the .vsix failed:\n" + _tail(done.stdout + done.stderr)
    installed = os.listdir(exts)
    assert any(d.startswith("pyrer.pyrer-") for d in installed), installed

    port = _free_port()
    log_path = os.path.join(tmp, "code-server.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen(server + [
            "--auth", "none", "--bind-addr", "127.0.0.1:%d" % port, "--disable-telemetry", "--disable-update-check",
            "--disable-getting-started-override", ws] + ([] if trust else ["--disable-workspace-trust"]),
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while "HTTP server listening" not in open(log_path).read():
            assert proc.poll() is None, "code-server exited:\n" + _tail(open(log_path).read())
            assert time.monotonic() < deadline, "code-server did not start:\n" + _tail(open(log_path).read())
            time.sleep(0.5)
        config = {"url": "http://127.0.0.1:%d/?folder=%s" % (port, ws), "checks": checks, "expect": expect,
                  "chromium": tools["CHROMIUM"], "playwrightDir": tools["PLAYWRIGHT_DIR"],
                  "screenshotDir": SCREENSHOTS, "failureDir": failures}
        config_path = os.path.join(tmp, "driver.json")
        with open(config_path, "w") as f:
            json.dump(config, f)
        done = _run([tools["node"], DRIVER, config_path], env, timeout=900)
    finally:
        _stop(proc)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, "the driver failed:\n%s\ncode-server log:\n%s" % (
        _tail(done.stdout + done.stderr), _tail(open(log_path).read()))
    out = {c["name"]: c for c in json.loads(lines[-1])["checks"]}
    out["_log"] = {"stderr": _tail(done.stderr, 60), "server": log_path}
    return out


def _no_pyrer(tmp: str) -> str:
    """A Python without pyrer, for the "not installed" message."""
    folder = os.path.join(tmp, "no-pyrer")
    venv.EnvBuilder(with_pip=False, symlinks=True).create(folder)
    return os.path.join(folder, "bin", "python")


@pytest.fixture(scope="module")
def results(tools, vsix, tmp_path_factory) -> Dict[str, dict]:
    """The main session: a trusted workspace (trust off), every check of CHECKS."""
    tmp = str(tmp_path_factory.mktemp("vscode"))
    ws = _workspace(tmp)
    other = make_repo(os.path.join(tmp, "other-repo"), {k: v for k, v in BASIC.items() if not k.startswith("maya-")})
    expect = dict(EXPECT, settingsFile=os.path.join(ws, ".vscode", "settings.json"),
                  otherRepo={"path": other, "code": "PYRER004"},  # maya is unknown there
                  missing={"interpreter": _no_pyrer(tmp)})
    return _session(tools, vsix, tmp, ws, CHECKS, expect, trust=False)


@pytest.fixture(scope="module")
def trust_results(tools, vsix, tmp_path_factory) -> Dict[str, dict]:
    """Workspace trust on, the workspace not trusted (Restricted Mode): its own pyrer.interpreter names a Python
    without pyrer and must be ignored (the user's setting runs the server); granting trust restarts the server,
    which then tries the workspace's Python."""
    tmp = str(tmp_path_factory.mktemp("vscode-trust"))
    ws = _workspace(tmp)
    bad = _no_pyrer(tmp)
    with open(os.path.join(ws, ".vscode", "settings.json"), "w") as f:
        json.dump({"pyrer.interpreter": bad, "pyrer.packagesPath": [os.path.join(tmp, "repo")]}, f, indent=2)
    expect = dict(EXPECT, missing={"interpreter": bad})
    return _session(tools, vsix, tmp, ws, TRUST_CHECKS, expect, trust=True,
                    user_extra={"pyrer.interpreter": sys.executable})


def _check(results: Dict[str, dict], check: str) -> None:
    got = results.get(check)
    assert got is not None, "the driver did not report %s" % check
    assert got["ok"], "%s failed: %s\n(screenshot: %s; code-server log: %s)" % (
        check, got.get("error"), got.get("screenshot"), results["_log"]["server"])


@pytest.mark.parametrize("check", CHECKS)
def test_vscode(results, check):
    _check(results, check)


@pytest.mark.parametrize("check", TRUST_CHECKS)
def test_vscode_workspace_trust(trust_results, check):
    _check(trust_results, check)
