"""Seeded studio settings on top of generated cases: release timestamps, package orderers, package
filters and package data rez's schema rejects."""

from __future__ import annotations

import random

from tests.differential.repo_gen import generate

# Requirement strings rez's package schema rejects (`PackageRequest`) although `Requirement` parses
# them, and ones neither parses.
BAD_REQUIREMENTS = ["~.eph", "!.feat", "a b", "x..y", "__pycache__", ".", "-1", "q-1..2..3", "r->>1"]


def _timestamps(rng: random.Random, repo: dict) -> dict:
    """{family: {version: timestamp-or-None}}: mostly increasing with the version, some missing."""
    from rez.version import Version

    out = {}
    for fam, pkgs in repo.items():
        stamps = {}
        ordered = sorted((p[0] for p in pkgs), key=Version)
        t = rng.randint(1000, 1100)
        for v in ordered:
            t += rng.randint(1, 50)
            r = rng.random()
            stamps[v] = None if r < 0.1 else 0 if r < 0.13 else (t if r < 0.85 else rng.randint(1000, 2000))
        out[fam] = stamps
    return out


def _first_version(rng: random.Random, versions: list) -> str:
    v = rng.choice(versions) if versions and rng.random() < 0.8 else rng.choice(["1", "2", "0", "5", "10"])
    cut = [i for i, ch in enumerate(v) if ch in ".-"]
    if cut and rng.random() < 0.3:
        v = v[: rng.choice(cut)]
    return v or "1"


def _leaf(rng: random.Random, case: dict, stamps: dict, fam: str) -> dict:
    """One non-per_family orderer (without 'packages'), its parameters drawn from `fam`'s packages."""
    versions = [p[0] for p in case["repo"].get(fam, []) if p[0]]
    kind = rng.choice(["no_order", "sorted", "sorted", "version_split", "version_split",
                       "soft_timestamp", "soft_timestamp", "soft_timestamp"])
    if kind == "no_order":
        return {"type": "no_order"}
    if kind == "sorted":
        return {"type": "sorted", "descending": rng.random() < 0.4}
    if kind == "version_split":
        return {"type": "version_split", "first_version": _first_version(rng, versions)}
    known = [t for t in stamps.get(fam, {}).values() if t]
    t = rng.choice(known) + rng.choice([-1, 0, 0, 1]) if known and rng.random() < 0.85 else rng.randint(900, 2100)
    out = {"type": "soft_timestamp", "timestamp": t}
    r = rng.random()
    if r < 0.25:
        out["rank"] = rng.choice([1, 2, 3])
    elif r < 0.4:
        out["rank"] = 0
    return out


def _orderers(rng: random.Random, case: dict, stamps: dict) -> list:
    fams = list(case["repo"])
    out = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        r = rng.random()
        if r < 0.2:  # per_family, with or without default
            entries = []
            pool = rng.sample(fams, min(len(fams), rng.randint(1, 3)))
            while pool:
                take, pool = pool[: rng.randint(1, 2)], pool[2:]
                entries.append(dict(_leaf(rng, case, stamps, take[0]), packages=take))
            orderer = {"type": "per_family", "orderers": entries}
            if rng.random() < 0.5:
                orderer["default_order"] = _leaf(rng, case, stamps, rng.choice(fams))
        else:
            fam = rng.choice(fams)
            orderer = _leaf(rng, case, stamps, fam)
            p = rng.random()
            if p < 0.3:
                pass  # no 'packages': every family ('*')
            elif p < 0.4:
                orderer["packages"] = ["*"]
            elif p < 0.5:
                orderer["packages"] = fam  # a single name
            else:
                named = rng.sample(fams, min(len(fams), rng.randint(1, 2)))
                if out and rng.random() < 0.3:  # a family another orderer names too
                    earlier = out[-1].get("packages")
                    if isinstance(earlier, list) and earlier:
                        named.append(earlier[0])
                orderer["packages"] = named
        out.append(orderer)
    return out


def generate_ordered(seed: int) -> dict:
    """A generated case with release timestamps and package orderers."""
    case = generate(seed)
    rng = random.Random(("orderers", seed).__repr__())
    stamps = _timestamps(rng, case["repo"])
    return dict(case, timestamps=stamps, orderers=_orderers(rng, case, stamps))


def _filter(rng: random.Random, case: dict) -> list:
    fams = list(case["repo"])
    excludes, includes = [], []
    for _ in range(rng.choice([1, 1, 1, 2])):
        fam = rng.choice(fams)
        versions = [p[0] for p in case["repo"][fam] if p[0]]
        r = rng.random()
        if r < 0.5 and versions:
            v = rng.choice(versions)
            excludes.append("glob(%s-%s)" % (fam, v) if rng.random() < 0.5 else
                            "glob(%s-%s*)" % (fam, v.split(".")[0]))
        elif r < 0.58:
            excludes.append("glob(%s*)" % fam)  # may hide a whole family
        elif r < 0.85 and versions:
            excludes.append("range(%s-%s+)" % (fam, rng.choice(versions)))
        else:
            excludes.append("glob(*.%s*)" % rng.choice(["1", "2", "0", "b", "a"]))
    if rng.random() < 0.3:
        fam = rng.choice(fams)
        includes.append("glob(%s-*)" % fam)
    out = {"excludes": excludes}
    if includes:
        out["includes"] = includes
    return [out]


def generate_filtered(seed: int) -> dict:
    """A generated case with a package filter (and sometimes orderers, timestamps included)."""
    rng = random.Random(("filter", seed).__repr__())
    case = generate_ordered(seed) if rng.random() < 0.4 else generate(seed)
    return dict(case, package_filter=_filter(rng, case))


def generate_invalid(seed: int) -> dict:
    """A generated case where some packages' requires or variants hold strings rez rejects."""
    case = generate(seed)
    rng = random.Random(("invalid", seed).__repr__())
    repo = {}
    for fam, pkgs in case["repo"].items():
        rows = []
        for version, requires, variants in pkgs:
            requires = list(requires)
            variants = None if variants is None else [list(v) for v in variants]
            if rng.random() < 0.07:
                bad = rng.choice(BAD_REQUIREMENTS)
                if variants and rng.random() < 0.5:
                    k = rng.randrange(len(variants))
                    variants[k].insert(rng.randint(0, len(variants[k])), bad)
                else:
                    requires.insert(rng.randint(0, len(requires)), bad)
            rows.append([version, requires, variants])
        repo[fam] = rows
    return dict(case, repo=repo)
