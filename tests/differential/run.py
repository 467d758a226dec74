"""Long differential runs: python -m tests.differential.run --count N --seed S (appends finds to regressions.json)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from tests.differential.compare import load_pyrer, reproduction, run_case, shrink
from tests.differential.repo_gen import generate
from tests.differential.rez_oracle import RezOracle

REGRESSIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regressions.json")


def _strip(outcome: dict) -> dict:
    return {k: v for k, v in outcome.items() if k != "time_s"}


def _key(case: dict) -> str:
    return json.dumps([case["repo"], list(case["requests"]), case["mode"],
                       case.get("error_on_missing_variant_requires", True)], sort_keys=True)


def append_regressions(entries: list, path: str = REGRESSIONS) -> int:
    """Add entries not already present (same repo, requests, mode, flag); returns how many."""
    with open(path) as f:
        existing = json.load(f)
    seen = {_key(e) for e in existing}
    new = [e for e in entries if _key(e) not in seen]
    if new:
        with open(path, "w") as f:
            f.write("[\n" + ",\n".join("  " + json.dumps(e) for e in existing + new) + "\n]\n")
    return len(new)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--no-shrink", action="store_true", help="record cases as generated")
    parser.add_argument("--dry-run", action="store_true", help="do not write regressions.json")
    parser.add_argument("--max-finds", type=int, default=50, help="stop after this many")
    args = parser.parse_args(argv)

    pyrer = load_pyrer()
    if pyrer is None:
        print("pyrer.solve is not available: build it first (maturin develop)", file=sys.stderr)
        return 2

    finds, t0 = [], time.perf_counter()
    with RezOracle() as oracle:
        for n, seed in enumerate(range(args.seed, args.seed + args.count), 1):
            case = generate(seed)
            lazy = seed % 3 == 2
            rez, ours, diffs = run_case(oracle, pyrer, case, lazy=lazy)
            if diffs:
                if not args.no_shrink:
                    case = shrink(oracle, pyrer, case, diffs, lazy=lazy)
                    rez, ours, diffs = run_case(oracle, pyrer, case, lazy=lazy)
                print("DISAGREEMENT seed %d: %s\n%s" % (seed, "; ".join(diffs), reproduction(
                    case["repo"], case["requests"], case["mode"], rez, ours,
                    error_on_missing_variant_requires=case["error_on_missing_variant_requires"])),
                    flush=True)
                finds.append({"id": "seed-%d" % seed, "repo": case["repo"],
                              "requests": list(case["requests"]), "mode": case["mode"],
                              "error_on_missing_variant_requires": case["error_on_missing_variant_requires"],
                              "rez": _strip(rez), "pyrer_when_found": _strip(ours),
                              "differences": diffs})
                if len(finds) >= args.max_finds:
                    break
            if n % 500 == 0:
                print("%d cases, %d disagreements, %.0fs" % (n, len(finds), time.perf_counter() - t0),
                      flush=True)
    added = 0 if args.dry_run or not finds else append_regressions(finds)
    print("done: %d cases in %.1fs, %d disagreements, %d added to %s" % (
        n, time.perf_counter() - t0, len(finds), added, REGRESSIONS))
    return 1 if finds else 0


if __name__ == "__main__":
    sys.exit(main())
