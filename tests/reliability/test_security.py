"""Security: package.py files are never executed, nothing is written into the repositories, and the server
listens on no network port (it speaks only over stdio)."""

from __future__ import annotations

import os
import subprocess
import sys

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
