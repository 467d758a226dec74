"""The evaluator: the parent side of package evaluation. It answers from the cache when it can,
otherwise queues the file for a worker process and returns at once with a handle.

Each worker has a dispatcher thread that feeds it one request at a time (developer packages before
repository packages) and replaces it whenever it dies, hangs, misbehaves or is used up; the
caller's thread only waits if it chooses to. The evaluator runs package code for every file it is
asked about: whether a file may be evaluated at all (consent) is the caller's decision.
"""

from __future__ import annotations

import itertools
import os
import queue
import sys
import threading
import time
import weakref
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from pyrer.evaluation.fingerprint import settings_fingerprint
from pyrer.evaluation.process import StartFailure, WorkerProcess
from pyrer.evaluation.protocol import (
    CANCELLED,
    DEVELOPER,
    REPOSITORY,
    UNAVAILABLE,
    EvaluationFailure,
    EvaluationReply,
    EvaluationRequest,
    EvaluationResult,
)
from pyrer.evaluation.store import EvaluationStore, file_text_source, stamp_source, text_source
from pyrer.rez.cache import PackageFileCache, shared_cache

_DEFAULT: Any = object()
_PRIORITY = {DEVELOPER: 0, REPOSITORY: 1}
_WAIT_SLICE = 0.05  # seconds between looks at a cancel token while waiting
_START_ATTEMPTS = 3  # consecutive failed starts before the evaluator gives up until reset()


@dataclass
class EvaluatorStats:
    """What an evaluator did: evaluations run by a worker, cache hits, worker starts and kills,
    and the seconds the last start took."""

    evaluations: int = 0
    cache_hits: int = 0
    worker_starts: int = 0
    worker_kills: int = 0
    last_start_seconds: float = 0.0


def _is_cancelled(cancel: Any) -> bool:
    """A `pyrer.CancelToken` (`.cancelled`), a `threading.Event` (`.is_set()`) or a callable."""
    if cancel is None:
        return False
    flag = getattr(cancel, "cancelled", None)
    if flag is not None:
        return bool(flag() if callable(flag) else flag)
    is_set = getattr(cancel, "is_set", None)
    if is_set is not None:
        return bool(is_set())
    return bool(cancel())


class Evaluation:
    """One evaluation, pending or done. `future` is a `concurrent.futures.Future` of its result
    (`asyncio.wrap_future(evaluation.future)` awaits it); it never raises."""

    def __init__(self, kind: str, path: str) -> None:
        self.kind = kind
        self.path = path
        self.future: "Future[EvaluationResult]" = Future()
        # the result may change with no file changing (the package ran a program), or it could not be remembered
        # (no worker): it is never cached, and a caller may keep it as long as the text it evaluated
        self.volatile = False
        self._lock = threading.Lock()

    def result(self, timeout: Optional[float] = None) -> EvaluationResult:
        """The result, waiting for it; `concurrent.futures.TimeoutError` after `timeout` seconds."""
        return self.future.result(timeout)

    def done(self) -> bool:
        return self.future.done()

    @property
    def cancelled(self) -> bool:
        result = self.future.result() if self.future.done() else None
        return isinstance(result, EvaluationFailure) and result.reason == CANCELLED

    def cancel(self) -> bool:
        """Give up on it: a queued evaluation is dropped; a running one finishes in its worker (its
        result is still cached) but this handle resolves now, as a "cancelled" failure. False if
        the result was already there."""
        return self._finish(EvaluationFailure(self.path, self.kind, CANCELLED, "cancelled"))

    def _finish(self, result: EvaluationResult) -> bool:
        with self._lock:
            if self.future.done():
                return False
            self.future.set_result(result)
            return True


@dataclass
class _Job:
    request: EvaluationRequest
    source: Optional[str]
    fingerprint: str
    evaluation: Evaluation


class _Slot:
    """One worker process and the dispatcher thread that owns it."""

    def __init__(self, evaluator: "Evaluator", index: int) -> None:
        self.evaluator = evaluator
        self.worker = WorkerProcess(
            evaluator.python, evaluator.env, evaluator.memory_limit, evaluator.max_reply_bytes,
            evaluator.start_timeout,
        )
        self.current: Optional[_Job] = None
        self.thread = threading.Thread(target=self._run, name="pyrer-evaluation-%d" % index, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        evaluator = self.evaluator
        while True:
            _, _, job = evaluator._queue.get()
            if job is None:
                return
            if job.evaluation.done():  # cancelled while queued
                continue
            self.current = job
            try:
                reply = self._evaluate(job)
            except Exception as exc:  # a bug of ours: the caller still gets an answer
                self.worker.kill()
                request = job.request
                failure = EvaluationFailure(
                    request.path, request.kind, UNAVAILABLE, "internal error: %s: %s" % (type(exc).__name__, exc)
                )
                reply = EvaluationReply(request.id, failure, [], volatile=True, recycle=True)
            self.current = None
            evaluator._finished(job, reply)

    def _evaluate(self, job: _Job) -> EvaluationReply:
        evaluator = self.evaluator
        request = job.request
        worker = self.worker
        if worker.alive and worker.fingerprint != job.fingerprint:
            worker.kill()  # rez's settings changed since it loaded them
        if not worker.alive:
            problem = evaluator._start(worker, job.fingerprint)
            if problem is not None:
                failure = EvaluationFailure(request.path, request.kind, UNAVAILABLE, problem)
                return EvaluationReply(request.id, failure, [], volatile=True)
        reply = worker.evaluate(request, evaluator.time_limit)
        with evaluator._lock:
            evaluator.stats.evaluations += 1
            if reply.recycle:
                evaluator.stats.worker_kills += 1
        return reply


class Evaluator:
    """Evaluates package.py files with rez, in worker processes, with a time and memory limit per
    file, and caches the results.

    `time_limit`: seconds per file (the worker is killed and replaced after it). `memory_limit`:
    bytes of address space for a worker (RLIMIT_AS; 0 for none). `workers`: worker processes (each
    evaluates one file at a time). `env`: the workers' environment (default: this process's), where
    rez finds its configuration (`REZ_CONFIG_FILE`, `REZ_*`). `python`: the interpreter, with rez and
    pyrer importable (default: this one). `cache`: the persistent cache (default: the shared one,
    off with `PYRER_NO_CACHE=1`; None for none). `max_reply_bytes`: the largest result accepted.
    `start_timeout`: seconds a worker may take to import rez and load its configuration.
    """

    def __init__(
        self,
        *,
        time_limit: float = 5.0,
        memory_limit: int = 1 << 30,
        workers: int = 1,
        env: Optional[Mapping[str, str]] = None,
        python: Optional[str] = None,
        cache: Any = _DEFAULT,
        max_reply_bytes: int = 16 << 20,
        start_timeout: float = 60.0,
    ) -> None:
        self.time_limit = float(time_limit)
        self.memory_limit = int(memory_limit)
        self.env: Dict[str, str] = dict(os.environ if env is None else env)
        self.python = python or sys.executable
        self.max_reply_bytes = int(max_reply_bytes)
        self.start_timeout = float(start_timeout)
        self.cache: Optional[PackageFileCache] = shared_cache() if cache is _DEFAULT else cache
        self.store = EvaluationStore(self.cache, self.env)
        self.stats = EvaluatorStats()
        self._workers = max(1, int(workers))
        self._queue: "queue.PriorityQueue[Tuple[int, int, Optional[_Job]]]" = queue.PriorityQueue()
        self._order = itertools.count()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._slots: List[_Slot] = []
        self._unavailable: Optional[str] = None
        self._failed_starts = 0
        self._closed = False
        self._finalizer = weakref.finalize(self, _shutdown, self._slots, self._queue)

    # -- asking --------------------------------------------------------------------------------

    def submit_developer(self, path: str, text: Optional[str] = None, key: Optional[str] = None) -> Evaluation:
        """Evaluate the developer package at `path` (its package.py) as rez's developer-package
        loading would (`rez build` in its folder); `text`: an unsaved buffer, evaluated as if it
        were the file's content. `key`: what the result is remembered under instead of the text's
        hash, for a caller that knows which texts evaluate alike (any text with the same key gets
        this result). Returns at once."""
        path = os.path.abspath(path)
        source = _keyed(key) if key is not None else text_source(text) if text is not None else file_text_source(path)
        return self._submit(DEVELOPER, [(path, source, text, None)])[0]

    def submit_repository(self, path: str, repository: Optional[str] = None, text: Optional[str] = None) -> Evaluation:
        """Evaluate the package at `path` in the packages path `repository` (default: the folder
        three levels up) as `rez env` loads it; `text`: an unsaved buffer of that file, loaded in its
        place. Returns at once."""
        return self.submit_repositories([path], repository, None if text is None else {path: text})[0]

    def submit_repositories(self, paths: Sequence[str], repository: Optional[str] = None,
                            texts: Optional[Mapping[str, str]] = None) -> List[Evaluation]:
        """`submit_repository` for many files of one packages path: one cache query for all. `texts`:
        unsaved buffers by path (as given), each loaded in place of its file."""
        items = []
        for given in paths:
            path = os.path.abspath(given)
            text = texts.get(given) if texts else None
            source = stamp_source(path) if text is None else text_source(text)
            items.append((path, source, text, repository))
        return self._submit(REPOSITORY, items)

    def developer_package(self, path: str, text: Optional[str] = None, *, cancel: Any = None,
                          key: Optional[str] = None) -> EvaluationResult:
        """`submit_developer` and wait; `cancel` (a `pyrer.CancelToken`, a `threading.Event`, or a
        callable) stops the wait with a "cancelled" failure."""
        return self.wait(self.submit_developer(path, text, key), cancel)

    def repository_package(self, path: str, repository: Optional[str] = None, *, cancel: Any = None) -> EvaluationResult:
        """`submit_repository` and wait (see `developer_package` for `cancel`)."""
        return self.wait(self.submit_repository(path, repository), cancel)

    def repository_packages(
        self, paths: Sequence[str], repository: Optional[str] = None, *, cancel: Any = None,
        texts: Optional[Mapping[str, str]] = None,
    ) -> Dict[str, EvaluationResult]:
        """Evaluate many files of one packages path: {path as given: result} (`texts`: unsaved
        buffers by path, as in `submit_repositories`)."""
        evaluations = self.submit_repositories(paths, repository, texts)
        out: Dict[str, EvaluationResult] = {}
        for path, evaluation in zip(paths, evaluations):
            out[path] = self.wait(evaluation, cancel)
        return out

    def cached_developer_package(self, path: str, text: Optional[str] = None,
                                 key: Optional[str] = None) -> Optional[EvaluationResult]:
        """The remembered evaluation of this developer package (or buffer, or `key` as given to
        `submit_developer`), if still valid; never runs anything."""
        path = os.path.abspath(path)
        source = _keyed(key) if key is not None else text_source(text) if text is not None else file_text_source(path)
        if source is None:
            return None
        return self.store.lookup(DEVELOPER, [(path, source)], self.fingerprint()).get(path)

    def cached_repository_packages(self, paths: Iterable[str]) -> Dict[str, EvaluationResult]:
        """The remembered, still valid evaluations among these repository files: {path: result}."""
        items = []
        by_abs: Dict[str, str] = {}
        for path in paths:
            absolute = os.path.abspath(path)
            source = stamp_source(absolute)
            if source is not None:
                items.append((absolute, source))
                by_abs[absolute] = path
        found = self.store.lookup(REPOSITORY, items, self.fingerprint())
        return {by_abs[p]: r for p, r in found.items()}

    @staticmethod
    def wait(evaluation: Evaluation, cancel: Any = None) -> EvaluationResult:
        """Wait for an evaluation; cancel it (and return the "cancelled" failure) if `cancel` fires."""
        if cancel is None:
            return evaluation.result()
        while True:
            try:
                return evaluation.result(_WAIT_SLICE)
            except FutureTimeout:
                if _is_cancelled(cancel):
                    evaluation.cancel()
                    return evaluation.result()

    def fingerprint(self) -> str:
        """The current fingerprint of rez's settings for the workers (`fingerprint.py`)."""
        return settings_fingerprint(self.env, self.python)

    def worker_pids(self) -> List[int]:
        """The process ids of the running workers."""
        return [s.worker.pid for s in list(self._slots) if s.worker.alive and s.worker.pid is not None]

    def reset(self) -> None:
        """Forget that the workers could not start (after rez was installed or its config fixed)."""
        with self._lock:
            self._unavailable = None
            self._failed_starts = 0

    def close(self) -> None:
        """Stop the workers; queued and running evaluations end as "cancelled"."""
        with self._lock:
            self._closed = True
        self._finalizer()

    def __enter__(self) -> "Evaluator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- inside --------------------------------------------------------------------------------

    def _submit(self, kind: str, items: List[Tuple[str, Optional[str], Optional[str], Optional[str]]]) -> List[Evaluation]:
        fingerprint = self.fingerprint()
        known = [(path, source) for path, source, _, _ in items if source is not None]
        hits = self.store.lookup(kind, known, fingerprint) if known else {}
        out: List[Evaluation] = []
        for path, source, text, repository in items:
            evaluation = Evaluation(kind, path)
            out.append(evaluation)
            hit = hits.get(path) if source is not None else None
            if hit is not None:
                with self._lock:
                    self.stats.cache_hits += 1
                evaluation._finish(hit)
                continue
            with self._lock:
                problem = "the evaluator is closed" if self._closed else self._unavailable
            if problem is not None:
                evaluation.volatile = True
                evaluation._finish(EvaluationFailure(path, kind, UNAVAILABLE, problem))
                continue
            request = EvaluationRequest(next(self._ids), kind, path, text, repository)
            self._ensure_slots()
            self._queue.put((_PRIORITY[kind], next(self._order), _Job(request, source, fingerprint, evaluation)))
        return out

    def _ensure_slots(self) -> None:
        with self._lock:
            while len(self._slots) < self._workers and not self._closed:
                self._slots.append(_Slot(self, len(self._slots)))

    def _start(self, worker: WorkerProcess, fingerprint: str) -> Optional[str]:
        """Start a worker; the reason it is unavailable, if it is."""
        with self._lock:
            if self._unavailable is not None:
                return self._unavailable
            if self._closed:
                return "the evaluator is closed"
        try:
            seconds = worker.start(fingerprint)
        except StartFailure as exc:
            with self._lock:
                self._failed_starts += 1
                if exc.unavailable or self._failed_starts >= _START_ATTEMPTS:
                    self._unavailable = str(exc)
            return str(exc)
        with self._lock:
            self._failed_starts = 0
            self.stats.worker_starts += 1
            self.stats.last_start_seconds = seconds
            if self._closed:  # closed while it started
                worker.kill()
                return "the evaluator is closed"
        return None

    def _finished(self, job: _Job, reply: EvaluationReply) -> None:
        """Remember the reply, answer the caller, then write the cache (the caller does not wait
        for the disk)."""
        request = job.request
        origin = "file" if request.text is None else "buffer"
        persist = False
        try:
            persist = self.store.remember(request.kind, request.path, origin, job.source, job.fingerprint, reply)
        finally:
            job.evaluation.volatile = reply.volatile
            job.evaluation._finish(reply.result)
        if persist and job.source is not None:
            self.store.persist(request.kind, request.path, origin, job.source, job.fingerprint, reply)


def _keyed(key: str) -> str:
    """A caller's key as a source key (never equal to a text hash or a file stamp)."""
    return "key:" + key


def _shutdown(slots: List[_Slot], jobs: "queue.PriorityQueue[Tuple[int, int, Optional[_Job]]]") -> None:
    """Stop the dispatchers and kill the workers (also run at interpreter exit)."""
    while True:
        try:
            _, _, job = jobs.get_nowait()
        except queue.Empty:
            break
        if job is not None:
            job.evaluation.cancel()
    for slot in list(slots):
        jobs.put((-1, -1, None))
    for slot in list(slots):
        current = slot.current
        if current is not None:
            current.evaluation.cancel()
        slot.worker.kill()
    deadline = time.monotonic() + 2.0
    for slot in list(slots):
        slot.thread.join(max(0.0, deadline - time.monotonic()))
        slot.worker.kill()  # in case its dispatcher started it again meanwhile
