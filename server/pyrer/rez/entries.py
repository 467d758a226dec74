"""One package's solver data (requires, variants, build requires, timestamp), read statically or via rez."""

from __future__ import annotations

import re
from typing import Any, List, Optional

from pyrer._native import PackageData, parse_static_package_py

# An entry is a plain dict, so it can be stored in the persistent cache as JSON:
#   "requires": [str], "variants": [[str]] ([] = no variants),
#   "build": [str] (build_requires) when known, "timestamp": int|None when known,
#   "rez": True   - the file computes its values: rez must evaluate it (never cached beyond this flag).
REZ_ONLY = {"rez": True}

_TIMESTAMP = re.compile(r"^timestamp\s*=\s*(\d+)\s*(?:#.*)?$", re.MULTILINE)
_LATE_KEYS = ("requires", "build_requires", "private_build_requires", "variants")


class LateBoundRequirements(Exception):
    """A package whose requirements are an `@late` function: they depend on the resolve's context,
    which only rez's own solver provides."""


def static_entry(text: str, family: str) -> dict:
    """The entry of a package.py read without executing it, or `REZ_ONLY` if code computes it."""
    data = parse_static_package_py(text)
    if data is None or data.name != family:
        return dict(REZ_ONLY)
    entry = {"requires": list(data.requires), "variants": [list(v) for v in data.variants]}
    if "build_requires" not in text:
        entry["build"] = []
    stamps = _TIMESTAMP.findall(text)
    if len(stamps) == 1:  # otherwise unknown: rez may also read it from old-format release files
        entry["timestamp"] = int(stamps[0])
    return entry


def _strs(values: Any) -> List[str]:
    return [str(v) for v in (values or [])]


def rez_entry(package: Any) -> dict:
    """The entry of a package as rez itself loads it (executes package.py, evaluates `@early`)."""
    resource = package.resource
    for key in _LATE_KEYS:
        raw = getattr(resource, key, None)
        if getattr(raw, "late_binding", False):
            raise LateBoundRequirements(
                "%s: %s is an @late function (it needs the resolve's context)" % (package.qualified_name, key)
            )
    variants = package.variants
    return {
        "requires": _strs(package.requires),
        "variants": [_strs(v) for v in (variants or [])],
        "build": _strs(package.build_requires),
        "timestamp": package.timestamp,
    }


def needs_rez(entry: dict, building: bool, need_timestamp: bool) -> bool:
    """True if `entry` lacks something this load needs (so rez must load the package)."""
    if entry.get("rez"):
        return True
    if building and "build" not in entry:
        return True
    return need_timestamp and "timestamp" not in entry


def package_data(name: str, version: str, entry: dict, building: bool) -> PackageData:
    """The `PackageData` the solver sees: when building, rez appends `build_requires` after each
    variant's requirements (`Variant.get_requires(build_requires=True)`); the release timestamp
    when the entry knows it."""
    requires: List[str] = list(entry["requires"])
    variants: List[List[str]] = [list(v) for v in entry["variants"]]
    build: Optional[List[str]] = entry.get("build") if building else None
    if build:
        if variants:
            variants = [v + build for v in variants]
        else:
            requires = requires + build
    return PackageData(name, version, requires, variants, timestamp=entry.get("timestamp"))
