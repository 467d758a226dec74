"""Full garbage collections moved to idle moments: CPython's automatic ones traverse every object the family cache
holds (more than 100 ms with rez's 18,226-package benchmark repository loaded) and stop every thread, so they
would land in the middle of a keystroke's analysis."""

from __future__ import annotations

import asyncio
import gc
from typing import Callable, Optional

IDLE_SECONDS = 1.0  # no analysis for this long: a good moment for a full collection
FULL_EVERY = 10  # young collections between two full ones (CPython's own default)
OVERDUE = 50 * FULL_EVERY  # collect even while busy past this many (a server that is never idle still collects)


def defer_full_collections() -> None:
    """Leave the young generations to CPython; the oldest is collected by `IdleCollector` (this process only)."""
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000_000)


def _pending() -> int:
    """Middle-generation collections since the last full one."""
    return gc.get_count()[2]


class IdleCollector:
    """Runs a full collection once nothing has been analysed for `IDLE_SECONDS` and one is due."""

    def __init__(self, busy: Callable[[], bool], idle: float = IDLE_SECONDS,
                 collect: Callable[[], object] = gc.collect, pending: Callable[[], int] = _pending) -> None:
        self._busy, self._idle, self._collect, self._pending = busy, idle, collect, pending
        self._timer: Optional[asyncio.TimerHandle] = None

    def activity(self) -> None:
        """Something was analysed: look again once the server has been idle for a while."""
        if self._pending() >= OVERDUE:
            self._collect()
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(self._idle, self._maybe_collect)

    def _maybe_collect(self) -> None:
        self._timer = None
        if self._busy():
            self.activity()
        elif self._pending() >= FULL_EVERY:
            self._collect()
