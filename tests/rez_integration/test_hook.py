"""Activation: the shipped .pth hook patches rez only when PYRER_REZ_SHIM is set, and costs no import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.rez_integration.shim_env import PTH


def test_shipped_pth_is_the_hook_line():
    from pyrer.rez import hook

    with open(PTH, encoding="utf-8") as f:
        assert f.read() == hook.PTH_LINE
    assert hook.PTH_NAME == os.path.basename(PTH)


CHECK = """
import site, sys
site.addsitedir(sys.argv[1])           # processes pyrer_rez_shim.pth as at interpreter start-up
before = "pyrer" in sys.modules
finder = any(getattr(f, "pyrer_rez_shim", False) for f in sys.meta_path)
import rez.resolved_context
from rez.resolver import Resolver
print(before, finder, "_pyrer_original_solve" in Resolver.__dict__)
"""


@pytest.mark.parametrize("value,expected", [("1", "False True True"), ("0", "False False False"), ("", "False False False")])
def test_pth_hook_patches_rez_on_import(value, expected, tmp_path):
    shutil.copy(PTH, tmp_path)
    env = dict(os.environ, PYRER_REZ_SHIM=value)
    out = subprocess.run([sys.executable, "-c", CHECK, str(tmp_path)], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0] == expected


def test_enable_after_rez_is_imported_and_install_is_idempotent():
    code = ("import rez.resolver\n"
            "from pyrer.rez import hook, shim\n"
            "hook.enable(); hook.enable()\n"
            "from rez.resolver import Resolver\n"
            "assert shim.is_installed(Resolver) and not shim.install(Resolver)\n"
            "assert shim.uninstall(Resolver) and not shim.is_installed(Resolver) and not shim.uninstall(Resolver)\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_install_pth_writes_the_hook(tmp_path):
    from pyrer.rez import hook

    path = hook.install_pth(str(tmp_path))
    with open(path) as f:
        assert f.read() == hook.PTH_LINE
