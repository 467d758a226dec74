"""One worker process seen from the parent: start it, send a request, wait for its reply within a
time limit, and kill it (its process group and every descendant) when anything goes wrong.

Used by one thread at a time (the evaluator gives each worker its own dispatcher thread).
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time
from typing import List, Mapping, Optional, Tuple

from pyrer.evaluation.protocol import (
    EXITED,
    PROTOCOL,
    TIMEOUT,
    TOO_LARGE,
    EvaluationFailure,
    EvaluationReply,
    EvaluationRequest,
    decode,
    encode,
    format_bytes,
)

WORKER_MODULE = "pyrer.evaluation.worker"
_STOP_ROUNDS = 20  # searches for new descendants while stopping them (a fork bomb outruns any number)
_POLL = 0.1  # seconds between checks that the worker is still alive while waiting for it
_CRASH_SIGNALS = {"SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT", "SIGSYS"}


class StartFailure(Exception):
    """The worker could not be started: `unavailable` is True when it said so itself (rez cannot be
    imported, its configuration is broken), False when it died or hung before being ready."""

    def __init__(self, message: str, unavailable: bool) -> None:
        super().__init__(message)
        self.unavailable = unavailable


def _seconds(value: float) -> str:
    return ("%.1f" % value).rstrip("0").rstrip(".")


def exit_description(returncode: Optional[int]) -> str:
    """How the worker ended, in words."""
    if returncode is None:
        return "the evaluation process stopped answering"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "signal %d" % -returncode
        if name in _CRASH_SIGNALS:
            return "the evaluation process crashed (%s)" % name
        return "the evaluation process was killed by %s" % name
    return "the evaluation process exited with status %d" % returncode


def descendants(pid: int) -> List[int]:
    """Every live descendant of `pid` (Linux /proc; [] elsewhere)."""
    children: dict = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry))
    out: List[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.append(child)
                todo.append(child)
    return out


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


class WorkerProcess:
    """A `python -m pyrer.evaluation.worker` child in a session (process group) of its own."""

    def __init__(
        self,
        python: str,
        env: Mapping[str, str],
        memory_limit: int,
        max_reply_bytes: int,
        start_timeout: float,
    ) -> None:
        self.python = python
        self.env = dict(env)
        self.memory_limit = memory_limit
        self.max_reply_bytes = max_reply_bytes
        self.start_timeout = start_timeout
        self.proc: Optional[subprocess.Popen] = None
        self.fingerprint: Optional[str] = None
        self._requests_fd = -1
        self._replies_fd = -1
        self._selector: Optional[selectors.BaseSelector] = None
        self._buffer = bytearray()

    @property
    def pid(self) -> Optional[int]:
        return self.proc.pid if self.proc is not None else None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, fingerprint: str) -> float:
        """Start the worker and wait until it is ready; seconds taken. StartFailure otherwise."""
        t0 = time.perf_counter()
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        argv = [
            self.python, "-m", WORKER_MODULE,
            "--requests-fd", str(requests_r),
            "--replies-fd", str(replies_w),
            "--memory-limit", str(self.memory_limit),
            "--max-reply-bytes", str(self.max_reply_bytes),
            "--parent-pid", str(os.getpid()),
        ]
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(requests_r, replies_w),
                start_new_session=True,
                cwd="/",
                env=self.env,
            )
        except OSError as exc:
            for fd in (requests_r, requests_w, replies_r, replies_w):
                os.close(fd)
            raise StartFailure("the evaluation process could not be started: %s" % exc, True) from None
        os.close(requests_r)
        os.close(replies_w)
        self._requests_fd, self._replies_fd = requests_w, replies_r
        self._buffer = bytearray()
        self._selector = selectors.DefaultSelector()
        self._selector.register(replies_r, selectors.EVENT_READ)
        message, problem = self._read(time.monotonic() + self.start_timeout)
        if message is None:
            if problem == TIMEOUT:
                text = "the evaluation process was not ready after %s s" % _seconds(self.start_timeout)
            else:
                text = "%s before it was ready" % self._ended()
            self.kill()
            raise StartFailure(text, False)
        kind = message.get("type")
        if kind == "ready":
            self.fingerprint = fingerprint
            return time.perf_counter() - t0
        self.kill()
        if kind == "unavailable":
            raise StartFailure(str(message.get("error", "rez is unavailable")), True)
        raise StartFailure("the evaluation process sent %r instead of ready" % kind, False)

    def evaluate(self, request: EvaluationRequest, time_limit: float) -> EvaluationReply:
        """Send one request and wait for its reply; a hang, a death or a garbled reply kills the
        worker and comes back as a failure reply (never raises)."""
        try:
            self._send(encode(request.to_json()))
        except OSError:
            return self._fail(request, EXITED, self._ended())
        message, problem = self._read(time.monotonic() + time_limit)
        if message is None:
            if problem == TIMEOUT:
                return self._fail(request, TIMEOUT, "timed out after %s s" % _seconds(time_limit))
            if problem == TOO_LARGE:
                text = "the evaluation process sent more than %s without an end of line" % format_bytes(
                    self.max_reply_bytes
                )
                return self._fail(request, PROTOCOL, text)
            if problem == PROTOCOL:
                return self._fail(request, PROTOCOL, "the evaluation process sent something that is not a reply")
            return self._fail(request, EXITED, self._ended())
        try:
            reply = EvaluationReply.from_json(message)
        except (KeyError, TypeError, ValueError):
            return self._fail(request, PROTOCOL, "the evaluation process sent a malformed reply")
        if reply.id != request.id:
            return self._fail(request, PROTOCOL, "the evaluation process answered another request")
        if reply.recycle:
            self.kill()
        return reply

    def kill(self) -> None:
        """Kill the worker, its process group and its descendants (forks made by package code,
        those that left the group included), and wait for it. Everything is stopped first, so that
        nothing forks between the search for descendants and the kill."""
        proc = self.proc
        if proc is not None:
            pids: List[int] = []
            if proc.poll() is None:
                _signal_group(proc.pid, signal.SIGSTOP)
                _signal(proc.pid, signal.SIGSTOP)
                for _ in range(_STOP_ROUNDS):
                    found = [pid for pid in descendants(proc.pid) if pid not in pids]
                    if not found:
                        break
                    for pid in found:
                        _signal(pid, signal.SIGSTOP)
                    pids.extend(found)
            _signal_group(proc.pid, signal.SIGKILL)
            for pid in [proc.pid] + pids:
                _signal(pid, signal.SIGKILL)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self._close()

    def _close(self) -> None:
        if self._selector is not None:
            self._selector.close()
            self._selector = None
        for fd in (self._requests_fd, self._replies_fd):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._requests_fd = self._replies_fd = -1

    def _fail(self, request: EvaluationRequest, reason: str, message: str) -> EvaluationReply:
        self.kill()
        failure = EvaluationFailure(request.path, request.kind, reason, message)
        return EvaluationReply(request.id, failure, [], volatile=False, recycle=True)

    def _ended(self) -> str:
        """Why the worker went away (waits briefly for its exit status)."""
        proc = self.proc
        returncode = None
        if proc is not None:
            try:
                returncode = proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                returncode = None
        return exit_description(returncode)

    def _send(self, data: bytes) -> None:
        if self._requests_fd < 0:
            raise BrokenPipeError
        view = memoryview(data)
        while view:
            view = view[os.write(self._requests_fd, view) :]

    def _read(self, deadline: float) -> Tuple[Optional[dict], Optional[str]]:
        """The next message, or (None, TIMEOUT | EXITED | TOO_LARGE | PROTOCOL)."""
        limit = self.max_reply_bytes + 4096
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 1]
                try:
                    return decode(line), None
                except ValueError:
                    return None, PROTOCOL
            if len(self._buffer) > limit:
                return None, TOO_LARGE
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._selector is None:
                return None, TIMEOUT if self._selector is not None else EXITED
            if not self._selector.select(min(remaining, _POLL)):
                # a fork of the worker may hold the pipe open after the worker itself has died
                if self.proc is None or self.proc.poll() is not None:
                    return None, EXITED
                continue
            try:
                chunk = os.read(self._replies_fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                return None, EXITED
            self._buffer += chunk
