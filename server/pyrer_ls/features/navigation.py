"""Go to definition and find references: analysis Locations as LSP Locations."""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from lsprotocol import types
from pygls.uris import from_fs_path

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.model import Position
from pyrer_ls.analysis.navigation import Location, definition, family_at, references
from pyrer_ls.analysis.workspace import Workspace
from pyrer_ls.features.diagnostics import to_lsp_range


def _to_lsp(locations: List[Location]) -> List[types.Location]:
    return [types.Location(uri=from_fs_path(loc.path) or loc.path, range=to_lsp_range(loc.range)) for loc in locations]


def goto_definition(analysis: Optional[Analysis], position: types.Position, ws: Optional[Workspace]) -> List[types.Location]:
    """The package.py each context resolved the requirement under the cursor to (blocking: reads files)."""
    return _to_lsp(definition(analysis, Position(position.line, position.character), ws))


def find_references(analysis: Optional[Analysis], position: types.Position, open_docs: Dict[str, str],
                    roots: Sequence[str], globs: List[str], declaration: bool) -> Optional[List[types.Location]]:
    """Every requirement naming the family under the cursor (blocking: scans the workspace folders)."""
    fam = family_at(analysis, Position(position.line, position.character))
    return _to_lsp(references(fam, open_docs, roots, globs, declaration)) if fam else None
