"""rez's own solver test cases, solved by pyrer and compared with the outcomes rez gives."""

from __future__ import annotations

import itertools
import os

import pytest

from tests.differential.compare import (differences, package_data, pyrer_outcome, repo_rows,
                                        shape_problems)
from tests.solver import rez_cases as rc

CASE_PARAMS = [pytest.param(c, m, id="%s-%s" % (c.id, m[0])) for c, m in rc.expanded()]
PERMUTED = [pytest.param(c, m, id="%s-%s" % (c.id, m[0])) for c, m in rc.expanded()
            if c.source.startswith("test_") and c.status in ("solved", "failed") and len(c.requests) > 1]


def expected(case) -> dict:
    return {"status": case.status, "resolved": list(case.resolved),
            "ephemerals": list(case.ephemerals), "num_solves": case.num_solves}


@pytest.fixture(scope="module")
def repos(pyrer_mod):
    """PackageData lists per repository name, built once."""
    cache = {}

    def get(name):
        if name not in cache:
            rows = rc.rez_test_rows() if name == rc.REZ_TEST_REPO else rc.tiny_rows(name)
            cache[name] = package_data(pyrer_mod, rows)
        return cache[name]

    return get


def solve(pyrer_mod, requests, mode, case, packages=None, load_family=None):
    kwargs = {"variant_select_mode": mode}
    if load_family is not None:
        kwargs["load_family"] = load_family
    if not case.error_on_missing_variant_requires:
        kwargs["error_on_missing_variant_requires"] = False
    return pyrer_mod.solve(list(requests), packages, **kwargs)


@pytest.mark.parametrize("case,mode", CASE_PARAMS)
def test_case(pyrer_mod, repos, case, mode):
    result = solve(pyrer_mod, case.requests, mode, case, repos(case.repo))
    problems = differences(expected(case), pyrer_outcome(result)) + shape_problems(result)
    assert not problems, "%s (%s): %s\nfailure_description: %s" % (
        case.id, mode, "; ".join(problems), result.failure_description)


@pytest.mark.parametrize("case,mode", CASE_PARAMS)
def test_case_with_load_family(pyrer_mod, repos, case, mode):
    """The same outcome when every family comes through load_family, each asked at most once."""
    by_family = {}
    for pd in repos(case.repo):
        by_family.setdefault(pd.name, []).append(pd)
    asked = []

    def load_family(name):
        asked.append(name)
        return list(by_family.get(name, []))

    result = solve(pyrer_mod, case.requests, mode, case, None, load_family)
    problems = differences(expected(case), pyrer_outcome(result)) + shape_problems(result)
    dupes = sorted({n for n in asked if asked.count(n) > 1})
    if dupes:
        problems.append("load_family asked more than once for %s" % dupes)
    assert not problems, "%s (%s): %s" % (case.id, mode, "; ".join(problems))


@pytest.mark.parametrize("case,mode", PERMUTED)
def test_request_permutations_keep_status(pyrer_mod, repos, case, mode):
    """rez's tests assert that every permutation of a request solves (or fails) the same way."""
    for perm in itertools.permutations(case.requests):
        result = solve(pyrer_mod, perm, mode, case, repos(case.repo))
        assert result.status == case.status, "%s permuted to %s: %s" % (case.id, perm, result.status)


@pytest.mark.parametrize("case,mode", CASE_PARAMS)
def test_tables_match_rez(rez_oracle, case, mode):
    """Every row is what rez 3.4.0 gives, both from its on-disk repository and from the JSON copy
    that pyrer is fed (so the golden package data holds everything the solver looks at)."""
    import rez

    want = dict(expected(case), failure_type=case.failure_type)
    flag = case.error_on_missing_variant_requires
    runs = []
    if case.repo == rc.REZ_TEST_REPO:
        path = os.path.join(os.path.dirname(rez.__file__), "data", "tests", "solver", "packages")
        runs.append(("disk", rez_oracle.solve(list(case.requests), [path], mode, flag)))
        repo = {}
        for name, version, requires, variants in rc.rez_test_rows():
            repo.setdefault(name, []).append((version, requires, variants))
    else:
        repo = rc.TINY_REPOS[case.repo]
    runs.append(("memory", rez_oracle.solve_memory(repo, list(case.requests), mode, flag)))
    for where, got in runs:
        got = {k: got[k] for k in want}
        assert got == want, "%s (%s, %s repo): rez gives %s" % (case.id, mode, where, got)
    if case.source.startswith("test_") and case.status in ("solved", "failed"):
        for perm in itertools.permutations(case.requests):
            got = rez_oracle.solve_memory(repo, list(perm), mode, flag)
            assert got["status"] == case.status, "%s permuted to %s" % (case.id, perm)


def test_rez_test_repo_rows_round_trip():
    """The JSON rows convert to memory layout and back unchanged."""
    rows = rc.rez_test_rows()
    repo = {}
    for name, version, requires, variants in rows:
        repo.setdefault(name, []).append((version, requires, variants))
    assert repo_rows(repo) == rows
