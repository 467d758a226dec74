"""Why a resolve failed: the chain of requirements (which package pulled which) behind a conflict, cycle or missing family."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Dict, List, Optional, Sequence, Tuple

import pyrer

from pyrer_ls.analysis.model import Finding, Range, Related, RequirementRef, ResolveContext
from pyrer_ls.analysis.package_py import PackageInfo, read_package_py
from pyrer_ls.analysis.workspace import Workspace

_PAIR = re.compile(r"\(([^\s()]+) <--!--> ([^\s()]+)\)")
_REDUCED = re.compile(r"\(([^\s()]+) \(dep\(([^\s()]+)\) <--!--> ([^\s()]+)\)\)")
_MISSING_FAMILY = re.compile(r"package family not found: ([^\s,]+)")
_MISSING_PACKAGE = re.compile(r"Package could not be found: (\S+)")
MAX_CHAINS_PER_TARGET = 3
SEARCH_BUDGET = 5000  # package versions looked at per explanation, to bound the work on huge repositories
SEARCH_STEPS = 600  # requirements followed per target and pass (memoised ones included): explanations stay bounded


@dataclass(frozen=True)
class Link:
    """One step of a chain: a request of the document, an implicit package, or one package's requirement."""

    text: str  # '"foo" (requires)', 'implicit package "bar"' or 'foo-1.0 requires python-3.9'
    path: Optional[str] = None  # the package.py of a package step; None for the document itself
    range: Optional[Range] = None


@dataclass
class Chain:
    """How one request of the context leads to `target` (a conflicting requirement, a cycle member, a missing family)."""

    target: str
    links: List[Link]
    start: Optional[RequirementRef] = None  # the document's request it starts from (None: an implicit package)
    certain: bool = True  # every version in each step's range leads there (else: one possible path)

    def text(self) -> str:
        return " → ".join(link.text for link in self.links)


@dataclass
class Explanation:
    """The chains behind one failed solve, and a one-line summary of the failure."""

    kind: str  # "conflict", "cycle" or "missing"
    summary: str
    chains: List[Chain] = field(default_factory=list)
    cycle: List[Link] = field(default_factory=list)  # the packages of a cycle, each requiring the next

    def lines(self) -> List[str]:
        """Plain-text lines, one per chain (clearer than rez's one-line description)."""
        out = []
        if self.cycle:
            out.append("cycle: " + " → ".join(link.text for link in self.cycle))
        for c in self.chains:
            if self.kind == "cycle":
                out.append("the cycle is reached from: " + c.text())
            elif self.kind == "missing":
                out.append("%s is required through: %s" % (c.target, c.text()))
            elif len(c.links) == 1:
                out.append("%s is requested directly: %s" % (c.target, c.text()))
            else:
                out.append("%s %s pulled in by: %s" % (c.target, "is" if c.certain else "may be", c.text()))
        return out

    def related(self, first: Optional[Range] = None) -> Tuple[Related, ...]:
        """LSP related information: every located link, the chains starting at `first` listed first."""
        chains = sorted(self.chains, key=lambda c: not (c.start is not None and c.start.range == first))
        out: List[Related] = []
        for c in chains:
            for i, link in enumerate(c.links):
                if link.range is not None:
                    note = " (pulls in %s)" % c.target if i == 0 and len(c.links) > 1 else ""
                    out.append(Related(link.path, link.range, link.text + note))
        for link in self.cycle:
            if link.range is not None:
                out.append(Related(link.path, link.range, "cycle: " + link.text))
        seen, unique = set(), []
        for r in out:
            if (r.path, r.range) not in seen:
                seen.add((r.path, r.range))
                unique.append(r)
        return tuple(unique)


@functools.lru_cache(maxsize=1 << 17)
def _req(text: str) -> Optional[pyrer.Requirement]:
    """A parsed requirement (memoised: an explanation parses the same strings many times over)."""
    try:
        return pyrer.Requirement(text)
    except pyrer.VersionError:
        return None


@functools.lru_cache(maxsize=1 << 17)
def _followed(text: str) -> Optional[Tuple[str, Optional[pyrer.VersionRange], str]]:
    """(family, range, range text) of a requirement the search follows; None for conflicts, weak and
    ephemeral requirements and unparsable text."""
    req = _req(text)
    if req is None or req.conflict or req.weak or req.name.startswith("."):
        return None
    return req.name, req.range, str(req.range)


def _name(req: pyrer.Requirement) -> str:
    return req.name.lstrip("~!")


def _is_any(req: pyrer.Requirement) -> bool:
    return req.range is None or str(req.range) == ""


def leads_to(text: str, target: pyrer.Requirement) -> bool:
    """True if requirement `text` is (part of) `target`: same family, and one range holds the other.

    A requirement on the whole family never explains a narrower conflict (it narrows nothing).
    """
    return _leads_to(text, str(target))


@functools.lru_cache(maxsize=1 << 18)
def _leads_to(text: str, target_text: str) -> bool:
    target = _req(target_text)
    req = _req(text)
    if req is None or _name(req) != _name(target):
        return False
    if str(req) == str(target) or _is_any(target):
        return True
    if _is_any(req) or req.conflict != target.conflict:
        return False
    try:
        return req.range.issubset(target.range) or target.range.issubset(req.range)
    except (pyrer.VersionError, AttributeError):
        return False


@dataclass(frozen=True)
class _Step:
    name: str
    version: str
    variant: Optional[int]
    requirement: str


class _Search:
    """Depth-first search over the repository for how a family pulls in a target requirement (memoised, bounded)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.budget = SEARCH_BUDGET
        self.steps = SEARCH_STEPS
        self.memo: Dict[tuple, Optional[List[_Step]]] = {}

    def family(self, name: str, rng, target: pyrer.Requirement, every: bool, rng_text: Optional[str] = None,
               target_text: Optional[str] = None) -> Optional[List[_Step]]:
        """Steps from a version of `name` in `rng` to `target`: through every such version when `every`, else the highest that does."""
        if self.steps < 0:  # out of steps: nothing more is found (returned at once, not walked)
            return None
        rng_text = str(rng) if rng_text is None else rng_text
        target_text = str(target) if target_text is None else target_text
        key = (name, rng_text, target_text, every)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = None  # a loop back here finds nothing
        found: Optional[List[_Step]] = None
        for p in self.ws.packages_in_range(name, rng):
            self.budget -= 1
            if self.budget < 0 or self.steps < 0:
                found = None if every else found
                break
            steps = self.package(p, target, target_text, every)
            if steps is None and every:
                found = None
                break
            if steps is not None and found is None:
                found = steps
                if not every:
                    break
        self.memo[key] = found
        return found

    def package(self, p, target: pyrer.Requirement, target_text: str, every: bool) -> Optional[List[_Step]]:
        for text in p.requires or []:
            steps = self.requirement(p, None, str(text), target, target_text, every)
            if steps is not None:
                return steps
        found = None
        for i, variant in enumerate(p.variants or []):
            steps = next((s for s in (self.requirement(p, i, str(t), target, target_text, every) for t in variant)
                          if s), None)
            if steps is None and every:
                return None
            if steps is not None and found is None:
                found = steps
                if not every:
                    break
        return found

    def requirement(self, p, variant: Optional[int], text: str, target: pyrer.Requirement, target_text: str,
                    every: bool) -> Optional[List[_Step]]:
        self.steps -= 1
        if self.steps < 0:
            return None
        if _leads_to(text, target_text):
            return [_Step(p.name, str(p.version), variant, text)]
        followed = _followed(text)
        if followed is None:
            return None
        rest = self.family(followed[0], followed[1], target, every, followed[2], target_text)
        return [_Step(p.name, str(p.version), variant, text)] + rest if rest is not None else None


class _Locator:
    """Where a package's requirement string sits in its package.py (files read once per explanation)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.files: Dict[Tuple[str, str], Optional[Tuple[str, PackageInfo]]] = {}

    def link(self, step: _Step) -> Link:
        where = "" if step.variant is None else " variant %d" % step.variant
        text = "%s-%s%s requires %s" % (step.name, step.version, where, step.requirement)
        key = (step.name, step.version)
        if key not in self.files:
            src = self.ws.package_source(step.name, step.version)
            self.files[key] = (src[0], read_package_py(src[1])) if src else None
        found = self.files[key]
        if found is None:
            return Link(text)
        path, info = found
        refs = info.requires if step.variant is None else (
            info.variants[step.variant] if info.variants and step.variant < len(info.variants) else [])
        rng = next((r.range for r in refs if r.text == step.requirement), None)
        return Link(text, path if rng else None, rng)


def _start_link(ref: Optional[RequirementRef], text: str) -> Link:
    if ref is None:
        return Link('implicit package "%s"' % text)
    where = ref.field if ref.field != "variants" else "variant %d" % ref.group
    if ref.field == "line":
        where = "request line %d" % (ref.group + 1)
    return Link('"%s" (%s)' % (ref.text, where), None, ref.range)


def _chains(ctx: ResolveContext, target: pyrer.Requirement, search: _Search, locate: _Locator) -> List[Chain]:
    """Chains from the context's requests to `target`: certain ones when any exist, else possible ones."""
    starts: List[Tuple[Optional[RequirementRef], str]] = [(None, t) for t in ctx.extra] + [
        (r, r.text) for r in ctx.refs + ctx.implied]
    for every in (True, False):
        out = []
        search.steps = SEARCH_STEPS  # each pass for each target gets its own bound
        for ref, text in starts:
            if leads_to(text, target):
                out.append(Chain(str(target), [_start_link(ref, text)], ref, True))
                continue
            req = _req(text)
            if req is None or req.conflict or req.weak or req.name.startswith("."):
                continue
            steps = search.family(req.name, req.range, target, every)
            if steps is not None:
                out.append(Chain(str(target), [_start_link(ref, text)] + [locate.link(s) for s in steps], ref, every))
            if len(out) >= MAX_CHAINS_PER_TARGET:
                break
        if out:
            return out
    return []


def _cycle_links(members: Sequence[str], ws: Workspace, locate: _Locator) -> List[Link]:
    """Each member's requirement on the next one ("cyca-1 requires cycb")."""
    links = []
    for i, member in enumerate(members):
        nxt = members[(i + 1) % len(members)]
        name, _, version = member.partition("-")
        nxt_name = nxt.partition("-")[0]
        pkg = next((p for p in ws.load_family(name) if str(p.version) == version), None)
        step = None
        if pkg is not None:
            candidates = [(None, str(t)) for t in pkg.requires or []]
            candidates += [(vi, str(t)) for vi, variant in enumerate(pkg.variants or []) for t in variant]
            step = next((_Step(name, version, vi, t) for vi, t in candidates
                         if _req(t) is not None and _req(t).name == nxt_name), None)
        links.append(locate.link(step) if step else Link("%s requires %s" % (member, nxt_name)))
    return links


def explain_failure(ctx: ResolveContext, status: str, description: Optional[str], ws: Workspace) -> Optional[Explanation]:
    """The chains behind a failed or errored solve of `ctx`, or None when the failure names nothing to trace."""
    text = description or ""
    search, locate = _Search(ws), _Locator(ws)
    if status == "failed" and "cyclic dependency" in text:
        members = text.split(": ", 1)[-1].split(" --> ")[:-1]
        expl = Explanation("cycle", " --> ".join(members + members[:1]))
        expl.cycle = _cycle_links(members, ws, locate)
        starts = set()
        for member in members:
            for c in _chains(ctx, pyrer.Requirement(member.partition("-")[0]), search, locate):
                key = c.start.range if c.start else c.links[0].text
                if key not in starts:
                    starts.add(key)
                    expl.chains.append(c)
        return expl
    if status == "failed":
        pairs = [(m.group(2), m.group(3)) for m in _REDUCED.finditer(text)] or _PAIR.findall(text)
        if not pairs:
            return None
        expl = Explanation("conflict", ", ".join("%s <--!--> %s" % p for p in pairs))
        targets = []
        for pair in pairs:
            targets += [t for t in pair if t not in targets]
        for t in targets:
            req = _req(t)
            if req is not None:
                expl.chains += _chains(ctx, req, search, locate)
        return expl
    m = _MISSING_FAMILY.search(text) or _MISSING_PACKAGE.search(text)
    req = _req(m.group(1)) if m else None
    if req is None:
        return None
    expl = Explanation("missing", "%s is missing" % req)
    expl.chains = _chains(ctx, req, search, locate)
    return expl


def annotate(findings: List[Finding], expl: Optional[Explanation]) -> List[Finding]:
    """The findings of a failed solve with the chains added to the message and as related information."""
    if expl is None or not expl.chains and not expl.cycle:
        return findings
    extra = "\n" + "\n".join(expl.lines())
    return [replace(f, message=f.message + extra, related=expl.related(f.range)) for f in findings]


def markdown(expl: Optional[Explanation]) -> List[str]:
    """The explanation as Markdown list items, for hovers."""
    return ["  - " + line for line in expl.lines()] if expl else []
