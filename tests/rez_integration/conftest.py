"""Fixtures for the rez integration tests: rez's benchmark repository, a locked rez config, small repos."""

from __future__ import annotations

import json
import os
import tarfile
import textwrap

import pytest

GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden")


def rez_data_dir() -> str:
    import rez

    return os.path.join(os.path.dirname(rez.__file__), "data", "benchmarking")


@pytest.fixture(scope="session")
def bench_repo(tmp_path_factory) -> str:
    """rez's 18,226-package benchmark repository, unpacked once."""
    root = tmp_path_factory.mktemp("bench")
    with tarfile.open(os.path.join(rez_data_dir(), "packages.tar.gz")) as tar:
        tar.extractall(root)
    return str(root / "packages")


@pytest.fixture(scope="session")
def bench_requests() -> list:
    with open(os.path.join(rez_data_dir(), "requests.json")) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def golden() -> dict:
    """rez 3.4.0's answers to the benchmark requests (tests/golden/benchmark_resolves.json)."""
    with open(os.path.join(GOLDEN, "benchmark_resolves.json")) as f:
        return json.load(f)


@pytest.fixture(autouse=True, scope="session")
def pyrer_cache_dir(tmp_path_factory):
    """Keep the persistent cache of these tests out of the user's ~/.cache."""
    path = str(tmp_path_factory.mktemp("pyrer-cache"))
    old = os.environ.get("PYRER_CACHE_DIR")
    os.environ["PYRER_CACHE_DIR"] = path
    yield path
    if old is None:
        os.environ.pop("PYRER_CACHE_DIR", None)
    else:
        os.environ["PYRER_CACHE_DIR"] = old


@pytest.fixture
def locked_rez():
    """rez's config shielded from user files and REZ_* variables, with no implicit packages (and
    no packages_path: tests name their repositories). Yields a function to override settings."""
    from rez.config import _create_locked_config, config
    from rez.package_repository import package_repository_manager

    locked = _create_locked_config({"packages_path": [], "implicit_packages": []})
    config._swap(locked)
    try:
        yield config.override
    finally:
        config._swap(locked)
        package_repository_manager.clear_caches()


@pytest.fixture
def shim():
    """The rez shim installed for one test; yields the shim module (its `last_outcome` tells
    whether pyrer solved)."""
    from pyrer.rez import shim as shim_module

    installed = shim_module.install()
    shim_module.last_outcome = None
    try:
        yield shim_module
    finally:
        if installed:
            shim_module.uninstall()


def write_repo(root, packages: dict) -> str:
    """Write package.py files: {"name-version" or "name": package.py body (dedented)}."""
    root = str(root)
    for key, body in packages.items():
        name, _, version = key.partition("-")
        folder = os.path.join(root, name, version) if version else os.path.join(root, name)
        os.makedirs(folder, exist_ok=True)
        header = 'name = "%s"\n' % name + ('version = "%s"\n' % version if version else "")
        with open(os.path.join(folder, "package.py"), "w") as f:
            f.write(header + textwrap.dedent(body))
    return root


@pytest.fixture
def make_repo(tmp_path):
    """`make_repo({...})` writes a small repository under the test's tmp dir and returns its path."""
    counter = [0]

    def _make(packages: dict) -> str:
        counter[0] += 1
        return write_repo(tmp_path / ("repo%d" % counter[0]), packages)

    return _make


def variant_labels(variants) -> list:
    """rez's solver labels 'name-version[index]' of rez Variant objects."""
    out = []
    for v in variants:
        qualified = "%s-%s" % (v.name, v.version) if str(v.version) else v.name
        out.append("%s[%s]" % (qualified, "" if v.index is None else v.index))
    return out
