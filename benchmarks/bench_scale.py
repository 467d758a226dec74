"""Measures how pyrer's solve time and memory grow with repository size on seeded synthetic repositories."""
import argparse
import os
import random
import sys
import time

from _common import (IMAGES, command_line, fmt, machine_md, pypi_python, pyplot, rss_mb, run_worker,
                     save_figure, stats, variant_str, write_section)

LEVELS = 6    # family i sits at level i % LEVELS and requires families of the next level only: no cycles
WINDOW = 12   # ... chosen near its own position, so a request's closure does not grow with the repository
PYTHONS = ["2.7.18", "3.7.17", "3.9.19", "3.11.9"]


def versions_of(seed, i):
    """A few versions of family i; independent of the repository size."""
    rng = random.Random("%s-v-%d" % (seed, i))
    majors = sorted(rng.sample(range(1, 6), rng.randint(1, 3)))
    return ["%d.%d.%d" % (m, n, rng.randint(0, 9)) for m in majors for n in sorted(rng.sample(range(6), rng.randint(1, 3)))]


def a_range(rng, name, versions):
    """A requirement on `name` in one of the usual forms, built from one of its real versions."""
    major, minor = rng.choice(versions).split(".")[:2]
    return rng.choice(["%s" % name, "%s-%s" % (name, major), "%s-%s+" % (name, major),
                       "%s-%s.%s+<%d" % (name, major, minor, int(major) + 1), "%s-%s.%s" % (name, major, minor)])


def generate(n, seed):
    """Rows [name, version, requires, variants-or-None] of an n-family repository plus `python`."""
    pools = [len(range(lvl, n, LEVELS)) for lvl in range(LEVELS)]
    rows = [["python", v, [], None] for v in PYTHONS]
    for i in range(n):
        lvl, pos = i % LEVELS, i // LEVELS
        for v in versions_of(seed, i):
            rng = random.Random("%s-r-%d-%s" % (seed, i, v))
            deps = set()
            if lvl + 1 < LEVELS and pools[lvl + 1]:
                deps = {((pos + rng.randint(-WINDOW, WINDOW)) % pools[lvl + 1]) * LEVELS + lvl + 1
                        for _ in range(rng.choice([0, 1, 1, 2, 2, 3]))}
            requires = [a_range(rng, "fam%05d" % j, versions_of(seed, j)) for j in sorted(deps)]
            variants = None
            if rng.random() < 0.25:
                variants = [["python-%s" % p.rsplit(".", 1)[0]] for p in rng.sample(PYTHONS[1:], rng.randint(2, 3))]
            rows.append(["fam%05d" % i, v, requires, variants])
    return rows


def make_requests(count, seed):
    """Requests on families that exist at every size (the first 500), close to each other."""
    rng = random.Random("%s-requests" % seed)
    out = []
    for _ in range(count):
        base = rng.randrange(0, 500 // LEVELS - 12)
        fams = sorted({(base + rng.randint(0, 10)) * LEVELS + rng.randint(0, 1) for _ in range(rng.randint(2, 4))})
        req = [a_range(rng, "fam%05d" % i, versions_of(seed, i)) if rng.random() < 0.5 else "fam%05d" % i
               for i in fams]
        if rng.random() < 0.3:
            req.append(rng.choice(["python-3", "~python-3.9", "python-3.11"]))
        out.append(req)
    return out


def worker(a):
    """One size, one implementation: build, solve every request in list and Repository forms."""
    import pyrer
    out = {"rss": {"import": rss_mb("VmRSS")}, "ms": {}, "solves": {}}
    rows, requests = generate(a.size, a.seed), make_requests(a.requests, a.seed)
    out["packages"], out["rss"]["rows"] = len(rows), rss_mb("VmRSS")
    t0 = time.perf_counter()
    forms = {"list": [pyrer.PackageData(*r) for r in rows]}
    out["ms"]["package_data"], out["rss"]["package_data"] = (time.perf_counter() - t0) * 1000, rss_mb("VmRSS")
    if hasattr(pyrer, "Repository"):
        t0 = time.perf_counter()
        forms["repository"] = pyrer.Repository(forms["list"])
        out["ms"]["repository"], out["rss"]["repository"] = (time.perf_counter() - t0) * 1000, rss_mb("VmRSS")
    for form, pkgs in forms.items():
        pyrer.solve(requests[0], pkgs, variant_select_mode=a.mode)  # warm-up
        res = out["solves"][form] = []
        for req in requests:
            t0 = time.perf_counter()
            try:
                r = pyrer.solve(req, pkgs, variant_select_mode=a.mode)
            except Exception as e:  # PyPI's pyrer panics on some inputs
                res.append({"status": "exception: " + type(e).__name__, "resolved": [], "solve_ms": None,
                            "wall_ms": None})
                continue
            res.append({"status": r.status, "solve_ms": r.solve_time_ms, "wall_ms": (time.perf_counter() - t0) * 1000,
                        "resolved": [variant_str(v.name, v.version, v.variant_index) for v in r.resolved_packages]})
    out["rss"]["peak"] = rss_mb("VmHWM")
    return out


def table(results, sizes):
    """Markdown table, one row per (size, implementation, form)."""
    L = ["| families | packages | solver | form | build ms | wall/solve median ms | p95 | Rust solve median ms "
         "| RSS after build MiB (rows alone) | peak MiB | solved/failed/error | same as ours |",
         "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---|---:|"]
    for n in sizes:
        ours = results.get(("ours", n))
        for impl in ("ours", "pypi"):
            r = results.get((impl, n))
            for form, res in (r or {}).get("solves", {}).items():
                build = r["ms"]["package_data"] + (r["ms"].get("repository", 0) if form == "repository" else 0)
                w, s = stats([x["wall_ms"] for x in res]), stats([x["solve_ms"] for x in res])
                st = [sum(x["status"] == k for x in res) for k in ("solved", "failed", "error")]
                same = sum((x["status"], x["resolved"]) == (y["status"], y["resolved"])
                           for x, y in zip(res, ours["solves"]["list"])) if ours else 0
                L.append("| %d | %d | %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s | %d/%d |" % (
                    n, r["packages"], "ours" if impl == "ours" else "PyPI pyrer 1.0.0rc3", form, fmt(build),
                    fmt(w["median"]), fmt(w["p95"]), fmt(s["median"]),
                    fmt(r["rss"]["repository" if form == "repository" else "package_data"]), fmt(r["rss"]["rows"]),
                    fmt(r["rss"]["peak"]), "/".join(map(str, st)), same, len(res)))
    return "\n".join(L)


def plot(results, sizes, path):
    """Median wall time per solve and memory for the packages, against the number of families."""
    plt = pyplot()
    if plt is None:
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for impl, form, label in (("ours", "list", "ours, list"), ("ours", "repository", "ours, Repository"),
                              ("pypi", "list", "PyPI pyrer, list")):
        ns = [n for n in sizes if (results.get((impl, n)) or {}).get("solves", {}).get(form)]
        if not ns:
            continue
        get = lambda n, k: stats([x[k] for x in results[impl, n]["solves"][form]])["median"]
        line, = ax1.plot(ns, [get(n, "wall_ms") for n in ns], "o-", label=label + ": wall")
        ax1.plot(ns, [get(n, "solve_ms") for n in ns], "x--", color=line.get_color(), label=label + ": Rust solve")
        key = "repository" if form == "repository" else "package_data"
        ax2.plot(ns, [results[impl, n]["rss"][key] - results[impl, n]["rss"]["rows"] for n in ns], "o-",
                 label="ours, PackageData list + Repository" if form == "repository" else label)
    ax1.set(xscale="log", yscale="log", xlabel="families", ylabel="median ms per solve", title="solve time")
    ax2.set(xscale="log", yscale="log", xlabel="families", ylabel="MiB above the rows alone",
            title="memory of PackageData (+ Repository)")
    for ax in (ax1, ax2):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    save_figure(fig, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000, 10000, 20000])
    ap.add_argument("--requests", "--limit", type=int, default=30, help="number of requests per size")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mode", default="version_priority", choices=("version_priority", "intersection_priority"))
    ap.add_argument("--pypi-python", default=None, help="interpreter with PyPI's pyrer 1.0.0rc3")
    ap.add_argument("--no-pypi", action="store_true")
    ap.add_argument("--python", default=sys.executable, help="interpreter with our pyrer")
    ap.add_argument("--write-docs", action="store_true", help="add a section to docs/benchmarks.md and a plot")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        import json
        with open(a.out, "w") as f:
            json.dump(worker(a), f)
        return 0
    pypi = None if a.no_pypi else pypi_python(a.pypi_python)
    results = {}
    for n in a.sizes:
        argv = ["--worker", "--size", str(n), "--seed", str(a.seed), "--requests", str(a.requests), "--mode", a.mode]
        for impl, py in (("ours", a.python), ("pypi", pypi)):
            if py:
                print("size %d: %s ..." % (n, impl), file=sys.stderr, flush=True)
                results[impl, n] = run_worker(py, os.path.abspath(__file__), argv)
    text = table(results, a.sizes)
    print(text)
    if a.write_docs:
        write_section("bench_scale", "\n".join([
            "## Scaling with repository size (synthetic repositories)", "",
            "Seeded repositories of N families (a few versions each, requirements with ranges on nearby "
            "families of the next of %d levels, a quarter of the packages with `python` variants) and "
            "%d requests; `%s`. Each (size, solver) runs in its own process. Build = `PackageData` "
            "from rows (+ `pyrer.Repository` for the Repository form); wall = one `pyrer.solve` call." % (
                LEVELS, a.requests, a.mode), ""] + machine_md(command_line()) + ["", text, "",
            "![scaling](images/bench_scale.png)"]))
        plot(results, a.sizes, os.path.join(IMAGES, "bench_scale.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
