"""Load on the language server over stdio: typing into a package.py of rez's benchmark repository (a short run;
benchmarks/bench_lsp_load.py is the 2,000-edit, 60 s version), and repository files changed, deleted and
added under the running server."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from tests.reliability.load import StdioClient, check_json, key, keystrokes, type_into
from tests.server.repo_builder import make_repo, package_py

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))

# a package being written against the benchmark repository: typing adds and removes requirements
BASE = 'name = "mine"\nversion = "1.0"\nrequires = [\n    "wave-2",\n    "coincidence",\n]\n'
WORDS = ['"millstone", ', '"integer-1.6.6", ', '"appearance-9999", ', '"placode", ', '"pyton", ', '"wave-1", ']


def typing_texts(count: int):
    texts = keystrokes(BASE, BASE.index('"wave-2"'), WORDS)
    return (texts * (count // len(texts) + 1))[:count]


@pytest.fixture(scope="module")
def bench_repo():
    from bench_solver import benchmark_repo  # unpacks rez's benchmark repository once into ~/.cache/pyrer-bench

    return benchmark_repo()


def test_typing_keeps_memory_flat_and_ends_like_pyrer_check(bench_repo, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    path = str(src / "package.py")
    uri = "file://" + path
    client = StdioClient({"packagesPath": [bench_repo]}, env={"PYRER_LS_DEBOUNCE": "0.05"})
    try:
        client.initialize(str(src))
        client.open(uri, BASE)
        client.wait_for(uri, lambda d: True)
        warm = type_into(client, uri, typing_texts(120), seconds=3)  # families loaded, caches filled
        client.wait_for(uri, lambda d: d[0] == warm.final_version)
        texts = typing_texts(300)
        run = type_into(client, uri, texts, seconds=6, first_version=warm.final_version + 1)
        assert run.alive and run.errors == []
        version, diagnostics = client.wait_for(uri, lambda d: d[0] == run.final_version)
        (src / "package.py").write_text(texts[-1])
        assert sorted(key(d) for d in diagnostics) == check_json(path, [bench_repo])
        assert run.growth < 0.20, "RSS grew %.0f %% after warm-up" % (run.growth * 100)
    finally:
        assert client.close() == 0


def test_repository_files_changed_deleted_and_added_under_a_running_server(tmp_path):
    repo = make_repo(str(tmp_path / "repo"), {"python-3.9.0": [], "python-3.11.0": [], "foo-1.0": ["python-3.9"],
                                              "bar-2.0": ["python-3.9"]})
    src = tmp_path / "src"
    src.mkdir()
    uri = "file://" + str(src / "shots.rez-requests")
    client = StdioClient({"packagesPath": [repo]}, env={"PYRER_LS_DEBOUNCE": "0.01"})
    codes = lambda want: (lambda d: [x["code"] for x in d[1]] == want)  # noqa: E731
    try:
        client.initialize(str(src))
        client.open(uri, "foo bar\n")
        client.wait_for(uri, codes([]))
        bar = os.path.join(repo, "bar", "2.0", "package.py")
        with open(bar, "w") as f:  # changed: bar now needs another python than foo
            f.write(package_py("bar", "2.0", ["python-3.11"]))
        client.files_changed([(bar, 2)])
        client.wait_for(uri, codes(["PYRER006", "PYRER006"]))
        shutil.rmtree(os.path.join(repo, "bar"))  # deleted
        client.files_changed([(bar, 3)])
        client.wait_for(uri, codes(["PYRER004"]))
        make_repo(repo, {"bar-2.1": ["python-3.9"]})  # added back, compatible again
        client.files_changed([(os.path.join(repo, "bar", "2.1", "package.py"), 1)])
        client.wait_for(uri, codes([]))
        assert client.errors == []
    finally:
        assert client.close() == 0
