"""Document symbols: the top-level fields of a package.py (requirements, variants, tests nested) or a request list's lines."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import List, Optional

from pyrer_ls.analysis.model import Range, RequirementRef
from pyrer_ls.analysis.package_py import PackageInfo, read_package_py
from pyrer_ls.analysis.request_list import read_request_list
from pyrer_ls.analysis.text import LineIndex, readable_text

REZ_FIELDS = {"name", "version", "description", "authors", "requires", "build_requires", "private_build_requires",
              "variants", "hashed_variants", "tools", "commands", "pre_commands", "post_commands", "pre_build_commands",
              "pre_test_commands", "tests", "help", "uuid", "config", "relocatable", "cachable", "has_plugins",
              "plugin_for", "requires_rez_version", "build_command", "build_system", "timestamp", "changelog"}


@dataclass
class Symbol:
    """One outline entry: `range` covers it whole, `selection` is its name; kind is a rez-side word."""

    name: str
    kind: str  # "field", "function", "variable", "requirement", "variant", "test" or "line"
    range: Range
    selection: Range
    detail: Optional[str] = None
    children: List["Symbol"] = field(default_factory=list)


def _requirements(refs: List[RequirementRef]) -> List[Symbol]:
    return [Symbol(r.text, "requirement", r.range, r.range) for r in refs]


class _Outline:
    def __init__(self, text: str) -> None:
        self.index = LineIndex(text)

    def range_of(self, node: ast.AST) -> Range:
        line, end_line = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
        return Range.from_points(line, self.index.col_from_bytes(line, node.col_offset),  # type: ignore[attr-defined]
                                 end_line, self.index.col_from_bytes(end_line, node.end_col_offset))  # type: ignore[attr-defined]

    def assignment(self, name: str, target: ast.AST, stmt: ast.stmt, value: ast.AST, info: PackageInfo) -> Symbol:
        sym = Symbol(name, "field" if name in REZ_FIELDS else "variable", self.range_of(stmt), self.range_of(target))
        if name in ("name", "version", "description") and isinstance(value, ast.Constant):
            sym.detail = str(value.value)
        elif name in ("requires", "build_requires", "private_build_requires"):
            refs = getattr(info, name)
            sym.children = _requirements(refs)
            sym.detail = "%d requirement%s" % (len(refs), "" if len(refs) == 1 else "s")
        elif name == "variants" and info.variants is not None and isinstance(value, (ast.List, ast.Tuple)):
            for i, (elt, refs) in enumerate(zip(value.elts, info.variants)):
                rng = self.range_of(elt)
                sym.children.append(Symbol("variant %d" % i, "variant", rng, rng, ", ".join(r.text for r in refs),
                                           _requirements(refs)))
            sym.detail = "%d variants" % len(info.variants)
        elif name == "tests" and isinstance(value, ast.Dict):
            for k, v in zip(value.keys, value.values):
                if isinstance(k, ast.Constant) and isinstance(k.value, str) and v is not None:
                    rng = Range(self.range_of(k).start, self.range_of(v).end)
                    sym.children.append(Symbol(k.value, "test", rng, self.range_of(k), None,
                                               _requirements(info.tests.get(k.value, []))))
        return sym

    def read(self, tree: ast.Module, info: PackageInfo) -> List[Symbol]:
        out = []
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        out.append(self.assignment(target.id, target, stmt, stmt.value, info))
            elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
                out.append(self.assignment(stmt.target.id, stmt.target, stmt, stmt.value, info))
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                sel = info.field_ranges.get(stmt.name) or self.range_of(stmt)
                start = self.range_of(stmt.decorator_list[0]).start if stmt.decorator_list else self.range_of(stmt).start
                kind = "field" if stmt.name in REZ_FIELDS else "function"
                out.append(Symbol(stmt.name, kind, Range(start, self.range_of(stmt).end), self._name_range(stmt, sel),
                                  "computed by code" if kind == "field" else None))
        return out

    def _name_range(self, stmt: ast.AST, fallback: Range) -> Range:
        line = stmt.lineno - 1  # type: ignore[attr-defined]
        text = self.index.line(line)
        col = text.find(stmt.name, text.find("def"))  # type: ignore[attr-defined]
        if col < 0:
            return fallback
        return Range.at(line, self.index.col_from_chars(line, col),
                        self.index.col_from_chars(line, col + len(stmt.name)))  # type: ignore[attr-defined]


def document_symbols(text: str, kind: str) -> List[Symbol]:
    """The outline of a package.py (kind "package"; empty while it does not parse) or a request list."""
    if kind != "package":
        out = []
        for refs in read_request_list(text):
            rng = Range(refs[0].range.start, refs[-1].range.end)
            out.append(Symbol("line %d" % (refs[0].group + 1), "line", rng, rng, " ".join(r.text for r in refs),
                              _requirements(refs)))
        return out
    text = readable_text(text, "\f")  # a BOM, lone surrogates: as the analysis reads them
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):  # also: nested past the parser's limits
        return []
    return _Outline(text).read(tree, read_package_py(text))
