"""The shim's families from `pyrer.studio`, the same reading as pyrer check and the editor, under a rez Resolver's settings."""

from __future__ import annotations

import os
import time
from typing import Any, Dict, List, Optional, Sequence

from pyrer._native import PackageData
from pyrer.rez.loader import LoaderStats
from pyrer.studio import Studio, StudioConfig
from pyrer.studio.config import rez_config


def filesystem_paths(paths: Sequence[str]) -> bool:
    """True when every package path is a plain folder (rez's filesystem repository): other repository
    types (`memory@...`, plugins) are listed by rez itself."""
    return all("@" not in str(p) and os.path.isabs(str(p)) for p in paths)


class RezLoadsInProcess:
    """Computed packages loaded by rez's own repository loader in this process: only inside rez, which loads
    them in-process itself (the editor tools use the isolated worker instead)."""

    def repository_packages(self, paths: Sequence[str], repository: Optional[str] = None,
                            texts: Any = None, **_: Any) -> Dict[str, Any]:
        from pyrer.evaluation.protocol import REPOSITORY, EvaluatedPackage, EvaluationFailure
        from rez.packages import get_package_from_repository

        out: Dict[str, Any] = {}
        for path in paths:
            folder = os.path.dirname(path)
            root = repository or os.path.dirname(os.path.dirname(folder))
            rel = os.path.relpath(folder, root).split(os.sep)
            name, version = rel[0], (rel[1] if len(rel) > 1 else "")
            try:
                package = get_package_from_repository(name, version, root)
                if package is None:
                    raise LookupError("rez lists no package %s-%s in %s" % (name, version, root))
                late = [k for k in ("requires", "build_requires", "variants")
                        if getattr(getattr(package.resource, k, None), "late_binding", False)]
                out[path] = EvaluatedPackage(
                    path, REPOSITORY, name, version,
                    requires=None if "requires" in late else [str(r) for r in package.requires or []],
                    build_requires=None if "build_requires" in late else [str(r) for r in
                                                                          package.build_requires or []],
                    variants=[[str(r) for r in v] for v in package.variants or []],
                    timestamp=package.timestamp or None, late=late)
            except Exception as e:  # rez's own load errors: the package's load error
                out[path] = EvaluationFailure(path, REPOSITORY, "error", "%s: %s" % (type(e).__name__, e))
        return out


def resolver_config(resolver: Any) -> StudioConfig:
    """rez's configuration in use, with the Resolver's own package paths, filter (its resolve time
    included) and orderers."""
    from pyrer._package_order import normalise_orderers
    from rez.config import config

    base = rez_config(cfg=config)
    package_filter = resolver.package_filter.to_pod() if resolver.package_filter else []
    return base.with_overrides(packages_path=list(resolver.package_paths), package_filter=package_filter,
                               package_orderers=normalise_orderers(resolver.package_orderers) or [])


class StudioFamilyLoader:
    """`load_family` for the shim over a `Studio`, and the rez Variants of its answer."""

    def __init__(self, config: StudioConfig, building: bool = False) -> None:
        self.studio = Studio(config, evaluator=RezLoadsInProcess())
        self.building = bool(building)
        self.stats = LoaderStats()

    def load_family(self, name: str) -> List[PackageData]:
        t0 = time.perf_counter()
        try:
            family = list(self.studio.load_family(name, self.building))
            self.stats.families += 1
            self.stats.packages += len(family)
            return family
        finally:
            self.stats.seconds += time.perf_counter() - t0

    def flush(self) -> None:
        """Nothing to write (kept for the loader interface)."""

    def rez_variant(self, name: str, version: str, index: Optional[int]) -> Any:
        """The rez `Variant` pyrer resolved, from the repository the studio read it in."""
        from rez.packages import get_package_from_repository

        record = self.studio.family(name).record(version)
        if record is None:
            raise LookupError("package %s-%s was not loaded by this loader" % (name, version))
        package = get_package_from_repository(name, version, record.location.root)
        variant = package.get_variant(index) if package is not None else None
        if variant is None:
            raise LookupError("package %s-%s has no variant %r" % (name, version, index))
        return variant
