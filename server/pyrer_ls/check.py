"""`pyrer check [PATH...]`: the analysis core over files and folders (cached, in processes, by shard), printed as
`path:line:col: severity[code]: message`, JSON, SARIF, GitHub workflow commands or JUnit XML."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, List, Optional, Sequence, Tuple

import pyrer
from pyrer.studio import describe
from pyrer.studio.arguments import add_studio_arguments, config_from_args
from pyrer.studio.config import ConfigurationError
from pyrer.studio.consent import HOW_REPOSITORIES_CHECK, HOW_WORKSPACE_CHECK
from pyrer_ls.analysis.analyze import document_kind
from pyrer_ls.analysis.workspace import Settings, Workspace
from pyrer_ls.audit import results_file
from pyrer_ls.audit.cache import open_cache
from pyrer_ls.audit.formats import github_lines, json_text, summary_line, text_lines
from pyrer_ls.audit.junit import junit_text
from pyrer_ls.audit.progress import ProgressBar
from pyrer_ls.audit.results_file import CheckResults
from pyrer_ls.audit.runner import default_jobs, run_audit
from pyrer_ls.audit.sarif import sarif_text
from pyrer_ls.audit.shard import in_shard, parse_shard


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


AUDIT_MAX_ITERATIONS = 20000  # phase solves per resolve in `pyrer check` (repeatable, unlike a clock)
AUDIT_TIME_BUDGET = 120.0  # seconds per resolve: a safety net only, far above AUDIT_MAX_ITERATIONS' cost
FORMATS = ("text", "json", "sarif", "github", "junit")


def _write(args: argparse.Namespace, text: str) -> None:
    if not text:
        return
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text if text.endswith("\n") else text + "\n")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _emit(args: argparse.Namespace, found: CheckResults) -> None:
    results = found.results
    if args.format == "json":
        _write(args, json_text(results))
    elif args.format == "sarif":
        _write(args, sarif_text(results, configuration=found.configuration))
    elif args.format == "github":
        _write(args, "\n".join(github_lines(results)))
    elif args.format == "junit":
        _write(args, junit_text(results, found.seconds))
    else:
        _write(args, "\n".join(text_lines(results)))


def _exit_code(found: CheckResults) -> int:
    failed = any(r.error or any(f["severity"] == "error" for f in r.findings) for r in found.results)
    return 1 if failed or any(reason == NOT_FOUND for _, reason in found.skipped) else 0


def _merge(args: argparse.Namespace) -> int:
    try:
        parts = [results_file.load(p) for p in args.path]
    except results_file.ResultsFileError as e:
        print("pyrer check --merge: %s" % e, file=sys.stderr)
        return 2
    found, problems = results_file.merge(parts)
    for problem in problems:
        print("pyrer check --merge: warning: %s" % problem, file=sys.stderr)
    _emit(args, found)
    if args.save:
        results_file.save(args.save, found)
    print(summary_line(found.results, found.seconds, 0, 0, 1, "merged %d" % len(parts)), file=sys.stderr)
    return _exit_code(found) or (1 if problems else 0)


def run(args: argparse.Namespace) -> int:
    if args.merge:
        return _merge(args)
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as e:
        print("pyrer check: %s" % e, file=sys.stderr)
        return 2
    settings = Settings(evaluate_workspace_packages=args.evaluate,
                        evaluate_repository_packages=not args.no_evaluate_repositories,
                        how_to_allow_workspace=HOW_WORKSPACE_CHECK, how_to_allow_repositories=HOW_REPOSITORIES_CHECK)
    settings.time_budget = args.time_budget
    settings.max_iterations = args.max_iterations or None
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
    roots = own + [p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)) for p in args.path or ["."]]
    ws = Workspace(settings=settings, config=config, workspace_roots=roots)
    mine = in_shard(documents, shard)
    order = {p: i for i, p in enumerate(documents)}
    progress = ProgressBar() if (args.progress or args.progress is None and ProgressBar.wanted()) else None
    cache = open_cache(args.cache_dir, args.no_cache)
    try:
        run_ = run_audit(mine, ws, jobs=max(1, args.jobs or default_jobs()), cache=cache, progress=progress)
    finally:
        if progress:
            progress.close()
        if cache is not None:
            cache.close()
    found = CheckResults(run_.results, [order[r.path] for r in run_.results], skipped,
                         describe(config) if ws.paths else [], [shard], len(documents), run_.stats.seconds)
    for path, reason in skipped:
        print("pyrer check: skipped %s: %s" % (path, reason), file=sys.stderr)
    _emit(args, found)
    if args.save:
        results_file.save(args.save, found)
    if not ws.paths:
        print("note: no packages path (use --packages-path or rez's packages_path): "
              "families and resolves were not checked", file=sys.stderr)
    elif args.show_config:
        for line in describe(config):
            print("note: %s" % line, file=sys.stderr)
    if args.summary or len(mine) > 1 or shard:
        print(summary_line(run_.results, run_.stats.seconds, run_.stats.cached, run_.stats.analysed,
                           run_.stats.jobs, "%d/%d" % shard if shard else ""), file=sys.stderr)
    return _exit_code(found)


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="check package.py files and request lists (diagnostics as in the editor)")
    p.add_argument("path", nargs="*", help="files or folders (default: .); with --merge: results files")
    add_studio_arguments(p, ("--packages-path", "--paths"))
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text (path:line:col: ...), json, sarif (SARIF 2.1.0), github (workflow commands), junit")
    p.add_argument("--output", "-o", metavar="FILE", help="write the --format output to FILE instead of stdout")
    p.add_argument("--request-glob", action="append", metavar="GLOB",
                   help="file names read as request lists (default: *.rez-requests, rez-requests.txt)")
    p.add_argument("--show-config", action="store_true", help="print the rez configuration used (on stderr)")
    p.add_argument("--evaluate", action="store_true",
                   help="let rez evaluate the fields the checked package.py files (and the repositories they form) "
                        "compute by code (@early, wildcards, preprocess functions), in pyrer's evaluation worker: "
                        "this runs their code, so use it on files you would build with rez")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="processes analysing documents (default: the number of cores)")
    p.add_argument("--shard", metavar="K/N", help="check only the K-th of N shares of the documents (CI matrices, "
                   "farm job arrays); --save each share and --merge them")
    p.add_argument("--save", metavar="FILE", help="also save the results (any shard) to FILE for --merge")
    p.add_argument("--merge", action="store_true", help="read the results files given as paths and print them as one "
                   "check (in --format); exit 1 on errors or a missing shard")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the persistent results cache (also: PYRER_NO_CACHE=1)")
    p.add_argument("--cache-dir", metavar="DIR", help="the results cache's folder (default: $PYRER_CACHE_DIR, "
                   "else $XDG_CACHE_HOME/pyrer, else ~/.cache/pyrer)")
    p.add_argument("--max-iterations", type=int, default=AUDIT_MAX_ITERATIONS, metavar="N",
                   help="phase solves one resolve may run before it is reported as PYRER012 (default: %d; "
                   "0: no limit)" % AUDIT_MAX_ITERATIONS)
    p.add_argument("--time-budget", type=float, default=AUDIT_TIME_BUDGET, metavar="SECONDS",
                   help="seconds one resolve may run (default: %g, a safety net: a result stopped by the clock is "
                   "never cached)" % AUDIT_TIME_BUDGET)
    p.add_argument("--progress", dest="progress", action="store_true", default=None,
                   help="draw a progress bar on stderr (default: when stderr is a terminal)")
    p.add_argument("--no-progress", dest="progress", action="store_false")
    p.add_argument("--summary", action="store_true", help="print the summary line (on stderr) for a single file too")
    p.set_defaults(func=run)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="pyrer")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["check"] + list(argv if argv is not None else sys.argv[1:]))
    return args.func(args)
