"""The scheduler alone (scheduling.py), on an asyncio loop with analyses the test holds and releases: when analyses
start, which are skipped, which are delivered. No clock is read: waiting is observed through the injected sleep."""

from __future__ import annotations

import asyncio
from typing import Dict, List, Tuple

import pytest

import pyrer
from pyrer_ls.analysis.workspace import Cancelled, Settings
from pyrer_ls.scheduling import Scheduler, edit_delay

URI = "file:///src/pakkë/package.py"


class Harness:
    """Analyses that run until the test releases them (or their token is cancelled), recording what happened."""

    def __init__(self) -> None:
        self.texts: Dict[str, str] = {URI: ""}
        self.started: List[Tuple[int, str]] = []  # (generation, text) of each analysis, as it starts
        self.delivered: List[Tuple[int, str, bool]] = []  # (generation, result, external)
        self.sleeps: List[float] = []
        self.release: Dict[int, asyncio.Event] = {}
        self.tokens: Dict[int, pyrer.CancelToken] = {}
        self.scheduler = Scheduler(self.analyse, self.deliver, sleep=self.sleep)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(seconds)

    async def analyse(self, uri: str, generation: int, token: pyrer.CancelToken) -> str:
        text = self.texts[uri]
        self.started.append((generation, text))
        self.tokens[generation] = token
        gate = self.release.setdefault(generation, asyncio.Event())
        while not gate.is_set():  # a solve in a worker thread: it stops once its token is cancelled
            if token.cancelled:
                raise Cancelled()
            await asyncio.sleep(0)
        return "analysis of %r" % text

    def deliver(self, uri: str, generation: int, result: str, external: bool) -> None:
        self.delivered.append((generation, result, external))

    def edit(self, text: str, delay: float = 0.0) -> int:
        self.texts[URI] = text
        return self.scheduler.schedule(URI, delay)

    def finish(self, generation: int) -> None:
        self.release.setdefault(generation, asyncio.Event()).set()


async def turn() -> None:
    """Let every ready task of the loop run once."""
    for _ in range(3):
        await asyncio.sleep(0)


async def test_an_edit_to_an_idle_document_is_analysed_at_once():
    h = Harness()
    gen = h.edit('requires = ["pythön-3"]')
    await turn()
    assert h.started == [(gen, 'requires = ["pythön-3"]')]
    assert h.sleeps == []  # no delay at default settings
    h.finish(gen)
    await h.scheduler.settled(URI)
    assert h.delivered == [(gen, "analysis of 'requires = [\"pythön-3\"]'", False)]


async def test_a_burst_is_analysed_for_its_final_text_only_and_stale_work_is_cancelled():
    h = Harness()
    first = h.edit("r = ['m']")
    await turn()
    texts = ["r = ['ma']", "r = ['may']", "r = ['maya']", "r = ['maya-2025 🎬']"]
    gens = [h.edit(t) for t in texts]
    assert h.tokens[first].cancelled  # the running analysis' solves were told to stop
    await turn()
    # the newest text is analysed next; the versions in between never are
    assert h.started == [(first, "r = ['m']"), (gens[-1], "r = ['maya-2025 🎬']")]
    h.finish(gens[-1])
    await h.scheduler.settled(URI)
    assert h.delivered == [(gens[-1], "analysis of \"r = ['maya-2025 🎬']\"", False)]


async def test_an_analysis_that_finishes_after_a_newer_edit_is_never_delivered():
    h = Harness()
    old = h.edit("a")
    await turn()
    h.finish(old)  # it completes (its solve did not notice the cancel in time)...
    new = h.edit("ab")  # ...but the document changed before its result was handled
    await turn()
    assert [g for g, _r, _e in h.delivered] == []
    assert (new, "ab") in h.started
    h.finish(new)
    await h.scheduler.settled(URI)
    assert [g for g, _r, _e in h.delivered] == [new]


async def test_deliveries_only_go_forward_across_edits():
    h = Harness()
    seen = []
    for i, text in enumerate(["é", "éè", "éèê", "éèêë", "éèêëē"]):
        gen = h.edit(text)
        await turn()
        if i % 2 == 0:  # some analyses finish before the next keystroke, others are overtaken
            h.finish(gen)
            await h.scheduler.settled(URI)
        seen.append(gen)
    h.finish(seen[-1])
    await h.scheduler.settled(URI)
    delivered = [g for g, _r, _e in h.delivered]
    assert delivered == sorted(delivered) and delivered[-1] == seen[-1]
    assert all(g in (seen[0], seen[2], seen[4]) for g in delivered)


async def test_a_requested_delay_waits_for_a_pause_in_the_edits():
    h = Harness()
    gen = h.edit("x", delay=0.01)
    await turn()
    assert h.started == [] and h.sleeps  # the debounce a user asked for (debounceMs)
    h.finish(gen)
    await h.scheduler.settled(URI)
    assert [g for g, _r, _e in h.delivered] == [gen]


async def test_a_change_elsewhere_is_delivered_as_external_even_when_an_edit_overtakes_it():
    h = Harness()
    gen = h.scheduler.schedule(URI, 0.0, edited=False)  # a package it depends on changed
    await turn()
    h.finish(gen)
    await h.scheduler.settled(URI)
    assert h.delivered[-1][::2] == (gen, True)
    external = h.scheduler.schedule(URI, 0.0, edited=False)
    await turn()
    edited = h.edit("y")  # the client's own edit overtakes it: the client still needs telling about the change
    await turn()
    h.finish(edited)
    await h.scheduler.settled(URI)
    assert external < edited and h.delivered[-1][::2] == (edited, True)


async def test_request_tokens_are_cancelled_by_the_next_edit_only():
    h = Harness()
    gen = h.edit("z")
    with h.scheduler.request_token(URI) as completion:
        h.scheduler.schedule(URI, 0.0, edited=False)  # a dependency changed: the completion stays valid
        assert not completion.cancelled
        h.edit("zz")
        assert completion.cancelled
    h.finish(gen + 2)
    await h.scheduler.settled(URI)


async def test_forget_stops_everything_of_a_closed_document():
    h = Harness()
    gen = h.edit("q")
    await turn()
    h.scheduler.forget(URI)
    assert h.tokens[gen].cancelled
    await turn()
    assert h.delivered == [] and not h.scheduler.busy(URI) and not h.scheduler.known(URI)


@pytest.mark.parametrize("options, env, seconds", [
    ({}, None, 0.0),  # default settings: no delay
    ({"debounceMs": 250}, None, 0.25),
    ({"pyrer": {"debounceMs": 0}}, None, 0.0),
    ({"debounceMs": -5}, None, 0.0),  # ignored
    ({"debounceMs": "soon"}, None, 0.0),
    ({"debounceMs": True}, None, 0.0),
    ({"debounceMs": 250}, "0", 0.0),  # PYRER_LS_DEBOUNCE (seconds) overrides the setting
    ({}, "0.05", 0.05),
    ({"debounceMs": 250}, "later", 0.25),  # not a number of seconds: ignored
    ({}, "-1", 0.0),
])
def test_the_edit_delay_comes_from_debounce_ms_unless_pyrer_ls_debounce_is_set(options, env, seconds):
    assert edit_delay(Settings.from_dict(options).debounce_ms, env) == pytest.approx(seconds)


async def test_generations_are_never_reused_after_a_close():
    """A pull client may send the result id of a closed document's analysis when it opens the document again."""
    h = Harness()
    first = h.edit("v1")
    h.finish(first)
    await h.scheduler.settled(URI)
    h.scheduler.forget(URI)
    again = h.edit("v1 🎬")
    h.finish(again)
    await h.scheduler.settled(URI)
    assert again > first and [g for g, _r, _e in h.delivered] == [first, again]
