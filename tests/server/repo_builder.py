"""Tiny rez repositories in temporary folders, from a table: {"foo-1.0": ["python-3.9"], ...}."""

from __future__ import annotations

import os
from typing import Dict, List, Union

Spec = Dict[str, Union[List[str], Dict[str, object]]]


def package_py(name: str, version: str, requires=(), variants=None) -> str:
    lines = ["name = %r" % name, "version = %r" % version]
    if requires:
        lines.append("requires = %r" % list(requires))
    if variants is not None:
        lines.append("variants = %r" % [list(v) for v in variants])
    return "\n".join(lines) + "\n"


def make_repo(root: str, spec: Spec) -> str:
    """Write `<root>/<name>/<version>/package.py` for each "name-version" key; values are requires or a dict."""
    for key, value in spec.items():
        name, version = key.split("-", 1)
        fields = value if isinstance(value, dict) else {"requires": value}
        folder = os.path.join(root, name, version)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "package.py"), "w", encoding="utf-8") as f:
            f.write(package_py(name, version, fields.get("requires", ()), fields.get("variants")))
    return root


BASIC: Spec = {
    "python-3.9.0": [],
    "python-3.11.0": [],
    "foo-1.0": ["python-3.9"],
    "bar-2.0": ["python-3.11"],
    "cyca-1": ["cycb"],
    "cycb-1": ["cyca"],
    "deep-1": ["ghost"],
    "maya-2024.0": ["python-3.9"],
    "maya-2025.1": ["python-3.11"],
}
