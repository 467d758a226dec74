"""Resolve contexts: runtime and build per variant and each test for a package.py; each line of a request list."""

from __future__ import annotations

from typing import List, Sequence

from pyrer_ls.analysis.model import RequirementRef, ResolveContext
from pyrer_ls.analysis.package_py import PackageInfo


def package_contexts(info: PackageInfo, implicit: Sequence[str] = ()) -> List[ResolveContext]:
    """Runtime (requires + variant), build (+ build_requires + private_build_requires), tests (+ test requires).

    A test is resolved with the package's requires and its first variant plus the test's requires.
    Contexts depending on a field computed by code (or holding a literal rez rejects) are left out.
    """
    not_static = info.not_static  # computed by code, or a literal rez rejects
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
            contexts.append(ResolveContext("build" + suffix, "build", build, extra))
    if groups and "tests" not in not_static:
        for name, refs in info.tests.items():
            contexts.append(ResolveContext("test %s" % name, "test", info.requires + groups[0] + refs, extra))
    return contexts


def request_contexts(lines: List[List[RequirementRef]], implicit: Sequence[str] = ()) -> List[ResolveContext]:
    """One context per request line."""
    return [ResolveContext("line %d" % (refs[0].group + 1), "request", refs, list(implicit)) for refs in lines]
