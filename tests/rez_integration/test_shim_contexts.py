"""rez's ResolvedContext with the pyrer shim: same answers and fields as plain rez; fallbacks where needed."""

from __future__ import annotations

import io
import json
import os

import pytest

from tests.rez_integration.conftest import variant_labels

# 20 of the 188 benchmark requests by default; PYRER_REZ_ALL_REQUESTS=1 runs all of them.
ALL = os.environ.get("PYRER_REZ_ALL_REQUESTS", "").strip() not in ("", "0")
INDICES = list(range(188)) if ALL else list(range(0, 188, 10)) + [2]


def _context(request, paths, **kwargs):
    from rez.resolved_context import ResolvedContext

    kwargs.setdefault("add_implicit_packages", False)
    return ResolvedContext(request, package_paths=paths, **kwargs)


@pytest.mark.parametrize("index", INDICES)
def test_benchmark_request_matches_rez(index, bench_repo, bench_requests, golden, locked_rez, shim):
    from rez.resolver import ResolverStatus

    expected = golden["cases"][index]["version_priority"]
    ctx = _context(bench_requests[index], [bench_repo])
    if expected["status"] != "solved":  # request 2: a conflict, left to rez's solver to report
        assert ctx.status == ResolverStatus.failed and not shim.last_outcome.used_pyrer
        assert ctx.failure_description.startswith("The following package conflicts occurred")
        return
    assert shim.last_outcome.used_pyrer, shim.last_outcome.reason
    assert variant_labels(ctx.resolved_packages) == expected["resolved"]
    assert [str(e) for e in ctx.resolved_ephemerals] == expected["ephemerals"]


@pytest.mark.parametrize("index", [3, 60, 120])
def test_intersection_priority_passed_through(index, bench_repo, bench_requests, golden, locked_rez, shim):
    locked_rez("variant_select_mode", "intersection_priority")
    ctx = _context(bench_requests[index], [bench_repo])
    assert shim.last_outcome.used_pyrer
    assert variant_labels(ctx.resolved_packages) == golden["cases"][index]["intersection_priority"]["resolved"]


def _fields(ctx) -> dict:
    """What callers read from a ResolvedContext after the solve."""
    return {
        "status": ctx.status,
        "resolved": [v.handle.to_dict() for v in ctx.resolved_packages or []],
        "ephemerals": [str(e) for e in ctx.resolved_ephemerals or []],
        "failure_description": ctx.failure_description,
        "from_cache": ctx.from_cache,
        "has_graph": ctx.has_graph,
        "requested": [str(r) for r in ctx.requested_packages(include_implicit=True)],
    }


@pytest.mark.parametrize("index", [0, 3, 40])
def test_every_context_field_matches_plain_rez(index, bench_repo, bench_requests, locked_rez, tmp_path):
    from rez.resolved_context import ResolvedContext

    from pyrer.rez import shim_enabled
    from pyrer.rez import shim as shim_module

    plain = _context(bench_requests[index], [bench_repo])
    with shim_enabled():
        ours = _context(bench_requests[index], [bench_repo])
        assert shim_module.last_outcome.used_pyrer
    assert _fields(ours) == _fields(plain)
    assert ours.solve_time > 0 and 0 <= ours.load_time <= ours.solve_time
    assert ours.num_loaded_packages == len(ours.resolved_packages)

    # the graph: rez's node set (labels) and attributes; saved and reloaded through an .rxt file
    def label(g, node):  # (a graph read back from an .rxt file has its labels quoted)
        return dict(g.node_attributes(node))["label"].strip('"')

    def labels(g):
        return sorted(label(g, n) for n in g.nodes())

    def edges(g):
        return sorted((label(g, u), label(g, v)) for u, v in g.edges())

    assert labels(ours.graph()) == labels(plain.graph())
    assert edges(ours.graph()) == edges(plain.graph())
    assert ours.graph(as_dot=True).startswith("digraph")
    path = str(tmp_path / "ctx.rxt")
    ours.save(path)
    loaded = ResolvedContext.load(path)
    assert _fields(loaded)["resolved"] == _fields(plain)["resolved"]
    assert labels(loaded.graph()) == labels(plain.graph())
    assert set(json.load(open(path))) == set(plain.to_dict())
    buf = io.StringIO()
    ours.print_info(buf=buf)
    assert "resolved packages:" in buf.getvalue()


def test_failed_resolve_is_rez_own(bench_repo, locked_rez, shim):
    from rez.resolver import ResolverStatus

    plain_desc = None
    shim.uninstall()
    try:
        plain = _context(["wave-2", "integer-1.6.6", "integer-1.5"], [bench_repo])
        plain_desc = plain.failure_description
    finally:
        shim.install()
    ctx = _context(["wave-2", "integer-1.6.6", "integer-1.5"], [bench_repo])
    assert ctx.status == ResolverStatus.failed
    assert not shim.last_outcome.used_pyrer and shim.last_outcome.reason.startswith("pyrer failed")
    assert ctx.failure_description == plain_desc
    assert ctx.graph() is not None  # rez's failure graph


@pytest.mark.parametrize("request_,exception", [
    (["no_such_family"], "PackageFamilyNotFoundError"),
    (["wave-99"], "PackageNotFoundError"),
])
def test_rez_exceptions_are_rez_own(request_, exception, bench_repo, locked_rez, shim):
    with pytest.raises(Exception) as info:
        _context(request_, [bench_repo])
    assert type(info.value).__name__ == exception
    assert not shim.last_outcome.used_pyrer


def test_fallback_for_what_pyrer_does_not_model(bench_repo, bench_requests, locked_rez, shim):
    request = bench_requests[1]
    plain = None
    shim.uninstall()
    try:
        plain = variant_labels(_context(request, [bench_repo]).resolved_packages)
    finally:
        shim.install()

    cases = [
        ({"verbosity": 1, "buf": io.StringIO()}, "verbose"),
        ({"max_fails": 10}, "max_fails"),
        ({"print_stats": True, "buf": io.StringIO()}, "statistics"),
        ({"package_load_callback": lambda p: None}, "package_load_callback"),
    ]
    for kwargs, reason in cases:
        ctx = _context(request, [bench_repo], **kwargs)
        assert not shim.last_outcome.used_pyrer and reason in shim.last_outcome.reason, kwargs
        assert variant_labels(ctx.resolved_packages) == plain

    ctx = _context(request, [bench_repo], time_limit=3600)
    assert shim.last_outcome.used_pyrer
    assert variant_labels(ctx.resolved_packages) == plain


def test_benchmark_request_with_orderers_solved_by_pyrer(bench_repo, bench_requests, locked_rez, shim):
    """Package orderers no longer send a resolve to rez's solver."""
    from rez.package_order import PackageOrderList, VersionSplitPackageOrder
    from rez.version import Version

    request = bench_requests[1]
    orderers = PackageOrderList([VersionSplitPackageOrder(packages=["wave"], first_version=Version("2.7.3"))])
    shim.uninstall()
    try:
        plain = variant_labels(_context(request, [bench_repo], package_orderers=orderers).resolved_packages)
    finally:
        shim.install()
    ctx = _context(request, [bench_repo], package_orderers=orderers)
    assert shim.last_outcome.used_pyrer, shim.last_outcome.reason
    assert variant_labels(ctx.resolved_packages) == plain


def _both(request, paths, **kwargs):
    """(plain rez's context, the shim's context, whether pyrer solved)."""
    from pyrer.rez import shim_enabled
    from pyrer.rez import shim as shim_module

    plain = _context(request, paths, **kwargs)
    with shim_enabled():
        ours = _context(request, paths, **kwargs)
        used = shim_module.last_outcome.used_pyrer
    return plain, ours, used


def test_late_bound_requires_fall_back(make_repo, locked_rez):
    repo = make_repo({
        "late-1": """
            @late()
            def requires():
                return ["dep-2"] if in_context() else ["dep-1"]
            """,
        "dep-1": "", "dep-2": "",
    })
    plain, ours, used = _both(["late"], [repo])
    assert not used
    assert variant_labels(ours.resolved_packages) == variant_labels(plain.resolved_packages) == ["dep-2[]", "late-1[]"]


def test_package_filter_and_timestamp(make_repo, locked_rez):
    from rez.package_filter import PackageFilterList, RegexRule

    repo = make_repo({
        "app-1.0": 'requires = ["lib"]\ntimestamp = 100\n',
        "app-2.0": 'requires = ["lib"]\ntimestamp = 300\n',
        "lib-1.0": "timestamp = 100\n",
        "lib-2.0.beta": "timestamp = 200\n",
    })
    flt = PackageFilterList()
    flt.add_exclusion(RegexRule(r".*\.beta"))
    plain, ours, used = _both(["app"], [repo], package_filter=flt)
    assert used
    assert variant_labels(ours.resolved_packages) == variant_labels(plain.resolved_packages) == ["lib-1.0[]", "app-2.0[]"]

    plain, ours, used = _both(["app"], [repo], timestamp=250)
    assert used
    assert variant_labels(ours.resolved_packages) == variant_labels(plain.resolved_packages) == ["lib-2.0.beta[]", "app-1.0[]"]


def test_building_resolve_uses_build_requires(make_repo, locked_rez):
    repo = make_repo({
        "tool-1": 'requires = ["py"]\nbuild_requires = ["cmake-3"]\nvariants = [["py-2"], ["py-3"]]\n',
        "cmake-3.1": "", "cmake-2.8": "", "py-2": "", "py-3": "",
    })
    plain, ours, used = _both(["tool"], [repo], building=True)
    assert used
    assert variant_labels(ours.resolved_packages) == variant_labels(plain.resolved_packages)
    assert "cmake-3.1[]" in variant_labels(ours.resolved_packages)


def test_implicit_packages_are_part_of_the_request(make_repo, locked_rez):
    repo = make_repo({"app-1": 'requires = ["plat"]\n', "plat-linux": "", "plat-osx": "", "plat-windows": ""})
    locked_rez("implicit_packages", ["~plat==osx"])
    plain, ours, used = _both(["app"], [repo], add_implicit_packages=True)
    assert used
    assert [str(r) for r in ours.requested_packages(include_implicit=True)] == ["app", "~plat==osx"]
    assert variant_labels(ours.resolved_packages) == variant_labels(plain.resolved_packages) == ["plat-osx[]", "app-1[]"]


def test_error_on_missing_variant_requires_passed_through(make_repo, locked_rez):
    repo = make_repo({"app-2": 'variants = [["gone"], ["lib"]]\n', "lib-1": ""})
    locked_rez("error_on_missing_variant_requires", False)
    plain, ours, used = _both(["app"], [repo])
    assert used
    assert variant_labels(ours.resolved_packages) == variant_labels(plain.resolved_packages) == ["lib-1[]", "app-2[1]"]


@pytest.mark.parametrize("request_", [["a", "b"], ["b", "a", "~c"], ["x", "a", "!f"], ["x", "b"]])
def test_single_step_resolves_draw_rez_graph_exactly(request_, make_repo, locked_rez):
    from rez.utils.graph_utils import write_compacted

    repo = make_repo({
        "a-1": 'requires = ["c-1+", "d"]\n', "b-1": 'requires = ["c-1.2", ".e-1"]\n', "c-1.2": "", "c-1.5": "",
        "d-1": 'requires = ["c"]\n', "x-1": 'variants = [["c-1.2"], ["c-1.5"]]\n',
    })
    plain, ours, used = _both(request_, [repo])
    assert used
    assert write_compacted(ours.graph()) == write_compacted(plain.graph())
