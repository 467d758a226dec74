"""What the server knows of its client from `initialize`: workspace roots, markup kinds and opt-in notifications."""

from __future__ import annotations

import os
from typing import Iterable, List, Optional

from lsprotocol import types
from pygls.uris import to_fs_path

from pyrer_ls.markup import preferred_kind

# initializationOptions keys (top level, or inside the `pyrer` section): a client sets the first to receive
# `pyrer/status`, the second to name the position encoding it uses without announcing it (ALE: "utf-8")
STATUS_OPT_IN = "statusNotifications"
ENCODING_OPTION = "positionEncoding"


def workspace_roots(folder_uris: Iterable[str], root_uri: Optional[str] = None,
                    root_path: Optional[str] = None) -> List[str]:
    """The workspace roots as folders on disk: the workspace folders, else `rootUri`, else `rootPath` (a client that
    sends only a root gets the same as one that sends it as its one workspace folder)."""
    roots: List[str] = []
    for uri in folder_uris:
        path = to_fs_path(uri)
        if path:
            roots.append(path)
    if not roots and root_uri:
        path = to_fs_path(root_uri)
        if path:
            roots.append(path)
    if not roots and root_path:
        roots.append(root_path)
    out: List[str] = []
    for root in roots:
        root = os.path.normpath(root)
        if root not in out:
            out.append(root)
    return out


def init_option(initialization_options: object, key: str) -> object:
    """The value of `key` in the client's initializationOptions (top level, else inside its `pyrer` section)."""
    if not isinstance(initialization_options, dict):
        return None
    if key in initialization_options:
        return initialization_options[key]
    section = initialization_options.get("pyrer")
    return section.get(key) if isinstance(section, dict) else None


def opts_in(initialization_options: object, key: str) -> bool:
    """Whether the client's initializationOptions set `key` to true (top level, or inside its `pyrer` section)."""
    return init_option(initialization_options, key) is True


def hover_kind(capabilities: types.ClientCapabilities) -> types.MarkupKind:
    """The markup the client reads in hovers (`textDocument.hover.contentFormat`)."""
    text = capabilities.text_document
    return preferred_kind(text.hover.content_format if text and text.hover else None)
