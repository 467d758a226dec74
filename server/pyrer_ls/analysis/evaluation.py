"""The document being edited or checked, evaluated by rez where the user allows it: whether it needs it, what the
evaluation is keyed on, and its result, its pending evaluation or why there is none.

rez's developer-package loading (`@early` evaluated, wildcards expanded, the preprocess functions applied) runs in
the evaluation worker (`pyrer.evaluation`), never here. The language server does not wait: it checks the document
statically and again when rez has answered; `pyrer check` waits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, FrozenSet, Optional, Set

from pyrer_ls.analysis.evaluation_key import evaluation_key
from pyrer_ls.analysis.package_py import LIST_FIELDS, PackageInfo

EXPANDED_FIELDS = LIST_FIELDS + ("variants",)  # fields whose wildcards rez's developer loading expands


class EvaluationCancelled(Exception):
    """The analysis waiting for the evaluation was cancelled (a newer edit)."""


@dataclass
class DeveloperEvaluation:
    """The document as rez evaluates it, or why it is not evaluated.

    `key`: what the result is remembered under (`evaluation_key`); `masked`: the top-level names whose literal
    values the key leaves out (the analysis keeps their static values); `result`: rez's answer
    (`pyrer.evaluation.EvaluatedPackage` or `EvaluationFailure`); `pending`: the evaluation still running
    (`pyrer.evaluation.Evaluation`); `why_not`: a clause saying why nothing is evaluated."""

    key: str = ""
    masked: FrozenSet[str] = frozenset()
    result: Any = None
    pending: Any = None
    why_not: Optional[str] = None
    preprocess: Optional[str] = None  # rezconfig's package_preprocess_function, when it sets one
    volatile: bool = False  # rez's answer is never cached (the package ran a program): kept for its key only

    @property
    def package(self) -> Any:
        """The evaluated package, when rez loaded it."""
        return self.result if self.result is not None and self.result.ok else None

    @property
    def failure(self) -> Any:
        return self.result if self.result is not None and not self.result.ok else None


def late_fields(info: PackageInfo) -> Set[str]:
    """Fields defined by `@late` functions: rez evaluates those in a resolve, never when loading."""
    return {k for keys, f, _ in info.computed_notes if f.computed.evaluation == "late" for k in keys}


def has_wildcards(info: PackageInfo) -> bool:
    return any("*" in r.text for r in info.all_refs() if r.field in EXPANDED_FIELDS or r.field.startswith("tests."))


def needs_evaluation(info: PackageInfo, preprocess: bool = False) -> bool:
    """rez's view of the file differs from the static one (or may): a field computed by code (other than `@late`),
    a wildcard requirement, or a package_preprocess_function in rezconfig."""
    if not info.syntax_ok:
        return False
    late = late_fields(info)
    return preprocess or any(k not in late for k in info.computed) or has_wildcards(info)


def evaluate_document(ws: Any, path: str, text: str, info: PackageInfo, known: Optional[DeveloperEvaluation] = None,
                      wait: bool = True, cancel: Any = None) -> Optional[DeveloperEvaluation]:
    """rez's evaluation of the document `path` (an unsaved buffer `text`) for the workspace `ws`, when it needs one:
    from `known` (an earlier evaluation of the same key), the evaluator's cache, a new evaluation (waited for
    when `wait`, else returned `pending`), or why not. None when the static view is rez's view.
    Raises EvaluationCancelled when `cancel` fires while waiting."""
    preprocess = ws.config.package_preprocess_function
    if not needs_evaluation(info, bool(preprocess)):
        return None
    out = DeveloperEvaluation(preprocess=preprocess)
    if info.invalid:
        out.why_not = "rez refuses the package as it is written (PYRER011), so it is not evaluated"
        return out
    consent, evaluator = ws.consent, ws.evaluator
    if not consent.allows_document() or evaluator is None:
        out.why_not = consent.why_not(document=True)
        return out
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        out.why_not = "the document is not in a folder on disk, where rez would build it"
        return out
    out.key, out.masked = evaluation_key(text, info.read, bool(preprocess))
    handle = None
    if known is not None and known.key == out.key:
        if known.result is not None and known.volatile:  # (a cacheable answer is asked again: what it read may
            out.result, out.volatile = known.result, True  # have changed, the evaluator's cache knows)
            return out
        if known.pending is not None and not known.pending.cancelled:
            handle = known.pending  # the same evaluation, still running: wait for it rather than start another
    if handle is None:
        handle = evaluator.submit_developer(path, text, key=out.key)
    if not handle.done() and wait:
        result = evaluator.wait(handle, cancel)
        if getattr(result, "reason", None) == "cancelled":
            raise EvaluationCancelled()
    if handle.done():
        out.result, out.volatile = handle.result(), handle.volatile
    else:
        out.pending = handle
    return out


@dataclass
class KnownEvaluations:
    """The last evaluation of each open document, by document: an edit that keeps its key waits for the same
    running evaluation, and reuses an answer the evaluator could not cache (the package ran a program)."""

    size: int = 64
    by_document: dict = field(default_factory=dict)

    def get(self, document: str) -> Optional[DeveloperEvaluation]:
        return self.by_document.get(document)

    def put(self, document: str, evaluation: DeveloperEvaluation) -> None:
        self.by_document.pop(document, None)
        self.by_document[document] = evaluation
        while len(self.by_document) > self.size:
            self.by_document.pop(next(iter(self.by_document)))
