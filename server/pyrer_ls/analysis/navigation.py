"""Navigation: from a requirement to the package.py it resolved to, and every requirement naming a family."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from pyrer_ls.analysis.analyze import Analysis, document_kind
from pyrer_ls.analysis.model import Position, Range
from pyrer_ls.analysis.package_py import read_package_py
from pyrer_ls.analysis.request_list import read_request_list
from pyrer_ls.analysis.resolve import family
from pyrer_ls.analysis.workspace import Workspace

MAX_SCANNED_FILES = 5000  # files read per references request (open documents always count)
SKIPPED_FOLDERS = {"node_modules", "__pycache__", "build", "venv"}


@dataclass(frozen=True, order=True)
class Location:
    """A range in a file on disk."""

    path: str
    range: Range


def split_label(fam: str, label: str) -> Tuple[str, Optional[int]]:
    """The version and variant index of a resolved "name-version[i]" label of family `fam`."""
    rest = label[len(fam) + 1:] if label.startswith(fam + "-") else ""
    index = None
    if rest.endswith("]") and "[" in rest:
        rest, _, idx = rest[:-1].rpartition("[")
        index = int(idx) if idx.isdigit() else None
    return rest, index


def _target_range(text: str, index: Optional[int]) -> Range:
    """Where to land in a package.py: the variant's requirements, else the version, else the name, else the top."""
    info = read_package_py(text)
    if index is not None and info.variants and index < len(info.variants) and info.variants[index]:
        refs = info.variants[index]
        return Range(refs[0].range.start, refs[-1].range.end)
    for key in ("version", "name"):
        if key in info.value_ranges:
            return info.value_ranges[key]
    return Range.at(0, 0, 0)


def resolved_targets(analysis: Analysis, pos: Position, ws: Workspace) -> List[Tuple[str, str, Optional[int]]]:
    """(family, version, variant index) the requirement under `pos` resolved to in each context that holds it.

    A requirement that resolved nowhere gives the highest version in its range (or of its family).
    """
    check = next((c for c in analysis.checks if c.ref.range.contains(pos)), None)
    if check is None:
        return []
    fam = family(check.ref.text)
    out: List[Tuple[str, str, Optional[int]]] = []
    for o in analysis.outcomes:
        label = o.resolved_names.get(fam)
        if label and any(r.range == check.ref.range for r in o.context.refs):
            version, index = split_label(fam, label)
            if (fam, version, index) not in out:
                out.append((fam, version, index))
    if not out:
        versions = check.in_range or [str(v) for v in reversed(ws.versions(fam))]
        if versions:
            out.append((fam, versions[0], None))
    return out


def definition(analysis: Optional[Analysis], pos: Position, ws: Optional[Workspace]) -> List[Location]:
    """The package.py (and variant) each context resolved the requirement under `pos` to."""
    if analysis is None or ws is None:
        return []
    out: List[Location] = []
    for fam, version, index in resolved_targets(analysis, pos, ws):
        found = ws.package_source(fam, version)
        if found is not None:
            loc = Location(found[0], _target_range(found[1], index))
            if loc not in out:
                out.append(loc)
    return out


def family_at(analysis: Optional[Analysis], pos: Position) -> Optional[str]:
    """The family named by the requirement under `pos`, or the package's own name when on `name`."""
    if analysis is None:
        return None
    for check in analysis.checks:
        if check.ref.range.contains(pos):
            fam = family(check.ref.text)
            return fam or None
    info = analysis.package
    if info is not None and info.name:
        for rng in (info.value_ranges.get("name"), info.field_ranges.get("name")):
            if rng is not None and rng.contains(pos):
                return info.name
    return None


def _mentions(path: str, text: str, kind: str, fam: str, declaration: bool) -> List[Location]:
    """The requirements of one document naming `fam` (and its `name` when `declaration`)."""
    out = []
    if kind == "package":
        info = read_package_py(text)
        refs = info.all_refs()
        if declaration and info.name == fam and "name" in info.value_ranges:
            out.append(Location(path, info.value_ranges["name"]))
    else:
        refs = [r for line in read_request_list(text) for r in line]
    out += [Location(path, r.range) for r in refs if family(r.text) == fam]
    return out


def _walk(roots: Sequence[str], globs: List[str]) -> Iterator[Tuple[str, str]]:
    """(path, kind) of every package.py and request list under the roots, in a stable order."""
    seen: Set[str] = set()
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
            for name in sorted(files):
                path = os.path.join(folder, name)
                kind = document_kind(path, globs)
                if kind and path not in seen:
                    seen.add(path)
                    yield path, kind


def references(fam: str, open_docs: Dict[str, str], roots: Sequence[str], globs: List[str],
               declaration: bool = True, max_files: int = MAX_SCANNED_FILES) -> List[Location]:
    """Every requirement naming `fam` in the open documents and in the files under `roots` (capped)."""
    out: List[Location] = []
    for path, text in sorted(open_docs.items()):
        kind = document_kind(path, globs)
        if kind:
            out += _mentions(path, text, kind, fam, declaration)
    scanned = 0
    for path, kind in _walk(roots, globs):
        if path in open_docs:
            continue
        scanned += 1
        if scanned > max_files:
            break
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        if fam in text:
            out += _mentions(path, text, kind, fam, declaration)
    return sorted(set(out))
