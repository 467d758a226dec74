"""pyrer.solve against rez's Solver with studio settings: package orderers (with release timestamps),
package filters (excluded packages) and package data rez's schema rejects, on seeded random
repositories. `PYRER_STUDIO_DIFF_COUNT` (default 300) cases of each kind, from `PYRER_DIFF_SEED`."""

from __future__ import annotations

import json
import os

import pytest

from tests.differential.compare import reproduction, run_case, shrink
from tests.differential.studio_gen import generate_filtered, generate_invalid, generate_ordered

KINDS = {"orderers": generate_ordered, "filter": generate_filtered, "invalid": generate_invalid}
EXTRA_KEYS = ("error_on_missing_variant_requires", "orderers", "timestamps", "package_filter")


def pytest_generate_tests(metafunc):
    if "studio_seed" in metafunc.fixturenames:
        count = int(os.environ.get("PYRER_STUDIO_DIFF_COUNT", "300"))
        start = int(os.environ.get("PYRER_DIFF_SEED", "0"))
        metafunc.parametrize("studio_seed", range(start, start + count))


def _check(rez_oracle, pyrer_mod, kind: str, seed: int) -> None:
    case = KINDS[kind](seed)
    lazy = seed % 3 == 2
    rez, ours, diffs = run_case(rez_oracle, pyrer_mod, case, lazy=lazy)
    if diffs:
        small = shrink(rez_oracle, pyrer_mod, case, diffs, lazy=lazy)
        rez_s, ours_s, _ = run_case(rez_oracle, pyrer_mod, small, lazy=lazy)
        extra = {k: small[k] for k in EXTRA_KEYS if k in small}
        pytest.fail("%s seed %d%s: %s\n--- shrunk reproduction ---\n%s" % (
            kind, seed, " (load_family)" if lazy else "", "; ".join(diffs),
            reproduction(small["repo"], small["requests"], small["mode"], rez_s, ours_s, **extra)),
            pytrace=False)


def test_orderers(rez_oracle, pyrer_mod, studio_seed):
    _check(rez_oracle, pyrer_mod, "orderers", studio_seed)


def test_package_filter(rez_oracle, pyrer_mod, studio_seed):
    _check(rez_oracle, pyrer_mod, "filter", studio_seed)


def test_invalid_package_data(rez_oracle, pyrer_mod, studio_seed):
    _check(rez_oracle, pyrer_mod, "invalid", studio_seed)


def test_generators_are_deterministic():
    for gen in KINDS.values():
        assert [json.dumps(gen(s), sort_keys=True) for s in range(20)] == \
               [json.dumps(gen(s), sort_keys=True) for s in range(20)]


def test_generated_orderers_are_valid_rez(rez_oracle):
    """rez reads every generated orderer list and filter (so a disagreement is never bad config)."""
    from rez.package_filter import PackageFilterList
    from rez.package_order import PackageOrderList

    for seed in range(200):
        PackageOrderList.from_pod(generate_ordered(seed)["orderers"])
        PackageFilterList.from_pod(generate_filtered(seed)["package_filter"])
