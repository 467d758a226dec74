"""Package orderers, excluded packages and lazily validated package data: table cases, each checked
against rez 3.4.0 too (rez's Solver on a memory repository with the same orderers and filter)."""

from __future__ import annotations

import pytest

from tests.differential.compare import case_excluded, pyrer_outcome, rez_outcome, solve_case

# {family: [(version, requires, variants-or-None, timestamp-or-None), ...]} in repository order.
REPOS = {
    "stamps": {
        "foo": [("1.0", [], None, 100), ("1.1", [], None, 200), ("2.0", [], None, 300), ("2.1", [], None, 400)],
        "app": [("1", [], [["foo-1"], ["foo"]], None)],
        "pick": [("1", [], [["bar-1"], ["foo-1"]], None)],
        "bar": [("1", [], None, 50), ("2", [], None, 60)],
    },
    # an excluded package still counts for soft_timestamp's first version after the time
    "hidden_stamp": {
        "foo": [("1.0", [], None, 100), ("1.7", [], None, 300), ("1.8", [], None, None), ("2.0", [], None, 400)],
    },
    "betas": {
        "foo": [("1.0.beta", [], None, None), ("2.0.beta", [], None, None)],
        "bar": [("1.0", ["foo"], None, None), ("2.0", ["~foo-1"], None, None)],
        "baz": [("1", ["bad name"], None, None), ("2", [], None, None)],
    },
    "invalid": {
        "foo": [("1.0", ["~.bar"], None, None), ("2.0", [], None, None)],
        "var": [("1", [], [["!.y"]], None), ("2", [], [["foo-2"]], None)],
        "both": [("1", ["x y"], [["a..b"]], None)],
        "range": [("1", ["q->>1"], None, None)],
        "top": [("1", ["foo-1", "var-1"], None, None)],
        "ok": [("1", [], None, None)],
    },
}

BETA = [{"excludes": ["glob(*.beta)"]}]
BAD_NAME = [{"excludes": ["glob(baz-1)"]}]
SPLIT = [{"type": "version_split", "first_version": "1.1"}]
TS = [{"type": "soft_timestamp", "timestamp": 250, "packages": ["foo"]}]
TS_RANK = [{"type": "soft_timestamp", "timestamp": 250, "rank": 2}]
NESTED_NO_DEFAULT = [{"type": "per_family", "orderers": [
    {"packages": ["foo"], "type": "per_family", "orderers": [
        {"packages": ["bar"], "type": "sorted", "descending": False}]}]}]
NESTED_DEFAULT = [{"type": "per_family", "orderers": [
    {"packages": ["foo"], "type": "per_family", "default_order": {"type": "sorted", "descending": False},
     "orderers": [{"packages": ["bar"], "type": "sorted", "descending": True}]}]}]

# (id, repo, requests, orderers, package_filter, status, resolved or error fragment)
CASES = [
    ("default", "stamps", ["foo"], None, None, "solved", ["foo-2.1[]"]),
    ("empty list", "stamps", ["foo"], [], None, "solved", ["foo-2.1[]"]),
    ("version_split", "stamps", ["foo"], SPLIT, None, "solved", ["foo-1.1[]"]),
    ("sorted ascending", "stamps", ["foo"], [{"type": "sorted", "descending": False}], None,
     "solved", ["foo-1.0[]"]),
    ("no_order keeps repository order", "stamps", ["foo"], [{"type": "no_order"}], None,
     "solved", ["foo-1.0[]"]),
    ("soft_timestamp", "stamps", ["foo"], TS, None, "solved", ["foo-1.1[]"]),
    ("soft_timestamp orders variants", "stamps", ["app"],
     [{"type": "soft_timestamp", "timestamp": 150, "packages": ["foo"]}], None,
     "solved", ["foo-1.0[]", "app-1[0]"]),
    ("soft_timestamp rank on an unbounded range", "stamps", ["app"], TS_RANK, None,
     "error", "Version.inf cannot be trimmed"),
    ("soft_timestamp rank, every version before", "stamps", ["app"],
     [{"type": "soft_timestamp", "timestamp": 500, "rank": 2}], None, "solved", ["foo-1.1[]", "app-1[0]"]),
    ("old-style pair", "stamps", ["foo"], [("sorted", {"descending": False})], None, "solved", ["foo-1.0[]"]),
    ("earlier orderer wins", "stamps", ["foo"],
     [{"type": "sorted", "descending": False, "packages": ["foo"]}, SPLIT[0]], None, "solved", ["foo-1.0[]"]),
    ("named family before *", "stamps", ["foo"],
     [{"type": "sorted", "descending": False}, dict(SPLIT[0], packages=["foo"])], None, "solved", ["foo-1.1[]"]),
    ("per_family", "stamps", ["foo"], [{"type": "per_family", "orderers": [
        {"packages": ["foo"], "type": "version_split", "first_version": "2.0"}]}], None, "solved", ["foo-2.0[]"]),
    ("per_family default_order does not reach other families", "stamps", ["foo"], [{"type": "per_family",
     "orderers": [{"packages": ["bar"], "type": "sorted", "descending": True}],
     "default_order": {"type": "sorted", "descending": False}}], None, "solved", ["foo-2.1[]"]),
    ("nested per_family without the family", "stamps", ["foo"], NESTED_NO_DEFAULT, None,
     "error", "does not apply to package family"),
    ("nested per_family default", "stamps", ["foo"], NESTED_DEFAULT, None, "solved", ["foo-1.0[]"]),
    # bar (sorted) and foo (version_split) keys meet in the variant sort: neither is smaller, so
    # the sort keeps the variants' order, where rez's default order compares the names.
    ("keys of two orderers meet", "stamps", ["pick"], None, None, "solved", ["foo-1.1[]", "pick-1[1]"]),
    ("keys of two orderers meet, mixed", "stamps", ["pick"], [dict(SPLIT[0], packages=["foo"])], None,
     "solved", ["bar-1[]", "pick-1[0]"]),
    ("excluded packages count for first_after", "hidden_stamp", ["foo"],
     [{"type": "soft_timestamp", "timestamp": 250}], [{"excludes": ["glob(foo-1.7)"]}], "solved", ["foo-1.0[]"]),
    ("every package excluded", "betas", ["foo"], None, BETA, "error", "Package could not be found: foo"),
    ("excluded, not needed", "betas", ["bar-2"], None, BETA, "solved", ["bar-2.0[]"]),
    ("excluded, requested", "betas", ["bar-2", "foo"], None, BETA, "error", "could not be found"),
    ("excluded, conflict request", "betas", ["!foo"], None, BETA, "solved", []),
    ("excluded, weak request", "betas", ["bar-2", "~foo-1"], None, BETA, "solved", ["bar-2.0[]"]),
    ("an excluded package is never validated", "betas", ["baz"], None, BAD_NAME, "solved", ["baz-2[]"]),
    ("bad requires out of range", "invalid", ["foo-2"], None, None, "solved", ["foo-2.0[]"]),
    ("bad requires in range", "invalid", ["foo"], None, None, "error", "PackageMetadataError"),
    ("bad requires requested", "invalid", ["foo-1"], None, None, "error", "'~.bar'"),
    ("bad variants in range", "invalid", ["var"], None, None, "error", "key 'variants'"),
    ("bad variants out of range", "invalid", ["var-2"], None, None, "solved", ["foo-2.0[]", "var-2[0]"]),
    ("bad variants before bad requires", "invalid", ["both"], None, None, "error", "key 'variants'"),
    ("bad range in requires", "invalid", ["range"], None, None, "error", "VersionError"),
    ("expansion before requires", "invalid", ["top"], None, None, "error", "key 'variants'"),
    ("unrelated bad package", "invalid", ["ok"], None, None, "solved", ["ok-1[]"]),
]


def _case(repo: str, requests, orderers, package_filter, mode="version_priority") -> dict:
    fams = REPOS[repo]
    case = {"repo": {f: [[v, list(r), var] for v, r, var, _ in rows] for f, rows in fams.items()},
            "timestamps": {f: {v: t for v, _, _, t in rows} for f, rows in fams.items()},
            "requests": list(requests), "mode": mode}
    if orderers is not None:
        case["orderers"] = orderers
    if package_filter is not None:
        case["package_filter"] = package_filter
    return case


@pytest.mark.parametrize("mode", ["version_priority", "intersection_priority"])
@pytest.mark.parametrize("label,repo,requests,orderers,flt,status,want", CASES, ids=[c[0] for c in CASES])
def test_case(rez_oracle, pyrer_mod, label, repo, requests, orderers, flt, status, want, mode):
    case = _case(repo, requests, orderers, flt, mode)
    excluded = case_excluded(rez_oracle, case)
    for lazy in (False, True):
        result, problems = solve_case(pyrer_mod, case, lazy=lazy, excluded=excluded)
        assert not problems, problems
        assert result.status == status, (label, result.failure_description)
        if status == "solved":
            assert pyrer_outcome(result)["resolved"] == want
        else:
            assert want in result.failure_description, result.failure_description
    rez = rez_outcome(rez_oracle, case)
    assert rez["status"] == status, (label, rez)
    if status == "solved":
        assert rez["resolved"] == want
        assert rez["num_solves"] == result.num_iterations
