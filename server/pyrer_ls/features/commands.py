"""workspace/executeCommand handlers: the server's commands, by name."""

from __future__ import annotations

from pyrer_ls.features import progress

REINDEX = "pyrer.reindex"


async def reindex(ls) -> dict:
    """Forget every cached family, list the packages paths again and re-check every open document."""
    ls.rebuild_workspace()  # a new Workspace: an empty family cache, repository folders detected again
    repo_ws = ls.repo_ws
    families = await progress.index_repositories(ls)
    ls.restart_watcher()
    ls.schedule_all(0)
    return {"paths": list(repo_ws.paths), "families": families}
