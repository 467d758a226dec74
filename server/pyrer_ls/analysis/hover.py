"""Hover text (Markdown) for a position of an analysed document: a requirement, or a package field."""

from __future__ import annotations

import json
from typing import List, Optional, Tuple

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.explain import markdown
from pyrer_ls.analysis.rxt import rxt_hover
from pyrer_ls.analysis.model import Position, Range
from pyrer_ls.analysis.resolve import Outcome, family

MAX_VERSIONS = 12
SUMMARY_FIELDS = ("name", "version", "variants")


def _outcome_line(o: Outcome, fam: Optional[str] = None) -> str:
    if o.status == "solved":
        what = o.resolved_names.get(fam, "not in the resolve") if fam else ", ".join(o.resolved) or "(nothing)"
        text = "- **%s**: %s" % (o.context.label, what)
    elif o.status == "skipped":
        text = "- **%s**: not solved (%s)" % (o.context.label, o.failure)
    else:
        text = "- **%s**: %s: %s" % (o.context.label, o.status, o.failure)
    if o.context.left_out:
        text += " (without %s)" % ", ".join(o.context.left_out)
    return text


_FROM = {"literal": "rez evaluates this string into the package",
         "expanded": "rez expands this wildcard to it",
         "template": "code fills in this template to give it",
         "part": "code builds it from this string"}


def _evaluated_header(analysis: Analysis, pos: Position) -> Optional[Tuple[Range, List[str]]]:
    """On a field rez evaluated: its name (and where it is set) with the value rez gave it."""
    info = analysis.package
    if info is None or not info.evaluated:
        return None
    for key, value in info.evaluated.items():
        rng = info.field_ranges.get(key)
        if rng is not None and rng.contains(pos):
            shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            return rng, ["**%s**, as rez evaluates it (in pyrer's evaluation worker):" % key, "",
                         "```python\n%s = %s\n```" % (key, shown), ""]
    return None


def _requirement_hover(analysis: Analysis, pos: Position) -> Optional[Tuple[Range, str]]:
    header = _evaluated_header(analysis, pos)
    here = [c for c in analysis.checks if c.ref.range.contains(pos)]
    if header is not None and any(c.ref.evaluated == "name" for c in here):
        # rez's values placed on the field's name: one section each
        sections = [_one_requirement(analysis, c) for c in here if c.ref.evaluated == "name"]
        return header[0], "\n".join(header[1] + ["\n\n".join(sections)]).strip()
    if here:
        return here[0].ref.range, _one_requirement(analysis, here[0])
    return None


def _one_requirement(analysis: Analysis, check) -> str:
    ref, fam = check.ref, family(check.ref.text)
    lines = ["**%s**" % ref.text.replace("*", "\\*"), ""]
    if ref.evaluated in _FROM:
        lines[0] += " (%s)" % _FROM[ref.evaluated]
    if check.needs_rez:
        lines.append("A wildcard: rez's developer package loading (rez build, rez release) expands it against "
                     "the packages path. Left out of the resolves here.")
    outcomes = [o for o in analysis.outcomes if any(r.range == ref.range for r in o.context.refs)]
    if outcomes:
        lines.append("Resolved to:")
        shown = set()
        for o in outcomes:
            lines.append(_outcome_line(o, fam))
            why = "\n".join(markdown(o.explanation))
            if why and why not in shown:  # build often fails exactly like runtime
                shown.add(why)
                lines.append(why)
        lines.append("")
    if check.in_range:
        shown = check.in_range[:MAX_VERSIONS]
        more = len(check.in_range) - len(shown)
        lines.append("Versions in range: %s%s" % (", ".join(shown), " (+%d more)" % more if more > 0 else ""))
    elif check.requirement is not None and not check.findings:
        lines.append("(not looked up: conflict, weak or ephemeral request, or no packages path)")
    return "\n".join(lines).strip()


def _summary(outcomes: List[Outcome]) -> str:
    lines = []
    for o in outcomes:
        head = "**%s** (%s, %.2f ms)" % (o.context.label, o.status, o.time_ms)
        if o.status == "solved":
            lines.append(head + ":\n" + "\n".join("- %s" % r for r in o.resolved))
        else:
            lines.append("\n".join([head + ": %s" % (o.failure or "")] + markdown(o.explanation)))
    return "\n\n".join(lines) or "No resolve context (no packages path, or fields computed by code)."


def _configuration(analysis: Analysis) -> str:
    if not analysis.configuration:
        return ""
    return "\n\n**Configuration**\n" + "\n".join("- %s" % line for line in analysis.configuration)


def hover_at(analysis: Analysis, pos: Position) -> Optional[Tuple[Range, str]]:
    """Markdown for the requirement under `pos`, or the resolve summary on name/version/variants."""
    found = _requirement_hover(analysis, pos)
    if found is None and analysis.rxt is not None:
        return rxt_hover(analysis.rxt, pos)
    if found or analysis.package is None:
        return found
    header = _evaluated_header(analysis, pos)
    before = "\n".join(header[1]) + "\n" if header is not None else ""
    for key in SUMMARY_FIELDS:
        rng = analysis.package.field_ranges.get(key)
        value = analysis.package.value_ranges.get(key)
        if (rng and rng.contains(pos)) or (value and value.contains(pos)):
            runtime = [o for o in analysis.outcomes if o.context.kind in ("runtime", "build")]
            return rng, before + _summary(runtime if key == "variants" else analysis.outcomes) + _configuration(analysis)
    if header is not None:
        return header[0], before.strip()
    return None
