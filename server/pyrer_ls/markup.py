"""Markup at the protocol edge: the analysis writes Markdown; a client that reads only plain text gets it without marks."""

from __future__ import annotations

import re
from typing import List, Optional, Sequence

from lsprotocol import types

MARKDOWN, PLAINTEXT = types.MarkupKind.Markdown, types.MarkupKind.PlainText

_STRONG = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_CODE = re.compile(r"`([^`]+)`")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*```")


def preferred_kind(offered: Optional[Sequence[str]]) -> types.MarkupKind:
    """The first of Markdown and plain text the client lists (by preference); Markdown when it lists neither."""
    for kind in offered or ():
        value = str(getattr(kind, "value", kind))
        if value == MARKDOWN.value:
            return MARKDOWN
        if value == PLAINTEXT.value:
            return PLAINTEXT
    return MARKDOWN


def _cells(row: str) -> List[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _table(rows: List[str]) -> List[str]:
    """A Markdown table as columns aligned with spaces."""
    cells = [_cells(r) for r in rows if not _TABLE_RULE.match(r)]
    widths = [max(len(c[i]) if i < len(c) else 0 for c in cells) for i in range(max(len(c) for c in cells))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]


def _inline(line: str) -> str:
    line = _STRONG.sub(lambda m: m.group(1) or m.group(2), line)
    return _CODE.sub(lambda m: m.group(1), line)


def plain_text(markdown: str) -> str:
    """The text of pyrer's Markdown without its marks: no `**`/backticks/fences, tables as aligned columns;
    list items keep their dashes."""
    out: List[str] = []
    table: List[str] = []
    for line in markdown.split("\n"):
        if line.lstrip().startswith("|"):
            table.append(line)
            continue
        if table:
            out += _table(table)
            table = []
        if _FENCE.match(line):
            continue
        out.append(_inline(line))
    if table:
        out += _table(table)
    return "\n".join(out)


def content(markdown: str, kind: types.MarkupKind) -> types.MarkupContent:
    """MarkupContent of `kind` for pyrer's Markdown."""
    if kind == PLAINTEXT:
        return types.MarkupContent(kind=PLAINTEXT, value=plain_text(markdown))
    return types.MarkupContent(kind=MARKDOWN, value=markdown)
