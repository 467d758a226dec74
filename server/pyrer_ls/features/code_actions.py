"""Code actions feature: the analysis' fixes as LSP CodeActions with exact WorkspaceEdits, computed off the event loop."""

from __future__ import annotations

import asyncio
from typing import Dict, List, Optional, Tuple

from lsprotocol import types

from pyrer_ls.analysis.fixes import QUICKFIX, REWRITE, SORT, Fix, code_actions
from pyrer_ls.analysis.model import Position, Range
from pyrer_ls.features.diagnostics import to_lsp_range

KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite, SORT]
_LSP_KIND = {QUICKFIX: types.CodeActionKind.QuickFix, REWRITE: types.CodeActionKind.RefactorRewrite}


def _range(r: types.Range) -> Range:
    return Range(Position(r.start.line, r.start.character), Position(r.end.line, r.end.character))


def _by_code_and_range(diagnostics: List[types.Diagnostic]) -> Dict[Tuple, List[types.Diagnostic]]:
    """The client's diagnostics by (code, range): one lookup per fix, even with 10,000 of them."""
    out: Dict[Tuple, List[types.Diagnostic]] = {}
    for d in diagnostics:
        out.setdefault((d.code, _range(d.range)), []).append(d)
    return out


def to_code_action(fix: Fix, uri: str, client_diagnostics: Dict[Tuple, List[types.Diagnostic]]) -> types.CodeAction:
    fixed = client_diagnostics.get((fix.code, fix.diagnostic_range), []) if fix.code is not None else []
    edits = [types.TextEdit(range=to_lsp_range(e.range), new_text=e.new_text) for e in fix.edits]
    return types.CodeAction(title=fix.title, kind=_LSP_KIND.get(fix.kind, fix.kind),
                            diagnostics=fixed or None, is_preferred=fix.preferred or None,
                            edit=types.WorkspaceEdit(changes={uri: edits}))


async def actions(ls, params: types.CodeActionParams) -> Optional[List[types.CodeAction]]:
    """textDocument/codeAction for the latest analysis of the document (solves run in the server's executor)."""
    uri = params.text_document.uri
    analysis = await ls.latest(uri)
    if analysis is None:
        return None
    text = ls.workspace.get_text_document(uri).source
    only = [str(k.value if hasattr(k, "value") else k) for k in params.context.only] if params.context.only else None
    fixes = await asyncio.get_running_loop().run_in_executor(
        ls.executor, lambda: code_actions(analysis, text, ls.repo_ws, _range(params.range), only))
    diagnostics = _by_code_and_range(list(params.context.diagnostics))
    return [to_code_action(f, uri, diagnostics) for f in fixes]
