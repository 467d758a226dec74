"""The static package.py reader over rez's 18,226-file benchmark repository, against what rez loads."""

from __future__ import annotations

import gzip
import json
import os
import tarfile

import pytest

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden")


@pytest.fixture(scope="module")
def benchmark_files(tmp_path_factory):
    """rez's benchmark repository unpacked from the rez wheel: {(name, version): path}."""
    import rez

    tarball = os.path.join(os.path.dirname(rez.__file__), "data", "benchmarking", "packages.tar.gz")
    root = tmp_path_factory.mktemp("bench")
    with tarfile.open(tarball) as tar:
        tar.extractall(root)
    files = {}
    for dirpath, _, names in os.walk(root):
        if "package.py" in names:
            rel = os.path.relpath(dirpath, root).split(os.sep)
            files[(rel[-2], rel[-1])] = os.path.join(dirpath, "package.py")
    return files


def test_every_file_matches_rez(benchmark_files):
    import pyrer

    with gzip.open(os.path.join(GOLDEN, "benchmark_packages.json.gz"), "rt") as f:
        rows = json.load(f)["packages"]
    expected = {(r[0], r[1]): r for r in rows}
    keys = sorted(benchmark_files)
    parsed = pyrer.parse_static_packages_py([benchmark_files[k] for k in keys])
    assert len(parsed) == len(keys) == len(expected) == 18226
    mismatches = []
    for key, data in zip(keys, parsed):
        name, version, requires, variants = expected[key]
        got = None if data is None else (data.name, data.version, data.requires, data.variants)
        want = (name, version, requires or [], variants or [])
        if got != want:
            mismatches.append((key, got, want))
    assert not mismatches, mismatches[:5]


def test_single_file_api():
    import pyrer

    data = pyrer.parse_static_package_py('name = "foo"\nversion = "1.0"\nrequires = ["bar-1+", \\\n  "baz"]\n')
    assert (data.name, data.version, data.requires, data.variants) == ("foo", "1.0", ["bar-1+", "baz"], [])
    assert pyrer.parse_static_package_py('name = "foo"\ndef requires():\n    return []\n') is None
    assert pyrer.parse_static_package_py(b"\xff\xfe not utf-8") is None
    assert pyrer.parse_static_packages_py(["/no/such/package.py"]) == [None]
