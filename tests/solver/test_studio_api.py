"""The Python face of orderers, timestamps and excluded packages: argument forms, errors, attributes."""

from __future__ import annotations

import pytest

pyrer = pytest.importorskip("pyrer")
PD = pyrer.PackageData

REPO = [PD("foo", "1.0", timestamp=100), PD("foo", "2.0", timestamp=300), PD("foo", "3.0")]


def resolved(result):
    assert result.status == "solved", result.failure_description
    return [str(v) for v in result.resolved_packages]


@pytest.mark.parametrize("orderers,want", [
    (None, ["foo-3.0[]"]),
    ([], ["foo-3.0[]"]),
    ([{"type": "sorted", "descending": False}], ["foo-1.0[]"]),
    ([{"type": "sorted", "descending": False, "packages": "foo"}], ["foo-1.0[]"]),
    ([{"type": "sorted", "descending": False, "packages": ["bar"]}], ["foo-3.0[]"]),
    ([("version_split", {"first_version": "2.0"})], ["foo-2.0[]"]),
    ([["version_split", {"first_version": "2.0"}]], ["foo-2.0[]"]),
    ([{"type": "soft_timestamp", "timestamp": 200}], ["foo-1.0[]"]),
    ([{"type": "soft_timestamp", "timestamp": 200.9}], ["foo-1.0[]"]),
    ([{"type": "no_order", "packages": None}], ["foo-1.0[]"]),
    ((o for o in [{"type": "sorted", "descending": 0}]), ["foo-1.0[]"]),
])
def test_orderer_forms(orderers, want):
    assert resolved(pyrer.solve(["foo"], REPO, package_orderers=orderers)) == want


class FakeOrder:
    """What pyrer reads of a rez PackageOrder: `name` and `to_pod()`."""

    def __init__(self, name, pod):
        self.name = name
        self._pod = pod

    def to_pod(self):
        return dict(self._pod)


def test_objects_with_to_pod():
    order = FakeOrder("version_split", {"first_version": "2.0", "packages": ["foo"]})
    assert resolved(pyrer.solve(["foo"], REPO, package_orderers=[order])) == ["foo-2.0[]"]
    assert resolved(pyrer.solve(["foo"], REPO, package_orderers=order)) == ["foo-2.0[]"]


def test_rez_package_order_objects():
    from rez.package_order import PackageOrderList, PerFamilyOrder, SortedOrder, VersionSplitPackageOrder
    from rez.version import Version

    orderers = PackageOrderList([PerFamilyOrder({"foo": VersionSplitPackageOrder(Version("2.0"))},
                                                SortedOrder(descending=False))])
    assert resolved(pyrer.solve(["foo"], REPO, package_orderers=orderers)) == ["foo-2.0[]"]
    orderers = PackageOrderList([SortedOrder(descending=False, packages=["foo"])])
    assert resolved(pyrer.solve(["foo"], REPO, package_orderers=orderers)) == ["foo-1.0[]"]


@pytest.mark.parametrize("orderers,fragment", [
    ("sorted", "must be a list"),
    ({"type": "sorted"}, "must be a list"),
    ([{"descending": True}], "needs a 'type'"),
    ([{"type": "newest"}], "unknown package orderer type 'newest'"),
    ([{"type": "sorted"}], "needs 'descending'"),
    ([{"type": "version_split"}], "needs 'first_version'"),
    ([{"type": "version_split", "first_version": "1..2"}], "invalid first_version"),
    ([{"type": "version_split", "first_version": 3}], "version string"),
    ([{"type": "soft_timestamp"}], "needs 'timestamp'"),
    ([{"type": "soft_timestamp", "timestamp": "yesterday"}], "must be an integer"),
    ([{"type": "soft_timestamp", "timestamp": True}], "must be an integer"),
    ([{"type": "soft_timestamp", "timestamp": 1, "rank": 1.5e300}], "out of range"),
    ([{"type": "soft_timestamp", "timestamp": float("nan")}], "finite"),
    ([{"type": "sorted", "descending": True, "packages": [1]}], "family names"),
    ([{"type": "per_family"}], "needs 'orderers'"),
    ([{"type": "per_family", "orderers": [{"type": "no_order"}]}], "needs 'packages'"),
    ([{"type": "per_family", "orderers": ["no_order"]}], "package_orderers[0].orderers[0]"),
    ([{"type": "no_order"}, 42], "package_orderers[1]"),
    ([("sorted", True)], "needs a dict as data"),
])
def test_malformed_orderers_raise_value_error(orderers, fragment):
    with pytest.raises(ValueError) as err:
        pyrer.solve(["foo"], REPO, package_orderers=orderers)
    assert fragment in str(err.value)


def test_package_data_timestamp_and_excluded():
    pd = PD("foo", "1.0", ["bar"], timestamp=1700000000, excluded=True)
    assert (pd.timestamp, pd.excluded) == (1700000000, True)
    assert repr(pd) == ("PackageData(name=\"foo\", version=\"1.0\", requires=[\"bar\"], variants=[], "
                        "timestamp=1700000000, excluded=True)")
    assert pd == PD("foo", "1.0", ["bar"], timestamp=1700000000, excluded=True)
    assert pd != PD("foo", "1.0", ["bar"], timestamp=1700000000)
    plain = PD("foo", "1.0")
    assert (plain.timestamp, plain.excluded) == (None, False)
    assert "timestamp" not in repr(plain)
    plain.timestamp = 5
    plain.excluded = True
    assert (plain.timestamp, plain.excluded) == (5, True)
    plain.timestamp = None
    assert plain.timestamp is None
    with pytest.raises(TypeError):
        PD("foo", "1", None, None, 5)  # keyword only
    with pytest.raises(TypeError):
        PD("foo", "1", timestamp="soon")
    with pytest.raises(TypeError):
        plain.timestamp = True
    assert PD.from_strings("foo", "1", timestamp=3).timestamp == 3


def test_from_rez_reads_the_timestamp():
    class Pkg:
        name, version, requires, variants, timestamp = "foo", "1.0", ["bar"], None, 1234

    class Old:
        name, version = "foo", "1.0"

    assert PD.from_rez(Pkg()).timestamp == 1234
    assert PD.from_rez(Old()).timestamp is None


def test_excluded_in_a_repository_and_after_assignment():
    data = [PD("foo", "1"), PD("foo", "2", excluded=True)]
    repo = pyrer.Repository(data)
    assert resolved(pyrer.solve(["foo"], repo)) == ["foo-1[]"]
    assert resolved(pyrer.solve(["foo"], data)) == ["foo-1[]"]
    data[0].excluded = True
    result = pyrer.solve(["foo"], data)
    assert result.status == "error"
    assert "PackageNotFoundError: Package could not be found: foo" in result.failure_description
    data[0].excluded = False
    assert resolved(pyrer.solve(["foo"], data)) == ["foo-1[]"]


def test_timestamps_in_a_repository():
    repo = pyrer.Repository(REPO)
    ts = [{"type": "soft_timestamp", "timestamp": 200}]
    assert resolved(pyrer.solve(["foo"], repo, package_orderers=ts)) == ["foo-1.0[]"]


def test_soft_timestamp_lists_families_through_load_family():
    """A family whose versions are only ranked (never solved) is listed once, for its timestamps."""
    asked = []
    fams = {"app": [PD("app", "1", variants=[["lib-1"], ["lib-2"]])],
            "lib": [PD("lib", "1", timestamp=10), PD("lib", "2", timestamp=20)]}

    def load(name):
        asked.append(name)
        return fams.get(name, [])

    result = pyrer.solve(["app"], load_family=load,
                         package_orderers=[{"type": "soft_timestamp", "timestamp": 15, "packages": ["lib"]}])
    assert resolved(result) == ["lib-1[]", "app-1[0]"]
    assert sorted(asked) == ["app", "lib"]


def test_lazy_validation_contract():
    data = [PD("foo", "1", ["~.bad"]), PD("foo", "2"), PD("ok", "1")]
    assert resolved(pyrer.solve(["foo-2"], data)) == ["foo-2[]"]
    assert resolved(pyrer.solve(["ok"], data)) == ["ok-1[]"]
    result = pyrer.solve(["foo"], data)
    assert result.status == "error"
    assert result.failure_description.startswith("PackageMetadataError: Validation of key 'requires' failed")
    assert "foo-1" in result.failure_description and "Not a valid package name: '.bad'" in result.failure_description
    bad_version = [PD("foo", "1..2"), PD("foo", "2"), PD("ok", "1")]
    assert resolved(pyrer.solve(["ok"], bad_version)) == ["ok-1[]"]
    result = pyrer.solve(["foo-2"], bad_version)
    assert result.status == "error" and result.failure_description.startswith("VersionError")


def test_requests_accept_what_package_data_rejects():
    """A request is a plain rez Requirement: '~.x' and odd names parse there."""
    data = [PD("foo", "1")]
    assert resolved(pyrer.solve(["foo", "~.x-1"], data)) == ["foo-1[]"]
    result = pyrer.solve(["foo bar"], data)
    assert result.status == "error" and "Not a valid package name: 'foo bar'" in result.failure_description
