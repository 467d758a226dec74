"""The rez shim: `Resolver._solve` asks pyrer first and falls back to rez's own solver."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from typing import Any, Iterator, Optional

from pyrer.rez.fallback import fallback_reason

_ORIGINAL = "_pyrer_original_solve"
ENV_LOG = "PYRER_REZ_SHIM_LOG"


@dataclass
class ShimOutcome:
    """What the shim did for the latest resolve in this process."""

    used_pyrer: bool
    reason: str = ""  # why rez's solver was used instead
    seconds: float = 0.0


last_outcome: Optional[ShimOutcome] = None


def _log(message: str) -> None:
    if os.environ.get(ENV_LOG, "").strip() not in ("", "0"):
        print("pyrer-rez-shim: %s" % message, file=sys.stderr)


def _record(outcome: ShimOutcome, resolver: Any) -> None:
    global last_outcome
    last_outcome = outcome
    resolver.pyrer_outcome = outcome


def _solve(resolver: Any, original: Any) -> Any:
    """Body of the patched `Resolver._solve`: pyrer's stand-in when pyrer solves, else rez's Solver."""
    from pyrer.rez.standin import solve_for_resolver

    reason = fallback_reason(resolver)
    if reason is None:
        try:
            standin, reason = solve_for_resolver(resolver)
        except Exception as e:  # never let the shim break a resolve: rez decides
            standin, reason = None, "pyrer raised %s: %s" % (type(e).__name__, e)
        if standin is not None:
            _record(ShimOutcome(True, "", standin.solve_time), resolver)
            _log("solved by pyrer in %.3fs (%d packages)" % (standin.solve_time, len(standin.resolved_packages)))
            return standin
    _record(ShimOutcome(False, reason or ""), resolver)
    _log("rez's solver used: %s" % reason)
    return original(resolver)


def install(resolver_class: Any = None) -> bool:
    """Patch rez's `Resolver` (default `rez.resolver.Resolver`); False if it already was."""
    if resolver_class is None:
        from rez.resolver import Resolver as resolver_class
    if _ORIGINAL in resolver_class.__dict__:
        return False
    original = resolver_class._solve

    def _pyrer_solve(self: Any) -> Any:
        return _solve(self, original)

    _pyrer_solve.__doc__ = "Solve with pyrer, falling back to rez's solver (installed by pyrer.rez.shim)."
    setattr(resolver_class, _ORIGINAL, original)
    resolver_class._solve = _pyrer_solve
    return True


def uninstall(resolver_class: Any = None) -> bool:
    """Restore rez's own `Resolver._solve`; False if the shim was not installed."""
    if resolver_class is None:
        from rez.resolver import Resolver as resolver_class
    original = resolver_class.__dict__.get(_ORIGINAL)
    if original is None:
        return False
    resolver_class._solve = original
    delattr(resolver_class, _ORIGINAL)
    return True


def is_installed(resolver_class: Any = None) -> bool:
    """True if rez's `Resolver` currently solves through pyrer."""
    if resolver_class is None:
        mod = sys.modules.get("rez.resolver")
        resolver_class = getattr(mod, "Resolver", None)
        if resolver_class is None:
            return False
    return _ORIGINAL in resolver_class.__dict__


@contextlib.contextmanager
def shim_enabled() -> Iterator[None]:
    """`with shim_enabled(): ...` resolves through pyrer inside the block only."""
    installed_here = install()
    try:
        yield
    finally:
        if installed_here:
            uninstall()
