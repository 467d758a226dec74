"""pytest-lsp test clients answer the refresh requests a real editor answers (inlay hints, code lenses)."""

from __future__ import annotations

from lsprotocol import types
from pytest_lsp.client import LanguageClient, default_feature


def _record(client: LanguageClient, what: str) -> None:
    if not hasattr(client, "refreshes"):
        client.refreshes = []
    client.refreshes.append(what)


@default_feature(types.WORKSPACE_INLAY_HINT_REFRESH)
def inlay_hint_refresh(client: LanguageClient, params: None) -> None:
    _record(client, "inlay hints")


@default_feature(types.WORKSPACE_CODE_LENS_REFRESH)
def code_lens_refresh(client: LanguageClient, params: None) -> None:
    _record(client, "code lenses")
