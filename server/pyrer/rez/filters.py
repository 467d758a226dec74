"""rez package filters (`package_filter` config, resolve timestamp) applied inside pyrer's family loader."""

from __future__ import annotations

from typing import Any, Callable, Optional


class UnsupportedFilter(ValueError):
    """A package filter this loader cannot apply faithfully (unknown filter or rule class)."""


def _known_rule_types() -> tuple:
    from rez.package_filter import GlobRule, RangeRule, RegexRule, TimestampRule

    return (RegexRule, GlobRule, RangeRule, TimestampRule)


def _filters_of(package_filter: Any) -> list:
    """The `PackageFilter`s inside a `PackageFilterList` (or the filter itself)."""
    from rez.package_filter import PackageFilter, PackageFilterList

    if type(package_filter) is PackageFilterList:
        filters = list(package_filter.filters)
    elif type(package_filter) is PackageFilter:
        filters = [package_filter]
    else:
        raise UnsupportedFilter("unknown package filter type %s" % type(package_filter).__name__)
    for f in filters:
        if type(f) is not PackageFilter:
            raise UnsupportedFilter("unknown package filter type %s" % type(f).__name__)
    return filters


def _rules_of(package_filter: Any) -> list:
    rules = []
    for f in _filters_of(package_filter):
        for table in (f._excludes, f._includes):
            for family_rules in table.values():
                rules.extend(family_rules)
    return rules


def unsupported_reason(package_filter: Any) -> Optional[str]:
    """Why `package_filter` cannot be applied by `StaticFilter`, or None when it can."""
    if not package_filter:
        return None
    try:
        rules = _rules_of(package_filter)
    except UnsupportedFilter as e:
        return str(e)
    except ImportError as e:  # pragma: no cover - rez layout changed
        return "rez.package_filter is not as expected: %s" % e
    known = _known_rule_types()
    for rule in rules:
        if type(rule) not in known:
            return "package filter rule of unknown type %s" % type(rule).__name__
    return None


class _PackageView:
    """What filter rules read from a package (name, version, qualified_name, timestamp), without
    making rez load the package file unless a timestamp is needed and not known otherwise."""

    __slots__ = ("_package", "_timestamp")

    def __init__(self, package: Any, timestamp: Callable[[], Any]) -> None:
        self._package = package
        self._timestamp = timestamp

    @property
    def name(self) -> str:
        return self._package.name

    @property
    def version(self) -> Any:
        return self._package.version

    @property
    def qualified_name(self) -> str:
        return self._package.qualified_name

    @property
    def timestamp(self) -> Any:
        return self._timestamp()


class StaticFilter:
    """A rez package filter, evaluated with rez's own rule classes on a light view of each package."""

    def __init__(self, package_filter: Any) -> None:
        reason = unsupported_reason(package_filter)
        if reason is not None:
            raise UnsupportedFilter(reason)
        from rez.package_filter import TimestampRule

        self.package_filter = package_filter
        self.needs_timestamp = any(type(r) is TimestampRule for r in _rules_of(package_filter))

    def excludes(self, package: Any, timestamp: Callable[[], Any]) -> bool:
        """True if rez's filter hides `package`; `timestamp()` supplies its release time on demand."""
        return bool(self.package_filter.excludes(_PackageView(package, timestamp)))


def static_filter(package_filter: Any) -> Optional[StaticFilter]:
    """A `StaticFilter` for a non-empty filter, None for no filter; raises `UnsupportedFilter`."""
    if not package_filter:
        return None
    return StaticFilter(package_filter)
