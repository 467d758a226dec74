"""Seeded random generator of small rez repositories and requests that stress the solver's corners."""

from __future__ import annotations

import random

MODES = ("version_priority", "intersection_priority")

# Family names: extraction order is code-point order, so mix upper case and underscores in.
FAMILY_NAMES = ["a", "b", "c", "d", "e", "f", "g", "lib_x", "Ab", "B", "_u", "z9", "py", "qt"]
EPHEMERALS = [".eph", ".feat", ".E"]
# Version tokens: numbers with and without leading zeros, alpha tokens, upper case, underscores.
NUM_TOKENS = ["0", "1", "2", "3", "5", "10", "01", "007", "20"]
ODD_TOKENS = ["a", "b", "rc1", "beta", "A", "Z", "B2", "_", "x_y", "1a", "2b", "1_0", "a1", "1A", "0_"]
GHOST = "ghost"  # a family that never exists


def _version(rng: random.Random) -> str:
    n = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
    toks = [rng.choice(ODD_TOKENS) if rng.random() < 0.2 else rng.choice(NUM_TOKENS) for _ in range(n)]
    out = toks[0]
    for t in toks[1:]:
        out += ("-" if rng.random() < 0.08 else ".") + t
    return out


def _versions(rng: random.Random, count: int) -> list:
    """Versions that are distinct in rez's eyes ('1.0' and '1-0' are equal there)."""
    seen, out = set(), []
    for _ in range(count * 4):
        v = _version(rng)
        key = _key(v)
        if key not in seen:
            seen.add(key)
            out.append(v)
        if len(out) == count:
            break
    return out


def _bound_version(rng: random.Random, versions: list) -> str:
    """A version to put in a range: an existing one, a prefix of one, or a fresh one."""
    r = rng.random()
    if versions and r < 0.75:
        return rng.choice(versions)
    if versions and r < 0.9:
        v = rng.choice(versions)
        cut = [i for i, ch in enumerate(v) if ch in ".-"]
        return v[: rng.choice(cut)] if cut else v
    return _version(rng)


def _key(version: str):
    """rez's version order (rez is the oracle's dependency, so the generator may use it too)."""
    from rez.version import Version

    return Version(version)


def _misses(request: str, versions: list) -> bool:
    """True if a plain request matches none of `versions`."""
    from rez.version import Requirement, Version

    req = Requirement(request)
    if req.conflict:
        return False
    return not any(req.range.contains_version(Version(v)) for v in versions)


def _range(rng: random.Random, versions: list) -> str:
    """A range suffix in one of rez's syntaxes ('' is 'any version')."""
    if not versions:
        versions = [_version(rng)]
    v = lambda: _bound_version(rng, versions)  # noqa: E731
    form = rng.randrange(-3, 17)
    if form <= 0:
        return ""
    if form in (1, 2, 3):
        return "-" + v()
    if form == 4:
        return "==" + v()
    if form == 5:
        return "-%s+" % v()
    if form == 6:
        return ">=" + v()
    if form == 7:
        return ">" + v()
    if form == 8:
        return "<" + v()
    if form == 9:
        return "<=" + v()
    lo, hi = v(), v()
    if _key(lo) == _key(hi):
        return "-" + lo
    lo, hi = sorted([lo, hi], key=_key)
    if form == 10:
        return "-%s+<%s" % (lo, hi)
    if form == 11:
        return ">%s<%s" % (lo, hi)
    if form == 12:
        return ">%s<=%s" % (lo, hi)
    if form == 13:
        return "-%s..%s" % (lo, hi)
    if form == 14:
        return "-%s|%s" % (v(), v())
    if form == 15:
        return "-%s+<%s|%s+" % (lo, hi, v())
    return rng.choice(["<%s|>%s" % (lo, hi), "==%s|==%s" % (lo, hi), "-%s|>%s" % (lo, hi)])


def _requirement(rng, name, versions, *, allow_prefix=True) -> str:
    prefix = ""
    if allow_prefix:
        r = rng.random()
        prefix = "!" if r < 0.08 else "~" if r < 0.16 else ""
    if versions == [""]:  # unversioned family: only '', '==' or a range reaching below everything
        rng_str = rng.choice(["", "", "==", "<1", "-0+", "<=0"])
    else:
        rng_str = _range(rng, versions)
    return prefix + name + rng_str


def generate(seed: int) -> dict:
    """One case: {"seed", "repo": {family: [[version, requires, variants-or-None], ...]},
    "requests": [...], "mode", "error_on_missing_variant_requires"}."""
    rng = random.Random(seed)
    big = rng.random() < 0.3  # a third of the cases get wider repositories and deeper searches
    nfam = rng.randint(5, 11) if big else rng.randint(2, 8)
    fams = rng.sample(FAMILY_NAMES, nfam)
    counts = [2, 4, 6, 8, 10, 12] if big else [1, 2, 3, 4, 5, 6, 8]
    versions = {}
    for f in fams:
        versions[f] = [""] if rng.random() < 0.1 else _versions(rng, rng.choice(counts))

    def dep(src_index: int) -> tuple:
        """(family, requirement string) for a package of fams[src_index]."""
        r = rng.random()
        if r < (0.005 if big else 0.02):
            return GHOST, GHOST + _range(rng, ["1"])  # missing family
        if r < 0.1:
            eph = rng.choice(EPHEMERALS)  # package definitions only take plain ephemerals
            return eph, eph + _range(rng, ["1", "2", "1.5"])
        if r < (0.1 if big else 0.2) or src_index == len(fams) - 1:
            target = rng.randrange(len(fams))  # anywhere: cycles and self references possible
        else:
            target = rng.randrange(src_index + 1, len(fams))  # mostly downstream
        name = fams[target]
        req = _requirement(rng, name, versions[name])
        if big and _misses(req, versions[name]) and rng.random() < 0.8:
            req = _requirement(rng, name, versions[name])  # deep searches need fewer dead ends
        if name == fams[src_index] and not req.startswith(("!", "~")):
            req = "~" + req  # a package may name its own family only in weak form
        return name, req

    repo = {}
    for i, f in enumerate(fams):
        pkgs = []
        for v in versions[f]:
            deps = dict(dep(i) for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4])))  # one per family
            requires = list(deps.values())
            variants = None
            if rng.random() < (0.5 if big else 0.35):
                variants = []
                for _ in range(rng.randint(1, 4 if big else 3)):
                    var = dict(d for d in (dep(i) for _ in range(rng.choice([0, 1, 1, 2])))
                               if d[0] not in deps or rng.random() < (0.03 if big else 0.1))
                    plain = [n for n, q in deps.items() if n in versions and versions[n] != [""]
                             and not q.startswith(("!", "~"))]
                    if plain and rng.random() < (0.01 if big else 0.06):  # may conflict with the package's own requires
                        name = rng.choice(plain)
                        var[name] = name + "==" + rng.choice(versions[name])
                    variants.append(list(var.values()))
            pkgs.append([v, requires, variants])
        rng.shuffle(pkgs)
        repo[f] = pkgs

    requests = []
    used = set()
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        r = rng.random()
        if r < 0.015:
            name, vers = GHOST, ["1"]
        elif r < 0.15:
            name, vers = rng.choice(EPHEMERALS), ["1", "2", "1.5"]
        else:
            name = rng.choice(fams)
            vers = versions[name]
        if name in used and rng.random() < 0.7:
            continue
        used.add(name)
        req = _requirement(rng, name, vers)  # '~.eph' with no range: rez raises
        for _ in range(4):  # mostly requests that match a version: a miss only says "error"
            if name not in versions or not _misses(req, vers) or rng.random() < 0.1:
                break
            req = _requirement(rng, name, vers)
        requests.append(req)
    if not requests:
        requests.append(fams[0])
    return {
        "seed": seed,
        "repo": repo,
        "requests": requests,
        "mode": MODES[rng.random() < 0.4],
        "error_on_missing_variant_requires": rng.random() < 0.85,
    }
