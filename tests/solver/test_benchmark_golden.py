"""rez's 188 benchmark requests solved by pyrer, compared with rez 3.4.0's recorded resolves."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from tests.differential.compare import differences, package_data, pyrer_outcome, shape_problems

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden")


def _load_resolves() -> dict:
    with open(os.path.join(GOLDEN, "benchmark_resolves.json")) as f:
        return json.load(f)


RESOLVES = _load_resolves()
PARAMS = [pytest.param(i, mode, id="%03d-%s" % (i, mode[0]))
          for i in range(len(RESOLVES["cases"])) for mode in RESOLVES["modes"]]


@pytest.fixture(scope="module")
def bench_packages(pyrer_mod):
    """The 18,226 benchmark packages as pyrer.PackageData, built once."""
    with gzip.open(os.path.join(GOLDEN, "benchmark_packages.json.gz"), "rt") as f:
        rows = json.load(f)["packages"]
    return package_data(pyrer_mod, rows)


def test_golden_covers_every_request():
    import rez

    path = os.path.join(os.path.dirname(rez.__file__), "data", "benchmarking", "requests.json")
    with open(path) as f:
        requests = json.load(f)
    assert [c["request"] for c in RESOLVES["cases"]] == requests


@pytest.mark.parametrize("index,mode", PARAMS)
def test_benchmark_request(pyrer_mod, bench_packages, index, mode):
    case = RESOLVES["cases"][index]
    result = pyrer_mod.solve(case["request"], bench_packages, variant_select_mode=mode)
    problems = differences(case[mode], pyrer_outcome(result)) + shape_problems(result)
    assert not problems, "request %d %s (%s): %s\nfailure_description: %s" % (
        index, case["request"], mode, "; ".join(problems), result.failure_description)
