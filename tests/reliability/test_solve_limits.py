"""`pyrer.solve` under pathological repositories: max_iterations, the time budget and cancellation stop it, reported as such."""

from __future__ import annotations

import threading

import pytest

import pyrer
from tests.reliability.pathological import packages, pigeonhole, requests

EXPLODING = 12  # 12 pigeons in 11 holes: far beyond any test's patience without a limit


@pytest.fixture(scope="module")
def exploding():
    return pyrer.Repository(packages(pigeonhole(EXPLODING)))


def test_small_pigeonhole_fails_on_a_conflict_without_limits():
    result = pyrer.solve(requests(5), packages(pigeonhole(5)))
    assert (result.status, result.aborted, result.abort_reason) == ("failed", False, None)
    assert "conflicts occurred" in result.failure_description


@pytest.mark.parametrize("kwargs, reason, text", [
    ({"max_iterations": 500}, "max_iterations", "max_iterations reached after 500 iterations"),
    ({"time_budget": 0.2}, "time_budget", "time budget of 0.2 s exceeded"),
    ({"time_budget": 0}, "time_budget", "time budget of 0 s exceeded"),
])
def test_limits_stop_the_solve_as_aborted_not_as_a_conflict(exploding, kwargs, reason, text):
    result = pyrer.solve(requests(EXPLODING), exploding, **kwargs)
    assert (result.status, result.aborted, result.abort_reason) == ("failed", True, reason)
    assert text in result.failure_description
    assert "conflict" not in result.failure_description
    assert result.resolved_packages == []


def test_cancel_from_another_thread_stops_a_running_solve(exploding):
    token = pyrer.CancelToken()
    out = {}
    started = threading.Event()

    def load(name):  # called by the solve thread: proves the solve is running before we cancel
        started.set()
        return [p for p in packages(pigeonhole(EXPLODING)) if p.name == name]

    worker = threading.Thread(target=lambda: out.setdefault("r", pyrer.solve(
        requests(EXPLODING), load_family=load, cancel=token)))
    worker.start()
    assert started.wait(30)
    token.cancel()
    worker.join(60)
    assert not worker.is_alive()
    result = out["r"]
    assert (result.status, result.abort_reason) == ("failed", "cancelled")
    assert result.failure_description.startswith("solve cancelled after")
    assert token.cancelled


def test_a_cancelled_token_stops_every_later_solve(exploding):
    token = pyrer.CancelToken()
    token.cancel()
    result = pyrer.solve(requests(EXPLODING), exploding, cancel=token)
    assert result.abort_reason == "cancelled" and result.num_iterations == 0


def test_limits_leave_normal_solves_alone():
    repo = [pyrer.PackageData("a", "1", ["b"]), pyrer.PackageData("b", "2")]
    result = pyrer.solve(["a"], repo, time_budget=60, max_iterations=100, cancel=pyrer.CancelToken())
    assert result.status == "solved" and not result.aborted
    assert [str(v) for v in result.resolved_packages] == ["b-2[]", "a-1[]"]


@pytest.mark.parametrize("kwargs, error", [
    ({"time_budget": "1"}, TypeError),
    ({"time_budget": True}, TypeError),
    ({"time_budget": -1}, ValueError),
    ({"time_budget": float("nan")}, ValueError),
    ({"cancel": object()}, TypeError),
])
def test_bad_limit_arguments_raise(kwargs, error):
    with pytest.raises(error):
        pyrer.solve(["a"], [], **kwargs)
