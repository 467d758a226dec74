"""pre-commit for real: the manifest validated by pre-commit, its hooks run by `git commit` in throwaway repositories."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Dict, List, Optional

import pytest

from tests.editors import tools
from tests.server.repo_builder import BASIC, make_repo

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MANIFEST = os.path.join(ROOT, ".pre-commit-hooks.yaml")

GOOD = 'name = "good"\nversion = "1.0"\nrequires = ["foo"]\n'
BAD = 'name = "bad"\nversion = "1.0"\nrequires = ["foo", "bar"]\n'  # foo needs python-3.9, bar python-3.11
# BASIC without its deliberately broken families (a cycle, a missing dependency)
CLEAN = {key: value for key, value in BASIC.items() if key.split("-")[0] in ("python", "foo", "bar", "maya")}
CONFLICT = ("error[PYRER006]: runtime, build resolve failed: The following package conflicts occurred: "
            "(python-3.9 <--!--> python-3.11)")


@pytest.fixture(scope="module")
def pre_commit() -> str:
    return tools.pre_commit()


def _env(tmp) -> Dict[str, str]:
    env = dict(os.environ)
    env.pop("REZ_PACKAGES_PATH", None)
    env.update({
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": str(tmp / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    })
    return env


def _run(cmd: List[str], cwd, env) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=str(cwd), env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=300)


def manifest_hooks(pre_commit: str) -> List[dict]:
    """The hooks of .pre-commit-hooks.yaml, read with the YAML parser pre-commit itself uses."""
    python = os.path.join(os.path.dirname(pre_commit), "python")
    out = subprocess.run([python, "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                          MANIFEST], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout)


def write_config(repo, pre_commit: str, args: Optional[List[str]] = None) -> None:
    """A `repo: local` config with the manifest's hooks as they are, except that they run this venv's
    `pyrer` (`language: system`) instead of installing pyrer from git, which would build the Rust crate."""
    hooks = []
    for hook in manifest_hooks(pre_commit):
        hook = dict(hook, language="system", entry=hook["entry"].replace("pyrer", tools.pyrer_bin(), 1))
        if args:
            hook["args"] = args
        hooks.append(hook)
    # JSON is YAML: pre-commit reads this as it reads any .pre-commit-config.yaml
    (repo / ".pre-commit-config.yaml").write_text(json.dumps({"repos": [{"repo": "local", "hooks": hooks}]}, indent=1))


def git_repo(path, pre_commit: str, env) -> None:
    path.mkdir(parents=True, exist_ok=True)
    for cmd in (["git", "init", "-q"], [pre_commit, "install"]):
        proc = _run(cmd, path, env)
        assert proc.returncode == 0, proc.stdout + proc.stderr


def _commit(repo, env) -> subprocess.CompletedProcess:
    proc = _run(["git", "add", "-A"], repo, env)
    assert proc.returncode == 0, proc.stderr
    return _run(["git", "commit", "-q", "-m", "packages"], repo, env)


def _commits(repo, env) -> int:
    proc = _run(["git", "rev-list", "--count", "HEAD"], repo, env)
    return int(proc.stdout) if proc.returncode == 0 else 0


def test_manifest_is_valid(pre_commit, tmp_path):
    proc = _run([pre_commit, "validate-manifest", MANIFEST], ROOT, _env(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hooks = {h["id"]: h for h in manifest_hooks(pre_commit)}
    assert sorted(hooks) == ["pyrer-check-packages", "pyrer-check-requests"]
    assert all(h["require_serial"] and h["entry"] == "pyrer check" for h in hooks.values())


def test_commit_to_a_package_repository(pre_commit, tmp_path):
    """A repository of released packages (<family>/<version>/package.py) is its own packages path."""
    env = _env(tmp_path)
    repo = tmp_path / "packages"
    git_repo(repo, pre_commit, env)
    make_repo(str(repo), CLEAN)
    for name, text in (("good", GOOD), ("bad", BAD)):
        (repo / name / "1.0").mkdir(parents=True)
        (repo / name / "1.0" / "package.py").write_text(text)
    (repo / "envs.rez-requests").write_text("# studio environments\nmaya-2025 python-3.11\nfoo bar\n")
    write_config(repo, pre_commit)

    proc = _commit(repo, env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and _commits(repo, env) == 0, out
    findings = sorted(line for line in out.splitlines() if ":" in line and "error[" in line)
    assert findings == [
        "bad/1.0/package.py:3:14: " + CONFLICT,
        "bad/1.0/package.py:3:21: " + CONFLICT,
        "envs.rez-requests:3:1: error[PYRER006]: line 3 resolve failed: The following package conflicts "
        "occurred: (python-3.9 <--!--> python-3.11)",
        "envs.rez-requests:3:5: error[PYRER006]: line 3 resolve failed: The following package conflicts "
        "occurred: (python-3.9 <--!--> python-3.11)",
    ], out
    assert "good" not in out
    assert "pyrer check (package.py)" in out and "pyrer check (request lists)" in out

    (repo / "bad" / "1.0" / "package.py").write_text(BAD.replace('"bar"', '"python-3"'))
    (repo / "envs.rez-requests").write_text("# studio environments\nmaya-2025 python-3.11\nfoo python\n")
    proc = _commit(repo, env)
    assert proc.returncode == 0 and _commits(repo, env) == 1, proc.stdout + proc.stderr


@pytest.mark.parametrize("how", ["args", "REZ_PACKAGES_PATH"])
def test_package_sources_with_a_packages_path(pre_commit, tmp_path, how):
    """Package sources (package.py beside the code) checked against a packages path given to the hook."""
    env = _env(tmp_path)
    packages = make_repo(str(tmp_path / "studio-packages"), BASIC)
    src = tmp_path / "tools"
    git_repo(src, pre_commit, env)
    (src / "good").mkdir()
    (src / "good" / "package.py").write_text(GOOD)
    (src / "bad").mkdir()
    (src / "bad" / "package.py").write_text('name = "bad"\nversion = "1.0"\nrequires = ["pyton-3"]\n')
    (src / "bad" / "setup.py").write_text("import setuptools\n")
    if how == "args":
        write_config(src, pre_commit, ["--packages-path", packages])
    else:
        write_config(src, pre_commit)
        env["REZ_PACKAGES_PATH"] = packages

    proc = _commit(src, env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and _commits(src, env) == 0, out
    assert [line for line in out.splitlines() if "error[" in line] == [
        "bad/package.py:3:14: error[PYRER004]: unknown package family 'pyton' (in requires); "
        "did you mean 'python'?"], out
    assert "no packages path" not in out

    # pre-commit's other mode: every tracked file, as a CI step would run it
    (src / "bad" / "package.py").write_text('name = "bad"\nversion = "1.0"\nrequires = ["python-3"]\n')
    _run(["git", "add", "-A"], src, env)
    proc = _run([pre_commit, "run", "--all-files"], src, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "pyrer check (package.py)" in proc.stdout and "Passed" in proc.stdout


@pytest.mark.skipif(os.environ.get("PYRER_PRECOMMIT_TRY_REPO") != "1",
                    reason="builds pyrer from git (Rust, minutes): set PYRER_PRECOMMIT_TRY_REPO=1")
def test_try_repo_installs_the_hooks_from_git(pre_commit, tmp_path):
    """The hooks exactly as users get them: pre-commit installs this repository (`language: python`)."""
    env = _env(tmp_path)
    repo = tmp_path / "packages"
    git_repo(repo, pre_commit, env)
    make_repo(str(repo), CLEAN)
    (repo / "bad" / "1.0").mkdir(parents=True)
    (repo / "bad" / "1.0" / "package.py").write_text(BAD)
    _run(["git", "add", "-A"], repo, env)
    proc = subprocess.run([pre_commit, "try-repo", ROOT, "pyrer-check-packages", "--all-files"], cwd=str(repo),
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=3600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "bad/1.0/package.py:3:14: " + CONFLICT in out
