"""Turns pyrer results into the oracle's outcome shape and lists the differences from rez's."""

from __future__ import annotations

import json

from tests.differential.rez_oracle import variant_str

SKIP_REASON = "pyrer.solve is not available yet (build the extension with `maturin develop`)"


def load_pyrer():
    """The pyrer module if it exposes `solve`, else None."""
    try:
        import pyrer
    except ImportError:
        return None
    return pyrer if callable(getattr(pyrer, "solve", None)) else None


def require_pyrer():
    """The pyrer module, or skip the calling test with a clear reason."""
    import pytest

    mod = load_pyrer()
    if mod is None:
        pytest.skip(SKIP_REASON)
    return mod


def repo_rows(repo: dict) -> list:
    """{family: [(version, requires, variants), ...]} -> [[name, version, requires, variants], ...]."""
    return [[fam, v, list(r), None if var is None else [list(x) for x in var]]
            for fam, pkgs in repo.items() for v, r, var in pkgs]


def package_data(pyrer, rows, timestamps=None, excluded=()) -> list:
    """pyrer.PackageData objects from [name, version, requires, variants-or-None] rows, with the
    release times of `timestamps` ({family: {version: t}}) and `excluded` {(family, version)}."""
    stamps = timestamps or {}
    return [pyrer.PackageData(name, version, requires, variants,
                              timestamp=stamps.get(name, {}).get(version),
                              excluded=(name, version) in excluded)
            for name, version, requires, variants in rows]


def pyrer_outcome(result) -> dict:
    """A pyrer SolveResult in the oracle's outcome shape (see rez_oracle)."""
    return {
        "status": result.status,
        "resolved": [variant_str(v.name, v.version, v.variant_index) for v in result.resolved_packages],
        "ephemerals": list(result.resolved_ephemerals),
        "num_solves": result.num_iterations,
        "failure_type": None,
        "failure": result.failure_description,
        "time_s": result.solve_time_ms / 1000.0,
    }


def differences(rez: dict, ours: dict) -> list:
    """What differs between two outcomes: status, ordered resolve, ephemerals, and the number of
    solve steps (only for solved/failed: where rez raises, its step count is not meaningful)."""
    out = []
    if rez["status"] != ours["status"]:
        out.append("status: rez %r, pyrer %r" % (rez["status"], ours["status"]))
    for key in ("resolved", "ephemerals"):
        if list(rez[key]) != list(ours[key]):
            out.append("%s: rez %s, pyrer %s" % (key, rez[key], ours[key]))
    if (rez["status"] == ours["status"] and rez["status"] in ("solved", "failed")
            and rez["num_solves"] is not None and rez["num_solves"] != ours["num_solves"]):
        out.append("num_solves: rez %s, pyrer num_iterations %s" % (rez["num_solves"], ours["num_solves"]))
    return out


def shape_problems(result) -> list:
    """Contract checks on one SolveResult that hold whatever the outcome (pyrer-api.md)."""
    out = []
    if result.status not in ("solved", "failed", "error"):
        out.append("status %r" % result.status)
    rvs = list(result.resolved_packages)
    if [tuple(t) for t in result.resolved] != [(v.name, v.version, v.variant_index) for v in rvs]:
        out.append("resolved tuples %r disagree with resolved_packages" % (result.resolved,))
    for v in rvs:
        if not v.version:
            continue  # the contract does not spell out an unversioned package's uri
        want = "%s/%s/package.py%s" % (v.name, v.version, "" if v.variant_index is None
                                        else "[%d]" % v.variant_index)
        if v.uri != want:
            out.append("uri %r, expected %r" % (v.uri, want))
    if result.status == "solved" and result.failure_description is not None:
        out.append("failure_description set on a solved result")
    if result.status != "solved":
        if rvs or list(result.resolved_ephemerals):
            out.append("a %s result carries a resolve" % result.status)
        if not result.failure_description:
            out.append("no failure_description on a %s result" % result.status)
    return out


def reproduction(repo: dict, requests, mode, rez: dict, ours: dict, **extra) -> str:
    """A self-contained text to paste into regressions.json or a bug report."""
    case = {"repo": {f: [list(p) for p in pkgs] for f, pkgs in repo.items()},
            "requests": list(requests), "mode": mode, **extra}
    strip = lambda o: {k: v for k, v in o.items() if k != "time_s"}  # noqa: E731
    return "case: %s\nrez:   %s\npyrer: %s" % (json.dumps(case), json.dumps(strip(rez)),
                                              json.dumps(strip(ours)))


def solve_case(pyrer, case: dict, *, lazy: bool = False, excluded=()):
    """pyrer's SolveResult for a generated case; with `lazy`, every family goes through
    load_family. `excluded`: the (family, version) pairs the case's package filter hides.
    Returns (result, problems) where problems lists contract breaches seen."""
    rows = repo_rows(case["repo"])
    kwargs = {"variant_select_mode": case["mode"]}
    if not case.get("error_on_missing_variant_requires", True):
        kwargs["error_on_missing_variant_requires"] = False
    if case.get("orderers") is not None:
        kwargs["package_orderers"] = case["orderers"]
    data = package_data(pyrer, rows, case.get("timestamps"), excluded)
    problems = []
    if lazy:
        by_family, asked = {}, []
        for pd in data:
            by_family.setdefault(pd.name, []).append(pd)

        def load_family(name):
            asked.append(name)
            return list(by_family.get(name, []))

        result = pyrer.solve(list(case["requests"]), None, load_family=load_family, **kwargs)
        again = sorted({n for n in asked if asked.count(n) > 1})
        if again:
            problems.append("load_family asked more than once for %s" % again)
    else:
        result = pyrer.solve(list(case["requests"]), data, **kwargs)
    return result, problems + shape_problems(result)


def rez_outcome(oracle, case: dict) -> dict:
    """rez's outcome for a case (with its orderers, package filter and timestamps, if any)."""
    return oracle.solve_memory(case["repo"], list(case["requests"]), case["mode"],
                               case.get("error_on_missing_variant_requires", True),
                               orderers=case.get("orderers"), package_filter=case.get("package_filter"),
                               timestamps=case.get("timestamps"))


def case_excluded(oracle, case: dict) -> set:
    """What the case's package filter hides, as rez evaluates it."""
    if not case.get("package_filter"):
        return set()
    return oracle.excluded(case["repo"], case["package_filter"], case.get("timestamps"))


def run_case(oracle, pyrer, case: dict, *, lazy: bool = False):
    """(rez outcome, pyrer outcome, list of differences) for one generated case."""
    rez = rez_outcome(oracle, case)
    result, problems = solve_case(pyrer, case, lazy=lazy, excluded=case_excluded(oracle, case))
    ours = pyrer_outcome(result)
    return rez, ours, differences(rez, ours) + problems


def _kind(diffs: list) -> set:
    return {d.split(":")[0] for d in diffs}


def _smaller(case: dict):
    """Candidate cases with one thing removed, biggest cuts first."""
    repo, reqs = case["repo"], list(case["requests"])
    for fam in list(repo):
        yield dict(case, repo={f: p for f, p in repo.items() if f != fam})
    for i in range(len(reqs)):
        if len(reqs) > 1:
            yield dict(case, requests=reqs[:i] + reqs[i + 1:])
    for fam, pkgs in repo.items():
        for j in range(len(pkgs)):
            if len(pkgs) > 1:
                yield dict(case, repo=dict(repo, **{fam: pkgs[:j] + pkgs[j + 1:]}))
    for fam, pkgs in repo.items():
        for j, (version, requires, variants) in enumerate(pkgs):
            def with_pkg(pkg):
                return dict(case, repo=dict(repo, **{fam: pkgs[:j] + [pkg] + pkgs[j + 1:]}))
            if variants is not None:
                yield with_pkg([version, requires, None])
                for k in range(len(variants)):
                    if len(variants) > 1:
                        yield with_pkg([version, requires, variants[:k] + variants[k + 1:]])
                    for m in range(len(variants[k])):
                        var = variants[k][:m] + variants[k][m + 1:]
                        yield with_pkg([version, requires, variants[:k] + [var] + variants[k + 1:]])
            for m in range(len(requires)):
                yield with_pkg([version, requires[:m] + requires[m + 1:], variants])


def shrink(oracle, pyrer, case: dict, diffs: list, *, lazy: bool = False, budget: int = 500) -> dict:
    """Greedily remove families, requests, packages, variants and requirements while the same
    kind of disagreement remains; returns the smallest case found within `budget` runs."""
    kind = _kind(diffs)
    progress = True
    while progress and budget > 0:
        progress = False
        for cand in _smaller(case):
            budget -= 1
            try:
                _, _, d = run_case(oracle, pyrer, cand, lazy=lazy)
            except Exception:  # e.g. TypeError from pyrer on a malformed candidate
                d = []
            if d and _kind(d) == kind:
                case, progress = cand, True
                break
            if budget <= 0:
                break
    return case
