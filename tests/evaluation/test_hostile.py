"""Hostile package.py files: each ends as a failure (or a result) in one line, the worker is replaced
when it must be, and the evaluator answers the requests queued behind it."""

from __future__ import annotations

import itertools
import textwrap
import time

import pytest

TIME_LIMIT = 2.0


def write_package(folder, name: str, body: str) -> str:
    """A developer package `name` whose package.py is `body` (dedented)."""
    path = folder / name / "package.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def good(hostile) -> str:
    return write_package(hostile, "good", """
        name = "good"
        version = "1.0.0"

        @early()
        def requires():
            return ["python-3.{}".format(9)]
    """)


@pytest.fixture(scope="module")
def evaluator(corpus):
    from pyrer.evaluation import Evaluator

    with Evaluator(env=corpus.env(), cache=None, time_limit=TIME_LIMIT, memory_limit=1 << 30,
                   max_reply_bytes=1 << 20) as evaluator:
        yield evaluator


_texts = itertools.count()


def good_text(good: str) -> str:
    """The good package with a comment of its own: never answered from the memo."""
    with open(good, encoding="utf-8") as f:
        return f.read() + "# évaluation n° %d\n" % next(_texts)


def evaluate_then_good(evaluator, path: str, good: str):
    """Evaluate `path` with two good evaluations queued behind it; both must be evaluated, and
    succeed."""
    hostile = evaluator.submit_developer(path)
    behind = [evaluator.submit_developer(good, good_text(good)) for _ in range(2)]
    result = hostile.result(timeout=60)
    for evaluation in behind:
        after = evaluation.result(timeout=60)
        assert after.ok, after.message
        assert after.requires == ["python-3.9", "studio_env-2024"]
    return result


def replaced_during(evaluator, run):
    """(what `run()` returned, whether a worker was killed meanwhile)."""
    kills = evaluator.stats.worker_kills
    value = run()
    return value, evaluator.stats.worker_kills > kills


def process_gone(pid: int) -> bool:
    """True when `pid` no longer runs (absent, or a zombie waiting for its reaper)."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read()
    except OSError:
        return True
    return stat[stat.rfind(b")") + 2 :].split()[0] in (b"Z", b"X")


def wait_gone(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process_gone(pid):
            return True
        time.sleep(0.05)
    return process_gone(pid)


CASES = [
    # (name, package.py body, reason, message, worker replaced)
    ("loop", """
        name = "loop"
        while True:
            pass
     """, "timeout", "timed out after 2 s", True),
    ("os_exit", """
        import os
        name = "os_exit"
        os._exit(3)
     """, "exited", "the evaluation process exited with status 3", True),
    ("allocation", """
        name = "allocation"
        _two_gigabytes = bytearray(2 * 1024 ** 3)
     """, "memory", "memory limit 1 GiB exceeded: MemoryError (package.py, line 2)", True),
    ("syntax", """
        name = "syntax"
        version = "1.0"
        requires = ["python-3" "maya-2024", ,]
     """, "error", "SyntaxError: invalid syntax (package.py, line 3)", False),
    ("missing_module", """
        import studio_pipeline_introuvable_ü
        name = "missing_module"
     """, "error", "ModuleNotFoundError: No module named 'studio_pipeline_introuvable_ü' (package.py, line 1)", False),
    ("sys_exit", """
        import sys
        name = "sys_exit"

        @early()
        def requires():
            sys.exit(4)
     """, "error", "SystemExit: 4 (package.py, line 6)", False),
    ("keyboard_interrupt", """
        import os, signal, time
        name = "keyboard_interrupt"
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
     """, "error", "KeyboardInterrupt (package.py, line 3)", False),
    ("sigterm", """
        import os, signal, time
        name = "sigterm"
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)
     """, "exited", "the evaluation process was killed by SIGTERM", True),
    ("segfault", """
        import ctypes
        name = "segfault"
        ctypes.string_at(0)
     """, "exited", "the evaluation process crashed (SIGSEGV)", True),
    ("huge", """
        name = "huge"
        version = "1.0"
        tests = {"énorme": "echo " + "x" * (3 << 20)}
     """, "too-large", "the evaluated package is too large to return (more than 1 MiB of JSON)", True),
    ("garbage", """
        import os
        name = "garbage"
        for _fd in range(3, 64):
            try:
                os.write(_fd, b"not a reply\\n")
            except OSError:
                pass
     """, "protocol", "the evaluation process sent something that is not a reply", True),
    ("endless_line", """
        import os
        name = "endless_line"
        for _fd in range(3, 64):
            try:
                os.write(_fd, b"{" * (2 << 20))
            except OSError:
                pass
     """, "protocol", "the evaluation process sent more than 1 MiB without an end of line", True),
]


@pytest.mark.parametrize("name,body,reason,message,replaced", CASES, ids=[c[0] for c in CASES])
def test_hostile_file(name, body, reason, message, replaced, evaluator, hostile, good):
    path = write_package(hostile, name, body)
    result, was_replaced = replaced_during(evaluator, lambda: evaluate_then_good(evaluator, path, good))
    assert not result.ok
    assert (result.reason, result.message) == (reason, message)
    assert "\n" not in result.message and "Traceback" not in result.message
    assert was_replaced == replaced


def test_output_flooding_goes_nowhere(evaluator, hostile, good):
    path = write_package(hostile, "flood", """
        import os, sys
        for _ in range(20000):
            print("é" * 200)
            sys.stderr.write("x" * 200)
        for _ in range(2000):
            os.write(1, b"y" * 4096)
            os.write(2, b"z" * 4096)
        name = "flood"
        version = "1.0"
    """)
    result = evaluate_then_good(evaluator, path, good)
    assert result.ok, result.message
    assert (result.name, result.version) == ("flood", "1.0")


def test_a_fork_dies_with_the_worker(evaluator, hostile, good, tmp_path):
    marker = tmp_path / "child.pid"
    path = write_package(hostile, "fork", """
        import os, time
        name = "fork"
        version = "1.0"
        _pid = os.fork()
        if _pid == 0:
            time.sleep(120)
            os._exit(0)
        with open(%r, "w") as _f:
            _f.write(str(_pid))
        del _f
    """ % str(marker))
    result, was_replaced = replaced_during(evaluator, lambda: evaluate_then_good(evaluator, path, good))
    assert result.ok, result.message
    assert result.warnings == ["the evaluation left a child process running: the worker is replaced"]
    assert wait_gone(int(marker.read_text()))
    assert was_replaced


def test_a_daemon_escaping_the_process_group_dies_too(evaluator, hostile, good, tmp_path):
    marker = tmp_path / "daemon.pid"
    path = write_package(hostile, "daemon", """
        import os, time
        name = "daemon"
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                with open(%r, "w") as _f:
                    _f.write(str(os.getpid()))
                time.sleep(120)
                os._exit(0)
            os._exit(0)
        time.sleep(0.5)
    """ % str(marker))
    result = evaluate_then_good(evaluator, path, good)
    assert result.ok, result.message
    assert wait_gone(int(marker.read_text()))


def test_a_fork_that_carries_on_does_not_answer(evaluator, hostile, good):
    path = write_package(hostile, "fork_carries_on", """
        import os
        name = "fork_carries_on"
        version = "2.0"
        _pid = os.fork()
    """)
    for _ in range(2):
        result = evaluate_then_good(evaluator, path, good)
        assert result.ok, result.message
        assert result.version == "2.0"


def test_a_thread_left_running_replaces_the_worker(evaluator, hostile, good):
    path = write_package(hostile, "thread", """
        import threading, time
        name = "thread"
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    """)
    result, was_replaced = replaced_during(evaluator, lambda: evaluate_then_good(evaluator, path, good))
    assert result.ok and result.warnings == ["the evaluation left a thread running: the worker is replaced"]
    assert was_replaced


def test_state_changed_by_a_package_does_not_leak_into_the_next(evaluator, hostile, corpus):
    path = write_package(hostile, "meddler", """
        import os, signal, sys
        name = "meddler"
        os.chdir("/")
        os.environ["STUDIO_QT6"] = "0"
        sys.path.insert(0, "/nonexistent")
        sys.stdout = None
        signal.signal(signal.SIGALRM, lambda *a: os._exit(9))
        signal.setitimer(signal.ITIMER_REAL, 0.3)
    """)
    assert evaluator.developer_package(path).ok
    time.sleep(0.5)  # the timer was disarmed
    variants = evaluator.developer_package(corpus.developer("if_variants"))
    assert variants.ok, variants.message
    assert variants.variants == [["platform-linux", "pyside2-5"], ["platform-linux", "pyside6-6"]]
    assert evaluator.developer_package(corpus.developer("versioned")).version == "2.3.1"  # cwd is its folder


def test_the_worker_is_recreated_after_every_kind_of_death(evaluator, hostile, good):
    exits = write_package(hostile, "exits_again", """
        import os
        os._exit(0)
    """)
    for _ in range(3):
        result = evaluate_then_good(evaluator, exits, good)
        assert result.message == "the evaluation process exited with status 0"
    assert evaluator.stats.worker_starts >= 3


def test_a_worker_does_not_outlive_its_parent(corpus, hostile, tmp_path):
    """The process using the evaluator is killed while its worker loops: the worker dies too."""
    import json
    import signal
    import subprocess
    import sys

    marker = tmp_path / "looping.pid"
    loop = write_package(hostile, "loop_forever", """
        import os
        name = "loop_forever"
        with open(%r, "w") as _f:
            _f.write(str(os.getpid()))
        del _f
        while True:
            pass
    """ % str(marker))
    script = textwrap.dedent("""
        import json, sys, time
        from pyrer.evaluation import Evaluator
        evaluator = Evaluator(env=json.loads(sys.argv[1]), cache=None, time_limit=600)
        evaluator.submit_developer(sys.argv[2])
        time.sleep(600)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script, json.dumps(corpus.env()), loop])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline and parent.poll() is None
            time.sleep(0.05)
        worker = int(marker.read_text())
        assert not process_gone(worker)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(30)
    assert wait_gone(worker)
