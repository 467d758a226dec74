"""Resolves through repositories whose package.py files compute their fields (`@early`, comprehensions, loops, `%`,
`this`) against rez's ResolvedContext: pyrer's studio evaluates them with rez in its worker (as `pyrer solve` and
`pyrer check` do) and must resolve as rez does; developer packages too (`@early` fields and wildcards, as
`pyrer check --evaluate` and a trusted editor see them). `PYRER_STUDIO_SEEDS=N` runs N more random cases, each
against the same studio written with literals only."""

from __future__ import annotations

import inspect
import json
import os
import random
import subprocess
import sys

import pytest

import pyrer
from tests.studio.harness import ROOT, ask, disagreements, run_case
from tests.studio.studio_gen import SETTINGS, generate

ORDERERS = "package_orderers" in inspect.signature(pyrer.solve).parameters
CASES = [(200, []), (201, ["implicit_packages", "package_filter"]), (202, ["variant_select_mode", "local_first"]),
         (203, ["package_orderers", "error_on_missing_variant_requires"])]
CASES += [(2000 + i, None) for i in range(int(os.environ.get("PYRER_STUDIO_SEEDS", "0")))]


@pytest.mark.parametrize("seed,settings", CASES, ids=["%d-%s" % (s, "+".join(c) if c is not None else "random")
                                                      for s, c in CASES])
def test_same_resolves_as_rez_through_computed_packages(tmp_path, seed, settings):
    if settings is not None:
        if not ORDERERS and "package_orderers" in settings:
            pytest.skip("this pyrer has no package_orderers")
        assert run_case(str(tmp_path), seed, settings, computed=True) == []
        return
    # random settings (among those this pyrer has): evaluating computed packages adds no disagreement to those
    # the same studio written as literals has (tests/studio/test_studio_vs_rez.py covers those)
    chooser = random.Random(seed)
    settings = [s for s in SETTINGS if (ORDERERS or s != "package_orderers") and chooser.random() < 0.45]
    both = {}
    for computed in (False, True):
        root = str(tmp_path / ("computed" if computed else "literal"))
        both[computed] = {line.replace(root, "<root>") for line in run_case(root, seed, settings, computed)}
    assert both[True] <= both[False], sorted(both[True] - both[False])


def test_the_generated_studios_compute_what_they_claim(tmp_path):
    texts = []
    for seed, settings in CASES[:4]:
        setup = generate(str(tmp_path / str(seed)), seed, settings, computed=True)
        assert len(setup.computed) >= 8
        texts += [open(p, encoding="utf-8").read() for p in setup.computed]
        assert generate(str(tmp_path / ("%d-static" % seed)), seed, settings).requests == setup.requests
    for marker in ("def requires():", "def build_requires():", "for r in", "variants.append", "% r for r",
                   "this.requires", "python-3.*"):
        assert any(marker in t for t in texts), marker


def test_pyrer_solve_resolves_as_rez_through_computed_packages(tmp_path):
    """`pyrer solve --json` itself (a real process, rez's configuration) against rez's ResolvedContext."""
    setup = generate(str(tmp_path), 201, ["implicit_packages"], computed=True)
    answer = ask(setup)
    assert disagreements(setup, answer) == []
    requests = tmp_path / "requests.txt"
    requests.write_text("\n".join(" ".join(r) for r in setup.requests) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
    env.update({"REZ_CONFIG_FILE": setup.config_path, "REZ_DISABLE_HOME_CONFIG": "1",
                "PYRER_CACHE_DIR": str(tmp_path / "cache")})
    run = subprocess.run([sys.executable, "-m", "pyrer", "solve", "--requests", str(requests), "--json"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    ours = json.loads(run.stdout)["resolves"]
    for rez, mine in zip(answer["rez"]["requests"], ours):
        if rez["status"] == "solved":
            assert mine["status"] == "solved", (rez, mine)
            def label(v: str) -> str:  # "name-version[index]", "name-version[]", "name" (unversioned)
                return v.replace("[]", "").rstrip("-")

            assert [label(v) for v in rez["resolved"]] == [label(v) for v in mine["resolved"]]
        else:
            assert mine["status"] != "solved", (rez, mine)
