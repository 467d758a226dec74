"""Package repositories on disk (rez's filesystem layout), read statically and loaded lazily by family."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence

from pyrer._native import PackageData, Version, VersionError


@dataclass
class SkippedPackage:
    """A package.py that could not be read statically, and why."""

    path: str
    reason: str


@dataclass
class FilesystemRepository:
    """rez's `<path>/<family>/<version>/package.py` layout over several packages paths, in order."""

    paths: Sequence[str]
    skipped: List[SkippedPackage] = field(default_factory=list)
    _cache: Dict[str, List[PackageData]] = field(default_factory=dict)

    def family_names(self) -> List[str]:
        """Every family found under the packages paths, sorted."""
        names = set()
        for root in self.paths:
            try:
                entries = os.listdir(root)
            except OSError:
                continue
            for name in entries:
                if not name.startswith(".") and os.path.isdir(os.path.join(root, name)):
                    names.add(name)
        return sorted(names)

    def package_files(self, name: str) -> List[str]:
        """The package.py files of a family: unversioned first, then version folders, path by path."""
        files = []
        for root in self.paths:
            fam_dir = os.path.join(root, name)
            if not os.path.isdir(fam_dir):
                continue
            direct = os.path.join(fam_dir, "package.py")
            if os.path.isfile(direct):
                files.append(direct)
            try:
                versions = sorted(os.listdir(fam_dir))
            except OSError:
                continue
            for ver in versions:
                candidate = os.path.join(fam_dir, ver, "package.py")
                if os.path.isfile(candidate):
                    files.append(candidate)
        return files

    def load_family(self, name: str) -> List[PackageData]:
        """All packages of `name` (cached); `[]` when the family does not exist."""
        if name in self._cache:
            return self._cache[name]
        from pyrer import parse_static_packages_py

        files = self.package_files(name)
        seen: List[Version] = []
        packages: List[PackageData] = []
        for path, data in zip(files, parse_static_packages_py(files)):
            if data is None:
                self.skipped.append(SkippedPackage(path, "computed by code or not valid Python"))
                continue
            if data.name != name:
                self.skipped.append(SkippedPackage(path, "its name is %r, not %r" % (data.name, name)))
                continue
            try:
                version = Version(data.version)
            except VersionError as e:
                self.skipped.append(SkippedPackage(path, str(e)))
                continue
            if version in seen:
                continue  # rez keeps the first package of a version, in packages-path order
            seen.append(version)
            packages.append(data)
        self._cache[name] = packages
        return packages

    def all_packages(self, names: Optional[Iterable[str]] = None) -> List[PackageData]:
        """Every package of every family (eager load)."""
        out: List[PackageData] = []
        for name in names if names is not None else self.family_names():
            out.extend(self.load_family(name))
        return out


def packages_path_from_env() -> List[str]:
    """`REZ_PACKAGES_PATH`, split on the platform's path separator."""
    value = os.environ.get("REZ_PACKAGES_PATH", "")
    return [p for p in value.split(os.pathsep) if p]
