"""pyrer.solve against rez's own Solver on seeded random repositories, plus recorded regressions."""

from __future__ import annotations

import json
import os

import pytest

from tests.differential.compare import (case_excluded, differences, pyrer_outcome, reproduction, rez_outcome,
                                        run_case, shrink, solve_case)
from tests.differential.repo_gen import generate

REGRESSIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regressions.json")


def load_regressions() -> list:
    with open(REGRESSIONS) as f:
        return json.load(f)


def pytest_generate_tests(metafunc):
    if "seed" in metafunc.fixturenames:
        opt = metafunc.config.getoption
        count = opt("--count")
        count = count if count is not None else int(os.environ.get("PYRER_DIFF_COUNT", "1000"))
        start = opt("--seed")
        start = start if start is not None else int(os.environ.get("PYRER_DIFF_SEED", "0"))
        metafunc.parametrize("seed", range(start, start + count))
    if "regression" in metafunc.fixturenames:
        cases = load_regressions()
        metafunc.parametrize("regression", cases, ids=[c.get("id", str(i)) for i, c in enumerate(cases)])


def uses_load_family(seed: int) -> bool:
    """Every third case feeds packages through load_family instead of the eager list."""
    return seed % 3 == 2


def test_random_case(rez_oracle, pyrer_mod, seed):
    case = generate(seed)
    lazy = uses_load_family(seed)
    rez, ours, diffs = run_case(rez_oracle, pyrer_mod, case, lazy=lazy)
    if diffs:
        small = shrink(rez_oracle, pyrer_mod, case, diffs, lazy=lazy)
        rez_s, ours_s, diffs_s = run_case(rez_oracle, pyrer_mod, small, lazy=lazy)
        pytest.fail("seed %d%s: %s\n--- shrunk reproduction ---\n%s\n--- original ---\n%s" % (
            seed, " (load_family)" if lazy else "", "; ".join(diffs),
            reproduction(small["repo"], small["requests"], small["mode"], rez_s, ours_s,
                         error_on_missing_variant_requires=small["error_on_missing_variant_requires"]),
            reproduction(case["repo"], case["requests"], case["mode"], rez, ours,
                         error_on_missing_variant_requires=case["error_on_missing_variant_requires"])),
            pytrace=False)


def test_regression(rez_oracle, pyrer_mod, regression):
    """A disagreement found once: pyrer must now give what rez gave (stored in the entry)."""
    excluded = case_excluded(rez_oracle, regression)  # rez evaluates the entry's package filter
    for lazy in (False, True):
        result, problems = solve_case(pyrer_mod, regression, lazy=lazy, excluded=excluded)
        diffs = differences(regression["rez"], pyrer_outcome(result)) + problems
        assert not diffs, "%s%s: %s" % (regression.get("id"), " (load_family)" if lazy else "",
                                        "; ".join(diffs))


def test_regressions_match_rez(rez_oracle, regression):
    """The stored rez outcome is still what rez gives."""
    got = rez_outcome(rez_oracle, regression)
    want = regression["rez"]
    assert {k: got[k] for k in ("status", "resolved", "ephemerals", "num_solves")} == \
           {k: want[k] for k in ("status", "resolved", "ephemerals", "num_solves")}


def test_generator_is_deterministic():
    assert [generate(s) for s in range(20)] == [generate(s) for s in range(20)]


def test_generator_output_is_valid_rez(rez_oracle):
    """Every generated requirement and version parses in rez, and rez never rejects the
    package definitions (so an "error" is always a solver-level abort, never bad data)."""
    from rez.version import Requirement, Version

    for seed in range(300):
        case = generate(seed)
        for req in case["requests"]:
            Requirement(req)
        for fam, pkgs in case["repo"].items():
            for version, requires, variants in pkgs:
                Version(version)
                for r in list(requires) + [r for v in (variants or []) for r in v]:
                    assert not r.startswith(("~.", "!.")), r
                    Requirement(r)
        out = rez_oracle.solve_memory(case["repo"], case["requests"], case["mode"],
                                      case["error_on_missing_variant_requires"])
        assert out["failure_type"] not in ("PackageMetadataError", "VersionError", "ResourceError"), \
            (seed, out)
