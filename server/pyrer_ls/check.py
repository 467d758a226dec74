"""`pyrer check [PATH...]`: the analysis core over files and folders, printed as `path:line:col: severity[code]: message`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterator, List, Optional, Sequence

from pyrer_ls.analysis.analyze import Analysis, analyze_text, document_kind
from pyrer_ls.analysis.model import Severity
from pyrer_ls.analysis.workspace import Settings, Workspace, default_packages_path

SEVERITY_NAMES = {Severity.ERROR: "error", Severity.WARNING: "warning",
                  Severity.INFORMATION: "info", Severity.HINT: "hint"}


def iter_documents(paths: Sequence[str], globs: List[str]) -> Iterator[str]:
    """Files named on the command line, and package.py / request lists found under folders."""
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(folder, name)
                if document_kind(full, globs):
                    yield full


def analyze_file(path: str, ws: Workspace) -> Analysis:
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return analyze_text(path, text, ws, kind=document_kind(path, ws.settings.request_file_globs) or "requests")


def _as_json(a: Analysis) -> List[dict]:
    return [{
        "path": a.path,
        "range": {"start": {"line": f.range.start.line, "character": f.range.start.character},
                  "end": {"line": f.range.end.line, "character": f.range.end.character}},
        "severity": SEVERITY_NAMES[f.severity], "code": f.code, "message": f.message,
    } for f in a.findings]


def run(args: argparse.Namespace) -> int:
    settings = Settings(variant_select_mode=args.mode, implicit_packages=list(args.implicit or []))
    if args.request_glob:
        settings.request_file_globs = list(args.request_glob)
    ws = Workspace(args.packages_path or default_packages_path(), settings)
    analyses = [analyze_file(p, ws) for p in iter_documents(args.path or ["."], settings.request_file_globs)]
    errors = sum(1 for a in analyses for f in a.findings if f.severity == Severity.ERROR)
    if args.format == "json":
        print(json.dumps([d for a in analyses for d in _as_json(a)], indent=2))
    else:
        for a in analyses:
            for f in a.findings:
                print("%s:%d:%d: %s[%s]: %s" % (a.path, f.range.start.line + 1, f.range.start.character + 1,
                                                SEVERITY_NAMES[f.severity], f.code, f.message))
        if not ws.paths:
            print("note: no packages path (use --packages-path, rez's config or REZ_PACKAGES_PATH): "
                  "families and resolves were not checked", file=sys.stderr)
    return 1 if errors else 0


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="check package.py files and request lists (diagnostics as in the editor)")
    p.add_argument("path", nargs="*", help="files or folders (default: .)")
    p.add_argument("--packages-path", "--paths", dest="packages_path", nargs="+",
                   help="packages paths (default: rez's packages_path, else $REZ_PACKAGES_PATH)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--mode", default="version_priority", choices=["version_priority", "intersection_priority"])
    p.add_argument("--implicit", action="append", metavar="REQUEST", help="an implicit package added to every resolve")
    p.add_argument("--request-glob", action="append", metavar="GLOB",
                   help="file names read as request lists (default: *.rez-requests, rez-requests.txt)")
    p.set_defaults(func=run)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="pyrer")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["check"] + list(argv if argv is not None else sys.argv[1:]))
    return args.func(args)
