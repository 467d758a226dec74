"""When a rez resolve must be left to rez's own solver: the settings pyrer does not model."""

from __future__ import annotations

from typing import Any, Optional

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


def fallback_reason(resolver: Any) -> Optional[str]:
    """Why `resolver` (a rez `Resolver`) must use rez's solver, or None if pyrer can solve it."""
    if resolver.verbosity:
        return "verbose resolve (rez prints its solver's steps)"
    if resolver.print_stats:
        return "solver statistics requested"
    if resolver.package_orderers:
        return "package orderers are configured (pyrer implements rez's default order only)"
    reason = unsupported_reason(resolver.package_filter)
    if reason is not None:
        return reason
    reason = _callback_reason(resolver.callback)
    if reason is not None:
        return reason
    if _user_load_callback(resolver.package_load_callback) is not None:
        return "a package_load_callback is set (it observes every package rez loads)"
    return None
