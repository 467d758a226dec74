"""A fingerprint of what shapes rez's loading in the worker, computed without importing rez.

rez's configuration comes from its own rezconfig, the files of `REZ_CONFIG_FILE`, `~/.rezconfig`
(unless `REZ_DISABLE_HOME_CONFIG`) and `REZ_*` variables (rez/config.py); the preprocess function
and `@include` modules are imported through `PYTHONPATH` and the settings. The fingerprint covers
those inputs (the files by stamp), rez's version, the interpreter and pyrer's version: a cached
evaluation made under another fingerprint is not used, and workers started under another one are
replaced. It is conservative: any change to one of those inputs counts, relevant or not.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from typing import List, Mapping, Tuple

from pyrer.evaluation.stamps import path_stamp

# Bump when what an evaluation returns changes meaning: older cached evaluations are then ignored.
EVALUATION_SCHEMA = 1

_ENV_NAMES = ("PYTHONPATH", "PYTHONHOME", "PYTHONSAFEPATH")


def config_files(env: Mapping[str, str]) -> List[str]:
    """Every file rez 3.4.0 may read its configuration from under `env` (rez/config.py:
    `_create_main_config`, `_load_config_from_filepaths`: each path tried as `.py` first)."""
    paths = [p for p in env.get("REZ_CONFIG_FILE", "").split(os.pathsep) if p]
    if env.get("REZ_DISABLE_HOME_CONFIG", "").lower() not in ("1", "t", "true"):
        home = env.get("HOME") or os.path.expanduser("~")
        paths.append(os.path.join(home, ".rezconfig"))
    out: List[str] = []
    for path in paths:
        for candidate in (os.path.splitext(path)[0] + ".py", path):
            if candidate not in out:
                out.append(candidate)
    return out


@functools.lru_cache(maxsize=None)
def _rez_location(python: str) -> Tuple[str, str]:
    """(rez's version, its version file) as installed for `python` when that is this interpreter
    (found without importing rez); ("", the interpreter) otherwise. Looked up once per process: an
    upgrade of rez then shows in the stamp of the file."""
    if os.path.realpath(python) != os.path.realpath(sys.executable):
        return "", os.path.realpath(python)
    try:
        from importlib.metadata import version

        rez_version = version("rez")
    except Exception:
        rez_version = ""
    try:
        import importlib.util

        spec = importlib.util.find_spec("rez")
        origin = spec.origin if spec is not None else None
    except (ImportError, ValueError):
        origin = None
    if not origin:
        return rez_version, ""
    return rez_version, os.path.join(os.path.dirname(origin), "utils", "_version.py")


def _rez_installation(python: str) -> Tuple[str, str]:
    """(rez's version, the stamp of its version file, or of the interpreter)."""
    rez_version, path = _rez_location(python)
    return rez_version, path_stamp(path) if path else "missing"


def settings_fingerprint(env: Mapping[str, str], python: str) -> str:
    """A short digest of everything above, for an evaluator whose worker runs `python` in `env`."""
    from pyrer._native import __version__

    settings = {
        "schema": EVALUATION_SCHEMA,
        "pyrer": __version__,
        "python": os.path.abspath(python),
        "rez": _rez_installation(python),
        "env": sorted((k, v) for k, v in env.items() if k.startswith("REZ_") or k in _ENV_NAMES),
        "files": [(p, path_stamp(p)) for p in config_files(env)],
    }
    text = json.dumps(settings, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]
