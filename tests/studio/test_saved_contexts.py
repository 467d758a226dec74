"""Contexts rez has just saved (.rxt), checked by pyrer under the same rezconfig: no drift, nothing left unreplayed."""

from __future__ import annotations

import pytest

from pyrer_ls.analysis.model import Codes
from tests.studio.harness import ask
from tests.studio.studio_gen import generate

CASES = [  # (seed, settings): seeds whose requests solve, so the saved contexts hold resolves
    (310, ["implicit_packages", "package_filter"]),
    (301, ["package_orderers", "variant_select_mode", "local_first"]),
    (302, ["package_filter", "package_orderers", "error_on_missing_variant_requires"]),
]
DRIFT = {Codes.CONTEXT_DRIFT, Codes.CONTEXT_UNRESOLVABLE, Codes.CONTEXT_NOT_REPLAYED, Codes.CONTEXT_UNREADABLE}


@pytest.mark.parametrize("seed,settings", CASES, ids=["+".join(c[1]) for c in CASES])
def test_a_context_rez_just_saved_shows_no_drift(tmp_path, seed, settings):
    setup = generate(str(tmp_path / "studio"), seed, settings)
    (tmp_path / "rxt").mkdir()
    saved = ask(setup, saved_contexts=str(tmp_path / "rxt"))["saved"]
    assert any(status == "solved" for _, _, _, status, _ in saved)  # the case says something
    assert [row for row in saved if DRIFT & set(row[4])] == []
