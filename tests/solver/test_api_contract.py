"""The `pyrer.solve` contract: statuses for bad input, TypeError only for wrong types, lazy loading."""

from __future__ import annotations

import pytest

pyrer = pytest.importorskip("pyrer")
PD = pyrer.PackageData

REPO = [
    PD("python", "2.7.0"),
    PD("python", "3.11.0"),
    PD("maya", "2024.1", ["python-2.7"]),
    PD("nuke", "14.0", ["python-3"], [["lib-1"], ["lib-2"]]),
    PD("lib", "1"),
    PD("lib", "2"),
]

ERROR_CASES = [
    ("unparsable request", ["maya-"], [PD("maya", "1")], None),
    ("unparsable request range", ["maya-1..2..3"], REPO, "invalid request"),
    ("invalid version", ["foo"], [PD("foo", "1..2")], "invalid version"),
    ("invalid requirement", ["foo"], [PD("foo", "1", ["bar--1"])], "invalid requirement"),
    ("invalid variant requirement", ["foo"], [PD("foo", "1", [], [["bar-**"]])], "invalid requirement"),
    ("duplicate versions", ["foo"], [PD("foo", "1.0"), PD("foo", "1-0")], "duplicate"),
    ("unknown family", ["nope"], REPO, "nope"),
    ("no version in range", ["python-9"], REPO, "python-9"),
]


@pytest.mark.parametrize("label,request_,packages,fragment", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_bad_input_is_status_error(label, request_, packages, fragment):
    result = pyrer.solve(request_, packages)
    if label == "unparsable request":
        # rez parses `maya-` as "any maya": not an error at all.
        assert result.status == "solved"
        return
    assert result.status == "error", (label, result.failure_description)
    assert result.resolved_packages == [] and result.failure_description
    if fragment:
        assert fragment in result.failure_description


def test_conflict_is_status_failed_and_names_both_sides():
    result = pyrer.solve(["maya", "python-3"], REPO)
    assert result.status == "failed"
    assert "python" in result.failure_description and "<--!-->" in result.failure_description


@pytest.mark.parametrize("bad", [1, "maya", [1], None])
def test_wrong_request_types_raise_type_error(bad):
    if bad is None:
        with pytest.raises(TypeError):
            pyrer.solve(bad, REPO)
        return
    with pytest.raises(TypeError):
        pyrer.solve(bad, REPO)


@pytest.mark.parametrize("bad", [1, "python", [1], [object()]])
def test_wrong_package_types_raise_type_error(bad):
    with pytest.raises(TypeError):
        pyrer.solve(["python"], bad)


def test_unknown_variant_select_mode_raises_value_error():
    with pytest.raises(ValueError):
        pyrer.solve(["python"], REPO, variant_select_mode="newest")


def test_load_family_is_lazy_and_called_once_per_family():
    calls = []
    by_name = {}
    for p in REPO:
        by_name.setdefault(p.name, []).append(p)

    def load(name):
        calls.append(name)
        return by_name.get(name, [])

    result = pyrer.solve(["nuke", "maya"], load_family=load)
    assert result.status == "failed"  # maya needs python-2.7, nuke python-3
    assert sorted(calls) == sorted(set(calls))
    result = pyrer.solve(["nuke"], load_family=lambda n: (calls.append(n), by_name.get(n, []))[1])
    assert result.status == "solved"
    assert "maya" not in calls[-3:]


def test_packages_are_preseeded_and_never_asked_for():
    asked = []
    result = pyrer.solve(["maya"], REPO, load_family=lambda n: asked.append(n) or [])
    assert result.status == "solved" and asked == []


@pytest.mark.parametrize(
    "junk",
    [lambda n: 1 / 0, lambda n: 42, lambda n: ["not a PackageData"], lambda n: [PD(n, "1"), PD(n, "1")]],
    ids=["raises", "not iterable", "wrong items", "duplicates"],
)
def test_callback_junk_is_status_error(junk):
    result = pyrer.solve(["foo"], load_family=junk)
    assert result.status == "error" and result.failure_description


def test_callback_entries_of_other_families_are_dropped():
    result = pyrer.solve(["foo"], load_family=lambda n: [PD(n, "1"), PD("other", "2")])
    assert result.status == "solved" and [str(v) for v in result.resolved_packages] == ["foo-1[]"]


def test_two_argument_callback_gets_version_range_keyword():
    seen = []

    def load(name, version_range=None):
        seen.append((name, version_range))
        return [PD(name, "1")]

    assert pyrer.solve(["foo"], load_family=load).status == "solved"
    assert seen and seen[0][0] == "foo"


def test_result_shapes():
    result = pyrer.solve(["nuke", ".feat-2+"], REPO)
    assert result.status == "solved"
    # rez 3.4.0 gives lib-2[] python-3.11.0[] nuke-14.0[1] (dependencies first, then by name)
    assert result.resolved == [("lib", "2", None), ("python", "3.11.0", None), ("nuke", "14.0", 1)]
    assert result.resolved_ephemerals == [".feat-2+"]
    nuke = result.resolved_packages[-1]
    assert (nuke.name, nuke.version, nuke.variant_index, nuke.uri) == ("nuke", "14.0", 1, "nuke/14.0/package.py[1]")
    assert nuke.requires == ["python-3", "lib-2"]
    assert repr(nuke) == "ResolvedVariant(nuke-14.0[1])"
    assert result.num_iterations >= 1 and result.solve_time_ms >= 0 and result.failure_description is None


def test_repository_handle_gives_the_same_answers():
    repo = pyrer.Repository(REPO)
    for request in (["nuke"], ["maya"], ["maya", "python-3"], ["nope"]):
        a, b = pyrer.solve(request, REPO), pyrer.solve(request, repo)
        assert (a.status, a.resolved, a.failure_description) == (b.status, b.resolved, b.failure_description)


def test_max_iterations_stops_the_solve_as_aborted():
    result = pyrer.solve(["nuke"], REPO, max_iterations=0)
    assert result.status == "failed" and result.aborted and "max_iterations" in result.failure_description
