"""Stamps of what an evaluation depended on: files and folders (by `os.stat`) and environment variables."""

from __future__ import annotations

import hashlib
import os
from typing import Iterable, Mapping, Optional

from pyrer.evaluation.protocol import Dependency
from pyrer.rez.cache import file_stamp

MISSING = "missing"
# A dependency on one environment variable is "$NAME"; on the whole environment (the package's
# code iterated over it) "$*". Paths are absolute, so they never start with "$".
ENV_PREFIX = "$"
WHOLE_ENV = "$*"


def path_stamp(path: str) -> str:
    """`file_stamp` of a file or folder, or "missing"."""
    try:
        return file_stamp(os.stat(path))
    except (OSError, ValueError):
        return MISSING


def value_stamp(value: Optional[str]) -> str:
    """A short digest of an environment variable's value, or "missing"."""
    if value is None:
        return MISSING
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def environment_stamp(env: Mapping[str, str]) -> str:
    """A digest of a whole environment (every name and value)."""
    digest = hashlib.sha256()
    for name in sorted(env):
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(env[name].encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()[:24]


def dependency_stamp(key: str, env: Mapping[str, str]) -> str:
    """The current stamp of one dependency: a path's on disk, a variable's in `env`."""
    if key == WHOLE_ENV:
        return environment_stamp(env)
    if key.startswith(ENV_PREFIX):
        return value_stamp(env.get(key[len(ENV_PREFIX):]))
    return path_stamp(key)


def unchanged(dependencies: Iterable[Dependency], env: Mapping[str, str]) -> bool:
    """True when every dependency still has the stamp it was recorded with."""
    return all(dependency_stamp(key, env) == stamp for key, stamp in dependencies)
