"""One request solved by rez's own Solver and by pyrer, summarised as comparable outcomes."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from typing import Any, Iterator, List, Optional, Sequence, Set


@dataclass
class Outcome:
    """A solve summarised: status ("solved", "failed", "error"), the resolve in order, ephemerals,
    the failure text, and the families the solver looked at."""

    status: str
    resolved: List[str] = field(default_factory=list)
    ephemerals: List[str] = field(default_factory=list)
    failure: Optional[str] = None
    families: Set[str] = field(default_factory=set)

    def agrees_with(self, other: "Outcome") -> bool:
        """Same status and, when solved, the same ordered resolve and ephemerals. (Failure texts
        are not compared: only their status is part of the contract.)"""
        if self.status != other.status:
            return False
        return self.status != "solved" or (self.resolved == other.resolved and self.ephemerals == other.ephemerals)

    def describe(self) -> str:
        if self.status == "solved":
            text = " ".join(self.resolved + self.ephemerals)
            return "solved: %s" % (text or "(nothing)")
        return "%s: %s" % (self.status, self.failure)


def variant_label(name: str, version: str, index: Optional[int]) -> str:
    """rez's str() of a solver variant: 'foo-1.0[2]', 'foo-1.0[]', unversioned 'foo[]'."""
    return "%s[%s]" % ("%s-%s" % (name, version) if version else name, "" if index is None else index)


@contextlib.contextmanager
def rez_settings(variant_select_mode: str, error_on_missing_variant_requires: bool) -> Iterator[None]:
    """rez's config overridden for the duration of a solve."""
    from rez.config import config

    config.override("variant_select_mode", variant_select_mode)
    config.override("error_on_missing_variant_requires", error_on_missing_variant_requires)
    try:
        yield
    finally:
        config.remove_override("variant_select_mode")
        config.remove_override("error_on_missing_variant_requires")


def rez_outcome(request: Sequence[str], package_paths: Sequence[str], variant_select_mode: str = "version_priority",
                error_on_missing_variant_requires: bool = True) -> Outcome:
    """rez's `Solver` on `request` (no implicit packages, no filter, default orderers)."""
    from rez.solver import Solver, SolverStatus
    from rez.version import Requirement

    solver = None
    try:
        with rez_settings(variant_select_mode, error_on_missing_variant_requires):
            with contextlib.redirect_stderr(io.StringIO()):
                solver = Solver([Requirement(r) for r in request], list(package_paths), building=False)
                solver.solve()
    except Exception as e:  # rez aborts the solve
        out = Outcome("error", failure="%s: %s" % (type(e).__name__, e))
    else:
        if solver.status == SolverStatus.solved:
            out = Outcome(
                "solved",
                [variant_label(v.name, str(v.version), v.index) for v in solver.resolved_packages],
                [str(e) for e in solver.resolved_ephemerals],
            )
        else:
            out = Outcome("failed", failure=solver.failure_description())
    if solver is not None:
        out.families = set(solver.package_cache.variant_lists)
    return out


def pyrer_outcome(request: Sequence[str], packages: Any = None, load_family: Any = None,
                  variant_select_mode: str = "version_priority",
                  error_on_missing_variant_requires: bool = True) -> Outcome:
    """pyrer's solve of `request`, from a package list or a `load_family` callback."""
    import pyrer

    asked: Set[str] = set()
    callback = None
    if load_family is not None:
        def callback(name: str) -> Any:
            asked.add(name)
            return load_family(name)

    result = pyrer.solve(
        list(request), packages, load_family=callback, variant_select_mode=variant_select_mode,
        error_on_missing_variant_requires=error_on_missing_variant_requires,
    )
    if result.status == "solved":
        out = Outcome(
            "solved",
            [variant_label(v.name, v.version, v.variant_index) for v in result.resolved_packages],
            list(result.resolved_ephemerals),
        )
    else:
        out = Outcome(result.status, failure=result.failure_description)
    out.families = asked
    return out
