"""The release-impact code lens over a package.py's `version`: computed in the background by a process of its own
(`pyrer_ls.audit.impact_worker`), once the text has stayed unchanged a moment, kept per text and repository state."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass, replace
from typing import Dict, List, Optional

from lsprotocol import types
from pygls.uris import to_fs_path

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.lens import RELEASE_DELAY, SHOW_IMPACT, release_lens, release_subject
from pyrer_ls.audit.impact_worker import request
from pyrer_ls.check import AUDIT_MAX_ITERATIONS, AUDIT_TIME_BUDGET
from pyrer_ls.positions import DocumentColumns

log = logging.getLogger(__name__)
DELAY = float(os.environ.get("PYRER_LS_RELEASE_DELAY", RELEASE_DELAY))


@dataclass
class _Entry:
    key: tuple
    result: Optional[dict] = None  # the worker's answer (headline, text, ...)
    task: Optional[asyncio.Task] = None


class ReleaseImpacts:
    """Per document: the release impact of its current text (None until computed)."""

    def __init__(self) -> None:
        self.entries: Dict[str, _Entry] = {}

    def lenses(self, ls, uri: str, analysis: Optional[Analysis], columns: DocumentColumns) -> List[types.CodeLens]:
        ws = ls.repo_ws
        if ws is None or not ws.paths or release_subject(analysis) is None:
            return []
        text = ls.workspace.get_text_document(uri).source
        key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(), id(ws),
               ws.generation)
        entry = self.entries.get(uri)
        if entry is None or entry.key != key:
            if entry is not None and entry.task is not None:
                entry.task.cancel()
            entry = self.entries[uri] = _Entry(key)
            entry.task = asyncio.get_running_loop().create_task(self._compute(ls, uri, entry, text))
        headline = entry.result.get("headline") if entry.result else None
        return [types.CodeLens(range=columns.to_client_range(lens.range), command=types.Command(
            title=lens.title, command=SHOW_IMPACT, arguments=[uri])) for lens in release_lens(analysis, headline)]

    async def _compute(self, ls, uri: str, entry: _Entry, text: str) -> None:
        await asyncio.sleep(DELAY)
        ws = ls.repo_ws
        roots = list(ws.paths) + [p for p in (to_fs_path(f.uri) for f in ls.workspace.folders.values()) if p]
        settings = replace(ws.settings, time_budget=AUDIT_TIME_BUDGET, max_iterations=AUDIT_MAX_ITERATIONS)
        data = request(to_fs_path(uri) or uri, text, ws.config, settings, [], jobs=1)  # pyrer check's limits: one cache
        data["roots"] = roots
        failed = {"headline": "release impact not computed (see the server log)", "text": ""}
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "pyrer_ls.audit.impact_worker", stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        except OSError as e:
            log.warning("cannot start the release impact worker: %s", e)
            entry.result = failed
            return
        try:
            out, err = await proc.communicate(json.dumps(data).encode("utf-8", "surrogatepass"))
        except asyncio.CancelledError:
            proc.kill()
            raise
        try:
            if proc.returncode != 0:
                raise ValueError(err.decode("utf-8", "replace")[-2000:])
            entry.result = json.loads(out.decode("utf-8"))
        except ValueError as e:
            log.warning("release impact of %s failed: %s", uri, e)
            entry.result = failed
        if self.entries.get(uri) is entry:
            ls.refresh_views()

    def forget(self, uri: str) -> None:
        entry = self.entries.pop(uri, None)
        if entry is not None and entry.task is not None:
            entry.task.cancel()

    def show(self, ls, uri: str) -> dict:
        """pyrer.showImpact: the headline as a message, the details in the log; the text returned."""
        entry = self.entries.get(uri)
        if entry is None or entry.result is None:
            text = "The release impact of this package.py is still being computed."
        else:
            text = entry.result.get("text") or entry.result.get("headline", "")
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Info, message=text))
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=text.split("\n", 1)[0]))
        return {"text": text, "impact": entry.result if entry else None}
