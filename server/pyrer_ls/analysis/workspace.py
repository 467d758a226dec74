"""Repositories, settings and the family cache shared by every analysis (lazy, thread-safe, invalidated by file events)."""

from __future__ import annotations

import difflib
import os
import threading
from dataclasses import dataclass, field
from collections import OrderedDict
from typing import Callable, Dict, Hashable, List, Optional, Sequence, Set, Tuple

import pyrer
from pyrer.repository import FilesystemRepository, packages_path_from_env

DEFAULT_REQUEST_GLOBS = ["*.rez-requests", "rez-requests.txt"]
SOLVE_CACHE_SIZE = 256  # resolves kept between analyses (a few per open document and context)


@dataclass
class Settings:
    """The `pyrer` settings section (LSP initializationOptions / workspace/configuration, or CLI flags)."""

    packages_path: List[str] = field(default_factory=list)
    variant_select_mode: str = "version_priority"
    implicit_packages: List[str] = field(default_factory=list)
    request_file_globs: List[str] = field(default_factory=lambda: list(DEFAULT_REQUEST_GLOBS))
    time_budget: float = 10.0  # seconds one resolve may run before it is reported as PYRER012
    max_iterations: Optional[int] = None  # phase solves one resolve may run (None: no limit)
    file_watcher: str = "auto"  # who watches the packages paths: "auto", "client" or "server" (file_watching.py)
    evaluate_workspace_packages: bool = False  # the client trusts the workspace (VS Code workspace trust)
    evaluate_repository_packages: bool = True

    @classmethod
    def from_dict(cls, data: Optional[dict]) -> "Settings":
        data = dict(data or {})
        data = data.get("pyrer", data) if isinstance(data.get("pyrer"), dict) else data
        s = cls()
        paths = data.get("packagesPath")
        if isinstance(paths, str):
            paths = [p for p in paths.split(os.pathsep) if p]
        if isinstance(paths, list):
            s.packages_path = [os.path.expanduser(str(p)) for p in paths]
        if data.get("variantSelectMode") in ("version_priority", "intersection_priority"):
            s.variant_select_mode = data["variantSelectMode"]
        if isinstance(data.get("implicitPackages"), list):
            s.implicit_packages = [str(p) for p in data["implicitPackages"]]
        budget = data.get("resolveTimeBudget")
        if isinstance(budget, (int, float)) and not isinstance(budget, bool) and 0 < budget < float("inf"):
            s.time_budget = float(budget)
        iterations = data.get("resolveMaxIterations")
        if isinstance(iterations, int) and not isinstance(iterations, bool) and iterations > 0:
            s.max_iterations = iterations
        if isinstance(data.get("requestFileGlobs"), list) and data["requestFileGlobs"]:
            s.request_file_globs = [str(p) for p in data["requestFileGlobs"]]
        if data.get("fileWatcher") in ("auto", "client", "server"):
            s.file_watcher = data["fileWatcher"]
        for key, attr in (("evaluateWorkspacePackages", "evaluate_workspace_packages"),
                          ("evaluateRepositoryPackages", "evaluate_repository_packages")):
            if isinstance(data.get(key), bool):
                setattr(s, attr, data[key])
        return s


def default_packages_path() -> List[str]:
    """rez's configured packages_path when rez is importable, else REZ_PACKAGES_PATH."""
    try:
        from rez.config import config  # noqa: PLC0415 (optional dependency)

        return [os.path.expanduser(p) for p in config.packages_path]
    except Exception:  # rez missing or its config broken: fall back quietly
        return packages_path_from_env()


class Cancelled(Exception):
    """Raised inside an analysis whose document has been edited again."""


class Workspace:
    """Packages paths plus a family cache that outlives solves; open buffers overlay files on disk."""

    def __init__(self, paths: Sequence[str], settings: Optional[Settings] = None) -> None:
        self.settings = settings or Settings()
        self.paths = [os.path.abspath(p) for p in paths]
        self._repo = FilesystemRepository(self.paths)
        self._lock = threading.RLock()
        self._families: Dict[str, Tuple[pyrer.PackageData, ...]] = {}
        self._names: Optional[List[str]] = None
        self._overlays: Dict[str, str] = {}
        self._close: Dict[str, List[str]] = {}  # "did you mean" answers for the current family names
        self._close_for: Optional[List[str]] = None
        self._versions: Dict[str, Tuple[Tuple[pyrer.PackageData, ...], List[pyrer.Version]]] = {}  # by family list
        self._in_range: Dict[Tuple[str, Optional[str]], Tuple[List[pyrer.Version], List[str]]] = {}
        self._generation = 0  # bumped by every invalidation: solves started before it are not kept
        # request key -> (SolveResult, families the solve loaded): the reverse index of which resolves a
        # changed family invalidates
        self._solves: "OrderedDict[Hashable, Tuple[object, frozenset]]" = OrderedDict()

    # --- file events -------------------------------------------------------------------
    def family_of(self, path: str) -> Optional[str]:
        """The family a package.py under one of the packages paths belongs to."""
        path = os.path.abspath(path)
        for root in self.paths:
            rel = os.path.relpath(path, root)
            parts = rel.split(os.sep)
            if not rel.startswith("..") and len(parts) in (2, 3) and parts[-1] == "package.py":
                return parts[0]
        return None

    def invalidate(self, path: Optional[str] = None) -> None:
        """Forget cached families: the one `path` belongs to, or all of them."""
        with self._lock:
            self._names = None
            self._generation += 1
            family = self.family_of(path) if path else None
            if path is None:
                self._families.clear()
                self._solves.clear()
            elif family is not None:
                self._families.pop(family, None)
                for key in [k for k, (_r, loaded) in self._solves.items() if family in loaded]:
                    del self._solves[key]
            elif os.path.abspath(path) in self.paths or any(os.path.abspath(path).startswith(p + os.sep) for p in self.paths):
                self._families.clear()
                self._solves.clear()

    def set_overlay(self, path: str, text: Optional[str]) -> None:
        """Use `text` instead of the file on disk (an unsaved buffer); None removes the overlay."""
        path = os.path.abspath(path)
        if self.family_of(path) is None:
            return
        with self._lock:
            if text is None:
                self._overlays.pop(path, None)
            elif self._overlays.get(path) == text:
                return
            else:
                self._overlays[path] = text
            self.invalidate(path)

    # --- reading -----------------------------------------------------------------------
    def solve(self, key: Hashable, run: Callable[[Set[str]], object]) -> object:
        """`run(loaded)` (a pyrer.solve over these families, adding each family it loads to `loaded`), or the
        result for the same `key` while none of the families it loaded has changed: an edit that leaves a
        document's requests alone, or changes a package it does not depend on, costs no solve."""
        with self._lock:
            hit = self._solves.get(key)
            if hit is not None:
                self._solves.move_to_end(key)
                return hit[0]
            generation = self._generation
        loaded: Set[str] = set()
        result = run(loaded)
        if not getattr(result, "aborted", False):
            with self._lock:
                if generation == self._generation:
                    self._solves[key] = (result, frozenset(loaded))
                    while len(self._solves) > SOLVE_CACHE_SIZE:
                        self._solves.popitem(last=False)
        return result

    def family_names(self) -> List[str]:
        with self._lock:
            if self._names is None:
                self._names = self._repo.family_names()
            return self._names

    def load_family(self, name: str) -> Tuple[pyrer.PackageData, ...]:
        """Every package of a family, each version once (first packages path wins); () when unknown.

        A tuple, the same one until the family changes: pyrer reuses the family it built from it."""
        with self._lock:
            cached = self._families.get(name)
            if cached is not None:
                return cached
            files = self._repo.package_files(name)
            overlays = {f: self._overlays[os.path.abspath(f)] for f in files if os.path.abspath(f) in self._overlays}
        disk = [f for f in files if f not in overlays]
        parsed = dict(zip(disk, pyrer.parse_static_packages_py(disk)))
        out: List[pyrer.PackageData] = []
        seen = set()
        for f in files:
            data = pyrer.parse_static_package_py(overlays[f]) if f in overlays else parsed.get(f)
            if data is None or data.name != name:
                continue
            try:
                key = str(pyrer.Version(data.version))
            except pyrer.VersionError:
                continue
            if key not in seen:
                seen.add(key)
                out.append(data)
        family = tuple(out)
        with self._lock:
            self._families[name] = family
        return family

    def package_source(self, name: str, version: str) -> Optional[Tuple[str, str]]:
        """(path, text) of the package.py of one version (an open buffer wins over the disk), or None."""
        for f in self._repo.package_files(name):
            folder = os.path.basename(os.path.dirname(f))
            if folder not in (version, name):
                continue
            with self._lock:
                text = self._overlays.get(os.path.abspath(f))
            if text is None:
                try:
                    with open(f, encoding="utf-8", errors="replace") as fh:
                        text = fh.read()
                except OSError:
                    continue
            data = pyrer.parse_static_package_py(text) if folder == name else None
            if folder == version or (data is not None and data.version == version):
                return f, text
        return None

    def close_family_names(self, name: str) -> List[str]:
        """Up to three known families spelled like `name` ("did you mean"), memoised until the names change."""
        names = self.family_names()
        with self._lock:
            if self._close_for is not names:
                self._close_for, self._close = names, {}
            cached = self._close.get(name)
        if cached is None:
            cached = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            with self._lock:
                self._close[name] = cached
        return cached

    def versions(self, name: str) -> List[pyrer.Version]:
        """The versions of a family, ascending (kept with the family: large families are checked on every edit)."""
        family = self.load_family(name)
        with self._lock:
            cached = self._versions.get(name)
            if cached is not None and cached[0] is family:
                return cached[1]
        versions = sorted(pyrer.Version(p.version) for p in family)
        with self._lock:
            self._versions[name] = (family, versions)
        return versions

    def versions_in_range(self, name: str, rng: Optional[pyrer.VersionRange]) -> List[str]:
        """The versions of a family that `rng` contains, highest first (kept until the family changes)."""
        versions = self.versions(name)
        key = (name, None if rng is None else str(rng))
        with self._lock:
            cached = self._in_range.get(key)
            if cached is not None and cached[0] is versions:
                return cached[1]
        found = [str(v) for v in reversed(versions) if rng is None or rng.contains_version(v)]
        with self._lock:
            if len(self._in_range) > 20000:
                self._in_range.clear()
            self._in_range[key] = (versions, found)
        return found
