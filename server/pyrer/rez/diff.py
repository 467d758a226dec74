"""`pyrer diff-rez`: solve requests with rez and with pyrer, report agreement, minimise the first divergence."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Sequence, Tuple

from pyrer.rez.memory_repo import PackageRecord, record_from_rez
from pyrer.rez.minimize import Reproduction, minimise
from pyrer.rez.outcome import Outcome, pyrer_outcome, rez_outcome

MODES = ("version_priority", "intersection_priority")


def read_requests(path: str) -> List[List[str]]:
    """Requests from a JSON list of lists (like rez's benchmark requests.json), or one request per
    line (`#` starts a comment)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, list) and all(isinstance(r, list) for r in data):
        return [[str(x) for x in r] for r in data]
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.split())
    return out


def _default_loader(package_paths: Sequence[str]) -> Any:
    from pyrer.rez.loader import RezFamilyLoader

    return RezFamilyLoader(package_paths, package_filter=None)  # rez's Solver is run without one too


@dataclass
class Divergence:
    index: int
    request: List[str]
    rez: Outcome
    pyrer: Outcome


@dataclass
class DiffReport:
    """Agreement over a list of requests, and a minimal reproduction of the first divergence."""

    total: int = 0
    agreed: int = 0
    divergences: List[Divergence] = field(default_factory=list)
    reproduction: Optional[Reproduction] = None
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "agreed": self.agreed,
            "diverged": [{"index": d.index, "request": d.request, "rez": d.rez.describe(),
                          "pyrer": d.pyrer.describe()} for d in self.divergences],
            "reproduction": self.reproduction.as_dict() if self.reproduction else None,
            "note": self.note,
        }


def package_records(families: Sequence[str], loader: Any) -> Tuple[List[PackageRecord], str]:
    """Both readings of every package of `families` (pyrer's from `loader`); a note instead when
    pyrer's loader itself fails on a family (that failure is then the divergence)."""
    records: List[PackageRecord] = []
    for name in sorted(families):
        try:
            data = loader.load_family(name)
        except Exception as e:
            return records, "pyrer's loader fails on family %r: %s: %s" % (name, type(e).__name__, e)
        for d in data:
            records.append(record_from_rez(loader.package(name, d.version), d))
    return records, ""


def diff_rez(requests: Sequence[Sequence[str]], package_paths: Sequence[str],
             variant_select_mode: str = "version_priority", error_on_missing_variant_requires: bool = True,
             loader_factory: Optional[Callable[[Sequence[str]], Any]] = None, minimize: bool = True,
             max_tests: int = 3000, progress: Optional[Callable[[int, List[str], bool], None]] = None) -> DiffReport:
    """Solve each request with rez's Solver and with pyrer (through `loader_factory(paths)`) and
    compare; the first divergence is minimised by delta debugging over families and packages."""
    loader_factory = loader_factory or _default_loader
    report = DiffReport()
    for i, request in enumerate(requests):
        request = list(request)
        rez = rez_outcome(request, package_paths, variant_select_mode, error_on_missing_variant_requires)
        loader = loader_factory(package_paths)
        ours = pyrer_outcome(request, None, loader.load_family, variant_select_mode, error_on_missing_variant_requires)
        getattr(loader, "flush", lambda: None)()
        report.total += 1
        agree = rez.agrees_with(ours)
        if agree:
            report.agreed += 1
        else:
            report.divergences.append(Divergence(i, request, rez, ours))
            if minimize and report.reproduction is None and not report.note:
                _reproduce(report, request, rez, ours, package_paths, loader_factory, variant_select_mode,
                           error_on_missing_variant_requires, max_tests)
        if progress is not None:
            progress(i, request, agree)
    return report


def _reproduce(report: DiffReport, request: List[str], rez: Outcome, ours: Outcome, package_paths: Sequence[str],
               loader_factory: Callable, mode: str, error_on_missing: bool, max_tests: int) -> None:
    records, note = package_records(sorted(rez.families | ours.families), loader_factory(package_paths))
    if note:
        report.note = note
        return
    repro = minimise(request, records, mode, error_on_missing, max_tests)
    if repro is None:
        report.note = ("the divergence does not reproduce with these %d packages served from memory "
                       "(it depends on the repository itself); no minimisation" % len(records))
        report.reproduction = Reproduction(request, records, rez, ours, 0, report.note)
    else:
        report.reproduction = repro


def _print_report(report: DiffReport, out: Any) -> None:
    print("%d requests: %d agree, %d diverge" % (report.total, report.agreed, len(report.divergences)), file=out)
    for d in report.divergences:
        print("  #%d %s" % (d.index, " ".join(d.request)), file=out)
        print("      rez:   %s" % d.rez.describe(), file=out)
        print("      pyrer: %s" % d.pyrer.describe(), file=out)
    if report.note:
        print("note: %s" % report.note, file=out)
    repro = report.reproduction
    if repro is not None and repro.tests:
        print("minimal reproduction (%d packages, %d trial solves):" % (len(repro.packages), repro.tests), file=out)
        print("  request: %s" % " ".join(repro.request), file=out)
        for p in repro.packages:
            d = p.as_dict()
            if "rez" in d:
                print("  %s: rez reads %s; pyrer reads %s" % (p.label, d["rez"], d["pyrer"]), file=out)
            else:
                print("  %s: requires=%s variants=%s" % (p.label, d["requires"], d["variants"]), file=out)
        print("  rez:   %s" % repro.rez.describe(), file=out)
        print("  pyrer: %s" % repro.pyrer.describe(), file=out)


def _command(args: argparse.Namespace) -> int:
    from pyrer.studio import read_studio_config

    paths = args.paths or list(read_studio_config().packages_path)
    if not paths:
        print("pyrer diff-rez: no packages path (use --paths, or set rez's packages_path)", file=sys.stderr)
        return 2
    requests = []
    for f in args.requests:
        requests.extend(read_requests(f))
    if args.limit is not None:
        requests = requests[:args.limit]
    if not requests:
        print("pyrer diff-rez: no requests", file=sys.stderr)
        return 2

    def progress(i: int, request: List[str], agree: bool) -> None:
        if args.verbose:
            print("%s #%d %s" % ("ok  " if agree else "DIFF", i, " ".join(request)), file=sys.stderr)

    report = diff_rez(requests, paths, args.mode, not args.no_error_on_missing_variant_requires,
                      minimize=not args.no_minimize, max_tests=args.max_tests, progress=progress)
    if args.repro and report.reproduction is not None:
        with open(args.repro, "w", encoding="utf-8") as f:
            json.dump(report.reproduction.as_dict(), f, indent=2)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        _print_report(report, sys.stdout)
    return 0 if not report.divergences else 1


def add_parser(subparsers: Any) -> None:
    """Register `pyrer diff-rez` on the CLI's subcommands."""
    p = subparsers.add_parser("diff-rez", help="solve requests with rez and with pyrer, report any disagreement")
    p.add_argument("--paths", nargs="+", help="packages paths (default: rez's packages_path)")
    p.add_argument("--requests", action="append", required=True, metavar="FILE",
                   help="requests: a JSON list of lists, or one request per line")
    p.add_argument("--mode", default="version_priority", choices=MODES, help="rez's variant_select_mode")
    p.add_argument("--no-error-on-missing-variant-requires", action="store_true",
                   help="rez's error_on_missing_variant_requires = False")
    p.add_argument("--limit", type=int, help="only the first N requests")
    p.add_argument("--no-minimize", action="store_true", help="do not minimise the first divergence")
    p.add_argument("--max-tests", type=int, default=3000, help="trial solves allowed for minimising (default 3000)")
    p.add_argument("--repro", metavar="FILE", help="write the minimal reproduction as JSON")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per request on stderr")
    p.set_defaults(func=_command)
