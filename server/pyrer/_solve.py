"""`pyrer.solve`: argument checks and the `load_family` calling convention around the native solver."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Iterable, Optional, Sequence

from pyrer._native import CancelToken, PackageData, Repository, SolveResult, solve_native
from pyrer._package_order import normalise_orderers


def _takes_range(load_family: Callable[..., Any]) -> bool:
    """True if the callback accepts a second (`version_range`) argument, as PyPI's pyrer assumes."""
    try:
        params = inspect.signature(load_family).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [
        p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    named = any(p.name == "version_range" or p.kind == p.VAR_KEYWORD for p in params)
    return len(positional) > 1 and named


def solve(
    package_requests: Sequence[str],
    packages: Optional[Iterable[PackageData] | Repository] = None,
    /,
    *,
    load_family: Optional[Callable[..., Iterable[PackageData]]] = None,
    variant_select_mode: str = "version_priority",
    filters: Any = None,
    max_iterations: Optional[int] = None,
    error_on_missing_variant_requires: bool = True,
    time_budget: Optional[float] = None,
    cancel: Optional[CancelToken] = None,
    package_orderers: Any = None,
    _searched: str = "",
) -> SolveResult:
    """Resolve rez requests against packages, exactly as rez 3.4.0's solver does.

    `max_iterations` (phase solves), `time_budget` (seconds) and `cancel` (a `CancelToken`
    another thread may set) stop a solve early: status "failed" with `aborted` true and
    `abort_reason` "max_iterations", "time_budget" or "cancelled" (never a conflict).

    `package_orderers`: rez's `package_orderers` (None: rez's default order), a list in rez's POD
    form (`[{"type": "version_split", "first_version": "3.0", "packages": ["foo"]}]`, old-style
    `(type, data)` pairs too) or rez `PackageOrder` objects / a `PackageOrderList`. Malformed
    orderers raise `ValueError`. `soft_timestamp` reads `PackageData.timestamp` of every package
    of a family, excluded ones included.
    """
    if packages is not None and not isinstance(packages, Repository):
        if isinstance(packages, (str, bytes)) or not hasattr(packages, "__iter__"):
            raise TypeError("packages must be a list of PackageData or a pyrer.Repository")
    if load_family is not None and not callable(load_family):
        raise TypeError("load_family must be callable")
    if max_iterations is not None and (not isinstance(max_iterations, int) or max_iterations < 0):
        raise TypeError("max_iterations must be a non-negative int or None")
    if time_budget is not None and (isinstance(time_budget, bool) or not isinstance(time_budget, (int, float))):
        raise TypeError("time_budget must be a number of seconds or None")
    if cancel is not None and not isinstance(cancel, CancelToken):
        raise TypeError("cancel must be a pyrer.CancelToken or None")
    del filters  # accepted for compatibility with PyPI's pyrer, which ignores it too
    orderers = normalise_orderers(package_orderers)
    return solve_native(
        package_requests,
        packages,
        load_family,
        load_family is not None and _takes_range(load_family),
        variant_select_mode,
        max_iterations,
        bool(error_on_missing_variant_requires),
        _searched,
        None if time_budget is None else float(time_budget),
        cancel,
        orderers,
    )
