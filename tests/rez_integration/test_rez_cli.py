"""rez's own CLI (`rez env`) with PYRER_REZ_SHIM=1: the same environment as without, solved by pyrer."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.rez_integration.shim_env import BENCH_IMPLICITS, cli_env, parse_env, rez_cli, rez_env

pytestmark = pytest.mark.skipif(not os.path.exists(rez_cli()), reason="the rez command is not installed here")


@pytest.mark.parametrize("index", [0, 40, 100])
def test_rez_env_same_environment(index, bench_repo, bench_requests, tmp_path):
    request = bench_requests[index]
    assert request[:3] == BENCH_IMPLICITS
    request = request[3:]  # the benchmark's own implicit packages come from the config instead
    runs = {}
    for shim in (False, True):
        env = cli_env(str(tmp_path), [bench_repo], BENCH_IMPLICITS, shim, cache_dir=str(tmp_path / "cache"))
        proc = rez_env(request, env, ["printenv"])
        assert proc.returncode == 0, proc.stderr
        runs[shim] = proc
    assert "pyrer-rez-shim: solved by pyrer" in runs[True].stderr
    assert "pyrer-rez-shim" not in runs[False].stderr
    plain, ours = parse_env(runs[False].stdout), parse_env(runs[True].stdout)
    assert plain["REZ_USED_RESOLVE"] and ours["REZ_USED_RESOLVE"] == plain["REZ_USED_RESOLVE"]
    assert ours["REZ_USED_IMPLICIT_PACKAGES"] == " ".join(BENCH_IMPLICITS)
    assert ours == plain


def test_rez_env_failure_is_rez_own(bench_repo, tmp_path):
    out = {}
    for shim in (False, True):
        env = cli_env(str(tmp_path), [bench_repo], [], shim)
        out[shim] = rez_env(["wave-2", "integer-1.6.6", "integer-1.5"], env, ["true"])
    assert out[True].returncode == out[False].returncode != 0
    assert "rez's solver used: pyrer failed" in out[True].stderr
    assert "The context failed to resolve" in out[True].stderr
    # rez's header line carries the time of the resolve (to the second): compare the rest.
    def lines(text):
        return [l for l in text.splitlines() if not l.startswith(("pyrer-rez-shim", "resolve failed, by "))]

    assert lines(out[True].stderr) == lines(out[False].stderr)


def test_rez_build_resolves_its_build_context_through_the_shim(make_repo, tmp_path):
    deps = make_repo({"a-1": 'requires = ["c-1+"]\n', "c-1.2": "", "c-1.5": "", "d-1": 'requires = ["c"]\n'})
    source = tmp_path / "src"
    source.mkdir()
    (source / "package.py").write_text(
        'name = "mytool"\nversion = "0.1.0"\nrequires = ["a"]\nbuild_requires = ["c-1.2"]\n'
        'private_build_requires = ["d"]\nbuild_command = "echo RESOLVE=$REZ_USED_RESOLVE"\n')
    lines = {}
    for shim in (False, True):
        env = cli_env(str(tmp_path / "cfg"), [deps], [], shim)
        proc = subprocess.run([rez_cli(), "build"], cwd=str(source), env=env, capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr
        lines[shim] = [l for l in proc.stdout.splitlines() if l.startswith("RESOLVE=")]
        if shim:
            assert "pyrer-rez-shim: solved by pyrer" in proc.stderr
    assert lines[True] == lines[False]
    assert sorted(lines[True][0].split("=", 1)[1].split()) == ["a-1", "c-1.2", "d-1"]
