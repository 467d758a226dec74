"""Family stamps: every change rez could see in a family changes its stamp; changes elsewhere do not."""

from __future__ import annotations

import os
import time

import pytest

from pyrer.studio import Studio
from pyrer.studio.config import StudioConfig
from tests.server.repo_builder import make_repo


def _edit(path: str, text: str) -> None:
    time.sleep(0.01)  # a new mtime even on coarse clocks
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


CHANGES = [
    # (what, change(repo), whether foo's stamp changes)
    ("a definition file edited", lambda r: _edit(os.path.join(r, "foo", "1.0", "package.py"), "name = 'foo'\n"), True),
    ("a version added", lambda r: make_repo(r, {"foo-2.0": []}), True),
    ("a version folder without a definition", lambda r: os.makedirs(os.path.join(r, "foo", "3.0")), True),
    ("a version hidden by .ignore", lambda r: _edit(os.path.join(r, "foo", ".ignore1.0"), ""), True),
    ("a package.yaml beside package.py", lambda r: _edit(os.path.join(r, "foo", "1.0", "package.yaml"), "x: 1"), False),
    ("another family edited", lambda r: _edit(os.path.join(r, "bar", "1.0", "package.py"), "name = 'bar'\n"), False),
    ("a new family", lambda r: make_repo(r, {"baz-1.0": []}), False),
    ("a file beside the definition", lambda r: _edit(os.path.join(r, "foo", "1.0", "README"), "é"), False),
]


@pytest.mark.parametrize("what,change,changes", CHANGES, ids=[c[0] for c in CHANGES])
def test_family_stamp(tmp_path, what, change, changes):
    repo = make_repo(str(tmp_path / "repo"), {"foo-1.0": [], "bar-1.0": ["foo"]})
    studio = Studio(StudioConfig(packages_path=(repo,)))
    before, names = studio.family_stamp("foo"), studio.listing_stamp()
    change(repo)
    assert (studio.family_stamp("foo") != before) == changes
    assert (studio.listing_stamp() != names) == (what == "a new family")


def test_virtual_definition_files_change_the_stamp(tmp_path):
    repo = make_repo(str(tmp_path / "repo"), {"foo-1.0": []})
    plain = Studio(StudioConfig(packages_path=(repo,)))
    target = os.path.join(repo, "foo", "2.0", "package.py")
    released = Studio(StudioConfig(packages_path=(repo,)), virtual={target: "name = 'foo'\nversion = '2.0'\n"})
    assert released.family_stamp("foo") != plain.family_stamp("foo")
    assert [r.version for r in released.family("foo").records] == ["1.0", "2.0"]
    assert [p.version for p in released.load_family("foo")] == ["1.0", "2.0"]
