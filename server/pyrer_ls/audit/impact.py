"""Release impact: which resolves of the studio change, break or start to resolve if a package.py were released.

Every document under the packages paths (each package's runtime, build and test contexts) and the request
lists given is checked as `pyrer check` checks it (its results cache is the baseline); the resolves of the
documents whose analysis read the released family (the reverse-dependency index: what each analysis read) are
solved again with the package listed in the release packages path and compared context by context.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from pyrer.studio import StudioConfig

from pyrer_ls.analysis.package_py import read_package_py
from pyrer_ls.analysis.workspace import Settings, Workspace
from pyrer_ls.audit.cache import ResultCache
from pyrer_ls.audit.record import DocumentResult, Resolve
from pyrer_ls.analysis.resolve import SolveSummary, _label, family
from pyrer_ls.audit.runner import AUDIT_SOLVE_CACHE, PRELOAD_AT, preload, run_audit


@dataclass
class Change:
    """One resolve context before and after the release."""

    path: str
    label: str
    before_status: str
    before: List[str]
    after_status: str
    after: List[str]
    failure: List[str] = field(default_factory=list)  # a break: the new failure's message, chain included
    where: Optional[dict] = None  # a break: the range of the finding it raises in `path`

    def differences(self) -> List[str]:
        """"foo-1.0 → foo-2.0", "+ bar-1.2", "- baz-3[1]": per family, in the order of the new resolve."""
        def by_family(labels: List[str]) -> Dict[str, str]:
            return {_family_of(label): label for label in labels}

        old, new = by_family(self.before), by_family(self.after)
        out = []
        for fam, label in new.items():
            if fam not in old:
                out.append("+ %s" % label)
            elif old[fam] != label:
                out.append("%s → %s" % (old[fam], label))
        out += ["- %s" % label for fam, label in old.items() if fam not in new]
        return out

    def to_json(self) -> dict:
        out = {"path": self.path, "context": self.label,
               "before": {"status": self.before_status, "resolved": self.before},
               "after": {"status": self.after_status, "resolved": self.after}, "differences": self.differences()}
        if self.failure:
            out["after"]["failure"] = self.failure
        return out


def _family_of(label: str) -> str:
    base = label.split("[", 1)[0]
    # "name-version": rez family names never contain "-"
    return base.split("-", 1)[0]


@dataclass
class Impact:
    """What releasing one package changes."""

    package: str  # "name-version"
    source: str  # the package.py given
    release_path: str
    documents: int = 0  # documents checked
    reading: int = 0  # documents whose analysis read the family (checked again)
    contexts: int = 0  # resolve contexts compared
    breaks: List[Change] = field(default_factory=list)  # solved before, not now
    changes: List[Change] = field(default_factory=list)  # solved both times, differently
    fixes: List[Change] = field(default_factory=list)  # not solved before, solved now
    problems: List[str] = field(default_factory=list)  # why the impact could not be computed
    seconds: float = 0.0

    @property
    def changed(self) -> int:
        return len(self.breaks) + len(self.changes) + len(self.fixes)

    def to_json(self) -> dict:
        return {"package": self.package, "source": self.source, "release_path": self.release_path,
                "documents": self.documents, "reading": self.reading, "contexts": self.contexts,
                "breaks": [c.to_json() for c in self.breaks], "changes": [c.to_json() for c in self.changes],
                "newly_resolved": [c.to_json() for c in self.fixes], "problems": self.problems,
                "seconds": round(self.seconds, 3)}


def release_root(config: StudioConfig, given: Optional[str] = None) -> Optional[str]:
    """Where a release lands: `given`, else rez's release_packages_path when it is a packages path, else the
    first packages path (None without one)."""
    if given:
        return os.path.abspath(os.path.expanduser(given))
    if config.release_packages_path and config.release_packages_path in config.packages_path:
        return config.release_packages_path
    return config.packages_path[0] if config.packages_path else None


def released_identity(text: str) -> Tuple[Optional[str], Optional[str], List[str]]:
    """(name, version, problems) of the package.py to release, read statically."""
    info = read_package_py(text)
    problems = []
    if not info.syntax_ok:
        problems.append("the package.py does not parse")
    for key in ("name", "version"):
        if key in info.computed:
            problems.append("its %s is set by code, which pyrer does not run" % key)
    if info.name is None and not problems:
        problems.append("the package.py has no name")
    return info.name, info.version or "", problems


def _compare(path: str, before: Sequence[Resolve], after: DocumentResult, impact: Impact) -> None:
    old = {r.label: r for r in before}
    new = {r.label: r for r in after.resolves}
    for label in list(old) + [x for x in new if x not in old]:
        a, b = old.get(label), new.get(label)
        a_status, b_status = (a.status if a else "absent"), (b.status if b else "absent")
        a_list, b_list = (a.resolved if a else []), (b.resolved if b else [])
        impact.contexts += 1
        if a_status == b_status and a_list == b_list:
            continue
        change = Change(path, label, a_status, a_list, b_status, b_list)
        if a_status == "solved" and b_status == "solved":
            impact.changes.append(change)
        elif a_status == "solved" and b_status != "absent":
            mine = [f for f in after.findings if label in f["message"].split(" resolve", 1)[0].split(", ")]
            change.failure = mine[0]["message"].splitlines() if mine else []
            change.where = mine[0]["range"] if mine else None
            impact.breaks.append(change)
        elif b_status == "solved":
            impact.fixes.append(change)
        elif a_status == "absent" or b_status == "absent":
            impact.changes.append(change)


def _solve(ws: Workspace, requests: Sequence[str], building: bool) -> Tuple[str, List[str]]:
    """(status, resolved labels) of one resolve as an analysis would report it."""
    twin = ws.building_twin(requests) if building else None
    if twin is None:
        def run(loaded: set):
            def load(name: str):
                loaded.add(name)
                return ws.load_family(name, building)
            return SolveSummary.of(ws.run_solve(requests, building, load_family=load))
        twin = ws.solve(ws.solve_key(requests, building), run)
    if twin.status == "solved":
        return "solved", [_label(v) for v in twin.resolved_packages]
    return ("stopped" if twin.aborted else twin.status), []


_WORKER: Dict[str, object] = {}


def _solve_batch(batch: List[Tuple[Tuple[str, ...], bool]]) -> List[Tuple[str, List[str]]]:
    ws = _WORKER["ws"]
    return [_solve(ws, list(requests), building) for requests, building in batch]


def solve_all(ws: Workspace, keys: List[Tuple[Tuple[str, ...], bool]], jobs: int) -> Dict[tuple, Tuple[str, List[str]]]:
    """Every (requests, building) resolve against `ws`, in `jobs` processes sharing one read of the repository."""
    ws.solve_cache_size = max(ws.solve_cache_size, AUDIT_SOLVE_CACHE)
    if len(keys) >= PRELOAD_AT:
        preload(ws)
    batches = [keys[i:i + 32] for i in range(0, len(keys), 32)]
    if jobs > 1 and len(batches) > 1 and "fork" in multiprocessing.get_all_start_methods():
        _WORKER["ws"] = ws
        with multiprocessing.get_context("fork").Pool(min(jobs, len(batches))) as pool:
            answers = [a for part in pool.map(_solve_batch, batches) for a in part]
        _WORKER.clear()
    else:
        answers = [_solve(ws, list(r), b) for r, b in keys]
    return dict(zip(keys, answers))


def _needs_analysis(result: DocumentResult, name: str) -> bool:
    """Documents whose contexts themselves may change with the release: a requirement on the family that failed
    its own check (unknown family, no version in range) comes back, and rez-test's variant choice."""
    return any(r.label.startswith("test ") for r in result.resolves) or any(
        family(text) == name for r in result.resolves for text in r.left_out) or bool(result.error)


def release_impact(package_path: str, text: str, config: StudioConfig, settings: Settings,
                   documents: Sequence[str], jobs: int = 1, cache: Optional[ResultCache] = None,
                   release_path: Optional[str] = None,
                   progress: Optional[Callable[[int, int], None]] = None) -> Impact:
    """What releasing `text` (the package.py at `package_path`) into the release packages path changes in the
    resolves of `documents` (package.py files and request lists).

    The baseline is `pyrer check`'s (its cache when valid). Of the documents whose analysis read the family,
    each resolve is solved again with the package listed; a document whose contexts themselves may change
    (`_needs_analysis`), and one with a new failure (for the chain), is analysed again in full."""
    started = time.perf_counter()
    name, version, problems = released_identity(text)
    root = release_root(config, release_path)
    out = Impact("%s-%s" % (name, version) if version else (name or "?"), package_path, root or "")
    if root is None:
        problems.append("no packages path to release into")
    elif root not in config.packages_path:
        problems.append("the release path %s is not a packages path: no resolve would see the package" % root)
    if problems:
        out.problems = problems
        return out
    target = os.path.join(root, name, version, "package.py") if version else os.path.join(root, name, "package.py")
    own = {os.path.abspath(package_path), target}
    docs = [d for d in documents if os.path.abspath(d) not in own]
    out.documents = len(docs)
    before = run_audit(docs, Workspace(settings=settings, config=config), jobs=jobs, cache=cache, progress=progress,
                       keep_resolves=lambda reads: name in reads)
    reading = [r for r in before.results if name in r.reads]
    out.reading = len(reading)
    if not reading:
        out.seconds = time.perf_counter() - started
        return out
    after_ws = Workspace(settings=settings, config=config, virtual={target: text})
    whole = [r for r in reading if _needs_analysis(r, name)]
    quick = [r for r in reading if not _needs_analysis(r, name)]
    keys = list(dict.fromkeys((tuple(c.requests), c.building) for r in quick for c in r.resolves
                              if c.status != "skipped"))
    answers = solve_all(after_ws, keys, jobs)
    broken = set()
    for r in quick:
        for c in r.resolves:
            if c.status != "skipped" and c.status == "solved" and answers[(tuple(c.requests), c.building)][0] != "solved":
                broken.add(r.path)
    again = {a.path: a for a in run_audit([r.path for r in whole] + sorted(broken), after_ws, jobs=jobs,
                                          keep_resolves=lambda reads: True).results}
    quick_paths = {r.path for r in quick}
    for r in reading:
        if r.path in again:
            new = again[r.path]
            if r.path in quick_paths:  # the chain of a break; the statuses are the quick ones (the same resolves)
                new = DocumentResult(r.path, r.kind, new.findings, _answered(r, answers))
        else:
            new = DocumentResult(r.path, r.kind, [], _answered(r, answers))
        _compare(r.path, r.resolves, new, out)
    out.seconds = time.perf_counter() - started
    return out


def _answered(result: DocumentResult, answers: Dict[tuple, Tuple[str, List[str]]]) -> List[Resolve]:
    out = []
    for c in result.resolves:
        status, resolved = (c.status, c.resolved) if c.status == "skipped" else answers[(tuple(c.requests), c.building)]
        out.append(Resolve(c.label, c.requests, c.building, status, resolved, c.left_out))
    return out
