"""Hover feature: the analysis' Markdown for a position, as an LSP Hover."""

from __future__ import annotations

from typing import Optional

from lsprotocol import types

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.hover import hover_at
from pyrer_ls.analysis.model import Position
from pyrer_ls.features.diagnostics import to_lsp_range


def hover(analysis: Optional[Analysis], position: types.Position) -> Optional[types.Hover]:
    if analysis is None:
        return None
    found = hover_at(analysis, Position(position.line, position.character))
    if found is None:
        return None
    rng, text = found
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=to_lsp_range(rng) if rng else None)
