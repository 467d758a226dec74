"""Repository packages the static reader cannot read, loaded by rez itself in the evaluation worker (when allowed)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Dict, List, Sequence

from pyrer.studio.definitions import PackageRecord

LATE = ("requires", "variants")  # rez evaluates @late fields in the resolve: pyrer cannot go through them


def needs_evaluation(record: PackageRecord) -> bool:
    """A package.py the static reader could not read because code computes its fields (not a syntax error)."""
    return bool(record.computed) and record.location.format == "py" and not record.location.combined


def _record_of(record: PackageRecord, result: Any) -> PackageRecord:
    if not result.ok:
        return replace(record, error="%s: rez cannot load it: %s" % (record.location.definition, result.message),
                       computed=())
    late = [f for f in result.late if f in LATE]
    if late:
        return replace(record, computed=tuple(late), error=(
            "%s: its %s %s an @late function, which rez evaluates during the resolve; pyrer does not model that"
            % (record.qualified_name, " and ".join(late), "is" if len(late) == 1 else "are")))
    build = None if result.build_requires is None else tuple(result.build_requires)
    return PackageRecord(record.location, tuple(result.requires or ()), tuple(tuple(v) for v in result.variants),
                         build, result.timestamp, None, ())


def evaluate_records(records: Sequence[PackageRecord], evaluator: Any) -> List[PackageRecord]:
    """The records, with every computed one replaced by what rez loads for it (its fields, or the error rez
    gives, as the package's load error). Code runs only in the evaluator's worker."""
    wanted = [r for r in records if needs_evaluation(r)]
    if not wanted:
        return list(records)
    by_root: Dict[str, List[PackageRecord]] = {}
    for r in wanted:
        by_root.setdefault(r.location.root, []).append(r)
    results: Dict[str, Any] = {}
    for root, group in by_root.items():
        results.update(evaluator.repository_packages([r.location.definition for r in group], repository=root))
    return [_record_of(r, results[r.location.definition]) if needs_evaluation(r) and r.location.definition in results
            else r for r in records]
