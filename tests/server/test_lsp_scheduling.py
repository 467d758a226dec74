"""Scheduling end to end over stdio at default settings, for a push client and a pull client: bursts of edits answered
for their final text, never an older text after a newer one, no refresh asked for the client's own edits."""

from __future__ import annotations

import asyncio
import os
import tempfile
from typing import List

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp_session import initialize, server_config
from tests.server.repo_builder import BASIC, make_repo

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = tempfile.mkdtemp(prefix="pyrer-ls-scheduling-")
REPO = make_repo(os.path.join(ROOT, "repo"), BASIC)
SRC = os.path.join(ROOT, "src")
os.makedirs(SRC, exist_ok=True)
BURST = 12


def version_text(version: int) -> str:
    """A package.py whose diagnostics tell which version they are for: `version` unknown families (each on a line
    with accents, an emoji and CJK text before it), plus a resolve that fails."""
    names = ", ".join('"nosuch%d"' % i for i in range(version))
    return 'name = "outil"\nversion = "1.0"\ndescription = "ébauche 🎬 草稿"\nrequires = ["foo", "bar", %s]\n' % names


def unknown(diagnostics) -> int:
    return sum(1 for d in diagnostics if d.code == "PYRER004")


def pull_capabilities() -> types.ClientCapabilities:
    caps = client_capabilities("neovim@v0.11.0")
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps


@pytest_lsp.fixture(loop_scope="module", params=["push", "pull"], config=server_config())
async def client(lsp_client: LanguageClient, request):
    lsp_client.mode = request.param
    lsp_client.published = []  # (uri, version, diagnostics) in the order they arrived

    def on_publish(params: types.PublishDiagnosticsParams):  # pytest-lsp's own keeps the last ones, without versions
        lsp_client.published.append((params.uri, params.version, params.diagnostics))
        lsp_client.diagnostics[params.uri] = params.diagnostics

    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish

    caps = pull_capabilities() if request.param == "pull" else client_capabilities("visual-studio-code")
    await initialize(lsp_client, SRC, [REPO], caps)
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, name: str) -> str:
    uri = "file://" + os.path.join(SRC, name, "package.py")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=version_text(1))))
    return uri


def change(client: LanguageClient, uri: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=version_text(version))]))


async def pull(client: LanguageClient, uri: str) -> list:
    report = await asyncio.wait_for(client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri))), 30)
    return list(report.items)


async def published_for(client: LanguageClient, uri: str, version: int) -> List[tuple]:
    """Every publish for `uri` once the one for `version` has arrived."""
    for _ in range(300):
        if any(u == uri and v == version for u, v, _d in client.published):
            break
        await asyncio.sleep(0.05)
    return [(v, d) for u, v, d in client.published if u == uri]


async def test_a_burst_is_answered_for_its_final_text(client: LanguageClient):
    uri = open_doc(client, "rafale")
    for version in range(2, BURST + 1):  # back to back: most of these are never analysed
        change(client, uri, version)
    if client.mode == "pull":
        assert unknown(await pull(client, uri)) == BURST
        return
    published = await published_for(client, uri, BURST)
    versions = [v for v, _d in published]
    assert versions[-1] == BURST and versions == sorted(set(versions))  # an older text never after a newer one
    assert all(unknown(d) == v for v, d in published)  # each publish is the analysis of its own version's text


async def test_stale_versions_are_never_answered_after_newer_ones(client: LanguageClient):
    uri = open_doc(client, "ordre")
    answers = []
    for version in range(2, BURST + 1):
        change(client, uri, version)
        if client.mode == "pull":
            answers.append((version, asyncio.ensure_future(pull(client, uri))))
        if version % 3 == 0:
            await asyncio.sleep(0.05)  # some analyses finish between keystrokes, others are overtaken
    if client.mode == "pull":
        got = [(sent, unknown(await fut)) for sent, fut in answers]
        assert all(answered >= sent for sent, answered in got)  # never the answer for a text older than the pull
        assert got[-1][1] == BURST
        return
    published = await published_for(client, uri, BURST)
    versions = [v for v, _d in published]
    assert versions[-1] == BURST and versions == sorted(set(versions))
    assert all(unknown(d) == v for v, d in published)


async def test_own_edits_ask_for_no_refresh(client: LanguageClient):
    if client.mode != "pull":
        pytest.skip("push clients are never asked to pull")
    uri = open_doc(client, "calme")
    await pull(client, uri)
    before = client.diagnostic_refresh_count
    for version in range(2, 6):
        change(client, uri, version)
        assert unknown(await pull(client, uri)) == version
    await asyncio.sleep(0.2)
    assert client.diagnostic_refresh_count == before  # the client pulls after its own edits by itself
