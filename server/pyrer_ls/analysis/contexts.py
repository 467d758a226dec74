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


def variant_test_contexts(ctx: ResolveContext, info: PackageInfo, preferred: Optional[int]) -> List[ResolveContext]:
    """The contexts rez-test runs a test in for a package with variants (PackageTestRunner._get_target_variants):
    the variant the test's own resolve prefers, with that variant's requirements added; every variant when
    that resolve fails."""
    indexes = [preferred] if preferred is not None else list(range(len(info.variants or [])))
    out = []
    for i in indexes:
        label = ctx.label if preferred is not None else "%s variant %d" % (ctx.label, i)
        out.append(ResolveContext(label, ctx.kind, ctx.refs + list((info.variants or [])[i]), ctx.extra,
                                  ctx.left_out, ctx.leading, ctx.building, ctx.implied))
    return out


def request_contexts(lines: List[List[RequirementRef]], implicit: Sequence[str] = ()) -> List[ResolveContext]:
    """One context per request line."""
    return [ResolveContext("line %d" % (refs[0].group + 1), "request", refs, list(implicit)) for refs in lines]
