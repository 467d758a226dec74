"""The language server as the pytest-lsp tests start it, and the session they open with it."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Optional, Sequence

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities


def server_config(**env: str) -> ClientServerConfig:
    """`python -m pyrer_ls` over stdio at its default settings (and `env` on top of this environment, without any
    PYRER_LS_DEBOUNCE of it)."""
    base = {k: v for k, v in os.environ.items() if k != "PYRER_LS_DEBOUNCE"}
    return ClientServerConfig(server_command=[sys.executable, "-m", "pyrer_ls"], server_env={**base, **env})


async def initialize(client: LanguageClient, src: str, packages_path: Sequence[str],
                     capabilities: Optional[types.ClientCapabilities] = None, **settings) -> types.InitializeResult:
    """Accept registrations as VS Code does, then initialize with `src` as the one workspace folder
    (`settings`: more of the `pyrer` section, e.g. resolveTimeBudget=5)."""
    if types.CLIENT_REGISTER_CAPABILITY not in client.protocol.fm.features:
        client.feature(types.CLIENT_REGISTER_CAPABILITY)(lambda params: None)
    return await client.initialize_session(types.InitializeParams(
        capabilities=capabilities or client_capabilities("visual-studio-code"),
        root_uri="file://" + src,
        workspace_folders=[types.WorkspaceFolder(uri="file://" + src, name=os.path.basename(src))],
        initialization_options={"pyrer": {"packagesPath": list(packages_path), **settings}},
    ))


async def open_document(client: LanguageClient, path: str, text: str, tries: int = 20) -> str:
    """didOpen `path` with `text` and wait until diagnostics for it are pushed (others publish too); its uri."""
    uri = "file://" + path
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)))
    for _ in range(tries):
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 20)
        if uri in client.diagnostics:
            break
    return uri


def module_client(src: str, packages_path: Sequence[str]):
    """A module-wide pytest-lsp `client` fixture: VS Code's capabilities, `src` as the workspace folder."""
    import pytest_lsp  # noqa: PLC0415 (only test modules that build a fixture need it)

    @pytest_lsp.fixture(loop_scope="module", config=server_config())
    async def client(lsp_client: LanguageClient):
        await initialize(lsp_client, src, packages_path)
        yield
        await lsp_client.shutdown_session()

    return client
