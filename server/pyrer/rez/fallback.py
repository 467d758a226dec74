"""When a rez resolve must be left to rez's own solver: the settings pyrer does not model."""

from __future__ import annotations

from typing import Any, Optional

from pyrer._package_order import normalise_orderers, uses_timestamps
from pyrer.rez.filters import unsupported_reason

_UNKNOWN = object()


def _user_load_callback(callback: Any) -> Any:
    """The caller's own package-load callback behind ResolvedContext's counting wrapper."""
    if callback is None:
        return None
    code = getattr(callback, "__code__", None)
    if code is None or not getattr(callback, "__qualname__", "").startswith("ResolvedContext.__init__"):
        return callback  # a callback handed straight to Resolver
    cells = dict(zip(code.co_freevars, callback.__closure__ or ()))
    cell = cells.get("package_load_callback")
    if cell is None:
        return _UNKNOWN
    try:
        return cell.cell_contents
    except ValueError:
        return _UNKNOWN


def _callback_reason(callback: Any) -> Optional[str]:
    """rez calls the solve callback after every step; only ResolvedContext's default one (no fail
    limit, no user callback; a time limit is checked after the solve) is equivalent to no callback."""
    if callback is None:
        return None
    from rez.resolved_context import ResolvedContext

    if type(callback) is not ResolvedContext.Callback:
        return "a solver callback is set (it observes every solve step)"
    if callback.max_fails != -1:
        return "max_fails is set (it counts rez's failed solve steps)"
    if callback.callback is not None:
        return "a solver callback is set (it observes every solve step)"
    return None


def _unknown_orderer(orderer: Any) -> Optional[str]:
    """The class name of an orderer object that is not one of rez's own (a plugin's may order
    differently), looking inside per_family orderers."""
    if isinstance(orderer, (dict, list, tuple)):
        return None  # POD form: its type names one of rez's classes, or normalise_orderers says no
    cls = type(orderer)
    if cls.__module__ != "rez.package_order":
        return cls.__name__
    inner = list(getattr(orderer, "order_dict", {}).values()) + [getattr(orderer, "default_order", None)]
    for sub in inner:
        if sub is not None:
            name = _unknown_orderer(sub)
            if name:
                return name
    return None


def _orderers_reason(orderers: Any, package_paths: Any) -> Optional[str]:
    """Why pyrer cannot apply `orderers` (the Resolver's `package_orderers`) as rez's Solver does."""
    from rez.config import config

    if orderers is None:
        if config.package_orderers:
            return ("package_orderers is None while rez's package_orderers config is set (rez's Solver "
                    "then applies the config to part of its variant sort only)")
        return None
    try:
        items = list(orderers) if isinstance(orderers, (list, tuple)) else [orderers]
        for orderer in items:
            name = _unknown_orderer(orderer)
            if name:
                return "package orderer of a class pyrer does not model: %s" % name
        normalised = normalise_orderers(orderers)
    except Exception as e:  # never let a strange orderer break the resolve: rez decides
        return "package orderers pyrer cannot read: %s" % e
    if uses_timestamps(normalised) and list(config.packages_path) != list(package_paths):
        # rez's soft_timestamp lists a family's packages on packages_path, not the resolve's paths
        return "a soft_timestamp orderer with package paths other than rez's packages_path"
    return None


def fallback_reason(resolver: Any) -> Optional[str]:
    """Why `resolver` (a rez `Resolver`) must use rez's solver, or None if pyrer can solve it."""
    if resolver.verbosity:
        return "verbose resolve (rez prints its solver's steps)"
    if resolver.print_stats:
        return "solver statistics requested"
    reason = _orderers_reason(resolver.package_orderers, resolver.package_paths)
    if reason is not None:
        return reason
    reason = unsupported_reason(resolver.package_filter)
    if reason is not None:
        return reason
    reason = _callback_reason(resolver.callback)
    if reason is not None:
        return reason
    if _user_load_callback(resolver.package_load_callback) is not None:
        return "a package_load_callback is set (it observes every package rez loads)"
    return None
