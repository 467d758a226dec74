"""The `pyrer` command line: `pyrer solve` resolves rez requests; `pyrer diff-rez` compares with rez."""

from __future__ import annotations

import argparse
import json
import sys
from typing import List, Optional, Sequence

from pyrer._solve import solve
from pyrer.studio import Studio, describe
from pyrer.studio.arguments import add_studio_arguments, config_from_args
from pyrer.studio.config import ConfigurationError
from pyrer.studio.consent import HOW_REPOSITORIES_CHECK, Consent
from pyrer.studio.evaluated import evaluator_for, rez_installed
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
    try:
        config = config_from_args(args)
    except ConfigurationError as e:
        print("pyrer solve: %s" % e, file=sys.stderr)
        return 2
    if not config.packages_path:
        print("pyrer solve: no packages path (rez's packages_path is empty; use --paths)", file=sys.stderr)
        return 2
    requests = []
    if args.request:
        requests.append(list(args.request))
    for f in args.requests or []:
        requests.extend(_read_request_file(f))
    if not requests:
        print("pyrer solve: nothing to solve (give REQUEST... or --requests FILE)", file=sys.stderr)
        return 2
    studio = evaluating_studio(config, not args.no_evaluate_repositories)
    options = studio.solve_options()
    results = []
    for request in requests:
        full = list(request) + studio.implicit_packages  # rez appends the implicit packages
        result = solve(full, load_family=lambda name: studio.load_family(name, args.build), _searched="; ".join(
            config.packages_path), **options)
        results.append((request, full, result))
    problems = _problems(studio, results)
    if args.json:
        print(json.dumps({"configuration": describe(config), "resolves": [
            _as_json(req, full, res) for req, full, res in results], "problems": problems}, indent=2))
    else:
        for line in describe(config):
            print("# %s" % line)
        print()
        for request, full, result in results:
            _print_result(request, full, result)
        for problem in problems:
            print("note: %s" % problem)
    unsolved = sum(1 for _, _, r in results if r.status != "solved")
    return 1 if (args.strict and unsolved) else 0


def evaluating_studio(config, repositories: bool) -> Studio:
    """The studio `rez env` would see: computed repository packages evaluated by rez in the evaluation worker unless
    `repositories` is off."""
    evaluator = evaluator_for(config) if repositories else None
    consent = Consent.of(repositories=repositories, how_repositories=HOW_REPOSITORIES_CHECK,
                         available=evaluator is not None or not repositories and rez_installed())
    return Studio(config, evaluator=evaluator, consent=consent)


def _problems(studio: Studio, results) -> List[str]:
    """What the families these resolves read have to say (unreadable or ambiguous packages)."""
    names = sorted({r.name for _, _, res in results for r in res.resolved_packages} |
                   {n for _, _, res in results for n in _families_named(res.failure_description or "")})
    out = []
    for name in names:
        for problem in studio.family(name).problems:
            out.append("%s: %s" % (problem.path, problem.message))
    return out


def _families_named(text: str) -> List[str]:
    import re  # noqa: PLC0415

    return re.findall(r"([A-Za-z_0-9][A-Za-z_0-9.]*)-\S", text)


def _as_json(request: Sequence[str], full: Sequence[str], result) -> dict:
    return {
        "request": list(request),
        "solved_request": list(full),
        "status": result.status,
        "resolved": [str(v) for v in result.resolved_packages],
        "ephemerals": result.resolved_ephemerals,
        "failure": result.failure_description,
        "num_iterations": result.num_iterations,
        "solve_time_ms": result.solve_time_ms,
    }


def _print_result(request: Sequence[str], full: Sequence[str], result) -> None:
    print("request: %s" % " ".join(request))
    if list(full) != list(request):
        print("  (with implicit packages: %s)" % " ".join(full[len(request):]))
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
    add_studio_arguments(p)
    p.add_argument("--requests", action="append", metavar="FILE", help="a file with one request per line")
    p.add_argument("--build", action="store_true",
                   help="solve as rez build does: every package with its build_requires")
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
