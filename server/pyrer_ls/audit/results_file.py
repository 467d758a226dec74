"""The results file of one `pyrer check --save` run (a shard's share, or all of it) and the merge of several:
CI matrix jobs and farm job arrays each save theirs, one `pyrer check --merge` prints them as one check."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

import pyrer

from pyrer_ls.audit.record import DocumentResult
from pyrer_ls.audit.shard import Shard

FORMAT = "pyrer-check-results"
VERSION = 1


class ResultsFileError(ValueError):
    """A file that is not a pyrer results file (or of another version)."""


@dataclass
class CheckResults:
    """Documents in the order of the whole check (`order`: each document's place among all, every shard's)."""

    results: List[DocumentResult] = field(default_factory=list)
    order: List[int] = field(default_factory=list)
    skipped: List[Tuple[str, str]] = field(default_factory=list)
    configuration: List[str] = field(default_factory=list)
    shards: List[Optional[Shard]] = field(default_factory=list)
    total: int = 0  # documents of the whole check, all shards together
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "pyrer": str(getattr(pyrer, "__version__", "")),
                "shard": list(self.shards[0]) if len(self.shards) == 1 and self.shards[0] else None,
                "total": self.total, "seconds": round(self.seconds, 3), "configuration": self.configuration,
                "skipped": [list(s) for s in self.skipped],
                "documents": [dict(r.to_json(), order=o) for r, o in zip(self.results, self.order)]}

    @classmethod
    def from_json(cls, data: dict) -> "CheckResults":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ResultsFileError("not a pyrer check results file (made by pyrer check --save)")
        if data.get("version") != VERSION:
            raise ResultsFileError("results file version %r; this pyrer reads version %d" % (data.get("version"), VERSION))
        docs = data.get("documents") or []
        shard = data.get("shard")
        return cls([DocumentResult.from_json(d) for d in docs], [int(d.get("order", i)) for i, d in enumerate(docs)],
                   [(str(a), str(b)) for a, b in data.get("skipped") or []], list(data.get("configuration") or []),
                   [tuple(shard) if shard else None], int(data.get("total") or len(docs)), float(data.get("seconds") or 0))


def save(path: str, results: CheckResults) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(results.to_json(), f, ensure_ascii=False, separators=(",", ":"))


def load(path: str) -> CheckResults:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise ResultsFileError("%s: %s" % (path, e))
    try:
        return CheckResults.from_json(data)
    except (KeyError, TypeError, ValueError) as e:
        raise ResultsFileError("%s: %s" % (path, e))


def merge(parts: Sequence[CheckResults]) -> Tuple[CheckResults, List[str]]:
    """One check from several results files, in the whole check's document order; and what looks wrong
    (a shard missing or given twice, shards of different counts)."""
    problems: List[str] = []
    shards = [s for p in parts for s in p.shards]
    counts = {s[1] for s in shards if s}
    if len(counts) > 1:
        problems.append("the results come from different shard counts: %s" % ", ".join(str(n) for n in sorted(counts)))
    elif counts:
        n = counts.pop()
        given = sorted(s[0] for s in shards if s)
        missing = [k for k in range(1, n + 1) if k not in given]
        twice = sorted({k for k in given if given.count(k) > 1})
        if missing:
            problems.append("shard%s %s of %d missing" % ("s" if len(missing) > 1 else "",
                                                          ", ".join(str(k) for k in missing), n))
        if twice:
            problems.append("shard %s given more than once" % ", ".join(str(k) for k in twice))
    seen = {}
    for part in parts:
        for r, o in zip(part.results, part.order):
            seen.setdefault((o, r.path), r)
    keys = sorted(seen)
    skipped = sorted({s for p in parts for s in p.skipped})
    out = CheckResults([seen[k] for k in keys], [k[0] for k in keys], skipped,
                       next((p.configuration for p in parts if p.configuration), []), shards,
                       max((p.total for p in parts), default=0), max((p.seconds for p in parts), default=0.0))
    return out, problems
