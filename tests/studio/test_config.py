"""Reading rez's configuration: by rez (config files, REZ_* variables), and without rez (its defaults and REZ_*)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pyrer.studio.config import StudioConfig, defaults_config, describe

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIELDS = ("packages_path", "local_packages_path", "release_packages_path", "implicit_packages", "variant_select_mode",
          "package_filter", "package_orderers", "error_on_missing_variant_requires", "allow_unversioned_packages")

ENV_CASES = [
    {},
    {"REZ_PACKAGES_PATH": "/studio/int:/studio/ext"},
    {"REZ_IMPLICIT_PACKAGES": "~platform=={system.platform},~python-3"},
    {"REZ_VARIANT_SELECT_MODE": "intersection_priority", "REZ_ERROR_ON_MISSING_VARIANT_REQUIRES": "no"},
    {"REZ_PACKAGE_FILTER_JSON": '{"excludes": ["glob(*.beta)"]}', "REZ_ALLOW_UNVERSIONED_PACKAGES": "0"},
    {"REZ_PACKAGE_ORDERERS_JSON": '[{"type": "sorted", "descending": false, "packages": ["python"]}]',
     "REZ_LOCAL_PACKAGES_PATH": "~/dev/packages"},
]

_CHILD = """
import json, sys
from pyrer.studio.config import rez_config, defaults_config
a, b = rez_config(), defaults_config()
keys = %r
print(json.dumps({"rez": {k: getattr(a, k) for k in keys}, "defaults": {k: getattr(b, k) for k in keys},
                  "origins": dict(a.origins), "sources": a.sources, "notes": b.notes}))
"""


def _child(env: dict, tmp_path) -> dict:
    full = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
    full.update(env)
    full["REZ_DISABLE_HOME_CONFIG"] = "1"
    full["HOME"] = str(tmp_path)
    full["PYTHONPATH"] = os.pathsep.join([ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    out = subprocess.run([sys.executable, "-c", _CHILD % (FIELDS,)], env=full, capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.parametrize("env", ENV_CASES, ids=[" ".join(sorted(e)) or "defaults" for e in ENV_CASES])
def test_without_rez_config_files_both_readings_agree(env, tmp_path):
    """With no config file, rez's defaults plus REZ_* (read without rez) are what rez itself reads."""
    got = _child(env, tmp_path)
    assert got["rez"] == got["defaults"]
    for key in ("REZ_PACKAGES_PATH", "REZ_VARIANT_SELECT_MODE"):
        if key in env:
            assert key in got["origins"].values()


def test_config_file_is_read_by_rez(tmp_path):
    cfg = tmp_path / "studio_rezconfig.py"
    cfg.write_text("packages_path = ['/mnt/release', '/mnt/ext']\nimplicit_packages = ['~os=={system.os}']\n"
                   "package_orderers = [{'type': 'version_split', 'first_version': '3.9', 'packages': ['python']}]\n")
    got = _child({"REZ_CONFIG_FILE": str(cfg)}, tmp_path)
    assert got["rez"]["packages_path"] == ["/mnt/release", "/mnt/ext"]
    assert got["rez"]["implicit_packages"][0].startswith("~os==") and "{" not in got["rez"]["implicit_packages"][0]
    assert got["rez"]["package_orderers"][0]["type"] == "version_split"
    assert got["sources"] == [str(cfg)]
    assert got["origins"]["packages_path"] == "rez config"
    assert any("REZ_CONFIG_FILE" in n for n in got["notes"])  # the reading without rez says what it missed


def test_overrides_replace_single_items():
    base = defaults_config({})
    over = base.with_overrides(implicit_packages=["~platform=={system.platform}"], variant_select_mode=None)
    assert over.implicit_packages[0].startswith("~platform==") and "{" not in over.implicit_packages[0]
    assert over.variant_select_mode == base.variant_select_mode
    assert over.origin("implicit_packages") == "pyrer setting"
    assert "implicit_packages: ~platform==" in "\n".join(describe(over))


def test_bad_values_are_notes_not_crashes():
    config = defaults_config({"REZ_ERROR_ON_MISSING_VARIANT_REQUIRES": "maybe", "REZ_PACKAGE_FILTER": "x"})
    assert isinstance(config, StudioConfig)
    assert len(config.notes) == 2
