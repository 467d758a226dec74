"""Measures the evaluator on the test corpus (a script, not a test): cold worker start, one
evaluation by a warm worker, a cached hit (memo, then the persistent cache from a new evaluator),
and a repository batch.

    .venv/bin/python -m tests.evaluation.measure [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from tests.evaluation.conftest import copy_corpus


def _ms(seconds: float) -> str:
    return "%.2f ms" % (seconds * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    from pyrer.evaluation import Evaluator
    from pyrer.rez.cache import PackageFileCache

    with tempfile.TemporaryDirectory() as tmp:
        corpus = copy_corpus(tmp + "/corpus")
        cache = PackageFileCache(tmp + "/cache")
        path = corpus.developer("anim_rig")
        with open(path, encoding="utf-8") as f:
            text = f.read()

        starts = []
        for _ in range(5):
            with Evaluator(env=corpus.env(), cache=None) as evaluator:
                t0 = time.perf_counter()
                assert evaluator.developer_package(path).ok
                starts.append((time.perf_counter() - t0, evaluator.stats.last_start_seconds))
        print("cold start + first evaluation: median %s (worker start alone: %s)" % (
            _ms(statistics.median(s for s, _ in starts)), _ms(statistics.median(w for _, w in starts))))

        for label, with_cache in (("no cache", None), ("each result written to the cache", cache)):
            with Evaluator(env=corpus.env(), cache=with_cache) as evaluator:
                evaluator.developer_package(path, text=text + "# warm\n")
                runs = []
                for i in range(args.repeat):  # a new buffer each time: always a real evaluation
                    t0 = time.perf_counter()
                    assert evaluator.developer_package(path, text=text + "# %d\n" % i).ok
                    runs.append(time.perf_counter() - t0)
            print("one evaluation, warm worker (developer package: @early, wildcards, preprocess; %s): "
                  "median %s" % (label, _ms(statistics.median(runs))))

        with Evaluator(env=corpus.env(), cache=cache) as evaluator:
            evaluator.developer_package(path)
            hits = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                evaluator.developer_package(path)
                hits.append(time.perf_counter() - t0)
            print("cached hit, same evaluator (memo, file hashed): median %s" % _ms(statistics.median(hits)))

        hits = []
        for _ in range(args.repeat):
            with Evaluator(env=corpus.env(), cache=cache) as evaluator:
                t0 = time.perf_counter()
                assert evaluator.developer_package(path).ok
                hits.append(time.perf_counter() - t0)
                assert evaluator.stats.worker_starts == 0
        print("cached hit, new evaluator (sqlite): median %s" % _ms(statistics.median(hits)))

        paths = [corpus.repository(n, v) for n, v in (
            ("usd_tools", "23.11"), ("anim_tools", "2.1.0"), ("render_tools", "3.0.0"),
            ("houdini_tools", "1.0.0"), ("pytest", "7.4.0"))]
        with Evaluator(env=corpus.env(), cache=None) as evaluator:
            evaluator.developer_package(path)
            t0 = time.perf_counter()
            batch = evaluator.repository_packages(paths * 20)
            seconds = time.perf_counter() - t0
        assert all(r.ok for r in batch.values())
        print("repository batch, warm worker: %d files in %s (%s per file)" % (
            len(paths) * 20, _ms(seconds), _ms(seconds / (len(paths) * 20))))


if __name__ == "__main__":
    main()
