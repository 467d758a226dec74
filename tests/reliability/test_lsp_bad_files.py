"""The server over stdio on hostile documents: it keeps running, publishes diagnostics for every file,
answers every request (hover, completion, symbols, lenses, ...) without an internal error, and survives a
file typed character by character."""

from __future__ import annotations

import asyncio
import os
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from pyrer_ls.analysis.analyze import analyze_text
from pyrer_ls.analysis.workspace import Settings, Workspace
from tests.lsp_session import initialize, server_config
from tests.reliability.bad_inputs import BAD_TEXTS, TYPED, big_package_py
from tests.server import conftest as _refresh_handlers  # noqa: F401 (the client answers lens/inlay refreshes)

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPO = os.path.join(ROOT, "examples", "repo")
SRC = tempfile.mkdtemp(prefix="pyrer-bad-files-")


@pytest_lsp.fixture(
    loop_scope="module",
    config=server_config(PYRER_LS_DEBOUNCE="0.01"),
)
async def client(lsp_client: LanguageClient):
    await initialize(lsp_client, SRC, [REPO], resolveTimeBudget=5)
    yield
    await lsp_client.shutdown_session()


async def _published(client: LanguageClient, uri: str, tries: int = 40):
    """Wait until the server has published diagnostics for `uri` (other documents publish too)."""
    for _ in range(tries):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60)
    raise AssertionError("no diagnostics for %s" % uri)


async def _every_request(client: LanguageClient, uri: str, text: str) -> None:
    """Ask for everything the server offers at a few positions: none may fail."""
    doc = types.TextDocumentIdentifier(uri=uri)
    lines = text.split("\n")
    positions = [types.Position(line=0, character=0), types.Position(line=len(lines) - 1, character=0)]
    positions += [types.Position(line=min(i, len(lines) - 1), character=3) for i in (1, 2)]
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=len(lines), character=0))
    for pos in positions:
        await client.text_document_hover_async(types.HoverParams(text_document=doc, position=pos))
        await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=pos))
        await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=pos))
        await client.text_document_references_async(types.ReferenceParams(
            text_document=doc, position=pos, context=types.ReferenceContext(include_declaration=True)))
    await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc))
    await client.text_document_inlay_hint_async(types.InlayHintParams(text_document=doc, range=whole))
    await client.text_document_code_action_async(types.CodeActionParams(
        text_document=doc, range=whole, context=types.CodeActionContext(diagnostics=list(client.diagnostics.get(uri, ())))))


def _open(client: LanguageClient, uri: str, text: str) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))


@pytest.mark.parametrize("name", sorted(BAD_TEXTS))
async def test_bad_package_py_is_diagnosed_and_every_request_answers(client: LanguageClient, name):
    slug = "".join(c if c.isalnum() else "_" for c in name)
    uri = "file://" + os.path.join(SRC, slug, "package.py")
    text = BAD_TEXTS[name]
    _open(client, uri, text)
    await _published(client, uri)
    await _every_request(client, uri, text)
    req_uri = "file://" + os.path.join(SRC, slug + ".rez-requests")
    _open(client, req_uri, text)
    await _published(client, req_uri)
    await _every_request(client, req_uri, text)


async def test_ten_megabyte_package_py(client: LanguageClient):
    uri = "file://" + os.path.join(SRC, "big", "package.py")
    text = big_package_py(10)
    _open(client, uri, text)
    assert await _published(client, uri) == []
    await _every_request(client, uri, text)


async def test_a_file_typed_character_by_character(client: LanguageClient):
    """Replay TYPED as one-character incremental edits; the final diagnostics equal a fresh analysis."""
    uri = "file://" + os.path.join(SRC, "typed", "package.py")
    _open(client, uri, "")
    await _published(client, uri)
    line = col = 0
    for version, ch in enumerate(TYPED, start=2):
        at = types.Position(line=line, character=col)
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=ch)]))
        line, col = (line + 1, 0) if ch == "\n" else (line, col + 1)
        if version % 50 == 0:
            await asyncio.sleep(0.02)  # let some analyses start, so later edits cancel running ones
    expected = analyze_text("/x/package.py", TYPED, Workspace([REPO], Settings()), kind="package").findings
    want = [(f.code, f.range.start.line, f.range.start.character) for f in expected]
    for _ in range(40):
        got = [(d.code, d.range.start.line, d.range.start.character) for d in client.diagnostics.get(uri, ())]
        if got == want:
            break
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60)
    assert got == want
    await _every_request(client, uri, TYPED)


async def test_server_still_answers_a_normal_file(client: LanguageClient):
    uri = "file://" + os.path.join(SRC, "normal", "package.py")
    _open(client, uri, "name = 'n'\nversion = '1'\nrequires = ['pyton-3']\n")
    assert [d.code for d in await _published(client, uri)] == ["PYRER004"]
