"""Run in a child process under one rezconfig: rez's answers and pyrer's (CLI view and editor view, computed
package.py files evaluated by rez in pyrer's worker), as JSON."""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any, Dict, List


def _rez_context(request: List[str], **kwargs: Any) -> Dict[str, Any]:
    from rez.resolved_context import ResolvedContext

    try:
        ctx = ResolvedContext(request, **kwargs)
    except Exception as e:  # rez raises for missing families, bad package data, ...
        return {"status": "error", "error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")}
    if ctx.status.name != "solved":
        return {"status": "failed", "error": (ctx.failure_description or "").splitlines()[0]}
    return {"status": "solved", "resolved": [_variant_label(v.name, str(v.version), v.index)
                                             for v in ctx.resolved_packages]}


def _variant_label(name: str, version: str, index: Any) -> str:
    return "%s-%s[%s]" % (name, version, "" if index is None else index)


def rez_answers(requests: List[List[str]], developer: List[str]) -> Dict[str, Any]:
    from rez.config import config
    from rez.packages import get_developer_package

    out: Dict[str, Any] = {"requests": [], "building": [], "developer": {}}
    for request in requests:
        out["requests"].append(_rez_context(request))
        out["building"].append(_rez_context(request, building=True))
    for folder in developer:
        pkg = get_developer_package(folder)
        contexts = {}
        for variant in pkg.iter_variants():
            suffix = "" if variant.index is None else " variant %d" % variant.index
            contexts["runtime" + suffix] = _rez_context([str(r) for r in variant.get_requires()])
            contexts["build" + suffix] = _rez_context([str(r) for r in variant.get_requires(True, True)],
                                                      building=True, package_paths=config.packages_path)
        out["developer"][folder] = contexts
        out.setdefault("tests", {})[folder] = _rez_tests(folder)
    return out


def _rez_tests(folder: str) -> Dict[str, Any]:
    """rez-test (dry run) on the developer package installed in a repository of its own put first: each test
    context it resolves, by its request (without the implicit packages)."""
    import io
    import os
    import shutil
    import tempfile

    from rez.config import config
    from rez.package_test import PackageTestRunner
    from rez.packages import get_developer_package

    pkg = get_developer_package(folder)
    repo = tempfile.mkdtemp()
    shutil.copytree(folder, os.path.join(repo, pkg.name, str(pkg.version)))
    runner = PackageTestRunner("%s==%s" % (pkg.name, pkg.version), package_paths=[repo] + config.packages_path,
                               dry_run=True, stdout=io.StringIO(), stderr=io.StringIO())
    for test in runner.get_test_names():
        try:
            runner.run_test(test)
        except Exception:
            pass
    out = {}
    for key, ctx in runner.contexts.items():
        if ctx.status.name == "solved":
            out[" ".join(key)] = {"status": "solved", "resolved": [_variant_label(v.name, str(v.version), v.index)
                                                                   for v in ctx.resolved_packages]}
        else:
            out[" ".join(key)] = {"status": "failed"}
    shutil.rmtree(repo, True)
    return out


def _pyrer_result(result: Any) -> Dict[str, Any]:
    if result.status != "solved":
        return {"status": result.status, "error": (result.failure_description or "").splitlines()[0]}
    return {"status": "solved", "resolved": [_variant_label(v.name, v.version, v.variant_index)
                                             for v in result.resolved_packages]}


def pyrer_answers(requests: List[List[str]], developer: List[str]) -> Dict[str, Any]:
    import os

    import pyrer
    from pyrer.cli import evaluating_studio
    from pyrer.studio import read_studio_config
    from pyrer_ls.analysis.analyze import analyze_text
    from pyrer_ls.analysis.workspace import Settings, Workspace

    # as `pyrer solve` and `pyrer check --evaluate` see the studio: package.py files whose fields code computes
    # evaluated by rez in pyrer's evaluation worker
    studio = evaluating_studio(read_studio_config(), True)
    options = studio.solve_options()
    out: Dict[str, Any] = {"requests": [], "building": [], "developer": {}}
    for request in requests:
        full = request + studio.implicit_packages
        out["requests"].append(_pyrer_result(pyrer.solve(full, load_family=studio.load_family, **options)))
        out["building"].append(_pyrer_result(pyrer.solve(
            full, load_family=lambda name: studio.load_family(name, True), **options)))
    ws = Workspace(settings=Settings(evaluate_workspace_packages=True))
    for folder in developer:
        path = os.path.join(folder, "package.py")
        with open(path, encoding="utf-8") as f:
            analysis = analyze_text(path, f.read(), ws)
        contexts = {}
        tests = out.setdefault("tests", {})[folder] = {}
        for outcome in analysis.outcomes:
            ctx = outcome.context
            if ctx.kind == "test":
                key = " ".join(ctx.leading + [r.text for r in ctx.refs])
                tests[key] = ({"status": "solved", "resolved": [_editor_label(label) for label in outcome.resolved]}
                              if outcome.status == "solved" else {"status": "failed"})
            if outcome.context.kind not in ("runtime", "build"):
                continue
            if outcome.context.left_out:  # requirements with an error of their own: rez stops on the first one
                contexts[outcome.context.label] = {"status": "error", "error": "left out: %s" % outcome.context.left_out}
            elif outcome.status == "solved":
                contexts[outcome.context.label] = {"status": "solved", "resolved": [
                    _editor_label(label) for label in outcome.resolved]}
            else:
                contexts[outcome.context.label] = {"status": outcome.status, "error": (outcome.failure or "")}
        out["developer"][folder] = contexts
    return out


def _editor_label(label: str) -> str:
    """The editor's "name-version[i]" / "name-version" / "name" as `_variant_label` writes it."""
    head, _, index = label.partition("[")
    name, _, version = head.partition("-")
    return _variant_label(name, version, int(index.rstrip("]")) if index else None)


def main() -> None:
    spec = json.loads(sys.stdin.read())
    try:
        if spec.get("saved_contexts"):
            answer = {"saved": saved_context_findings(spec["requests"], spec["saved_contexts"])}
            json.dump(answer, sys.stdout)
            return
        answer = {"rez": rez_answers(spec["requests"], spec["developer"]),
                  "pyrer": pyrer_answers(spec["requests"], spec["developer"])}
    except Exception:
        answer = {"crash": traceback.format_exc()}
    json.dump(answer, sys.stdout)



def saved_context_findings(requests: List[List[str]], folder: str) -> List[Any]:
    """Save rez's contexts (runtime and build, with and without a resolve time) as .rxt files, then check each
    with pyrer's analysis: the codes of its findings (a context rez has just saved must show no drift)."""
    import os

    from rez.resolved_context import ResolvedContext
    from pyrer_ls.analysis.analyze import analyze_text
    from pyrer_ls.analysis.workspace import Workspace

    ws = Workspace()
    out = []
    for i, request in enumerate(requests):
        for building in (False, True):
            for timestamp in (None, 1_600_001_500):
                try:
                    ctx = ResolvedContext(request, building=building, timestamp=timestamp)
                except Exception:
                    continue
                path = os.path.join(folder, "ctx-%d-%d-%s.rxt" % (i, building, timestamp))
                ctx.save(path)
                with open(path, encoding="utf-8") as f:
                    analysis = analyze_text(path, f.read(), ws)
                out.append([" ".join(request), building, timestamp, ctx.status.name,
                            sorted({f.code for f in analysis.findings})])
    return out


if __name__ == "__main__":
    main()
