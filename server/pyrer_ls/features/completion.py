"""Completion feature: analysis candidates as LSP CompletionItems (snippets for field names when the client takes them;
documentation in the client's markup; ranges in its position encoding)."""

from __future__ import annotations

from typing import Optional

from lsprotocol import types

import pyrer

from pyrer_ls.analysis.completion import Candidate, Completions, check_version, complete
from pyrer_ls.analysis.model import Position
from pyrer_ls.analysis.workspace import Workspace
from pyrer_ls.markup import content, preferred_kind
from pyrer_ls.positions import DocumentColumns

TRIGGER_CHARACTERS = ['"', "'", "-", ".", "=", ">", "<", "~", "!"]
_KINDS = {"family": types.CompletionItemKind.Module, "version": types.CompletionItemKind.Value,
          "field": types.CompletionItemKind.Field}


def _item_caps(ls):
    caps = ls.client_capabilities.text_document
    return caps.completion.completion_item if caps and caps.completion else None


def snippets_supported(ls) -> bool:
    item = _item_caps(ls)
    return bool(item and item.snippet_support)


def documentation_kind(ls) -> types.MarkupKind:
    """The markup the client reads in completion documentation (`completionItem.documentationFormat`)."""
    item = _item_caps(ls)
    return preferred_kind(item.documentation_format if item else None)


def _documentation(c: Candidate, kind: types.MarkupKind) -> Optional[types.MarkupContent]:
    if not c.documentation:
        return None
    if c.kind == "field":
        return content("**%s**: %s" % (c.label, c.documentation), kind)
    return content(c.documentation, kind)


def _item(c: Candidate, snippets: bool, docs: types.MarkupKind, columns: DocumentColumns,
          data: Optional[dict] = None) -> types.CompletionItem:
    text, fmt = c.new_text, types.InsertTextFormat.PlainText
    if c.snippet and snippets:
        text, fmt = c.snippet, types.InsertTextFormat.Snippet
    return types.CompletionItem(data=data,
        label=c.label, kind=_KINDS[c.kind], detail=c.detail, sort_text=c.sort_text, filter_text=c.label,
        documentation=_documentation(c, docs), insert_text_format=fmt,
        text_edit=types.TextEdit(range=columns.to_client_range(c.range), new_text=text),
        label_details=types.CompletionItemLabelDetails(description=c.detail) if c.kind == "version" else None,
    )


def completions(uri: str, text: str, kind: str, position: types.Position, ws: Optional[Workspace],
                snippets: bool, docs: types.MarkupKind, columns: DocumentColumns,
                token: Optional[pyrer.CancelToken] = None) -> types.CompletionList:
    """The completion list at a position (blocking: may solve; run it off the event loop). A newer edit cancels
    `token`: the versions not checked by then stay unmarked.

    A version left unmarked carries where it was asked for (in the analysis' columns), so completionItem/resolve
    can check it.
    """
    pos = columns.from_client(position)
    found: Completions = complete(text, kind, pos, ws, token=token)
    where = {"uri": uri, "line": pos.line, "character": pos.character}
    return types.CompletionList(is_incomplete=found.incomplete, items=[
        _item(c, snippets, docs, columns, dict(where, version=c.label) if c.kind == "version" and c.resolves is None else None)
        for c in found.items])


def item_uri(item: types.CompletionItem) -> Optional[str]:
    """The document an unmarked version item came from, if it is one."""
    data = item.data
    return data.get("uri") if isinstance(data, dict) and isinstance(data.get("uri"), str) else None


def resolve_item(item: types.CompletionItem, text: str, kind: str, ws: Optional[Workspace],
                 token: Optional[pyrer.CancelToken] = None) -> types.CompletionItem:
    """Mark an unmarked version item by solving (blocking); left as it is when a newer edit cancels `token`."""
    data = item.data
    try:
        pos, version = Position(int(data["line"]), int(data["character"])), str(data["version"])
    except (KeyError, TypeError, ValueError):
        return item
    found = check_version(text, kind, pos, version, ws, token=token)
    if found is not None and found.resolves is not None:
        item.detail = found.detail
        item.label_details = types.CompletionItemLabelDetails(description=found.detail)
    return item
