"""The release impact of an unsaved package.py, computed in a process of its own for the language server's code
lens (so it never holds the server's interpreter): a JSON request on stdin, the impact as JSON on stdout.

Request: {"path", "text", "config": StudioConfig fields, "settings": {"time_budget", "max_iterations",
"request_file_globs"}, "documents": [paths], "roots": [folders whose documents are added], "cache_dir": optional,
"jobs": optional}.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from typing import Optional

from pyrer.studio import StudioConfig

from pyrer_ls.analysis.workspace import Settings
from pyrer_ls.audit.cache import open_cache
from pyrer_ls.audit.impact import release_impact

_TUPLES = {f.name for f in dataclasses.fields(StudioConfig) if str(f.type).startswith("Tuple")}


def config_to_json(config: StudioConfig) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(config), default=repr))


def config_from_json(data: dict) -> StudioConfig:
    known = {f.name for f in dataclasses.fields(StudioConfig)}
    values = {k: (tuple(v) if k in _TUPLES and isinstance(v, list) else v) for k, v in data.items() if k in known}
    return StudioConfig(**values)


def request(path: str, text: str, config: StudioConfig, settings: Settings, documents, cache_dir: Optional[str] = None,
            jobs: int = 1) -> dict:
    return {"path": path, "text": text, "config": config_to_json(config),
            "settings": {"time_budget": settings.time_budget, "max_iterations": settings.max_iterations,
                         "request_file_globs": list(settings.request_file_globs)},
            "documents": list(documents), "cache_dir": cache_dir, "jobs": jobs}


def run(data: dict) -> dict:
    from pyrer_ls.impact import headline, impact_text  # noqa: PLC0415

    settings = Settings()
    settings.time_budget = float(data["settings"]["time_budget"])
    settings.max_iterations = data["settings"].get("max_iterations")
    settings.request_file_globs = list(data["settings"]["request_file_globs"])
    config = config_from_json(data["config"])
    documents = list(data.get("documents") or [])
    if data.get("roots"):
        from pyrer_ls.check import iter_documents  # noqa: PLC0415

        documents += [d for d in iter_documents(data["roots"], settings.request_file_globs) if d not in documents]
    cache = open_cache(data.get("cache_dir"), False)
    try:
        impact = release_impact(data["path"], data["text"], config, settings, documents,
                                jobs=int(data.get("jobs") or 1), cache=cache)
    finally:
        if cache is not None:
            cache.close()
    return dict(impact.to_json(), headline=headline(impact), text=impact_text(impact))


def main() -> int:
    try:
        os.nice(10)  # the editor's own analyses come first
    except OSError:
        pass
    data = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    sys.stdout.write(json.dumps(run(data), ensure_ascii=True))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
