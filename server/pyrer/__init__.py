"""pyrer: rez 3.4.0's version semantics and solver in Rust (re-exports the compiled `pyrer._native`)."""

from pyrer._native import (  # noqa: F401
    AlphanumericVersionToken,
    CancelToken,
    PackageData,
    Repository,
    ResolvedVariant,
    SolveResult,
    Requirement,
    RequirementList,
    Version,
    VersionError,
    VersionedObject,
    VersionRange,
    __version__,
    parse_static_package_py,
    parse_static_packages_py,
)
from pyrer._ordering import reverse_sort_key  # noqa: F401
from pyrer._solve import solve  # noqa: F401

__all__ = [
    "solve",
    "parse_static_package_py",
    "parse_static_packages_py",
    "PackageData",
    "Repository",
    "CancelToken",
    "ResolvedVariant",
    "SolveResult",
    "AlphanumericVersionToken",
    "Requirement",
    "RequirementList",
    "Version",
    "VersionError",
    "VersionRange",
    "VersionedObject",
    "reverse_sort_key",
    "__version__",
]
