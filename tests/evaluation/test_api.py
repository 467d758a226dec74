"""The evaluator seen by its callers: package code runs in the worker only, the caller stays
responsive (futures, asyncio, threads, cancellation), and an unusable worker is a failure, not a hang."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from pyrer import CancelToken
from pyrer.evaluation import Evaluator


def write(path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return str(path)


def slow_package(folder, seconds: float) -> str:
    return write(folder / "slow" / "package.py", """
        import time
        name = "slow"
        version = "1.0"
        time.sleep(%r)
    """ % seconds)


TRAP = """
    import os
    with open(%(marker)r, "a") as _f:
        _f.write("module %%d\\n" %% os.getpid())
    del _f
    name = "trap"
    version = "1.0"

    @early()
    def requires():
        with open(%(marker)r, "a") as f:
            f.write("early %%d\\n" %% os.getpid())
        return ["python-3"]
"""


def test_package_code_runs_in_the_worker_only(corpus, make_evaluator, tmp_path):
    marker = tmp_path / "marker.txt"
    trap = write(tmp_path / "repo" / "trap" / "1.0" / "package.py", TRAP % {"marker": str(marker)})
    evaluator = make_evaluator(corpus, cache=None)
    workers = set()
    results = [evaluator.developer_package(trap)]
    workers.update(evaluator.worker_pids())
    results.append(evaluator.repository_package(trap))
    workers.update(evaluator.worker_pids())
    with open(trap) as f:
        results.append(evaluator.developer_package(trap, text=f.read() + "\n# buffer\n"))
    workers.update(evaluator.worker_pids())
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    lines = marker.read_text().split()
    pids = {int(pid) for pid in lines[1::2]}
    assert lines[0::2] == ["module", "early"] * 3
    assert pids and pids <= workers
    assert os.getpid() not in pids


def test_the_calling_process_never_imports_rez(corpus, tmp_path):
    """An evaluation through the evaluator leaves `rez` out of the caller's modules."""
    script = textwrap.dedent("""
        import json, sys
        from pyrer.evaluation import Evaluator
        with Evaluator(env=json.loads(sys.argv[1]), cache=None) as evaluator:
            result = evaluator.developer_package(sys.argv[2])
        print(result.ok, sorted(m for m in sys.modules if m == "rez" or m.startswith("rez.")))
    """)
    import json

    out = subprocess.run(
        [sys.executable, "-c", script, json.dumps(corpus.env()), corpus.developer("anim_rig")],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert out.stdout.strip() == "True []"


def test_a_queued_evaluation_can_be_cancelled(corpus, make_evaluator, tmp_path):
    evaluator = make_evaluator(corpus, cache=None)
    running = evaluator.submit_developer(slow_package(tmp_path, 1.0))
    queued = evaluator.submit_developer(corpus.developer("anim_rig"))
    assert queued.cancel()
    assert queued.done() and queued.cancelled
    assert queued.result().reason == "cancelled"
    assert running.result(timeout=30).ok
    assert evaluator.stats.evaluations == 1  # the cancelled one never reached the worker


def test_a_wait_is_cancelled_by_a_token_and_the_result_still_cached(corpus, make_evaluator, tmp_path):
    evaluator = make_evaluator(corpus)
    path = slow_package(tmp_path, 1.0)
    token = CancelToken()
    threading.Timer(0.2, token.cancel).start()
    result = evaluator.developer_package(path, cancel=token)
    assert result.reason == "cancelled"
    assert evaluator.cached_developer_package(path) is None  # the worker is still at it
    deadline = time.monotonic() + 30
    while evaluator.cached_developer_package(path) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert evaluator.cached_developer_package(path).ok  # the worker finished it meanwhile


def test_threading_event_and_callable_cancel_too(corpus, make_evaluator, tmp_path):
    evaluator = make_evaluator(corpus, cache=None)
    path = slow_package(tmp_path, 0.5)
    event = threading.Event()
    event.set()
    assert evaluator.developer_package(path, cancel=event).reason == "cancelled"
    assert evaluator.developer_package(path, text="name='x'\n", cancel=lambda: True).reason == "cancelled"


def test_await_an_evaluation(corpus, make_evaluator):
    evaluator = make_evaluator(corpus, cache=None)

    async def main():
        futures = [asyncio.wrap_future(evaluator.submit_developer(corpus.developer(n)).future)
                   for n in ("anim_rig", "wildcards", "globals_pkg")]
        ticks = 0
        while not all(f.done() for f in futures):  # the event loop keeps running meanwhile
            ticks += 1
            await asyncio.sleep(0.001)
        return [await f for f in futures], ticks

    results, ticks = asyncio.run(main())
    assert [r.name for r in results] == ["anim_rig", "wildcards", "globals_pkg"]
    assert ticks > 0


def test_threads_share_an_evaluator(corpus, make_evaluator):
    evaluator = make_evaluator(corpus, cache=None, workers=2)
    names = ["anim_rig", "wildcards", "globals_pkg", "format_reqs", "if_variants", "studio_tools"] * 3
    results = {}

    def run(i, name):
        results[i] = evaluator.developer_package(corpus.developer(name), text=None)

    threads = [threading.Thread(target=run, args=(i, n)) for i, n in enumerate(names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [results[i].name for i in range(len(names))] == names
    assert len(evaluator.worker_pids()) <= 2


def test_developer_packages_go_before_a_repository_batch(corpus, make_evaluator, tmp_path):
    evaluator = make_evaluator(corpus, cache=None)
    finished = []

    def note(evaluation, label):
        evaluation.future.add_done_callback(lambda _: finished.append(label))
        return evaluation

    slow = note(evaluator.submit_developer(slow_package(tmp_path, 0.5)), "slow")  # keeps the worker busy
    repository = [corpus.repository(n, v) for n, v in
                  (("usd_tools", "23.11"), ("anim_tools", "2.1.0"), ("render_tools", "3.0.0"))]
    batch = [note(e, "repository") for e in evaluator.submit_repositories(repository)]
    developer = note(evaluator.submit_developer(corpus.developer("anim_rig")), "developer")
    assert all(e.result(timeout=30).ok for e in [slow, developer] + batch)
    assert finished == ["slow", "developer", "repository", "repository", "repository"]


def test_close_cancels_what_is_queued_and_stops_the_workers(corpus, tmp_path):
    evaluator = Evaluator(env=corpus.env(), cache=None)
    running = evaluator.submit_developer(slow_package(tmp_path, 2.0))
    queued = evaluator.submit_developer(corpus.developer("anim_rig"))
    time.sleep(0.3)
    pids = evaluator.worker_pids()
    evaluator.close()
    assert queued.result(timeout=10).reason == "cancelled"
    assert running.result(timeout=10).reason == "cancelled"
    assert evaluator.worker_pids() == []
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert evaluator.developer_package(corpus.developer("anim_rig")).reason == "unavailable"


def test_a_broken_rez_configuration_is_unavailable(corpus, make_evaluator, tmp_path):
    rezconfig = tmp_path / "rezconfig.py"
    rezconfig.write_text("packages_path = [\n", encoding="utf-8")
    evaluator = make_evaluator(corpus, cache=None, env=corpus.env(REZ_CONFIG_FILE=str(rezconfig)))
    result = evaluator.developer_package(corpus.developer("anim_rig"))
    assert result.reason == "unavailable"
    assert result.message.startswith("rez cannot be loaded: ConfigurationError: Error loading configuration from")
    assert "\n" not in result.message
    again = evaluator.developer_package(corpus.developer("wildcards"))
    assert again.reason == "unavailable" and evaluator.stats.worker_starts == 0


def test_an_interpreter_that_cannot_run_the_worker_is_unavailable(corpus, make_evaluator, tmp_path):
    evaluator = make_evaluator(corpus, cache=None, python=str(tmp_path / "no-such-python"))
    result = evaluator.developer_package(corpus.developer("anim_rig"))
    assert result.reason == "unavailable"
    assert result.message.startswith("the evaluation process could not be started: ")
    empty = make_evaluator(corpus, cache=None, env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"},
                           python="/bin/false")
    result = empty.developer_package(corpus.developer("anim_rig"))
    assert result.reason == "unavailable"
    assert result.message == "the evaluation process exited with status 1 before it was ready"


def test_a_repository_file_rez_does_not_list_is_a_failure(own_corpus, make_evaluator):
    evaluator = make_evaluator(own_corpus, cache=None)
    result = evaluator.repository_package(own_corpus.developer("anim_rig"), repository=own_corpus.packages)
    assert (result.reason, result.line) == ("error", None)
    assert result.message.startswith(own_corpus.developer("anim_rig") + " is not <family>/<version>/package.py")
    hidden = own_corpus.repository("maya", "2024.2")
    with open(os.path.join(own_corpus.packages, "maya", ".ignore2024.2"), "w"):
        pass
    result = evaluator.repository_package(hidden)
    assert result.message == "rez does not list maya-2024.2 in %s (an .ignore file hides it, or it is not installed)" % (
        own_corpus.packages
    )
