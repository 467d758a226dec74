"""One document's analysis: read it, check each requirement, statically compare variants, solve every context."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Tuple

import pyrer
from pyrer.studio import describe

from pyrer_ls.analysis.contexts import package_contexts, request_contexts, test_variants, variant_test_contexts
from pyrer_ls.analysis.evaluated import evaluated_view, not_evaluated_view, why_wildcards_stay
from pyrer_ls.analysis.evaluation import DeveloperEvaluation, EvaluationCancelled, evaluate_document
from pyrer_ls.analysis.model import Codes, Finding, RequirementRef, ResolveContext, Severity
from pyrer_ls.analysis.package_py import PackageInfo, read_package_py
from pyrer_ls.analysis.request_list import read_request_list
from pyrer_ls.analysis.requirements import RequirementCheck, check_requirement
from pyrer_ls.analysis.resolve import CONFLICT_PAIR, Outcome, family, run_context
from pyrer_ls.analysis.rxt import RxtReport, analyze_rxt
from pyrer_ls.analysis.text import readable_text
from pyrer_ls.analysis.workspace import Cancelled, Workspace

__all__ = ["Analysis", "analyze_text", "document_kind", "Cancelled"]


@dataclass
class Analysis:
    """Everything known about one document: findings, per-requirement checks and per-context outcomes."""

    path: str
    kind: str  # "package" or "requests"
    findings: List[Finding] = field(default_factory=list)
    checks: List[RequirementCheck] = field(default_factory=list)
    outcomes: List[Outcome] = field(default_factory=list)
    package: Optional[PackageInfo] = None  # as rez evaluated it when it did, else as read statically
    rxt: Optional[RxtReport] = None  # a saved context (.rxt) checked against today's repositories
    configuration: List[str] = field(default_factory=list)  # the rez configuration the resolves used
    evaluation: Optional[DeveloperEvaluation] = None  # rez's evaluation of the package (or why there is none)

    @property
    def evaluating(self) -> Optional[object]:
        """The evaluation still running (a `pyrer.evaluation.Evaluation`): this analysis is the static one."""
        return self.evaluation.pending if self.evaluation is not None else None


def document_kind(path: str, globs: List[str]) -> Optional[str]:
    """"package" for any file named package.py, "context" for a saved context (.rxt), "requests" for request-list globs."""
    base = os.path.basename(path)
    if base == "package.py":
        return "package"
    if base.endswith(".rxt"):
        return "context"
    if any(fnmatch.fnmatch(base, g) or fnmatch.fnmatch(path, g) for g in globs):
        return "requests"
    return None


def _variant_conflicts(info: PackageInfo) -> List[Finding]:
    """A variant whose own requirements conflict with `requires` (rez would refuse that variant)."""
    out = []
    for i, variant in enumerate(info.variants or []):
        try:
            reqs = [pyrer.Requirement(r.text) for r in info.requires + variant]
        except pyrer.VersionError:
            continue
        pair = pyrer.RequirementList(reqs).conflict
        if pair:
            names = {pair[0].name, pair[1].name}
            for ref in variant:
                if family(ref.text) in names:
                    out.append(Finding(ref.range, Severity.ERROR, Codes.VARIANT_CONFLICT,
                                       "variant %d conflicts with requires: %s <--!--> %s" % (i, pair[0], pair[1])))
    return out


def _version_finding(info: PackageInfo) -> List[Finding]:
    if info.version is None or "version" not in info.value_ranges:
        return []
    try:
        pyrer.Version(info.version)
        return []
    except pyrer.VersionError as e:
        return [Finding(info.value_ranges["version"], Severity.ERROR, Codes.INVALID_VERSION, str(e))]


def analyze_text(path: str, text: str, ws: Optional[Workspace],
                 cancelled: Callable[[], bool] = lambda: False, kind: Optional[str] = None,
                 token: Optional[pyrer.CancelToken] = None, wait: bool = True,
                 known: Optional[DeveloperEvaluation] = None) -> Analysis:
    """Analyse a package.py or request list; raises Cancelled when `cancelled()` turns true (or `token` is
    cancelled) midway.

    A package.py whose fields rez computes is evaluated by rez in the evaluation worker where the workspace's
    consent allows it (`analysis/evaluation.py`), and checked as rez evaluates it. `wait`: wait for an evaluation
    that is not cached (else the analysis is the static one and `Analysis.evaluating` is the running evaluation);
    `known`: an earlier evaluation of this document, used when its key still matches."""
    settings = ws.settings if ws else None
    kind = kind or document_kind(path, settings.request_file_globs if settings else []) or "requests"
    out = Analysis(path, kind)
    try:
        return _analyze(out, path, text, ws, cancelled, kind, token, wait, known)
    except Cancelled:
        give_up(out, known)
        raise


def give_up(analysis: Analysis, known: Optional[DeveloperEvaluation] = None) -> None:
    """An analysis nobody will use: drop the evaluation it started, if it has not started running (one it shares
    with the document's `known` evaluation stays)."""
    pending = analysis.evaluating
    if pending is not None and (known is None or known.pending is not pending):
        pending.cancel()


def _analyze(out: Analysis, path: str, text: str, ws: Optional[Workspace], cancelled: Callable[[], bool],
             kind: str, token: Optional[pyrer.CancelToken], wait: bool,
             known: Optional[DeveloperEvaluation]) -> Analysis:
    if ws is not None and ws.paths:
        out.configuration = describe(ws.config)
    if kind == "context":
        report = out.rxt = analyze_rxt(text, ws, cancelled)
        out.checks, out.outcomes = report.checks, [report.outcome] if report.outcome else []
        out.findings = [_own_path(f, path) for f in report.findings]
        return out
    implicit = ws.implicit_packages if ws is not None and ws.paths else []
    # a BOM becomes a form feed in package.py (Python skips it, as rez's compile of the bytes skips the
    # BOM) and a space in request lists; lone surrogates become U+FFFD: columns are unchanged
    text = readable_text(text, "\f" if kind == "package" else " ")
    if kind == "package":
        info = out.package = read_package_py(text)
        if ws is not None:
            info = out.package = _evaluated(out, path, text, info, ws, known, wait, token or cancelled)
        out.findings += info.findings + _version_finding(info)
        refs: List[RequirementRef] = info.all_refs()
        contexts = package_contexts(info, implicit)
        out.findings += _variant_conflicts(info)
    else:
        lines = read_request_list(text)
        refs = [r for line in lines for r in line]
        contexts = request_contexts(lines, implicit)
    bad: Dict[Tuple, bool] = {}
    why_wildcards = why_wildcards_stay(out.evaluation)
    for ref in refs:
        if cancelled():
            raise Cancelled()
        check = check_requirement(ref, ws, why_wildcards)
        out.checks.append(check)
        out.findings += check.findings
        bad[(ref.range, ref.text)] = not check.ok
    blocked = {f.range for f in out.findings if f.code == Codes.VARIANT_CONFLICT}
    if ws is None or not ws.paths:
        return out
    seen: Dict[Tuple, Outcome] = {}
    tested = any(ctx.kind == "test" for ctx in contexts)
    unparsed = {(c.ref.range, c.ref.text) for c in out.checks if c.requirement is None}
    developer = _developer_package(out.package, unparsed) if kind == "package" and tested else None

    def run(ctx: ResolveContext) -> Outcome:
        key = (tuple(ctx.requests), ctx.building, ctx.kind == "test")
        if ctx.building and key not in seen:
            runtime = seen.get((key[0], False, False))
            # the same requests over families no package of which has build_requires: the same solve
            if runtime is not None and runtime.status != "stopped" and ws.builds_like_runtime(runtime.reading):
                seen[key] = runtime
        if key in seen:  # e.g. two variants with the same requirements
            prev = seen[key]
            return Outcome(ctx, prev.status, prev.resolved, prev.resolved_names, prev.failure, prev.time_ms,
                           [replace(f, message=f.message.replace(prev.context.label, ctx.label, 1))
                            for f in prev.findings], prev.explanation, prev.resolved_variants,
                           stopped_by=prev.stopped_by, reading=prev.reading)
        seen[key] = run_context(ctx, ws, cancelled, token, developer if ctx.kind == "test" else None)
        return seen[key]

    for ctx in contexts:
        if any(r.range in blocked for r in ctx.refs):
            out.outcomes.append(Outcome(ctx, "skipped", failure="the variant conflicts with requires"))
            continue
        dropped = [r for r in ctx.refs if bad.get((r.range, r.text))]
        if dropped:  # solve the rest: the bad ones already have their own diagnostic
            kept = [r for r in ctx.refs if not bad.get((r.range, r.text))]  # (linear: 10,000 requirements)
            ctx = ResolveContext(ctx.label, ctx.kind, kept, ctx.extra, [r.text for r in dropped], ctx.leading,
                                 ctx.building, ctx.implied)
        if ctx.kind == "test" and out.package is not None and out.package.variants:
            if developer is None:
                continue
            # rez-test: `on_variants`, else the variant the test's own resolve prefers, else every variant
            indexes = test_variants(out.package, ctx.label[len("test "):])
            preferred = None
            if indexes is None:
                first = run(ctx)
                preferred = first.resolved_variants.get(out.package.name) if first.status == "solved" else None
            chosen = variant_test_contexts(ctx, out.package, preferred, indexes)
        else:
            chosen = [ctx]
        for c in chosen:
            out.outcomes.append(run(c))
            out.findings += out.outcomes[-1].findings
    flagged = {f.range for f in out.findings if f.code in (Codes.UNKNOWN_FAMILY, Codes.NO_VERSION_IN_RANGE)}
    out.findings = [_own_path(f, path) for f in _dedupe(out.findings)
                    if not (f.code == Codes.RESOLVE_ERROR and f.range in flagged)]  # already said on that string
    return out


def _evaluated(out: Analysis, path: str, text: str, info: PackageInfo, ws: Workspace,
               known: Optional[DeveloperEvaluation], wait: bool, cancel: object) -> PackageInfo:
    """The package as rez evaluates it when it needs and may (else as read, saying why not)."""
    try:
        evaluation = out.evaluation = evaluate_document(ws, path, text, info, known, wait, cancel)
    except EvaluationCancelled:
        raise Cancelled()
    if evaluation is None:
        return info
    if evaluation.package is not None:
        return evaluated_view(info, evaluation, text)
    return not_evaluated_view(info, evaluation, text)


def _developer_package(info: Optional[PackageInfo], unparsed: set) -> Optional[pyrer.PackageData]:
    """The package being edited as the solver would see it once installed (for rez-test contexts): its
    requirements as written (a variant on a missing version is one rez-test's resolve passes over), without
    the strings that do not parse (their own diagnostics say why)."""
    if info is None or info.name is None or {"name", "version", "requires", "variants"} & set(info.not_static):
        return None

    def kept(refs: List[RequirementRef]) -> List[str]:
        return [r.text for r in refs if (r.range, r.text) not in unparsed]

    return pyrer.PackageData(info.name, info.version or "", kept(info.requires),
                             [kept(v) for v in info.variants or []])


def _own_path(f: Finding, path: str) -> Finding:
    """Related places without a path are in the analysed document itself."""
    if not any(r.path is None for r in f.related):
        return f
    return replace(f, related=tuple(replace(r, path=path) if r.path is None else r for r in f.related))


def _failure_key(f: Finding) -> object:
    """What makes two resolve failures the same: the conflicting pairs in any order, else the first line."""
    if f.code not in (Codes.CONFLICT, Codes.CYCLE, Codes.RESOLVE_ERROR):
        return f.message
    first = f.message.split(": ", 1)[-1].split("\n", 1)[0]
    pairs = CONFLICT_PAIR.findall(first) if f.code == Codes.CONFLICT else []
    return frozenset(frozenset(x.strip("()") for x in p) for p in pairs) if pairs else first


def _dedupe(findings: List[Finding]) -> List[Finding]:
    """Merge identical failures reported by several contexts into one finding per range and code."""
    merged: Dict[Tuple, Finding] = {}
    order = []
    for f in findings:
        # the same failure in several contexts (its explanation may differ: a test reaches it through the package
        # itself) is one finding
        key = (f.range, f.code, _failure_key(f))
        if key in merged:
            prev = merged[key]
            label = f.message.split(" resolve", 1)[0]
            merged[key] = replace(prev, message=prev.message.replace(" resolve", ", " + label + " resolve", 1))
        else:
            merged[key] = f
            order.append(key)
    return sorted((merged[k] for k in order), key=lambda f: (f.range, f.code))
