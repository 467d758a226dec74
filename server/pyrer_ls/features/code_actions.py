"""Code actions feature: the analysis' fixes as LSP CodeActions with exact WorkspaceEdits, computed off the event loop."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from lsprotocol import types

from pyrer_ls.analysis.fixes import QUICKFIX, REWRITE, SORT, Fix, code_actions
from pyrer_ls.analysis.model import Range
from pyrer_ls.analysis.workspace import Cancelled
from pyrer_ls.positions import DocumentColumns

KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite, SORT]
_LSP_KIND = {QUICKFIX: types.CodeActionKind.QuickFix, REWRITE: types.CodeActionKind.RefactorRewrite}


def _by_code_and_range(diagnostics: List[types.Diagnostic], columns: DocumentColumns) -> Dict[Tuple, List[types.Diagnostic]]:
    """The client's diagnostics by (code, range in the analysis' columns): one lookup per fix, even with 10,000 of them."""
    out: Dict[Tuple, List[types.Diagnostic]] = {}
    for d in diagnostics:
        out.setdefault((d.code, columns.from_client_range(d.range)), []).append(d)
    return out


def to_code_action(fix: Fix, uri: str, client_diagnostics: Dict[Tuple, List[types.Diagnostic]],
                   columns: DocumentColumns) -> types.CodeAction:
    fixed = client_diagnostics.get((fix.code, fix.diagnostic_range), []) if fix.code is not None else []
    edits = [types.TextEdit(range=columns.to_client_range(e.range), new_text=e.new_text) for e in fix.edits]
    return types.CodeAction(title=fix.title, kind=_LSP_KIND.get(fix.kind, fix.kind),
                            diagnostics=fixed or None, is_preferred=fix.preferred or None,
                            edit=types.WorkspaceEdit(changes={uri: edits}))


async def actions(ls, params: types.CodeActionParams) -> Optional[List[types.CodeAction]]:
    """textDocument/codeAction for the latest analysis of the document (solves run off the event loop); none when the
    document is edited again meanwhile (its next edit stops the solves checking the fixes)."""
    uri = params.text_document.uri
    analysis = await ls.latest(uri)
    if analysis is None:
        return None
    text = ls.workspace.get_text_document(uri).source
    columns = ls.edge().document(uri, text)
    rng = columns.from_client_range(params.range)
    only = [str(k.value if hasattr(k, "value") else k) for k in params.context.only] if params.context.only else None
    with ls.scheduler.request_token(uri) as token:
        try:
            fixes = await ls.off_loop(lambda: code_actions(analysis, text, ls.repo_ws, rng, only, token=token))
        except Cancelled:
            return None
    diagnostics = _by_code_and_range(list(params.context.diagnostics), columns)
    return [to_code_action(f, uri, diagnostics, columns) for f in fixes]
