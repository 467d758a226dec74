"""pyrer's `load_family` over rez's package paths: rez lists each family, pyrer reads the files (cached)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from pyrer._native import PackageData, Version
from pyrer.rez.cache import PackageFileCache, file_stamp, shared_cache
from pyrer.rez.entries import needs_rez, package_data, rez_entry, static_entry
from pyrer.rez.filters import static_filter

_DEFAULT = object()


class AllPackagesFiltered(LookupError):
    """Kept for compatibility: the loader no longer raises it. A package the filter hides is
    returned with `excluded=True`, and the solver reports a family whose packages are all hidden
    as rez does ("package could not be found", where rez needs one)."""


@dataclass
class LoaderStats:
    """What a loader did: families and packages loaded, files read, cache hits, rez loads, seconds."""

    families: int = 0
    packages: int = 0
    files_read: int = 0
    cache_hits: int = 0
    rez_loads: int = 0
    seconds: float = 0.0


def read_package_file(path: str) -> str:
    """The text of a package.py (undecodable bytes replaced: they can only be in strings/comments
    the static reader rejects anyway, and rez then loads the file itself)."""
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def _static_source(resource: Any, name: str, default_filenames: bool) -> Optional[Tuple[str, str]]:
    """(package.py path, family directory) for a filesystem package defined by package.py, else
    None. With rez's default `package_filenames` the file is found with one stat, as rez would
    (package.py before package.yaml); other settings are left to rez."""
    if getattr(resource, "key", None) != "filesystem.package":
        return None
    if default_filenames:
        path = os.path.join(resource.path, "package.py")
    else:
        path = resource.filepath
        if not path or not path.endswith(".py"):
            return None
    return path, os.path.join(resource.location, name)


def _package_filenames() -> List[str]:
    from rez.config import config

    try:
        return list(config.plugins.package_repository.filesystem.package_filenames)
    except AttributeError:
        return []


class RezFamilyLoader:
    """`load_family(name)` for `pyrer.solve`, over rez package paths.

    rez lists the packages of the family (so `.ignore` markers, builds in progress, shadowing
    across paths and repository plugins behave exactly as in rez); each filesystem package.py is
    then read statically and remembered in the persistent cache, keyed by its path and stamp.
    Files that compute their values (`@early`, imports, ...) and non-filesystem repositories are
    loaded by rez. `@late` requirements raise `LateBoundRequirements`. The package filter is
    applied here, with rez's rule classes: by default rez's `package_filter` config, else the one
    given (None for none; a `Resolver`'s filter also carries its timestamp rule): a package it
    hides comes back with `excluded=True` (its definition unread, as in rez).
    `timestamps`: give every package its release time (what rez's soft_timestamp orderer reads,
    hidden packages included), loading it with rez where the file does not say it plainly.
    `package_paths` defaults to rez's `packages_path`; `cache` to the persistent cache
    (`PYRER_CACHE_DIR`, off with `PYRER_NO_CACHE=1`), None for none.
    """

    def __init__(
        self,
        package_paths: Optional[Sequence[str]] = None,
        package_filter: Any = _DEFAULT,
        building: bool = False,
        cache: Any = _DEFAULT,
        read_file: Optional[Callable[[str], str]] = None,
        timestamps: bool = False,
    ) -> None:
        if package_paths is None:
            from rez.config import config

            package_paths = config.packages_path
        if package_filter is _DEFAULT:
            from rez.package_filter import PackageFilterList

            package_filter = PackageFilterList.singleton  # rez's `package_filter` config
        self.package_paths: List[str] = list(package_paths)
        self.filter = static_filter(package_filter)
        self.building = bool(building)
        self.timestamps = bool(timestamps)
        self.cache: Optional[PackageFileCache] = shared_cache() if cache is _DEFAULT else cache
        self.read_file = read_file or read_package_file
        self.stats = LoaderStats()
        self._packages: Dict[Tuple[str, str], Any] = {}
        self._resource_by_key: Dict[Tuple[str, str], Any] = {}
        self._pending: Dict[str, List[Tuple[str, str, dict]]] = {}
        self._gone: List[str] = []
        self._default_filenames = _package_filenames() == ["package"]

    # -- the load_family callback -------------------------------------------------------------

    def load_family(self, name: str) -> List[PackageData]:
        """Every package of `name` as `PackageData` (those the filter hides with `excluded=True`);
        `[]` if no such family."""
        t0 = time.perf_counter()
        try:
            return self._load_family(name)
        finally:
            self.stats.seconds += time.perf_counter() - t0

    def _resources(self, name: str) -> List[Tuple[Any, str]]:
        """(package resource, version string) of the family, as rez's `iter_packages` lists them:
        path by path, a version already seen on an earlier path hidden."""
        from rez.package_repository import package_repository_manager

        seen = set()
        out = []
        for path in self.package_paths:
            repo = package_repository_manager.get_repository(path)
            family = repo.get_package_family(name)
            if not family:
                continue
            for resource in repo.iter_packages(family):
                version = resource.get("version", "") or ""
                key = Version(version)  # rez's Version equality, without building rez objects
                if key not in seen:
                    seen.add(key)
                    out.append((resource, version))
        return out

    def _load_family(self, name: str) -> List[PackageData]:
        resources = self._resources(name)
        self.stats.families += 1
        cached: Dict[str, Dict[str, Tuple[str, dict]]] = {}
        fresh: Dict[str, List[Tuple[str, str, dict]]] = {}
        present: Dict[str, set] = {}
        out: List[PackageData] = []
        flt = self.filter
        need_timestamp = self.timestamps or (flt is not None and flt.needs_timestamp)
        for resource, version in resources:
            key = (name, version)
            self._resource_by_key[key] = resource
            if flt is not None and not flt.needs_timestamp and flt.excludes(self._view(key), lambda: None):
                out.append(self._excluded(resource, name, version, cached, fresh, present))
                continue
            entry = self._entry(resource, name, cached, fresh, present)
            if needs_rez(entry, self.building, need_timestamp):
                entry = rez_entry(self.package(name, version))
                self.stats.rez_loads += 1
            if flt is not None and flt.needs_timestamp:
                if flt.excludes(self._view(key), lambda e=entry, k=key: self._timestamp(e, k)):
                    stamp = self._timestamp(entry, key) if self.timestamps else None
                    out.append(PackageData(name, version, timestamp=stamp, excluded=True))
                    continue
            out.append(package_data(name, version, entry, self.building))
        self._store(cached, fresh, present)
        self.stats.packages += len(out)
        return out

    def _excluded(self, resource: Any, name: str, version: str, cached: dict, fresh: dict,
                  present: dict) -> PackageData:
        """A package the filter hides: only its release time is read, and only when needed."""
        stamp = None
        if self.timestamps:
            entry = self._entry(resource, name, cached, fresh, present)
            stamp = self._timestamp(entry, (name, version))
        return PackageData(name, version, timestamp=stamp, excluded=True)

    def _view(self, key: Tuple[str, str]) -> Any:
        return _LazyPackage(self, key)

    def _timestamp(self, entry: dict, key: Tuple[str, str]) -> Any:
        if "timestamp" in entry:
            return entry["timestamp"]
        self.stats.rez_loads += 1
        return self.package(*key).timestamp

    def _entry(self, resource: Any, name: str, cached: dict, fresh: dict, present: dict) -> dict:
        source = _static_source(resource, name, self._default_filenames)
        if source is None:
            return {"rez": True}
        path, family_dir = source
        try:
            stamp = file_stamp(os.stat(path))
        except OSError:
            return {"rez": True}
        present.setdefault(family_dir, set()).add(path)
        if self.cache is not None and family_dir not in cached:
            cached[family_dir] = self.cache.family(family_dir)
        row = cached.get(family_dir, {}).get(path)
        if row is not None and row[0] == stamp:
            self.stats.cache_hits += 1
            return row[1]
        text = self.read_file(path)
        self.stats.files_read += 1
        entry = static_entry(text, name)
        fresh.setdefault(family_dir, []).append((path, stamp, entry))
        return entry

    def _store(self, cached: dict, fresh: dict, present: dict) -> None:
        if self.cache is None:
            return
        for family_dir, rows in fresh.items():
            self._pending.setdefault(family_dir, []).extend(rows)
        for family_dir, rows in cached.items():
            seen = present.get(family_dir, set())
            gone = [p for p in rows if p not in seen and not os.path.exists(p)]
            if gone:
                self._gone.extend(gone)
        if sum(len(rows) for rows in self._pending.values()) >= 5000:
            self.flush()

    def flush(self) -> None:
        """Write what this loader read to the persistent cache (one transaction) and drop the rows
        of files that are gone. The shim and `packages_from_rez` call it after their solve; call
        it after using `load_family` yourself."""
        if self.cache is None:
            return
        pending, self._pending = self._pending, {}
        gone, self._gone = self._gone, []
        self.cache.store_many(pending)
        self.cache.forget(gone)

    # -- back from pyrer's answer to rez objects ----------------------------------------------

    def package(self, name: str, version: str) -> Any:
        """The rez `Package` this loader listed for (name, version)."""
        key = (name, version)
        package = self._packages.get(key)
        if package is None:
            resource = self._resource_by_key.get(key)
            if resource is None:
                raise LookupError("package %s-%s was not loaded by this loader" % (name, version))
            from rez.packages import Package

            package = self._packages[key] = Package(resource)
        return package

    def rez_variant(self, name: str, version: str, index: Optional[int]) -> Any:
        """The rez `Variant` (index None for a package without variants)."""
        variant = self.package(name, version).get_variant(index)
        if variant is None:
            raise LookupError("package %s-%s has no variant %r" % (name, version, index))
        return variant


class _LazyPackage:
    """A package as filter rules see it; the rez `Package` is only built if a rule needs more than
    the name and version string."""

    __slots__ = ("_loader", "_key")

    def __init__(self, loader: RezFamilyLoader, key: Tuple[str, str]) -> None:
        self._loader = loader
        self._key = key

    @property
    def name(self) -> str:
        return self._key[0]

    @property
    def qualified_name(self) -> str:
        name, version = self._key
        return "%s-%s" % (name, version) if version else name

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._loader.package(*self._key), attr)


def packages_from_rez(
    package_paths: Optional[Sequence[str]] = None,
    package_filter: Any = _DEFAULT,
    building: bool = False,
    cache: Any = _DEFAULT,
    read_file: Optional[Callable[[str], str]] = None,
) -> List[PackageData]:
    """Every package under rez's package paths as `PackageData` (eager; see `RezFamilyLoader`):
    those the package filter hides have `excluded=True`."""
    from rez.packages import iter_package_families

    loader = RezFamilyLoader(package_paths, package_filter, building, cache, read_file)
    names = sorted({family.name for family in iter_package_families(paths=loader.package_paths)})
    out: List[PackageData] = []
    for name in names:
        out.extend(loader.load_family(name))
    loader.flush()
    return out
