"""Document symbols feature: the analysis outline as nested LSP DocumentSymbols."""

from __future__ import annotations

from typing import List

from lsprotocol import types

from pyrer_ls.analysis.symbols import Symbol, document_symbols
from pyrer_ls.positions import DocumentColumns

_KINDS = {"field": types.SymbolKind.Field, "function": types.SymbolKind.Function,
          "variable": types.SymbolKind.Variable, "requirement": types.SymbolKind.String,
          "variant": types.SymbolKind.Array, "test": types.SymbolKind.Method, "line": types.SymbolKind.Array}


def _to_lsp(symbols: List[Symbol], columns: DocumentColumns) -> List[types.DocumentSymbol]:
    return [types.DocumentSymbol(name=s.name, kind=_KINDS[s.kind], range=columns.to_client_range(s.range),
                                 selection_range=columns.to_client_range(s.selection), detail=s.detail,
                                 children=_to_lsp(s.children, columns) if s.children else None) for s in symbols]


def outline(text: str, kind: str, columns: DocumentColumns) -> List[types.DocumentSymbol]:
    return _to_lsp(document_symbols(text, kind), columns)
