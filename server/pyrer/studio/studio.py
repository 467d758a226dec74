"""`Studio`: the packages rez sees under one configuration, family by family, as the solver needs them."""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pyrer

from pyrer.studio.config import StudioConfig
from pyrer.studio.definitions import PackageRecord, read_locations
from pyrer.studio.evaluated import evaluate_records
from pyrer.studio.filters import PackageFilterList, PackageView, resolve_filter
from pyrer.studio.layout import LayoutRules, PackageLocation, family_locations, family_names, location_of

_HAS_EXTRAS = all(hasattr(pyrer.PackageData, attr) for attr in ("timestamp", "excluded"))
_HAS_LOAD_ERROR = hasattr(pyrer.PackageData, "load_error")


class FamilyError(Exception):
    """A family rez cannot even list (e.g. a version folder whose name is not a version): every resolve
    that needs the family fails with this message, as rez's does."""


@dataclass(frozen=True)
class PackageProblem:
    """Something about a package file a user should hear of (pyrer never drops a package silently)."""

    path: str
    message: str
    severity: str = "warning"  # "error" | "warning" | "information"


@dataclass(frozen=True)
class FamilyView:
    """One family as rez sees it: its packages in packages-path order (the first of equal versions kept)."""

    name: str
    records: Tuple[PackageRecord, ...] = ()
    excluded: Dict[str, str] = field(default_factory=dict)  # qualified name -> the filter rule hiding it
    problems: Tuple[PackageProblem, ...] = ()
    error: Optional[str] = None  # the family cannot be listed (FamilyError)

    @functools.cached_property
    def builds_differently(self) -> bool:
        """A build resolve reads this family otherwise than a runtime one (a package has build_requires, or
        they are set by code)."""
        return self.error is None and any(_builds_differently(r) for r in self.records)

    def record(self, version: str) -> Optional[PackageRecord]:
        for r in self.records:
            if r.version == version:
                return r
        return None


def _builds_differently(record: PackageRecord) -> bool:
    """A build resolve sees this package otherwise than a runtime one (`_package_data` with `building`)."""
    return record.error is None and (record.build_requires is None or bool(record.build_requires))


def _package_data(record: PackageRecord, building: bool, excluded: bool) -> Optional[pyrer.PackageData]:
    requires = list(record.requires)
    variants = [list(v) for v in record.variants]
    error = record.error
    if building and error is None:
        if record.build_requires is None:
            error = "%s: its build_requires are set by code, which pyrer does not run here" % record.qualified_name
        elif record.build_requires:
            build = list(record.build_requires)  # rez's Variant.get_requires(build_requires=True)
            if variants:
                variants = [v + build for v in variants]
            else:
                requires = requires + build
    kwargs = {}
    if _HAS_EXTRAS:
        kwargs["timestamp"] = record.timestamp or 0
        kwargs["excluded"] = excluded
    elif excluded:
        return None
    if error is not None:
        if not _HAS_LOAD_ERROR:
            return None
        kwargs["load_error"] = error
    return pyrer.PackageData(record.name, record.version, requires, variants, **kwargs)


class Studio:
    """The configuration, packages paths and repository rules of one rez set-up; families read lazily and kept
    until a file under them changes. `overlay(path)` gives an unsaved buffer's text for a definition file."""

    def __init__(self, config: StudioConfig, overlay: Optional[Callable[[str], Optional[str]]] = None,
                 evaluator: Any = None) -> None:
        self.config = config
        self.evaluator = evaluator  # a pyrer.evaluation.Evaluator: computed packages are loaded by rez in it
        self.paths: Tuple[str, ...] = tuple(config.packages_path)
        self.rules = LayoutRules(config.package_filenames, config.allow_unversioned_packages,
                                 config.check_package_definition_files)
        self.filter, self.filter_problems = resolve_filter(config.package_filter, config.timestamp)
        self.overlay = overlay or (lambda path: None)
        self._lock = threading.RLock()
        self._names: Optional[List[str]] = None
        self._views: Dict[str, FamilyView] = {}
        self._data: Dict[Tuple[str, bool], Tuple[pyrer.PackageData, ...]] = {}

    # --- what the solver is given -------------------------------------------------------------
    @property
    def implicit_packages(self) -> List[str]:
        return list(self.config.implicit_packages)

    def solve_options(self) -> dict:
        """Keyword arguments for `pyrer.solve` that come from the configuration."""
        options = {"variant_select_mode": self.config.variant_select_mode,
                   "error_on_missing_variant_requires": self.config.error_on_missing_variant_requires}
        if self.config.package_orderers:
            options["package_orderers"] = list(self.config.package_orderers)
        return options

    def load_family(self, name: str, building: bool = False) -> Tuple[pyrer.PackageData, ...]:
        """The family's packages for the solver (the same tuple until the family changes); () when unknown.
        Raises FamilyError when rez cannot list the family."""
        key = (name, building)
        with self._lock:
            cached = self._data.get(key)
        if cached is not None:
            return cached
        view = self.family(name)
        if view.error is not None:
            raise FamilyError(view.error)
        if building and not view.builds_differently:
            # the same packages either way: the same tuple, so a build solve reuses what a runtime solve built
            out = self.load_family(name, False)
            with self._lock:
                if self._views.get(name) is view:
                    self._data[key] = out
            return out
        data = []
        for record in view.records:
            item = _package_data(record, building, record.qualified_name in view.excluded)
            if item is not None:
                data.append(item)
        out = tuple(data)
        with self._lock:
            if self._views.get(name) is view:
                self._data[key] = out
        return out

    def builds_differently(self, name: str) -> bool:
        """A build resolve reads this family otherwise than a runtime one (a package has build_requires, or
        they are set by code)."""
        return self.family(name).builds_differently

    # --- families -----------------------------------------------------------------------------
    def family_names(self) -> List[str]:
        """Every family in the packages paths, sorted."""
        with self._lock:
            if self._names is not None:
                return self._names
        names = sorted({name for root in self.paths for name, _ in family_names(root)})
        with self._lock:
            self._names = names
        return names

    def locations(self, name: str) -> List[PackageLocation]:
        """Every listed package of the family, path by path (shadowed ones included)."""
        return [loc for root in self.paths for loc in family_locations(root, name, self.rules)]

    def family(self, name: str) -> FamilyView:
        with self._lock:
            view = self._views.get(name)
        if view is not None:
            return view
        view = self._read_family(name)
        with self._lock:
            self._views[name] = view
        return view

    def _read_family(self, name: str) -> FamilyView:
        locations = self.locations(name)
        problems: List[PackageProblem] = []
        kept: List[PackageLocation] = []
        seen: Dict[pyrer.Version, PackageLocation] = {}
        for loc in locations:
            try:
                version = pyrer.Version(loc.version)
            except pyrer.VersionError as e:
                return FamilyView(name, error="VersionError: %s (the folder %s)" % (e, loc.folder),
                                  problems=(PackageProblem(loc.folder, "rez cannot list family %r: %s" % (name, e),
                                                           "error"),))
            first = seen.get(version)
            if first is None:
                seen[version] = loc
                kept.append(loc)
            elif first.root == loc.root:
                problems.append(PackageProblem(loc.definition or loc.folder, (
                    "%s-%s and %s-%s are one version spelled two ways: rez keeps either one, at random from one process "
                    "to the next; pyrer keeps %s-%s") % (name, first.version, name, loc.version, name, first.version)))
        records = read_locations(kept, self.overlay, extras=True)
        if self.evaluator is not None:
            records = evaluate_records(records, self.evaluator)
        excluded: Dict[str, str] = {}
        if self.filter:
            for record in records:
                rule = self.filter.excludes(PackageView(record.name, record.version, _stamp_of(record)))
                if rule is not None:
                    excluded[record.qualified_name] = str(rule)
        for record in records:
            if record.error and (record.computed or self.evaluator is not None and "rez cannot load it" in record.error):
                problems.append(PackageProblem(record.location.definition or record.location.folder, record.error,
                                               "information"))
        return FamilyView(name, tuple(records), excluded, tuple(problems))

    # --- changes ------------------------------------------------------------------------------
    def family_of(self, path: str) -> Optional[str]:
        """The family a definition file under one of the packages paths belongs to."""
        found = location_of(path, self.paths)
        return found[1] if found else None

    def invalidate(self, path: Optional[str] = None) -> Optional[str]:
        """Forget what was read: the family `path` belongs to (returned), or everything (None)."""
        with self._lock:
            self._names = None
            family = self.family_of(path) if path else None
            if family is None:
                inside = path is not None and any(
                    os.path.abspath(path) == root or os.path.abspath(path).startswith(root + os.sep)
                    for root in self.paths)
                if path is None or inside:
                    self._views.clear()
                    self._data.clear()
                return None
            self._views.pop(family, None)
            self._data.pop((family, False), None)
            self._data.pop((family, True), None)
            return family


def _stamp_of(record: PackageRecord) -> Callable[[], Optional[int]]:
    return lambda: record.timestamp
