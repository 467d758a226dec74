"""Records rez 3.4.0's benchmark repository and its resolves of requests.json as golden files."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tarfile
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.differential.rez_oracle import MODES, RezOracle, load_packages  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "golden")


def unpack(tar_path: str, dest: str) -> str:
    """Unpack rez's packages.tar.gz into `dest`; returns the repository directory."""
    with tarfile.open(tar_path) as tf:
        try:
            tf.extractall(dest, filter="data")
        except TypeError:  # Python without extraction filters
            tf.extractall(dest)
    return os.path.join(dest, "packages")


def write_packages(packages: list, path: str, source: str) -> None:
    """Compact gzip JSON, one package per line, reproducible bytes (mtime 0)."""
    lines = ['{"source": %s,' % json.dumps(source),
             ' "fields": ["name", "version", "requires", "variants"],',
             ' "packages": [']
    lines.append(",\n".join(json.dumps(p, separators=(",", ":")) for p in packages))
    lines.append("]}\n")
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write("\n".join(lines).encode())


def main(argv=None) -> int:
    import rez

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N requests")
    parser.add_argument("--out-dir", default=GOLDEN)
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    args = parser.parse_args(argv)

    if os.environ.get("PYTHONHASHSEED") != "0":
        # cycle members in failure texts depend on hash order: make reruns byte-stable
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:])

    bench = os.path.join(os.path.dirname(rez.__file__), "data", "benchmarking")
    with open(os.path.join(bench, "requests.json")) as f:
        requests = json.load(f)
    if args.limit is not None:
        requests = requests[: args.limit]

    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rez-bench-") as tmp, RezOracle() as oracle:
        repo = unpack(os.path.join(bench, "packages.tar.gz"), tmp)
        print("unpacked to %s; loading packages through rez..." % repo, flush=True)
        t0 = time.perf_counter()
        packages = load_packages(repo)  # also warms rez's caches, like `rez-benchmark`
        print("loaded %d packages in %.1fs" % (len(packages), time.perf_counter() - t0), flush=True)
        write_packages(packages, os.path.join(args.out_dir, "benchmark_packages.json.gz"),
                       "rez %s: rez/data/benchmarking/packages.tar.gz" % rez.__version__)

        cases = []
        for i, request in enumerate(requests):
            case = {"request": request}
            for mode in args.modes:
                case[mode] = oracle.solve(request, [repo], mode)
            cases.append(case)
            print("[%d/%d] %s  %s" % (i + 1, len(requests), " ".join(request), "  ".join(
                "%s:%s %d steps %.2fs" % (m[0], case[m]["status"], case[m]["num_solves"] or 0,
                                          case[m]["time_s"]) for m in args.modes)), flush=True)

    for case in cases:
        for mode in args.modes:
            case[mode]["time_s"] = round(case[mode]["time_s"], 4)
    doc = {"source": "rez %s Solver on rez/data/benchmarking (requests.json, packages.tar.gz); "
                     "no implicit packages, building=False, PYTHONHASHSEED=0" % rez.__version__,
           "modes": args.modes, "cases": cases}
    out = os.path.join(args.out_dir, "benchmark_resolves.json")
    with open(out, "w") as f:
        f.write('{"source": %s,\n "modes": %s,\n "cases": [\n' % (
            json.dumps(doc["source"]), json.dumps(doc["modes"])))
        f.write(",\n".join("  " + json.dumps(c) for c in cases))
        f.write("\n]}\n")

    total = time.perf_counter() - t_start
    summary = {m: {} for m in args.modes}
    for case in cases:
        for m in args.modes:
            summary[m][case[m]["status"]] = summary[m].get(case[m]["status"], 0) + 1
    print("wrote %s (%d requests) in %.1fs: %s" % (out, len(cases), total, summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
