"""The resolve graph of a solved resolve, drawn with rez's conventions from pyrer's answer.

rez draws the graph of its finalised solve phase (`_ResolvePhase.get_graph`): one node per
request, one per resolved package or ephemeral (in resolve order), request -> scope edges,
scope -> requirement edges, and the extractions made while solving that last phase. Everything
but those extractions follows from pyrer's answer. The last value extracted from a scope that
ends with one variant is that variant's own requirement, so extraction edges only re-add
existing edges, except for "merge" edges where two scopes extracted different ranges of a family.
When the solve took a single step, the last phase is the whole solve and every scope's
extractions are drawn (in the order they would be made from the final variants). After
backtracking, rez's last phase re-extracts only from the scopes narrowed in it, which pyrer does
not report: none are drawn. Measured on rez's benchmark: the same nodes and edges as rez in all
sampled resolves, the identical serialisation in most; the rest differ in the order of a node's
edges. Only used for solved resolves (failed resolves fall back to rez, graph included).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

_NODE_COLOR = "#F6F6F6"
_REQUEST_COLOR = "#FFFFAA"
_SOLVED_COLOR = "#AAFFAA"
_FONTSIZE = 10


@dataclass
class SolvedVariant:
    """A resolved variant as the graph needs it: its rez label and merged requirement list."""

    name: str
    version: str
    index: Optional[int]
    requires_list: Any  # rez.version.RequirementList

    def __str__(self) -> str:
        qualified = "%s-%s" % (self.name, self.version) if self.version else self.name
        return "%s[%s]" % (qualified, "" if self.index is None else self.index)


@dataclass
class _Scope:
    name: str
    request: Any  # rez Requirement: the scope's package_request
    variant: Optional[SolvedVariant]  # None for an ephemeral


def _extractions(request_list: Any, variants: Sequence[SolvedVariant]) -> Dict[Tuple[str, str], Any]:
    """The final phase's extractions {(source family, family): requirement}, as if each scope had
    held its final variant from the start: scopes in request order then in extraction order, each
    extracting its families in name order."""
    from rez.version import RequirementList

    by_name = {v.name: v for v in variants}
    order: List[str] = []
    for request in request_list:
        if request.name not in order:
            order.append(request.name)
    extractions: Dict[Tuple[str, str], Any] = {}
    done = set()
    while True:
        extracted = []
        for name in list(order):
            variant = by_name.get(name)
            if variant is None or name in done:
                continue
            done.add(name)
            reqs = variant.requires_list
            for fam in sorted(reqs.names):
                req = reqs.get(fam)
                extractions[(name, fam)] = req
                extracted.append(req)
        if not extracted:
            return extractions
        for req in RequirementList(extracted).requirements:
            if req.name not in order:
                order.append(req.name)


def _final_scopes(request_list: Any, variants: Sequence[SolvedVariant], ephemerals: Sequence[Any]) -> List[_Scope]:
    """The scopes of rez's finalised phase: conflict scopes dropped, the others in dependency
    order then request order (`_ResolvePhase.finalise`, using rez's own ordering function)."""
    from rez.solver import _get_dependency_order
    from rez.vendor.pygraph.classes.digraph import digraph
    from rez.version import Requirement, Version, VersionRange

    scopes: Dict[str, _Scope] = {}
    for v in variants:
        exact = VersionRange.from_versions([Version(v.version)])
        scopes[v.name] = _Scope(v.name, Requirement.construct(v.name, exact), v)
    for e in ephemerals:
        scopes[e.name] = _Scope(e.name, e, None)
    g = digraph()
    g.add_nodes(list(scopes))
    for v in variants:
        for req in v.requires_list.requirements:
            if not req.conflict and req.name in scopes and not g.has_edge((v.name, req.name)):
                g.add_edge((v.name, req.name))
    ordered = _get_dependency_order(g, [r.name for r in request_list])
    return [scopes[name] for name in ordered if name in scopes]


class _Drawing:
    """rez's node and edge styles over a pygraph digraph."""

    def __init__(self) -> None:
        from rez.vendor.pygraph.classes.digraph import digraph

        self.g = digraph()
        self._next = 1

    def node(self, label: str, color: str, style: str) -> str:
        id_ = "_%d" % self._next
        self._next += 1
        attrs = [("label", label), ("fontsize", _FONTSIZE), ("fillcolor", color), ("style", '"%s"' % style)]
        self.g.add_node(id_, attrs=attrs)
        return id_

    def edge(self, id1: str, id2: str, arrowsize: float = 0.5) -> Tuple[str, str]:
        e = (id1, id2)
        if self.g.has_edge(e):
            self.g.del_edge(e)
        self.g.add_edge(e)
        self.g.add_edge_attribute(e, ("arrowsize", str(arrowsize)))
        return e

    def merge_edge(self, id1: str, id2: str) -> None:
        e = self.edge(id1, id2, 1)
        self.g.add_edge_attribute(e, ("arrowhead", "odot"))


def solved_graph(request_list: Any, variants: Sequence[SolvedVariant], ephemerals: Sequence[Any],
                 single_phase: bool = False) -> Any:
    """A rez resolve graph (`pygraph.digraph`) for a solved resolve; `single_phase` when the solve
    took one step (pyrer's `num_iterations == 1`, rez's `num_solves`)."""
    from rez.version import RequirementList

    scopes = _final_scopes(request_list, variants, ephemerals)
    extractions = _extractions(request_list, variants) if single_phase else {}
    scope_by_name = {s.name: s for s in scopes}
    d = _Drawing()
    request_nodes: Dict[Any, str] = {}
    scope_nodes: Dict[str, str] = {}

    def request_node(request: Any, initial: bool = False) -> str:
        id_ = request_nodes.get(request)
        if id_ is None:
            id_ = d.node(str(request), _REQUEST_COLOR if initial else _NODE_COLOR, "filled,dashed")
            request_nodes[request] = id_
        return id_

    for request in request_list:
        request_node(request, True)

    for scope in scopes:
        if scope.name in scope_nodes:
            continue
        if scope.variant is not None:
            scope_nodes[scope.name] = d.node(str(scope.variant), _SOLVED_COLOR, "filled")
        else:  # a resolved ephemeral
            scope_nodes[scope.name] = d.node(str(scope.request), _NODE_COLOR, "filled")

    for request in request_list:
        id1 = request_nodes.get(request)
        id2 = scope_nodes.get(request.name)
        if id1 is not None and id2 is not None:
            d.edge(id1, id2)

    for scope in scopes:
        if scope.variant is not None:
            for request in scope.variant.requires_list.requirements:
                d.edge(scope_nodes[scope.name], request_node(request))

    for (src, _), request in extractions.items():
        id1 = scope_nodes.get(src)
        if id1 is not None:
            d.edge(id1, request_node(request))

    for fam in {fam for _, fam in extractions}:
        requests = [r for (_, f), r in extractions.items() if f == fam]
        if len(requests) > 1:
            merged_list = RequirementList(requests)
            if not merged_list.conflict:
                merged = merged_list.get(fam)
                for request in requests:
                    if merged != request:
                        d.merge_edge(request_node(request), request_node(merged))

    for request, id1 in list(request_nodes.items()):
        if not d.g.neighbors(id1):
            id2 = scope_nodes.get(request.name)
            if id2 is not None and not request.conflicts_with(scope_by_name[request.name].request):
                d.edge(id1, id2)
    return d.g


def solved_variants(resolved_packages: Sequence[Any]) -> List[SolvedVariant]:
    """`SolvedVariant`s from pyrer `ResolvedVariant`s (their merged requirement strings)."""
    from rez.version import Requirement, RequirementList

    return [
        SolvedVariant(rv.name, rv.version, rv.variant_index, RequirementList([Requirement(s) for s in rv.requires]))
        for rv in resolved_packages
    ]
