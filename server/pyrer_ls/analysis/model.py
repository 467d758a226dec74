"""Plain data of the analysis: 0-based positions (UTF-16 columns, as LSP counts), findings and their codes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import List, Optional, Tuple


@dataclass(frozen=True, order=True)
class Position:
    """A 0-based line and a 0-based UTF-16 code-unit column."""

    line: int
    character: int


@dataclass(frozen=True, order=True)
class Range:
    """A half-open source range [start, end)."""

    start: Position
    end: Position

    def contains(self, pos: Position) -> bool:
        return self.start <= pos <= self.end

    @staticmethod
    def from_points(line: int, character: int, end_line: int, end_character: int) -> "Range":
        return Range(Position(line, character), Position(end_line, end_character))

    @staticmethod
    def at(line: int, start: int, end: int) -> "Range":
        return Range(Position(line, start), Position(line, end))


class Severity(enum.IntEnum):
    """LSP's DiagnosticSeverity values."""

    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4


class Codes:
    """Stable diagnostic codes; docs/lsp.md lists each with an example."""

    SYNTAX = "PYRER001"  # Python syntax error in package.py
    INVALID_REQUIREMENT = "PYRER002"  # requirement string does not parse
    INVALID_VERSION = "PYRER003"  # the `version` field does not parse
    UNKNOWN_FAMILY = "PYRER004"  # no package family of that name in the repositories
    NO_VERSION_IN_RANGE = "PYRER005"  # family exists, no version in the requested range
    CONFLICT = "PYRER006"  # the resolve failed on a conflict
    CYCLE = "PYRER007"  # the resolve failed on a cyclic dependency
    VARIANT_CONFLICT = "PYRER008"  # a variant's requirements conflict with `requires`
    NOT_STATIC = "PYRER009"  # field computed by code: not statically checked (information)
    RESOLVE_ERROR = "PYRER010"  # the resolve stopped with an error found deeper in the graph
    BAD_FIELD = "PYRER011"  # a field has a literal value of the wrong shape
    BUDGET = "PYRER012"  # the resolve hit its time budget or iteration limit: neither solved nor failed
    CONTEXT_DRIFT = "PYRER013"  # a saved context (.rxt) now resolves a package differently
    CONTEXT_UNRESOLVABLE = "PYRER014"  # a saved context's request no longer resolves
    CONTEXT_UNREADABLE = "PYRER015"  # a .rxt file is not a readable rez context
    CONTEXT_NOT_REPLAYED = "PYRER016"  # a saved setting the re-solve cannot apply (information)
    EVALUATION_FAILED = "PYRER017"  # rez could not evaluate the package.py (its error, or a limit hit)

    ALL = (SYNTAX, INVALID_REQUIREMENT, INVALID_VERSION, UNKNOWN_FAMILY, NO_VERSION_IN_RANGE,
           CONFLICT, CYCLE, VARIANT_CONFLICT, NOT_STATIC, RESOLVE_ERROR, BAD_FIELD, BUDGET,
           CONTEXT_DRIFT, CONTEXT_UNRESOLVABLE, CONTEXT_UNREADABLE, CONTEXT_NOT_REPLAYED, EVALUATION_FAILED)


@dataclass(frozen=True)
class Related:
    """A place that explains a finding (LSP relatedInformation); `path` None means the finding's own document."""

    path: Optional[str]
    range: Range
    message: str


@dataclass(frozen=True)
class Finding:
    """One diagnostic: where, how bad, which stable code, and a message naming its resolve context."""

    range: Range
    severity: Severity
    code: str
    message: str
    related: Tuple[Related, ...] = ()


@dataclass(frozen=True)
class RequirementRef:
    """One requirement string in the source and where it sits.

    `field` is e.g. "requires", "variants", "build_requires", "tests.<name>" or "line";
    `group` is the variant index (variants) or the 0-based line (request lists), else None.
    `evaluated`: None when `text` is written at `range` as it is; for a value rez evaluated, where `range` puts it:
    "literal" (the string literal holding exactly this value, e.g. in an `@early` function), "expanded" (the
    wildcard rez expanded to it), "template" (the `%s`/`{}` template code filled in), "part" (a literal the value
    contains: `"python-" + py`), "name" (the field's name: no literal holds the value).
    """

    text: str
    range: Range
    field: str
    group: Optional[int] = None
    evaluated: Optional[str] = None


@dataclass
class ResolveContext:
    """One solve to run: a label (e.g. "runtime variant 0"), its requests and where each came from.

    The requests are rez's: `leading` (a test's `name==version`), the document's requirements, then the
    implicit packages (`extra`), appended last as rez's ResolvedContext appends them."""

    label: str
    kind: str  # "runtime", "build", "test" or "request"
    refs: List[RequirementRef] = field(default_factory=list)
    extra: List[str] = field(default_factory=list)  # implicit packages, not in the file
    left_out: List[str] = field(default_factory=list)  # requirements that failed their own check
    leading: List[str] = field(default_factory=list)  # requests before the document's (a test's package itself)
    building: bool = False  # rez's solver reads every package with its build_requires (rez build)
    implied: List[RequirementRef] = field(default_factory=list)  # the document's requirements `leading` brings in

    @property
    def requests(self) -> List[str]:
        return self.leading + [r.text for r in self.refs] + self.extra
