"""Writes rez's benchmark packages and requests as plain text for `native/examples/bench_solve.rs`."""
import argparse
import ast
import gzip
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN = os.path.join(ROOT, "tests", "golden")
US, RS = "\x1f", "\x1e"  # between requirements; between variants


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", default="/tmp", help="directory for bench-packages.txt, bench-requests.txt")
    a = p.parse_args(argv)
    with gzip.open(os.path.join(GOLDEN, "benchmark_packages.json.gz"), "rt") as f:
        rows = json.load(f)["packages"]
    with open(os.path.join(a.out, "bench-packages.txt"), "w") as f:
        for name, version, requires, variants in rows:
            var = "-" if variants is None else RS.join(US.join(v) for v in variants)
            f.write("\t".join([name, version, US.join(requires), var]) + "\n")
    with open(os.path.join(GOLDEN, "benchmark_resolves.json")) as f:
        cases = json.load(f)["cases"]
    with open(os.path.join(a.out, "bench-requests.txt"), "w") as f:
        for case in cases:
            for mode in ("version_priority", "intersection_priority"):
                res = case[mode]
                res = ast.literal_eval(res) if isinstance(res, str) else res
                f.write("\t".join([mode, US.join(case["request"]), res["status"],
                                   US.join(res.get("resolved", []))]) + "\n")
    print("wrote %d packages and %d requests to %s" % (len(rows), len(cases), a.out))


if __name__ == "__main__":
    main()
