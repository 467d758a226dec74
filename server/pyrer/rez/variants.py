"""pyrer's resolve as rez `Variant` objects (what `ResolvedContext.resolved_packages` holds)."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence


def _find_package(name: str, version: str, package_paths: Optional[Sequence[str]]) -> Any:
    from rez.packages import iter_packages

    for package in iter_packages(name, paths=list(package_paths) if package_paths is not None else None):
        if str(package.version) == version:
            return package
    raise LookupError("package %s not found in %s" % (name + ("-" + version if version else ""), package_paths))


def resolve_to_rez_variants(result: Any, package_paths: Optional[Sequence[str]] = None, loader: Any = None) -> List[Any]:
    """The rez `Variant` of each resolved package of a solved `SolveResult`, in order.

    `variant_index` None (a package without variants) is rez's `get_variant(None)`; an index is
    the variant at that index. With the `RezFamilyLoader` that served the solve, its already
    listed packages are used; otherwise the packages are looked up on `package_paths` (default:
    rez's `packages_path`), first path first as in rez.
    """
    if result.status != "solved":
        raise ValueError("the resolve did not succeed (status %r): %s" % (result.status, result.failure_description))
    out = []
    for rv in result.resolved_packages:
        if loader is not None:
            out.append(loader.rez_variant(rv.name, rv.version, rv.variant_index))
            continue
        package = _find_package(rv.name, rv.version, package_paths)
        variant = package.get_variant(rv.variant_index)
        if variant is None:
            raise LookupError("%s has no variant %r" % (package.qualified_name, rv.variant_index))
        out.append(variant)
    return out
