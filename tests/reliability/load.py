"""A small synchronous LSP client over stdio that types into documents at a given pace and samples the server's memory.

Shared by tests/reliability/test_load.py (a short run in CI) and benchmarks/bench_lsp_load.py (2,000 edits in 60 s).
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple


def rss_kb(pid: int) -> int:
    """The resident set size of a process, from /proc (0 when it is gone)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class StdioClient:
    """Speaks JSON-RPC to `python -m pyrer_ls`; answers every server request with null (or the settings)."""

    def __init__(self, settings: dict, env: Optional[dict] = None) -> None:
        self.settings = settings
        self.proc = subprocess.Popen([sys.executable, "-m", "pyrer_ls"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env={**os.environ, **(env or {})})
        self.pid = self.proc.pid
        self._next = 0
        self._lock = threading.Lock()
        self._responses: Dict[int, "queue.Queue[dict]"] = {}
        self.diagnostics: Dict[str, Tuple[Optional[int], list]] = {}  # uri -> (version, diagnostics)
        self.published = threading.Condition()
        self.errors: List[dict] = []  # error responses to our requests
        self.stderr: List[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- wire -------------------------------------------------------------------------
    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        with self._lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _drain_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            message = json.loads(out.read(length))
            if "method" in message and "id" in message:  # a server request
                result = [self.settings] if message["method"] == "workspace/configuration" else None
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif "method" in message:
                if message["method"] == "textDocument/publishDiagnostics":
                    p = message["params"]
                    with self.published:
                        self.diagnostics[p["uri"]] = (p.get("version"), p["diagnostics"])
                        self.published.notify_all()
            elif message.get("id") in self._responses:
                if "error" in message:
                    self.errors.append(message["error"])
                self._responses.pop(message["id"]).put(message)

    def request(self, method: str, params, timeout: float = 60) -> dict:
        self._next += 1
        box: "queue.Queue[dict]" = queue.Queue()
        self._responses[self._next] = box
        self._send({"jsonrpc": "2.0", "id": self._next, "method": method, "params": params})
        return box.get(timeout=timeout)

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    # --- LSP --------------------------------------------------------------------------
    def initialize(self, root: str) -> None:
        caps = {"workspace": {"configuration": True, "didChangeWatchedFiles": {"dynamicRegistration": True}},
                "textDocument": {"publishDiagnostics": {"versionSupport": True}}}
        self.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + root, "capabilities": caps,
                                    "workspaceFolders": [{"uri": "file://" + root, "name": "root"}],
                                    "initializationOptions": {"pyrer": self.settings}})
        self.notify("initialized", {})

    def open(self, uri: str, text: str) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python",
                                                              "version": 1, "text": text}})

    def change(self, uri: str, version: int, text: str) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def files_changed(self, changes: List[Tuple[str, int]]) -> None:
        """didChangeWatchedFiles: (path, 1 created | 2 changed | 3 deleted)."""
        self.notify("workspace/didChangeWatchedFiles",
                    {"changes": [{"uri": "file://" + p, "type": t} for p, t in changes]})

    def wait_for(self, uri: str, predicate, timeout: float = 120) -> Tuple[Optional[int], list]:
        """Wait until the diagnostics published for `uri` satisfy `predicate((version, diagnostics))`."""
        deadline = time.monotonic() + timeout
        with self.published:
            while not (uri in self.diagnostics and predicate(self.diagnostics[uri])):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no matching diagnostics for %s: %r" % (uri, self.diagnostics.get(uri)))
                self.published.wait(left)
            return self.diagnostics[uri]

    def close(self) -> int:
        try:
            self.request("shutdown", None, timeout=30)
            self.notify("exit", None)
            return self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()
            return self.proc.wait()


def keystrokes(base: str, insert_at: int, words: List[str]) -> List[str]:
    """Texts a person produces typing each word into `base` at `insert_at`, then deleting it again."""
    texts = []
    for word in words:
        for n in range(1, len(word) + 1):
            texts.append(base[:insert_at] + word[:n] + base[insert_at:])
        for n in range(len(word) - 1, -1, -1):
            texts.append(base[:insert_at] + word[:n] + base[insert_at:])
    return texts


@dataclass
class LoadReport:
    """What one load run measured."""

    edits: int
    seconds: float
    rss_kb: List[Tuple[float, int]] = field(default_factory=list)  # (seconds since start, RSS)
    baseline_kb: int = 0
    peak_after_warmup_kb: int = 0
    final_version: int = 0
    alive: bool = True
    errors: List[dict] = field(default_factory=list)

    @property
    def growth(self) -> float:
        """Peak RSS after warm-up relative to the warm-up baseline (0.1 = 10 % more)."""
        return self.peak_after_warmup_kb / self.baseline_kb - 1 if self.baseline_kb else 0.0


def type_into(client: StdioClient, uri: str, texts: List[str], seconds: float, warmup: float = 0.2,
              first_version: int = 2) -> LoadReport:
    """Send `texts` as full-document edits (versions from `first_version`) spread evenly over `seconds`,
    sampling RSS about 10 times a second; the baseline is the highest RSS in the first `warmup` fraction."""
    report = LoadReport(edits=len(texts), seconds=seconds)
    start = time.monotonic()
    step = seconds / max(len(texts), 1)
    next_sample = 0.0
    for i, text in enumerate(texts):
        due = start + i * step
        while True:
            now = time.monotonic()
            if now - start >= next_sample:
                report.rss_kb.append((now - start, rss_kb(client.pid)))
                next_sample += 0.1
            if now >= due:
                break
            time.sleep(min(due - now, 0.01))
        client.change(uri, first_version + i, text)
    report.final_version = first_version + len(texts) - 1
    report.rss_kb.append((time.monotonic() - start, rss_kb(client.pid)))
    cut = warmup * seconds
    early = [kb for t, kb in report.rss_kb if t <= cut]
    late = [kb for t, kb in report.rss_kb if t > cut]
    report.baseline_kb = max(early) if early else 0
    report.peak_after_warmup_kb = max(late) if late else report.baseline_kb
    report.alive = client.proc.poll() is None
    report.errors = list(client.errors)
    return report


def key(d: dict) -> Tuple:
    """A diagnostic as (code, line, character, message), for comparing the server with `pyrer check`."""
    return (d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"])


def check_json(path: str, packages_path: List[str]) -> List[Tuple]:
    """`pyrer check --format json` on one file: its diagnostics as keys."""
    run = subprocess.run([sys.executable, "-m", "pyrer", "check", path, "--format", "json", "--packages-path",
                          *packages_path], capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stderr
    return sorted(key(d) for d in json.loads(run.stdout))
