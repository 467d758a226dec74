"""workspace/executeCommand handlers: the server's commands, by name."""

from __future__ import annotations

REINDEX = "pyrer.reindex"


async def reindex(ls) -> dict:
    """Forget every cached family, list the packages paths again and re-check every open document."""
    families = await ls.reload_repositories()
    return {"paths": list(ls.repo_ws.paths), "families": families}
