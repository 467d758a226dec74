"""Who allows package.py code to be evaluated by rez (in the evaluation worker): which files, and how to allow the others.

Two consents, given separately:
- repository packages: packages on the configured packages paths (rez's `packages_path`, or the paths a setting
  or flag names), which `rez env` would load and evaluate anyway. On by default.
- workspace packages: the user's own files: the documents being edited or checked, unsaved buffers, and every
  package under a workspace folder (the language server's workspace folders, the folders and repositories
  `pyrer check` is checking). Off by default: opening or checking a folder must not run its code.
A file under a workspace folder needs the workspace consent even when its folder is also a configured packages path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

# how to allow each, in the words of the front end (the language server's by default)
HOW_WORKSPACE_LSP = ("trust the workspace in VS Code, or set the pyrer setting evaluateWorkspacePackages "
                     "to true in other editors")
HOW_REPOSITORIES_LSP = "set the pyrer setting evaluateRepositoryPackages to true"
HOW_WORKSPACE_CHECK = "run pyrer check with --evaluate"
HOW_REPOSITORIES_CHECK = "leave out --no-evaluate-repositories"
NO_REZ = "rez is not installed for the Python that runs pyrer"


@dataclass(frozen=True)
class Consent:
    """What may be evaluated. `workspace_roots`: folders whose files are the user's own (absolute paths)."""

    repositories: bool = True
    workspace: bool = False
    workspace_roots: Tuple[str, ...] = ()
    how_repositories: str = HOW_REPOSITORIES_LSP
    how_workspace: str = HOW_WORKSPACE_LSP
    available: bool = True  # False: no rez to evaluate with (nothing is evaluated, whatever is allowed)

    @staticmethod
    def of(repositories: bool = True, workspace: bool = False, workspace_roots: Sequence[str] = (),
           how_repositories: str = HOW_REPOSITORIES_LSP, how_workspace: str = HOW_WORKSPACE_LSP,
           available: bool = True) -> "Consent":
        roots = tuple(dict.fromkeys(os.path.abspath(r) for r in workspace_roots))
        return Consent(repositories, workspace, roots, how_repositories, how_workspace, available)

    def in_workspace(self, path: str) -> bool:
        """`path` is in (or is) one of the workspace folders."""
        path = os.path.abspath(path)
        return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in self.workspace_roots)

    def allows_file(self, path: str, unsaved: bool = False) -> bool:
        """May rez evaluate this package file (`unsaved`: an open buffer of it)?"""
        if not self.available:
            return False
        if unsaved or self.in_workspace(path):
            return self.workspace
        return self.repositories

    def allows_document(self) -> bool:
        """May rez evaluate the document being edited or checked (a developer package)?"""
        return self.available and self.workspace

    def why_not(self, path: Optional[str] = None, unsaved: bool = False, document: bool = False) -> str:
        """Why a file that is not allowed (or the document) is not evaluated, and how to allow it: a clause."""
        if not self.available:
            return "pyrer cannot evaluate it: %s" % NO_REZ
        if document or unsaved or (path is not None and self.in_workspace(path)):
            return "pyrer evaluates workspace packages only with your consent (to allow it, %s)" % self.how_workspace
        return "evaluation of repository packages is turned off (to allow it, %s)" % self.how_repositories


NOTHING = Consent(repositories=False, workspace=False)
