"""Security: package.py code runs only where the user allows it (repository packages by default, the workspace's
own files with consent) and only in the evaluation worker, never in the server's or the CLI's process; nothing is
written into the repositories, and the server listens on no network port (it speaks only over stdio)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import Dict, List

import pytest

from tests.reliability.load import StdioClient
from tests.server.repo_builder import make_repo

# A package.py that leaves a marker file behind if anything ever runs it: at import, in @early, in a def.
HOSTILE = '''name = "trap"
version = "1.0"
open({marker!r} + ".top", "w").write("executed")
requires = ["python-3"]

@early()
def variants():
    open({marker!r} + ".early", "w").write("executed")
    return [["python-3"]]

def commands():
    open({marker!r} + ".commands", "w").write("executed")

def build_requires():
    __import__("os").system("touch " + {marker!r} + ".system")
    return []
'''


def _snapshot(root: str) -> dict:
    """Every file and folder under `root` with its size and modification time."""
    out = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            out[path] = (st.st_size, st.st_mtime_ns)
    return out


def _repo(tmp_path) -> str:
    repo = make_repo(str(tmp_path / "repo"), {"python-3.9.0": [], "foo-1.0": ["python-3.9", "trap"]})
    os.makedirs(os.path.join(repo, "trap", "1.0"))
    with open(os.path.join(repo, "trap", "1.0", "package.py"), "w") as f:
        f.write(HOSTILE.format(marker=str(tmp_path / "marker")))
    with open(os.path.join(repo, "shots.rez-requests"), "w") as f:
        f.write("foo trap\n")
    return repo


def _markers(tmp_path) -> list:
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("marker"))


def test_pyrer_check_executes_nothing_and_writes_nothing(tmp_path):
    repo = _repo(tmp_path)
    before = _snapshot(repo)
    run = subprocess.run([sys.executable, "-m", "pyrer", "check", repo, "--packages-path", repo],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    assert "PYRER009" in run.stdout  # the computed fields are reported as not checked, never run
    assert _markers(tmp_path) == []
    assert _snapshot(repo) == before


def _socket_inodes(pid: int) -> set:
    inodes = set()
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _network_sockets(pid: int, inodes: set) -> list:
    """The process' sockets that are internet sockets (any state) or listening Unix sockets."""
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        try:
            with open("/proc/%d/net/%s" % (pid, table)) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        found += [(table, row.split()[1]) for row in rows if row.split()[9] in inodes]
    with open("/proc/%d/net/unix" % pid) as f:
        for row in f.read().splitlines()[1:]:
            cols = row.split()
            if cols[6] in inodes and int(cols[3], 16) & 0x10000:  # __SO_ACCEPTCON: listening
                found.append(("unix", cols[-1]))
    return found


def test_language_server_executes_nothing_writes_nothing_and_listens_on_no_port(tmp_path):
    repo = _repo(tmp_path)
    before = _snapshot(repo)
    client = StdioClient({"packagesPath": [repo]}, env={"PYRER_LS_DEBOUNCE": "0.01"})
    try:
        client.initialize(repo)  # the repository itself is the workspace folder
        trap = os.path.join(repo, "trap", "1.0", "package.py")
        with open(trap) as f:
            text = f.read()
        for path, body in ((trap, text), (os.path.join(repo, "shots.rez-requests"), "foo trap\n")):
            client.open("file://" + path, body)
            client.wait_for("file://" + path, lambda d: True)
        client.change("file://" + trap, 2, text + "\n# edited in the editor, not saved\n")
        client.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + trap}})
        client.wait_for("file://" + trap, lambda d: d[0] == 2)
        codes = [d["code"] for d in client.diagnostics["file://" + trap][1]]
        assert "PYRER009" in codes
        assert _network_sockets(client.pid, _socket_inodes(client.pid)) == []
        assert client.errors == []
    finally:
        assert client.close() == 0
    assert _markers(tmp_path) == []
    assert _snapshot(repo) == before


# --- evaluation: where it is allowed, and only in the worker ------------------------------------------------------

# A computed package.py that appends "<where> <pid>" to its marker file each time rez runs its code.
TRAP = """import os
with open({marker!r}, "a") as _f:
    _f.write("module %d\\n" % os.getpid())
del _f  # (rez build refuses a package whose attributes it cannot copy)
name = {name!r}
version = "1.0"

@early()
def requires():
    with open({marker!r}, "a") as f:
        f.write("early %d\\n" % os.getpid())
    return ["python-3"]
"""


class Traps:
    """A repository outside the workspace (`external`: a configured packages path), a workspace folder (`workspace`)
    that is itself a repository, and a developer package in it (`src/devtrap`); each package a trap of its own."""

    def __init__(self, tmp) -> None:
        self.tmp = str(tmp)
        self.external = make_repo(os.path.join(self.tmp, "external"), {"python-3.9.0": []})
        self.workspace = make_repo(os.path.join(self.tmp, "workspace"), {"python-3.11.0": []})
        self.extrap = self._trap(os.path.join(self.external, "extrap", "1.0"), "extrap")
        self.wstrap = self._trap(os.path.join(self.workspace, "wstrap", "1.0"), "wstrap")
        self.devtrap = self._trap(os.path.join(self.workspace, "src", "devtrap"), "devtrap")
        self.requests = os.path.join(self.workspace, "shots.rez-requests")
        with open(self.requests, "w") as f:
            f.write("extrap\nwstrap\n")

    def _trap(self, folder: str, name: str) -> str:
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "package.py")
        with open(path, "w") as f:
            f.write(TRAP.format(marker=self.marker(name), name=name))
        return path

    def marker(self, name: str) -> str:
        return os.path.join(self.tmp, "ran-" + name)

    def runs(self, name: str) -> List[int]:
        """The pids the trap's code ran in."""
        try:
            with open(self.marker(name)) as f:
                return [int(line.split()[1]) for line in f if line.strip()]
        except OSError:
            return []

    def env(self) -> Dict[str, str]:
        """rez without a home config or a packages path of its own; a private evaluation cache."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
        env.update({"REZ_DISABLE_HOME_CONFIG": "1", "REZ_IMPLICIT_PACKAGES": "",
                    "PYRER_CACHE_DIR": os.path.join(self.tmp, "cache"), "PYRER_LS_DEBOUNCE": "0.01"})
        return env


def _run(traps: Traps, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "pyrer", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=traps.env(), cwd=traps.workspace)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode in (0, 1), err
    proc.output = out  # type: ignore[attr-defined]
    return proc


@pytest.mark.parametrize("flags,ran", [
    ([], {"extrap"}),  # repository packages: allowed by default; the checked files: not without --evaluate
    (["--evaluate"], {"extrap", "wstrap", "devtrap"}),
    (["--no-evaluate-repositories"], set()),
    (["--evaluate", "--no-evaluate-repositories"], {"wstrap", "devtrap"}),
], ids=["default", "--evaluate", "--no-evaluate-repositories", "both"])
def test_pyrer_check_runs_package_code_only_where_allowed_and_only_in_the_worker(tmp_path, flags, ran):
    traps = Traps(tmp_path)
    proc = _run(traps, "check", traps.workspace, "--packages-path", traps.external, *flags)
    assert {name for name in ("extrap", "wstrap", "devtrap") if traps.runs(name)} == ran
    for name in ran:
        assert proc.pid not in traps.runs(name)
    if "devtrap" not in ran:  # not allowed: the computed field says so, and how to allow it
        assert "run pyrer check with --evaluate" in proc.output


@pytest.mark.parametrize("flags,ran", [([], True), (["--no-evaluate-repositories"], False)],
                         ids=["default", "--no-evaluate-repositories"])
def test_pyrer_solve_evaluates_repository_packages_in_the_worker_unless_told_not_to(tmp_path, flags, ran):
    traps = Traps(tmp_path)
    proc = _run(traps, "solve", "extrap", "--paths", traps.external, "--no-implicit", *flags)
    assert bool(traps.runs("extrap")) is ran
    assert proc.pid not in traps.runs("extrap")
    assert ("extrap-1.0[]" in proc.output) is ran  # rez's @early requires: python-3 resolves to python-3.9.0
    assert ("python-3.9.0" in proc.output) is ran
    if not ran:  # the package stays listed; the resolve that reaches it says why it cannot go through it
        assert "error" in proc.output and "evaluation of repository packages is turned off" in proc.output


def _serve(traps: Traps, settings: dict) -> StdioClient:
    client = StdioClient({"packagesPath": [traps.external], **settings}, env=traps.env())
    client.initialize(traps.workspace)  # a repository: put first on the packages path
    for path in (traps.devtrap, traps.requests):
        with open(path) as f:
            client.open("file://" + path, f.read())
    return client


def _settled(client: StdioClient, traps: Traps, want: set) -> None:
    """Wait until both documents have diagnostics and the traps expected to run have run."""
    for path in (traps.devtrap, traps.requests):
        client.wait_for("file://" + path, lambda d: True)
    deadline = time.monotonic() + 60
    while not all(traps.runs(n) for n in want) and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.parametrize("settings,ran", [
    ({}, {"extrap"}),
    ({"evaluateWorkspacePackages": True}, {"extrap", "wstrap", "devtrap"}),
    ({"evaluateRepositoryPackages": False}, set()),
], ids=["default", "trusted workspace", "repositories off"])
def test_language_server_runs_package_code_only_where_allowed_and_only_in_the_worker(tmp_path, settings, ran):
    traps = Traps(tmp_path)
    client = _serve(traps, settings)
    try:
        _settled(client, traps, ran)
        time.sleep(0.5)  # anything not allowed would have run by now
        assert {name for name in ("extrap", "wstrap", "devtrap") if traps.runs(name)} == ran
        for name in ran:
            assert client.pid not in traps.runs(name)
        notes = [d["message"] for d in client.diagnostics["file://" + traps.devtrap][1] if d["code"] == "PYRER009"]
        if "devtrap" in ran:
            assert notes == []  # evaluated: requires is checked
        else:
            assert notes and "evaluateWorkspacePackages" in notes[0]
        assert client.errors == []
    finally:
        assert client.close() == 0
