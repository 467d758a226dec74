"""The server's own watcher of package repositories, for clients that offer no file watching (Neovim)."""

from __future__ import annotations

import logging
import os
from typing import AsyncIterator, Callable, List, Sequence

log = logging.getLogger(__name__)

WATCHED_NAMES = ("package.py",)


def is_package_file(path: str) -> bool:
    """Only package definitions matter to the family cache."""
    return os.path.basename(path) in WATCHED_NAMES


def matters(path: str, roots: Sequence[str]) -> bool:
    """A package.py, or a family or version folder (a package.py written into a brand-new folder can be missed)."""
    if is_package_file(path):
        return True
    for root in roots:
        rel = os.path.relpath(path, root)
        if not rel.startswith(".."):
            return len(rel.split(os.sep)) <= 2 and not os.path.basename(path).startswith(".")
    return False


async def watch_package_files(roots: Sequence[str], stop: Callable[[], bool] = lambda: False) -> AsyncIterator[List[str]]:
    """Yield batches of changed package.py paths under `roots` until `stop()`; ends quietly without watchfiles."""
    try:
        import watchfiles  # noqa: PLC0415 (optional at import time: the server must start without it)
    except ImportError:
        log.warning("watchfiles is not installed: repository changes on disk are seen only after a restart")
        return
    roots = [r for r in roots if os.path.isdir(r)]
    if not roots:
        return
    try:
        async for changes in watchfiles.awatch(*roots, watch_filter=lambda _c, p: matters(p, roots),
                                               debounce=200, step=50, recursive=True):
            if stop():
                return
            yield sorted({path for _change, path in changes})
    except Exception:  # inotify limits, vanished roots: degrade, never crash the server
        log.exception("watching %s failed; repository changes on disk are no longer seen", roots)
