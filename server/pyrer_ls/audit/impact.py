"""Release impact: which resolves of the studio change, break or start to resolve if a package.py were released.

Every document under the packages paths (each package's runtime, build and test contexts) and the request
lists given is checked as `pyrer check` checks it (its results cache is the baseline); the documents whose
analysis read the released family (the reverse-dependency index: what each analysis read) are checked again
with the package listed in the release packages path, and their resolves compared context by context.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from pyrer.studio import StudioConfig

from pyrer_ls.analysis.package_py import read_package_py
from pyrer_ls.analysis.workspace import Settings, Workspace
from pyrer_ls.audit.cache import ResultCache
from pyrer_ls.audit.record import DocumentResult, Resolve
from pyrer_ls.audit.runner import run_audit


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


def release_impact(package_path: str, text: str, config: StudioConfig, settings: Settings,
                   documents: Sequence[str], jobs: int = 1, cache: Optional[ResultCache] = None,
                   release_path: Optional[str] = None,
                   progress: Optional[Callable[[int, int], None]] = None) -> Impact:
    """What releasing `text` (the package.py at `package_path`) into the release packages path changes in the
    resolves of `documents` (package.py files and request lists)."""
    started = time.perf_counter()
    name, version, problems = released_identity(text)
    root = release_root(config, release_path)
    out = Impact("%s-%s" % (name, version) if version else (name or "?"), package_path, root or "")
    if root is None:
        problems.append("no packages path to release into")
    if problems:
        out.problems = problems
        return out
    if root not in config.packages_path:
        out.problems = ["the release path %s is not a packages path: no resolve would see the package" % root]
        return out
    target = os.path.join(root, name, version, "package.py") if version else os.path.join(root, name, "package.py")
    own = {os.path.abspath(package_path), target}
    docs = [d for d in documents if os.path.abspath(d) not in own]
    out.documents = len(docs)
    before = run_audit(docs, Workspace(settings=settings, config=config), jobs=jobs, cache=cache, progress=progress)
    reading = [r for r in before.results if name in r.reads]
    out.reading = len(reading)
    if reading:
        after_ws = Workspace(settings=settings, config=config, virtual={target: text})
        after = run_audit([r.path for r in reading], after_ws, jobs=jobs, cache=None)
        for old, new in zip(reading, after.results):
            _compare(old.path, old.resolves, new, out)
    out.seconds = time.perf_counter() - started
    return out
