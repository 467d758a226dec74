"""Completion feature: analysis candidates as LSP CompletionItems (snippets for field names when the client takes them)."""

from __future__ import annotations

from lsprotocol import types

from typing import Optional

from pyrer_ls.analysis.completion import Candidate, Completions, complete
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


def _item(c: Candidate, snippets: bool) -> types.CompletionItem:
    text, fmt = c.new_text, types.InsertTextFormat.PlainText
    if c.snippet and snippets:
        text, fmt = c.snippet, types.InsertTextFormat.Snippet
    return types.CompletionItem(
        label=c.label, kind=_KINDS[c.kind], detail=c.detail, sort_text=c.sort_text, filter_text=c.label,
        documentation=c.documentation, insert_text_format=fmt,
        text_edit=types.TextEdit(range=to_lsp_range(c.range), new_text=text),
        label_details=types.CompletionItemLabelDetails(description=c.detail) if c.kind == "version" else None,
    )


def completions(text: str, kind: str, position: types.Position, ws: Optional[Workspace], snippets: bool) -> types.CompletionList:
    """The completion list at a position (blocking: may solve; run it off the event loop)."""
    found: Completions = complete(text, kind, Position(position.line, position.character), ws)
    return types.CompletionList(is_incomplete=found.incomplete, items=[_item(c, snippets) for c in found.items])
