"""The server's extras for editor clients, over stdio: the `pyrer/status` notification and the `pyrer.reindex` command."""

from __future__ import annotations

import asyncio
import os
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp_session import initialize, server_config
from tests.server.repo_builder import BASIC, make_repo, package_py

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = tempfile.mkdtemp(prefix="pyrer-ls-status-")
REPO = make_repo(os.path.join(ROOT, "repo"), BASIC)
SRC = os.path.join(ROOT, "src")
os.makedirs(SRC, exist_ok=True)
STATUS = []


@pytest_lsp.fixture(
    loop_scope="module",
    config=server_config(),
)
async def client(lsp_client: LanguageClient):
    @lsp_client.feature("pyrer/status")
    def on_status(params):
        STATUS.append(params)

    result = await initialize(lsp_client, SRC, [REPO], statusNotifications=True)
    lsp_client.server_info = result
    yield
    await lsp_client.shutdown_session()


async def _codes(client: LanguageClient, uri: str, want: list, timeout: float = 20) -> list:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        got = [d.code for d in client.diagnostics.get(uri, [])]
        if got == want:
            break
        await asyncio.sleep(0.05)
    return got


def _done(uri: str) -> list:
    return [s for s in STATUS if s.uri == uri and s.state == "done"]


async def test_status_follows_each_check(client: LanguageClient):
    uri = "file://" + os.path.join(SRC, "package.py")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="python", version=1, text=package_py("mine", "1.0", ["foo", "bar"]))))
    assert await _codes(client, uri, ["PYRER006", "PYRER006"]) == ["PYRER006", "PYRER006"]
    for _ in range(100):
        if _done(uri):
            break
        await asyncio.sleep(0.05)
    states = [s.state for s in STATUS if s.uri == uri]
    assert states[:2] == ["checking", "done"]
    done = _done(uri)[0]
    assert done.contexts == 2 and done.errors == 2  # runtime and build, one PYRER006 on each requirement
    assert done.solveMs >= 0 and done.analysisMs >= done.solveMs


async def test_reindex_command_finds_new_families(client: LanguageClient):
    commands = client.server_info.capabilities.execute_command_provider.commands
    assert "pyrer.reindex" in commands
    uri = "file://" + os.path.join(SRC, "other.rez-requests")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="rez-requests", version=1, text="newfam\n")))
    assert await _codes(client, uri, ["PYRER004"]) == ["PYRER004"]
    make_repo(REPO, {"newfam-1.0": []})  # no file event is sent: only a re-index finds it
    answer = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="pyrer.reindex"))
    assert answer["families"] == len({k.split("-", 1)[0] for k in BASIC}) + 1
    assert answer["paths"] == [REPO]
    assert await _codes(client, uri, []) == []
