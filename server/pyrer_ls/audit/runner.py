"""Checking many documents: results from the cache where still valid, the rest analysed in worker processes
that share one read of the repository, every result in the documents' order whatever the order of work."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from pyrer_ls.analysis.analyze import analyze_text, document_kind
from pyrer_ls.analysis.workspace import Workspace
from pyrer_ls.analysis.workspace import FAMILY_NAMES
from pyrer_ls.audit.cache import ResultCache, dumps
from pyrer_ls.audit.keys import Stamps, code_fingerprint, document_key, settings_fingerprint
from pyrer_ls.audit.record import DocumentResult, Resolve, from_analysis

PRELOAD_AT = 1000  # analyses from which the whole repository is read up front (once, before the workers fork)
CHUNK = 4  # documents a worker takes at a time (a family's versions: up to FAMILY_CHUNK, they share requests)
FAMILY_CHUNK = 48
AUDIT_SOLVE_CACHE = 4096  # resolves a process keeps between documents
STORE_EVERY = 500  # results written to the cache per transaction


@dataclass
class RunStats:
    """How a run went (for the summary line)."""

    documents: int = 0
    cached: int = 0
    analysed: int = 0
    jobs: int = 1
    seconds: float = 0.0
    preload_seconds: float = 0.0


@dataclass
class AuditRun:
    results: List[DocumentResult] = field(default_factory=list)
    stats: RunStats = field(default_factory=RunStats)


def _read(path: str) -> Optional[bytes]:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def analyse_document(path: str, data: bytes, ws: Workspace) -> DocumentResult:
    """One document's result (an analysis that raises is a result too: pyrer's bug, shown, never fatal)."""
    kind = document_kind(path, ws.settings.request_file_globs) or "requests"
    started = time.perf_counter()
    with ws.recording() as reads:
        try:
            analysis = analyze_text(path, data.decode("utf-8", errors="replace"), ws, kind=kind)
        except Exception as e:  # noqa: BLE001 (a broken analysis must not stop an audit)
            tail = traceback.format_exc(limit=-3)
            return DocumentResult(path, kind, error="%s: %s\n%s" % (type(e).__name__, e, tail), cacheable=False,
                                  seconds=time.perf_counter() - started)
    return from_analysis(analysis, tuple(reads), time.perf_counter() - started)


# --- worker processes (fork: they inherit the workspace the parent read) ------------------------
_WORKER: Dict[str, object] = {}


def _work(batch: List[Tuple[int, str, bytes]]) -> List[Tuple[int, dict, Tuple[str, ...], bool]]:
    ws = _WORKER["ws"]
    out = []
    for index, path, data in batch:
        r = analyse_document(path, data, ws)
        out.append((index, r.to_json(), r.reads, r.cacheable))
    return out


def _group(path: str) -> str:
    """Versions of one family go together: `<root>/<family>/<version>/package.py` -> `<root>/<family>`."""
    if os.path.basename(path) == "package.py":
        return os.path.dirname(os.path.dirname(path))
    return path


def work_batches(todo: List[Tuple[int, str, bytes]]) -> List[List[Tuple[int, str, bytes]]]:
    """Runs of one family's documents (up to FAMILY_CHUNK), other documents CHUNK at a time."""
    batches: List[List[Tuple[int, str, bytes]]] = []
    for item in todo:
        last = batches[-1] if batches else None
        if last is not None and _group(last[0][1]) == _group(item[1]) and len(last) < FAMILY_CHUNK:
            last.append(item)
        elif last is not None and len(last) < CHUNK and _group(last[0][1]) == last[0][1] == _group(last[-1][1]) \
                and _group(item[1]) == item[1]:
            last.append(item)
        else:
            batches.append([item])
    return batches


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def preload(ws: Workspace) -> None:
    """Read every family once (runtime and build views) so that forked workers share it."""
    names = ws.family_names()
    ws.studio.preload(names)
    for name in names:
        try:
            ws.load_family(name)
            ws.load_family(name, True)
        except Exception:  # noqa: BLE001 (FamilyError: the analyses report it)
            continue


def run_audit(documents: Sequence[str], ws: Workspace, jobs: int = 1, cache: Optional[ResultCache] = None,
              progress: Optional[Callable[[int, int], None]] = None,
              keep_resolves: Callable[[Tuple[str, ...]], bool] = lambda reads: False) -> AuditRun:
    """Check `documents` (paths) against `ws`: cached results where valid, the others analysed by `jobs` processes.

    A result keeps its resolves only when `keep_resolves(the families it read)` says so (memory stays flat)."""
    started = time.perf_counter()
    run = AuditRun(stats=RunStats(documents=len(documents), jobs=jobs))
    context = settings_fingerprint(ws.config, ws.settings) + code_fingerprint()
    stamps = Stamps(ws.studio)
    results: List[Optional[DocumentResult]] = [None] * len(documents)
    keys: List[Optional[str]] = [None] * len(documents)
    todo: List[Tuple[int, str, bytes]] = []
    rows = cache.rows(documents) if cache is not None else {}
    sets = cache.reads(row[1] for row in rows.values()) if rows else {}
    digests: Dict[str, Optional[str]] = {}
    wanted: Dict[str, int] = {}  # cached documents whose resolves are kept: path -> index
    previous: set = set()  # what the documents to analyse again read last time (read up front, once)
    for i, path in enumerate(documents):
        data = _read(path)
        if data is None:
            results[i] = DocumentResult(path, "requests", error="cannot read the file", cacheable=False)
            continue
        kind = document_kind(path, ws.settings.request_file_globs) or "requests"
        keys[i] = key = document_key(data, kind, context)
        row = rows.get(path)
        if row is not None and row[0] == key and row[1] in sets:
            if row[1] not in digests:
                digests[row[1]] = stamps.digest(sets[row[1]])
            if digests[row[1]] == row[2]:
                try:
                    findings = json.loads(row[3])
                except ValueError:
                    findings = None
                if isinstance(findings, list):
                    results[i] = DocumentResult(path, kind, findings, reads=sets[row[1]], cached=True)
                    if keep_resolves(sets[row[1]]):
                        wanted[path] = i
                    continue
        if row is not None and row[1] in sets:
            previous.update(sets[row[1]])
        todo.append((i, path, data))
    rows.clear()
    if wanted:
        for path, text in cache.resolves(list(wanted)).items():
            try:
                results[wanted[path]].resolves = [Resolve.from_json(r) for r in json.loads(text)]
            except (ValueError, TypeError, IndexError):
                results[wanted[path]] = None
                todo.append((wanted[path], path, _read(path) or b""))
        todo.sort()
    done = len(documents) - len(todo)
    if progress:
        progress(done, len(documents))
    if todo and ws.paths:
        # every family's stamp is taken before this run reads it (a file edited meanwhile is seen next run)
        stamps.take_all(ws.family_names())
        stamps.stamp(FAMILY_NAMES)
    pending: List[Tuple[str, str, Tuple[str, ...], str, str, str]] = []

    def finish(index: int, r: DocumentResult) -> None:
        nonlocal done
        results[index] = r
        done += 1
        if cache is not None and r.cacheable and keys[index] is not None:
            pending.append((r.path, keys[index], r.reads, stamps.digest(r.reads), dumps(r.findings),
                            dumps([x.to_json() for x in r.resolves])))
            if len(pending) >= STORE_EVERY:
                cache.store(pending)
                pending.clear()
        if not keep_resolves(r.reads):
            r.resolves = []
        if progress:
            progress(done, len(documents))

    workers = min(jobs, max(1, len(todo) // CHUNK))
    ws.solve_cache_size = max(ws.solve_cache_size, AUDIT_SOLVE_CACHE)
    if todo and ws.paths:
        t = time.perf_counter()
        if len(todo) >= PRELOAD_AT:
            preload(ws)
        elif workers > 1 and previous:  # the workers would each read these: read them once, before they fork
            ws.studio.preload(sorted(previous - {FAMILY_NAMES}))
        run.stats.preload_seconds = time.perf_counter() - t
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        _WORKER["ws"] = ws
        ctx = multiprocessing.get_context("fork")
        batches = work_batches(todo)
        with ctx.Pool(workers) as pool:
            for batch in pool.imap_unordered(_work, batches):
                for index, data, reads, cacheable in batch:
                    r = DocumentResult.from_json(data)
                    r.reads, r.cacheable = reads, cacheable
                    finish(index, r)
        _WORKER.clear()
    else:
        run.stats.jobs = 1
        for index, path, data in todo:
            finish(index, analyse_document(path, data, ws))
    if cache is not None and pending:
        cache.store(pending)
    run.results = [r for r in results if r is not None]
    run.stats.cached = sum(1 for r in run.results if r.cached)
    run.stats.analysed = len(todo)
    run.stats.seconds = time.perf_counter() - started
    return run
