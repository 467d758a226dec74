"""Which paths the server's own repository watcher reacts to."""

from __future__ import annotations

import os

import pytest

from pyrer_ls.watcher import matters, watch_plan

ROOT = os.path.join(os.sep, "studio", "packages")


@pytest.mark.parametrize("rel, expected", [
    ("maya/2024.0/package.py", True),
    ("maya/package.py", True),
    ("maya", True),  # a new family folder
    ("maya/2024.0", True),  # a new version folder
    ("maya/2024.0/python/lib.py", False),
    ("maya/2024.0/build/x.txt", False),
    (".git", False),
    ("maya/.hidden", False),
])
def test_watched_paths(rel, expected):
    assert matters(os.path.join(ROOT, rel), [ROOT]) is expected


def test_outside_every_root():
    assert not matters(os.path.join(os.sep, "elsewhere", "maya"), [ROOT])


def test_watch_plan_small_repositories_recursive_large_ones_per_family(tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    for i in range(3):
        (small / ("fam%d" % i) / "1.0").mkdir(parents=True)
    for i in range(5):
        (large / ("fam%d" % i) / "1.0").mkdir(parents=True)
    deep, shallow = watch_plan([str(small), str(large), str(tmp_path / "missing")], max_families=4)
    assert deep == [str(small)]
    assert sorted(shallow) == sorted([str(large)] + [str(large / ("fam%d" % i)) for i in range(5)])
