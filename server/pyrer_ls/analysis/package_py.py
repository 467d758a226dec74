"""package.py as the analysis sees it: the Rust static reader's fields and spans, as rez's developer loading reads them.

Field reading is `pyrer._native.read_static_package_py` (never executes code; the same reader
as the solver's `parse_static_package(s)_py`, so both agree on what is computed). Python's own
parser is asked only whether the file compiles, for PYRER001 with CPython's message.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from pyrer._native import StaticField, StaticRead, StaticValue, read_static_package_py

from pyrer_ls.analysis.model import Codes, Finding, Range, Related, RequirementRef, Severity
from pyrer_ls.analysis.text import LineIndex, readable_text

LIST_FIELDS = ("requires", "build_requires", "private_build_requires")
FIELDS = ("name", "version", "variants", "tests") + LIST_FIELDS
NOT_EVALUATED = "pyrer does not evaluate it here"  # why a computed field is not checked, without a workspace


@dataclass
class LiteralList:
    """A list field as written: each element's whole source range (quotes included) and whether all are strings."""

    elements: List[Range]
    all_strings: bool


@dataclass
class PackageInfo:
    """What the static reader found; a field is None (or empty) when absent or not statically known."""

    name: Optional[str] = None
    version: Optional[str] = None
    requires: List[RequirementRef] = field(default_factory=list)
    build_requires: List[RequirementRef] = field(default_factory=list)
    private_build_requires: List[RequirementRef] = field(default_factory=list)
    variants: Optional[List[List[RequirementRef]]] = None
    tests: Dict[str, List[RequirementRef]] = field(default_factory=dict)  # each test's `requires`
    test_on_variants: Dict[str, List[RequirementRef]] = field(default_factory=dict)  # `on_variants` requirements
    test_all_variants: List[str] = field(default_factory=list)  # tests with `on_variants: True`
    field_ranges: Dict[str, Range] = field(default_factory=dict)  # each top-level name, where it is last set
    value_ranges: Dict[str, Range] = field(default_factory=dict)  # the literal value of name/version
    computed: List[str] = field(default_factory=list)  # fields set by code, never executed
    invalid: List[str] = field(default_factory=list)  # fields whose literal rez rejects (PYRER011)
    lists: Dict[str, LiteralList] = field(default_factory=dict)  # "requires", ... as written
    findings: List[Finding] = field(default_factory=list)
    # PYRER009 per piece of code computing fields: (the fields, the reader's field, the finding in `findings`)
    computed_notes: List[Tuple[Tuple[str, ...], StaticField, Finding]] = field(default_factory=list)
    reader_stop: Optional[Finding] = None  # PYRER009 where the static reader stopped following the file
    evaluated: Dict[str, object] = field(default_factory=dict)  # fields rez evaluated (their values, as rez has them)
    syntax_ok: bool = True
    read: Optional[StaticRead] = None  # the reader's whole answer (outline: every top-level statement)

    @property
    def not_static(self) -> List[str]:
        """Fields whose value cannot be used statically: computed by code, or a literal rez rejects."""
        return self.computed + self.invalid

    def all_refs(self) -> List[RequirementRef]:
        refs = self.requires + self.build_requires + self.private_build_requires
        for group in self.variants or []:
            refs = refs + group
        for test_refs in self.tests.values():
            refs = refs + test_refs
        for test_refs in self.test_on_variants.values():
            refs = refs + test_refs
        return refs


def span_range(span: Tuple[int, int, int, int]) -> Range:
    """A reader span (0-based lines, UTF-16 columns) as a Range."""
    return Range.from_points(*span)


def _strings(value: Optional[StaticValue], key: str, group: Optional[int] = None) -> List[RequirementRef]:
    """The requirement strings of a literal list the schema check accepted."""
    if value is None or value.kind != "list":
        return []
    return [RequirementRef(v.python(), span_range(v.text_span), key, group) for v in value.items if v.kind == "str"]


def _dict_get(value: StaticValue, key: str) -> Optional[StaticValue]:
    """A string key's value in a literal dict (the last duplicate wins, as in Python)."""
    found = None
    for k, v in zip(value.keys, value.items):
        if k.kind == "str" and k.python() == key:
            found = v
    return found


def _syntax_error(text: str) -> Optional[Finding]:
    """PYRER001 with CPython's message when the file does not compile (parsing only; nothing runs)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like are warnings, not errors
            compile(text, "package.py", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        return None
    except SyntaxError as e:
        return Finding(_syntax_range(e, LineIndex(text)), Severity.ERROR, Codes.SYNTAX,
                       "Python syntax error: %s" % e.msg)
    except (MemoryError, RecursionError, ValueError) as e:  # nesting past the parser's limits, NUL bytes
        why = str(e) or "the expressions are nested too deeply for Python's parser"
        return Finding(Range.at(0, 0, LineIndex(text).line_end(0)), Severity.ERROR, Codes.SYNTAX,
                       "Python cannot parse this file (rez cannot load it either): %s" % why)


def _syntax_range(e: SyntaxError, index: LineIndex) -> Range:
    """Python's error position, clamped into the document (errors at end of file point past it)."""
    last = len(index.lines) - 1
    line = min(max((e.lineno or 1) - 1, 0), last)
    col = max((e.offset or 1) - 1, 0)
    start = min(index.col_from_chars(line, col), index.line_end(line))
    end_line = min((e.end_lineno or e.lineno or 1) - 1, last) if getattr(e, "end_lineno", None) else line
    end = index.col_from_chars(end_line, (e.end_offset or 0) - 1) if getattr(e, "end_offset", None) else 0
    end = min(end, index.line_end(end_line))
    if end_line < line or (end_line == line and end <= start):
        end_line, end = line, min(start + 1, index.line_end(line))
        if end <= start:  # at the end of the line: mark its last character (nothing on an empty line)
            start = max(end - 1, 0)
    return Range.from_points(line, start, end_line, end)


def _names(keys: List[str]) -> str:
    return keys[0] if len(keys) == 1 else "%s and %s" % (", ".join(keys[:-1]), keys[-1])


def computed_message(keys: Sequence[str], f: StaticField, why: str = NOT_EVALUATED) -> str:
    """PYRER009: the field(s), how code computes them, what would evaluate them, and why pyrer did not (`why`, a
    clause: "pyrer does not evaluate it here", "rez is evaluating it...")."""
    c = f.computed
    assert c is not None
    what, one = _names(list(keys)), len(keys) == 1
    if c.evaluation == "dropped":
        return ("%s is a function without @early or @late: %s. rez drops such a function when it loads the "
                "package, so the package has no %s" % (what, c.reason, what))
    if c.evaluation == "late":
        why = "pyrer cannot evaluate it outside a resolve"
    return "%s %s computed by code: %s. %s evaluated by %s; %s, so %s %s not checked or resolved here" % (
        what, "is" if one else "are", c.reason, "It is" if one else "They are", c.evaluated_by, why, what,
        "is" if one else "are")


def reword_computed_notes(info: PackageInfo, why: Callable[[Tuple[str, ...], StaticField], Optional[str]]) -> None:
    """Say again why each group of computed fields is not checked: `why(fields, field)` gives the clause, or None
    when the fields are checked after all (evaluated): the note goes."""
    kept: List[Tuple[Tuple[str, ...], StaticField, Finding]] = []
    replaced: Dict[int, Optional[Finding]] = {}
    for keys, f, finding in info.computed_notes:
        clause = why(keys, f)
        new = None if clause is None else replace(finding, message=computed_message(keys, f, clause))
        replaced[id(finding)] = new
        if new is not None:
            kept.append((keys, f, new))
    info.computed_notes = kept
    info.findings = [replaced.get(id(x), x) for x in info.findings if replaced.get(id(x), x) is not None]


class _Reader:
    def __init__(self, text: str) -> None:
        self.info = PackageInfo()
        self.text = text
        # computed fields by (where, why): code setting several fields at once gets one finding
        self.computed: Dict[Tuple, List[StaticField]] = {}

    def add(self, rng: Range, severity: Severity, code: str, message: str, related: Tuple[Related, ...] = ()) -> None:
        self.info.findings.append(Finding(rng, severity, code, message, related))

    def read(self) -> PackageInfo:
        info = self.info
        error = _syntax_error(self.text)
        if error is not None:
            info.syntax_ok = False
            info.findings.append(error)
            return info
        read = info.read = read_static_package_py(self.text)
        if read.errors:  # Python compiles what this reader could not follow: never guess past that point
            message, span = read.errors[0]
            for key in FIELDS:
                if read.field(key) is None:
                    info.computed.append(key)
            self.add(span_range(span), Severity.INFORMATION, Codes.NOT_STATIC,
                     "the static reader stops here (%s); fields set after this line are not checked" % message)
            info.reader_stop = info.findings[-1]
        for f in read.fields:
            info.field_ranges.setdefault(f.name, span_range(f.name_span))  # every top-level name (completion)
            if f.problem is not None:
                self.problem(f)
            elif f.name in FIELDS:
                self.field(f)
        for group in self.computed.values():
            f = group[0]
            related = ()
            if f.computed.span != f.name_span:
                related = (Related(None, span_range(f.computed.span), "computed here"),)
            keys = tuple(g.name for g in group)
            self.add(span_range(f.name_span), Severity.INFORMATION, Codes.NOT_STATIC, computed_message(keys, f),
                     related)
            info.computed_notes.append((keys, f, info.findings[-1]))
        return info

    def problem(self, f: StaticField) -> None:
        """PYRER011: a literal value rez's package schema rejects (rez build/release fail on it)."""
        expected, found, span = f.problem
        if f.name in FIELDS:
            self.info.field_ranges[f.name] = span_range(f.name_span)
            self.info.invalid.append(f.name)
        where = "" if span == f.value_span else " (in %s)" % f.name
        self.add(span_range(span), Severity.WARNING, Codes.BAD_FIELD,
                 "%s should be %s, not a %s%s: rez rejects it when it loads the package"
                 % (f.name, expected, found, where))

    def field(self, f: StaticField) -> None:
        info, key = self.info, f.name
        info.field_ranges[key] = span_range(f.name_span)
        if f.computed is not None:
            info.computed.append(key)
            self.computed.setdefault((f.name_span, f.computed.reason), []).append(f)
            return
        value = f.value
        if value is None or value.kind == "none":
            return  # rez drops None-valued attributes: as if absent
        if key in ("name", "version"):
            setattr(info, key, value.python())
            info.value_ranges[key] = span_range(value.text_span)
        elif key in LIST_FIELDS:
            setattr(info, key, _strings(value, key))
            info.lists[key] = LiteralList([span_range(v.span) for v in value.items], True)
        elif key == "variants":
            info.variants = [_strings(row, "variants", i) for i, row in enumerate(value.items)]
        elif key == "tests":
            self.tests(value)

    def tests(self, value: StaticValue) -> None:
        info = self.info
        for k, v in zip(value.keys, value.items):
            name = k.python()
            label = "tests." + name
            info.tests[name] = []
            info.test_on_variants.pop(name, None)
            if v.kind != "dict":
                continue
            info.tests[name] = _strings(_dict_get(v, "requires"), label)
            on = _dict_get(v, "on_variants")
            if on is not None and on.kind == "dict":
                info.test_on_variants[name] = _strings(_dict_get(on, "value"), label)
            elif on is not None and on.python() is True:
                info.test_all_variants.append(name)


def read_package_py(text: str) -> PackageInfo:
    """Read a package.py statically: fields, requirement ranges and reader findings (syntax, computed fields).

    A leading byte-order mark reads as a form feed (rez compiles the file's bytes, which skips it; Python's
    `compile` of a str would not) and lone surrogates as U+FFFD: columns stay where the editor has them."""
    return _Reader(readable_text(text, "\f")).read()
