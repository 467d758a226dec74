"""pyrer.studio's package filters against rez's own PackageFilterList, rule by rule, on seeded random filters."""

from __future__ import annotations

import random

import pytest

from pyrer.studio.filters import FilterError, PackageFilterList, PackageView, TimestampRule, parse_rule

NAMES = ["maya", "nuke", "python", "lib_x", "a.b", "Qt"]
VERSIONS = ["1", "1.0", "1.0.beta", "2.1", "2.1.3", "10", "2021.1", "3.beta2", "", "1-0", "alpha"]
RULES = ["glob(*.beta)", "*.beta*", "glob(maya-*)", "maya-2+", "range(nuke-1+<3)", "regex(.*-1\\..*)",
         "regex(python-2.*)", "before(1500)", "after(1500)", "after(maya:1200)", "before(nuke:1800)", "lib_x",
         "glob(lib_?-1*)", "range(python<3)", "Qt-1..2", "regex(a\\.b.*)", "glob(*)", "*-1"]


class _RezPackage:
    """What rez's rules read off a rez Package."""

    def __init__(self, name: str, version: str, timestamp):
        from rez.version import Version

        self.name = name
        self.version = Version(version)
        self.timestamp = timestamp
        self.qualified_name = "%s-%s" % (name, version) if version else name


def _random_pod(rng: random.Random) -> list:
    pod = []
    for _ in range(rng.randint(1, 3)):
        f = {"excludes": rng.sample(RULES, rng.randint(0, 3))}
        if rng.random() < 0.6:
            f["includes"] = rng.sample(RULES, rng.randint(1, 2))
        pod.append(f)
    return pod


@pytest.mark.parametrize("seed", range(60))
def test_same_exclusions_as_rez(seed):
    from rez.package_filter import PackageFilterList as RezList
    from rez.package_filter import TimestampRule as RezTimestampRule

    rng = random.Random(seed)
    pod = _random_pod(rng)
    ours, theirs = PackageFilterList.from_pod(pod), RezList.from_pod(pod)
    if seed % 3 == 0:  # a resolve time, as rez's Resolver adds it
        ours.add_exclusion(TimestampRule(1600, reverse=True))
        theirs = theirs.copy()
        theirs.add_exclusion(RezTimestampRule.after(1600))
    assert bool(ours) == bool(theirs)
    for _ in range(80):
        name, version = rng.choice(NAMES), rng.choice(VERSIONS)
        stamp = rng.choice([None, 0, 1000, 1500, 1501, 2000])
        rule = theirs.excludes(_RezPackage(name, version, stamp))
        mine = ours.excludes(PackageView(name, version, lambda s=stamp: s))
        assert (str(mine) if mine else None) == (str(rule) if rule else None), (pod, name, version, stamp)


@pytest.mark.parametrize("text", ["bogus(x)", "range(foo--1)", "regex([)", "after(abc)"])
def test_rules_rez_refuses(text):
    from rez.exceptions import ConfigurationError
    from rez.package_filter import Rule

    with pytest.raises(ConfigurationError):
        Rule.parse_rule(text)
    with pytest.raises(FilterError):
        parse_rule(text)
