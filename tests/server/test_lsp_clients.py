"""End to end over stdio, once per client profile: push (VS Code, Neovim 0.7) and pull (Neovim 0.11) diagnostics,
every diagnostic kind, hover, a dependency edit re-checking its dependent, files changed on disk, progress."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp_session import initialize, server_config
from tests.server.repo_builder import BASIC, make_repo, package_py

pytestmark = pytest.mark.asyncio(loop_scope="module")

# "pull": Neovim 0.11's capabilities plus refresh support (the server pulls only with clients that have both);
# Neovim 0.11 as captured (pull without refresh) is served by pushes.
PROFILES = ["visual-studio-code", "neovim@v0.7.0", "neovim@v0.11.0", "pull"]


def capabilities(profile: str) -> types.ClientCapabilities:
    if profile != "pull":
        return client_capabilities(profile)
    caps = client_capabilities("neovim@v0.11.0")
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    return caps

# one package.py per diagnostic kind: (file text, expected codes)
KINDS = {
    "syntax": ('name = "x"\nrequires = ["foo",\n', ["PYRER001"]),
    "invalid_requirement": ('name = "x"\nrequires = ["foo--1"]\n', ["PYRER002"]),
    "invalid_version": ('name = "x"\nversion = "1..2"\n', ["PYRER003"]),
    "unknown_family": ('name = "x"\nrequires = ["pyton"]\n', ["PYRER004"]),
    "no_version": ('name = "x"\nrequires = ["maya-2030"]\n', ["PYRER005"]),
    "conflict": ('name = "x"\nrequires = ["foo", "bar"]\n', ["PYRER006", "PYRER006"]),
    "cycle": ('name = "x"\nrequires = ["cyca"]\n', ["PYRER007"]),
    "variant_conflict": ('name = "x"\nrequires = ["python-3.9"]\nvariants = [["python-3.11"]]\n', ["PYRER008"]),
    "not_static": ('name = "x"\n@early()\ndef requires():\n    return []\n', ["PYRER009"]),
    "deep_error": ('name = "x"\nrequires = ["deep"]\n', ["PYRER010"]),
    "bad_field": ('name = "x"\nrequires = "foo"\n', ["PYRER011"]),
}


class Session:
    """One client session: its profile, folders, and mode-independent access to diagnostics."""

    def __init__(self, client: LanguageClient, profile: str, root: str) -> None:
        self.client, self.profile, self.root = client, profile, root
        self.repo = os.path.join(root, "repo")
        self.src = os.path.join(root, "src")
        self.pull = profile == "pull"

    async def diagnostics(self, uri: str) -> list:
        if self.pull:
            report = await self.client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri=uri)))
            return list(report.items)
        return list(self.client.diagnostics.get(uri, []))

    async def codes(self, uri: str, want: list, timeout: float = 20) -> list:
        """Poll (pull) or wait through publishes (push) until `uri` shows `want`, or time out."""
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        got = None
        while loop.time() < end:
            got = sorted(d.code for d in await self.diagnostics(uri))
            if got == sorted(want):
                return got
            await asyncio.sleep(0.1)
        return got

    async def open(self, path: str, text: str) -> str:
        uri = "file://" + path
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
        return uri

    def change(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


@pytest_lsp.fixture(
    loop_scope="module",
    params=PROFILES,
    config=server_config(),
)
async def client(lsp_client: LanguageClient, request):
    profile = request.param
    root = tempfile.mkdtemp(prefix="pyrer-ls-clients-")
    make_repo(os.path.join(root, "repo"), BASIC)
    os.makedirs(os.path.join(root, "src"))

    result = await initialize(lsp_client, os.path.join(root, "src"), [os.path.join(root, "repo")], capabilities(profile))
    assert (result.capabilities.diagnostic_provider is not None) == (profile == "pull")
    lsp_client.session = Session(lsp_client, profile, root)  # pytest-lsp yields the client itself
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(root, ignore_errors=True)


async def test_every_diagnostic_kind(client: LanguageClient):
    session: Session = client.session
    uris = {}
    for kind, (text, _codes) in KINDS.items():
        folder = os.path.join(session.src, kind)
        os.makedirs(folder, exist_ok=True)
        uris[kind] = await session.open(os.path.join(folder, "package.py"), text)
    for kind, (_text, codes) in KINDS.items():
        assert await session.codes(uris[kind], codes) == sorted(codes), kind


async def test_hover_and_edit_clearing_an_error(client: LanguageClient):
    session: Session = client.session
    uri = await session.open(os.path.join(session.src, "package.py"), 'name = "mine"\nrequires = ["foo", "pyton-3"]\n')
    assert await session.codes(uri, ["PYRER004"]) == ["PYRER004"]
    hover = await session.client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=14)))
    assert hover is not None and "foo-1.0" in hover.contents.value
    session.change(uri, 2, 'name = "mine"\nrequires = ["foo", "python-3"]\n')
    assert await session.codes(uri, []) == []


async def test_editing_a_dependency_rechecks_its_dependent(client: LanguageClient):
    session: Session = client.session
    dependent = await session.open(os.path.join(session.src, "shot.rez-requests"), "maya-2024\n")
    assert await session.codes(dependent, []) == []
    dep_path = os.path.join(session.repo, "maya", "2024.0", "package.py")
    dep = await session.open(dep_path, package_py("maya", "2024.0", ["python-3.9"]))
    session.change(dep, 2, package_py("maya", "2024.0", ["nosuch"]))  # unsaved buffer replaces the file
    assert await session.codes(dependent, ["PYRER010"]) == ["PYRER010"]
    session.change(dep, 3, package_py("maya", "2024.0", ["python-3.9"]))
    assert await session.codes(dependent, []) == []


async def test_file_changed_on_disk(client: LanguageClient):
    session: Session = client.session
    uri = await session.open(os.path.join(session.src, "disk.rez-requests"), "houdini\n")
    assert await session.codes(uri, ["PYRER004"]) == ["PYRER004"]
    await asyncio.sleep(1.0)  # the server's own watcher starts right after `initialized`; let it settle
    make_repo(session.repo, {"houdini-20.0": []})
    if session.profile == "visual-studio-code":  # VS Code watches files for the server; Neovim does not
        path = os.path.join(session.repo, "houdini", "20.0", "package.py")
        session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri="file://" + path, type=types.FileChangeType.Created)]))
    assert await session.codes(uri, []) == []


async def test_indexing_progress_reported(client: LanguageClient):
    session: Session = client.session

    def reports():
        return [r for values in session.client.progress_reports.values() for r in values]

    for _ in range(100):  # initialize_session does not wait for the work done after `initialized`
        if any(isinstance(r, types.WorkDoneProgressEnd) for r in reports()):
            break
        await asyncio.sleep(0.1)
    assert any(isinstance(r, types.WorkDoneProgressBegin) and "indexing" in r.title for r in reports())
    assert any(isinstance(r, types.WorkDoneProgressEnd) and "families" in (r.message or "") for r in reports())
