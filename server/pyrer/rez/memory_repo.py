"""Package sets held twice (as rez reads them, as pyrer reads them) and served to rez from memory."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional

from pyrer._native import PackageData


@dataclass(frozen=True)
class PackageRecord:
    """One package: the requirements rez's loader gives, and the `PackageData` pyrer's loader gives."""

    name: str
    version: str
    rez_requires: tuple
    rez_variants: Optional[tuple]  # None: no variants
    pyrer: PackageData

    @property
    def key(self) -> tuple:
        return (self.name, self.version)

    @property
    def label(self) -> str:
        return "%s-%s" % (self.name, self.version) if self.version else self.name

    def same_data(self) -> bool:
        """True when both loaders read the same requirements."""
        variants = [list(v) for v in self.rez_variants or ()]
        return list(self.rez_requires) == list(self.pyrer.requires) and variants == [list(v) for v in self.pyrer.variants]

    def as_dict(self) -> dict:
        """A JSON-able description (both readings when they differ)."""
        rez = {"requires": list(self.rez_requires),
               "variants": None if self.rez_variants is None else [list(v) for v in self.rez_variants]}
        out = {"name": self.name, "version": self.version}
        if self.same_data():
            out.update(rez)
        else:
            out["rez"] = rez
            out["pyrer"] = {"requires": list(self.pyrer.requires), "variants": [list(v) for v in self.pyrer.variants]}
        return out


def record_from_rez(package: Any, pyrer_data: PackageData) -> PackageRecord:
    """A record from a rez `Package` (requirements evaluated by rez, outside any context)."""
    variants = package.variants
    return PackageRecord(
        package.name,
        str(package.version),
        tuple(str(r) for r in package.requires or ()),
        None if variants is None else tuple(tuple(str(r) for r in v) for v in variants),
        pyrer_data,
    )


def memory_data(records: Iterable[PackageRecord]) -> Dict[str, Dict[str, dict]]:
    """rez's memory-repository layout {family: {version or "_NO_VERSION": package dict}}, in order."""
    data: Dict[str, Dict[str, dict]] = {}
    for r in records:
        pkg: dict = {"name": r.name}
        if r.version:
            pkg["version"] = r.version
        if r.rez_requires:
            pkg["requires"] = list(r.rez_requires)
        if r.rez_variants is not None:
            pkg["variants"] = [list(v) for v in r.rez_variants]
        data.setdefault(r.name, {})[r.version or "_NO_VERSION"] = pkg
    return data


class MemoryRepos:
    """Registers throw-away `memory@` repositories with rez, clearing rez's caches now and then."""

    def __init__(self, clear_every: int = 200) -> None:
        self._count = itertools.count(1)
        self._clear_every = clear_every

    def path_for(self, records: Iterable[PackageRecord]) -> str:
        from rez.package_repository import package_repository_manager

        if next(self._count) % self._clear_every == 0:
            package_repository_manager.clear_caches()
        path = "memory@pyrer-diff-%s" % uuid.uuid4().hex
        package_repository_manager.get_repository(path).data = memory_data(records)
        return path


def pyrer_packages(records: Iterable[PackageRecord]) -> List[PackageData]:
    return [r.pyrer for r in records]
