"""Document symbols: the top-level fields of a package.py (requirements, variants, tests nested) or a request list's lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

from pyrer._native import StaticStatement, StaticValue

from pyrer_ls.analysis.model import Range, RequirementRef
from pyrer_ls.analysis.package_py import LIST_FIELDS, read_package_py, span_range
from pyrer_ls.analysis.request_list import read_request_list

REZ_FIELDS = {"name", "version", "description", "authors", "requires", "build_requires", "private_build_requires",
              "variants", "hashed_variants", "tools", "commands", "pre_commands", "post_commands", "pre_build_commands",
              "pre_test_commands", "tests", "help", "uuid", "config", "relocatable", "cachable", "has_plugins",
              "plugin_for", "requires_rez_version", "build_command", "build_system", "timestamp", "changelog"}
_SCALARS = ("str", "int", "float", "bool", "none")


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


def _strings(value: Optional[StaticValue], key: str) -> List[RequirementRef]:
    if value is None or value.kind != "list":
        return []
    return [RequirementRef(v.python(), span_range(v.text_span), key) for v in value.items if v.kind == "str"]


def _test_requires(test: StaticValue, key: str) -> List[RequirementRef]:
    if test.kind != "dict":
        return []
    found = None
    for k, v in zip(test.keys, test.items):
        if k.kind == "str" and k.python() == "requires":
            found = v
    return _strings(found, key)


def _assignment(stmt: StaticStatement) -> Symbol:
    name, value = stmt.name, stmt.value
    sym = Symbol(name, "field" if name in REZ_FIELDS else "variable", span_range(stmt.span), span_range(stmt.name_span))
    if value is None:
        return sym
    if name in ("name", "version", "description") and value.kind in _SCALARS:
        sym.detail = str(value.python())
    elif name in LIST_FIELDS and value.kind == "list":
        refs = _strings(value, name)
        sym.children = _requirements(refs)
        sym.detail = "%d requirement%s" % (len(refs), "" if len(refs) == 1 else "s")
    elif name == "variants" and value.kind == "list":
        for i, row in enumerate(value.items):
            refs = _strings(row, "variants")
            rng = span_range(row.span)
            sym.children.append(Symbol("variant %d" % i, "variant", rng, rng, ", ".join(r.text for r in refs),
                                       _requirements(refs)))
        sym.detail = "%d variants" % len(value.items)
    elif name == "tests" and value.kind == "dict":
        for k, v in zip(value.keys, value.items):
            if k.kind == "str":
                key_range = span_range(k.span)
                sym.children.append(Symbol(k.python(), "test", Range(key_range.start, span_range(v.span).end), key_range,
                                           None, _requirements(_test_requires(v, "tests." + k.python()))))
    return sym


def document_symbols(text: str, kind: str) -> List[Symbol]:
    """The outline of a package.py (kind "package"; empty while it does not parse) or a request list."""
    if kind != "package":
        out = []
        for refs in read_request_list(text):
            rng = Range(refs[0].range.start, refs[-1].range.end)
            out.append(Symbol("line %d" % (refs[0].group + 1), "line", rng, rng, " ".join(r.text for r in refs),
                              _requirements(refs)))
        return out
    info = read_package_py(text)
    if not info.syntax_ok or info.read is None:
        return []
    out = []
    for stmt in info.read.statements:
        if stmt.kind == "assign":
            out.append(_assignment(stmt))
        elif stmt.kind == "def":
            is_field = stmt.name in REZ_FIELDS
            out.append(Symbol(stmt.name, "field" if is_field else "function", span_range(stmt.span),
                              span_range(stmt.name_span), "computed by code" if is_field else None))
    return out
