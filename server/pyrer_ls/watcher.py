"""The server's own watcher of package repositories, for clients that offer no file watching (Neovim)."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import AsyncIterator, List, Optional, Sequence, Tuple

log = logging.getLogger(__name__)

WATCHED_NAMES = ("package.py",)
# Setting up a recursive inotify watch walks the whole tree while holding the GIL (about 1.8 s for
# rez's 18,226-package benchmark repository): only small repositories are watched recursively;
# larger ones get one watch per family folder (new and removed versions, new families).
RECURSIVE_MAX_FAMILIES = 50


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


def _families(root: str) -> List[str]:
    try:
        return [e.path for e in os.scandir(root) if e.is_dir() and not e.name.startswith(".")]
    except OSError:
        return []


def watch_plan(roots: Sequence[str], max_families: int = RECURSIVE_MAX_FAMILIES) -> Tuple[List[str], List[str]]:
    """(folders watched recursively, folders watched one level deep) for these packages paths."""
    deep: List[str] = []
    shallow: List[str] = []
    for root in roots:
        if not os.path.isdir(root):
            continue
        families = _families(root)
        if len(families) <= max_families:
            deep.append(root)
        else:
            shallow += [root] + families
    return deep, shallow


def _is_new_family(paths: Sequence[str], shallow_roots: Sequence[str]) -> bool:
    return any(os.path.dirname(p) in shallow_roots and not is_package_file(p) for p in paths)


async def _pump(watchfiles, folders: List[str], recursive: bool, roots: Sequence[str], out: asyncio.Queue) -> None:
    try:
        async for changes in watchfiles.awatch(*folders, watch_filter=lambda _c, p: matters(p, roots),
                                               debounce=200, step=50, recursive=recursive):
            await out.put(sorted({path for _change, path in changes}))
    except Exception:  # inotify limits, vanished folders: degrade, never crash the server
        log.exception("watching %d folder(s) failed; their changes on disk are no longer seen", len(folders))


async def watch_package_files(roots: Sequence[str]) -> AsyncIterator[List[str]]:
    """Yield batches of changed package.py paths (and family/version folders) under `roots`, forever."""
    try:
        import watchfiles  # noqa: PLC0415 (optional at import time: the server must start without it)
    except ImportError:
        log.warning("watchfiles is not installed: repository changes on disk are seen only after a restart")
        return
    while True:
        deep, shallow = await asyncio.get_running_loop().run_in_executor(None, watch_plan, list(roots))
        if not deep and not shallow:
            return
        shallow_roots = [r for r in roots if r in shallow]
        queue: asyncio.Queue = asyncio.Queue()
        pumps = [asyncio.ensure_future(_pump(watchfiles, folders, recursive, roots, queue))
                 for folders, recursive in ((deep, True), (shallow, False)) if folders]
        restart: Optional[bool] = False
        try:
            while not restart:
                batch = await queue.get()
                restart = _is_new_family(batch, shallow_roots)  # a new family folder needs its own watch
                yield batch
        finally:
            for pump in pumps:
                pump.cancel()
