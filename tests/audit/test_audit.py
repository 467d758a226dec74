"""`pyrer check` over generated repositories: the same findings with and without the cache, for any --jobs, any
document order and shards merged; an edit redoes exactly the documents whose analysis read its family."""

from __future__ import annotations

import json
import os
import random

import pytest

from pyrer.cli import main
from pyrer_ls.analysis.workspace import Settings, Workspace
from pyrer_ls.audit.cache import ResultCache
from pyrer_ls.audit.runner import run_audit
from pyrer_ls.check import iter_documents
from tests.audit.gen_repo import write_workspace

SEEDS = [3, 11]


def _check(capsys, *args, err: list = None) -> list:
    code = main(["check", *args, "--format", "json"])
    captured = capsys.readouterr()
    if err is not None:
        err.append(captured.err)
    findings = json.loads(captured.out)
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)
    return findings


@pytest.fixture(params=SEEDS)
def workspace(request, tmp_path):
    repo, folder = write_workspace(str(tmp_path / "ws"), request.param)
    return repo, folder, tmp_path


def test_identical_with_and_without_cache_across_jobs(workspace, capsys):
    repo, folder, tmp = workspace
    cache = str(tmp / "cache")
    args = [repo, folder, "--packages-path", repo]
    plain = _check(capsys, *args, "--no-cache", "--jobs", "1")
    assert {f["code"] for f in plain} >= {"PYRER002", "PYRER004", "PYRER007"}  # the generator's planted problems
    cold = _check(capsys, *args, "--cache-dir", cache, "--jobs", "2")
    err: list = []
    warm = _check(capsys, *args, "--cache-dir", cache, "--jobs", "2", err=err)
    count = len(list(iter_documents([repo, folder], Settings().request_file_globs)))
    assert "(%d from the cache, 0 analysed" % count in err[0]
    other_jobs = _check(capsys, *args, "--no-cache", "--jobs", "3")
    assert cold == plain
    assert warm == plain
    assert other_jobs == plain


def test_warm_run_takes_everything_from_the_cache(workspace):
    repo, folder, tmp = workspace
    settings = Settings()
    docs = list(iter_documents([repo, folder], settings.request_file_globs))
    cache = ResultCache(str(tmp / "cache"))
    first = run_audit(docs, Workspace([repo], settings), jobs=2, cache=cache)
    second = run_audit(docs, Workspace([repo], settings), jobs=2, cache=cache)
    assert first.stats.cached == 0 and second.stats.cached == len(docs) and second.stats.analysed == 0
    assert [r.to_json()["findings"] for r in first.results] == [r.to_json()["findings"] for r in second.results]


def test_any_document_order(workspace):
    repo, folder, _ = workspace
    settings = Settings()
    docs = list(iter_documents([repo, folder], settings.request_file_globs))
    shuffled = docs[:]
    random.Random(5).shuffle(shuffled)
    a = {r.path: r.findings for r in run_audit(docs, Workspace([repo], settings), jobs=1).results}
    b = {r.path: r.findings for r in run_audit(shuffled, Workspace([repo], settings), jobs=2).results}
    assert a == b


def test_an_edit_redoes_what_read_its_family(workspace):
    repo, folder, tmp = workspace
    settings = Settings()
    docs = list(iter_documents([repo, folder], settings.request_file_globs))
    cache = ResultCache(str(tmp / "cache"))
    first = run_audit(docs, Workspace([repo], settings), jobs=1, cache=cache)
    # the family read by the most documents, other than the edited document's own: a new version requiring a ghost
    reads = {r.path: set(r.reads) for r in first.results}
    edited = "fam00"
    path = os.path.join(repo, edited, "9.9", "package.py")
    os.makedirs(os.path.dirname(path))
    with open(path, "w", encoding="utf-8") as f:
        f.write("name = 'fam00'\nversion = '9.9'\nrequires = ['nowhere_ß']\n")
    docs2 = list(iter_documents([repo, folder], settings.request_file_globs))
    second = run_audit(docs2, Workspace([repo], settings), jobs=2, cache=cache)  # what they read: read up front
    redone = {r.path for r in second.results if not r.cached}
    expected = {p for p, names in reads.items() if edited in names} | {path}
    assert redone == expected
    fresh = run_audit(docs2, Workspace([repo], settings), jobs=1)
    assert [r.findings for r in second.results] == [r.findings for r in fresh.results]


def test_shards_merged_equal_the_whole(workspace, capsys):
    repo, folder, tmp = workspace
    args = [repo, folder, "--packages-path", repo, "--no-cache"]
    whole = _check(capsys, *args)
    saved = []
    for k in (1, 2, 3):
        saved.append(str(tmp / ("shard-%d.json" % k)))
        main(["check", *args, "--shard", "%d/3" % k, "--save", saved[-1], "--format", "json"])
        capsys.readouterr()
    code = main(["check", "--merge", *saved, "--format", "json"])
    merged = json.loads(capsys.readouterr().out)
    assert merged == whole
    assert code == (1 if any(f["severity"] == "error" for f in whole) else 0)
    # a missing shard is said, and fails the merge
    assert main(["check", "--merge", *saved[:2], "--format", "json"]) == 1
    assert "shard 3 of 3 missing" in capsys.readouterr().err


def test_shard_argument_is_checked(capsys):
    assert main(["check", "--shard", "5/4", "."]) == 2
    assert "--shard takes K/N" in capsys.readouterr().err


def test_evaluation_consent_is_part_of_the_cache_key():
    """A result read with package code evaluated is never served to a run without that consent (nor back)."""
    from pyrer_ls.audit.keys import settings_fingerprint

    config = Workspace([], Settings()).config
    plain, allowed = Settings(), Settings(evaluate_workspace_packages=True)
    no_repositories = Settings(evaluate_repository_packages=False)
    prints = {settings_fingerprint(config, s) for s in (plain, allowed, no_repositories)}
    assert len(prints) == 3


def test_a_damaged_cache_file_is_started_afresh(workspace, capsys):
    repo, folder, tmp = workspace
    cache = tmp / "cache"
    cache.mkdir()
    from pyrer_ls.audit.cache import FILE_NAME
    (cache / FILE_NAME).write_bytes(b"this is not a database" * 100)
    args = [repo, folder, "--packages-path", repo]
    assert _check(capsys, *args, "--cache-dir", str(cache)) == _check(capsys, *args, "--no-cache")
    err: list = []
    _check(capsys, *args, "--cache-dir", str(cache), err=err)
    assert "0 analysed" in err[0]
