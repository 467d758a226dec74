"""Evaluations remembered: in the persistent cache (`pyrer.rez.cache`) and, for this process only,
in a small memo; each valid only for the same file (stamp or text), settings fingerprint and
unchanged dependencies.

What is remembered: results, and failures that belong to the file (`DETERMINISTIC_REASONS`),
persistently; failures of the moment (time or memory limit, a crash) in the memo only, so one
session does not run the same hostile file twice; nothing for a volatile evaluation (it ran a
program) nor for cancelled or unavailable ones.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from pyrer.evaluation.protocol import (
    CANCELLED,
    DETERMINISTIC_REASONS,
    UNAVAILABLE,
    Dependency,
    EvaluatedPackage,
    EvaluationFailure,
    EvaluationReply,
    EvaluationResult,
)
from pyrer.evaluation.stamps import path_stamp, unchanged
from pyrer.rez.cache import PackageFileCache

MEMO_SIZE = 512


def text_source(text: str) -> str:
    """The source key of a text: its SHA-256."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def file_text_source(path: str) -> Optional[str]:
    """The source key of a file's content (as `text_source` of the same text), None if unreadable."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return "sha256:" + hashlib.sha256(data).hexdigest()


def stamp_source(path: str) -> Optional[str]:
    """The source key of a repository file: its stamp, None if it cannot be stat'ed."""
    stamp = path_stamp(path)
    return None if stamp == "missing" else stamp


def result_from_json(data: dict) -> EvaluationResult:
    if data.get("ok", "reason" not in data):
        return EvaluatedPackage.from_json(data)
    return EvaluationFailure.from_json(data)


def _result_json(result: EvaluationResult) -> dict:
    data = result.to_json()
    data["ok"] = result.ok
    return data


class EvaluationStore:
    """Lookups and stores of evaluations; thread-safe. `cache` None: the memo only."""

    def __init__(self, cache: Optional[PackageFileCache], env: Mapping[str, str], memo_size: int = MEMO_SIZE):
        self.cache = cache
        self.env = env
        self.memo_size = memo_size
        self._memo: "OrderedDict[Tuple[str, str, str, str], Tuple[EvaluationResult, List[Dependency]]]" = OrderedDict()
        self._lock = threading.Lock()

    def lookup(self, kind: str, items: Sequence[Tuple[str, str]], fingerprint: str) -> Dict[str, EvaluationResult]:
        """Remembered results of (path, source) items still valid under `fingerprint`: {path: result}."""
        out: Dict[str, EvaluationResult] = {}
        missing: List[Tuple[str, str]] = []
        with self._lock:
            for path, source in items:
                key = (kind, path, source, fingerprint)
                hit = self._memo.get(key)
                if hit is not None and unchanged(hit[1], self.env):
                    self._memo.move_to_end(key)
                    out[path] = _copy(hit[0])
                else:
                    missing.append((path, source))
        if not missing or self.cache is None:
            return out
        rows = self.cache.evaluations(kind, [p for p, _ in missing])
        for path, source in missing:
            for _, row_source, row_fingerprint, dependencies, result in rows.get(path, []):
                if row_source != source or row_fingerprint != fingerprint:
                    continue
                deps = [(str(d[0]), str(d[1])) for d in dependencies]
                if not unchanged(deps, self.env):
                    continue
                try:
                    value = result_from_json(result)
                except (TypeError, KeyError):
                    continue
                out[path] = value
                with self._lock:
                    self._memoize((kind, path, source, fingerprint), value, deps)
                break
        return out

    def remember(
        self, kind: str, path: str, origin: str, source: Optional[str], fingerprint: str, reply: EvaluationReply
    ) -> bool:
        """Keep what `reply` says about (path, source) in the memo, as far as the policy above
        allows; True if it is also worth persisting (`persist`)."""
        result = reply.result
        if source is None or reply.volatile:
            return False
        if not result.ok and result.reason in (CANCELLED, UNAVAILABLE):
            return False
        with self._lock:
            self._memoize((kind, path, source, fingerprint), result, list(reply.dependencies))
        return self.cache is not None and (result.ok or result.reason in DETERMINISTIC_REASONS)

    def persist(
        self, kind: str, path: str, origin: str, source: str, fingerprint: str, reply: EvaluationReply
    ) -> None:
        """Write a remembered evaluation to the persistent cache; `origin` is "file" or "buffer"
        (the cache keeps the newest of each per path)."""
        if self.cache is not None:
            deps = [list(d) for d in reply.dependencies]
            row = (origin, source, fingerprint, deps, _result_json(reply.result))
            self.cache.store_evaluations(kind, [(path, row)])

    def _memoize(self, key: Tuple[str, str, str, str], result: EvaluationResult, deps: List[Dependency]) -> None:
        self._memo[key] = (_copy(result), deps)
        self._memo.move_to_end(key)
        while len(self._memo) > self.memo_size:
            self._memo.popitem(last=False)


def _copy(result: EvaluationResult) -> EvaluationResult:
    """A result of its own for each caller (results hold lists a caller may change)."""
    return result_from_json(_result_json(result))

