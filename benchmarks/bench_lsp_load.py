"""The language server under load: 2,000 edits at typing speed over 60 s into a package.py resolved against rez's
benchmark repository (RSS sampled, final diagnostics compared with a fresh `pyrer check`), and how fast a newer
edit's cancel stops a running solve. Prints the figures recorded in docs/reliability.md."""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import pyrer  # noqa: E402
from bench_solver import benchmark_repo  # noqa: E402
from tests.reliability.load import StdioClient, check_json, key, type_into  # noqa: E402
from tests.reliability.pathological import packages, pigeonhole, requests  # noqa: E402
from tests.reliability.test_load import BASE, typing_texts  # noqa: E402


def load_run(edits: int, seconds: float) -> None:
    repo = benchmark_repo()
    src = tempfile.mkdtemp(prefix="pyrer-load-")
    path = os.path.join(src, "package.py")
    uri = "file://" + path
    client = StdioClient({"packagesPath": [repo]})
    client.initialize(src)
    client.open(uri, BASE)
    client.wait_for(uri, lambda d: True)
    texts = typing_texts(edits)
    report = type_into(client, uri, texts, seconds=seconds)
    version, diagnostics = client.wait_for(uri, lambda d: d[0] == report.final_version)
    with open(path, "w") as f:
        f.write(texts[-1])
    same = sorted(key(d) for d in diagnostics) == check_json(path, [repo])
    alive = client.proc.poll() is None
    code = client.close()
    mb = [kb / 1024 for _, kb in report.rss_kb]
    print("edits: %d over %.0f s (%.1f per second)" % (edits, seconds, edits / seconds))
    print("server alive after the run: %s; exit code %s; error responses: %d" % (alive, code, len(report.errors)))
    print("RSS MB: start %.1f, warm-up peak (first 20 %%) %.1f, peak after warm-up %.1f, end %.1f: %+.1f %%"
          % (mb[0], report.baseline_kb / 1024, report.peak_after_warmup_kb / 1024, mb[-1], report.growth * 100))
    print("final diagnostics identical to a fresh `pyrer check`: %s (%d diagnostics)" % (same, len(diagnostics)))


def cancel_latency(rounds: int) -> None:
    repo = pyrer.Repository(packages(pigeonhole(12)))
    lat = []
    for _ in range(rounds):
        token, done = pyrer.CancelToken(), {}
        worker = threading.Thread(target=lambda: done.setdefault(
            "r", (pyrer.solve(requests(12), repo, cancel=token), time.perf_counter())))
        worker.start()
        time.sleep(0.3)
        t0 = time.perf_counter()
        token.cancel()
        worker.join()
        assert done["r"][0].abort_reason == "cancelled"
        lat.append((done["r"][1] - t0) * 1000)
    print("cancel -> solve returned, ms over %d pigeonhole solves: median %.2f, max %.2f"
          % (rounds, statistics.median(lat), max(lat)))
    for budget in (0.1, 1.0):
        t0 = time.perf_counter()
        r = pyrer.solve(requests(12), repo, time_budget=budget)
        print("time_budget=%.1f s: returned after %.3f s, %s (%s)"
              % (budget, time.perf_counter() - t0, r.abort_reason, r.failure_description))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--cancel-rounds", type=int, default=20)
    args = parser.parse_args()
    cancel_latency(args.cancel_rounds)
    load_run(args.edits, args.seconds)


if __name__ == "__main__":
    main()
