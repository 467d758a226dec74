"""The `pyrer` command line: `pyrer solve` resolves rez requests; `pyrer diff-rez` compares with rez."""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional, Sequence

from pyrer._solve import solve
from pyrer.repository import FilesystemRepository, packages_path_from_env
from pyrer.rez.diff import add_parser as add_diff_rez_parser
from pyrer_ls.commands import add_parsers as add_ls_parsers


def _read_request_file(path: str) -> List[List[str]]:
    """One request per non-empty line; `#` starts a comment."""
    requests = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                requests.append(line.split())
    return requests


def _solve_command(args: argparse.Namespace) -> int:
    paths = args.paths or packages_path_from_env()
    if not paths:
        print("pyrer solve: no packages path (use --paths or set REZ_PACKAGES_PATH)", file=sys.stderr)
        return 2
    requests = []
    if args.request:
        requests.append(list(args.request))
    for f in args.requests or []:
        requests.extend(_read_request_file(f))
    if not requests:
        print("pyrer solve: nothing to solve (give REQUEST... or --requests FILE)", file=sys.stderr)
        return 2
    repo = FilesystemRepository(paths)
    results = []
    for request in requests:
        result = solve(
            request, load_family=repo.load_family, variant_select_mode=args.mode, _searched="; ".join(paths)
        )
        results.append((request, result))
    if args.json:
        print(json.dumps([_as_json(req, res) for req, res in results], indent=2))
    else:
        for request, result in results:
            _print_result(request, result)
        for skipped in repo.skipped:
            print("note: skipped %s: %s" % (skipped.path, skipped.reason))
    unsolved = sum(1 for _, r in results if r.status != "solved")
    return 1 if (args.strict and unsolved) else 0


def _as_json(request: Sequence[str], result) -> dict:
    return {
        "request": list(request),
        "status": result.status,
        "resolved": [str(v) for v in result.resolved_packages],
        "ephemerals": result.resolved_ephemerals,
        "failure": result.failure_description,
        "num_iterations": result.num_iterations,
        "solve_time_ms": result.solve_time_ms,
    }


def _print_result(request: Sequence[str], result) -> None:
    print("request: %s" % " ".join(request))
    if result.status == "solved":
        print("  solved in %.2f ms (%d solve steps):" % (result.solve_time_ms, result.num_iterations))
        for v in result.resolved_packages:
            print("    %s" % v)
        for e in result.resolved_ephemerals:
            print("    %s (ephemeral)" % e)
    else:
        print("  %s: %s" % (result.status, result.failure_description))
    print()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pyrer", description="rez's solver in Rust, and tools around it.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="resolve rez requests against package repositories")
    p.add_argument("request", nargs="*", help="one request, e.g. maya-2024 nuke-14")
    p.add_argument("--paths", nargs="+", help="packages paths (default: $REZ_PACKAGES_PATH)")
    p.add_argument("--requests", action="append", metavar="FILE", help="a file with one request per line")
    p.add_argument("--mode", default="version_priority", choices=["version_priority", "intersection_priority"])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--strict", action="store_true", help="exit with status 1 if any request does not solve")
    p.set_defaults(func=_solve_command)
    add_diff_rez_parser(sub)
    add_ls_parsers(sub)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
