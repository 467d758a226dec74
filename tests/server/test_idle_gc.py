"""Full garbage collections at idle moments (idle_gc.py): when one runs, with the collection and the clock's waits
injected (no real collection, no time asserted)."""

from __future__ import annotations

import asyncio

from pyrer_ls.idle_gc import FULL_EVERY, OVERDUE, IdleCollector


class Fake:
    def __init__(self, pending: int, busy: bool = False) -> None:
        self.pending, self.busy, self.collections = pending, busy, 0

    def collect(self) -> None:
        self.collections += 1
        self.pending = 0

    def collector(self) -> IdleCollector:
        return IdleCollector(lambda: self.busy, idle=0.0, collect=self.collect, pending=lambda: self.pending)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_a_due_collection_runs_once_the_server_is_idle():
    fake = Fake(FULL_EVERY, busy=True)
    gc = fake.collector()
    gc.activity()
    await settle()
    assert fake.collections == 0  # an analysis is running: not now
    fake.busy = False
    await settle()
    assert fake.collections == 1


async def test_no_collection_before_one_is_due():
    fake = Fake(FULL_EVERY - 1)
    fake.collector().activity()
    await settle()
    assert fake.collections == 0


async def test_an_overdue_collection_runs_even_while_busy():
    fake = Fake(OVERDUE, busy=True)
    fake.collector().activity()
    assert fake.collections == 1
