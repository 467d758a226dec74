"""Language server latency with evaluation: an edit inside a computed field (rez evaluates it again in the worker),
an edit outside (no evaluation: counted), a return to an earlier text (the evaluation cache), and a cold open.

The real server (`python -m pyrer_ls`) runs over stdio with the debounce set to 0, in a trusted workspace
(`evaluateWorkspacePackages`), on a package.py whose `requires` an `@early` function computes and that resolves
against a small repository. For every edit: the time from `didChange` to the first `publishDiagnostics` of that
version (the static one when rez has not answered yet) and to the diagnostics with rez's evaluation in them. The
package's own code counts its evaluations in a file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import ROOT, command_line, fmt, machine_md, stats, write_section  # noqa: E402

sys.path.insert(0, ROOT)
from tests.reliability.load import StdioClient  # noqa: E402
from tests.server.repo_builder import make_repo  # noqa: E402

PENDING = "rez is evaluating it"

TEXT = '''name = "shot_tools"
version = "1.0.0"
description = "{description}"

@early()
def requires():
    edit = {edit}  # each edit of the function a text of its own
    with open({counter!r}, "a") as f:
        f.write("x\\n")
    return ["python-3.{minor}", "maya-2024"]
'''


class TimedClient(StdioClient):
    """Notes when each document's diagnostics arrive: (time, version, evaluation still pending)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        client = self

        class Timed(dict):
            def __setitem__(self, uri, value) -> None:
                pending = any(PENDING in d["message"] for d in value[1])
                client.arrivals.append((time.perf_counter(), uri, value[0], pending))
                super().__setitem__(uri, value)

        self.arrivals: list = []
        self.diagnostics = Timed()


def run(edits: int, outside: int) -> dict:
    root = tempfile.mkdtemp(prefix="pyrer-bench-evaluation-")
    spec = {"python-3.%d.0" % m: [] for m in range(6, 13)}
    spec.update({"maya-2024.0": ["python-3"], "maya-2025.0": ["python-3.11"]})
    repo = make_repo(os.path.join(root, "repo"), spec)
    src = os.path.join(root, "src", "shot_tools")
    os.makedirs(src)
    path, counter = os.path.join(src, "package.py"), os.path.join(root, "evaluations")
    env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
    env.update({"REZ_DISABLE_HOME_CONFIG": "1", "REZ_IMPLICIT_PACKAGES": "", "PYRER_LS_DEBOUNCE": "0",
                "PYRER_CACHE_DIR": os.path.join(root, "cache")})
    client = TimedClient({"packagesPath": [repo], "evaluateWorkspacePackages": True}, env=env)
    client.initialize(os.path.dirname(src))
    uri = "file://" + path

    def evaluations() -> int:
        try:
            with open(counter) as f:
                return len(f.read().split())
        except OSError:
            return 0

    def timed(send, version: int) -> tuple:
        start = time.perf_counter()
        send()
        client.wait_for(uri, lambda d: d[0] == version and not any(PENDING in x["message"] for x in d[1]))
        mine = [a for a in client.arrivals if a[1] == uri and a[2] == version and a[0] >= start]
        return (mine[0][0] - start) * 1000, (mine[-1][0] - start) * 1000, any(a[3] for a in mine)

    def inside_text(i: int) -> str:
        return TEXT.format(counter=counter, minor=6 + (i % 7), description="outil", edit=i + 1)

    text = TEXT.format(counter=counter, minor=6, description="outil", edit=0)
    with open(path, "w") as f:
        f.write(text)
    cold = timed(lambda: client.open(uri, text), 1)
    version, inside, elsewhere, back = 1, [], [], []
    before = evaluations()
    for i in range(edits):  # a new @early function body each time: rez evaluates it again
        version += 1
        new = inside_text(i)
        inside.append(timed(lambda: client.change(uri, version, new), version))
    inside_runs = evaluations() - before
    before = evaluations()
    for i in range(outside):  # typing in the description
        version += 1
        new = TEXT.format(counter=counter, minor=6, description="outil" + "é" * (i + 1), edit=0)
        elsewhere.append(timed(lambda: client.change(uri, version, new), version))
    extra = evaluations() - before
    before = evaluations()
    for i in range(min(edits, 20)):  # back to texts evaluated before: the cache answers
        version += 1
        new = inside_text(i)
        back.append(timed(lambda: client.change(uri, version, new), version))
    cached_runs = evaluations() - before
    client.close()
    return {"cold": cold, "inside": inside, "outside": elsewhere, "back": back, "inside_runs": inside_runs,
            "extra": extra, "cached_runs": cached_runs}


def table(r: dict) -> str:
    rows = ["| series | edits | first diagnostics p50 ms | with rez's evaluation p50 ms | p95 ms | max ms | "
            "evaluations run |", "|---|---:|---:|---:|---:|---:|---:|"]
    for label, key, runs in (
            ("an edit inside the `@early` function (rez evaluates it again)", "inside", r["inside_runs"]),
            ("an edit outside computed fields (the description)", "outside", r["extra"]),
            ("back to an earlier text (the evaluation cache)", "back", r["cached_runs"])):
        first, final = stats([x[0] for x in r[key]]), stats([x[1] for x in r[key]])
        rows.append("| %s | %d | %s | %s | %s | %s | %d |" % (label, len(r[key]), fmt(first["median"]),
                                                             fmt(final["median"]), fmt(final["p95"]),
                                                             fmt(final["max"]), runs))
    rows += ["", "| measure | value |", "|---|---:|",
             "| cold: didOpen -> static diagnostics | %s ms |" % fmt(r["cold"][0]),
             "| cold: didOpen -> diagnostics with rez's evaluation (worker start included) | %s ms |" % fmt(r["cold"][1])]
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=50, help="edits inside the @early function")
    ap.add_argument("--outside", type=int, default=50, help="keystrokes in the description")
    ap.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    a = ap.parse_args(argv)
    r = run(a.edits, a.outside)
    text = table(r)
    print(text)
    if a.write_docs:
        write_section("bench_evaluation", "\n".join([
            "## Language server latency with evaluation (a trusted workspace)", "",
            "From sending `didChange` to the first `publishDiagnostics` of that version and to the one with rez's "
            "evaluation in it, over stdio with the real server (debounce 0), for a package.py whose `requires` an "
            "`@early` function computes (resolved against a 9-package repository). rez evaluates it in pyrer's "
            "evaluation worker (`pyrer.evaluation`), never in the server; when the evaluation is not cached the "
            "static diagnostics are published first, then the evaluated ones. The package's code counts its own "
            "evaluations: an edit outside computed fields runs none (its key leaves out literals no code reads and "
            "comments), and a text evaluated before is answered from the cache.", ""]
            + machine_md(command_line()) + ["", text]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
