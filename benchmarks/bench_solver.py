"""Times rez 3.4.0, PyPI's pyrer 1.0.0rc3 and ours on rez's 188 benchmark requests and checks they agree."""
import argparse
import glob
import gzip
import importlib.util
import json
import os
import shutil
import sys
import tarfile
import tempfile
import time

from _common import (CACHE, IMAGES, ROOT, command_line, fmt, machine_md, pypi_python, pyplot, rss_mb,
                     run_worker, save_figure, stats, variant_str, write_section)

GOLDEN = os.path.join(ROOT, "tests", "golden")
MODES = ("version_priority", "intersection_priority")


def load_rows():
    """rez's benchmark packages as [name, version, requires, variants-or-None] rows."""
    with gzip.open(os.path.join(GOLDEN, "benchmark_packages.json.gz"), "rt") as f:
        return json.load(f)["packages"]


def load_golden(limit):
    """rez's recorded answers (and times) for the first `limit` requests."""
    with open(os.path.join(GOLDEN, "benchmark_resolves.json")) as f:
        return json.load(f)["cases"][:limit]


def worker_pyrer(a, requests):
    """Runs in ours' or PyPI's interpreter: loads, solves (list / Repository forms), parses package.py."""
    import pyrer
    out = {"load": {}, "rss": {"import": rss_mb("VmRSS")}, "solves": {}}
    rows = load_rows()
    out["rss"]["rows"] = rss_mb("VmRSS")
    t0 = time.perf_counter()
    packages = [pyrer.PackageData(n, v, r, var) for n, v, r, var in rows]
    out["load"]["package_data_ms"] = (time.perf_counter() - t0) * 1000
    out["rss"]["package_data"] = rss_mb("VmRSS")
    forms = {"list": packages}
    if hasattr(pyrer, "Repository"):
        t0 = time.perf_counter()
        forms["repository"] = pyrer.Repository(packages)
        out["load"]["repository_ms"] = (time.perf_counter() - t0) * 1000
        out["rss"]["repository"] = rss_mb("VmRSS")
    for mode in a.modes:
        for form, pkgs in forms.items():
            pyrer.solve(requests[0], pkgs, variant_select_mode=mode)  # warm-up, not counted
            res = out["solves"].setdefault(mode, {}).setdefault(form, [])
            for i, req in enumerate(requests):
                t0 = time.perf_counter()
                try:
                    r = pyrer.solve(req, pkgs, variant_select_mode=mode)
                except Exception as e:  # PyPI's pyrer panics on some inputs
                    res.append({"status": "exception: %s" % type(e).__name__, "resolved": [],
                                "solve_ms": None, "wall_ms": (time.perf_counter() - t0) * 1000})
                    continue
                wall = (time.perf_counter() - t0) * 1000
                res.append({"status": r.status, "solve_ms": r.solve_time_ms, "wall_ms": wall,
                            "resolved": [variant_str(v.name, v.version, v.variant_index)
                                         for v in r.resolved_packages] if r.status == "solved" else []})
            print("  %s %s %s: %d solves" % (a.worker_name, mode, form, len(res)), file=sys.stderr)
    out["rss"]["solves"] = rss_mb("VmRSS")
    with open(a.paths) as f:
        paths = f.read().split("\n")
    times = []
    for _ in range(5):  # best of 5: the first run also pays for cold file reads
        t0 = time.perf_counter()
        parsed = pyrer.parse_static_packages_py(paths)
        times.append((time.perf_counter() - t0) * 1000)
    by_key = {(n, v): (r, var or []) for n, v, r, var in rows}
    differ = sum(1 for p in parsed if p is not None and by_key.get((p.name, p.version)) !=
                 (list(p.requires), [list(x) for x in (p.variants or [])]))
    out["parse"] = {"files": len(paths), "ms": min(times), "none": sum(p is None for p in parsed),
                    "differ": differ, "none_files": [os.path.relpath(p, a.repo) for p, x in
                                                     zip(paths, parsed) if x is None]}
    out["rss"]["peak"] = rss_mb("VmHWM")
    return out


def worker_rez(a, requests):
    """Runs rez's own Solver on the unpacked repository, after warming its caches like rez-benchmark."""
    sys.path.insert(0, ROOT)
    from rez.packages import iter_package_families
    from tests.differential.rez_oracle import RezOracle
    out = {"load": {}, "rss": {"import": rss_mb("VmRSS")}, "solves": {}}
    with RezOracle() as oracle:
        t0 = time.perf_counter()
        for fam in iter_package_families(paths=[a.repo]):
            for pkg in fam.iter_packages():
                pkg.validate_data()
                for _ in pkg.iter_variants():
                    pass
        out["load"]["rez_warm_ms"] = (time.perf_counter() - t0) * 1000
        out["rss"]["rows"] = rss_mb("VmRSS")  # rez's analogue: every package loaded and cached
        for mode in a.modes:
            res = out["solves"].setdefault(mode, {}).setdefault("Solver", [])
            for i, req in enumerate(requests):
                o = oracle.solve(req, [a.repo], mode)
                res.append({"status": o["status"], "resolved": o["resolved"],
                            "solve_ms": o["time_s"] * 1000, "wall_ms": o["time_s"] * 1000})
                print("  rez %s [%d/%d] %.2fs" % (mode, i + 1, len(requests), o["time_s"]), file=sys.stderr)
    out["rss"]["solves"] = rss_mb("VmRSS")
    out["rss"]["peak"] = rss_mb("VmHWM")
    return out


def recorded_rez(golden, modes):
    """rez's answers and times as recorded in benchmark_resolves.json (no rez run)."""
    return {"load": {}, "rss": {}, "recorded": list(modes), "solves": {m: {"Solver": [
        {"status": c[m]["status"], "resolved": c[m]["resolved"], "solve_ms": c[m]["time_s"] * 1000,
         "wall_ms": c[m]["time_s"] * 1000} for c in golden]} for m in modes}}


def benchmark_repo():
    """rez's data/benchmarking/packages.tar.gz (found without importing rez), unpacked once into
    ~/.cache/pyrer-bench (unpacking and deleting 18,226 files is slow on some filesystems)."""
    spec = importlib.util.find_spec("rez")
    tar = os.path.join(os.path.dirname(spec.origin), "data", "benchmarking", "packages.tar.gz")
    dest = os.path.join(CACHE, "rez-benchmark-%d" % os.path.getsize(tar))
    if not os.path.exists(os.path.join(dest, "complete")):
        os.makedirs(CACHE, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix="unpack-", dir=CACHE)
        with tarfile.open(tar) as tf:
            try:
                tf.extractall(tmp, filter="data")
            except TypeError:
                tf.extractall(tmp)
        shutil.rmtree(dest, ignore_errors=True)
        os.rename(tmp, dest)
        open(os.path.join(dest, "complete"), "w").close()
    return os.path.join(dest, "packages")


def report(results, requests, modes):
    """Markdown: timing tables, ratios, agreement, load / parse / memory tables."""
    names = {"rez": "rez 3.4.0", "pypi": "PyPI pyrer 1.0.0rc3", "ours": "ours"}
    L = []
    for mode in modes:
        names["rez"] = "rez 3.4.0" + (" (recorded)" if mode in results["rez"].get("recorded", []) else "")
        ref = results["rez"]["solves"][mode]["Solver"]
        L += ["", "### %s — %d requests%s" % (mode, len(requests), "; rez's times are those recorded in "
              "tests/golden/benchmark_resolves.json, not re-run" if "(" in names["rez"] else ""), "",
              "| solver | form | solve total ms | median | p95 | max | wall/solve total ms | median | p95 | max | agrees with rez |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        rows, bad = {}, {}
        for impl in ("rez", "pypi", "ours"):
            for form, res in (results.get(impl) or {}).get("solves", {}).get(mode, {}).items():
                s, w = stats([r["solve_ms"] for r in res]), stats([r["wall_ms"] for r in res])
                rows[impl, form] = (s, w)
                bad[impl, form] = [i for i, (r, g) in enumerate(zip(res, ref))
                                   if (r["status"], r["resolved"]) != (g["status"], g["resolved"])]
                L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d/%d |" % (
                    names[impl], form, *[fmt(s[k]) for k in ("total", "median", "p95", "max")],
                    *[fmt(w[k]) for k in ("total", "median", "p95", "max")], len(res) - len(bad[impl, form]), len(res)))
        L += ["", "Ratios ours / other (below 1: ours is faster; rez's time is Solver construction + solve):", "",
              "| ours | other | solve total | solve median | wall total | wall median |", "|---|---|---:|---:|---:|---:|"]
        for form in ("list", "repository"):
            for other in [k for k in rows if k[0] == "pypi"] + [k for k in rows if k[0] == "rez"]:
                if ("ours", form) in rows:
                    (s, w), (os_, ow) = rows["ours", form], rows[other]
                    r = [a[k] / b[k] if a[k] is not None and b[k] else None for a, b in ((s, os_), (w, ow))
                         for k in ("total", "median")]
                    L.append("| %s | %s %s | %s |" % (form, names[other[0]].split(" (")[0], other[1],
                                                      " | ".join(fmt(x) for x in r)))
        for key, idx in bad.items():
            if idx and key[0] != "rez":
                L += ["", "%s (%s) differs from rez on %d request(s):" % (names[key[0]], key[1], len(idx))]
                res = results[key[0]]["solves"][mode][key[1]]
                for i in idx[:15]:
                    L.append("- #%d `%s`: rez %s %d pkgs, got %s %d pkgs" % (
                        i, " ".join(requests[i])[:70], ref[i]["status"], len(ref[i]["resolved"]),
                        res[i]["status"], len(res[i]["resolved"])))
                if len(idx) > 15:
                    L.append("- ... and %d more" % (len(idx) - 15))
    L += ["", "### Loading and static parsing (18,226 packages)", "", "| step | ours | PyPI pyrer 1.0.0rc3 |", "|---|---:|---:|"]
    o, p = results.get("ours") or {}, results.get("pypi") or {}
    for label, f in (("PackageData from rows, ms", lambda r: r.get("load", {}).get("package_data_ms")),
                     ("pyrer.Repository(list), ms", lambda r: r.get("load", {}).get("repository_ms")),
                     ("parse_static_packages_py, all files, ms (best of 5)", lambda r: r.get("parse", {}).get("ms")),
                     ("files returned as None", lambda r: r.get("parse", {}).get("none")),
                     ("parsed, but fields differ from rez's loader", lambda r: r.get("parse", {}).get("differ"))):
        L.append("| %s | %s | %s |" % (label, fmt(f(o), 4), fmt(f(p), 4)))
    if results["rez"].get("load"):
        L.append("\nrez warmed its caches (load, validate, iterate variants of every package) in %s ms." %
                 fmt(results["rez"]["load"]["rez_warm_ms"], 4))
    L += ["", "### Peak memory (RSS, MiB; each solver in its own process)", "",
          "| process | after import | rows loaded (rez: caches warmed) | PackageData | Repository | after solves | peak |", "|---|---:|---:|---:|---:|---:|---:|"]
    for impl in ("rez", "pypi", "ours"):
        r = (results.get(impl) or {}).get("rss")
        if r:
            L.append("| %s | %s |" % (names[impl].split(" (")[0], " | ".join(
                fmt(r.get(k), 4) for k in ("import", "rows", "package_data", "repository", "solves", "peak"))))
    return "\n".join(L)


def plot(results, modes, path):
    """Per-request solve time, log scale, requests sorted by rez's time."""
    plt = pyplot()
    if plt is None:
        return
    fig, axes = plt.subplots(1, len(modes), figsize=(6.5 * len(modes), 4.5), squeeze=False)
    for ax, mode in zip(axes[0], modes):
        rez = results["rez"]["solves"][mode]["Solver"]
        order = sorted(range(len(rez)), key=lambda i: rez[i]["solve_ms"])
        series = [("rez 3.4.0 Solver", rez, "solve_ms")]
        if results.get("pypi"):
            series.append(("PyPI pyrer: Rust solve", results["pypi"]["solves"][mode]["list"], "solve_ms"))
        series += [("ours: Rust solve", results["ours"]["solves"][mode]["list"], "solve_ms"),
                   ("ours: wall, Repository", results["ours"]["solves"][mode]["repository"], "wall_ms")]
        for label, res, key in series:
            ax.plot(range(len(order)), [res[i][key] or float("nan") for i in order], ".", ms=3, label=label)
        ax.set_yscale("log")
        ax.set(title=mode, xlabel="request (sorted by rez's time)", ylabel="ms per solve")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    save_figure(fig, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=None, help="only the first N requests")
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    ap.add_argument("--skip-rez", action="store_true", help="use rez's recorded times instead of running rez")
    ap.add_argument("--rez-modes", nargs="+", choices=MODES, help="re-run rez only in these modes (recorded in the others)")
    ap.add_argument("--pypi-python", default=None, help="interpreter with PyPI's pyrer 1.0.0rc3")
    ap.add_argument("--python", default=sys.executable, help="interpreter with rez and our pyrer")
    ap.add_argument("--write-docs", action="store_true", help="write docs/benchmarks.md and docs/images/bench_solver.png")
    ap.add_argument("--worker", choices=("rez", "pyrer"), help=argparse.SUPPRESS)
    ap.add_argument("--worker-name", default="", help=argparse.SUPPRESS)
    ap.add_argument("--repo", help=argparse.SUPPRESS)
    ap.add_argument("--paths", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    with open(os.path.join(GOLDEN, "benchmark_resolves.json")) as f:
        requests = [c["request"] for c in json.load(f)["cases"]][:a.limit]
    if a.worker:
        out = (worker_rez if a.worker == "rez" else worker_pyrer)(a, requests)
        with open(a.out, "w") as f:
            json.dump(out, f)
        return 0
    golden = load_golden(a.limit)
    repo = benchmark_repo()
    paths = sorted(glob.glob(os.path.join(repo, "*", "*", "package.py")))
    with tempfile.NamedTemporaryFile("w", prefix="pyrer-bench-paths-", suffix=".txt") as pf:
        pf.write("\n".join(paths))
        pf.flush()
        common = ["--repo", repo, "--paths", pf.name, "--modes", *a.modes]
        common += ["--limit", str(a.limit)] if a.limit else []
        script = os.path.abspath(__file__)
        results = {"ours": run_worker(a.python, script, ["--worker", "pyrer", "--worker-name", "ours"] + common)}
        pypi = pypi_python(a.pypi_python)
        results["pypi"] = pypi and run_worker(pypi, script, ["--worker", "pyrer", "--worker-name", "pypi"] + common)
        live = [] if a.skip_rez else [m for m in a.modes if m in (a.rez_modes or a.modes)]
        results["rez"] = recorded_rez(golden, [m for m in a.modes if m not in live])
        if live:
            rez = run_worker(a.python, script, ["--worker", "rez"] + common + ["--modes", *live])
            if not rez:
                return 1
            rez["solves"].update(results["rez"]["solves"])
            results["rez"] = dict(rez, recorded=results["rez"]["recorded"])
    if not results["ours"] or not results["rez"]:
        return 1
    text = report(results, requests, a.modes)
    print(text)
    if a.write_docs:
        write_section("bench_solver", "\n".join([
            "## Solver: rez's benchmark (rez 3.4.0 vs PyPI pyrer 1.0.0rc3 vs ours)", "",
            "Rust solve = `SolveResult.solve_time_ms`; wall = Python `perf_counter` around one "
            "`pyrer.solve(...)` call (list form converts the 18,226 `PackageData` on every call; "
            "Repository form reuses a prepared `pyrer.Repository`). rez is timed around "
            "`Solver(...)` + `solve()` after warming its package caches, as `rez-benchmark` does. "
            "Single runs on a shared machine: compare rows of one run, not numbers across runs.", ""]
            + machine_md(command_line()) + [text, "", "![per-request solve times](images/bench_solver.png)"]))
        plot(results, a.modes, os.path.join(IMAGES, "bench_solver.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
