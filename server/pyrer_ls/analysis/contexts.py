"""Resolve contexts as rez builds them: runtime and `rez build` per variant, `rez-test` per test; each line of a request list."""

from __future__ import annotations

from typing import List, Optional, Sequence

import pyrer

from pyrer_ls.analysis.model import RequirementRef, ResolveContext
from pyrer_ls.analysis.package_py import PackageInfo


def package_contexts(info: PackageInfo, implicit: Sequence[str] = ()) -> List[ResolveContext]:
    """Runtime (requires + variant) and build (+ build_requires + private_build_requires, solved the way
    `rez build` solves: every package with its build_requires) per variant, then one context per test.

    rez appends the implicit packages after the requests. Contexts depending on a field computed by code (or
    holding a literal rez rejects) are left out (the reader reports those fields)."""
    not_static = info.not_static
    if "requires" in not_static or "variants" in not_static:
        groups: List[List[RequirementRef]] = []
    elif info.variants:
        groups = list(info.variants)
    else:
        groups = [[]]
    contexts = []
    extra = list(implicit)
    build_computed = {"build_requires", "private_build_requires"} & set(not_static)
    for i, variant in enumerate(groups):
        suffix = " variant %d" % i if info.variants else ""
        contexts.append(ResolveContext("runtime" + suffix, "runtime", info.requires + variant, extra))
        if not build_computed:
            build = info.requires + variant + info.build_requires + info.private_build_requires
            contexts.append(ResolveContext("build" + suffix, "build", build, extra, building=True))
    contexts += test_contexts(info, implicit) if groups else []
    return contexts


def test_request(info: PackageInfo) -> Optional[str]:
    """rez-test's request for the package itself: `name==version` (or `name` when unversioned)."""
    if info.name is None or "name" in info.not_static or "version" in info.not_static:
        return None
    if info.version:
        try:
            pyrer.Version(info.version)
        except pyrer.VersionError:
            return None
        return "%s==%s" % (info.name, info.version)
    return info.name


def test_contexts(info: PackageInfo, implicit: Sequence[str] = ()) -> List[ResolveContext]:
    """One context per test, as rez-test resolves it: the package itself (`name==version`), then the test's
    requires, then the implicit packages. For a package with variants, the variant is chosen when solving
    (`variant_test_contexts`)."""
    leading = test_request(info)
    if leading is None or "tests" in info.not_static:
        return []
    return [ResolveContext("test %s" % name, "test", list(refs), list(implicit), leading=[leading],
                           implied=list(info.requires)) for name, refs in info.tests.items()]


def test_variants(info: PackageInfo, test: str) -> Optional[List[int]]:
    """The variants rez-test runs `test` on: every one (`on_variants: True`), those an `on_variants` requires
    filter selects (rez's `_on_variant_requires`), or None: the one the test's own resolve prefers."""
    count = len(info.variants or [])
    if test in info.test_all_variants:
        return list(range(count))
    if test not in info.test_on_variants:
        return None
    wanted = [r.text for r in info.test_on_variants[test]]
    out = []
    for i, variant in enumerate(info.variants or []):
        try:
            own = [pyrer.Requirement(r.text) for r in variant]
            both = pyrer.RequirementList(own + [pyrer.Requirement(t) for t in wanted])
        except pyrer.VersionError:
            continue
        if both.conflict:
            continue
        kept = [str(r) for r in pyrer.RequirementList([r for r in both.requirements if not r.conflict]).requirements]
        mine = [str(r) for r in pyrer.RequirementList([r for r in own if not r.conflict]).requirements]
        if kept == mine:
            out.append(i)
    return out


def variant_test_contexts(ctx: ResolveContext, info: PackageInfo, preferred: Optional[int],
                          indexes: Optional[List[int]] = None) -> List[ResolveContext]:
    """The contexts rez-test runs a test in for a package with variants (PackageTestRunner): the given
    variants, or else the variant the test's own resolve prefers; every variant when that resolve fails. Each
    adds its variant's requirements."""
    one = indexes is None and preferred is not None
    if indexes is None:
        indexes = [preferred] if preferred is not None else list(range(len(info.variants or [])))
    out = []
    for i in indexes:
        label = ctx.label if one else "%s variant %d" % (ctx.label, i)
        out.append(ResolveContext(label, ctx.kind, ctx.refs + list((info.variants or [])[i]), ctx.extra,
                                  ctx.left_out, ctx.leading, ctx.building, ctx.implied))
    return out


def request_contexts(lines: List[List[RequirementRef]], implicit: Sequence[str] = ()) -> List[ResolveContext]:
    """One context per request line."""
    return [ResolveContext("line %d" % (refs[0].group + 1), "request", refs, list(implicit)) for refs in lines]
