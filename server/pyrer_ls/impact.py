"""`pyrer impact PACKAGE_PY`: which resolves change, break or start to resolve if this package.py were released."""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
from typing import List, Optional, Sequence

from pyrer.studio.arguments import add_studio_arguments, config_from_args
from pyrer.studio.config import ConfigurationError
from pyrer_ls.analysis.workspace import Settings
from pyrer_ls.audit.cache import open_cache
from pyrer_ls.audit.impact import Change, Impact, release_impact
from pyrer_ls.audit.progress import ProgressBar
from pyrer_ls.audit.runner import default_jobs
from pyrer_ls.audit.sarif import SCHEMA_URI, SRCROOT, artifact_location
from pyrer_ls.check import AUDIT_MAX_ITERATIONS, AUDIT_TIME_BUDGET, iter_documents

MAX_LISTED = 50  # changes listed per kind in the text output (all are in JSON and SARIF)


def _plural(n: int, word: str) -> str:
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def headline(impact: Impact) -> str:
    """"releasing foo-2.1.0: 37 resolves change, 2 break" (the code lens title too)."""
    if impact.problems:
        return "releasing %s: not computed (%s)" % (impact.package, "; ".join(impact.problems))
    parts = ["%s change" % _plural(len(impact.changes), "resolve") if len(impact.changes) != 1 else "1 resolve changes"]
    parts.append("%d break%s" % (len(impact.breaks), "" if len(impact.breaks) != 1 else "s"))
    if impact.fixes:
        parts.append("%d newly resolve%s" % (len(impact.fixes), "" if len(impact.fixes) != 1 else "s"))
    return "releasing %s: %s" % (impact.package, ", ".join(parts))


def shown_path(path: str) -> str:
    """A path relative to the current folder when that is short (`../base/foo/1.0/package.py`), else as it is."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith(os.pardir + os.sep + os.pardir) else path


def _block(title: str, changes: List[Change], limit: int) -> List[str]:
    if not changes:
        return []
    out = ["", "%s:" % title]
    for c in changes[:limit]:
        out.append("  %s (%s): %s → %s" % (shown_path(c.path), c.label, c.before_status, c.after_status))
        if c.after_status == "solved" and c.before_status == "solved":
            out += ["      %s" % d for d in c.differences()]
        elif c.failure:
            out += ["      %s" % line for line in c.failure]
        elif c.after:
            out.append("      now: %s" % " ".join(c.after))
    if len(changes) > limit:
        out.append("  ... and %d more (--format json lists them all)" % (len(changes) - limit))
    return out


def impact_text(impact: Impact, limit: int = MAX_LISTED) -> str:
    lines = [headline(impact)]
    if not impact.problems:
        lines.append("  into %s; %s checked, %s read %s's family (checked again), %s compared in %.1f s" % (
            impact.release_path, _plural(impact.documents, "document"), _plural(impact.reading, "document"),
            impact.package.split("-", 1)[0], _plural(impact.contexts, "resolve"), impact.seconds))
        lines += _block("breaks", impact.breaks, limit)
        lines += _block("changes", impact.changes, limit)
        lines += _block("newly resolve", impact.fixes, limit)
    return "\n".join(lines)


def impact_sarif(impact: Impact, root: Optional[str] = None) -> dict:
    """Breaks as errors and changes as notes, each at the affected document, pointing at the released package.py."""
    root = os.path.abspath(root or os.getcwd())
    rules = [{"id": "PYRER100", "name": "ReleaseBreaksResolve",
              "shortDescription": {"text": "Releasing the package makes this resolve fail"}},
             {"id": "PYRER101", "name": "ReleaseChangesResolve",
              "shortDescription": {"text": "Releasing the package changes what this resolve picks"}}]
    source = {"physicalLocation": {"artifactLocation": artifact_location(impact.source, root),
                                   "region": {"startLine": 1}}, "message": {"text": "the released package.py"}, "id": 0}
    results = []
    for kind, changes in ((0, impact.breaks), (1, impact.changes + impact.fixes)):
        for c in changes:
            where = c.where or {"start": {"line": 0, "character": 0}}
            detail = c.failure if kind == 0 else c.differences()
            results.append({
                "ruleId": rules[kind]["id"], "ruleIndex": kind, "level": "error" if kind == 0 else "note",
                "message": {"text": "releasing %s: the %s resolve %s\n%s" % (
                    impact.package, c.label, "breaks" if kind == 0 else "changes (%s → %s)" % (
                        c.before_status, c.after_status), "\n".join(detail))},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(c.path, root), "region": {
                    "startLine": where["start"]["line"] + 1, "startColumn": where["start"]["character"] + 1}}}],
                "relatedLocations": [source]})
    run = {"tool": {"driver": {"name": "pyrer impact", "rules": rules}},
           "originalUriBaseIds": {SRCROOT: {"uri": pathlib.Path(root).as_uri() + "/"}}, "results": results}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def run(args: argparse.Namespace) -> int:
    try:
        with open(args.package, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError as e:
        print("pyrer impact: cannot read %s: %s" % (args.package, e.strerror or e), file=sys.stderr)
        return 2
    try:
        config = config_from_args(args)
    except ConfigurationError as e:
        print("pyrer impact: %s" % e, file=sys.stderr)
        return 2
    settings = Settings()
    settings.time_budget = args.time_budget
    settings.max_iterations = args.max_iterations or None
    documents = list(iter_documents(list(config.packages_path) + list(args.requests or []), settings.request_file_globs))
    progress = ProgressBar() if (args.progress or args.progress is None and ProgressBar.wanted()) else None
    cache = open_cache(args.cache_dir, args.no_cache)
    try:
        impact = release_impact(args.package, text, config, settings, documents, max(1, args.jobs or default_jobs()),
                                cache, args.release_path, progress)
    finally:
        if progress:
            progress.close()
        if cache is not None:
            cache.close()
    if args.format == "json":
        out = json.dumps(dict(impact.to_json(), headline=headline(impact)), indent=2, ensure_ascii=False)
    elif args.format == "sarif":
        out = json.dumps(impact_sarif(impact), indent=2, ensure_ascii=False)
    else:
        out = impact_text(impact)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(out + "\n")
    else:
        print(out)
    if impact.problems:
        return 2
    return 1 if impact.breaks else 0


def add_parser(sub) -> None:
    p = sub.add_parser("impact", help="what releasing a package.py would change in the studio's resolves")
    p.add_argument("package", help="the package.py to release")
    add_studio_arguments(p, ("--packages-path", "--paths"))
    p.add_argument("--release-path", metavar="PATH", help="the packages path it is released into (default: rez's "
                   "release_packages_path when it is a packages path, else the first packages path)")
    p.add_argument("--requests", action="append", metavar="PATH",
                   help="request lists (files or folders) to check too; repeatable")
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    p.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE instead of stdout")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="processes (default: the number of cores)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write pyrer check's results cache")
    p.add_argument("--cache-dir", metavar="DIR", help="the results cache's folder (as pyrer check's)")
    p.add_argument("--max-iterations", type=int, default=AUDIT_MAX_ITERATIONS, metavar="N",
                   help="phase solves per resolve (default: %d, as pyrer check)" % AUDIT_MAX_ITERATIONS)
    p.add_argument("--time-budget", type=float, default=AUDIT_TIME_BUDGET, metavar="SECONDS",
                   help="seconds per resolve (default: %g, as pyrer check)" % AUDIT_TIME_BUDGET)
    p.add_argument("--progress", dest="progress", action="store_true", default=None)
    p.add_argument("--no-progress", dest="progress", action="store_false")
    p.set_defaults(func=run)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="pyrer")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["impact"] + list(argv if argv is not None else sys.argv[1:]))
    return args.func(args)
