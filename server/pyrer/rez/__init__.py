"""rez integration: packages from rez's repositories, results as rez Variants, the rez shim, diff-rez.

Nothing here imports rez until it is used; `import pyrer` never imports this package.
"""

from __future__ import annotations

from typing import Any

# public name -> defining submodule (imported on first access, so `import pyrer.rez` stays cheap)
_EXPORTS = {
    "RezFamilyLoader": "pyrer.rez.loader",
    "LoaderStats": "pyrer.rez.loader",
    "AllPackagesFiltered": "pyrer.rez.loader",
    "packages_from_rez": "pyrer.rez.loader",
    "LateBoundRequirements": "pyrer.rez.entries",
    "UnsupportedFilter": "pyrer.rez.filters",
    "PackageFileCache": "pyrer.rez.cache",
    "resolve_to_rez_variants": "pyrer.rez.variants",
    "install_shim": "pyrer.rez.shim",
    "uninstall_shim": "pyrer.rez.shim",
    "shim_installed": "pyrer.rez.shim",
    "shim_enabled": "pyrer.rez.shim",
    "fallback_reason": "pyrer.rez.fallback",
}
_RENAMED = {"install_shim": "install", "uninstall_shim": "uninstall", "shim_installed": "is_installed"}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError("module 'pyrer.rez' has no attribute %r" % name)
    import importlib

    value = getattr(importlib.import_module(module_name), _RENAMED.get(name, name))
    globals()[name] = value
    return value
