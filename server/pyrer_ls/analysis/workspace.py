"""Repositories, settings and the family cache shared by every analysis (lazy, thread-safe, invalidated by file events)."""

from __future__ import annotations

import difflib
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from collections import OrderedDict
from typing import Callable, Dict, FrozenSet, Hashable, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

import pyrer
from pyrer.studio import FamilyView, Studio, StudioConfig, read_studio_config
from pyrer.studio.config import ConfigurationError
from pyrer.studio.consent import HOW_REPOSITORIES_LSP, HOW_WORKSPACE_LSP, Consent
from pyrer.studio.evaluated import evaluator_for, rez_installed

_DEFAULT: object = object()

DEFAULT_REQUEST_GLOBS = ["*.rez-requests", "rez-requests.txt"]
FAMILY_NAMES = "*"  # what `Workspace.recording` notes for a read of the list of family names (no family is named so)
SOLVE_CACHE_SIZE = 256  # resolves kept between analyses (a few per open document and context)


def _version_order(pkg) -> tuple:
    """A package's place in a deterministic order: by version, unparsable versions first, by their text."""
    try:
        return (1, pyrer.Version(pkg.version), "")
    except pyrer.VersionError:
        return (0, None, str(pkg.version))


@dataclass
class Settings:
    """The `pyrer` settings section (LSP initializationOptions / workspace/configuration, or CLI flags).

    rez's own settings are read from rez's configuration (`pyrer.studio`); a value set here overrides that one
    item (None: rez's)."""

    packages_path: List[str] = field(default_factory=list)
    variant_select_mode: Optional[str] = None
    implicit_packages: Optional[List[str]] = None
    package_filter: Optional[list] = None  # rez's POD form
    package_orderers: Optional[list] = None  # rez's POD form
    error_on_missing_variant_requires: Optional[bool] = None
    use_rez_config: bool = True  # False: rez's documented defaults and REZ_* variables only
    request_file_globs: List[str] = field(default_factory=lambda: list(DEFAULT_REQUEST_GLOBS))
    time_budget: float = 10.0  # seconds one resolve may run before it is reported as PYRER012
    max_iterations: Optional[int] = None  # phase solves one resolve may run (None: no limit)
    file_watcher: str = "auto"  # who watches the packages paths: "auto", "client" or "server" (file_watching.py)
    evaluate_workspace_packages: bool = False  # the client trusts the workspace (VS Code workspace trust)
    evaluate_repository_packages: bool = True
    evaluation_time_limit: float = 5.0  # seconds rez may take to evaluate one package.py (the worker is then killed)
    # how a user of this front end allows each evaluation (not settings: the CLI says its flags)
    how_to_allow_workspace: str = HOW_WORKSPACE_LSP
    how_to_allow_repositories: str = HOW_REPOSITORIES_LSP
    debounce_ms: float = 0.0  # the language server waits this long after an edit before analysing (0: at once)

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
        if isinstance(data.get("packageFilter"), (list, dict)):
            s.package_filter = data["packageFilter"] if isinstance(data["packageFilter"], list) else [data["packageFilter"]]
        if isinstance(data.get("packageOrderers"), list):
            s.package_orderers = list(data["packageOrderers"])
        if isinstance(data.get("errorOnMissingVariantRequires"), bool):
            s.error_on_missing_variant_requires = data["errorOnMissingVariantRequires"]
        if isinstance(data.get("useRezConfig"), bool):
            s.use_rez_config = data["useRezConfig"]
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
        limit = data.get("evaluationTimeLimit")
        if isinstance(limit, (int, float)) and not isinstance(limit, bool) and 0 < limit < float("inf"):
            s.evaluation_time_limit = float(limit)
        debounce = data.get("debounceMs")
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and 0 <= debounce <= 60_000:
            s.debounce_ms = float(debounce)
        for key, attr in (("evaluateWorkspacePackages", "evaluate_workspace_packages"),
                          ("evaluateRepositoryPackages", "evaluate_repository_packages")):
            if isinstance(data.get(key), bool):
                setattr(s, attr, data[key])
        return s

    def studio_config(self, paths: Optional[Sequence[str]] = None) -> StudioConfig:
        """rez's configuration with these settings (and `paths`, when given) applied item by item."""
        base = rez_configuration(self.use_rez_config)
        try:
            return base.with_overrides(
                packages_path=list(paths) if paths is not None else (self.packages_path or None),
                variant_select_mode=self.variant_select_mode, implicit_packages=self.implicit_packages,
                package_filter=self.package_filter, package_orderers=self.package_orderers,
                error_on_missing_variant_requires=self.error_on_missing_variant_requires)
        except ConfigurationError as e:
            return replace(base, notes=base.notes + ("pyrer setting ignored: %s" % e,))


_CONFIGS: Dict[bool, StudioConfig] = {}
_CONFIG_LOCK = threading.Lock()


def rez_configuration(use_rez: bool = True, reload: bool = False) -> StudioConfig:
    """rez's configuration, read once per process (again with `reload`, e.g. on pyrer.reindex)."""
    with _CONFIG_LOCK:
        if reload or use_rez not in _CONFIGS:
            _CONFIGS[use_rez] = read_studio_config(use_rez=use_rez)
        return _CONFIGS[use_rez]


def default_packages_path() -> List[str]:
    """rez's configured packages_path (rez's defaults and REZ_PACKAGES_PATH when rez is not importable)."""
    return list(rez_configuration().packages_path)


class Cancelled(Exception):
    """Raised inside an analysis whose document has been edited again."""


class Workspace:
    """What rez sees (a `pyrer.studio.Studio`) plus what an editor adds: unsaved buffers overlaying files on
    disk, and resolves kept until a family they loaded changes.

    Evaluation (rez loading computed package.py files in the evaluation worker) as the settings allow it:
    repository packages (`evaluate_repository_packages`), and the workspace's own files: the documents, their
    unsaved buffers and every package under `workspace_roots` (`evaluate_workspace_packages`). `evaluator`: the
    `pyrer.evaluation.Evaluator` to use (default: the one shared for this configuration, when rez is installed
    and something may be evaluated)."""

    def __init__(self, paths: Optional[Sequence[str]] = None, settings: Optional[Settings] = None,
                 config: Optional[StudioConfig] = None, workspace_roots: Sequence[str] = (),
                 evaluator: object = _DEFAULT, virtual: Optional[Dict[str, str]] = None) -> None:
        self.settings = settings or Settings()
        if config is None:
            config = self.settings.studio_config(paths)
        elif paths is not None:
            config = config.with_overrides(packages_path=list(paths))
        s = self.settings
        wanted = s.evaluate_workspace_packages or s.evaluate_repository_packages
        if evaluator is _DEFAULT:
            evaluator = evaluator_for(config, time_limit=s.evaluation_time_limit) if wanted else None
        self.evaluator = evaluator
        self.consent = Consent.of(s.evaluate_repository_packages, s.evaluate_workspace_packages, workspace_roots,
                                  s.how_to_allow_repositories, s.how_to_allow_workspace,
                                  available=evaluator is not None or not wanted and rez_installed())
        self._overlays: Dict[str, str] = {}
        self.studio = Studio(config, overlay=lambda path: self._overlays.get(os.path.abspath(path)) if self._overlays else None,
                             evaluator=evaluator, consent=self.consent, virtual=virtual)
        self._recorders = threading.local()  # the families read by this thread's current `recording()` block
        self.paths = list(self.studio.paths)
        self._lock = threading.RLock()
        self._close: Dict[str, List[str]] = {}  # "did you mean" answers for the current family names
        self._close_for: Optional[List[str]] = None
        self._versions: Dict[str, Tuple[object, List[pyrer.Version]]] = {}  # by family view
        self._in_range: Dict[Tuple[str, Optional[str]], Tuple[List[pyrer.Version], List[str]]] = {}
        self._packages_in_range: Dict[Tuple[str, Optional[str]], Tuple[object, list]] = {}  # by family tuple
        self._mentions: Dict[str, Tuple[object, Tuple[str, ...], frozenset]] = {}  # by family tuple
        self._reached: Tuple[int, Dict[str, frozenset]] = (-1, {})  # (generation, start -> names reached)
        self._reached_reads: Dict[str, frozenset] = {}  # start -> the families its walk read
        self._builds_like: Tuple[int, Dict[FrozenSet[str], bool]] = (0, {})  # builds_like_runtime, per generation
        self._generation = 0  # bumped by every invalidation: solves started before it are not kept
        self.solve_cache_size = SOLVE_CACHE_SIZE  # an audit keeps more (documents of one family share requests)
        # request key -> (SolveResult, families the solve loaded): the reverse index of which resolves a
        # changed family invalidates
        self._solves: "OrderedDict[Hashable, Tuple[object, frozenset]]" = OrderedDict()
        self.solves_run = 0  # pyrer.solve calls made (answers from the cache not counted): what an edit cost

    @property
    def config(self) -> StudioConfig:
        return self.studio.config

    @property
    def generation(self) -> int:
        """Bumped whenever a family is forgotten (a file changed, an unsaved buffer of a package changed)."""
        return self._generation

    @property
    def implicit_packages(self) -> List[str]:
        return self.studio.implicit_packages

    # --- what an analysis read --------------------------------------------------------
    @contextmanager
    def recording(self) -> Iterator[Set[str]]:
        """The names of the families read on this thread inside the block (a resolve answered from the solve
        cache counts every family it loaded; FAMILY_NAMES: the list of family names): what an analysis' result
        depends on besides its text and the settings."""
        outer = getattr(self._recorders, "names", None)
        names: Set[str] = set()
        self._recorders.names = names
        try:
            yield names
        finally:
            self._recorders.names = outer
            if outer is not None:
                outer |= names

    def _note(self, name: str) -> None:
        names = getattr(self._recorders, "names", None)
        if names is not None:
            names.add(name)

    # --- file events -------------------------------------------------------------------
    def family_of(self, path: str) -> Optional[str]:
        """The family a definition file under one of the packages paths belongs to."""
        return self.studio.family_of(path)

    def on_packages_path(self, path: str) -> bool:
        """The file lies under one of the packages paths (a change to it may change what a resolve reads)."""
        return _inside(path, self.paths)

    def invalidate(self, path: Optional[str] = None) -> None:
        """Forget cached families: the one `path` belongs to, or all of them."""
        with self._lock:
            self._generation += 1
            family = self.studio.invalidate(path)
            if family is not None:
                for key in [k for k, (_r, loaded) in self._solves.items() if family in loaded]:
                    del self._solves[key]
            elif path is None or self.studio.family_of(path) is None and _inside(path, self.paths):
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

    # --- solving -----------------------------------------------------------------------
    def solve(self, key: Hashable, run: Callable[[Set[str]], object]) -> object:
        """`run(loaded)` (a pyrer.solve over these families, adding each family it loads to `loaded`), or the
        result for the same `key` while none of the families it loaded has changed: an edit that leaves a
        document's requests alone, or changes a package it does not depend on, costs no solve."""
        return self.solve_reading(key, run)[0]

    def solve_reading(self, key: Hashable, run: Callable[[Set[str]], object]) -> Tuple[object, FrozenSet[str]]:
        """`solve`, with the families the solve read."""
        with self._lock:
            hit = self._solves.get(key)
            if hit is not None:
                self._solves.move_to_end(key)
                names = getattr(self._recorders, "names", None)
                if names is not None:
                    names |= hit[1]
                return hit
            generation = self._generation
        loaded: Set[str] = set()
        result = run(loaded)
        reading = frozenset(loaded)
        # a resolve stopped by the clock or a cancel is not repeatable; one stopped by its phase count is
        if getattr(result, "abort_reason", None) in (None, "max_iterations"):
            with self._lock:
                if generation == self._generation:
                    self._solves[key] = (result, reading)
                    while len(self._solves) > self.solve_cache_size:
                        self._solves.popitem(last=False)
        return result, reading

    def builds_like_runtime(self, families: Iterable[str]) -> bool:
        """True when a build resolve reads each of these families exactly as a runtime resolve does (no package
        in them has build_requires): over them, a build solve is the runtime solve. Kept per set of families
        (a resolve's `reading`) until a family changes."""
        key = families if isinstance(families, frozenset) else frozenset(families)
        with self._lock:
            memo = self._builds_like
            if memo[0] != self._generation:
                memo = self._builds_like = (self._generation, {})
            known = memo[1].get(key)
        if known is None:
            known = not any(self.studio.builds_differently(name) for name in key)
            with self._lock:
                if len(memo[1]) > 50_000:
                    memo[1].clear()
                memo[1][key] = known
        return known

    def building_twin(self, requests: Sequence[str]) -> Optional[object]:
        """The kept runtime resolve of the same requests when none of the families it read has build requirements:
        a build resolve of those requests sees the very same packages, so it gives the very same answer."""
        twin = self.building_twin_reading(requests)
        return None if twin is None else twin[0]

    def building_twin_reading(self, requests: Sequence[str]) -> Optional[Tuple[object, FrozenSet[str]]]:
        """`building_twin`, with the families the runtime solve read."""
        with self._lock:
            hit = self._solves.get(self.solve_key(requests, False))
        if hit is None or not all(self.studio.same_for_building(name) for name in hit[1]):
            return None
        names = getattr(self._recorders, "names", None)
        if names is not None:
            names |= hit[1]
        return hit

    def solve_key(self, requests: Sequence[str], building: bool = False) -> Hashable:
        """What a resolve's answer depends on besides the families: the requests and the settings."""
        s = self.settings
        return (tuple(requests), building, s.time_budget, s.max_iterations)

    def run_solve(self, requests: Sequence[str], building: bool = False,
                  load_family: Optional[Callable[[str], object]] = None, **limits) -> pyrer.SolveResult:
        """`pyrer.solve` as rez would run it here: this configuration's variant mode, orderers and rules;
        `building` reads every package with its build_requires, as rez's solver does in a build."""
        if load_family is None:
            load_family = (lambda name: self.load_family(name, True)) if building else self.load_family
        options = self.studio.solve_options()
        with self._lock:
            self.solves_run += 1
        limits.setdefault("time_budget", self.settings.time_budget)
        limits.setdefault("max_iterations", self.settings.max_iterations)
        return pyrer.solve(list(requests), load_family=load_family, **options, **limits)

    # --- reading -----------------------------------------------------------------------
    def family_names(self) -> List[str]:
        self._note(FAMILY_NAMES)
        return self.studio.family_names()

    def load_family(self, name: str, building: bool = False) -> Tuple[pyrer.PackageData, ...]:
        """Every package of a family as the solver sees it (one per version; first packages path wins); () when
        unknown. A tuple, the same one until the family changes: pyrer reuses the family it built from it."""
        self._note(name)
        return self.studio.load_family(name, building)

    def family(self, name: str) -> FamilyView:
        self._note(name)
        return self.studio.family(name)

    def package_source(self, name: str, version: str) -> Optional[Tuple[str, str]]:
        """(path, text) of the definition file of one version (an open buffer wins over the disk), or None."""
        record = self.family(name).record(version)
        path = record.location.definition if record is not None else None
        if path is None:
            return None
        with self._lock:
            text = self._overlays.get(os.path.abspath(path))
        if text is None:
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
            except OSError:
                return None
        return path, text

    def close_family_names(self, name: str) -> List[str]:
        """Up to three known families spelled like `name` ("did you mean"), memoised until the names change."""
        names = self.family_names()
        with self._lock:
            if self._close_for is not names:
                self._close_for, self._close = names, {}
            cached = self._close.get(name)
        if cached is None:
            cached = [c for c in difflib.get_close_matches(name, names, n=4, cutoff=0.6) if c != name][:3]
            with self._lock:
                self._close[name] = cached
        return cached

    def exists(self, name: str) -> bool:
        """True when rez lists the family (even if every package is hidden or unreadable)."""
        view = self.family(name)
        return bool(view.records) or view.error is not None

    def versions(self, name: str) -> List[pyrer.Version]:
        """The versions of a family the package filter leaves visible, ascending (kept with the family)."""
        view = self.family(name)
        with self._lock:
            cached = self._versions.get(name)
            if cached is not None and cached[0] is view:
                return cached[1]
        versions = sorted(pyrer.Version(r.version) for r in view.records if r.qualified_name not in view.excluded)
        with self._lock:
            self._versions[name] = (view, versions)
        return versions

    def excluded(self, name: str) -> Dict[str, str]:
        """Versions of the family the package filter hides: version -> the rule."""
        view = self.family(name)
        return {r.version: view.excluded[r.qualified_name] for r in view.records if r.qualified_name in view.excluded}

    def versions_in_range(self, name: str, rng: Optional[pyrer.VersionRange]) -> List[str]:
        """The visible versions of a family that `rng` contains, highest first (kept until the family changes)."""
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


    def packages_in_range(self, name: str, rng: Optional[pyrer.VersionRange]) -> List[pyrer.PackageData]:
        """The family's packages whose version `rng` contains, highest first (kept until the family changes)."""
        family = self.load_family(name)
        key = (name, None if rng is None else str(rng))
        with self._lock:
            cached = self._packages_in_range.get(key)
            if cached is not None and cached[0] is family:
                return cached[1]
        found = []
        for p in family:
            try:
                v = pyrer.Version(p.version)
            except pyrer.VersionError:
                continue
            if rng is None or rng.contains_version(v):
                found.append((v, p))
        found.sort(key=lambda vp: vp[0], reverse=True)
        out = [p for _, p in found]
        with self._lock:
            if len(self._packages_in_range) > 20000:
                self._packages_in_range.clear()
            self._packages_in_range[key] = (family, out)
        return out

    def family_mentions(self, name: str, family_of: Callable[[str], str]) -> Tuple[Tuple[str, ...], frozenset]:
        """The families the family's packages require, in the order they first appear (requires, then variants,
        package by package; conflict requirements left out), and every family named, conflicts included."""
        packages = self.load_family(name)
        with self._lock:
            cached = self._mentions.get(name)
            if cached is not None and cached[0] is packages:
                return cached[1], cached[2]
        order: Dict[str, None] = {}
        named = set()
        # highest version first, whatever order the family was listed in (rez lists version folders in a
        # Python set's order, which changes with the hash seed: the bounded walks over this order must not)
        for pkg in sorted(packages, key=_version_order, reverse=True):
            for r in list(pkg.requires or []) + [r for v in (pkg.variants or []) for r in v]:
                text = str(r)
                fam = family_of(text)
                named.add(fam)
                if not text.startswith("!"):
                    order.setdefault(fam, None)
        out = (tuple(order), frozenset(named))
        with self._lock:
            self._mentions[name] = (packages, out[0], out[1])
        return out

    def reached_names(self, start: str, compute: Callable[[], frozenset]) -> frozenset:
        """`compute()` (the families reachable from `start`), kept until any family changes."""
        with self._lock:
            generation, known = self._reached
            if generation != self._generation:
                known = {}
                self._reached = (self._generation, known)
            found = known.get(start)
        if found is None:
            with self.recording() as reads:
                found = compute()
            with self._lock:
                if self._reached[0] == generation:
                    self._reached[1][start] = found
                    self._reached_reads[start] = frozenset(reads)
        else:
            names = getattr(self._recorders, "names", None)
            if names is not None:
                names |= self._reached_reads.get(start, frozenset())
        return found

    def setting_notes(self, families: Sequence[str]) -> List[str]:
        """What the package filter and the orderers do to these families (for failure messages and hovers)."""
        notes = []
        for name in sorted(set(families)):
            hidden = self.excluded(name)
            if hidden:
                shown = sorted(hidden.items())[:3]
                notes.append("the package filter hides %s%s" % (", ".join(
                    "%s-%s (%s)" % (name, v, rule) for v, rule in shown), " and %d more" % (len(hidden) - 3)
                    if len(hidden) > 3 else ""))
            orderer = orderer_for(self.config.package_orderers, name)
            if orderer is not None:
                notes.append("package_orderers set the order %s's versions are tried in: %s" % (name, orderer))
        return notes


def orderer_for(orderers: Sequence[object], name: str) -> Optional[str]:
    """rez's PackageOrderList.get: the first orderer naming the family, else one for every family ("*")."""
    def named(o: object) -> List[str]:
        packages = o.get("packages") if isinstance(o, dict) else None
        if isinstance(o, dict) and o.get("type") == "per_family":
            packages = [p for sub in o.get("orderers") or [] if isinstance(sub, dict) for p in sub.get("packages") or []]
            if o.get("default_order"):
                packages = packages + ["*"]
        if packages is None:
            return ["*"]
        return [packages] if isinstance(packages, str) else list(packages)

    for wanted in (name, "*"):
        for o in orderers:
            if wanted in named(o):
                return _orderer_text(o)
    return None


def _orderer_text(o: object) -> str:
    if not isinstance(o, dict):
        return str(o)
    return ", ".join("%s=%s" % (k, v) for k, v in o.items() if k != "packages") or str(o)


def _inside(path: str, roots: Sequence[str]) -> bool:
    path = os.path.abspath(path)
    return any(path == root or path.startswith(root + os.sep) for root in roots)
