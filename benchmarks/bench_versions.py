"""Times version/range parsing, sorting and containment in pyrer against rez.version (same inputs)."""
import argparse
import importlib
import random
import sys
import time

SUFFIXES = ["", "", "", "", "-rc1", "-beta.2", ".alpha3", "_1", "-hotfix", "a", "-2"]


def make_versions(rng, n):
    """Realistic version strings: semver-ish, dates, long tails, suffixes, zero padding."""
    out = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.6:
            parts = [str(rng.randint(0, 12)) for _ in range(rng.randint(1, 4))]
        elif kind < 0.75:
            parts = [str(rng.randint(2015, 2025)), str(rng.randint(1, 4)), str(rng.randint(0, 9))]
        elif kind < 0.9:
            parts = ["%02d" % rng.randint(0, 30), str(rng.randint(0, 99))]
        else:
            parts = ["v" + str(rng.randint(1, 5)), str(rng.randint(0, 20)), "%d" % rng.randint(0, 999)]
        out.append(".".join(parts) + rng.choice(SUFFIXES))
    return out


def make_ranges(rng, versions, n):
    """Range strings of the forms seen in package requirements."""
    forms = ["{a}", "{a}+", "{a}+<{b}", ">={a},<{b}", ">{a}", "<{b}", "=={a}", "{a}..{b}",
             "<{b},>={a}", "{a}|{b}+", "", "<={b}"]
    out = []
    for _ in range(n):
        a, b = rng.choice(versions), rng.choice(versions)
        out.append(rng.choice(forms).format(a=a, b=b))
    return out


def bench(mod, version_strs, range_strs):
    """Run every phase on one module; return (phase timings, a result digest)."""
    V, R, err = mod.Version, mod.VersionRange, mod.VersionError
    times = {}
    t0 = time.perf_counter()
    versions = [V(s) for s in version_strs]
    times["parse versions"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    ordered = sorted(versions)
    times["sort versions"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    ranges = []
    for s in range_strs:
        try:
            ranges.append(R(s))
        except err:  # an upper bound below the lower one: counted, like a real parse
            ranges.append(None)
    times["parse ranges"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    hits = 0
    for v, r in zip(versions, ranges):
        if r is not None and v in r:
            hits += 1
    times["containment"] = time.perf_counter() - t0
    digest = (str(ordered[0]), str(ordered[-1]), str(ordered[len(ordered) // 2]), hits,
              sum(r is None for r in ranges))
    return times, digest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000,
                        help="number of versions and of ranges (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    version_strs = make_versions(rng, args.n)
    range_strs = make_ranges(rng, version_strs, args.n)

    results = {}
    for name in ("pyrer", "rez.version"):
        try:
            mod = importlib.import_module(name)
        except ImportError as exc:
            print("skipping %s: %s" % (name, exc), file=sys.stderr)
            continue
        print("running %s on %d versions and %d ranges..." % (name, args.n, args.n),
              file=sys.stderr)
        results[name] = bench(mod, version_strs, range_strs)

    phases = ["parse versions", "sort versions", "parse ranges", "containment"]
    names = list(results)
    print("%-16s" % "phase" + "".join("%14s" % n for n in names)
          + ("%10s" % "speed-up" if len(names) == 2 else ""))
    for phase in phases + ["total"]:
        row = [sum(results[n][0].values()) if phase == "total" else results[n][0][phase]
               for n in names]
        line = "%-16s" % phase + "".join("%13.3fs" % t for t in row)
        if len(row) == 2:
            line += "%9.1fx" % (row[1] / row[0] if row[0] else float("inf"))
        print(line)
    if len(names) == 2 and results[names[0]][1] != results[names[1]][1]:
        print("WARNING: results differ: %r vs %r" % (results[names[0]][1], results[names[1]][1]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
