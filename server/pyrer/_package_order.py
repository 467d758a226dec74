"""rez's `package_orderers` (POD form, old-style pairs or rez objects) as the tuples the native solver reads.

rez 3.4.0's orderer types, read as `rez.package_order.from_pod` reads them:

    {"type": "no_order", "packages": [...]}
    {"type": "sorted", "descending": bool, "packages": [...]}
    {"type": "per_family", "orderers": [{"packages": [...], "type": ...}, ...], "default_order": {...}}
    {"type": "version_split", "first_version": "3.0", "packages": [...]}
    {"type": "soft_timestamp", "timestamp": 1234567, "rank": 3, "packages": [...]}

`packages` missing or None means every family (`*`); a string means that one family. An entry
may also be an old-style `(type, data)` pair, or an object with `name` and `to_pod()` (a rez
`PackageOrder`); a rez `PackageOrderList` is a list of them. rez is never imported here.

Normalised form (what `pyrer._native.solve_native` takes), one tuple per orderer:
`("no_order", packages)`, `("sorted", packages, descending)`, `("version_split", packages,
first_version)`, `("soft_timestamp", packages, timestamp, rank)`, `("per_family", packages,
[(family, orderer), ...], default_orderer_or_None)`.
"""

from __future__ import annotations

import math
from typing import Any, List, Optional, Tuple

ALL_PACKAGES = "*"
TYPES = ("no_order", "sorted", "per_family", "version_split", "soft_timestamp")
_INT64 = (-(2**63), 2**63 - 1)


class _Bad(ValueError):
    """A malformed orderer, with where it is in the list."""


def _is_orderer_object(obj: Any) -> bool:
    return not isinstance(obj, (dict, list, tuple, str, bytes)) and callable(getattr(obj, "to_pod", None)) \
        and isinstance(getattr(obj, "name", None), str)


def _pod(item: Any, where: str) -> dict:
    """The POD dict of one orderer entry (type included)."""
    if _is_orderer_object(item):
        data = item.to_pod()
        if not isinstance(data, dict):
            raise _Bad("%s: %s.to_pod() returned %s, not a dict" % (where, type(item).__name__, type(data).__name__))
        return dict(data, type=item.name)
    if isinstance(item, dict):
        if "type" not in item:
            raise _Bad("%s: an orderer needs a 'type' (one of %s)" % (where, ", ".join(TYPES)))
        return item
    if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[0], str):
        kind, data = item  # old style: (type_name, data)
        if not isinstance(data, dict):
            raise _Bad("%s: an old-style (type, data) orderer needs a dict as data, got %s"
                       % (where, type(data).__name__))
        return dict(data, type=kind)
    raise _Bad("%s: an orderer is a dict like {'type': 'sorted', 'descending': True}, an old-style "
               "(type, data) pair or a rez PackageOrder, not %r" % (where, item))


def _packages(data: dict, where: str) -> List[str]:
    """rez's `PackageOrder.packages` setter: None -> ['*'], a string -> [it], else sorted."""
    packages = data.get("packages")
    if packages is None:
        return [ALL_PACKAGES]
    if isinstance(packages, str):
        return [packages]
    try:
        names = list(packages)
    except TypeError:
        raise _Bad("%s: 'packages' must be a list of family names, got %r" % (where, packages)) from None
    bad = [n for n in names if not isinstance(n, str)]
    if bad:
        raise _Bad("%s: 'packages' must hold family names (strings), got %r" % (where, bad[0]))
    return sorted(names)


def _required(data: dict, key: str, kind: str, where: str) -> Any:
    if key not in data:
        raise _Bad("%s: a %s orderer needs %r" % (where, kind, key))
    return data[key]


def _int(value: Any, what: str, where: str) -> int:
    """An int setting; a float is floored (the same order against integer package timestamps)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad("%s: %s must be an integer, got %r" % (where, what, value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad("%s: %s must be a finite number, got %r" % (where, what, value))
        value = math.floor(value)
    if not _INT64[0] <= value <= _INT64[1]:
        raise _Bad("%s: %s is out of range: %r" % (where, what, value))
    return int(value)


def _orderer(item: Any, where: str) -> Tuple:
    data = _pod(item, where)
    kind = data["type"]
    if kind == "no_order":
        return ("no_order", _packages(data, where))
    if kind == "sorted":
        return ("sorted", _packages(data, where), bool(_required(data, "descending", kind, where)))
    if kind == "version_split":
        first = _required(data, "first_version", kind, where)
        if not isinstance(first, str):
            first = str(first) if _is_version_like(first) else first
        if not isinstance(first, str):
            raise _Bad("%s: first_version must be a version string, got %r" % (where, first))
        from pyrer._native import Version, VersionError

        try:
            Version(first)
        except VersionError as e:
            raise _Bad("%s: invalid first_version %r: %s" % (where, first, e)) from None
        return ("version_split", _packages(data, where), first)
    if kind == "soft_timestamp":
        timestamp = _int(_required(data, "timestamp", kind, where), "timestamp", where)
        rank = _int(data.get("rank", 0), "rank", where)
        return ("soft_timestamp", _packages(data, where), timestamp, rank)
    if kind == "per_family":
        orderers = _required(data, "orderers", kind, where)
        if isinstance(orderers, (str, bytes, dict)) or not hasattr(orderers, "__iter__"):
            raise _Bad("%s: per_family 'orderers' must be a list, got %r" % (where, orderers))
        pairs = []
        for i, sub in enumerate(orderers):
            sub_where = "%s.orderers[%d]" % (where, i)
            if not isinstance(sub, dict):
                raise _Bad("%s: must be a dict with 'packages' and 'type', got %r" % (sub_where, sub))
            sub = dict(sub)
            if "packages" not in sub:
                raise _Bad("%s: a per_family entry needs 'packages'" % sub_where)
            families = sub.pop("packages")
            inner = _orderer(sub, sub_where)
            try:
                names = list(families)  # as rez iterates them: a string gives its characters
            except TypeError:
                raise _Bad("%s: 'packages' must be a list of family names, got %r" % (sub_where, families)) from None
            for fam in names:
                if not isinstance(fam, str):
                    raise _Bad("%s: 'packages' must hold family names (strings), got %r" % (sub_where, fam))
                pairs.append((fam, inner))
        default = data.get("default_order")
        default_tuple = _orderer(default, where + ".default_order") if default else None
        # rez's PerFamilyOrder applies to the families of its dict, whatever 'packages' says.
        return ("per_family", sorted({fam for fam, _ in pairs}), pairs, default_tuple)
    raise _Bad("%s: unknown package orderer type %r (rez 3.4.0 has %s)" % (where, kind, ", ".join(TYPES)))


def _is_version_like(obj: Any) -> bool:
    return type(obj).__name__ == "Version" and hasattr(obj, "tokens")


def normalise_orderers(value: Any) -> Optional[List[Tuple]]:
    """The native solver's form of `package_orderers`; None for None. Raises `ValueError` with
    the position of the first malformed orderer."""
    if value is None:
        return None
    items: Any = value
    if _is_orderer_object(value):
        items = [value]
    elif isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise ValueError("package_orderers must be a list of orderers (rez's POD form, e.g. "
                         "[{'type': 'sorted', 'descending': False, 'packages': ['foo']}]), not %s"
                         % type(value).__name__)
    try:
        return [_orderer(item, "package_orderers[%d]" % i) for i, item in enumerate(items)]
    except _Bad as e:
        raise ValueError(str(e)) from None


def uses_timestamps(orderers: Optional[List[Tuple]]) -> bool:
    """True if a normalised orderer list has a soft_timestamp orderer (it reads release times)."""
    def uses(o: Optional[Tuple]) -> bool:
        if o is None:
            return False
        if o[0] == "soft_timestamp":
            return True
        if o[0] == "per_family":
            return any(uses(inner) for _, inner in o[2]) or uses(o[3])
        return False

    return any(uses(o) for o in orderers or ())
