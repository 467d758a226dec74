"""Repositories built to make rez's backtracking explode: pigeonhole resolves that no reduction can shortcut."""

from __future__ import annotations

import os
from typing import Dict, List

import pyrer


def pigeonhole(pigeons: int) -> Dict[str, List[List[str]]]:
    """`pigeons` families `p<i>`, one version per hole (`pigeons - 1` holes); version h of p<i>
    requires `hole<h>-<i>`, so two pigeons in one hole conflict. No resolve exists, and rez's
    solver only learns that by trying the placements: the phase count grows factorially."""
    holes = pigeons - 1
    repo: Dict[str, List[List[str]]] = {}
    for i in range(1, pigeons + 1):
        for h in range(1, holes + 1):
            repo["p%d-%d" % (i, h)] = ["hole%d-%d" % (h, i)]
    for h in range(1, holes + 1):
        for i in range(1, pigeons + 1):
            repo["hole%d-%d" % (h, i)] = []
    return repo


def requests(pigeons: int) -> List[str]:
    """The request that places every pigeon."""
    return ["p%d" % i for i in range(1, pigeons + 1)]


def packages(repo: Dict[str, List[List[str]]]) -> List[pyrer.PackageData]:
    """`{"name-version": requires}` as PackageData."""
    out = []
    for key, reqs in repo.items():
        name, version = key.rsplit("-", 1)
        out.append(pyrer.PackageData(name, version, requires=reqs))
    return out


def write(root: str, repo: Dict[str, List[List[str]]]) -> str:
    """Write the repository as `<family>/<version>/package.py` files under `root`."""
    for key, reqs in repo.items():
        name, version = key.rsplit("-", 1)
        folder = os.path.join(root, name, version)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "package.py"), "w") as f:
            f.write("name = %r\nversion = %r\nrequires = %r\n" % (name, version, list(reqs)))
    return root
