"""Open documents rez is still evaluating: their static diagnostics are already out; when rez answers (in the
evaluation worker, never on the event loop) the document is checked again with what rez evaluated."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any, Callable, Dict, Optional

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.evaluation import DeveloperEvaluation, KnownEvaluations

POLL_SECONDS = 0.1  # how often a wait looks whether a newer edit made it stale


class Followers:
    """Per document: the evaluation being waited for, and the last evaluation (`known`, handed to the next analysis
    of the document: one that keeps the key reuses it, running or answered)."""

    def __init__(self) -> None:
        self.known_evaluations = KnownEvaluations()
        self.tasks: Dict[str, asyncio.Task] = {}
        self.pending: Dict[str, Any] = {}

    def known(self, uri: str) -> Optional[DeveloperEvaluation]:
        return self.known_evaluations.get(uri)

    def follow(self, uri: str, analysis: Analysis, stale: Callable[[], bool], recheck: Callable[[], None]) -> None:
        """Remember the analysis' evaluation; when it is still running, wait for it and then `recheck()` the
        document, unless a newer edit made it `stale()` first. An evaluation the newer analysis does not use any
        more is given up (dropped if it has not started)."""
        evaluation = analysis.evaluation
        pending = evaluation.pending if evaluation is not None else None
        old = self.pending.pop(uri, None)
        if old is not None and old is not pending:
            old.cancel()
        task = self.tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        if evaluation is None or not evaluation.key:
            return
        self.known_evaluations.put(uri, evaluation)
        if pending is not None:
            self.pending[uri] = pending
            self.tasks[uri] = asyncio.get_running_loop().create_task(self._wait(uri, evaluation, stale, recheck))

    async def _wait(self, uri: str, evaluation: DeveloperEvaluation, stale: Callable[[], bool],
                    recheck: Callable[[], None]) -> None:
        pending = evaluation.pending
        waiter = asyncio.wrap_future(pending.future)
        while not waiter.done():
            if stale():
                return
            await asyncio.wait([waiter], timeout=POLL_SECONDS)
        if self.tasks.get(uri) is asyncio.current_task():
            del self.tasks[uri]
            self.pending.pop(uri, None)
        result = waiter.result()
        if stale() or getattr(result, "reason", None) == "cancelled":
            return
        self.known_evaluations.put(uri, replace(evaluation, result=result, pending=None, volatile=pending.volatile))
        recheck()

    def discard(self, uri: str, analysis: Analysis) -> None:
        """A stale analysis (a newer edit came first): drop the evaluation it started, unless it is the one being
        waited for."""
        pending = analysis.evaluating
        if pending is not None and pending is not self.pending.get(uri):
            pending.cancel()

    def forget(self, uri: str) -> None:
        """The document was closed: give its evaluation up."""
        task = self.tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        pending = self.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.known_evaluations.by_document.pop(uri, None)
