"""The shim with rez's package orderers (given to ResolvedContext, or configured) and package filters:
solved by pyrer, with plain rez's answer."""

from __future__ import annotations

import os

import pytest

from tests.rez_integration.conftest import variant_labels
from tests.rez_integration.shim_env import cli_env, parse_env, rez_cli, rez_env

REPO = {
    "app-1": 'requires = ["lib"]\nvariants = [["py-2"], ["py-3"]]\ntimestamp = 100\n',
    "app-2": 'requires = ["lib-1"]\nvariants = [["py-3"]]\ntimestamp = 400\n',
    "lib-1.0": "timestamp = 100\n",
    "lib-1.5": "timestamp = 200\n",
    "lib-2.0": "timestamp = 300\n",
    "lib-2.1.beta": "timestamp = 350\n",
    "py-2": "timestamp = 50\n",
    "py-3": "timestamp = 300\n",
    "tool-1": 'variants = [["lib-1"], ["py"]]\n',
}

ORDERERS = [
    [{"type": "version_split", "first_version": "1.5", "packages": ["lib"]}],
    [{"type": "sorted", "descending": False}],
    [{"type": "no_order", "packages": ["lib"]}],
    [{"type": "soft_timestamp", "timestamp": 250}],
    [{"type": "soft_timestamp", "timestamp": 250, "rank": 1, "packages": ["py"]}],
    [{"type": "per_family", "orderers": [{"packages": ["py"], "type": "sorted", "descending": False}],
      "default_order": {"type": "sorted", "descending": True}},
     {"type": "version_split", "first_version": "1.0"}],
]
REQUESTS = [["app"], ["tool"], ["app-1", "lib"], ["lib", "py"]]


def _context(request, paths, **kwargs):
    from rez.resolved_context import ResolvedContext

    kwargs.setdefault("add_implicit_packages", False)
    return ResolvedContext(request, package_paths=paths, **kwargs)


def _both(request, paths, **kwargs):
    """(plain rez's labels or exception name, the shim's, whether pyrer solved)."""
    from pyrer.rez import shim as shim_module
    from pyrer.rez import shim_enabled

    def labels():
        try:
            return variant_labels(_context(request, paths, **kwargs).resolved_packages)
        except Exception as e:  # rez raises: the shim leaves it to rez, which raises the same
            return type(e).__name__

    plain = labels()
    with shim_enabled():
        ours = labels()
        used = shim_module.last_outcome.used_pyrer
        reason = shim_module.last_outcome.reason
    return plain, ours, used, reason


@pytest.mark.parametrize("orderers", ORDERERS, ids=lambda o: "+".join(x["type"] for x in o))
@pytest.mark.parametrize("request_", REQUESTS, ids=" ".join)
def test_context_with_orderers(orderers, request_, make_repo, locked_rez):
    from rez.package_order import PackageOrderList

    repo = make_repo(REPO)
    locked_rez("packages_path", [repo])  # where rez's soft_timestamp lists families
    plain, ours, used, reason = _both(request_, [repo], package_orderers=PackageOrderList.from_pod(orderers))
    assert ours == plain
    if isinstance(plain, list):
        assert used, reason


def test_orderers_from_config(make_repo, locked_rez):
    """ResolvedContext takes rez's `package_orderers` config when given none."""
    from rez.package_order import PackageOrderList

    repo = make_repo(REPO)
    locked_rez("package_orderers", [{"type": "sorted", "descending": False, "packages": ["lib", "py"]}])
    try:  # rez caches the config's orderer list on the class: drop it before and after
        if hasattr(PackageOrderList, "_class_property_singleton"):
            delattr(PackageOrderList, "_class_property_singleton")
        plain, ours, used, reason = _both(["app"], [repo])
    finally:
        if hasattr(PackageOrderList, "_class_property_singleton"):
            delattr(PackageOrderList, "_class_property_singleton")
    assert ours == plain == ["lib-1.0[]", "py-3[]", "app-2[0]"]
    assert used, reason


def test_orderers_with_a_package_filter(make_repo, locked_rez):
    from rez.package_filter import PackageFilterList
    from rez.package_order import PackageOrderList

    repo = make_repo(REPO)
    locked_rez("packages_path", [repo])
    flt = PackageFilterList.from_pod([{"excludes": ["glob(*.beta)", "glob(lib-1.0)"]}])
    ts = PackageOrderList.from_pod([{"type": "soft_timestamp", "timestamp": 320, "packages": ["lib"]}])
    plain, ours, used, reason = _both(["lib"], [repo], package_filter=flt, package_orderers=ts)
    assert ours == plain == ["lib-2.0[]"]
    assert used, reason
    every = PackageFilterList.from_pod([{"excludes": ["glob(lib-*)"]}])
    plain, ours, used, reason = _both(["lib"], [repo], package_filter=every)
    assert ours == plain == "PackageNotFoundError"


def test_soft_timestamp_off_packages_path_falls_back(make_repo, locked_rez):
    """rez's soft_timestamp lists families on `packages_path`, whatever the resolve's paths are."""
    from rez.package_order import PackageOrderList

    repo = make_repo(REPO)
    ts = PackageOrderList.from_pod([{"type": "soft_timestamp", "timestamp": 250}])
    plain, ours, used, reason = _both(["app"], [repo], package_orderers=ts)
    assert ours == plain == ["lib-1.5[]", "py-3[]", "app-2[0]"]  # every package counts as "before"
    assert not used and "packages_path" in reason


def test_unknown_orderer_class_falls_back(make_repo, locked_rez):
    from rez.package_order import PackageOrderList, SortedOrder

    class Newest(SortedOrder):
        name = "newest_first"

    repo = make_repo(REPO)
    plain, ours, used, reason = _both(["lib"], [repo], package_orderers=PackageOrderList([Newest(True)]))
    assert ours == plain
    assert not used and "Newest" in reason


@pytest.mark.skipif(not os.path.exists(rez_cli()), reason="the rez command is not installed here")
def test_rez_env_with_configured_orderers(make_repo, tmp_path):
    repo = make_repo(REPO)
    orderers = [{"type": "version_split", "first_version": "1.5", "packages": ["lib"]},
                {"type": "sorted", "descending": False, "packages": ["py"]}]
    runs = {}
    for shim in (False, True):
        env = cli_env(str(tmp_path / "cfg"), [repo], [], shim, cache_dir=str(tmp_path / "cache"))
        with open(env["REZ_CONFIG_FILE"], "a") as f:
            f.write("package_orderers = %r\n" % (orderers,))
        proc = rez_env(["app"], env, ["printenv"])
        assert proc.returncode == 0, proc.stderr
        runs[shim] = proc
    assert "pyrer-rez-shim: solved by pyrer" in runs[True].stderr
    plain, ours = parse_env(runs[False].stdout), parse_env(runs[True].stdout)
    assert plain["REZ_USED_RESOLVE"] == "lib-1.5 py-3 app-2"
    assert ours == plain


def test_orderer_fallback_reasons(locked_rez):
    from rez.package_order import PackageOrderList, PerFamilyOrder, SortedOrder

    from pyrer.rez.fallback import _orderers_reason

    class Plugin(SortedOrder):
        name = "plugin"

    assert _orderers_reason(None, []) is None
    assert _orderers_reason(PackageOrderList(), []) is None
    assert _orderers_reason(PackageOrderList([SortedOrder(False)]), []) is None
    assert "Plugin" in _orderers_reason(PackageOrderList([PerFamilyOrder({"a": Plugin(True)})]), [])
    assert "cannot read" in _orderers_reason([{"type": "nope"}], [])
    locked_rez("packages_path", ["/a"])
    stamps = [{"type": "soft_timestamp", "timestamp": 1}]
    assert _orderers_reason(stamps, ["/a"]) is None
    assert "packages_path" in _orderers_reason(stamps, ["/b"])
    locked_rez("package_orderers", [{"type": "sorted", "descending": False}])
    assert "config" in _orderers_reason(None, [])
