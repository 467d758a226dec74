"""workspace/didChangeWatchedFiles registration: what the client is asked to watch, and which packages paths are
left to the server's own watcher (the decisions are `file_watching.py`'s)."""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import List, Optional

from lsprotocol import types

from pyrer_ls import file_watching

log = logging.getLogger(__name__)
_IDS = itertools.count(1)


class Registration:
    """The client's accepted registration: its id and watchers (None: the client watches nothing for us)."""

    def __init__(self) -> None:
        self.id: Optional[str] = None
        self.watchers: Optional[list] = None


async def _unregister(ls, reg: Registration) -> None:
    reg_id, reg.id, reg.watchers = reg.id, None, None
    if reg_id is None:
        return
    try:
        await asyncio.wait_for(ls.client_unregister_capability_async(types.UnregistrationParams(
            unregisterations=[types.Unregistration(id=reg_id, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES)])),
            timeout=10)
    except Exception:  # a lingering registration only re-checks documents once more
        log.info("the client did not take back file-watching registration %s", reg_id)


async def _register(ls, reg: Registration, watchers: list) -> bool:
    """Register `watchers` (replacing an earlier registration); whether the client accepted them."""
    if reg.id is not None and watchers == reg.watchers:
        return True
    await _unregister(ls, reg)
    reg_id = "pyrer-package-files-%d" % next(_IDS)
    try:
        await asyncio.wait_for(ls.client_register_capability_async(types.RegistrationParams(registrations=[
            types.Registration(id=reg_id, method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                               register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))])),
            timeout=10)
    except Exception as e:  # an error answer (eglot 1.9 on a RelativePattern) or none at all
        log.warning("the client refused file watching (%s): the server watches the packages paths itself", e)
        return False
    reg.id, reg.watchers = reg_id, watchers
    return True


async def update(ls, reg: Registration) -> List[str]:
    """Register (or withdraw) the client's watchers for the current packages paths, as the `fileWatcher` setting and
    the client's capabilities allow; the packages paths the server must watch itself."""
    paths = list(ls.repo_ws.paths) if ls.repo_ws else []
    mode = ls.settings.file_watcher
    client = file_watching.client_watching(ls.client_capabilities)
    registered = False
    if file_watching.wants_registration(mode, client):
        registered = await _register(ls, reg, file_watching.watchers(paths, client))
    elif reg.id is not None:
        await _unregister(ls, reg)
    own = file_watching.server_watched(paths, ls.workspace_roots(), mode, registered, client)
    log.info("packages paths watched by the client: %s; by the server: %s",
             [p for p in paths if p not in own] if registered else [], own)
    return own
