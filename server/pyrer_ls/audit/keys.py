"""What a cached result depends on: the document's bytes, the settings and pyrer's code (the key), and the
stamps of the families its analysis read (checked again on every run)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from typing import Dict, Iterable

import pyrer
from pyrer.studio import Studio, StudioConfig

from pyrer_ls.analysis.workspace import FAMILY_NAMES, Settings

_CODE_FOLDERS = ("pyrer_ls/analysis", "pyrer_ls/audit", "pyrer/studio")


def _digest(text: str, size: int = 16) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=size).hexdigest()


def code_fingerprint() -> str:
    """pyrer's version and the stat of the analysis sources and the native module: a changed pyrer (or an
    edited checkout) starts from an empty cache."""
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parts = [getattr(pyrer, "__version__", "?")]
    files = [pyrer._native.__file__]
    for folder in _CODE_FOLDERS:
        full = os.path.join(here, folder)
        try:
            files += sorted(os.path.join(full, n) for n in os.listdir(full) if n.endswith(".py"))
        except OSError:
            continue
    for path in files:
        try:
            st = os.stat(path)
            parts.append("%s:%d:%d" % (path, st.st_size, st.st_mtime_ns))
        except OSError:
            parts.append(path)
    return _digest("\n".join(parts))


def settings_fingerprint(config: StudioConfig, settings: Settings) -> str:
    """The whole effective rez configuration and the pyrer settings an analysis reads (which package code may
    run, too: a result read with evaluation differs from one read without it)."""
    data = {"config": dataclasses.asdict(config), "time_budget": settings.time_budget,
            "max_iterations": settings.max_iterations, "globs": settings.request_file_globs,
            "evaluate": [settings.evaluate_workspace_packages, settings.evaluate_repository_packages,
                         settings.evaluation_time_limit],
            "how_to_allow": [settings.how_to_allow_workspace, settings.how_to_allow_repositories]}
    return _digest(json.dumps(data, sort_keys=True, default=repr))


def document_key(data: bytes, kind: str, context: str) -> str:
    """A document's key: its bytes, how it is read, and the settings and code fingerprint (`context`)."""
    h = hashlib.blake2b(data, digest_size=16)
    h.update(b"\0" + kind.encode() + b"\0" + context.encode())
    return h.hexdigest()


class Stamps:
    """Family stamps of one run, each taken once, before anything of that family is read in this run."""

    def __init__(self, studio: Studio) -> None:
        self.studio = studio
        self._stamps: Dict[str, str] = {}

    def stamp(self, name: str) -> str:
        found = self._stamps.get(name)
        if found is None:
            found = self.studio.listing_stamp() if name == FAMILY_NAMES else self.studio.family_stamp(name)
            self._stamps[name] = found
        return found

    def digest(self, names: Iterable[str]) -> str:
        """One digest of the stamps of these families (sorted names)."""
        return _digest("\n".join("%s=%s" % (n, self.stamp(n)) for n in names))

    def take_all(self, names: Iterable[str]) -> None:
        for n in names:
            self.stamp(n)

    def known(self) -> Dict[str, str]:
        return dict(self._stamps)

    def preset(self, stamps: Dict[str, str]) -> None:
        """Stamps taken by the parent process (a worker must not take them after the read)."""
        self._stamps.update(stamps)
