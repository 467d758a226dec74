"""The package as rez evaluated it, placed on its source: every evaluated requirement on the string literal it
comes from (written as it is, a wildcard rez expanded, a format template), else on its field's name.

The static view stays where it is exact: fields whose literal values the evaluation key left out keep their static
references, and a field whose evaluated value equals its literal keeps them too. The notes (PYRER009) of fields
now evaluated go; a failure is PYRER017 on the line rez names, and the static view stands.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, replace
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

import pyrer

from pyrer_ls.analysis.evaluation import DeveloperEvaluation, late_fields
from pyrer_ls.analysis.model import Codes, Finding, Range, RequirementRef, Severity
from pyrer_ls.analysis.package_py import FIELDS, LIST_FIELDS, PackageInfo, reword_computed_notes, span_range
from pyrer_ls.analysis.text import LineIndex, utf16_len

PENDING = "rez is evaluating it in pyrer's evaluation worker (its diagnostics follow when rez answers)"
FAILED = "rez could not evaluate it (PYRER017)"
_NAMING = re.compile(r"[A-Za-z0-9_]{2}")
_TEMPLATE = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?[sdrif]|\{[^{}]*\}")


@dataclass(frozen=True)
class Literal:
    """A string literal of the source: its value, its range (the characters alone when written as they are on one
    line, else the whole literal), whether that range holds exactly the value, and a pattern for the values it can
    become (a wildcard rez expands, a `%s` / `{}` template, an f-string)."""

    value: str
    range: Range
    exact: bool
    pattern: Optional["re.Pattern[str]"]
    kind: str  # "literal", "expanded" or "template": what a value matched through the pattern is (else "part")


def _pattern(value: str, fstring: bool) -> Tuple[Optional["re.Pattern[str]"], str]:
    """What a literal's value can become: a wildcard rez expands, or a template code fills in (its fixed text must
    name something: `"%s-%s"` matches too much to say a value came from it)."""
    if "*" in value and not fstring:
        parts, kind = re.split(r"\*+", value), "expanded"
    elif _TEMPLATE.search(value):
        parts, kind = _TEMPLATE.split(value), "template"
    else:
        return None, "literal"
    if not _NAMING.search("".join(parts)):
        return None, "literal"
    return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$"), kind


def string_literals(text: str) -> List[Literal]:
    """Every string literal of the source, in order (none when it does not tokenize)."""
    index = LineIndex(text)
    out: List[Literal] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):
        return out
    for tok in tokens:
        if tok.type != tokenize.STRING:
            continue
        body = tok.string
        quote_at = min(i for i in (body.find("'"), body.find('"')) if i >= 0)
        prefix = body[:quote_at].lower()
        if "b" in prefix:
            continue
        fstring = "f" in prefix
        quotes = 3 if body[quote_at:quote_at + 3] in ('"""', "'''") else 1
        inner = body[quote_at + quotes:len(body) - quotes]
        if fstring:
            value = re.sub(r"\{[^{}]*\}", "{}", inner)
        else:
            try:
                value = ast.literal_eval(body)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                continue
            if not isinstance(value, str):
                continue
        (l1, c1), (l2, c2) = tok.start, tok.end
        start, end = index.col_from_chars(l1 - 1, c1), index.col_from_chars(l2 - 1, c2)
        exact = l1 == l2 and not fstring and inner == value
        if exact:
            rng = Range.from_points(l1 - 1, start + utf16_len(body[:quote_at + quotes]), l1 - 1,
                                    end - utf16_len(body[len(body) - quotes:]))
        else:
            rng = Range.from_points(l1 - 1, start, l2 - 1, end)
        pattern, kind = _pattern(value, fstring)
        out.append(Literal(value, rng, exact, pattern, kind))
    return out


def _inside(r: Range, spans: Sequence[Range]) -> bool:
    return any(s.start <= r.start and r.end <= s.end for s in spans)


def _same(a: str, b: str) -> bool:
    """The same requirement, however spelled (`foo>=1` and `foo-1+`)."""
    if a == b:
        return True
    try:
        return str(pyrer.Requirement(a)) == str(pyrer.Requirement(b))
    except pyrer.VersionError:
        return False


class _Placer:
    """Places one field's evaluated strings: its static references first, then the literals of the code that
    computes it, then the literals outside every other field, else the field's name."""

    def __init__(self, info: PackageInfo, literals: List[Literal]) -> None:
        self.info = info
        self.literals = literals
        read = info.read
        self.regions: Dict[str, List[Range]] = {}
        for key in FIELDS:
            spans: List[Range] = []
            f = read.field(key) if read is not None else None
            if f is not None:
                spans.append(span_range(f.value_span))
                if f.computed is not None:
                    spans.append(span_range(f.computed.span))
            for s in read.statements if read is not None else []:
                if s.name == key:
                    spans.append(span_range(s.span))
            self.regions[key] = spans

    def _candidates(self, key: str) -> Tuple[List[Literal], List[Literal]]:
        own = self.regions.get(key, [])
        others = [r for k, spans in self.regions.items() if k != key for r in spans]
        inside = [lit for lit in self.literals if _inside(lit.range, own)]
        outside = [lit for lit in self.literals if not _inside(lit.range, own) and not _inside(lit.range, others)]
        return inside, outside

    def place(self, values: Sequence[str], key: str, label: str, group: Optional[int] = None,
              static: Sequence[RequirementRef] = ()) -> List[RequirementRef]:
        inside, outside = self._candidates(key)
        used: Set[int] = set()
        written: Dict[str, List[RequirementRef]] = {}
        for ref in static:
            if "*" not in ref.text:
                written.setdefault(ref.text, []).append(ref)
        wildcards = [(ref, _pattern(ref.text, False)[0]) for ref in static if "*" in ref.text]
        return [self._one(value, key, label, group, written, wildcards, inside, outside, used) for value in values]

    def _one(self, value: str, key: str, label: str, group: Optional[int], written: Dict[str, List[RequirementRef]],
             wildcards: List[Tuple[RequirementRef, Any]], inside: List[Literal], outside: List[Literal],
             used: Set[int]) -> RequirementRef:
        same = [r for r in written.get(value, []) if id(r) not in used]
        if not same:  # the same requirement spelled otherwise (`foo>=1`, `foo-1+`)
            same = [r for refs in written.values() for r in refs if id(r) not in used and _same(r.text, value)]
        if same:
            used.add(id(same[0]))
            return same[0]
        for ref, pattern in wildcards:  # a wildcard rez expanded
            if id(ref) not in used and pattern is not None and pattern.match(value):
                used.add(id(ref))
                return RequirementRef(value, ref.range, label, group, "expanded")
        for pool in (inside, outside):
            found = self._literal(value, pool, used)
            if found is not None:
                lit, kind = found
                return RequirementRef(value, lit.range, label, group, kind)
        return RequirementRef(value, self.info.field_ranges.get(key, Range.at(0, 0, 0)), label, group, "name")

    @staticmethod
    def _literal(value: str, pool: List[Literal], used: Set[int]) -> Optional[Tuple[Literal, str]]:
        """The literal the value comes from: an equal one (unused first), else one whose pattern matches, else the
        longest one the value contains (`"python-" + py`; a part that names something: two letters or digits)."""
        equal = [lit for lit in pool if lit.value == value]
        if equal:
            lit = next((x for x in equal if id(x) not in used), equal[0])
            used.add(id(lit))
            return lit, "literal"
        for lit in pool:
            if lit.pattern is not None and lit.pattern.match(value):
                return lit, lit.kind
        parts = [lit for lit in pool if lit.value and lit.value in value and _NAMING.search(lit.value)]
        if parts:
            return max(parts, key=lambda lit: len(lit.value)), "part"
        return None


def _test_refs(placer: _Placer, info: PackageInfo, tests: Dict[str, Any]) -> Tuple[dict, dict, List[str]]:
    """(tests' requires, on_variants requirements, tests on every variant) of rez's `tests` value."""
    requires: Dict[str, List[RequirementRef]] = {}
    on_variants: Dict[str, List[RequirementRef]] = {}
    every: List[str] = []
    for name, test in (tests or {}).items():
        label = "tests." + name
        static = info.tests.get(name, []) + info.test_on_variants.get(name, [])
        reqs = test.get("requires") if isinstance(test, dict) else None
        requires[name] = placer.place([str(r) for r in reqs or []], "tests", label, None, static)
        on = test.get("on_variants") if isinstance(test, dict) else None
        if isinstance(on, dict) and isinstance(on.get("value"), list):
            on_variants[name] = placer.place([str(r) for r in on["value"]], "tests", label, None, static)
        elif on is True:
            every.append(name)
    return requires, on_variants, every


def evaluated_view(info: PackageInfo, evaluation: DeveloperEvaluation, text: str) -> PackageInfo:
    """`info` with every field as rez evaluated it (`evaluation.package`), each requirement placed on the source."""
    package = evaluation.package
    view = replace(info, findings=list(info.findings), computed_notes=list(info.computed_notes),
                   computed=list(info.computed), evaluated={})
    placer = _Placer(info, string_literals(text))
    masked = evaluation.masked
    done: Set[str] = set()
    for key in ("name", "version"):
        if key in info.computed:
            setattr(view, key, getattr(package, key) or None)
            view.evaluated[key] = getattr(package, key)
        done.add(key)
    for key in LIST_FIELDS:
        values = getattr(package, key)
        if values is None:
            continue  # @late: rez evaluates it in a resolve only
        done.add(key)
        if key in masked:
            continue
        refs = placer.place(values, key, key, None, getattr(info, key))
        setattr(view, key, refs)
        if key in info.computed or any(r.evaluated for r in refs):
            view.evaluated[key] = list(values)
    done.add("variants")
    if "variants" not in masked:
        rows = []
        for i, row in enumerate(package.variants):
            static = (info.variants or [])[i] if info.variants and i < len(info.variants) else []
            rows.append(placer.place(row, "variants", "variants", i, static))
        view.variants = rows or None
        if "variants" in info.computed or any(r.evaluated for row in rows for r in row):
            view.evaluated["variants"] = [list(r) for r in package.variants]
    if package.tests is not None:
        done.add("tests")
        if "tests" not in masked:
            view.tests, view.test_on_variants, view.test_all_variants = _test_refs(placer, info, package.tests)
            if "tests" in info.computed:
                view.evaluated["tests"] = package.tests
    view.computed = [k for k in info.computed if k not in done]
    if info.reader_stop is not None:
        view.findings = [f for f in view.findings if f is not info.reader_stop]
        view.reader_stop = None
    # a note goes when all its fields are evaluated; rez dropping a function without @early is still worth saying
    reword_computed_notes(view, lambda keys, f: "" if f.computed.evaluation == "dropped" or not set(keys) <= done
                          else None)
    view.findings += _warnings(info, package.warnings)
    return view


def not_evaluated_view(info: PackageInfo, evaluation: DeveloperEvaluation, text: str) -> PackageInfo:
    """`info` as read statically, its notes saying why it is not evaluated (pending, refused, failed: PYRER017)."""
    view = replace(info, findings=list(info.findings), computed_notes=list(info.computed_notes))
    late = late_fields(info)
    if evaluation.pending is not None:
        why = PENDING
    elif evaluation.failure is not None:
        why = FAILED
        view.findings.append(failure_finding(info, evaluation.failure, text))
    else:
        why = evaluation.why_not or "pyrer does not evaluate it here"
    reword_computed_notes(view, lambda keys, f: why if not set(keys) <= late else "")
    if evaluation.preprocess and evaluation.pending is None and evaluation.failure is None:
        view.findings.append(_preprocess_note(info, evaluation.preprocess, why))
    return view


def why_wildcards_stay(evaluation: Optional[DeveloperEvaluation]) -> Optional[str]:
    """Why wildcard requirements are not expanded in this analysis (None: no evaluation was needed or it expanded them)."""
    if evaluation is None or evaluation.package is not None:
        return None
    if evaluation.pending is not None:
        return PENDING
    if evaluation.failure is not None:
        return FAILED
    return evaluation.why_not


def _line_range(text: str, line: int) -> Range:
    content = LineIndex(text).line(line)
    stripped = content.lstrip()
    start = utf16_len(content[:len(content) - len(stripped)])
    return Range.at(line, start, start + utf16_len(stripped.rstrip()))


def _anchor(info: PackageInfo) -> Range:
    """Where a finding about the whole package goes: its first computed field's name, else `name`, else line 1."""
    for key in info.computed:
        if key in info.field_ranges:
            return info.field_ranges[key]
    return info.field_ranges.get("name") or Range.at(0, 0, 0)


def failure_finding(info: PackageInfo, failure: Any, text: str) -> Finding:
    """PYRER017: rez's error (one line), on the line it names when it names one in this file."""
    lines = LineIndex(text).lines
    line = getattr(failure, "line", None)
    rng = _line_range(text, line - 1) if isinstance(line, int) and 1 <= line <= len(lines) else _anchor(info)
    if failure.reason == "error":
        return Finding(rng, Severity.ERROR, Codes.EVALUATION_FAILED,
                       "rez cannot load this package (rez build would fail): %s" % failure.message)
    severity = Severity.INFORMATION if failure.reason == "unavailable" else Severity.WARNING
    return Finding(rng, severity, Codes.EVALUATION_FAILED,
                   "rez's evaluation of this package did not finish: %s; its computed fields are not checked"
                   % failure.message)


def _warnings(info: PackageInfo, warnings: Sequence[str]) -> List[Finding]:
    return [Finding(_anchor(info), Severity.INFORMATION, Codes.EVALUATION_FAILED,
                    "rez reported while evaluating the package: %s" % w) for w in warnings]


def _preprocess_note(info: PackageInfo, function: str, why: str) -> Finding:
    return Finding(info.field_ranges.get("name") or Range.at(0, 0, 0), Severity.INFORMATION, Codes.NOT_STATIC,
                   "rezconfig sets package_preprocess_function (%s): rez applies it when it builds the package and it "
                   "may change any field; %s, so the fields are checked as written" % (function, why))
