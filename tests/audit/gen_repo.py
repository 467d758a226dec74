"""Seeded repositories for the audit and impact tests: layered families with ranges, variants, build and test
requirements, conflicts, a cycle, unknown families, request lists with non-ASCII text."""

from __future__ import annotations

import os
import random
from typing import Dict, List, Tuple

PYTHONS = ["2.7.18", "3.9.16", "3.11.4"]


def _range(rng: random.Random, name: str, versions: List[str]) -> str:
    v = rng.choice(versions)
    major = v.split(".")[0]
    form = rng.random()
    if form < 0.3:
        return name
    if form < 0.55:
        return "%s-%s" % (name, major)
    if form < 0.75:
        return "%s-%s+" % (name, v)
    if form < 0.9:
        return "%s-%s+<%d" % (name, v, int(major) + 1)
    return "%s-%s" % (name, v)


def families(seed: int, count: int = 24) -> Dict[str, Dict[str, dict]]:
    """{family: {version: fields}} in four levels; level 0 is `pyth`, required through variants."""
    rng = random.Random(seed)
    fams: Dict[str, Dict[str, dict]] = {"pyth": {v: {} for v in PYTHONS}}
    levels: List[List[str]] = [["pyth"], [], [], []]
    for i in range(count):
        name = "fam%02d" % i
        level = 1 + i % 3
        levels[level].append(name)
        versions = sorted({"%d.%d" % (rng.randint(1, 3), rng.randint(0, 3)) for _ in range(rng.randint(1, 4))},
                          key=lambda s: tuple(int(x) for x in s.split(".")))
        fams[name] = {}
        for v in versions:
            below = [n for lv in levels[1:level] for n in lv]
            fields: dict = {"requires": []}
            for dep in rng.sample(below, min(len(below), rng.randint(0, 3))):
                fields["requires"].append(_range(rng, dep, list(fams[dep])))
            if rng.random() < 0.4:
                fields["variants"] = [["pyth-%s" % p.rsplit(".", 1)[0]] for p in rng.sample(PYTHONS, rng.randint(1, 3))]
            elif rng.random() < 0.5:
                fields["requires"].append("pyth-%s" % rng.choice(PYTHONS).split(".")[0])
            if rng.random() < 0.15 and below:
                fields["build_requires"] = [_range(rng, rng.choice(below), ["1.0"])]
            if rng.random() < 0.1:
                fields["requires"].append("ghost_%d" % rng.randint(0, 2))  # an unknown family
            if rng.random() < 0.1:
                fields["tests"] = {"unit": {"command": "true", "requires": ["pyth"]}}
            fams[name][v] = fields
    fams["cyca"] = {"1.0": {"requires": ["cycb"]}}
    fams["cycb"] = {"1.0": {"requires": ["cyca"]}}
    return fams


def package_text(name: str, version: str, fields: dict) -> str:
    lines = ["# -*- coding: utf-8 -*-", "name = %r" % name, "version = %r" % version,
             "description = 'générée 🎬 自動'"]
    for key in ("requires", "build_requires", "variants", "tests"):
        if fields.get(key):
            lines.append("%s = %r" % (key, fields[key]))
    return "\n".join(lines) + "\n"


def write_repo(root: str, fams: Dict[str, Dict[str, dict]]) -> str:
    for name, versions in fams.items():
        for version, fields in versions.items():
            folder = os.path.join(root, name, version)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "package.py"), "w", encoding="utf-8") as f:
                f.write(package_text(name, version, fields))
    return root


def request_lines(seed: int, fams: Dict[str, Dict[str, dict]], count: int = 8) -> List[str]:
    rng = random.Random(seed + 1)
    names = sorted(n for n in fams if n.startswith("fam"))
    lines = []
    for i in range(count):
        reqs = [_range(rng, n, list(fams[n])) for n in rng.sample(names, rng.randint(1, 3))]
        if i % 3 == 0:
            reqs.insert(0, "🎬été-1+<")  # not a requirement: PYRER002, and the columns after it count UTF-16 units
        lines.append(" ".join(reqs) + ("  # plan 🎬" if i % 2 else ""))
    return lines


def write_workspace(root: str, seed: int, count: int = 24) -> Tuple[str, str]:
    """A repository under `root/repo` and request lists under `root/requêtes`; returns (repo, requests folder)."""
    fams = families(seed, count)
    repo = write_repo(os.path.join(root, "repo"), fams)
    folder = os.path.join(root, "requêtes")
    os.makedirs(folder, exist_ok=True)
    lines = request_lines(seed, fams)
    with open(os.path.join(folder, "plans-été.rez-requests"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:4]) + "\n")
    with open(os.path.join(folder, "rez-requests.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines[4:]) + "\n")
    return repo, folder
