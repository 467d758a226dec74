"""Code lens feature: resolve summaries as LSP CodeLenses whose command shows the resolve (pyrer.showResolve)."""

from __future__ import annotations

from typing import List, Optional

from lsprotocol import types

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.lens import SHOW_IMPACT, SHOW_RESOLVE, code_lenses, resolve_line, resolve_text, shown  # noqa: F401
from pyrer_ls.positions import DocumentColumns


def lenses(uri: str, analysis: Optional[Analysis], columns: DocumentColumns) -> List[types.CodeLens]:
    """Resolve summaries above the fields (or lines) they are about; each runs pyrer.showResolve."""
    return [types.CodeLens(range=columns.to_client_range(lens.range), command=types.Command(
        title=lens.title, command=SHOW_RESOLVE, arguments=[uri, lens.labels])) for lens in code_lenses(analysis)]


def show_resolve(ls, analysis: Optional[Analysis], labels: List[str]) -> dict:
    """Send the resolve as a notification (one line) and to the log (in full); return the full text too."""
    text = resolve_text(analysis, labels)
    ls.window_log_message(types.LogMessageParams(type=types.MessageType.Info, message=text))
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=resolve_line(analysis, labels)))
    return {"text": text}


def changed(previous: Optional[Analysis], current: Analysis) -> bool:
    """Whether lenses and inlay hints of an earlier analysis of the document are out of date."""
    return previous is not None and shown(previous) != shown(current)
