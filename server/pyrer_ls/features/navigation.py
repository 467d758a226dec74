"""Go to definition and find references: analysis Locations as LSP Locations (each in its own file's columns)."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from lsprotocol import types
from pygls.uris import from_fs_path

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.model import Position
from pyrer_ls.analysis.navigation import Location, definition, family_at, references
from pyrer_ls.analysis.workspace import Workspace
from pyrer_ls.positions import Edge


def _to_lsp(locations: List[Location], edge: Edge) -> List[types.Location]:
    out = []
    for loc in locations:
        uri = from_fs_path(loc.path) or loc.path
        out.append(types.Location(uri=uri, range=edge.document(uri).to_client_range(loc.range)))
    return out


def goto_definition(analysis: Optional[Analysis], position: Position, ws: Optional[Workspace],
                    edge: Edge) -> List[types.Location]:
    """The package.py each context resolved the requirement under the cursor to (blocking: reads files)."""
    return _to_lsp(definition(analysis, position, ws), edge)


def find_references(analysis: Optional[Analysis], position: Position, open_docs: Dict[str, str],
                    roots: Sequence[str], globs: List[str], declaration: bool, edge: Edge) -> Optional[List[types.Location]]:
    """Every requirement naming the family under the cursor (blocking: scans the workspace folders)."""
    fam = family_at(analysis, position)
    return _to_lsp(references(fam, open_docs, roots, globs, declaration), edge) if fam else None
