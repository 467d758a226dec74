"""pyrer against rez's ResolvedContext on generated studios, each rezconfig setting alone and combined.

Every case writes a studio (release, external and local repositories; shadowed versions, `.ignore` markers,
package.yaml files, an unversioned package, timestamps; developer packages) and a rezconfig, then asks rez and
pyrer in one child process under `REZ_CONFIG_FILE`: requests as `rez env` resolves them, the same as `rez build`
resolves them (`building`), and each developer package's runtime and build contexts per variant as the editor
and `pyrer check` build them. `PYRER_STUDIO_SEEDS=N` runs N more random cases.
"""

from __future__ import annotations

import inspect
import os

import pytest

import pyrer
from tests.studio.harness import run_case
from tests.studio.studio_gen import SETTINGS

ORDERERS = "package_orderers" in inspect.signature(pyrer.solve).parameters

ALONE = [[s] for s in SETTINGS]
COMBINED = [
    [],
    ["implicit_packages", "package_filter"],
    ["variant_select_mode", "package_filter", "error_on_missing_variant_requires"],
    ["package_orderers", "package_filter", "implicit_packages"],
    ["package_orderers", "variant_select_mode", "local_first"],
    list(SETTINGS),
]
CASES = [(seed, settings) for seed, settings in enumerate(ALONE + COMBINED, start=100)]
CASES += [(1000 + i, None) for i in range(int(os.environ.get("PYRER_STUDIO_SEEDS", "0")))]


@pytest.mark.parametrize("seed,settings", CASES, ids=["%d-%s" % (s, "+".join(c) if c is not None else "random")
                                                      for s, c in CASES])
def test_same_resolves_as_rez(tmp_path, seed, settings):
    if not ORDERERS and (settings is None or "package_orderers" in settings):
        pytest.skip("this pyrer has no package_orderers")
    assert run_case(str(tmp_path), seed, settings) == []
