"""pyrer.rez's package loading: rez's listing, static reads, the persistent cache, filters, build requires."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import time

import pytest

from tests.rez_integration.conftest import GOLDEN


def _loader(paths, **kwargs):
    """A loader without the persistent cache (the cache has its own test) and, unless given, without
    any package filter (whatever the user's rez config says)."""
    from pyrer.rez import RezFamilyLoader

    kwargs.setdefault("cache", None)
    kwargs.setdefault("package_filter", None)
    return RezFamilyLoader(paths, **kwargs)


def _as_rows(packages):
    return {(p.name, p.version): (list(p.requires), [list(v) for v in p.variants]) for p in packages}


def test_import_pyrer_never_imports_rez():
    code = ("import sys, pyrer, pyrer.rez, pyrer.cli, pyrer.rez.diff, pyrer.rez.hook; "
            "print(sorted(m for m in sys.modules if m == 'rez' or m.startswith('rez.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_eager_load_matches_rez_on_the_benchmark_repository(bench_repo):
    from pyrer.rez import packages_from_rez

    with gzip.open(os.path.join(GOLDEN, "benchmark_packages.json.gz"), "rt") as f:
        rows = json.load(f)["packages"]  # recorded from rez's own loader
    expected = {(n, v): (r, [] if var is None else var) for n, v, r, var in rows}
    got = _as_rows(packages_from_rez([bench_repo], package_filter=None, cache=None))
    assert len(got) == len(expected) == 18226
    assert got == expected


def test_lazy_loader_reads_only_the_families_the_solve_needs(bench_repo, bench_requests, golden):
    import pyrer

    loader = _loader([bench_repo])
    result = pyrer.solve(bench_requests[0], load_family=loader.load_family)
    assert result.status == "solved"
    assert [str(v) for v in result.resolved_packages] == golden["cases"][0]["version_priority"]["resolved"]
    assert loader.stats.families < 50  # of 1,266
    assert loader.stats.files_read == loader.stats.packages


def test_persistent_cache_survives_processes_and_tracks_changes(make_repo, tmp_path):
    from pyrer.rez import PackageFileCache, RezFamilyLoader

    repo = make_repo({"a-1.0": 'requires = ["b"]\n', "a-2.0": 'requires = ["b-2"]\n', "b-2": ""})
    cache_dir = str(tmp_path / "cache")

    def load():
        loader = RezFamilyLoader([repo], package_filter=None, cache=PackageFileCache(cache_dir))
        data = _as_rows(loader.load_family("a"))
        loader.flush()
        return data, loader.stats

    data, stats = load()
    assert data == {("a", "1.0"): (["b"], []), ("a", "2.0"): (["b-2"], [])}
    assert (stats.files_read, stats.cache_hits) == (2, 0)
    data, stats = load()
    assert (stats.files_read, stats.cache_hits) == (0, 2)

    # an edited file is read again (different stamp), the other one is not
    time.sleep(0.01)
    with open(os.path.join(repo, "a", "2.0", "package.py"), "a") as f:
        f.write('requires = ["b-3"]\n')
    data, stats = load()
    assert data[("a", "2.0")] == (["b-3"], [])
    assert (stats.files_read, stats.cache_hits) == (1, 1)

    # a new version directory appears, a removed one disappears
    os.makedirs(os.path.join(repo, "a", "3.0"))
    with open(os.path.join(repo, "a", "3.0", "package.py"), "w") as f:
        f.write('name = "a"\nversion = "3.0"\n')
    import shutil

    shutil.rmtree(os.path.join(repo, "a", "1.0"))
    from rez.package_repository import package_repository_manager

    package_repository_manager.clear_caches()  # rez's own in-process listing cache
    data, stats = load()
    assert sorted(data) == [("a", "2.0"), ("a", "3.0")]
    assert (stats.files_read, stats.cache_hits) == (1, 1)


def test_computed_packages_are_loaded_by_rez_and_late_requires_refused(make_repo):
    from pyrer.rez import LateBoundRequirements

    repo = make_repo({
        "early-1": """
            @early()
            def requires():
                return ["dep-" + "1"]
            """,
        "late-1": """
            @late()
            def requires():
                return ["dep-2"] if in_context() else ["dep-1"]
            """,
        "dep-1": "",
    })
    loader = _loader([repo])
    assert _as_rows(loader.load_family("early")) == {("early", "1"): (["dep-1"], [])}
    assert loader.stats.rez_loads == 1
    with pytest.raises(LateBoundRequirements):
        loader.load_family("late")


def test_package_filter_applied_in_the_loader_without_loading_packages(make_repo):
    from rez.package_filter import PackageFilterList, RegexRule, TimestampRule

    repo = make_repo({
        "a-1.0": "timestamp = 100\n",
        "a-2.0": "timestamp = 200\n",
        "a-3.0.beta": "timestamp = 300\n",
    })
    flt = PackageFilterList()
    flt.add_exclusion(RegexRule(r".*\.beta"))
    loader = _loader([repo], package_filter=flt)
    assert _kept(loader.load_family("a")) == [("a", "1.0"), ("a", "2.0")]
    assert _hidden(loader.load_family("a")) == [("a", "3.0.beta", None)]  # its file is not read

    flt.add_exclusion(TimestampRule.after(150))
    loader = _loader([repo], package_filter=flt)
    assert _kept(loader.load_family("a")) == [("a", "1.0")]
    assert loader.stats.rez_loads == 0  # timestamps read statically

    # every package hidden: the family exists, the solver says what rez says
    flt = PackageFilterList()
    flt.add_exclusion(RegexRule("a-.*"))
    loader = _loader([repo], package_filter=flt, timestamps=True)
    assert _hidden(loader.load_family("a")) == [("a", "1.0", 100), ("a", "2.0", 200), ("a", "3.0.beta", 300)]
    import pyrer

    result = pyrer.solve(["a"], load_family=loader.load_family)
    assert result.status == "error"
    assert result.failure_description == "PackageNotFoundError: Package could not be found: a"


def _kept(packages):
    return sorted((p.name, p.version) for p in packages if not p.excluded)


def _hidden(packages):
    return sorted((p.name, p.version, p.timestamp) for p in packages if p.excluded)


def test_timestamps_loaded_when_orderers_need_them(make_repo):
    repo = make_repo({
        "a-1.0": "timestamp = 100\n",
        "a-2.0": "import os\ntimestamp = 200\n",  # computed: rez loads it
        "a-3.0": "",
    })
    plain = _loader([repo]).load_family("a")
    assert sorted((p.version, p.timestamp) for p in plain) == [("1.0", 100), ("2.0", 200), ("3.0", None)]
    loader = _loader([repo], timestamps=True)
    assert sorted((p.version, p.timestamp) for p in loader.load_family("a")) == \
        [("1.0", 100), ("2.0", 200), ("3.0", None)]


def test_unknown_filter_rules_are_reported():
    from rez.package_filter import PackageFilterList, Rule

    from pyrer.rez import UnsupportedFilter
    from pyrer.rez.filters import static_filter, unsupported_reason

    class OddRule(Rule):
        name = "odd"
        _family = None

        def match(self, package):
            return False

        def cost(self):
            return 1

    flt = PackageFilterList()
    flt.add_exclusion(OddRule())
    assert "OddRule" in unsupported_reason(flt)
    with pytest.raises(UnsupportedFilter):
        static_filter(flt)
    assert unsupported_reason(PackageFilterList()) is None


def test_building_appends_build_requires_like_rez(make_repo):
    repo = make_repo({
        "tool-1": 'requires = ["a"]\nbuild_requires = ["cmake"]\nvariants = [["py-2"], ["py-3"]]\n',
        "lib-1": 'requires = ["a"]\nbuild_requires = ["cmake"]\nprivate_build_requires = ["gcc"]\n',
    })
    plain = _as_rows(_loader([repo]).load_family("tool"))
    assert plain == {("tool", "1"): (["a"], [["py-2"], ["py-3"]])}
    building = _loader([repo], building=True)
    assert _as_rows(building.load_family("tool")) == {("tool", "1"): (["a"], [["py-2", "cmake"], ["py-3", "cmake"]])}
    assert _as_rows(building.load_family("lib")) == {("lib", "1"): (["a", "cmake"], [])}
    # rez's own view of the same variants
    for index, expected in ((0, ["a", "py-2", "cmake"]), (1, ["a", "py-3", "cmake"])):
        variant = building.package("tool", "1").get_variant(index)
        assert [str(r) for r in variant.get_requires(build_requires=True)] == expected


def test_shadowed_versions_and_package_paths_order(make_repo):
    first = make_repo({"a-1.0": 'requires = ["x"]\n'})
    second = make_repo({"a-1.0": 'requires = ["y"]\n', "a-2.0": ""})
    rows = _as_rows(_loader([first, second]).load_family("a"))
    assert rows == {("a", "1.0"): (["x"], []), ("a", "2.0"): ([], [])}


def test_resolve_to_rez_variants(make_repo):
    import pyrer
    from pyrer.rez import RezFamilyLoader, resolve_to_rez_variants

    repo = make_repo({"app-1": 'variants = [["lib-1"], ["lib-2"]]\n', "lib-2": "", "lib-1": ""})
    loader = RezFamilyLoader([repo], package_filter=None, cache=None)
    result = pyrer.solve(["app", "lib-2"], load_family=loader.load_family)
    for variants in (resolve_to_rez_variants(result, [repo]), resolve_to_rez_variants(result, loader=loader)):
        assert [(v.name, str(v.version), v.index) for v in variants] == [("lib", "2", None), ("app", "1", 1)]
        assert variants[0].parent.get_variant(None) is not None
    with pytest.raises(ValueError):
        resolve_to_rez_variants(pyrer.solve(["lib-3"], load_family=loader.load_family), [repo])


def test_a_damaged_cache_file_is_replaced(tmp_path):
    from pyrer.rez import PackageFileCache

    cache = PackageFileCache(str(tmp_path))
    cache.store("/fam", [("/fam/1/package.py", "1:2:3:4", {"requires": []})])
    cache.close()
    with open(cache.path, "wb") as f:
        f.write(b"not a database" * 100)
    again = PackageFileCache(str(tmp_path))
    assert again.family("/fam") == {}
    again.store("/fam", [("/fam/1/package.py", "1:2:3:4", {"requires": ["x"]})])
    assert again.family("/fam") == {"/fam/1/package.py": ("1:2:3:4", {"requires": ["x"]})}
