"""rez's `{system.platform}`, `{system.arch}`, `{system.os}` values and their expansion in setting strings."""

from __future__ import annotations

import functools
import os
import platform
import re
from typing import Any, Dict

_FIELD = re.compile(r"\{system\.(\w+)\}")


@functools.lru_cache(maxsize=1)
def system_values() -> Dict[str, str]:
    """rez's `system.platform/arch/os` (from rez when importable, else the same rules approximated)."""
    try:
        from rez.system import system  # noqa: PLC0415 (optional dependency)

        return {"platform": system.platform, "arch": system.arch, "os": system.os}
    except Exception:
        return _approximate()


def _approximate() -> Dict[str, str]:
    name = platform.system().lower()
    name = {"darwin": "osx"}.get(name, name)
    return {"platform": name, "arch": platform.machine(), "os": _linux_os() if name == "linux" else name}


def _read_keys(path: str) -> Dict[str, str]:
    out = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                key, sep, value = line.strip().partition("=")
                if sep:
                    out[key] = value.strip().strip("'\"")
    except OSError:
        pass
    return out


def _linux_os() -> str:
    """rez's `Ubuntu-22.04` form: /etc/lsb-release first, then /etc/os-release."""
    lsb = _read_keys("/etc/lsb-release")
    if lsb.get("DISTRIB_ID") and lsb.get("DISTRIB_RELEASE"):
        return "%s-%s" % (lsb["DISTRIB_ID"], lsb["DISTRIB_RELEASE"])
    release = _read_keys("/etc/os-release")
    distributor = (release.get("NAME") or release.get("ID") or "linux").split()[0]
    version = release.get("VERSION_ID")
    return "%s-%s" % (distributor, version) if version else distributor


def expand_system_vars(value: Any) -> Any:
    """rez's expansion of setting strings: environment variables, `~`, then `{system.*}` fields."""
    if isinstance(value, str):
        text = os.path.expanduser(os.path.expandvars(value))
        if "{system." not in text:
            return text
        values = system_values()
        return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    if isinstance(value, (list, tuple)):
        return [expand_system_vars(v) for v in value]
    if isinstance(value, dict):
        return {k: expand_system_vars(v) for k, v in value.items()}
    return value
