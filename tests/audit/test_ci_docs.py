"""docs/ci.md's GitHub Actions and GitLab CI examples, run: every `pyrer` step (shards, merges, the impact loop
against a base branch in git) on a generated release repository."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.audit.gen_repo import families, package_text, write_repo

DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs", "ci.md")


def _yaml():
    try:
        import yaml  # noqa: PLC0415
    except ImportError:
        from rez.vendor import yaml  # noqa: PLC0415
    return yaml


def blocks() -> dict:
    """The YAML examples of docs/ci.md by their first comment line (the file they go in)."""
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    out = {}
    for body in re.findall(r"```yaml\n(.*?)```", text, re.S):
        name = body.splitlines()[0].lstrip("# ").strip()
        out[name] = _yaml().safe_load(body)
    return out


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture()
def checkout(tmp_path, monkeypatch):
    """A release repository in git: `main` on an `origin`, and a branch that adds a new version of a family."""
    for key, value in {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                       "GIT_COMMITTER_EMAIL": "t@t", "PYRER_CACHE_DIR": str(tmp_path / "cache")}.items():
        monkeypatch.setenv(key, value)
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(tmp_path, "clone", "-q", str(origin), str(work))
    _git(work, "checkout", "-q", "-b", "main")
    write_repo(str(work), families(5, count=12))
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "base")
    _git(work, "push", "-q", "origin", "main")
    _git(work, "checkout", "-q", "-b", "release")
    os.makedirs(work / "pyth" / "3.12.0")
    (work / "pyth" / "3.12.0" / "package.py").write_text(package_text("pyth", "3.12.0", {}), encoding="utf-8")
    _git(work, "add", "-A")
    _git(work, "commit", "-q", "-m", "release pyth-3.12.0")
    return work


def bash(script: str, cwd, **env) -> subprocess.CompletedProcess:
    """A step as the runners run it (bash -e), with this test's pyrer first on PATH."""
    full = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"], **env)
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=str(cwd), env=full,
                          capture_output=True, text=True, timeout=600)


def _runs(job: dict) -> list:
    return [step for step in job["steps"] if "run" in step and not step["run"].startswith("pip install")]


def _check_results(cwd, sarif="audit.sarif"):
    log = json.loads((cwd / sarif).read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"]


def test_github_audit_and_report(checkout):
    workflow = blocks()[".github/workflows/rez-audit.yml"]
    audit, report = workflow["jobs"]["audit"], workflow["jobs"]["report"]
    for shard in audit["strategy"]["matrix"]["shard"]:
        for step in _runs(audit):
            proc = bash(step["run"].replace("${{ matrix.shard }}", str(shard)), checkout)
            assert proc.returncode in (0, 1), proc.stderr
            assert all(line.startswith("::") for line in proc.stdout.splitlines()), proc.stdout[:500]
    for step in _runs(report):
        proc = bash(step["run"], checkout)
        assert proc.returncode == 1, proc.stderr  # the generated repository has errors: the last merge fails
        assert "merged 4" in proc.stderr
    _check_results(checkout)
    assert ET.parse(str(checkout / "audit.xml")).getroot().tag == "testsuites"


def test_github_impact(checkout):
    job = blocks()[".github/workflows/rez-impact.yml"]["jobs"]["impact"]
    for step in _runs(job):
        proc = bash(step["run"], checkout, GITHUB_BASE_REF="main")
        assert proc.returncode in (0, 1), proc.stderr
        assert "\nreleasing pyth-3.12.0: " in "\n" + proc.stdout, proc.stdout


def test_gitlab_pipeline(checkout):
    pipeline = blocks()[".gitlab-ci.yml"]
    env = {"CI_PROJECT_DIR": str(checkout), "CI_NODE_TOTAL": str(pipeline["rez-audit"]["parallel"]),
           "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    prelude = "".join('export %s="%s"\n' % (k, v) for k, v in pipeline["variables"].items())

    def script(job: str, **extra) -> subprocess.CompletedProcess:
        lines = [line for line in pipeline[job]["script"] if not line.startswith("pip install")]
        return bash(prelude + "\n".join(lines), checkout, **env, **extra)

    for index in range(1, pipeline["rez-audit"]["parallel"] + 1):
        proc = script("rez-audit", CI_NODE_INDEX=str(index))
        assert proc.returncode in (0, 1), proc.stderr
        ET.parse(str(checkout / ("junit-%d.xml" % index)))
    assert (checkout / ".cache" / "pyrer").is_dir()  # the cache the jobs keep between pipelines
    proc = script("rez-audit-report")
    assert proc.returncode == 1 and "merged 4" in proc.stderr, proc.stderr
    _check_results(checkout)
    proc = script("rez-impact")
    assert proc.returncode in (0, 1) and "\nreleasing pyth-3.12.0: " in "\n" + proc.stdout, proc.stdout + proc.stderr
