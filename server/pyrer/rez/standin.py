"""A solved pyrer resolve dressed as the rez `Solver` that `Resolver._solver_to_dict` reads."""

from __future__ import annotations

import time
from typing import Any, List, Optional, Tuple

from pyrer.rez.graph import solved_graph, solved_variants
from pyrer.rez.loader import RezFamilyLoader
from pyrer.rez.studio_loader import StudioFamilyLoader, filesystem_paths, resolver_config


class _Variant:
    """A resolved variant as `Resolver._solver_to_dict` reads it (`handle`), plus its rez Variant."""

    __slots__ = ("variant", "handle")

    def __init__(self, variant: Any) -> None:
        self.variant = variant
        self.handle = variant.handle.to_dict()

    def __str__(self) -> str:
        return self.variant.qualified_name


class PyrerSolve:
    """What rez's `Resolver` needs from a finished, solved `Solver`: `status`, `resolved_packages`
    (each with a `handle`), `resolved_ephemerals`, `get_graph()`, `solve_time`, `load_time`."""

    abort_reason = None

    def __init__(self, result: Any, request_list: Any, variants: List[Any], ephemerals: List[Any],
                 solve_time: float, load_time: float) -> None:
        from rez.solver import SolverStatus

        self.result = result
        self.status = SolverStatus.solved
        self.request_list = request_list
        self.resolved_packages = [_Variant(v) for v in variants]
        self.resolved_ephemerals = ephemerals
        self.solve_time = solve_time
        self.load_time = load_time
        self.num_solves = result.num_iterations
        self._graph = None

    def get_graph(self) -> Any:
        if self._graph is None:
            self._graph = solved_graph(
                self.request_list, solved_variants(self.result.resolved_packages), self.resolved_ephemerals,
                single_phase=self.num_solves == 1,
            )
        return self._graph

    def failure_description(self) -> Optional[str]:
        return None


def solve_for_resolver(resolver: Any, read_file: Any = None) -> Tuple[Optional[PyrerSolve], str]:
    """Solve a rez `Resolver`'s request with pyrer: (stand-in, "") when solved, else (None, why)."""
    import pyrer
    from pyrer._package_order import normalise_orderers, uses_timestamps
    from rez.config import config
    from rez.version import Requirement, RequirementList

    t0 = time.time()
    orderers = resolver.package_orderers
    if read_file is None and filesystem_paths(resolver.package_paths):
        # what rez sees, read as pyrer check and the editor read it (pyrer.studio)
        loader: Any = StudioFamilyLoader(resolver_config(resolver), building=resolver.building)
    else:  # other repository types: rez lists the packages, pyrer reads the files
        loader = RezFamilyLoader(
            resolver.package_paths, resolver.package_filter, building=resolver.building, read_file=read_file,
            timestamps=uses_timestamps(normalise_orderers(orderers)),
        )
    requests = [str(r) for r in resolver.package_requests]
    try:
        result = pyrer.solve(
            requests,
            load_family=loader.load_family,
            variant_select_mode=config.variant_select_mode,
            error_on_missing_variant_requires=config.error_on_missing_variant_requires,
            package_orderers=orderers,
        )
    finally:
        loader.flush()
    if result.status != "solved":
        return None, "pyrer %s: %s" % (result.status, result.failure_description)
    variants = [loader.rez_variant(v.name, v.version, v.variant_index) for v in result.resolved_packages]
    ephemerals = [Requirement(s) for s in result.resolved_ephemerals]
    request_list = RequirementList(list(resolver.package_requests))
    elapsed = time.time() - t0
    limit = _time_limit(resolver)
    if limit is not None and elapsed > limit:
        return None, "pyrer took %.2fs, over the time limit of %ss" % (elapsed, limit)
    _notify_loads(resolver, variants)
    return PyrerSolve(result, request_list, variants, ephemerals, elapsed, loader.stats.seconds), ""


def _notify_loads(resolver: Any, variants: List[Any]) -> None:
    """Call the resolver's package-load callback once per resolved package (rez calls it for every
    package it expands; ResolvedContext only counts the calls)."""
    callback = resolver.package_load_callback
    if callback is None:
        return
    for variant in variants:
        callback(variant.parent)


def _time_limit(resolver: Any) -> Optional[float]:
    limit = getattr(resolver.callback, "time_limit", -1)
    return None if limit in (None, -1) else float(limit)
