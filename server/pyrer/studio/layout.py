"""rez's filesystem repository layout (rezplugins/package_repository/filesystem.py): families, version folders, `.ignore` markers, definition files."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

PACKAGE_NAME = re.compile(r"^[a-zA-Z_0-9](\.?[a-zA-Z0-9_]+)*\Z")
INVALID_PACKAGE_NAMES = ("__pycache__",)
RESERVED_NAMES = ("settings.yaml",)  # and the file lock folder (rez's `file_lock_dir`, unset by default)
IGNORE_PREFIX = ".ignore"
BUILDING_PREFIX = ".building"
FORMATS = ("py", "yaml")  # rez 3.4.0 reads package.py, then package.yaml; nothing else


def is_valid_package_name(name: str) -> bool:
    """rez's `is_valid_package_name`."""
    return bool(PACKAGE_NAME.match(name)) and name not in INVALID_PACKAGE_NAMES


@dataclass(frozen=True)
class LayoutRules:
    """The settings the filesystem repository reads."""

    package_filenames: Tuple[str, ...] = ("package",)
    allow_unversioned_packages: bool = True
    check_package_definition_files: bool = False


@dataclass(frozen=True)
class PackageLocation:
    """One package as rez's filesystem repository lists it: name and version come from the folders."""

    root: str  # the packages path
    name: str
    version: str  # the version folder, "" for an unversioned package
    folder: str  # <root>/<name>[/<version>]
    definition: Optional[str]  # package.py / package.yaml; None when the folder has none (rez fails on load)
    combined: bool = False  # an old-style `<name>.py` / `<name>.yaml` family file at the repository root

    @property
    def format(self) -> Optional[str]:
        if self.definition is None:
            return None
        return os.path.splitext(self.definition)[1][1:]


def definition_file(folder: str, rules: LayoutRules, names: Optional[Sequence[str]] = None) -> Optional[str]:
    """rez's `_get_file`: the first `<name>.py`, then `<name>.yaml`, for each of `package_filenames`."""
    for name in names or rules.package_filenames:
        for ext in FORMATS:
            path = os.path.join(folder, "%s.%s" % (name, ext))
            if os.path.isfile(path):
                return path
    return None


def family_names(root: str) -> List[Tuple[str, bool]]:
    """(name, combined) of every family in one packages path: valid-named folders, and `<name>.py`/`.yaml` files."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    out = []
    for entry in entries:
        if entry.name in RESERVED_NAMES:
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            if is_valid_package_name(entry.name):
                out.append((entry.name, False))
        else:
            stem, ext = os.path.splitext(entry.name)
            if ext in (".py", ".yaml") and is_valid_package_name(stem):
                out.append((stem, True))
    return out


def _version_folders(family: str, rules: LayoutRules) -> List[str]:
    """rez's `_get_version_dirs`: folders not hidden by `.ignore<version>`; half-built ones left out. In rez's
    order too: a Python set's, which follows string hashing, so within one process it is rez's own order (it
    decides which of `1.0` and `1-0` rez keeps, and the order `no_order` leaves)."""
    try:
        names = os.listdir(family)
    except OSError:
        return []
    present = set(names)

    def ignored(name: str) -> bool:
        return (IGNORE_PREFIX + name) in present and os.path.isfile(os.path.join(family, IGNORE_PREFIX + name))

    if rules.check_package_definition_files:
        return [n for n in names if not n.startswith(".") and os.path.isdir(os.path.join(family, n))
                and not ignored(n) and definition_file(os.path.join(family, n), rules, ["package"])]
    folders = set()
    building = set()
    for name in names:
        if name.startswith("."):
            if not name.startswith(BUILDING_PREFIX):
                continue
            building.add(name[len(BUILDING_PREFIX):])
        if os.path.isdir(os.path.join(family, name)) and not ignored(name):
            folders.add(name)
    for version in building:
        if version in folders and not definition_file(os.path.join(family, version), rules, ["package"]):
            folders.remove(version)  # still being built
    return list(folders)


def family_locations(root: str, name: str, rules: LayoutRules) -> List[PackageLocation]:
    """The packages of family `name` in one packages path, as rez lists them, in rez's order."""
    folder = os.path.join(root, name)
    if not os.path.isdir(folder):
        for ext in FORMATS:
            path = os.path.join(root, "%s.%s" % (name, ext))
            if os.path.isfile(path):
                return [PackageLocation(root, name, "", root, path, combined=True)]
        return []
    if rules.allow_unversioned_packages:
        direct = definition_file(folder, rules)
        if direct is not None:
            return [PackageLocation(root, name, "", folder, direct)]
    out = []
    for version in _version_folders(folder, rules):
        path = os.path.join(folder, version)
        out.append(PackageLocation(root, name, version, path, definition_file(path, rules)))
    return out


def location_of(path: str, roots: Sequence[str]) -> Optional[Tuple[str, str, str]]:
    """(root, family, version) of a definition file under one of the packages paths, else None."""
    path = os.path.abspath(path)
    for root in roots:
        rel = os.path.relpath(path, root)
        if rel.startswith(".."):
            continue
        parts = rel.split(os.sep)
        base = parts[-1]
        if not (base.endswith(".py") or base.endswith(".yaml")):
            continue
        if len(parts) == 3:
            return root, parts[0], parts[1]
        if len(parts) == 2:
            return root, parts[0], ""
    return None


def _stat_text(path: str) -> Optional[str]:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return "%d:%d:%d:%d" % (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def family_stamp(roots: Sequence[str], name: str, rules: LayoutRules) -> str:
    """What must be unchanged for what was read of family `name` to stay valid: in each packages path, the
    family folder's entries (version folders, `.ignore`/`.building` markers) and the stat (mtime, size, inode,
    ctime) of the definition file rez would read in each, or of an old-style `<name>.py`/`.yaml` file.

    Conservative: any change rez could see changes it (some it cannot see do too)."""
    parts: List[str] = []
    for root in roots:
        folder = os.path.join(root, name)
        try:
            entries = sorted((e.name, e.is_dir()) for e in os.scandir(folder))
        except OSError:
            entries = None
        if entries is None:
            for ext in FORMATS:
                stamp = _stat_text(os.path.join(root, "%s.%s" % (name, ext)))
                if stamp is not None:
                    parts.append("%s|%s.%s|%s" % (root, name, ext, stamp))
            continue
        parts.append("%s|%s/" % (root, name))
        for entry, is_dir in entries:
            if not is_dir:
                parts.append(entry if entry.startswith(".") else "%s|%s" % (entry, _stat_text(os.path.join(folder, entry))))
                continue
            stamp = None
            for base in rules.package_filenames:
                for ext in FORMATS:
                    stamp = _stat_text(os.path.join(folder, entry, "%s.%s" % (base, ext)))
                    if stamp is not None:
                        stamp = "%s.%s|%s" % (base, ext, stamp)
                        break
                if stamp is not None:
                    break
            parts.append("%s/|%s" % (entry, stamp))
    return "\n".join(parts)
