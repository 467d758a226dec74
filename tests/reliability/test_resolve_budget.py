"""The analysis and the server under pathological resolves: PYRER012 for a budget hit, a newer edit cancels a running solve."""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

import pyrer
from pyrer_ls.analysis.analyze import analyze_text
from pyrer_ls.analysis.model import Codes, Severity
from pyrer_ls.analysis.workspace import Cancelled, Settings, Workspace
from tests.lsp_session import initialize, server_config
from tests.reliability.pathological import pigeonhole, requests, write

REPO = write(tempfile.mkdtemp(prefix="pyrer-pigeons-"), pigeonhole(12))
EXPLODING = " ".join(requests(12)) + "\n"


@pytest.mark.parametrize("settings, text", [
    (Settings(time_budget=0.2), "time budget of 0.2 s exceeded"),
    (Settings(max_iterations=300), "max_iterations reached after 300 iterations"),
])
def test_a_budget_hit_is_its_own_warning_not_a_conflict(settings, text):
    result = analyze_text("shots.rez-requests", EXPLODING, Workspace([REPO], settings), kind="requests")
    assert [(f.code, f.severity) for f in result.findings] == [(Codes.BUDGET, Severity.WARNING)]
    assert text in result.findings[0].message and "neither solved nor failed" in result.findings[0].message
    assert [o.status for o in result.outcomes] == ["stopped"]


def test_settings_read_the_budget_keys():
    s = Settings.from_dict({"pyrer": {"resolveTimeBudget": 2.5, "resolveMaxIterations": 40}})
    assert (s.time_budget, s.max_iterations) == (2.5, 40)
    bad = Settings.from_dict({"resolveTimeBudget": "soon", "resolveMaxIterations": -1})
    assert (bad.time_budget, bad.max_iterations) == (Settings().time_budget, None)


def test_a_cancel_token_stops_a_running_analysis():
    token, raised, entered = pyrer.CancelToken(), [], threading.Event()
    ws = Workspace([REPO], Settings(time_budget=600))
    ws.load_family("p1")

    def analyse():
        entered.set()
        try:
            analyze_text("shots.rez-requests", EXPLODING, ws, kind="requests", token=token)
        except Cancelled:
            raised.append(True)

    worker = threading.Thread(target=analyse)
    worker.start()
    entered.wait(10)
    token.cancel()
    worker.join(60)
    assert raised == [True] and not worker.is_alive()


SRC = tempfile.mkdtemp(prefix="pyrer-budget-src-")


@pytest_lsp.fixture(
    config=server_config(PYRER_LS_DEBOUNCE="0.01"),
)
async def client(lsp_client: LanguageClient):
    await initialize(lsp_client, SRC, [REPO], resolveTimeBudget=600)
    yield
    await lsp_client.shutdown_session()


async def test_newer_edits_cancel_running_solves_so_the_last_one_is_answered(client: LanguageClient):
    """Exploding resolves with a 600 s budget, edited again and again: without cancellation the two
    solver threads would stay busy for ten minutes; the final, quick text must be answered at once."""
    uri = "file://" + os.path.join(SRC, "shots.rez-requests")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="plaintext", version=1, text=EXPLODING)))
    for version in range(2, 6):
        await asyncio.sleep(0.3)  # let the previous solve start
        text = EXPLODING if version < 5 else "p1-1\n"
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    # the exploding texts never finish within their budget: the first publish is the last text's
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60)
    assert list(client.diagnostics[uri]) == []


def test_an_analysis_stopped_midway_leaves_no_answer_behind(tmp_path):
    """A stale analysis stopped inside a family load must not leave its broken solve for the next one."""
    from tests.server.repo_builder import make_repo

    repo = make_repo(str(tmp_path), {"foo-1.0": ["bar"], "bar-1.0": []})
    ws = Workspace([repo], Settings())
    calls = []

    def stale_after_first_load():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        analyze_text("x.rez-requests", "foo\n", ws, stale_after_first_load, kind="requests")
    again = analyze_text("x.rez-requests", "foo\n", ws, kind="requests")
    assert again.findings == [] and [o.status for o in again.outcomes] == ["solved"]
