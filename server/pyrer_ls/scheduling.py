"""When each open document is analysed: at once when idle, stale work cancelled, edits coalesced while one runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Awaitable, Callable, Dict, Iterator, Optional, Set

import pyrer

from pyrer_ls.analysis.workspace import Cancelled

log = logging.getLogger(__name__)

# analyse(uri, generation, token): the analysis of the document's current text, off the event loop; raises
# Cancelled when it went stale midway (token: the cancel token of its solves)
Analyse = Callable[[str, int, pyrer.CancelToken], Awaitable[object]]
# deliver(uri, generation, result, external): an analysis of the current text is known (called on the event loop,
# never for a stale one); external: something else than the document's own edits asked for it
Deliver = Callable[[str, int, object, bool], None]


def edit_delay(debounce_ms: float, override: Optional[str] = None) -> float:
    """Seconds between an edit and its analysis: the `debounceMs` setting (default 0: at once), unless `override`
    (the PYRER_LS_DEBOUNCE variable, in seconds) is a number of seconds from 0 to 60."""
    try:
        seconds = float(override) if override not in (None, "") else None
    except ValueError:
        seconds = None
    if seconds is not None and 0 <= seconds <= 60:
        return seconds
    return max(debounce_ms, 0.0) / 1000.0


@dataclass
class _Document:
    generation: int = 0  # renewed by every schedule: an analysis of an older generation is stale
    due: float = 0.0  # loop time before which the next analysis does not start (the debounce, when one is set)
    external: bool = False  # the next analysis was asked for by a change elsewhere (a dependency, a file on disk)
    driver: Optional[asyncio.Task] = None  # analyses the document until one of the current generation is delivered
    token: Optional[pyrer.CancelToken] = None  # the running analysis' solves
    requests: Set[pyrer.CancelToken] = field(default_factory=set)  # completion and code-action solves


class Scheduler:
    """One driver task per document with work to do. An edit to an idle document starts its analysis at once
    (after `delay`, when one is asked for); an edit during an analysis cancels that analysis' solves, and when it
    has stopped the newest text is analysed next: the versions in between are never analysed, and only an
    analysis of the current text is delivered."""

    def __init__(self, analyse: Analyse, deliver: Deliver,
                 ready: Callable[[], Awaitable[object]] = lambda: asyncio.sleep(0),
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self._analyse, self._deliver, self._ready, self._sleep = analyse, deliver, ready, sleep
        self._docs: Dict[str, _Document] = {}
        self._generations = 0  # generations are numbered across documents, so none is reused after a close

    # --- what the server asks -----------------------------------------------------------------
    def schedule(self, uri: str, delay: float = 0.0, edited: bool = True) -> int:
        """The document changed (`edited`: its own text; else something it depends on): make every analysis of it
        stale, stop their solves, and analyse it again `delay` seconds after the last such call. Its new generation
        (increasing, never reused: a pull client's result id)."""
        doc = self._docs.setdefault(uri, _Document())
        self._generations += 1
        doc.generation = self._generations
        doc.due = asyncio.get_running_loop().time() + delay if delay > 0 else 0.0
        doc.external = doc.external or not edited
        if doc.token is not None:
            doc.token.cancel()  # a running solve stops before its next phase
        if edited:
            for token in doc.requests:
                token.cancel()
        if doc.driver is None or doc.driver.done():
            doc.driver = asyncio.get_running_loop().create_task(self._drive(uri, doc))
        return doc.generation

    def forget(self, uri: str) -> None:
        """The document was closed: nothing of it is analysed or delivered any more."""
        doc = self._docs.pop(uri, None)
        if doc is None:
            return
        doc.generation = 0
        for token in list(doc.requests) + [doc.token]:
            if token is not None:
                token.cancel()
        if doc.driver is not None:
            doc.driver.cancel()

    def generation(self, uri: str) -> int:
        doc = self._docs.get(uri)
        return doc.generation if doc is not None else 0

    def is_current(self, uri: str, generation: int) -> bool:
        """No edit or change since that generation was scheduled (safe to read from a worker thread)."""
        doc = self._docs.get(uri)
        return doc is not None and doc.generation == generation

    def known(self, uri: str) -> bool:
        """The document was scheduled at least once since it was opened."""
        return uri in self._docs

    def busy(self, uri: str) -> bool:
        """An analysis of the document is waiting or running."""
        doc = self._docs.get(uri)
        return doc is not None and doc.driver is not None and not doc.driver.done()

    def any_busy(self) -> bool:
        """Some document has an analysis waiting or running."""
        return any(d.driver is not None and not d.driver.done() for d in self._docs.values())

    async def settled(self, uri: str, timeout: float = 30.0) -> None:
        """Wait until the document has no analysis waiting or running (its newest one delivered)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        doc = self._docs.get(uri)
        driver = doc.driver if doc is not None else None
        while driver is not None and not driver.done():
            try:
                await asyncio.wait_for(asyncio.shield(driver), timeout=max(deadline - loop.time(), 0))
            except asyncio.TimeoutError:
                return
            except asyncio.CancelledError:
                if not driver.cancelled():
                    raise  # this wait itself was cancelled
            doc = self._docs.get(uri)
            driver = doc.driver if doc is not None else None

    @contextlib.contextmanager
    def request_token(self, uri: str) -> Iterator[pyrer.CancelToken]:
        """A cancel token for a request's solves (completion, code actions): the document's next edit cancels it."""
        token = pyrer.CancelToken()
        doc = self._docs.get(uri)
        if doc is not None:
            doc.requests.add(token)
        try:
            yield token
        finally:
            if doc is not None:
                doc.requests.discard(token)

    # --- the driver ---------------------------------------------------------------------------
    async def _drive(self, uri: str, doc: _Document) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._docs.get(uri) is doc:
                while doc.due and doc.due > loop.time():  # a debounce was asked for: wait for a pause in the edits
                    await self._sleep(doc.due - loop.time())
                await self._ready()
                generation, external = doc.generation, doc.external
                doc.external = False
                token = doc.token = pyrer.CancelToken()
                try:
                    result = await self._analyse(uri, generation, token)
                except Cancelled:
                    result = None
                except Exception:  # one broken analysis must not take the server down
                    log.exception("analysis of %s failed", uri)
                    result = None
                finally:
                    if doc.token is token:
                        doc.token = None
                if doc.generation == generation and self._docs.get(uri) is doc:
                    if result is not None:
                        self._deliver(uri, generation, result, external)
                    return
                doc.external = doc.external or external  # still owed to whoever asked for the skipped analysis
        finally:
            if doc.driver is asyncio.current_task():
                doc.driver = None
