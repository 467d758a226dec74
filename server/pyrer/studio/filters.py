"""rez's package filters (rez/package_filter.py) as pure Python: glob, regex, range and timestamp rules, excludes then includes."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from pyrer._native import Requirement, Version, VersionedObject, VersionError

_LABEL = re.compile(r"^([^(]+)\(([^\(\)]+)\)$")
_FAMILY = re.compile(r"[^*?]+" + r"[-@#]")


class FilterError(ValueError):
    """A package filter rule rez refuses (rez raises ConfigurationError for it)."""


@dataclass(frozen=True)
class PackageView:
    """What a rule reads of a package: its family name, version string and (lazily) its release time."""

    name: str
    version: str
    timestamp: Callable[[], Optional[int]] = lambda: None

    @property
    def qualified_name(self) -> str:
        return "%s-%s" % (self.name, self.version) if self.version else self.name


class Rule:
    """One rule; `text` is rez's str() of it, `family` the one family it applies to (None: all)."""

    kind = ""
    text = ""
    family: Optional[str] = None

    def match(self, package: PackageView) -> bool:
        raise NotImplementedError

    def cost(self) -> int:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text


def _family_of(txt: str) -> Optional[str]:
    m = _FAMILY.match(txt)
    return m.group()[:-1] if m else None


class RegexRule(Rule):
    """Matches a package whose qualified name (`foo-1.2`) matches a regular expression from its start."""

    kind = "regex"

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.text = "%s(%s)" % (self.kind, pattern)
        self.family = _family_of(pattern)
        self.regex = re.compile(self._regex(pattern))

    @staticmethod
    def _regex(pattern: str) -> str:
        return pattern

    def match(self, package: PackageView) -> bool:
        return bool(self.regex.match(package.qualified_name))

    def cost(self) -> int:
        return 10


class GlobRule(RegexRule):
    """Matches a package whose qualified name matches a glob (`*.beta`)."""

    kind = "glob"

    @staticmethod
    def _regex(pattern: str) -> str:
        return fnmatch.translate(pattern)


class RangeRule(Rule):
    """Matches a package that does not conflict with a requirement (`foo-5+`)."""

    kind = "range"

    def __init__(self, requirement: str) -> None:
        self.requirement = Requirement(requirement)
        self.text = "range(%s)" % self.requirement
        self.family = self.requirement.name

    def match(self, package: PackageView) -> bool:
        try:
            obj = VersionedObject.construct(package.name, Version(package.version))
        except VersionError:
            return False
        return not self.requirement.conflicts_with(obj)

    def cost(self) -> int:
        return 10


class TimestampRule(Rule):
    """Matches a package released before (or, `after(...)`, after) a time; `match_untimestamped` for the rest."""

    kind = "timestamp"

    def __init__(self, timestamp: int, family: Optional[str] = None, reverse: bool = False,
                 match_untimestamped: bool = False) -> None:
        self.timestamp = timestamp
        self.family = family
        self.reverse = reverse
        self.match_untimestamped = match_untimestamped
        self.text = "%s(%s)" % ("after" if reverse else "before",
                                ":".join(([family] if family else []) + [str(timestamp)]))

    def match(self, package: PackageView) -> bool:
        stamp = package.timestamp()
        if not stamp:
            return self.match_untimestamped
        return stamp > self.timestamp if self.reverse else stamp <= self.timestamp

    def cost(self) -> int:
        return 1000


def parse_rule(txt: str) -> Rule:
    """rez's `Rule.parse_rule`: `label(body)`, or a bare glob (has `*`) or range."""
    m = _LABEL.match(txt)
    label, body = (m.group(1), m.group(2)) if m else (None, txt)
    if label is None:
        label = "glob" if "*" in body else "range"
    try:
        if label == "glob":
            return GlobRule(body)
        if label == "regex":
            return RegexRule(body)
        if label == "range":
            return RangeRule(body)
        if label in ("before", "after"):
            family, stamp = body.split(":", 1) if ":" in body else (None, body)
            return TimestampRule(int(stamp), family=family or None, reverse=label == "after")
    except (re.error, VersionError, ValueError) as e:
        raise FilterError("Error parsing package filter '%s(%s)': %s: %s" % (label, body, type(e).__name__, e))
    raise FilterError("'%s' is not a valid package filter type" % label)


@dataclass
class PackageFilter:
    """Exclusion and inclusion rules by family (None: every family), each list cheapest first."""

    excludes_by_family: Dict[Optional[str], List[Rule]] = field(default_factory=dict)
    includes_by_family: Dict[Optional[str], List[Rule]] = field(default_factory=dict)

    @classmethod
    def from_pod(cls, data: dict) -> "PackageFilter":
        if not isinstance(data, dict):
            raise FilterError("a package filter must be a dict with 'excludes' and 'includes', not %r" % (data,))
        f = cls()
        for key, table in (("excludes", f.excludes_by_family), ("includes", f.includes_by_family)):
            rules = data.get(key, [])
            if isinstance(rules, str):
                rules = [rules]
            for text in rules:
                rule = parse_rule(str(text))
                table[rule.family] = sorted(table.get(rule.family, []) + [rule], key=lambda r: r.cost())
        return f

    @property
    def cost(self) -> float:
        total = 0.0
        for family, rules in self.excludes_by_family.items():
            cost = float(sum(r.cost() for r in rules))
            total += cost / 10.0 if family else cost
        return total

    def excludes(self, package: PackageView) -> Optional[Rule]:
        """The rule hiding `package` (an exclusion no inclusion overrides), or None."""
        if not self.excludes_by_family:
            return None
        rule = _first_match(self.excludes_by_family.get(package.name), package) or _first_match(
            self.excludes_by_family.get(None), package)
        if rule is None:
            return None
        if _first_match(self.includes_by_family.get(package.name), package) or _first_match(
                self.includes_by_family.get(None), package):
            return None
        return rule

    def __bool__(self) -> bool:
        return bool(self.excludes_by_family)


def _first_match(rules: Optional[List[Rule]], package: PackageView) -> Optional[Rule]:
    for rule in rules or []:
        if rule.match(package):
            return rule
    return None


@dataclass
class PackageFilterList:
    """Several filters: a package is hidden when any of them hides it (cheapest filter first)."""

    filters: List[PackageFilter] = field(default_factory=list)

    @classmethod
    def from_pod(cls, data: Sequence[dict]) -> "PackageFilterList":
        flist = cls()
        for item in data or []:
            flist.add_filter(PackageFilter.from_pod(item))
        return flist

    def add_filter(self, package_filter: PackageFilter) -> None:
        self.filters = sorted(self.filters + [package_filter], key=lambda f: f.cost)

    def add_exclusion(self, rule: Rule) -> None:
        """rez's PackageFilterList.add_exclusion: into the last filter, or a new one."""
        if self.filters:
            f = self.filters[-1]
            f.excludes_by_family[rule.family] = sorted(f.excludes_by_family.get(rule.family, []) + [rule],
                                                       key=lambda r: r.cost())
        else:
            f = PackageFilter()
            f.excludes_by_family[rule.family] = [rule]
            self.add_filter(f)

    def excludes(self, package: PackageView) -> Optional[Rule]:
        for f in self.filters:
            rule = f.excludes(package)
            if rule is not None:
                return rule
        return None

    @property
    def needs_timestamps(self) -> bool:
        return any(isinstance(r, TimestampRule) for f in self.filters
                   for rules in list(f.excludes_by_family.values()) + list(f.includes_by_family.values()) for r in rules)

    def __bool__(self) -> bool:
        return any(self.filters)


def resolve_filter(pod: Sequence[dict], timestamp: int = 0) -> Tuple[PackageFilterList, List[str]]:
    """The filter a resolve applies: the package_filter setting plus, with a resolve time, rez's
    `after(timestamp)` exclusion (rez's Resolver adds it). Rules rez refuses come back as messages."""
    problems: List[str] = []
    try:
        flist = PackageFilterList.from_pod(pod)
    except FilterError as e:
        problems.append(str(e))
        flist = PackageFilterList()
    if timestamp:
        flist.add_exclusion(TimestampRule(timestamp, reverse=True))
    return flist, problems
