"""Inlay hints feature: the resolved version after each requirement, as LSP InlayHints."""

from __future__ import annotations

from typing import List, Optional

from lsprotocol import types

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.inlay import inlay_hints
from pyrer_ls.analysis.model import Position, Range


def hints(analysis: Optional[Analysis], text: str, within: types.Range) -> List[types.InlayHint]:
    """The resolved-version hints of the requirements within a range of the document."""
    rng = Range(Position(within.start.line, within.start.character), Position(within.end.line, within.end.character))
    found = inlay_hints(analysis, [line.rstrip("\r") for line in text.split("\n")], rng)
    return [types.InlayHint(position=types.Position(line=h.position.line, character=h.position.character),
                            label=h.label, padding_left=True, tooltip=h.tooltip) for h in found]
