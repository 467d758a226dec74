"""Delta debugging of a rez/pyrer divergence down to a small request and package set."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple, TypeVar

from pyrer.rez.memory_repo import MemoryRepos, PackageRecord, pyrer_packages
from pyrer.rez.outcome import Outcome, pyrer_outcome, rez_outcome

T = TypeVar("T")


def ddmin(items: Sequence[T], diverges: Callable[[List[T]], bool]) -> List[T]:
    """Zeller's ddmin: a 1-minimal sublist of `items` (order kept) on which `diverges` still holds."""
    items = list(items)
    n = 2
    while len(items) >= 2:
        size = -(-len(items) // n)
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        for chunk in chunks:
            if diverges(chunk):
                items, n = chunk, 2
                break
        else:
            for i in range(len(chunks)):
                rest = [x for j, c in enumerate(chunks) if j != i for x in c]
                if diverges(rest):
                    items, n = rest, max(n - 1, 2)
                    break
            else:
                if n >= len(items):
                    break
                n = min(len(items), 2 * n)
    return items


@dataclass
class Reproduction:
    """A request and package set on which rez and pyrer disagree, with both outcomes."""

    request: List[str]
    packages: List[PackageRecord]
    rez: Outcome
    pyrer: Outcome
    tests: int = 0
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "request": self.request,
            "packages": [p.as_dict() for p in self.packages],
            "rez": self.rez.describe(),
            "pyrer": self.pyrer.describe(),
            "tests": self.tests,
            "note": self.note,
        }


@dataclass
class _Tester:
    """Runs a candidate (request, packages) through rez (from memory) and pyrer, with memoisation."""

    mode: str
    error_on_missing: bool
    max_tests: int
    signature: Optional[Tuple[str, str]] = None  # (rez status, pyrer status) a candidate must keep
    repos: MemoryRepos = field(default_factory=MemoryRepos)
    tests: int = 0
    _memo: Dict[Tuple[Tuple[str, ...], FrozenSet[tuple]], bool] = field(default_factory=dict)

    def outcomes(self, request: Sequence[str], records: Sequence[PackageRecord]) -> Tuple[Outcome, Outcome]:
        self.tests += 1
        rez = rez_outcome(request, [self.repos.path_for(records)], self.mode, self.error_on_missing)
        ours = pyrer_outcome(request, pyrer_packages(records), None, self.mode, self.error_on_missing)
        return rez, ours

    def diverges(self, request: Sequence[str], records: Sequence[PackageRecord]) -> bool:
        key = (tuple(request), frozenset(r.key for r in records))
        if key not in self._memo:
            if self.tests >= self.max_tests:
                return False  # out of budget: stop shrinking
            rez, ours = self.outcomes(request, records)
            same_kind = self.signature is None or self.signature == (rez.status, ours.status)
            self._memo[key] = same_kind and not rez.agrees_with(ours)
        return self._memo[key]


def minimise(request: Sequence[str], records: Sequence[PackageRecord], variant_select_mode: str = "version_priority",
             error_on_missing_variant_requires: bool = True, max_tests: int = 3000) -> Optional[Reproduction]:
    """Shrink a diverging (request, packages) pair: whole families first, then single packages,
    then request items, then packages once more. Every step keeps the kind of divergence (rez's
    and pyrer's statuses), so the shrinking does not wander off to another disagreement. None if
    the packages, served to rez from memory, do not reproduce the divergence."""
    t = _Tester(variant_select_mode, error_on_missing_variant_requires, max_tests)
    request = list(request)
    records = list(records)
    rez, ours = t.outcomes(request, records)
    if rez.agrees_with(ours):
        return None
    t.signature = (rez.status, ours.status)

    families: Dict[str, List[PackageRecord]] = {}
    for r in records:
        families.setdefault(r.name, []).append(r)
    kept = ddmin(list(families), lambda names: t.diverges(request, [r for n in names for r in families[n]]))
    records = [r for n in kept for r in families[n]]
    records = ddmin(records, lambda subset: t.diverges(request, subset))
    if len(request) > 1:
        request = ddmin(request, lambda req: t.diverges(req, records))
        records = ddmin(records, lambda subset: t.diverges(request, subset))
    rez, ours = t.outcomes(request, records)
    note = "" if t.tests < max_tests else "test budget (%d) exhausted: not fully minimal" % max_tests
    return Reproduction(request, records, rez, ours, t.tests, note)
