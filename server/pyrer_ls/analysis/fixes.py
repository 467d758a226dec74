"""Code actions as plain edits: replace an unknown family, move a range to one that resolves, add an upper bound, sort requirements."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

import pyrer

from pyrer_ls.analysis.analyze import Analysis
from pyrer_ls.analysis.model import Codes, Range, RequirementRef
from pyrer_ls.analysis.package_py import LIST_FIELDS
from pyrer_ls.analysis.requirements import RequirementCheck, nearest_versions
from pyrer_ls.analysis.resolve import family
from pyrer_ls.analysis.text import utf16_len
from pyrer_ls.analysis.workspace import Cancelled, Workspace

QUICKFIX = "quickfix"
REWRITE = "refactor.rewrite"
SORT = "source.sortRequirements"
MAX_RANGE_CANDIDATES = 4
_VERSION_TEXT = re.compile(r"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")


@dataclass(frozen=True)
class TextEdit:
    """Replace `range` of the document with `new_text`."""

    range: Range
    new_text: str


@dataclass
class Fix:
    """One code action: a title, its kind, the edits, and the diagnostic (code, range) it fixes."""

    title: str
    kind: str
    edits: List[TextEdit]
    code: Optional[str] = None
    diagnostic_range: Optional[Range] = None
    preferred: bool = False


def _overlaps(a: Range, b: Range) -> bool:
    return a.start <= b.end and b.start <= a.end


def _exact(ref: RequirementRef) -> bool:
    """The ref's range covers exactly its text (a plain one-line literal), so edits inside it are exact; never a
    value rez evaluated from something else (a wildcard, a template, code)."""
    r = ref.range
    if ref.evaluated not in (None, "literal"):
        return False
    return r.start.line == r.end.line and r.end.character - r.start.character == utf16_len(ref.text)


def _wanted(kind: str, only: Optional[Sequence[str]]) -> bool:
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


# --- unknown family: the close matches ----------------------------------------------------
def replace_family(check: RequirementCheck) -> List[Fix]:
    """PYRER004: one quick fix per close family name, the closest preferred."""
    req, ref = check.requirement, check.ref
    if req is None or not _exact(ref) or not ref.text.startswith(req.name):
        return []
    start = ref.range.start
    name_range = Range.at(start.line, start.character, start.character + utf16_len(req.name))
    return [Fix("Replace '%s' with '%s'" % (req.name, name), QUICKFIX, [TextEdit(name_range, name)],
                Codes.UNKNOWN_FAMILY, ref.range, preferred=(i == 0))
            for i, name in enumerate(check.close)]


# --- no version in range: a range that resolves -------------------------------------------
def _precision(req: pyrer.Requirement) -> int:
    """How many version tokens the range spells out (the fewest among its bounds, at least 1)."""
    written = _VERSION_TEXT.findall(str(req.range)) if req.range is not None else []
    return min((len(v.split(".")) for v in written), default=1)


def range_candidates(req: pyrer.Requirement, versions: List[pyrer.Version]) -> List[str]:
    """Requirements on the nearest available versions, as precise as the original range, nearest above first."""
    near = [pyrer.Version(v) for v in nearest_versions(req.range, versions)] if req.range else []
    above = [v for v in near if req.range.issubset(pyrer.VersionRange("<%s" % v))]
    below = [v for v in near if v not in above]
    out: List[str] = []
    for v in above + list(reversed(below)):
        text = "%s-%s" % (req.name, v.trim(_precision(req)))
        if text not in out:
            out.append(text)
    return out[:MAX_RANGE_CANDIDATES]


def _solves(requests: List[str], ws: Workspace, token: Optional[pyrer.CancelToken] = None) -> Optional[pyrer.SolveResult]:
    """The solve when it succeeds; raises Cancelled when `token` stopped it."""
    result = ws.run_solve(requests, cancel=token)
    if result.aborted and result.abort_reason == "cancelled":
        raise Cancelled()
    return result if result.status == "solved" else None


def replace_range(analysis: Analysis, check: RequirementCheck, ws: Workspace,
                  cancelled: Callable[[], bool] = lambda: False, token: Optional[pyrer.CancelToken] = None) -> List[Fix]:
    """PYRER005: requirements on nearby versions that resolve in every context holding this one (checked by solving);
    raises Cancelled when a newer edit (`cancelled()`, or `token` cancelled) stops the solves."""
    req, ref = check.requirement, check.ref
    if req is None or not _exact(ref) or not ws.paths:
        return []
    # the contexts this requirement was left out of (its own check failed), else the implicit packages alone
    bases = [o.context.requests for o in analysis.outcomes if ref.text in o.context.left_out]
    bases = bases or [list(ws.implicit_packages)]
    fixes = []
    for cand in range_candidates(req, ws.versions(req.name)):
        if cancelled() or token is not None and token.cancelled:
            raise Cancelled()
        results = [_solves(base + [cand], ws, token) for base in bases]
        if all(results):
            got = sorted({v.name + "-" + v.version for r in results for v in r.resolved_packages
                          if v.name == req.name})
            fixes.append(Fix("Change to %s (resolves to %s)" % (cand, ", ".join(got)), QUICKFIX,
                             [TextEdit(ref.range, cand)], Codes.NO_VERSION_IN_RANGE, ref.range,
                             preferred=not fixes))
    return fixes


# --- an upper bound on the resolved major -------------------------------------------------
def _resolved_versions(analysis: Analysis, ref: RequirementRef, name: str) -> List[pyrer.Version]:
    out = []
    for o in analysis.outcomes:
        label = o.resolved_names.get(name) if any(r.range == ref.range for r in o.context.refs) else None
        if label:
            out.append(pyrer.Version(label[len(name) + 1:].split("[")[0]))
    return out


def bounded_requirement(req: pyrer.Requirement, resolved: List[pyrer.Version]) -> Optional[str]:
    """'foo' -> 'foo-1', 'foo-1+' -> 'foo-1+<2' for resolved 1.x; None when already bounded or not expressible."""
    rng = req.range
    if not resolved or req.conflict or req.weak or req.name.startswith("."):
        return None
    majors = sorted({v.trim(1) for v in resolved})
    if rng is None or rng.is_any():
        if len(majors) == 1:
            return "%s-%s" % (req.name, majors[0])
        lower = "%s+" % majors[0]
    elif rng.upper_bounded() or len(rng.split()) != 1:
        return None
    else:
        lower = str(rng)
    top = str(majors[-1])
    if not top.isdigit():
        return None
    text = "%s-%s<%d" % (req.name, lower, int(top) + 1)
    try:
        new = pyrer.Requirement(text)
    except pyrer.VersionError:
        return None
    return text if all(new.range.contains_version(v) for v in resolved) else None


def add_upper_bound(analysis: Analysis, check: RequirementCheck) -> List[Fix]:
    """Refactor: bound an open-ended requirement to the major version(s) it resolves to."""
    req, ref = check.requirement, check.ref
    if req is None or not _exact(ref):
        return []
    text = bounded_requirement(req, _resolved_versions(analysis, ref, req.name))
    if text is None or text == ref.text:
        return []
    return [Fix("Add an upper bound: %s" % text, REWRITE, [TextEdit(ref.range, text)])]


# --- sort a requirements list -------------------------------------------------------------
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")  # LSP's lines, with their ends


@functools.lru_cache(maxsize=4)
def _lines(text: str) -> List[str]:
    return [m.group() for m in _LINE.finditer(text)] or [""]


def _slice(text: str, rng: Range) -> str:
    lines = _lines(text)

    def offset(line: int, col: int) -> int:
        base = sum(len(s) for s in lines[:line])
        src = lines[line] if line < len(lines) else ""
        if src.isascii():  # one character, one UTF-16 unit (no per-character walk on a 10,000-item line)
            return base + min(col, len(src))
        units = src.encode("utf-16-le", "surrogatepass")[:2 * col]
        return base + len(units.decode("utf-16-le", "surrogatepass"))

    return text[offset(rng.start.line, rng.start.character):offset(rng.end.line, rng.end.character)]


def sort_key(requirement: str):
    return (family(requirement).lower(), requirement.lower(), requirement)


def sort_requirements(analysis: Analysis, text: str) -> List[Fix]:
    """One source action per requirements list that is all string literals and not yet sorted."""
    info = analysis.package
    if info is None:
        return []
    fixes = []
    for key in LIST_FIELDS:
        spans = info.lists.get(key)
        refs = getattr(info, key)
        if spans is None or not spans.all_strings or len(refs) < 2 or len(refs) != len(spans.elements):
            continue
        order = sorted(range(len(refs)), key=lambda i: sort_key(refs[i].text))
        if order == list(range(len(refs))):
            continue
        sources = [_slice(text, r) for r in spans.elements]
        edits = [TextEdit(spans.elements[slot], sources[src]) for slot, src in enumerate(order) if slot != src]
        fixes.append(Fix("Sort %s" % key, SORT, edits))
    return fixes


# --- everything for a range ---------------------------------------------------------------
def code_actions(analysis: Analysis, text: str, ws: Optional[Workspace], rng: Range,
                 only: Optional[Sequence[str]] = None, cancelled: Callable[[], bool] = lambda: False,
                 token: Optional[pyrer.CancelToken] = None) -> List[Fix]:
    """The fixes for the diagnostics and requirements under `rng`, then the source actions. Raises Cancelled when a
    newer edit (`cancelled()`, or `token` cancelled) stops the solves checking them: they would be for an old text."""
    by_range: Dict[Range, RequirementCheck] = {c.ref.range: c for c in analysis.checks}
    fixes: List[Fix] = []
    for f in analysis.findings:
        check = by_range.get(f.range)
        if check is None or not _overlaps(f.range, rng) or not _wanted(QUICKFIX, only):
            continue
        if f.code == Codes.UNKNOWN_FAMILY:
            fixes += replace_family(check)
        elif f.code == Codes.NO_VERSION_IN_RANGE and ws is not None:
            fixes += replace_range(analysis, check, ws, cancelled, token)
    if _wanted(REWRITE, only):
        for check in analysis.checks:
            if _overlaps(check.ref.range, rng) and check.ok:
                fixes += add_upper_bound(analysis, check)
    if _wanted(SORT, only):
        fixes += sort_requirements(analysis, text)
    return fixes
