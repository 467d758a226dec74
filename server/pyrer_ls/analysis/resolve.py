"""Running one resolve context and mapping a failed solve back onto the requirement ranges involved."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, List, NamedTuple, Optional, Set, Tuple

import pyrer

from pyrer_ls.analysis.explain import Explanation, annotate, explain_failure
from pyrer_ls.analysis.model import Codes, Finding, RequirementRef, ResolveContext, Severity
from pyrer_ls.analysis.workspace import Cancelled, Workspace

CONFLICT_PAIR = re.compile(r"(\S+) <--!--> (\S+?)\)?(?=\s|,|$)")
_MISSING_FAMILY = re.compile(r"package family not found: ([^\s,]+)")
_MISSING_PACKAGE = re.compile(r"Package could not be found: (\S+)")
_INTERNAL = re.compile(r"The package (\S+?)(?:\[\d*\])? has an internal requirements conflict")


class ResolvedLabel(NamedTuple):
    """What an analysis keeps of a resolved variant (a tuple: hundreds are made per solve)."""

    name: str
    version: str
    variant_index: Optional[int]


@dataclass(frozen=True)
class SolveSummary:
    """What an analysis keeps of a SolveResult: small enough to cache (a SolveResult holds its families)."""

    status: str
    failure_description: Optional[str]
    solve_time_ms: float
    aborted: bool
    abort_reason: Optional[str]
    resolved_packages: Tuple[ResolvedLabel, ...]

    @classmethod
    def of(cls, r) -> "SolveSummary":
        return cls(r.status, r.failure_description, r.solve_time_ms, r.aborted, r.abort_reason, tuple(
            [ResolvedLabel(v.name, v.version, v.variant_index) for v in r.resolved_packages]))


@dataclass
class Outcome:
    """The result of one context's solve (status "skipped" when an earlier check already failed)."""

    context: ResolveContext
    status: str
    resolved: List[str] = field(default_factory=list)
    resolved_names: Dict[str, str] = field(default_factory=dict)  # family -> "name-version[i]"
    failure: Optional[str] = None
    time_ms: float = 0.0
    findings: List[Finding] = field(default_factory=list)
    explanation: Optional[Explanation] = None  # the requirement chains behind a failure
    resolved_variants: Dict[str, Optional[int]] = field(default_factory=dict)  # family -> variant index
    stopped_by: Optional[str] = None  # status "stopped": the limit that stopped it ("time_budget", "max_iterations")
    reading: FrozenSet[str] = frozenset()  # the families the solve read


@functools.lru_cache(maxsize=1 << 17)
def family(text: str) -> str:
    """The family name of a requirement or "name-version" string (best effort; memoised)."""
    text = text.strip("()[]")
    try:
        return pyrer.Requirement(text).name.lstrip("~!")
    except (pyrer.VersionError, UnicodeError):  # UnicodeError: lone surrogates from a broken client buffer
        return re.split(r"[-=<>@#~]", text.lstrip("~!"), maxsplit=1)[0]


def _reaches(ws: Workspace, start: str, targets: Set[str], limit: int = 400) -> bool:
    """True if family `start` can pull in one of `targets` through any version's requires or variants (the
    families looked at are the first `limit` met from `start`, whatever the targets: kept per start)."""
    return not ws.reached_names(start, lambda: _reached(ws, start, limit)).isdisjoint(targets)


def _reached(ws: Workspace, start: str, limit: int) -> frozenset:
    """Every family named by the families a depth-first walk from `start` looks at, up to `limit` of them."""
    seen, todo, named = {start}, [start], set()
    while todo and len(seen) < limit:
        order, names = ws.family_mentions(todo.pop(), family)
        named |= names
        for fam in order:
            if fam not in seen:
                seen.add(fam)
                todo.append(fam)
    return frozenset(named)


def _involved(ctx: ResolveContext, families: Set[str], ws: Workspace) -> List[RequirementRef]:
    """The context's requirements naming one of `families` or pulling one in transitively."""
    return [r for r in ctx.refs + ctx.implied if family(r.text) in families
            or (not r.text.startswith("!") and _reaches(ws, family(r.text), families))]


def _map_failure(ctx: ResolveContext, result, ws: Workspace) -> List[Finding]:
    text = result.failure_description or result.status
    where = "%s resolve" % ctx.label
    if result.status == "failed" and "cyclic dependency" in text:
        names = {family(p) for p in text.split(": ", 1)[-1].split(" --> ")}
        code, message, fams = Codes.CYCLE, "%s: %s" % (where, text), names
    elif result.status == "failed":
        fams = {family(x) for pair in CONFLICT_PAIR.findall(text) for x in pair}
        code, message = Codes.CONFLICT, "%s failed: %s" % (where, text)
    else:
        m = _MISSING_FAMILY.search(text) or _MISSING_PACKAGE.search(text) or _INTERNAL.search(text)
        fams = {family(m.group(1))} if m else set()
        code, message = Codes.RESOLVE_ERROR, "%s error: %s" % (where, text)
    refs = _involved(ctx, fams, ws) if fams else []
    if not refs:
        refs = ctx.refs[:1]
    notes = ws.setting_notes(fams) if fams else []
    if notes:
        message += "\n" + "\n".join("note: %s" % n for n in notes)
    return [Finding(r.range, Severity.ERROR, code, message) for r in refs]


def _label(v) -> str:
    """"name-version", with "[i]" for a variant."""
    text = "%s-%s" % (v.name, v.version) if v.version else v.name
    return text if v.variant_index is None else "%s[%d]" % (text, v.variant_index)


def _budget_finding(ctx: ResolveContext, result) -> List[Finding]:
    """A resolve stopped by its time budget or iteration limit: one warning, on the context's first requirement."""
    message = "%s resolve stopped: %s; neither solved nor failed (raise %s to let it run longer)" % (
        ctx.label, (result.failure_description or "").split(": ", 1)[-1],
        "pyrer.resolveTimeBudget, or pyrer check --time-budget," if result.abort_reason == "time_budget"
        else "pyrer.resolveMaxIterations, or pyrer check --max-iterations,")
    return [Finding(r.range, Severity.WARNING, Codes.BUDGET, message) for r in ctx.refs[:1]]


def with_developer_package(ws: Workspace, developer: Optional[pyrer.PackageData], building: bool
                           ) -> Callable[[str], object]:
    """The workspace's families, with the package being edited in its own family (as if installed), replacing
    a package of the same version: rez-test resolves the package itself."""
    if developer is None:
        return (lambda name: ws.load_family(name, True)) if building else ws.load_family
    try:
        version = pyrer.Version(developer.version)
    except pyrer.VersionError:
        version = None

    def load(name: str):
        family = ws.load_family(name, building)
        if name != developer.name:
            return family
        kept = [p for p in family if version is None or pyrer.Version(p.version) != version]
        return [developer] + kept

    return load


def run_context(ctx: ResolveContext, ws: Workspace, cancelled: Callable[[], bool] = lambda: False,
                token: Optional[pyrer.CancelToken] = None, developer: Optional[pyrer.PackageData] = None) -> Outcome:
    """Solve one context with the workspace's lazily loaded families; map a failure onto its requirements.

    `token` (set by a newer edit) stops a running solve between two phases: that raises Cancelled.
    `developer`: the edited package, put in its family for the solve (rez-test contexts).
    """
    families = with_developer_package(ws, developer, ctx.building)

    def solve(loaded: set):
        def load(name: str):
            if cancelled():
                raise Cancelled()
            loaded.add(name)
            return families(name)

        summary = SolveSummary.of(ws.run_solve(ctx.requests, ctx.building, load_family=load, cancel=token))
        if cancelled():  # `load` raised Cancelled: the solve reports an error that must not be kept
            raise Cancelled()
        return summary

    key = ws.solve_key(ctx.requests, ctx.building)
    if developer is not None:
        key = (key, developer.name, developer.version, tuple(developer.requires),
               tuple(tuple(v) for v in developer.variants))
    twin = ws.building_twin_reading(ctx.requests) if ctx.building and developer is None else None
    result, reading = twin if twin is not None else ws.solve_reading(key, solve)
    if cancelled() or result.abort_reason == "cancelled":
        raise Cancelled()
    out = Outcome(ctx, result.status, failure=result.failure_description, time_ms=result.solve_time_ms,
                  reading=reading)
    if result.status == "solved":
        out.resolved = [_label(v) for v in result.resolved_packages]
        out.resolved_names = {v.name: _label(v) for v in result.resolved_packages}
        out.resolved_variants = {v.name: v.variant_index for v in result.resolved_packages}
    elif result.aborted:
        out.status = "stopped"
        out.stopped_by = result.abort_reason
        out.findings = _budget_finding(ctx, result)
    else:
        out.explanation = explain_failure(ctx, result.status, result.failure_description, ws)
        out.findings = annotate(_map_failure(ctx, result, ws), out.explanation)
    return out
