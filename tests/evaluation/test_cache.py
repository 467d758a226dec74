"""The evaluations cache: a hit costs a lookup (no worker), and any change that could change rez's
answer (the file, a file or folder it read, a variable it read, rez's settings) is a miss."""

from __future__ import annotations

import os
import textwrap

import pytest

from pyrer.evaluation import Evaluator
from pyrer.rez.cache import PackageFileCache


@pytest.fixture
def cache(tmp_path) -> PackageFileCache:
    return PackageFileCache(str(tmp_path / "cache"))


def fresh(corpus, cache, **env) -> Evaluator:
    """An evaluator of its own over a shared persistent cache (as a new server or `pyrer check`)."""
    return Evaluator(env=corpus.env(**env), cache=cache)


def edit(path: str, old: str, new: str) -> None:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert old in text
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


def test_a_second_evaluation_is_a_lookup(own_corpus, cache):
    path = own_corpus.developer("anim_rig")
    with fresh(own_corpus, cache) as evaluator:
        first = evaluator.developer_package(path)
        second = evaluator.developer_package(path)
        assert first.ok and second == first
        assert (evaluator.stats.evaluations, evaluator.stats.cache_hits) == (1, 1)
    with fresh(own_corpus, cache) as evaluator:  # another process: the persistent cache
        assert evaluator.developer_package(path) == first
        assert evaluator.cached_developer_package(path) == first
        assert (evaluator.stats.evaluations, evaluator.stats.worker_starts) == (0, 0)


def test_repository_batch_is_one_lookup_then_only_the_misses(own_corpus, cache):
    paths = [own_corpus.repository(n, v) for n, v in
             (("usd_tools", "23.11"), ("anim_tools", "2.1.0"), ("render_tools", "3.0.0"))]
    with fresh(own_corpus, cache) as evaluator:
        first = evaluator.repository_packages(paths)
        assert all(r.ok for r in first.values())
    os.utime(paths[1], ns=(1_000_000_000, 1_000_000_000))  # a new stamp, same content
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.cached_repository_packages(paths) == {p: first[p] for p in (paths[0], paths[2])}
        assert evaluator.repository_packages(paths) == first
        assert (evaluator.stats.evaluations, evaluator.stats.cache_hits) == (1, 2)


def test_a_changed_file_misses(own_corpus, cache):
    path = own_corpus.developer("format_reqs")
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.developer_package(path).requires[0] == "python-3.9"
        edit(path, '"python": "3.9"', '"python": "3.11"')
        assert evaluator.developer_package(path).requires[0] == "python-3.11"
        assert evaluator.stats.evaluations == 2


def test_an_unsaved_buffer_is_keyed_by_its_text(own_corpus, cache):
    path = own_corpus.developer("format_reqs")
    with open(path, encoding="utf-8") as f:
        saved = f.read()
    edited = saved.replace('"boost": "1.82"', '"boost": "1.83"')
    with fresh(own_corpus, cache) as evaluator:
        on_disk = evaluator.developer_package(path)
        assert evaluator.developer_package(path, text=saved) == on_disk  # same text: a hit
        buffer = evaluator.developer_package(path, text=edited)
        assert "boost-1.83" in buffer.requires
        assert evaluator.developer_package(path, text=edited) == buffer
        assert (evaluator.stats.evaluations, evaluator.stats.cache_hits) == (2, 2)


def test_a_file_read_by_the_package_is_a_dependency(own_corpus, cache):
    path = own_corpus.developer("versioned")
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.developer_package(path).version == "2.3.1"
    with open(os.path.join(os.path.dirname(path), "VERSION"), "w") as f:
        f.write("2.4.0\n")
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.cached_developer_package(path) is None
        assert evaluator.developer_package(path).version == "2.4.0"


def test_a_new_version_in_a_wildcard_s_family_is_a_dependency(own_corpus, cache):
    path = own_corpus.developer("wildcards")
    with fresh(own_corpus, cache) as evaluator:
        assert "cmake-3.26" in evaluator.developer_package(path).requires
    newer = os.path.join(own_corpus.packages, "cmake", "3.28.1")
    os.makedirs(newer)
    with open(os.path.join(newer, "package.py"), "w") as f:
        f.write('name = "cmake"\nversion = "3.28.1"\n')
    with fresh(own_corpus, cache) as evaluator:
        assert "cmake-3.28" in evaluator.developer_package(path).requires


def test_a_variable_read_by_the_package_is_a_dependency(own_corpus, cache):
    path = own_corpus.developer("if_variants")
    with fresh(own_corpus, cache, STUDIO_QT6="1") as evaluator:
        assert len(evaluator.developer_package(path).variants) == 2
    with fresh(own_corpus, cache, STUDIO_QT6="0") as evaluator:
        assert len(evaluator.developer_package(path).variants) == 1
        assert evaluator.stats.cache_hits == 0
    with fresh(own_corpus, cache, STUDIO_QT6="0", UNRELATED="1") as evaluator:
        assert len(evaluator.developer_package(path).variants) == 1
        assert evaluator.stats.cache_hits == 1


def test_a_changed_rez_setting_misses(own_corpus, cache):
    path = own_corpus.developer("studio_tools")
    with fresh(own_corpus, cache) as evaluator:
        after = evaluator.developer_package(path)
        assert after.requires == ["python-3.9+", "studio_env-2024", "pyside6-6"]
    with fresh(own_corpus, cache, REZ_PACKAGE_PREPROCESS_MODE="before") as evaluator:
        before = evaluator.developer_package(path)
        assert before.requires == ["python-3.9+", "pyside6-6", "studio_env-2024"]
        assert evaluator.stats.cache_hits == 0


def test_an_edited_rezconfig_misses_and_replaces_the_worker(own_corpus, cache):
    path = own_corpus.developer("studio_tools")
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.developer_package(path).requires[-1] == "pyside6-6"
        old_fingerprint = evaluator.fingerprint()
        edit(own_corpus.rezconfig, 'package_preprocess_mode = "after"', 'package_preprocess_mode = "override"')
        assert evaluator.fingerprint() != old_fingerprint
        # override: the package's own preprocess only
        assert evaluator.developer_package(path).requires == ["python-3.9+", "pyside6-6"]
        assert (evaluator.stats.evaluations, evaluator.stats.worker_starts) == (2, 2)


def test_an_edited_preprocess_module_misses(own_corpus, cache):
    path = own_corpus.developer("anim_rig")
    module = os.path.join(own_corpus.root, "preprocess", "studio_preprocess.py")
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.developer_package(path).requires[-1] == "studio_env-2024"
        edit(module, 'STUDIO_ENV = "studio_env-2024"', 'STUDIO_ENV = "studio_env-2025"')
        # the same worker imports the module afresh, as a new rez process would
        assert evaluator.developer_package(path).requires[-1] == "studio_env-2025"
        assert evaluator.stats.worker_starts == 1


def test_a_package_that_runs_a_program_is_never_cached(own_corpus, cache, tmp_path):
    path = tmp_path / "from_git" / "package.py"
    path.parent.mkdir()
    path.write_text(textwrap.dedent("""
        name = "from_git"

        @early()
        def version():
            import subprocess
            return subprocess.check_output(["echo", "4.5.6"], text=True).strip()
    """), encoding="utf-8")
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.developer_package(str(path)).version == "4.5.6"
        assert evaluator.developer_package(str(path)).version == "4.5.6"
        assert (evaluator.stats.evaluations, evaluator.stats.cache_hits) == (2, 0)


def test_failures_of_the_file_are_cached_failures_of_the_moment_only_remembered(own_corpus, cache, tmp_path):
    broken = tmp_path / "broken" / "package.py"
    broken.parent.mkdir()
    broken.write_text("name = 'broken'\nrequires = [\n", encoding="utf-8")
    slow = tmp_path / "slow" / "package.py"
    slow.parent.mkdir()
    slow.write_text("import time\nname = 'slow'\ntime.sleep(30)\n", encoding="utf-8")
    with Evaluator(env=own_corpus.env(), cache=cache, time_limit=1.0) as evaluator:
        assert evaluator.developer_package(str(broken)).reason == "error"
        assert evaluator.developer_package(str(slow)).reason == "timeout"
        assert evaluator.developer_package(str(slow)).reason == "timeout"  # not run twice
        assert evaluator.stats.evaluations == 2
    with fresh(own_corpus, cache) as evaluator:
        assert evaluator.cached_developer_package(str(broken)).message.startswith("SyntaxError: ")
        assert evaluator.cached_developer_package(str(slow)) is None


def test_without_a_cache_nothing_is_written(own_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("PYRER_NO_CACHE", "1")
    monkeypatch.setenv("PYRER_CACHE_DIR", str(tmp_path / "never"))
    with Evaluator(env=own_corpus.env()) as evaluator:
        assert evaluator.cache is None
        assert evaluator.developer_package(own_corpus.developer("anim_rig")).ok
    assert not (tmp_path / "never").exists()
