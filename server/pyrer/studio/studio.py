"""`Studio`: the packages rez sees under one configuration, family by family, as the solver needs them."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pyrer

from pyrer.studio.config import StudioConfig
from pyrer.studio.definitions import PackageRecord, read_locations
from pyrer.studio.consent import Consent
from pyrer.studio.evaluated import NOT_RUN, evaluate_records
from pyrer.studio.filters import PackageFilterList, PackageView, resolve_filter
from pyrer.studio.layout import (LayoutRules, PackageLocation, family_locations, family_names, family_stamp,
                                 location_of)

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
            error = "%s: its build_requires are set by code, which rez runs when it loads the package; %s" % (
                record.qualified_name, record.not_evaluated or NOT_RUN)
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
    until a file under them changes. `overlay(path)` gives an unsaved buffer's text for a definition file.

    `evaluator` (a pyrer.evaluation.Evaluator) loads the computed packages `consent` allows (all without one).
    `virtual`: definition files that do not exist on disk, {`<packages path>/<name>/<version>/package.py`: text},
    listed as if they did (a package about to be released, `pyrer impact`); one replaces a package of the same
    version in the same packages path."""

    def __init__(self, config: StudioConfig, overlay: Optional[Callable[[str], Optional[str]]] = None,
                 evaluator: Any = None, consent: Optional[Consent] = None,
                 virtual: Optional[Dict[str, str]] = None) -> None:
        self.config = config
        # a pyrer.evaluation.Evaluator: computed packages the consent allows (all without one) are loaded by rez in it
        self.evaluator = evaluator
        self.consent = consent
        self.paths: Tuple[str, ...] = tuple(config.packages_path)
        self.rules = LayoutRules(config.package_filenames, config.allow_unversioned_packages,
                                 config.check_package_definition_files)
        self.filter, self.filter_problems = resolve_filter(config.package_filter, config.timestamp)
        given = overlay or (lambda path: None)
        self.virtual = {os.path.abspath(p): text for p, text in (virtual or {}).items()}
        self.overlay = given if not self.virtual else (
            lambda path: self.virtual[os.path.abspath(path)] if os.path.abspath(path) in self.virtual else given(path))
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

    def same_for_building(self, name: str) -> bool:
        """True when a build resolve sees the family as a runtime resolve does (both fail alike when rez cannot
        list it)."""
        return not self.builds_differently(name)

    # --- families -----------------------------------------------------------------------------
    def family_names(self) -> List[str]:
        """Every family in the packages paths, sorted."""
        with self._lock:
            if self._names is not None:
                return self._names
        names = sorted({name for root in self.paths for name, _ in family_names(root)}
                       | {n for n in (self.family_of(p) for p in self.virtual) if n})
        with self._lock:
            self._names = names
        return names

    def locations(self, name: str) -> List[PackageLocation]:
        """Every listed package of the family, path by path (shadowed ones included)."""
        if not self.virtual:
            return [loc for root in self.paths for loc in family_locations(root, name, self.rules)]
        out = []
        for root in self.paths:
            listed = family_locations(root, name, self.rules)
            for path in self.virtual:
                found = location_of(path, [root])
                if found is not None and found[1] == name:
                    listed = [loc for loc in listed if loc.version != found[2]] + [
                        PackageLocation(root, name, found[2], os.path.dirname(path), path)]
            out += listed
        return out

    def family_stamp(self, name: str) -> str:
        """A digest of what decides this family (`layout.family_stamp` over every packages path): equal digests,
        equal family."""
        text = family_stamp(self.paths, name, self.rules)
        if self.virtual:
            text += "".join("\n%s|%s" % (p, hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest())
                            for p, t in sorted(self.virtual.items()) if self.family_of(p) == name)
        return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()

    def listing_stamp(self) -> str:
        """A digest of the family names of every packages path (what "did you mean" answers depend on)."""
        names = sorted({name for root in self.paths for name, _ in family_names(root)}
                       | {n for n in (self.family_of(p) for p in self.virtual) if n})
        return hashlib.blake2b("\n".join(names).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()

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
        listed = self._listed(name)
        if isinstance(listed, FamilyView):
            return listed
        kept, problems = listed
        return self._view(name, self._read(kept), problems)

    def preload(self, names: Sequence[str]) -> None:
        """Read these families now, every package file in one parallel batch (an audit of a whole repository)."""
        with self._lock:
            names = [n for n in names if n not in self._views]
        listed = {name: self._listed(name) for name in names}
        batch = [loc for found in listed.values() if not isinstance(found, FamilyView) for loc in found[0]]
        records = iter(self._read(batch))
        views = {}
        for name, found in listed.items():
            if isinstance(found, FamilyView):
                views[name] = found
            else:
                views[name] = self._view(name, [next(records) for _ in found[0]], found[1])
        with self._lock:
            for name, view in views.items():
                self._views.setdefault(name, view)

    def _listed(self, name: str):
        """The family's locations rez keeps (the first of equal versions) and the problems met, or a FamilyView
        with the error when rez cannot list the family."""
        problems: List[PackageProblem] = []
        kept: List[PackageLocation] = []
        seen: Dict[pyrer.Version, PackageLocation] = {}
        for loc in self.locations(name):
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
        return kept, problems

    def _read(self, locations: List[PackageLocation]) -> List[PackageRecord]:
        """The records of these locations, the computed ones evaluated where allowed."""
        return evaluate_records(read_locations(locations, self.overlay, extras=True), self.evaluator, self.consent,
                                self.overlay)

    def _view(self, name: str, records: List[PackageRecord], problems: List[PackageProblem]) -> FamilyView:
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
