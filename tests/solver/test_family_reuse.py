"""Families built for one solve are reused by the next only while their PackageData are unchanged."""

from __future__ import annotations

import pyrer


def _resolved(result):
    return [str(v) for v in result.resolved_packages]


def _packages():
    return [pyrer.PackageData("python", "3.9"), pyrer.PackageData("python", "3.11"),
            pyrer.PackageData("foo", "1.0", requires=["python-3.9"])]


def test_assignment_to_a_package_reaches_the_next_solve():
    packages = _packages()
    assert _resolved(pyrer.solve(["foo"], packages)) == ["python-3.9[]", "foo-1.0[]"]
    packages[2].requires = ["python-3.11"]
    assert _resolved(pyrer.solve(["foo"], packages)) == ["python-3.11[]", "foo-1.0[]"]


def test_new_package_objects_of_the_same_family_are_read_again():
    assert _resolved(pyrer.solve(["foo"], _packages())) == ["python-3.9[]", "foo-1.0[]"]
    other = _packages()[:2] + [pyrer.PackageData("foo", "1.0", requires=["python-3.11"])]
    assert _resolved(pyrer.solve(["foo"], other)) == ["python-3.11[]", "foo-1.0[]"]
    fewer = [pyrer.PackageData("python", "3.9"), pyrer.PackageData("foo", "1.0", requires=["python"])]
    assert _resolved(pyrer.solve(["foo"], fewer)) == ["python-3.9[]", "foo-1.0[]"]


def test_load_family_callbacks_returning_changed_lists():
    families = {"python": [pyrer.PackageData("python", "3.9")],
                "foo": [pyrer.PackageData("foo", "1.0", requires=["python"])]}
    assert _resolved(pyrer.solve(["foo"], load_family=families.get)) == ["python-3.9[]", "foo-1.0[]"]
    families["python"] = families["python"] + [pyrer.PackageData("python", "3.11")]
    assert _resolved(pyrer.solve(["foo"], load_family=families.get)) == ["python-3.11[]", "foo-1.0[]"]


def test_the_same_tuple_is_reused_until_a_member_is_assigned():
    python = (pyrer.PackageData("python", "3.9"), pyrer.PackageData("python", "3.11"))
    foo = (pyrer.PackageData("foo", "1.0", requires=["python-3.9"]),)
    families = {"python": python, "foo": foo}
    assert _resolved(pyrer.solve(["foo"], load_family=families.get)) == ["python-3.9[]", "foo-1.0[]"]
    assert _resolved(pyrer.solve(["foo"], load_family=families.get)) == ["python-3.9[]", "foo-1.0[]"]
    foo[0].requires = ["python-3.11"]  # the tuple is the same object; its member changed
    assert _resolved(pyrer.solve(["foo"], load_family=families.get)) == ["python-3.11[]", "foo-1.0[]"]
    python[1].version = "3.12"  # foo's python-3.11 is gone
    assert pyrer.solve(["foo"], load_family=families.get).status != "solved"
    assert _resolved(pyrer.solve(["python-3.12"], load_family=families.get)) == ["python-3.12[]"]


def test_a_new_tuple_with_other_members_is_read_again():
    families = {"python": (pyrer.PackageData("python", "3.9"),),
                "foo": (pyrer.PackageData("foo", "1.0", requires=["python"]),)}
    assert _resolved(pyrer.solve(["foo"], load_family=families.get)) == ["python-3.9[]", "foo-1.0[]"]
    families["python"] = (pyrer.PackageData("python", "3.9"), pyrer.PackageData("python", "3.11"))
    assert _resolved(pyrer.solve(["foo"], load_family=families.get)) == ["python-3.11[]", "foo-1.0[]"]
