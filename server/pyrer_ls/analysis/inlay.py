"""Inlay hints: after each requirement, the version its family resolved to (per variant when they differ)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.model import Position, Range, RequirementRef
from pyrer_ls.analysis.navigation import split_label
from pyrer_ls.analysis.resolve import Outcome, family
from pyrer_ls.analysis.text import utf16_len


@dataclass(frozen=True)
class Hint:
    """A label shown at `position`, with the per-context detail as its tooltip."""

    position: Position
    label: str
    tooltip: str


def _home_kind(ref: RequirementRef) -> str:
    """The kind of context a requirement belongs to first: where it is written."""
    if ref.field in ("build_requires", "private_build_requires"):
        return "build"
    if ref.field.startswith("tests"):
        return "test"
    if ref.field == "line":
        return "request"
    return "runtime"


def _short(label: str) -> str:
    """"runtime variant 1" -> "v1"; other context labels as they are."""
    head, _, index = label.rpartition(" variant ")
    return "v" + index if head == "runtime" else label


def _after(ref: RequirementRef, lines: List[str]) -> Position:
    """Just after the requirement, past its closing quote when it has one."""
    end = ref.range.end
    line = lines[end.line] if end.line < len(lines) else ""
    units = 0
    for ch in line:
        if units == end.character:
            return Position(end.line, end.character + 1) if ch in "'\"" else end
        units += utf16_len(ch)
    return end


def _label(pairs: List[tuple]) -> Optional[str]:
    """"→ 1.2" when every context agrees, else "→ 1.2 (v0) / 1.3 (v1)"."""
    by_version: Dict[str, List[str]] = {}
    for label, version in pairs:
        by_version.setdefault(version, []).append(_short(label))
    if not by_version:
        return None
    if len(by_version) == 1:
        return "→ %s" % next(iter(by_version))
    return "→ " + " / ".join("%s (%s)" % (v, ", ".join(labels)) for v, labels in by_version.items())


def inlay_hints(analysis: Optional[Analysis], lines: List[str], within: Optional[Range] = None) -> List[Hint]:
    """One hint per requirement whose family is in a solved resolve of its own kind (runtime, build, test, line)."""
    if analysis is None:
        return []
    out = []
    for check in analysis.checks:
        ref = check.ref
        if ref.text.startswith("!") or (within and not (within.start.line <= ref.range.end.line <= within.end.line)):
            continue
        if ref.evaluated == "name":  # rez's value, on the field's name: the hover there lists them
            continue
        fam = family(ref.text)
        holding: List[Outcome] = [o for o in analysis.outcomes
                                  if o.status == "solved" and any(r.range == ref.range for r in o.context.refs)]
        home = [o for o in holding if o.context.kind == _home_kind(ref)] or holding
        pairs = [(o.context.label, split_label(fam, o.resolved_names[fam])[0] or "(unversioned)")
                 for o in home if fam in o.resolved_names]
        text = _label(pairs)
        if text:
            tooltip = "\n".join("%s: %s" % (o.context.label, o.resolved_names.get(fam, "not in the resolve")) for o in holding)
            out.append(Hint(_after(ref, lines), text, tooltip))
    return out
