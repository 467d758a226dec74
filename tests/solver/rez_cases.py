"""rez 3.4.0's solver test cases (rez/tests/test_solver.py) plus documented edge cases, as data tables."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from tests.differential.compare import repo_rows

MODES = ("version_priority", "intersection_priority")
GOLDEN_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden")
REZ_TEST_REPO = "rez_test"  # tests/golden/rez_test_packages.json (rez/data/tests/solver/packages)


@dataclass(frozen=True)
class Case:
    """One request against one repository, with rez's outcome in the given modes."""

    source: str  # test_NN of rez's test_solver.py, "spec" (rez-solver.md on rez's test repo), "tiny"
    requests: tuple
    status: str  # "solved" | "failed" | "error"
    resolved: tuple  # rez's str(variant), in resolved_packages order
    ephemerals: tuple  # str() of resolved_ephemerals, in rez's order
    num_solves: int | None  # rez's Solver.num_solves
    failure_type: str | None  # failure reason class, or the exception rez raised
    modes: tuple
    error_on_missing_variant_requires: bool
    repo: str  # REZ_TEST_REPO or a key of TINY_REPOS

    @property
    def id(self) -> str:
        flag = "" if self.error_on_missing_variant_requires else ",no-missing-error"
        repo = "" if self.repo == REZ_TEST_REPO else self.repo + ":"
        return "%s[%s%s%s]" % (self.source, repo, " ".join(self.requests) or "-", flag)


def C(source, requests, status, resolved, ephemerals="", num_solves=None, failure_type=None,
      repo=REZ_TEST_REPO, mode=None, error_on_missing_variant_requires=True) -> Case:
    """A table row; strings are space separated, `mode=None` means the same outcome in both modes."""
    return Case(source, tuple(requests.split()), status, tuple(resolved.split()),
                tuple(ephemerals.split()), num_solves, failure_type,
                MODES if mode is None else (mode,), error_on_missing_variant_requires, repo)


# Small repositories for behaviours of rez-solver.md §6 and §14: {family: [(version, requires, variants)]}
TINY_REPOS = {
    "later_name": {"x": [("1", [], [["aaa"], ["zzz"]])], "aaa": [("1", [], None)], "zzz": [("1", [], None)]},
    "unconstrained_lowest": {"x": [("1", [], [["p"], ["p-1"]])], "p": [("1", [], None), ("2", [], None)]},
    "conflict_only_variants": {"x": [("1", [], [["!a"], ["!b"]])], "a": [("1", [], None)], "b": [("1", [], None)]},
    "missing_version_first": {"a": [("1", [], None), ("2", ["c-9"], None)], "c": [("1", [], None)]},
    "internal_conflict": {"a": [("1", [], None), ("2", ["b-1"], [["b-2"]])], "b": [("1", [], None), ("2", [], None)]},
    "exclusive_bound": {"a": [("2", [], None)]},
    "cycle_no_retry": {"a": [("1", [], None), ("2", ["b"], None)], "b": [("1", ["a"], None)]},
    "token_order": {"foo": [("1A", [], None), ("1_", [], None), ("1a", [], None), ("1", [], None), ("1.0", [], None), ("01", [], None), ("10", [], None), ("1_0", [], None), ("1Z.5", [], None)]},
    "unversioned_lowest": {"foo": [("", [], None)], "bar": [("1", ["foo<1"], None), ("2", ["foo-1+"], None)]},
    "empty_variant": {"x": [("1", ["y"], [[]])], "y": [("1", [], None)]},
    "missing_in_variant": {"x": [("1", [], [["ghost"], ["y"]]), ("2", [], [["ghost"]])], "y": [("1", [], None)]},
    "additional_cross_family": {"x": [("1", [], [["p-2", "q-1"], ["q-3", "p-1"]])], "p": [("1", [], None), ("2", [], None)], "q": [("1", [], None), ("3", [], None)]},
    "fewer_additional": {"x": [("1", [], [["p", "q"], ["p"]])], "p": [("1", [], None)], "q": [("1", [], None)]},
    "intersection_vs_version": {"x": [("1", [], [["p-2"], ["p-1", "q"]])], "p": [("1", [], None), ("2", [], None)], "q": [("1", [], None)]},
    "conflict_in_requested_key": {"x": [("1", [], [["!p-1"], []])], "p": [("1", [], None), ("2", [], None)]},
    "weak_no_range_in_requested_key": {"x": [("1", [], [["~p"], ["p-2"]])], "p": [("1", [], None), ("2", [], None)]},
}


# Every expected value below was produced by rez 3.4.0's Solver; test_tables_match_rez re-checks them.
CASES = [
    C('test_01', '', 'solved', '', num_solves=1),
    C('test_01', 'nada', 'solved', 'nada[]', num_solves=1),
    C('test_01', '!nada', 'solved', '', num_solves=1),
    C('test_01', '~nada', 'solved', '', num_solves=1),
    C('test_01', '.foo-1', 'solved', '', ephemerals='.foo-1', num_solves=1),
    C('test_01', '!.bah', 'solved', '', num_solves=1),
    C('test_01', '!.bah-2.5+', 'solved', '', num_solves=1),
    C('test_01', 'python', 'solved', 'python-2.7.0[]', num_solves=2),
    C('test_01', '~python-2+', 'solved', '', num_solves=1),
    C('test_01', '~python', 'solved', '', num_solves=1),
    C('test_01', '!python-2.5', 'solved', '', num_solves=1),
    C('test_01', '!python', 'solved', '', num_solves=1),
    C('test_02', 'nada ~nada', 'solved', 'nada[]', num_solves=1),
    C('test_02', 'nopy', 'solved', 'nopy-2.1[]', num_solves=1),
    C('test_02', 'python-2.6', 'solved', 'python-2.6.8[]', num_solves=2),
    C('test_02', 'python-2.6 !python-2.6.8', 'solved', 'python-2.6.0[]', num_solves=1),
    C('test_02', 'python-2.6 python-2.6.5+', 'solved', 'python-2.6.8[]', num_solves=1),
    C('test_02', 'python python-0+<2.6', 'solved', 'python-2.5.2[]', num_solves=1),
    C('test_02', 'python python-0+<2.6.8', 'solved', 'python-2.6.0[]', num_solves=2),
    C('test_02', 'python ~python-2.7+', 'solved', 'python-2.7.0[]', num_solves=1),
    C('test_02', '!python-2.6+ python', 'solved', 'python-2.5.2[]', num_solves=1),
    C('test_03', 'nada !nada', 'failed', '', num_solves=0, failure_type='DependencyConflicts'),
    C('test_03', 'python-2.6 ~python-2.7', 'failed', '', num_solves=0, failure_type='DependencyConflicts'),
    C('test_03', 'pyfoo nada !nada', 'failed', '', num_solves=0, failure_type='DependencyConflicts'),
    C('test_03', '.foo-1 .foo-2', 'failed', '', num_solves=0, failure_type='DependencyConflicts'),
    C('test_03', '.foo-2.5 !.foo-2', 'failed', '', num_solves=0, failure_type='DependencyConflicts'),
    C('test_04', 'pybah !python', 'failed', '', num_solves=1, failure_type='DependencyConflicts'),
    C('test_04', 'pyfoo-3.1 python-2.7+', 'failed', '', num_solves=1, failure_type='DependencyConflicts'),
    C('test_04', 'pyodd<2 python-2.7', 'failed', '', num_solves=1, failure_type='DependencyConflicts'),
    C('test_04', 'nopy python-2.5.2', 'failed', '', num_solves=1, failure_type='TotalReduction'),
    C('test_05', 'bahish pybah<5', 'failed', '', num_solves=1, failure_type='TotalReduction'),
    C('test_05', 'pybah-4 pyfoo-3.0', 'failed', '', num_solves=1, failure_type='DependencyConflicts'),
    C('test_06', 'nada nopy', 'solved', 'nada[] nopy-2.1[]', num_solves=1),
    C('test_06', 'pyfoo', 'solved', 'python-2.6.8[] pyfoo-3.1.0[]', num_solves=3),
    C('test_06', 'pyfoo-3.0', 'solved', 'python-2.5.2[] pyfoo-3.0.0[]', ephemerals='.eek-3+', num_solves=1),
    C('test_06', 'pyfoo-3.0 .eek-4.5', 'solved', 'python-2.5.2[] pyfoo-3.0.0[]', ephemerals='.eek-4.5', num_solves=1),
    C('test_06', 'pybah', 'solved', 'python-2.5.2[] pybah-5[]', num_solves=2),
    C('test_06', 'nopy python', 'solved', 'nopy-2.1[] python-2.7.0[]', num_solves=2),
    C('test_06', 'pybah !python-2.5', 'solved', 'python-2.6.8[] pybah-4[]', ephemerals='.eek-1', num_solves=2),
    C('test_06', 'pybah !python-2.5 python<2.6.8', 'solved', 'python-2.6.0[] pybah-4[]', ephemerals='.eek-1', num_solves=1),
    C('test_06', 'python pybah', 'solved', 'python-2.6.8[] pybah-4[]', ephemerals='.eek-1', num_solves=2),
    C('test_07', 'python pyodd', 'solved', 'python-2.6.8[] pybah-4[] pyodd-2[]', ephemerals='.eek-1', num_solves=7),
    C('test_07', 'pybah pyodd', 'solved', 'python-2.5.2[] pybah-5[] pyodd-2[]', num_solves=3),
    C('test_07', 'pysplit python-2.5', 'solved', 'pysplit-5[] python-2.5.2[]', num_solves=1),
    C('test_07', '~python<2.6 pysplit', 'solved', 'pysplit-5[]', num_solves=1),
    C('test_07', 'python bahish pybah', 'solved', 'python-2.5.2[] pybah-5[] bahish-2[]', num_solves=6),
    C('test_07', '.foo-2.5+ .foo-2', 'solved', '', ephemerals='.foo-2.5+<2_', num_solves=1),
    C('test_08', 'pymum-1', 'failed', '', num_solves=1, failure_type='Cycle'),
    C('test_08', 'pydad-1', 'failed', '', num_solves=1, failure_type='Cycle'),
    C('test_08', 'pyson-1', 'failed', '', num_solves=1, failure_type='Cycle'),
    C('test_08', 'pymum-3', 'failed', '', num_solves=1, failure_type='Cycle'),
    C('test_08', 'pydad-3', 'failed', '', num_solves=1, failure_type='Cycle'),
    C('test_08', 'pymum-2', 'failed', '', num_solves=1, failure_type='DependencyConflicts'),
    C('test_09_10', 'pyvariants python', 'solved', 'python-2.7.0[] pyvariants-2[0]', num_solves=3),
    C('test_09_10', 'pyvariants python nada', 'solved', 'python-2.7.0[] pyvariants-2[0] nada[]', num_solves=3, mode='version_priority'),
    C('test_09_10', 'pyvariants python nada', 'solved', 'python-2.6.8[] nada[] pyvariants-2[1]', num_solves=3, mode='intersection_priority'),
    C('test_11', 'test_variant_split_start', 'solved', 'test_variant_split_end-1.0[1] test_variant_split_mid2-2.0[0] test_variant_split_start-1.0[1]', num_solves=6),
    C('test_12', 'missing_variant_requires', 'error', '', num_solves=1, failure_type='PackageFamilyNotFoundError'),
    C('test_12', 'missing_variant_requires', 'solved', 'nada[] missing_variant_requires-1[1]', num_solves=3, error_on_missing_variant_requires=False),
    C('test_13', 'test_weakly_reference_requires test_variant_split_mid2-2', 'solved', 'test_weakly_reference_requires-2.0[] test_variant_split_end-3.0[0] test_variant_split_mid2-2.0[1]', num_solves=2),
    C('test_14', 'test_weakly_reference_variant-2.0 test_variant_split_mid2-2 pyfoo', 'solved', 'test_variant_split_end-1.0[1] test_variant_split_mid1-1.0[1] test_weakly_reference_variant-2.0[0] test_variant_split_mid2-2.0[0] python-2.6.8[] pyfoo-3.1.0[]', num_solves=3),
    C('spec', 'python==2.6', 'error', '', num_solves=None, failure_type='PackageNotFoundError'),
    C('spec', 'pyfoo-3.0 ~.eek', 'error', '', num_solves=0, failure_type='AttributeError'),
    C('spec', 'pyvariants nada', 'solved', 'nada[] pyvariants-2[3]', num_solves=3),
    C('spec', 'pyvariants', 'solved', 'python-2.7.0[] pyvariants-2[0]', num_solves=3),
    C('spec', 'nada python pyvariants', 'solved', 'nada[] python-2.7.0[] pyvariants-2[3]', num_solves=3),
    C('spec', 'noexist', 'error', '', num_solves=None, failure_type='PackageFamilyNotFoundError'),
    C('spec', 'noexist', 'error', '', num_solves=None, failure_type='PackageFamilyNotFoundError', error_on_missing_variant_requires=False),
    C('spec', '~noexist', 'solved', '', num_solves=1),
    C('spec', '!noexist', 'solved', '', num_solves=1),
    C('spec', 'python-99', 'error', '', num_solves=None, failure_type='PackageNotFoundError'),
    C('spec', 'nada-1', 'error', '', num_solves=None, failure_type='PackageNotFoundError'),
    C('spec', 'python>2.6.8', 'solved', 'python-2.7.0[]', num_solves=1),
    C('spec', 'python>2.7.0', 'error', '', num_solves=None, failure_type='PackageNotFoundError'),
    C('spec', 'python-2.6 !python-2.6', 'failed', '', num_solves=0, failure_type='DependencyConflicts'),
    C('spec', 'pyfoo-3.0 !.eek-3', 'solved', 'python-2.5.2[] pyfoo-3.0.0[]', ephemerals='.eek-3_+', num_solves=1),
    C('spec', 'pybah-4 !.eek', 'failed', '', num_solves=1, failure_type='DependencyConflicts'),
    C('spec', 'pyfoo .eek-1', 'solved', 'python-2.6.8[] pyfoo-3.1.0[]', ephemerals='.eek-1', num_solves=2),
    C('spec', 'pyodd-1', 'solved', 'python-2.6.8[] pyfoo-3.1.0[] pyodd-1[]', num_solves=3),
    C('spec', 'pyodd', 'solved', 'python-2.5.2[] pybah-5[] pyodd-2[]', num_solves=3),
    C('spec', 'python-2.6|2.7 !python-2.7', 'solved', 'python-2.6.8[]', num_solves=2),
    C('spec', 'python<=2.6.0', 'solved', 'python-2.6.0[]', num_solves=2),
    C('spec', 'python-2.5.2+<2.6.8', 'solved', 'python-2.6.0[]', num_solves=2),
    C('spec', 'python-2.6.0..2.6.8', 'solved', 'python-2.6.8[]', num_solves=2),
    C('spec', 'python>=2.6.8', 'solved', 'python-2.7.0[]', num_solves=2),
    C('spec', 'python>2.5.2<2.6.8', 'solved', 'python-2.6.0[]', num_solves=1),
    C('spec', '~python-2.6 pyfoo', 'solved', 'python-2.6.8[] pyfoo-3.1.0[]', num_solves=2),
    C('spec', 'pysplit', 'solved', 'python-2.7.0[] pysplit-7[]', num_solves=3),
    C('spec', 'pysplit !python', 'solved', 'pysplit-5[]', num_solves=1),
    C('spec', 'missing_variant_requires nada', 'solved', 'nada[] missing_variant_requires-1[1]', num_solves=2),
    C('spec', 'test_variant_split_mid1', 'solved', 'test_variant_split_end-4.0[0] test_variant_split_mid1-2.0[1]', num_solves=2),
    C('spec', 'test_variant_split_end', 'solved', 'test_variant_split_end-4.0[1]', num_solves=2),
    C('spec', 'test_weakly_reference_variant', 'solved', 'test_variant_split_end-4.0[0] test_variant_split_mid1-2.0[1] test_weakly_reference_variant-2.0[0]', num_solves=2),
    C('spec', 'bahish', 'solved', 'python-2.5.2[] pybah-5[] bahish-2[]', num_solves=2),
    C('tiny', 'x', 'solved', 'zzz-1[] x-1[1]', num_solves=2, repo='later_name'),
    C('tiny', 'x', 'solved', 'p-1[] x-1[1]', num_solves=2, repo='unconstrained_lowest'),
    C('tiny', 'x', 'solved', 'x-1[1]', num_solves=2, repo='conflict_only_variants'),
    C('tiny', 'a', 'error', '', num_solves=1, failure_type='PackageNotFoundError', repo='missing_version_first'),
    C('tiny', 'a-1', 'solved', 'a-1[]', num_solves=1, repo='missing_version_first'),
    C('tiny', 'a', 'error', '', num_solves=0, failure_type='ResolveError', repo='internal_conflict'),
    C('tiny', 'a-1', 'solved', 'a-1[]', num_solves=1, repo='internal_conflict'),
    C('tiny', 'a>2', 'error', '', num_solves=None, failure_type='PackageNotFoundError', repo='exclusive_bound'),
    C('tiny', 'a>=2', 'solved', 'a-2[]', num_solves=1, repo='exclusive_bound'),
    C('tiny', 'a', 'failed', '', num_solves=2, failure_type='Cycle', repo='cycle_no_retry'),
    C('tiny', 'a-1', 'solved', 'a-1[]', num_solves=1, repo='cycle_no_retry'),
    C('tiny', 'foo', 'solved', 'foo-10[]', num_solves=2, repo='token_order'),
    C('tiny', 'foo-1', 'solved', 'foo-1Z.5[]', num_solves=2, repo='token_order'),
    C('tiny', 'foo<1a', 'solved', 'foo-1_0[]', num_solves=2, repo='token_order'),
    C('tiny', 'foo<1_', 'solved', 'foo-1Z.5[]', num_solves=2, repo='token_order'),
    C('tiny', 'foo<1A', 'solved', 'foo-1.0[]', num_solves=2, repo='token_order'),
    C('tiny', 'foo-1+<1.0', 'solved', 'foo-1[]', num_solves=1, repo='token_order'),
    C('tiny', 'foo<10', 'solved', 'foo-1a[]', num_solves=2, repo='token_order'),
    C('tiny', 'foo==1', 'solved', 'foo-1[]', num_solves=1, repo='token_order'),
    C('tiny', 'foo<1', 'solved', 'foo-01[]', num_solves=1, repo='token_order'),
    C('tiny', 'foo', 'solved', 'foo[]', num_solves=1, repo='unversioned_lowest'),
    C('tiny', 'bar', 'solved', 'foo[] bar-1[]', num_solves=1, repo='unversioned_lowest'),
    C('tiny', 'foo==', 'solved', 'foo[]', num_solves=1, repo='unversioned_lowest'),
    C('tiny', 'foo<1', 'solved', 'foo[]', num_solves=1, repo='unversioned_lowest'),
    C('tiny', 'bar-1', 'solved', 'foo[] bar-1[]', num_solves=1, repo='unversioned_lowest'),
    C('tiny', 'foo-0', 'error', '', num_solves=None, failure_type='PackageNotFoundError', repo='unversioned_lowest'),
    C('tiny', 'x', 'solved', 'y-1[] x-1[0]', num_solves=1, repo='empty_variant'),
    C('tiny', 'x', 'error', '', num_solves=1, failure_type='PackageFamilyNotFoundError', repo='missing_in_variant'),
    C('tiny', 'x', 'solved', 'y-1[] x-1[1]', num_solves=4, repo='missing_in_variant', error_on_missing_variant_requires=False),
    C('tiny', 'x-1', 'solved', 'y-1[] x-1[1]', num_solves=2, repo='missing_in_variant'),
    C('tiny', 'x', 'solved', 'p-1[] q-3[] x-1[1]', num_solves=2, repo='additional_cross_family'),
    C('tiny', 'x', 'solved', 'p-1[] x-1[1]', num_solves=2, repo='fewer_additional'),
    C('tiny', 'x q', 'solved', 'q-1[] p-1[] x-1[1]', num_solves=2, repo='intersection_vs_version'),
    C('tiny', 'x', 'solved', 'p-2[] x-1[0]', num_solves=2, repo='intersection_vs_version'),
    C('tiny', 'x p q', 'solved', 'p-2[] x-1[0] q-1[]', num_solves=2, repo='intersection_vs_version', mode='version_priority'),
    C('tiny', 'x p q', 'solved', 'p-1[] q-1[] x-1[1]', num_solves=2, repo='intersection_vs_version', mode='intersection_priority'),
    C('tiny', 'q p x', 'solved', 'q-1[] p-2[] x-1[0]', num_solves=2, repo='intersection_vs_version'),
    C('tiny', 'x p', 'solved', 'x-1[0] p-2[]', num_solves=3, repo='conflict_in_requested_key'),
    C('tiny', 'x', 'solved', 'x-1[1]', num_solves=2, repo='conflict_in_requested_key'),
    C('tiny', 'p x', 'solved', 'p-2[] x-1[0]', num_solves=3, repo='conflict_in_requested_key'),
    C('tiny', 'x p', 'error', '', num_solves=0, failure_type='TypeError', repo='weak_no_range_in_requested_key'),
    C('tiny', 'x', 'solved', 'x-1[0]', num_solves=2, repo='weak_no_range_in_requested_key'),
]


def rez_test_rows() -> list:
    """[name, version, requires, variants-or-None] rows of rez's solver test repository."""
    with open(os.path.join(GOLDEN_DIR, "rez_test_packages.json")) as f:
        return json.load(f)["packages"]


def tiny_rows(name: str) -> list:
    """Rows of one of TINY_REPOS."""
    return repo_rows(TINY_REPOS[name])


def rows_for(case: Case) -> list:
    """Package rows of the repository a case runs against."""
    return rez_test_rows() if case.repo == REZ_TEST_REPO else tiny_rows(case.repo)


def expanded() -> list:
    """(case, mode) pairs, one per mode a case lists."""
    return [(c, m) for c in CASES for m in c.modes]
