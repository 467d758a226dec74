"""Protocol details over stdio: markup kinds, the exit status, opt-in notifications, rootUri/rootPath as the workspace,
and file watching when the client refuses, narrows or is told not to do it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import captured_exception_key

from tests.lsp_session import open_document, server_config
from tests.server.repo_builder import BASIC, make_repo

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(loop_scope="module", config=server_config())
async def lsp(lsp_client: LanguageClient):
    """A started server the test initializes itself (each with its own capabilities and folders)."""
    yield
    await lsp_client.shutdown_session()


def _folders(tmp: str) -> tuple:
    repo = make_repo(os.path.join(tmp, "repo"), BASIC)  # outside the workspace below
    src = os.path.join(tmp, "src")
    os.makedirs(os.path.join(src, "pkg"))
    return repo, src


async def _init(client: LanguageClient, caps: types.ClientCapabilities, src: str, repo: str, folders: bool = True,
                refuse: bool = False, **settings) -> types.InitializeResult:
    """initialize with `src` as the workspace (as a folder, or as rootUri only) and `repo` as the packages path;
    `refuse`: client/registerCapability answers with an error (an unknown method), else it is accepted and recorded."""
    client.registrations = []

    def accept(params: types.RegistrationParams) -> None:
        client.registrations.append(params)

    if not refuse:
        client.feature(types.CLIENT_REGISTER_CAPABILITY)(accept)
    client.feature(types.CLIENT_UNREGISTER_CAPABILITY)(lambda params: None)
    return await client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri="file://" + src,
        workspace_folders=[types.WorkspaceFolder(uri="file://" + src, name="src")] if folders else None,
        initialization_options={"pyrer": {"packagesPath": [repo], **settings}}))


async def _codes(client: LanguageClient, uri: str, want: list, timeout: float = 20) -> list:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    got = None
    while loop.time() < end:
        got = sorted(d.code for d in client.diagnostics.get(uri, []))
        if got == sorted(want):
            break
        await asyncio.sleep(0.05)
    return got


def _caps(hover=None, docs=None, watch=None) -> types.ClientCapabilities:
    caps = client_capabilities("visual-studio-code")
    if hover is not None:
        caps.text_document.hover.content_format = hover
    if docs is not None:
        caps.text_document.completion.completion_item.documentation_format = docs
    if watch is not None:
        caps.workspace.did_change_watched_files = watch
    return caps


# --- markup --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("offered,kind", [
    (["plaintext"], "plaintext"),  # ALE, eglot without markdown-mode
    (["markdown", "plaintext"], "markdown"),
    (["plaintext", "markdown"], "plaintext"),
])
async def test_hover_and_completion_documentation_in_the_clients_markup(lsp: LanguageClient, offered, kind, tmp_path):
    repo, src = _folders(str(tmp_path))
    await _init(lsp, _caps(hover=offered, docs=offered), src, repo)
    uri = await open_document(lsp, os.path.join(src, "pkg", "package.py"), 'name = "x"\nrequires = ["foo", "maya"]\nbu')
    hover = await lsp.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=14)))
    assert hover.contents.kind == kind
    assert "foo-1.0" in hover.contents.value
    assert ("**" in hover.contents.value) == (kind == "markdown")
    found = await lsp.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=2, character=2)))
    docs = next(i.documentation for i in found.items if i.label == "build_requires")
    assert docs.kind == kind and "requirements added when building" in docs.value
    assert ("**" in docs.value) == (kind == "markdown")


# --- exit status -----------------------------------------------------------------------------------------------------
def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@pytest.mark.parametrize("shutdown,status", [(True, 0), (False, 1)])
async def test_exit_status(shutdown, status):
    """LSP: `exit` ends the server with 0 after a `shutdown` request, else with 1."""
    data = _frame({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    data += _frame({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    if shutdown:
        data += _frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    data += _frame({"jsonrpc": "2.0", "method": "exit"})
    done = subprocess.run([sys.executable, "-m", "pyrer_ls"], input=data, capture_output=True, timeout=60,
                          env={**os.environ, "REZ_PACKAGES_PATH": ""})
    assert done.returncode == status, done.stderr[-2000:]


# --- pyrer/status is opt-in ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("opt_in", [False, True])
async def test_status_notification_only_for_clients_that_opt_in(lsp: LanguageClient, opt_in, tmp_path):
    seen = []
    lsp.feature("pyrer/status")(lambda params: seen.append(params))
    repo, src = _folders(str(tmp_path))
    await _init(lsp, _caps(), src, repo, **({"statusNotifications": True} if opt_in else {}))
    uri = await open_document(lsp, os.path.join(src, "pkg", "package.py"), 'name = "x"\nrequires = ["foo"]\n')
    assert await _codes(lsp, uri, []) == []
    for _ in range(40):
        if seen or not opt_in:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    assert bool(seen) == opt_in


# --- the workspace: folders, or rootUri alone ------------------------------------------------------------------------
@pytest.mark.parametrize("folders", [True, False])
async def test_root_uri_counts_as_the_workspace_folder(lsp: LanguageClient, folders, tmp_path):
    """A workspace that is itself a repository is put first in the packages path, whether the client sends it
    as a workspace folder (VS Code) or only as rootUri (lsp-mode)."""
    repo, _src = _folders(str(tmp_path))
    workspace = make_repo(str(tmp_path / "studio-repo"), {"houdini-20.0": []})
    await _init(lsp, _caps(), workspace, repo, folders=folders)
    answer = await lsp.workspace_execute_command_async(types.ExecuteCommandParams(command="pyrer.reindex"))
    assert answer["paths"] == [workspace, repo]


# --- file watching ---------------------------------------------------------------------------------------------------
WATCH_CASES = {
    # client answers the registration with an error (eglot 1.9 on a RelativePattern): the server watches
    "refused": dict(watch=None, refuse=True, settings={}),
    # client takes only glob strings, so it watches its workspace only (eglot, lsp-mode): the packages path outside
    # it is the server's to watch
    "narrowed": dict(watch=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True), refuse=False,
                     settings={}),
    # VS Code would watch it, but the setting says the server watches
    "forced": dict(watch=None, refuse=False, settings={"fileWatcher": "server"}),
    # no file watching offered at all (Neovim)
    "none": dict(watch=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=False), refuse=False,
                 settings={}),
}


def _patterns(client: LanguageClient) -> list:
    """The glob patterns of the one file-watching registration the client got (as JSON)."""
    (registration,) = [r for p in client.registrations for r in p.registrations]
    options = registration.register_options
    return [w["globPattern"] for w in (options if isinstance(options, dict) else vars(options))["watchers"]]


@pytest.mark.parametrize("case", list(WATCH_CASES))
async def test_repository_change_seen_when_the_client_does_not_watch_it(lsp: LanguageClient, case, tmp_path):
    spec = WATCH_CASES[case]
    repo, src = _folders(str(tmp_path))
    await _init(lsp, _caps(watch=spec["watch"]), src, repo, refuse=spec["refuse"], **spec["settings"])
    uri = await open_document(lsp, os.path.join(src, "envs.rez-requests"), "houdini\n")
    assert await _codes(lsp, uri, ["PYRER004"]) == ["PYRER004"]
    await asyncio.sleep(1.0)  # the server's own watcher starts once the repositories are indexed
    make_repo(repo, {"houdini-20.0": []})  # no didChangeWatchedFiles comes from this client
    assert await _codes(lsp, uri, []) == []
    if case == "refused":  # the error answer was this test's intent, not a failure of the test client
        lsp._pytest_item.stash[captured_exception_key] = None
    if case == "narrowed":  # the client was asked only what it can do: a glob string, no RelativePattern
        assert _patterns(lsp) == ["**/package.py"]
    if case == "forced":
        assert lsp.registrations == []


async def test_client_that_watches_gets_a_relative_pattern_per_packages_path(lsp: LanguageClient, tmp_path):
    """VS Code (vscode-languageclient 8+) takes RelativePattern: it watches the packages path and tells the server."""
    repo, src = _folders(str(tmp_path))
    watch = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True, relative_pattern_support=True)
    await _init(lsp, _caps(watch=watch), src, repo)
    uri = await open_document(lsp, os.path.join(src, "envs.rez-requests"), "houdini\n")
    assert await _codes(lsp, uri, ["PYRER004"]) == ["PYRER004"]
    for _ in range(100):
        if lsp.registrations:
            break
        await asyncio.sleep(0.05)
    assert _patterns(lsp) == ["**/package.py", {"baseUri": "file://" + repo, "pattern": "**/package.py"}]
    make_repo(repo, {"houdini-20.0": []})
    lsp.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
        uri="file://" + os.path.join(repo, "houdini", "20.0", "package.py"), type=types.FileChangeType.Created)]))
    assert await _codes(lsp, uri, []) == []
