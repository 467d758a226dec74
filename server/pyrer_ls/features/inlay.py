"""Inlay hints feature: the resolved version after each requirement, as LSP InlayHints."""

from __future__ import annotations

from typing import List, Optional

from lsprotocol import types

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.inlay import inlay_hints
from pyrer_ls.analysis.text import split_lines
from pyrer_ls.positions import DocumentColumns


def hints(analysis: Optional[Analysis], text: str, within: types.Range, columns: DocumentColumns) -> List[types.InlayHint]:
    """The resolved-version hints of the requirements within a range of the document."""
    found = inlay_hints(analysis, split_lines(text), columns.from_client_range(within))
    return [types.InlayHint(position=columns.to_client(h.position), label=h.label, padding_left=True, tooltip=h.tooltip)
            for h in found]
