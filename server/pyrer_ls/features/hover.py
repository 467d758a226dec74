"""Hover feature: the analysis' Markdown for a position, as an LSP Hover in the client's markup and position encoding."""

from __future__ import annotations

from typing import Optional

from lsprotocol import types

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.hover import hover_at
from pyrer_ls.markup import content
from pyrer_ls.positions import DocumentColumns


def hover(analysis: Optional[Analysis], position: types.Position, columns: DocumentColumns,
          kind: types.MarkupKind) -> Optional[types.Hover]:
    if analysis is None:
        return None
    found = hover_at(analysis, columns.from_client(position))
    if found is None:
        return None
    rng, text = found
    return types.Hover(contents=content(text, kind), range=columns.to_client_range(rng) if rng else None)
