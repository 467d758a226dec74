"""Static reader of package.py: literal fields and the exact source range of every requirement string.

Uses the standard `ast` module (parsing never executes code); this is the one module to swap
for the Rust static reader once it exposes spans to Python.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from pyrer_ls.analysis.model import Codes, Finding, Range, RequirementRef, Severity
from pyrer_ls.analysis.text import LineIndex

LIST_FIELDS = ("requires", "build_requires", "private_build_requires")
FIELDS = ("name", "version", "variants", "tests") + LIST_FIELDS


@dataclass
class LiteralList:
    """A list field as written: each element's whole source range (quotes included) and whether all are strings."""

    elements: List[Range]
    all_strings: bool


@dataclass
class PackageInfo:
    """What the static reader found; a field is None when absent or not statically known."""

    name: Optional[str] = None
    version: Optional[str] = None
    requires: List[RequirementRef] = field(default_factory=list)
    build_requires: List[RequirementRef] = field(default_factory=list)
    private_build_requires: List[RequirementRef] = field(default_factory=list)
    variants: Optional[List[List[RequirementRef]]] = None
    tests: Dict[str, List[RequirementRef]] = field(default_factory=dict)
    field_ranges: Dict[str, Range] = field(default_factory=dict)  # the field's name, where it is set
    value_ranges: Dict[str, Range] = field(default_factory=dict)  # the literal value of name/version
    computed: List[str] = field(default_factory=list)  # fields set by code, never executed
    lists: Dict[str, LiteralList] = field(default_factory=dict)  # "requires", "variants[0]", ... as written
    findings: List[Finding] = field(default_factory=list)
    syntax_ok: bool = True

    def all_refs(self) -> List[RequirementRef]:
        refs = self.requires + self.build_requires + self.private_build_requires
        for group in self.variants or []:
            refs = refs + group
        for test_refs in self.tests.values():
            refs = refs + test_refs
        return refs


class _Reader:
    def __init__(self, text: str) -> None:
        self.index = LineIndex(text)
        self.info = PackageInfo()

    def node_range(self, node: ast.AST) -> Range:
        line, end_line = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
        return Range.from_points(
            line, self.index.col_from_bytes(line, node.col_offset),  # type: ignore[attr-defined]
            end_line, self.index.col_from_bytes(end_line, node.end_col_offset),  # type: ignore[attr-defined]
        )

    def string_range(self, node: ast.Constant) -> Range:
        """The range of the string's characters without quotes when it is a plain one-line literal."""
        whole = self.node_range(node)
        if node.lineno != node.end_lineno:
            return whole
        raw = self.index.line(node.lineno - 1).encode("utf-8")[node.col_offset:node.end_col_offset].decode("utf-8")
        prefix = len(raw) - len(raw.lstrip("rRuUbBfF"))
        body = raw[prefix:]
        quote = 3 if body[:3] in ('"""', "'''") else 1
        inner = body[quote:len(body) - quote]
        if inner != node.value:
            return whole  # escapes or implicit concatenation: keep the whole literal
        start = whole.start.character + prefix + quote
        return Range.at(whole.start.line, start, start + len(inner.encode("utf-16-le")) // 2)

    def add(self, node: ast.AST, severity: Severity, code: str, message: str) -> None:
        self.info.findings.append(Finding(self.node_range(node), severity, code, message))

    def not_static(self, key: str, node: ast.AST, how: str) -> None:
        self.info.computed.append(key)
        self.add(node, Severity.INFORMATION, Codes.NOT_STATIC,
                 "%s is %s: not statically checked (never executed)" % (key, how))

    def string_list(self, key: str, node: ast.AST, group: Optional[int] = None) -> Optional[List[RequirementRef]]:
        if not isinstance(node, (ast.List, ast.Tuple)):
            self.add(node, Severity.WARNING, Codes.BAD_FIELD, "%s should be a list of requirement strings" % key)
            return None
        refs = []
        for elt in node.elts:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                refs.append(RequirementRef(elt.value, self.string_range(elt), key.split("[")[0], group))
            else:
                self.add(elt, Severity.INFORMATION, Codes.NOT_STATIC,
                         "an element of %s is not a string literal: not statically checked" % key)
        self.info.lists[key] = LiteralList([self.node_range(e) for e in node.elts], len(refs) == len(node.elts))
        return refs

    def assign(self, key: str, target: ast.AST, value: ast.AST) -> None:
        info = self.info
        info.field_ranges[key] = self.node_range(target)
        if key in ("name", "version"):
            if isinstance(value, ast.Constant) and isinstance(value.value, (str, int, float)) and not isinstance(value.value, bool):
                setattr(info, key, str(value.value))
                info.value_ranges[key] = self.string_range(value) if isinstance(value.value, str) else self.node_range(value)
            else:
                self.not_static(key, target, "computed by an expression")
        elif key in LIST_FIELDS:
            refs = self.string_list(key, value)
            if refs is not None:
                setattr(info, key, refs)
        elif key == "variants":
            if not isinstance(value, (ast.List, ast.Tuple)):
                self.not_static(key, target, "computed by an expression")
                return
            groups = []
            for i, elt in enumerate(value.elts):
                groups.append(self.string_list("variants[%d]" % i, elt, i) or [])
            info.variants = groups
        elif key == "tests":
            self.tests(value, target)

    def tests(self, value: ast.AST, target: ast.AST) -> None:
        if not isinstance(value, ast.Dict):
            self.not_static("tests", target, "computed by an expression")
            return
        for k, v in zip(value.keys, value.values):
            if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                continue
            refs: List[RequirementRef] = []
            if isinstance(v, ast.Dict):
                for tk, tv in zip(v.keys, v.values):
                    if isinstance(tk, ast.Constant) and tk.value == "requires":
                        if isinstance(tv, ast.Constant) and isinstance(tv.value, str):
                            refs = [RequirementRef(tv.value, self.string_range(tv), "tests")]
                        else:
                            refs = self.string_list("tests.%s.requires" % k.value, tv) or []
            self.info.tests[k.value] = [RequirementRef(r.text, r.range, "tests." + k.value) for r in refs]

    def function(self, node: ast.FunctionDef) -> None:
        line = node.lineno - 1
        text = self.index.line(line)
        col = text.find(node.name, text.find("def"))
        rng = Range.at(line, self.index.col_from_chars(line, col), self.index.col_from_chars(line, col + len(node.name)))
        self.info.field_ranges[node.name] = rng
        decorators = [d.id for d in (getattr(d, "func", d) for d in node.decorator_list) if isinstance(d, ast.Name)]
        how = "computed by @%s code" % decorators[0] if decorators else "computed by a function"
        self.info.computed.append(node.name)
        self.info.findings.append(Finding(rng, Severity.INFORMATION, Codes.NOT_STATIC,
                                          "%s is %s: not statically checked (never executed)" % (node.name, how)))

    def read(self, text: str) -> PackageInfo:
        try:
            tree = ast.parse(text)
        except SyntaxError as e:
            self.info.syntax_ok = False
            self.info.findings.append(Finding(self.syntax_range(e), Severity.ERROR, Codes.SYNTAX,
                                              "Python syntax error: %s" % e.msg))
            return self.info
        except (MemoryError, RecursionError, ValueError) as e:  # nesting past the parser's limits, NUL bytes
            self.info.syntax_ok = False
            why = str(e) or "the expressions are nested too deeply for Python's parser"
            self.info.findings.append(Finding(Range.at(0, 0, self.index.line_end(0)), Severity.ERROR, Codes.SYNTAX,
                                              "Python cannot parse this file (rez cannot load it either): %s" % why))
            return self.info
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                if stmt.targets[0].id in FIELDS:
                    self.assign(stmt.targets[0].id, stmt.targets[0], stmt.value)
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                if stmt.target.id in FIELDS:
                    self.assign(stmt.target.id, stmt.target, stmt.value)
            elif isinstance(stmt, ast.FunctionDef) and stmt.name in FIELDS:
                self.function(stmt)
        return self.info

    def syntax_range(self, e: SyntaxError) -> Range:
        """Python's error position, clamped into the document (errors at end of file point past it)."""
        last = len(self.index.lines) - 1
        line = min(max((e.lineno or 1) - 1, 0), last)
        col = max((e.offset or 1) - 1, 0)
        start = min(self.index.col_from_chars(line, col), self.index.line_end(line))
        end_line = min((e.end_lineno or e.lineno or 1) - 1, last) if getattr(e, "end_lineno", None) else line
        end = self.index.col_from_chars(end_line, (e.end_offset or 0) - 1) if getattr(e, "end_offset", None) else 0
        end = min(end, self.index.line_end(end_line))
        if end_line < line or (end_line == line and end <= start):
            end_line, end = line, min(start + 1, self.index.line_end(line))
            if end <= start:  # at the end of the line: mark its last character (nothing on an empty line)
                start = max(end - 1, 0)
        return Range.from_points(line, start, end_line, end)


def read_package_py(text: str) -> PackageInfo:
    """Read a package.py statically: fields, requirement ranges and reader findings (syntax, computed fields)."""
    return _Reader(text).read(text)
