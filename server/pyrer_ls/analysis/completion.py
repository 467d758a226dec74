"""Completion: family names and versions inside requirement strings, package.py field names (from the raw text)."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import pyrer

from pyrer_ls.analysis.contexts import package_contexts, request_contexts
from pyrer_ls.analysis.cursor import StringAtCursor, char_index, field_at, string_at
from pyrer_ls.analysis.model import Position, Range, RequirementRef, ResolveContext
from pyrer_ls.analysis.package_py import read_package_py
from pyrer_ls.analysis.request_list import read_request_list
from pyrer_ls.analysis.requirements import check_requirement
from pyrer_ls.analysis.text import utf16_len
from pyrer_ls.analysis.workspace import Cancelled, Workspace

MAX_ITEMS = 200  # more matches than this: the list is marked incomplete and asked for again as typing goes on
MAX_CHECKED_VERSIONS = 20  # newest versions whose effect on the resolve is checked
MAX_CONTEXTS = 4  # resolve contexts solved per checked version
CHECK_BUDGET_SECONDS = float(os.environ.get("PYRER_LS_COMPLETION_BUDGET", "1.0"))  # versions not reached in time stay unmarked

REQUIREMENT_FIELDS = ("requires", "build_requires", "private_build_requires", "variants", "tests")
_NAME = re.compile(r"[A-Za-z0-9_.]*")
_RANGE_SEP = re.compile(r"\.\.|\||\+<|==|>=|<=|<|>|@|#|,")
_VERSION_TAIL = re.compile(r"^[A-Za-z0-9_.]*")

# rez package.py fields: (name, what it holds, snippet to insert)
PACKAGE_FIELDS: Sequence[Tuple[str, str, str]] = (
    ("name", "the package family name", 'name = "$1"'),
    ("version", "the package version", 'version = "$1"'),
    ("description", "a one-line summary", 'description = "$1"'),
    ("authors", "the list of authors", 'authors = ["$1"]'),
    ("requires", "runtime requirements (requirement strings)", 'requires = ["$1"]'),
    ("build_requires", "requirements added when building this package and its dependants", 'build_requires = ["$1"]'),
    ("private_build_requires", "requirements added only when building this package", 'private_build_requires = ["$1"]'),
    ("variants", "lists of requirements, one list per variant", 'variants = [["$1"]]'),
    ("hashed_variants", "install variants in hashed sub-folders", "hashed_variants = ${1:True}"),
    ("tools", "the executables this package provides", 'tools = ["$1"]'),
    ("commands", "environment set-up run when the package is in a context", "def commands():\n    $0"),
    ("pre_commands", "commands run before every package's commands", "def pre_commands():\n    $0"),
    ("post_commands", "commands run after every package's commands", "def post_commands():\n    $0"),
    ("pre_build_commands", "commands run before the build", "def pre_build_commands():\n    $0"),
    ("pre_test_commands", "commands run before each test", "def pre_test_commands():\n    $0"),
    ("tests", "named test commands with their own requirements", 'tests = {\n    "${1:unit}": {"command": "$2", "requires": [$3]},\n}'),
    ("help", "a help URL or [label, URL] pairs", 'help = "$1"'),
    ("uuid", "a unique identifier of the package", 'uuid = "$1"'),
    ("config", "rez settings overridden by this package", "config = {$1}"),
    ("relocatable", "whether the package may be copied to another repository", "relocatable = ${1:True}"),
    ("cachable", "whether the package may be cached locally", "cachable = ${1:True}"),
    ("has_plugins", "whether other packages are plugins of this one", "has_plugins = ${1:True}"),
    ("plugin_for", "the packages this one is a plugin for", 'plugin_for = ["$1"]'),
    ("requires_rez_version", "the rez version the package needs", 'requires_rez_version = "$1"'),
    ("build_command", "the command that builds the package (False: nothing to build)", 'build_command = "$1"'),
    ("build_system", "the build system to use", 'build_system = "${1:cmake}"'),
)


@dataclass(frozen=True)
class Candidate:
    """One completion item: the text replacing `range`, shown as `label`; `resolves` only for checked versions."""

    label: str
    kind: str  # "family", "version" or "field"
    range: Range
    new_text: str
    sort_text: str
    detail: Optional[str] = None
    documentation: Optional[str] = None
    snippet: Optional[str] = None  # fields: a snippet for clients that support them
    resolves: Optional[bool] = None


@dataclass
class Completions:
    """The candidates at a position; `incomplete` asks the client to ask again as the user types."""

    items: List[Candidate] = field(default_factory=list)
    incomplete: bool = False


@dataclass(frozen=True)
class _Split:
    """A requirement string cut at the cursor: operator, family name, and the version being typed."""

    family: str
    family_start: int  # offsets into the string's text
    family_end: int
    version: Optional[str] = None  # None while the family name is still being typed
    version_start: int = 0
    version_end: int = 0


def _split(s: StringAtCursor) -> Optional[_Split]:
    before = s.before
    op = len(before) - len(before.lstrip("~!"))
    name = _NAME.match(before, op).group()
    rest = before[op + len(name):]
    if not rest:
        end = op + len(name) + len(_NAME.match(s.after).group())
        return _Split(name, op, end)
    if not name:
        return None
    after_sep = rest[1:] if rest.startswith("-") else rest
    typed = _RANGE_SEP.split(after_sep)[-1]
    if typed.startswith("+") or "+" in typed:
        return None  # after "1.0+": an open range, nothing to insert
    start = len(before) - len(typed)
    return _Split(name, op, op + len(name), typed, start, len(before) + len(_VERSION_TAIL.match(s.after).group()))


def _at(s: StringAtCursor, start: int, end: int) -> Range:
    text = s.text
    return Range.at(s.line, s.start + utf16_len(text[:start]), s.start + utf16_len(text[:end]))


def _families(s: StringAtCursor, sp: _Split, ws: Workspace) -> Completions:
    prefix = sp.family.lower()
    names = [n for n in ws.family_names() if n.lower().startswith(prefix)]
    rng = _at(s, sp.family_start, sp.family_end)
    items = [Candidate(n, "family", rng, n, "%05d" % i, "package family") for i, n in enumerate(names[:MAX_ITEMS])]
    return Completions(items, incomplete=len(names) > MAX_ITEMS)


def _lines(text: str) -> List[str]:
    return [line.rstrip("\r") for line in text.split("\n")]


def _closed(text: str, s: StringAtCursor) -> str:
    """The text with the string under the cursor (and its list) closed when that makes it parse, else unchanged."""
    lines = _lines(text)
    line = lines[s.line]
    start = char_index(line, s.start)
    end = start + len(s.text)
    if start == 0 or (end < len(line) and line[end] == line[start - 1]):
        return text  # the string is closed: something else is broken
    for suffix in ("", "]", "]]", "}", "]}", "]}}"):
        lines[s.line] = line[:end] + line[start - 1] + suffix
        candidate = "\n".join(lines)
        if read_package_py(candidate).syntax_ok:
            return candidate
    return text


def _contexts_for(text: str, kind: str, s: StringAtCursor, ws: Workspace) -> Tuple[List[ResolveContext], Optional[RequirementRef]]:
    """The resolve contexts the string under the cursor belongs to, read from the current text.

    When the text does not parse, or the string is not a requirement yet, the contexts of the
    field the cursor is in (from the raw lines), or else the new requirement alone.
    """
    implicit = list(ws.implicit_packages)
    if kind == "package":
        info = read_package_py(text)
        if not info.syntax_ok:
            info = read_package_py(_closed(text, s))
        contexts = package_contexts(info, implicit) if info.syntax_ok else []
        refs = info.all_refs()
    else:
        lines = read_request_list(text)
        contexts = request_contexts(lines, implicit)
        refs = [r for line in lines for r in line]
    ref = next((r for r in refs if r.range.start == Position(s.line, s.start)), None)
    if ref is not None:
        return [c for c in contexts if any(r is ref for r in c.refs)], ref
    if kind == "package":
        fld = field_at(_lines(text), s.line)
        kinds = {"requires": ("runtime", "build"), "build_requires": ("build",), "private_build_requires": ("build",),
                 "variants": ("runtime",)}.get(fld or "", ())
        picked = [c for c in contexts if c.kind in kinds]
    else:
        picked = [c for c in contexts if c.refs and c.refs[0].group == s.line]
    return picked or [ResolveContext("alone", "request", [], implicit)], None


def _base_requests(contexts: List[ResolveContext], ref: Optional[RequirementRef], ws: Workspace) -> List[Tuple[str, List[str]]]:
    """(label, requests) of each distinct context without `ref` and without requirements failing their own check."""
    ok: Dict[int, bool] = {}
    out, seen = [], set()
    for ctx in contexts:
        keep = []
        for r in ctx.refs:
            if r is not ref and ok.setdefault(id(r), check_requirement(r, ws).ok):
                keep.append(r.text)
        requests = ctx.leading + keep + ctx.extra
        if tuple(requests) not in seen and len(out) < MAX_CONTEXTS:
            seen.add(tuple(requests))
            out.append((ctx.label, requests))
    return out


def _solve_status(requests: List[str], ws: Workspace, deadline: float, token: Optional[pyrer.CancelToken] = None) -> str:
    """The solver's status for these requests with the workspace's families and variant mode; "aborted" past `deadline`.
    Raises Cancelled when `token` stopped the solve (the document was edited again)."""
    budget = max(deadline - time.monotonic(), 0.001)
    result = ws.run_solve(requests, time_budget=budget, max_iterations=None, cancel=token)
    if result.aborted and result.abort_reason == "cancelled":
        raise Cancelled()
    return "aborted" if result.aborted else result.status


def _check(new: str, bases: List[Tuple[str, List[str]]], ws: Workspace, deadline: float,
           cancelled: Callable[[], bool], token: Optional[pyrer.CancelToken] = None) -> Optional[Tuple[bool, str]]:
    """(resolves, what failed) with the requirement string `new` in every context; None when out of time; raises
    Cancelled when `cancelled()` turns true or `token` is cancelled."""
    try:
        pyrer.Requirement(new)
    except pyrer.VersionError:
        return False, "%r would not parse" % new
    bad: Dict[str, List[str]] = {}  # status -> context labels
    for label, requests in bases:
        if cancelled() or token is not None and token.cancelled:
            raise Cancelled()
        status = _solve_status(requests + [new], ws, deadline, token)
        if status == "aborted":
            return None
        if status != "solved":
            bad.setdefault(status, []).append(label)
    return not bad, "; ".join("%s resolve %s" % (", ".join(labels), status) for status, labels in bad.items())


def _marked(c: Candidate, checked: Optional[Tuple[bool, str]], fam: str) -> Candidate:
    if checked is None:
        return replace(c, detail="%s (not checked)" % fam, resolves=None)
    return replace(c, detail="✓ resolves" if checked[0] else "✗ %s" % checked[1], resolves=checked[0])


def _versions(text: str, kind: str, s: StringAtCursor, sp: _Split, ws: Workspace,
              cancelled: Callable[[], bool], token: Optional[pyrer.CancelToken] = None) -> Completions:
    typed = sp.version or ""
    versions = [str(v) for v in reversed(ws.versions(sp.family))]
    matching = [v for v in versions if v.startswith(typed)]
    shown = matching[:MAX_ITEMS]
    if not shown:
        return Completions()
    contexts, ref = _contexts_for(text, kind, s, ws)
    bases = _base_requests(contexts, ref, ws)
    rng = _at(s, sp.version_start, sp.version_end)
    deadline = time.monotonic() + CHECK_BUDGET_SECONDS
    items, checking, stopped = [], True, False
    for i, version in enumerate(shown):
        checked = None
        if checking and i < MAX_CHECKED_VERSIONS and time.monotonic() <= deadline:
            try:
                checked = _check(s.text[:sp.version_start] + version + s.text[sp.version_end:], bases, ws, deadline,
                                 cancelled, token)
            except Cancelled:  # a newer edit: the rest stays unmarked, and the client asks again as typing goes on
                stopped = True
            checking = checked is not None  # out of time: this version and the older ones stay unmarked
        items.append(_marked(Candidate(version, "version", rng, version, "%05d" % i), checked, sp.family))
    return Completions(items, incomplete=stopped or len(matching) > len(shown))


def check_version(text: str, kind: str, pos: Position, version: str, ws: Optional[Workspace],
                  cancelled: Callable[[], bool] = lambda: False,
                  token: Optional[pyrer.CancelToken] = None) -> Optional[Candidate]:
    """One version candidate at `pos`, marked by solving (for an item left unmarked; completionItem/resolve); left
    unmarked when a newer edit cancels `token`."""
    s = string_at(_lines(text), pos.line, pos.character, kind)
    sp = _split(s) if s is not None else None
    if sp is None or sp.version is None or ws is None or not ws.paths:
        return None
    contexts, ref = _contexts_for(text, kind, s, ws)
    new = s.text[:sp.version_start] + version + s.text[sp.version_end:]
    try:
        checked = _check(new, _base_requests(contexts, ref, ws), ws, time.monotonic() + CHECK_BUDGET_SECONDS,
                         cancelled, token)
    except Cancelled:
        checked = None
    plain = Candidate(version, "version", _at(s, sp.version_start, sp.version_end), version, "")
    return _marked(plain, checked, sp.family)


def _fields(lines: List[str], pos: Position, present: Sequence[str]) -> Completions:
    """package.py field names not set yet, when the cursor is on a name starting in column 0."""
    line = lines[pos.line] if pos.line < len(lines) else ""
    cut = char_index(line, pos.character)
    before, rest = line[:cut], line[cut:]
    if not re.fullmatch(r"[A-Za-z_]\w*|", before) or not re.fullmatch(r"\w*", rest.split("=")[0].strip()):
        return Completions()
    end = len(before) + len(re.match(r"\w*", rest).group())
    rng = Range.at(pos.line, 0, utf16_len(line[:end]))
    items = [Candidate(name, "field", rng, name, "%05d" % i, "package.py field", doc, snippet)
             for i, (name, doc, snippet) in enumerate(PACKAGE_FIELDS) if name not in present and name.startswith(before)]
    return Completions(items)


def complete(text: str, kind: str, pos: Position, ws: Optional[Workspace],
             cancelled: Callable[[], bool] = lambda: False, token: Optional[pyrer.CancelToken] = None) -> Completions:
    """Candidates at `pos` of a package.py (kind "package") or request list (kind "requests"). A newer edit
    (`cancelled()`, or `token` cancelled) stops the solves that mark versions: those stay unmarked."""
    lines = _lines(text)
    s = string_at(lines, pos.line, pos.character, kind)
    if s is None:
        if kind != "package":
            return Completions()
        info = read_package_py(text)
        present = [k for k in info.field_ranges if info.field_ranges[k].start.line != pos.line]
        return _fields(lines, pos, present)
    if kind == "package" and field_at(lines, pos.line) not in REQUIREMENT_FIELDS:
        return Completions()
    sp = _split(s)
    if sp is None or ws is None or not ws.paths:
        return Completions()
    if sp.version is None:
        return _families(s, sp, ws)
    return _versions(text, kind, s, sp, ws, cancelled, token)
