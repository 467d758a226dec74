"""`pyrer check [PATH...]`: the analysis core over files and folders, printed as `path:line:col: severity[code]: message`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterator, List, Optional, Sequence, Tuple

import pyrer
from pyrer_ls.analysis.analyze import Analysis, analyze_text, document_kind
from pyrer_ls.analysis.model import Severity
from pyrer.studio import describe
from pyrer.studio.arguments import add_studio_arguments, config_from_args
from pyrer.studio.config import ConfigurationError
from pyrer.studio.consent import HOW_REPOSITORIES_CHECK, HOW_WORKSPACE_CHECK
from pyrer_ls.analysis.workspace import Settings, Workspace

SEVERITY_NAMES = {Severity.ERROR: "error", Severity.WARNING: "warning",
                  Severity.INFORMATION: "info", Severity.HINT: "hint"}


NOT_FOUND = "no such file or folder"
NOT_A_PACKAGE = "a Python file that is not a package.py"


def iter_documents(paths: Sequence[str], globs: List[str],
                   skipped: Optional[List[Tuple[str, str]]] = None) -> Iterator[str]:
    """Files named on the command line, and package.py / request lists found under folders.

    A named file is read as a request list unless it is a package.py, except Python files, which
    never are request lists: those, and paths that do not exist, go to `skipped` as (path, reason).
    """
    skipped = skipped if skipped is not None else []
    for path in paths:
        if os.path.isfile(path):
            if path.endswith(".py") and document_kind(path, globs) is None:
                skipped.append((path, NOT_A_PACKAGE))
                continue
            yield path
            continue
        if not os.path.isdir(path):
            skipped.append((path, NOT_FOUND))
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                full = os.path.join(folder, name)
                if document_kind(full, globs):
                    yield full


def own_repositories(documents: Sequence[str]) -> List[str]:
    """Repositories the checked package.py files themselves form: `<root>/<name>/<version>/package.py`
    (or `<root>/<name>/package.py` for an unversioned package), judged by each file's own name and version."""
    packages = [p for p in documents if os.path.basename(p) == "package.py"]
    roots: List[str] = []
    for path, data in zip(packages, pyrer.parse_static_packages_py(packages)):
        if data is None or not data.name:
            continue
        folder = os.path.dirname(os.path.abspath(path))
        if data.version:
            if os.path.basename(folder) != data.version or os.path.basename(os.path.dirname(folder)) != data.name:
                continue
            root = os.path.dirname(os.path.dirname(folder))
        elif os.path.basename(folder) == data.name:
            root = os.path.dirname(folder)
        else:
            continue
        if root not in roots:
            roots.append(root)
    return roots


def is_own_repository(folder: str) -> bool:
    """`folder` holds a `<name>/<version>/package.py` (or `<name>/package.py`) matching its own name and version."""
    root = os.path.abspath(folder)
    try:
        families = sorted(e.path for e in os.scandir(folder) if e.is_dir() and not e.name.startswith("."))
    except OSError:
        return False
    for family in families:
        try:
            versions = sorted(e.path for e in os.scandir(family) if e.is_dir())
        except OSError:
            continue
        for candidate in [os.path.join(v, "package.py") for v in [family] + versions]:
            if os.path.isfile(candidate) and own_repositories([candidate]) == [root]:
                return True
    return False


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
    settings = Settings(evaluate_workspace_packages=args.evaluate,
                        evaluate_repository_packages=not args.no_evaluate_repositories,
                        how_to_allow_workspace=HOW_WORKSPACE_CHECK, how_to_allow_repositories=HOW_REPOSITORIES_CHECK)
    if args.request_glob:
        settings.request_file_globs = list(args.request_glob)
    skipped: List[Tuple[str, str]] = []
    documents = list(iter_documents(args.path or ["."], settings.request_file_globs, skipped))
    own = own_repositories(documents)
    if os.getcwd() not in own and is_own_repository("."):  # e.g. pre-commit at the root of a package repository
        own.append(os.getcwd())
    try:
        config = config_from_args(args, extra_paths=own)
    except ConfigurationError as e:
        print("pyrer check: %s" % e, file=sys.stderr)
        return 2
    # the checked files and folders, and the repositories they form, are the user's own: evaluated with --evaluate
    mine = own + [p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in args.path or ["."]]
    ws = Workspace(settings=settings, config=config, workspace_roots=mine)
    analyses = [analyze_file(p, ws) for p in documents]
    errors = sum(1 for a in analyses for f in a.findings if f.severity == Severity.ERROR)
    for path, reason in skipped:
        print("pyrer check: skipped %s: %s" % (path, reason), file=sys.stderr)
    if args.format == "json":
        print(json.dumps([d for a in analyses for d in _as_json(a)], indent=2))
    else:
        for a in analyses:
            for f in a.findings:
                # one `path:line:col:` line per finding; a message's further lines are indented under it
                print("%s:%d:%d: %s[%s]: %s" % (a.path, f.range.start.line + 1, f.range.start.character + 1,
                                                SEVERITY_NAMES[f.severity], f.code,
                                                f.message.replace("\n", "\n    ")))
        if not ws.paths:
            print("note: no packages path (use --packages-path or rez's packages_path): "
                  "families and resolves were not checked", file=sys.stderr)
        elif args.show_config:
            for line in describe(config):
                print("note: %s" % line, file=sys.stderr)
    return 1 if errors or any(reason == NOT_FOUND for _, reason in skipped) else 0


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="check package.py files and request lists (diagnostics as in the editor)")
    p.add_argument("path", nargs="*", help="files or folders (default: .)")
    add_studio_arguments(p, ("--packages-path", "--paths"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--request-glob", action="append", metavar="GLOB",
                   help="file names read as request lists (default: *.rez-requests, rez-requests.txt)")
    p.add_argument("--show-config", action="store_true", help="print the rez configuration used (on stderr)")
    p.add_argument("--evaluate", action="store_true",
                   help="let rez evaluate the fields the checked package.py files (and the repositories they form) "
                        "compute by code (@early, wildcards, preprocess functions), in pyrer's evaluation worker: "
                        "this runs their code, so use it on files you would build with rez")
    p.set_defaults(func=run)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="pyrer")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["check"] + list(argv if argv is not None else sys.argv[1:]))
    return args.func(args)
