"""Work-done progress while the repositories are indexed (family names listed) at start and on re-index."""

from __future__ import annotations

import asyncio
import logging
import uuid

from lsprotocol import types

log = logging.getLogger(__name__)


async def _create_token(ls) -> object:
    caps = ls.client_capabilities.window
    if not (caps and caps.work_done_progress):
        return None
    token = f"pyrer-index-{uuid.uuid4().hex[:8]}"
    try:
        await asyncio.wait_for(ls.work_done_progress.create_async(token), timeout=5)
    except Exception:  # a client that does not answer must not stall indexing
        return None
    return token


async def index_repositories(ls) -> int:
    """List every family of the packages paths (off the event loop), reporting progress; returns the count."""
    repo_ws = ls.repo_ws
    if repo_ws is None:
        return 0
    token = await _create_token(ls)
    if token is not None:
        ls.work_done_progress.begin(token, types.WorkDoneProgressBegin(
            title="pyrer: indexing repositories", message=", ".join(repo_ws.paths) or "no packages path",
            cancellable=False))
    try:
        count = len(await asyncio.get_running_loop().run_in_executor(ls.executor, repo_ws.family_names))
    except Exception:  # an unreadable packages path is reported by the analyses, not here
        log.exception("indexing %s failed", repo_ws.paths)
        count = 0
    if token is not None:
        ls.work_done_progress.end(token, types.WorkDoneProgressEnd(
            message=f"{count} families in {len(repo_ws.paths)} packages path(s)"))
    return count
