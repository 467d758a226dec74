"""Completion feature: analysis candidates as LSP CompletionItems (snippets for field names when the client takes them)."""

from __future__ import annotations

from lsprotocol import types

from typing import Optional

from pyrer_ls.analysis.completion import Candidate, Completions, check_version, complete
from pyrer_ls.analysis.model import Position
from pyrer_ls.analysis.workspace import Workspace
from pyrer_ls.features.diagnostics import to_lsp_range

TRIGGER_CHARACTERS = ['"', "'", "-", ".", "=", ">", "<", "~", "!"]
_KINDS = {"family": types.CompletionItemKind.Module, "version": types.CompletionItemKind.Value,
          "field": types.CompletionItemKind.Field}


def snippets_supported(ls) -> bool:
    caps = ls.client_capabilities.text_document
    item = caps.completion.completion_item if caps and caps.completion else None
    return bool(item and item.snippet_support)


def _item(c: Candidate, snippets: bool, data: Optional[dict] = None) -> types.CompletionItem:
    text, fmt = c.new_text, types.InsertTextFormat.PlainText
    if c.snippet and snippets:
        text, fmt = c.snippet, types.InsertTextFormat.Snippet
    return types.CompletionItem(data=data,
        label=c.label, kind=_KINDS[c.kind], detail=c.detail, sort_text=c.sort_text, filter_text=c.label,
        documentation=c.documentation, insert_text_format=fmt,
        text_edit=types.TextEdit(range=to_lsp_range(c.range), new_text=text),
        label_details=types.CompletionItemLabelDetails(description=c.detail) if c.kind == "version" else None,
    )


def completions(uri: str, text: str, kind: str, position: types.Position, ws: Optional[Workspace],
                snippets: bool) -> types.CompletionList:
    """The completion list at a position (blocking: may solve; run it off the event loop).

    A version left unmarked carries where it was asked for, so completionItem/resolve can check it.
    """
    found: Completions = complete(text, kind, Position(position.line, position.character), ws)
    where = {"uri": uri, "line": position.line, "character": position.character}
    return types.CompletionList(is_incomplete=found.incomplete, items=[
        _item(c, snippets, dict(where, version=c.label) if c.kind == "version" and c.resolves is None else None)
        for c in found.items])


def item_uri(item: types.CompletionItem) -> Optional[str]:
    """The document an unmarked version item came from, if it is one."""
    data = item.data
    return data.get("uri") if isinstance(data, dict) and isinstance(data.get("uri"), str) else None


def resolve_item(item: types.CompletionItem, text: str, kind: str, ws: Optional[Workspace]) -> types.CompletionItem:
    """Mark an unmarked version item by solving (blocking)."""
    data = item.data
    try:
        pos, version = Position(int(data["line"]), int(data["character"])), str(data["version"])
    except (KeyError, TypeError, ValueError):
        return item
    found = check_version(text, kind, pos, version, ws)
    if found is not None and found.resolves is not None:
        item.detail = found.detail
        item.label_details = types.CompletionItemLabelDetails(description=found.detail)
    return item
