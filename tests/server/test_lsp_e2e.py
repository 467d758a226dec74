"""End to end over stdio with pytest-lsp (VS Code's client capabilities): a diagnostic, a hover, an edit that clears it."""

from __future__ import annotations

import asyncio
import os
import tempfile

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp_session import module_client, open_document
from tests.server.repo_builder import BASIC, make_repo

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = tempfile.mkdtemp(prefix="pyrer-ls-e2e-")
REPO = make_repo(os.path.join(ROOT, "repo"), BASIC)
SRC = os.path.join(ROOT, "src")
os.makedirs(SRC, exist_ok=True)
BAD = 'name = "mine"\nversion = "1.0"\nrequires = ["foo", "pyton-3"]\n'
GOOD = 'name = "mine"\nversion = "1.0"\nrequires = ["foo", "python-3"]\n'


client = module_client(SRC, [REPO])


async def _open(client: LanguageClient, name: str, text: str) -> str:
    return await open_document(client, os.path.join(SRC, name), text)


async def _wait_for_codes(client: LanguageClient, uri: str, codes: list, tries: int = 20) -> list:
    """Wait through publishes (other open documents publish too) until `uri` shows `codes`."""
    for _ in range(tries):
        got = [d.code for d in client.diagnostics.get(uri, [])]
        if got == codes:
            return got
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10)
    return [d.code for d in client.diagnostics.get(uri, [])]


async def test_diagnostic_hover_and_fix(client: LanguageClient):
    uri = await _open(client, "package.py", BAD)
    diags = client.diagnostics[uri]
    assert [(d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in diags] == [
        ("PYRER004", 2, 20, 27)]
    assert "did you mean 'python'" in diags[0].message

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=14)))
    assert hover is not None
    assert "**runtime**: foo-1.0" in hover.contents.value
    assert "Versions in range: 1.0" in hover.contents.value

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=GOOD)]))
    assert await _wait_for_codes(client, uri, []) == []


async def test_request_list_conflict(client: LanguageClient):
    uri = await _open(client, "shots.rez-requests", "# comp\nfoo bar\n")
    assert [(d.code, d.range.start.line, d.range.start.character) for d in client.diagnostics[uri]] == [
        ("PYRER006", 1, 0), ("PYRER006", 1, 4)]


async def test_watched_file_change_invalidates_cache(client: LanguageClient):
    uri = await _open(client, "new.rez-requests", "maya-2026\n")
    assert [d.code for d in client.diagnostics[uri]] == ["PYRER005"]
    path = make_repo(REPO, {"maya-2026.0": []}) and os.path.join(REPO, "maya", "2026.0", "package.py")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri="file://" + path, type=types.FileChangeType.Created)]))
    assert await _wait_for_codes(client, uri, []) == []
