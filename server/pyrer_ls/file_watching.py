"""Who watches each packages path for package.py changes: the client, where its accepted registration covers the
path, else the server's own watcher (`watcher.py`); the `fileWatcher` setting forces either."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import List, Sequence

from lsprotocol import types
from pygls.uris import from_fs_path

AUTO, CLIENT, SERVER = "auto", "client", "server"
MODES = (AUTO, CLIENT, SERVER)
PATTERN = "**/package.py"


@dataclass(frozen=True)
class ClientWatching:
    """What the client announces for workspace/didChangeWatchedFiles."""

    dynamic: bool  # takes a dynamically registered watcher
    relative_patterns: bool  # takes RelativePattern, i.e. can watch folders outside its workspace


def client_watching(capabilities: types.ClientCapabilities) -> ClientWatching:
    caps = capabilities.workspace.did_change_watched_files if capabilities.workspace else None
    return ClientWatching(bool(caps and caps.dynamic_registration), bool(caps and caps.relative_pattern_support))


def _inside(path: str, root: str) -> bool:
    path, root = os.path.abspath(path), os.path.abspath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def covered(path: str, roots: Sequence[str], client: ClientWatching) -> bool:
    """Whether an accepted registration makes the client report changes under `path`: a client that takes
    RelativePattern is given one per packages path; one that takes only glob strings watches its workspace roots
    (eglot, lsp-mode), so a packages path outside them is not covered."""
    return client.relative_patterns or any(_inside(path, root) for root in roots)


def watchers(paths: Sequence[str], client: ClientWatching) -> List[types.FileSystemWatcher]:
    """The watchers to register: `**/package.py` in the workspace, plus one RelativePattern per packages path when
    the client takes them (eglot 1.9 answers a registration holding one with an error)."""
    out = [types.FileSystemWatcher(glob_pattern=PATTERN)]
    if client.relative_patterns:
        out += [types.FileSystemWatcher(glob_pattern=types.RelativePattern(base_uri=from_fs_path(p), pattern=PATTERN))
                for p in paths]
    return out


def wants_registration(mode: str, client: ClientWatching) -> bool:
    return client.dynamic and mode != SERVER


def server_watched(paths: Sequence[str], roots: Sequence[str], mode: str, registered: bool,
                   client: ClientWatching) -> List[str]:
    """The packages paths the server must watch itself: all of them when forced (`server`) or when the client took
    no registration, none when forced to the client (`client`), else those the registration does not cover."""
    if mode == CLIENT:
        return []
    if mode == SERVER or not registered:
        return list(paths)
    return [p for p in paths if not covered(p, roots, client)]
