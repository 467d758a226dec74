"""Saved rez contexts (.rxt): read the JSON (never executed), re-solve the saved request, report the drift per package."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import pyrer

from pyrer_ls.analysis.json_spans import JsonSyntaxError, Node, Offsets, parse
from pyrer_ls.analysis.model import Codes, Finding, Position, Range, RequirementRef, ResolveContext, Severity
from pyrer_ls.analysis.requirements import RequirementCheck, check_requirement
from pyrer_ls.analysis.resolve import Outcome, run_context
from pyrer_ls.analysis.workspace import Workspace

LABEL = "saved request"
_RESOLVE_CODES = (Codes.CONFLICT, Codes.CYCLE, Codes.RESOLVE_ERROR)


@dataclass
class SavedVariant:
    """One entry of `resolved_packages`: a variant handle, and where its name and version sit."""

    name: str
    version: str
    index: Optional[int]
    range: Range  # the whole handle
    name_range: Range
    version_range: Range

    @property
    def label(self) -> str:
        text = "%s-%s" % (self.name, self.version) if self.version else self.name
        return text if self.index is None else "%s[%d]" % (text, self.index)


@dataclass
class SavedContext:
    """The parts of a rez ResolvedContext (serialize_version 4.x JSON) a re-solve needs."""

    requests: List[RequirementRef]
    implicit: List[str]
    resolved: List[SavedVariant]
    package_paths: List[str]
    status: str
    key_ranges: Dict[str, Range] = field(default_factory=dict)  # top-level key -> its range
    package_filter: object = None
    package_orderers: object = None
    requested_timestamp: Optional[int] = None
    building: bool = False
    rez_version: Optional[str] = None


@dataclass
class Drift:
    """How one family moved between the saved resolve and today's: changed, added or removed."""

    name: str
    saved: Optional[str]  # "maya-2024.0" or None when added
    now: Optional[str]  # "maya-2025.1" or None when removed
    range: Range
    note: str = ""

    def message(self) -> str:
        if self.saved and self.now:
            text = "saved %s, now resolves to %s" % (self.saved, self.now)
        elif self.saved:
            text = "%s is no longer in the resolve" % self.saved
        else:
            text = "%s is now in the resolve (not in the saved context)" % self.now
        return text + (" (%s)" % self.note if self.note else "")


@dataclass
class RxtReport:
    """A .rxt checked against today's repositories."""

    saved: Optional[SavedContext]
    findings: List[Finding] = field(default_factory=list)
    checks: List[RequirementCheck] = field(default_factory=list)
    outcome: Optional[Outcome] = None
    drifts: List[Drift] = field(default_factory=list)
    paths: List[str] = field(default_factory=list)  # the packages paths of the re-solve


def _finding(rng: Range, severity: Severity, code: str, message: str, related=()) -> Finding:
    return Finding(rng, severity, code, message, tuple(related))


def _variant(node: Node, at: Offsets) -> Optional[SavedVariant]:
    var = node.get("variables")
    if var is None or not isinstance(var.value, dict) or not isinstance(var.value.get("name"), str):
        return None
    name, version = var.get("name"), var.get("version")
    index = var.value.get("index")
    return SavedVariant(name.value, str(version.value) if version is not None and version.value is not None else "",
                        index if isinstance(index, int) else None, at.range(node.start, node.end),
                        at.inner(name), at.inner(version) if version is not None else at.inner(name))


def read_rxt(text: str) -> Tuple[Optional[SavedContext], List[Finding]]:
    """The saved context, or None and a PYRER015 finding saying why it cannot be read."""
    start = Range(Position(0, 0), Position(0, 1))
    if not text.lstrip().startswith("{"):
        return None, [_finding(start, Severity.ERROR, Codes.CONTEXT_UNREADABLE,
                               "not a JSON rez context (old YAML contexts are not read)")]
    at = Offsets(text)
    try:
        root = parse(text)
    except JsonSyntaxError as e:
        pos = at.position(e.offset)
        return None, [_finding(Range(pos, Position(pos.line, pos.character + 1)), Severity.ERROR,
                               Codes.CONTEXT_UNREADABLE, "invalid JSON: %s" % e)]
    requests = root.get("package_requests")
    if not isinstance(root.value, dict) or requests is None or not isinstance(requests.value, list):
        return None, [_finding(start, Severity.ERROR, Codes.CONTEXT_UNREADABLE,
                               "not a rez context: no package_requests list")]
    saved = SavedContext(
        requests=[RequirementRef(n.value, at.inner(n), "package_requests", i)
                  for i, n in enumerate(requests.items) if isinstance(n.value, str)],
        implicit=[str(x) for x in root.value.get("implicit_packages") or [] if isinstance(x, str)],
        resolved=[],
        package_paths=[str(p) for p in root.value.get("package_paths") or [] if isinstance(p, str)],
        status=str(root.value.get("status") or ""),
        key_ranges={k: at.key(n) for k, n in root.items.items()},
        package_filter=root.value.get("package_filter"),
        package_orderers=root.value.get("package_orderers"),
        requested_timestamp=root.value.get("requested_timestamp"),
        building=root.value.get("building") is True,
        rez_version=root.value.get("rez_version"),
    )
    findings = []
    resolved = root.get("resolved_packages")
    for node in resolved.items if resolved is not None and isinstance(resolved.items, list) else []:
        v = _variant(node, at)
        if v is None:
            findings.append(_finding(at.range(node.start, node.end), Severity.WARNING, Codes.CONTEXT_UNREADABLE,
                                     "a resolved package without a readable variant handle"))
        else:
            saved.resolved.append(v)
    return saved, findings


def _resolve_workspace(saved: SavedContext, ws: Optional[Workspace]) -> Tuple[Optional[Workspace], List[Tuple[str, str]]]:
    """A workspace replaying the saved settings (packages paths that exist here, package filter, orderers, resolve
    time) over today's repositories; the settings it could not replay as (key, why)."""
    notes: List[Tuple[str, str]] = []
    here = [os.path.abspath(p) for p in saved.package_paths if os.path.isdir(p)]
    if not here:
        if ws is None or not ws.paths:
            return None, [("package_paths", "none of the saved packages paths exists here and no packages path is "
                                            "configured: not re-solved")]
        here = list(ws.paths)
        notes.append(("package_paths", "none of the saved packages paths exists here: re-solved with the configured "
                                       "packages path"))
    base = ws.config if ws is not None else Workspace([]).config
    overrides = {"packages_path": here, "timestamp": _int(saved.requested_timestamp) or 0}
    for key, value in (("package_filter", saved.package_filter), ("package_orderers", saved.package_orderers)):
        if value is None or isinstance(value, (list, dict)):
            overrides[key] = value if value is not None else []
        else:
            notes.append((key, "the saved %s is not readable: rez's configured one is used" % key))
    try:
        config = base.with_overrides(**overrides)
    except Exception as e:  # a saved filter or orderer pyrer cannot read
        notes.append(("package_filter", "a saved setting could not be replayed (%s): rez's configured ones are used"
                      % e))
        config = base.with_overrides(packages_path=here)
    if ws is not None and config == ws.config:
        return ws, notes
    return Workspace(settings=ws.settings if ws is not None else None, config=config), notes


def _int(value: object) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _parse_label(name: str, label: str) -> Tuple[str, Optional[int]]:
    rest = label[len(name) + 1:] if label.startswith(name + "-") else ""
    version, _, index = rest.partition("[")
    return version, int(index.rstrip("]")) if index.rstrip("]").isdigit() else None


def drift(saved: SavedContext, outcome: Outcome, ws: Workspace) -> List[Drift]:
    """Per family: a changed version or variant, a package gone from the resolve, a package new in it."""
    out = []
    added_at = saved.key_ranges.get("resolved_packages", Range(Position(0, 0), Position(0, 1)))
    now = dict(outcome.resolved_names)
    for v in saved.resolved:
        label = now.pop(v.name, None)
        if label is None:
            out.append(Drift(v.name, v.label, None, v.name_range))
            continue
        version, index = _parse_label(v.name, label)
        if version == v.version and index == v.index:
            continue
        note = ""
        try:
            if version != v.version and pyrer.Version(v.version) not in ws.versions(v.name):
                note = "%s-%s is no longer in the repositories" % (v.name, v.version)
        except pyrer.VersionError:
            pass
        out.append(Drift(v.name, v.label, label, v.version_range, note))
    for name, label in now.items():
        out.append(Drift(name, None, label, added_at))
    return out


def analyze_rxt(text: str, ws: Optional[Workspace], cancelled: Callable[[], bool] = lambda: False) -> RxtReport:
    """Read a .rxt, re-solve its saved request with today's packages and report the drift as findings."""
    saved, findings = read_rxt(text)
    report = RxtReport(saved, findings)
    if saved is None:
        return report
    key = saved.key_ranges.get
    solve_ws, notes = _resolve_workspace(saved, ws)
    for k, message in notes:
        report.findings.append(_finding(key(k) or key("package_requests"), Severity.INFORMATION,
                                        Codes.CONTEXT_NOT_REPLAYED, message))
    if solve_ws is None:
        return report
    report.paths = list(solve_ws.paths)
    for ref in saved.requests:
        report.checks.append(check_requirement(ref, solve_ws))
        report.findings += report.checks[-1].findings
    checked = {c.ref.range for c in report.checks if not c.ok}
    ctx = ResolveContext(LABEL, "request", list(saved.requests), list(saved.implicit), building=saved.building)
    outcome = report.outcome = run_context(ctx, solve_ws, cancelled)
    report.findings += [f for f in outcome.findings if f.range not in checked]
    if outcome.status == "solved":
        if saved.status == "solved":
            report.drifts = drift(saved, outcome, solve_ws)
            report.findings += [_finding(d.range, Severity.WARNING, Codes.CONTEXT_DRIFT, d.message())
                                for d in report.drifts]
        else:
            report.findings.append(_finding(key("status") or key("package_requests"), Severity.INFORMATION,
                                            Codes.CONTEXT_DRIFT, "saved as %s; the request now resolves to: %s"
                                            % (saved.status or "unknown", " ".join(outcome.resolved))))
    elif saved.status == "solved":
        expl = outcome.explanation
        lines = [outcome.failure or outcome.status] + (expl.lines() if expl else [])
        report.findings.append(_finding(key("package_requests"), Severity.ERROR, Codes.CONTEXT_UNRESOLVABLE,
                                        "the saved request no longer resolves: " + "\n".join(lines),
                                        expl.related() if expl else ()))
    report.findings.sort(key=lambda f: (f.range, f.code))
    return report


def rxt_hover(report: RxtReport, pos: Position) -> Optional[Tuple[Optional[Range], str]]:
    """On a resolved package: saved and now; anywhere else in the file: the whole drift table."""
    saved = report.saved
    if saved is None:
        return None
    now = report.outcome.resolved_names if report.outcome and report.outcome.status == "solved" else {}
    for v in saved.resolved:
        if v.range.contains(pos):
            current = now.get(v.name)
            state = "unchanged" if current == v.label else ("now **%s**" % current if current else "no longer resolved")
            return v.range, "**%s** (saved)\n\n%s" % (v.label, state)
    if report.outcome is None:
        return None, "**Saved context**: not re-solved (no packages path)"
    head = "**Saved context** re-solved with %s: %s" % (", ".join(report.paths), report.outcome.status)
    if report.outcome.status != "solved":
        return None, head + "\n\n" + (report.outcome.failure or "")
    rows = ["| package | saved | now |", "|---|---|---|"]
    saved_by_name = {v.name: v.label for v in saved.resolved}
    for name in sorted(set(saved_by_name) | set(now)):
        a, b = saved_by_name.get(name, "—"), now.get(name, "—")
        rows.append("| %s | %s | %s |" % (name, a, b if b != a else "unchanged"))
    return None, head + "\n\n" + "\n".join(rows)
