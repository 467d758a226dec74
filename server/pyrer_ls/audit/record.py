"""One checked document as plain, JSON-able data: its findings, its resolves and what its analysis read."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.model import Finding, Severity

SEVERITY_NAMES = {Severity.ERROR: "error", Severity.WARNING: "warning",
                  Severity.INFORMATION: "info", Severity.HINT: "hint"}


def _range(r) -> dict:
    return {"start": {"line": r.start.line, "character": r.start.character},
            "end": {"line": r.end.line, "character": r.end.character}}


def finding_dict(path: str, f: Finding) -> dict:
    """A finding as `pyrer check --format json` prints it, with its related places."""
    out = {"path": path, "range": _range(f.range), "severity": SEVERITY_NAMES[f.severity], "code": f.code,
           "message": f.message}
    if f.related:
        out["related"] = [{"path": r.path or path, "range": _range(r.range), "message": r.message}
                          for r in f.related]
    return out


@dataclass
class Resolve:
    """One resolve context of a document: what was asked and what came out (the baseline `pyrer impact` compares with)."""

    label: str
    requests: List[str]
    building: bool
    status: str  # solved | failed | error | stopped | skipped
    resolved: List[str] = field(default_factory=list)  # "name-version[i]", rez's order
    left_out: List[str] = field(default_factory=list)  # the document's requirements that failed their own check

    def to_json(self) -> list:
        return [self.label, self.requests, self.building, self.status, self.resolved, self.left_out]

    @classmethod
    def from_json(cls, data: list) -> "Resolve":
        intern = sys.intern  # the same labels come back in thousands of resolves
        return cls(data[0], [intern(r) for r in data[1]], bool(data[2]), data[3], [intern(r) for r in data[4]],
                   list(data[5]) if len(data) > 5 else [])


@dataclass
class DocumentResult:
    """What `pyrer check` keeps of one document (never the Analysis itself: memory stays flat)."""

    path: str
    kind: str
    findings: List[dict] = field(default_factory=list)
    resolves: List[Resolve] = field(default_factory=list)
    reads: Tuple[str, ...] = ()  # families the analysis read (workspace.FAMILY_NAMES: the list of names)
    cacheable: bool = True  # False when a resolve was stopped by the clock (a time budget is not repeatable)
    cached: bool = False  # this run took it from the cache
    seconds: float = 0.0
    error: Optional[str] = None  # the analysis itself failed (a pyrer bug): reported, never fatal

    @property
    def counts(self) -> Dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0, "hint": 0}
        for f in self.findings:
            out[f["severity"]] += 1
        return out

    def to_json(self) -> dict:
        out = {"path": self.path, "kind": self.kind, "findings": self.findings,
               "resolves": [r.to_json() for r in self.resolves], "seconds": round(self.seconds, 4)}
        if self.error:
            out["error"] = self.error
        return out

    @classmethod
    def from_json(cls, data: dict) -> "DocumentResult":
        return cls(data["path"], data["kind"], list(data.get("findings") or []),
                   [Resolve.from_json(r) for r in data.get("resolves") or []], seconds=float(data.get("seconds") or 0),
                   error=data.get("error"))


def from_analysis(analysis: Analysis, reads: Tuple[str, ...], seconds: float) -> DocumentResult:
    """The result of one analysis; a resolve stopped by its time budget makes it unfit for the cache."""
    resolves = [Resolve(o.context.label, list(o.context.requests), o.context.building, o.status, list(o.resolved),
                        list(o.context.left_out)) for o in analysis.outcomes]
    clocked = any(o.stopped_by == "time_budget" for o in analysis.outcomes)
    return DocumentResult(analysis.path, analysis.kind, [finding_dict(analysis.path, f) for f in analysis.findings],
                          resolves, tuple(sorted(reads)), cacheable=not clocked, seconds=seconds)
