"""Code lenses: "resolves: N packages in X ms" above requires / variants / build requirements / each request line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.model import Range
from pyrer_ls.analysis.resolve import Outcome

SHOW_RESOLVE = "pyrer.showResolve"  # command arguments: [document uri, [context labels]]
SHOW_IMPACT = "pyrer.showImpact"  # command arguments: [document uri]
RELEASE_DELAY = 2.0  # seconds a package.py's text must stay unchanged before its release impact is computed


@dataclass(frozen=True)
class Lens:
    """A title above `range`; clicking it shows the resolves of `labels`."""

    range: Range
    title: str
    labels: List[str]


def summary(outcomes: Sequence[Outcome], subject: str = "") -> str:
    """"resolves: 4 packages in 0.31 ms", "2 variants resolve: 4-5 packages in 0.62 ms", or which failed."""
    failed = [o for o in outcomes if o.status != "solved"]
    ms = sum(o.time_ms for o in outcomes)
    lead = subject + " " if subject else ""
    if failed:
        if len(outcomes) == 1:
            return "%sresolve %s" % (lead, "not run" if failed[0].status == "skipped" else failed[0].status)
        what = ", ".join("%s (%s)" % (o.context.label, o.status) for o in failed)
        return "%sresolve failed in %d of %d contexts: %s" % (lead, len(failed), len(outcomes), what)
    sizes = sorted({len(o.resolved) for o in outcomes})
    count = str(sizes[0]) if len(sizes) == 1 else "%d-%d" % (sizes[0], sizes[-1])
    noun = "variants" if all(" variant " in o.context.label for o in outcomes) else "contexts"
    head = "resolves" if len(outcomes) == 1 else "%d %s resolve" % (len(outcomes), noun)
    return "%s%s: %s packages in %.2f ms" % (lead, head, count, ms)


def _lens(rng: Optional[Range], outcomes: List[Outcome], subject: str = "") -> List[Lens]:
    if rng is None or not outcomes:
        return []
    return [Lens(rng, summary(outcomes, subject), [o.context.label for o in outcomes])]


def code_lenses(analysis: Optional[Analysis]) -> List[Lens]:
    """Lenses of a package.py (requires, each variant, build requirements, tests) or of each request line."""
    if analysis is None or not analysis.outcomes:
        return []
    kind = lambda k: [o for o in analysis.outcomes if o.context.kind == k]  # noqa: E731
    if analysis.package is None:
        out = []
        for o in kind("request"):
            line = o.context.refs[0].range.start.line if o.context.refs else 0
            out += _lens(Range.at(line, 0, 0), [o])
        return out
    fields = analysis.package.field_ranges
    out = _lens(fields.get("requires"), kind("runtime"))
    if analysis.package.variants and fields.get("variants"):
        for o in kind("runtime"):
            out += _lens(fields["variants"], [o], o.context.label.replace("runtime ", ""))
    build_field = fields.get("build_requires") or fields.get("private_build_requires")
    out += _lens(build_field, kind("build"))
    out += _lens(fields.get("tests"), kind("test"))
    return out


def shown(analysis: Analysis) -> Tuple:
    """What code lenses and inlay hints show of an analysis: when it changes, the client should ask for them again."""
    return tuple((o.context.label, o.status, tuple(o.resolved)) for o in analysis.outcomes)


def resolve_text(analysis: Optional[Analysis], labels: Sequence[str]) -> str:
    """The resolved packages (or the failure) of the contexts named by `labels`, one block each."""
    if analysis is None:
        return "No analysis of this document yet."
    picked = [o for o in analysis.outcomes if not labels or o.context.label in labels]
    blocks = []
    for o in picked:
        head = "%s: %s in %.2f ms" % (o.context.label, o.status, o.time_ms)
        if o.status == "solved":
            blocks.append(head + "\n" + "\n".join("  %s" % r for r in o.resolved))
        else:
            blocks.append(head + "\n  " + (o.failure or ""))
    return "\n\n".join(blocks) or "No resolve for %s." % ", ".join(labels)


def resolve_line(analysis: Optional[Analysis], labels: Sequence[str]) -> str:
    """The same on one line each context, for a notification."""
    if analysis is None:
        return "No analysis of this document yet."
    parts = []
    for o in analysis.outcomes:
        if labels and o.context.label not in labels:
            continue
        what = " ".join(o.resolved) if o.status == "solved" else "%s: %s" % (o.status, o.failure or "")
        parts.append("%s: %s" % (o.context.label, what))
    return " | ".join(parts) or "No resolve for %s." % ", ".join(labels)


def release_subject(analysis: Optional[Analysis]) -> Optional[Tuple[str, str, Range]]:
    """(name, version, where the lens goes) of a package.py whose release impact can be computed: a static name
    and version, over the `version` field (else `name`)."""
    if analysis is None or analysis.package is None:
        return None
    info = analysis.package
    if not info.name or {"name", "version"} & set(info.computed) or not info.syntax_ok:
        return None
    where = info.field_ranges.get("version") or info.field_ranges.get("name")
    return (info.name, info.version or "", where) if where is not None else None


def release_lens(analysis: Optional[Analysis], headline: Optional[str]) -> List[Lens]:
    """"releasing 2.1.0: 37 resolves change, 2 break" above `version` (`headline` None: still computing)."""
    subject = release_subject(analysis)
    if subject is None:
        return []
    name, version, where = subject
    title = headline.replace("releasing %s-%s:" % (name, version), "releasing %s:" % (version or name), 1) \
        if headline else "releasing %s: checking the studio's resolves…" % (version or name)
    return [Lens(where, title, [])]
