"""Start-up hook: with PYRER_REZ_SHIM=1, patch rez's Resolver as soon as `rez.resolver` is imported.

Loaded by the `pyrer_rez_shim.pth` file installed next to the package (see `PTH_LINE`), standalone
and without importing `pyrer`, so Python processes that never import rez pay nothing but a
`find_spec`. Only the standard library is imported here.
"""

from __future__ import annotations

import importlib.abc
import os
import sys

ENV = "PYRER_REZ_SHIM"
PTH_NAME = "pyrer_rez_shim.pth"
_TARGET = "rez.resolver"
_OFF = ("", "0", "false", "no", "off")

# The single line of `pyrer_rez_shim.pth`: when the variable is on, load this file as a standalone
# module (without executing `pyrer/__init__`) and call `enable()`.
PTH_LINE = (
    "import os; os.environ.get('PYRER_REZ_SHIM', '').strip().lower() in ('', '0', 'false', 'no', 'off') "
    "or exec(\"import importlib.util as u, os.path as p\\ns = u.find_spec('pyrer')\\n"
    "f = s and s.submodule_search_locations and p.join(list(s.submodule_search_locations)[0], 'rez', 'hook.py')\\n"
    "if f and p.isfile(f):\\n"
    "    m = u.module_from_spec(u.spec_from_file_location('pyrer_rez_shim_hook', f))\\n"
    "    m.__spec__.loader.exec_module(m)\\n"
    "    m.enable()\")\n"
)


def requested() -> bool:
    """True when `$PYRER_REZ_SHIM` asks for the shim."""
    return os.environ.get(ENV, "").strip().lower() not in _OFF


def _install_into(module) -> None:
    try:
        from pyrer.rez.shim import install

        install(module.Resolver)
    except Exception as e:  # never break rez: it keeps its own solver
        print("pyrer-rez-shim: not enabled (%s: %s)" % (type(e).__name__, e), file=sys.stderr)


class _PatchingLoader(importlib.abc.Loader):
    """Runs the real loader of `rez.resolver`, then installs the shim."""

    def __init__(self, loader) -> None:
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        self._loader.exec_module(module)
        _install_into(module)

    def __getattr__(self, name):  # get_source, get_filename, ... for tracebacks and tools
        return getattr(self._loader, name)


class _ResolverFinder(importlib.abc.MetaPathFinder):
    """Finds `rez.resolver` with the other finders and wraps its loader; removes itself once used."""

    pyrer_rez_shim = True

    def find_spec(self, fullname, path, target=None):
        if fullname != _TARGET:
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find is not None else None
            if spec is not None:
                break
        else:
            return None
        if spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _PatchingLoader(spec.loader)
        return spec


def enable() -> None:
    """Install the shim now if `rez.resolver` is loaded, else as soon as it is imported."""
    module = sys.modules.get(_TARGET)
    if module is not None and hasattr(module, "Resolver"):
        _install_into(module)
        return
    if not any(getattr(f, "pyrer_rez_shim", False) for f in sys.meta_path):
        sys.meta_path.insert(0, _ResolverFinder())


def install_pth(site_dir: str = "") -> str:
    """Write `pyrer_rez_shim.pth` into `site_dir` (default: this interpreter's purelib), for
    installs that did not ship it (editable installs); returns its path."""
    import sysconfig

    site_dir = site_dir or sysconfig.get_paths()["purelib"]
    path = os.path.join(site_dir, PTH_NAME)
    with open(path, "w", encoding="utf-8") as f:
        f.write(PTH_LINE)
    return path


if __name__ == "__main__":
    if sys.argv[1:2] == ["install-pth"]:
        print(install_pth(sys.argv[2] if len(sys.argv) > 2 else ""))
    else:
        print("usage: python -m pyrer.rez.hook install-pth [SITE_DIR]", file=sys.stderr)
        sys.exit(2)
