"""rez itself, in the test process, loading the corpus the way the worker must: the expected fields."""

from __future__ import annotations

import contextlib
import os
from typing import Any, Dict, Iterator, Optional


@contextlib.contextmanager
def rez_config(rezconfig: str) -> Iterator[None]:
    """rez's configuration as a worker with `REZ_CONFIG_FILE=rezconfig` and no home config sees it."""
    from rez.config import Config, config, get_module_root_config
    from rez.package_repository import package_repository_manager

    own = Config([get_module_root_config(), rezconfig], locked=True)
    config._swap(own)  # swaps contents: `own` holds the previous configuration meanwhile
    package_repository_manager.clear_caches()
    try:
        yield
    finally:
        config._swap(own)
        package_repository_manager.clear_caches()


def _strings(values: Any) -> list:
    return [str(v) for v in values or []]


def _tests(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tests(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tests(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def fields(package: Any) -> Dict[str, Any]:
    """The fields the evaluator returns, read from a rez Package the way a rez user would."""
    late = [k for k in ("requires", "build_requires", "private_build_requires", "tests")
            if getattr(getattr(package.resource, k, None), "late_binding", False)]
    return {
        "name": package.name,
        "version": str(package.version) if package.version is not None else "",
        "requires": None if "requires" in late else _strings(package.requires),
        "build_requires": None if "build_requires" in late else _strings(package.build_requires),
        "private_build_requires": _strings(package.private_build_requires),
        "variants": [_strings(v) for v in package.variants or []],
        "tests": None if "tests" in late else _tests(package.tests or {}),
        "timestamp": package.timestamp,
        "late": late,
    }


def developer_fields(path: str) -> Dict[str, Any]:
    """`rez build` in the package's folder: rez's developer package, as fields (raises as rez does)."""
    from rez.package_repository import package_repository_manager
    from rez.packages import get_developer_package
    from rez.serialise import FileFormat

    package_repository_manager.clear_caches()
    previous = os.getcwd()
    os.chdir(os.path.dirname(path))
    try:
        return fields(get_developer_package(path, format=FileFormat.py))
    finally:
        os.chdir(previous)


def repository_fields(name: str, version: str, repository: str) -> Optional[Dict[str, Any]]:
    """`rez env`'s view of one installed package, as fields."""
    from rez.package_repository import package_repository_manager
    from rez.packages import get_package_from_repository

    package_repository_manager.clear_caches()  # read the file now, as a new rez process would
    package = get_package_from_repository(name, version, repository)
    return None if package is None else fields(package)
