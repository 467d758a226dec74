"""The corpus of computed package.py files, evaluated in the worker and by rez in this process:
field by field the same (developer packages, unsaved buffers, repository packages)."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.evaluation import oracle

DEVELOPER = [
    "anim_rig",  # @early requires, private_build_requires (with a wildcard) and variants
    "versioned",  # @early version() reading VERSION from the package's folder
    "versioned_here",  # module level code reading VERSION next to the file, whatever the cwd
    "if_variants",  # variants appended under `if`, build_requires chosen by `if`
    "format_reqs",  # .format(), %, f-strings, a comprehension
    "wildcards",  # "python-*", "cmake-3.*", "boost-**", wildcards in variants and tests
    "studio_tools",  # a package preprocess after the studio's global one (mode "after")
    "globals_pkg",  # globals()
    "local_preprocess_error",  # a package preprocess that raises: rez logs it and goes on
]

REPOSITORY = [
    ("usd_tools", "23.11"),  # .format(), comprehension variants, a timestamp
    ("anim_tools", "2.1.0"),  # @early requires reading the environment, @early variants
    ("houdini_tools", "1.0.0"),  # @late requires
    ("render_tools", "3.0.0"),  # variants under `if`, globals(), tests
    ("pytest", "7.4.0"),  # a plain one
]

FIELDS = ("name", "version", "requires", "build_requires", "private_build_requires", "variants",
          "tests", "timestamp", "late")


def as_fields(result) -> dict:
    assert result.ok, result.message
    return {k: getattr(result, k) for k in FIELDS}


@pytest.fixture(scope="module")
def evaluator(corpus):
    from pyrer.evaluation import Evaluator

    with Evaluator(env=corpus.env(), cache=None) as evaluator:
        yield evaluator


@pytest.fixture(scope="module")
def rez_like_worker(corpus):
    with oracle.rez_config(corpus.rezconfig):
        yield


@pytest.mark.parametrize("name", DEVELOPER)
def test_developer_package_matches_rez(name, corpus, evaluator, rez_like_worker):
    path = corpus.developer(name)
    assert as_fields(evaluator.developer_package(path)) == oracle.developer_fields(path)


def test_the_corpus_exercises_what_it_claims(corpus, evaluator):
    wildcards = evaluator.developer_package(corpus.developer("wildcards"))
    assert wildcards.requires == [
        "python-3", "cmake-3.26", "boost-1.82.0", "maya-2024.2", "platform-linux", "studio_env-2024",
    ]
    assert wildcards.variants == [["python-3.11"], ["python-2.7"]]
    assert wildcards.tests["unit"]["requires"] == ["pytest-7"]

    rig = evaluator.developer_package(corpus.developer("anim_rig"))
    assert rig.private_build_requires == ["cmake-3.22+", "pytest-7"]
    assert rig.requires[-1] == "studio_env-2024"  # the global preprocess ran

    tools = evaluator.developer_package(corpus.developer("studio_tools"))
    assert tools.requires == ["python-3.9+", "studio_env-2024", "pyside6-6"]  # global, then local

    assert evaluator.developer_package(corpus.developer("versioned")).version == "2.3.1"
    assert evaluator.developer_package(corpus.developer("versioned_here")).version == "1.8.2.post"

    broken = evaluator.developer_package(corpus.developer("local_preprocess_error"))
    assert broken.requires == ["python-3"]  # rez gives up preprocessing, global one included
    assert broken.warnings == ["Failed to apply preprocess: ValueError: préprocessus cassé"]


def test_a_failing_global_preprocess_is_rez_s_error(corpus, evaluator, rez_like_worker):
    path = corpus.developer("preprocess_fails")
    with pytest.raises(Exception) as raised:
        oracle.developer_fields(path)
    result = evaluator.developer_package(path)
    assert not result.ok and result.reason == "error"
    assert result.message == "%s: %s" % (type(raised.value).__name__, raised.value)
    assert result.message == (
        "InvalidPackageError: preprocess_fails: version 0.x is not releasable at the studio"
    )


@pytest.mark.parametrize("name,version", REPOSITORY)
def test_repository_package_matches_rez(name, version, corpus, evaluator, rez_like_worker):
    result = evaluator.repository_package(corpus.repository(name, version))
    assert as_fields(result) == oracle.repository_fields(name, version, corpus.packages)


def test_repository_batch_matches_rez(corpus, evaluator, rez_like_worker):
    paths = [corpus.repository(n, v) for n, v in REPOSITORY]
    results = evaluator.repository_packages(paths, repository=corpus.packages)
    assert list(results) == paths
    for (name, version), path in zip(REPOSITORY, paths):
        assert as_fields(results[path]) == oracle.repository_fields(name, version, corpus.packages)
    houdini = results[corpus.repository("houdini_tools", "1.0.0")]
    assert houdini.requires is None and houdini.late == ["requires"]
    usd = results[corpus.repository("usd_tools", "23.11")]
    assert usd.timestamp == 1700000000 and usd.variants == [["python-3.9"], ["python-3.11"]]
    # repository packages are not developer packages: no wildcard expansion, no preprocess
    assert "studio_env-2024" not in usd.requires


def test_the_worker_environment_is_the_one_rez_sees(corpus, monkeypatch, make_evaluator, rez_like_worker):
    path = corpus.repository("anim_tools", "2.1.0")
    evaluator = make_evaluator(corpus, cache=None, env=corpus.env(STUDIO_MAYA="2025"))
    result = evaluator.repository_package(path)
    monkeypatch.setenv("STUDIO_MAYA", "2025")
    assert as_fields(result) == oracle.repository_fields("anim_tools", "2.1.0", corpus.packages)
    assert result.requires[0] == "maya-2025"


def _oracle_of_buffer(corpus, name: str, text: str, tmp_path) -> dict:
    """rez on a copy of the package's folder whose package.py holds `text`."""
    copy = tmp_path / name
    shutil.copytree(os.path.dirname(corpus.developer(name)), copy)
    (copy / "package.py").write_text(text, encoding="utf-8")
    return oracle.developer_fields(str(copy / "package.py"))


def test_unsaved_buffer_is_evaluated_as_if_at_its_path(corpus, evaluator, rez_like_worker, tmp_path):
    path = corpus.developer("versioned")
    text = (
        "# brouillon non enregistré — 未保存\n"
        "name = 'versioned'\n\n"
        "@early()\n"
        "def version():\n"
        "    return open('VERSION').read().strip() + '.dev'\n\n"
        "requires = ['python-3.*', 'maya-{}'.format(2025)]\n"
    )
    result = evaluator.developer_package(path, text=text)
    assert as_fields(result) == _oracle_of_buffer(corpus, "versioned", text, tmp_path)
    assert result.version == "2.3.1.dev"  # the VERSION file next to the real path
    assert result.requires == ["python-3.11", "maya-2025", "studio_env-2024"]
    assert result.path == path
    # the file on disk is untouched and still evaluates to itself
    assert evaluator.developer_package(path).version == "2.3.1"


def test_unsaved_buffer_sees_its_real_file_name(corpus, evaluator, rez_like_worker, tmp_path):
    path = corpus.developer("versioned_here")
    with open(path, encoding="utf-8") as f:
        text = f.read().replace('requires = ["python-3"]', 'requires = ["python-3", "boost-*"]')
    result = evaluator.developer_package(path, text=text)
    assert as_fields(result) == _oracle_of_buffer(corpus, "versioned_here", text, tmp_path)
    assert result.requires == ["python-3", "boost-1", "studio_env-2024"]


def test_errors_in_a_buffer_point_at_the_buffer_s_lines(corpus, evaluator):
    path = corpus.developer("anim_rig")
    text = "# -*- coding: utf-8 -*-\n# ✨ ligne 2\nname = 'anim_rig'\nversion = '1.0'\nrequires = [ingrédient]\n"
    result = evaluator.developer_package(path, text=text)
    assert result.reason == "error"
    assert result.message == "NameError: name 'ingrédient' is not defined (package.py, line 5)"
    assert result.line == 5
