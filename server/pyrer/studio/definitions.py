"""One package's definition as the solver needs it, read without running code (package.py statically, package.yaml as data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pyrer
from pyrer._native import read_static_package_py

from pyrer.studio.layout import PackageLocation



@dataclass(frozen=True)
class PackageRecord:
    """What rez would load for one listed package; `error` is what rez raises when a resolve reaches it."""

    location: PackageLocation
    requires: Tuple[str, ...] = ()
    variants: Tuple[Tuple[str, ...], ...] = ()
    build_requires: Optional[Tuple[str, ...]] = ()  # None: set by code, unknown without evaluation
    timestamp: Optional[int] = None
    error: Optional[str] = None
    computed: Tuple[str, ...] = ()  # fields set by code (not run): why `error` is set
    not_evaluated: Optional[str] = None  # why code setting its fields was not evaluated (not allowed, no rez, @late)

    @property
    def name(self) -> str:
        return self.location.name

    @property
    def version(self) -> str:
        return self.location.version

    @property
    def qualified_name(self) -> str:
        return "%s-%s" % (self.name, self.version) if self.version else self.name


def read_text(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _missing(location: PackageLocation) -> PackageRecord:
    return PackageRecord(location, error="PackageDefinitionFileMissing: Missing package definition file: %s (no %s)" % (
        location.folder, " or ".join("package.%s" % ext for ext in ("py", "yaml"))))


def _python_problem(text: str, location: PackageLocation) -> PackageRecord:
    """A package.py the static reader could not read: a syntax error (rez fails the same way), or code."""
    try:
        compile(text, location.definition or "package.py", "exec", dont_inherit=True)
    except SyntaxError as e:
        return PackageRecord(location, error="ResourceError: Problem loading %s: %s (package.py, line %s)" % (
            location.definition, e.msg, e.lineno))
    except (ValueError, MemoryError, RecursionError) as e:
        return PackageRecord(location, error="ResourceError: Problem loading %s: %s" % (location.definition, e))
    label = "%s-%s" % (location.name, location.version) if location.version else location.name
    return PackageRecord(location, computed=("requires",), error=(
        "%s: its package.py sets its requirements with code, which rez runs when it loads the package" % label))


def _static_extras(text: str) -> Tuple[Optional[Tuple[str, ...]], Optional[int]]:
    """(build_requires, timestamp) of an installed package.py, read by the Rust reader: () / None when never
    set; build_requires None when code sets them."""
    if "build_requires" not in text and "timestamp" not in text:
        return (), None
    read = read_static_package_py(text)
    build: Optional[Tuple[str, ...]] = ()
    field = read.field("build_requires")
    if field is not None:
        value = field.value.python() if field.value is not None else None
        if field.computed is not None or field.problem is not None:
            build = None
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            build = tuple(value)
        elif value is not None:
            build = None
    stamp = read.field("timestamp")
    value = stamp.value.python() if stamp is not None and stamp.value is not None else None
    timestamp = value if isinstance(value, int) and not isinstance(value, bool) else None
    return build, timestamp


def read_python(location: PackageLocation, text: Optional[str], data: Optional[pyrer.PackageData]) -> PackageRecord:
    """A package.py: `data` is the static reader's view (None when it could not read the file)."""
    if text is None:
        return _missing(location)
    if data is None:
        return _python_problem(text, location)
    build, timestamp = _static_extras(text)
    return PackageRecord(location, tuple(data.requires), tuple(tuple(v) for v in data.variants), build, timestamp)


def _yaml_module() -> Any:
    try:
        import yaml  # noqa: PLC0415
    except ImportError:
        from rez.vendor import yaml  # noqa: PLC0415  (rez's own copy)
    return yaml


def _string_list(value: Any, key: str) -> Tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("%s must be a list of strings" % key)
    return tuple(value)


def read_yaml(location: PackageLocation, text: Optional[str]) -> PackageRecord:
    """A package.yaml: plain data (safe loading never runs code)."""
    if text is None:
        return _missing(location)
    try:
        yaml = _yaml_module()
    except ImportError:
        return PackageRecord(location, error="%s: reading package.yaml needs PyYAML or rez" % location.definition)
    try:
        data = yaml.safe_load(text) or {}
        if not isinstance(data, dict):
            raise ValueError("the file is not a mapping")
        requires = _string_list(data.get("requires"), "requires")
        variants_raw = data.get("variants") or []
        if not isinstance(variants_raw, list):
            raise ValueError("variants must be a list of lists of strings")
        variants = tuple(_string_list(v, "variants") for v in variants_raw)
        build = _string_list(data.get("build_requires"), "build_requires")
        stamp = data.get("timestamp")
        timestamp = stamp if isinstance(stamp, int) and not isinstance(stamp, bool) else None
    except Exception as e:  # yaml's own errors, wrong shapes
        return PackageRecord(location, error="ResourceError: Problem loading %s: %s" % (location.definition, e))
    return PackageRecord(location, requires, variants, build, timestamp)


def read_locations(locations: Sequence[PackageLocation], overlay: Callable[[str], Optional[str]] = lambda path: None,
                   extras: bool = False) -> List[PackageRecord]:
    """Every location's record; package.py files on disk are read in parallel by the Rust reader. `extras`:
    also read `build_requires` and `timestamp` (for build resolves, timestamp rules and orderers)."""
    disk = [loc.definition for loc in locations
            if loc.definition and loc.format == "py" and not loc.combined and overlay(loc.definition) is None]
    parsed: Dict[str, Optional[pyrer.PackageData]] = dict(zip(disk, pyrer.parse_static_packages_py(disk)))
    out = []
    for loc in locations:
        if loc.definition is None:
            out.append(_missing(loc))
            continue
        if loc.combined:
            out.append(PackageRecord(loc, error="%s: old-style combined package family files are read by rez only"
                                     % loc.definition))
            continue
        text = overlay(loc.definition)
        if loc.format == "yaml":
            out.append(read_yaml(loc, text if text is not None else read_text(loc.definition)))
        elif text is not None:
            out.append(read_python(loc, text, pyrer.parse_static_package_py(text)))
        else:
            data = parsed.get(loc.definition)
            if data is not None and not extras:
                out.append(PackageRecord(loc, tuple(data.requires), tuple(tuple(v) for v in data.variants), None, None))
            else:
                out.append(read_python(loc, read_text(loc.definition), data))
    return out
