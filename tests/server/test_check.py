"""`pyrer check`: text and JSON output, exit codes, folder walking."""

from __future__ import annotations

import json
import os

import pytest

from pyrer.cli import main
from tests.server.repo_builder import BASIC, make_repo


@pytest.fixture()
def setup(tmp_path):
    repo = make_repo(str(tmp_path / "repo"), BASIC)
    src = tmp_path / "src"
    (src / "good").mkdir(parents=True)
    (src / "bad").mkdir()
    (src / "good" / "package.py").write_text('name = "good"\nversion = "1"\nrequires = ["foo"]\n')
    (src / "bad" / "package.py").write_text('name = "bad"\nversion = "1"\nrequires = ["pyton-3"]\n')
    (src / "envs.rez-requests").write_text("foo bar\n")
    (src / "notes.txt").write_text("foo bar\n")
    return repo, src


def test_text_output_and_exit_code(setup, capsys):
    repo, src = setup
    assert main(["check", str(src), "--packages-path", repo]) == 1
    lines = capsys.readouterr().out.splitlines()
    bad = os.path.join(str(src), "bad", "package.py")
    assert lines[-1] == ("%s:3:14: error[PYRER004]: unknown package family 'pyton' (in requires); "
                        "did you mean 'python'?" % bad)
    assert sum("envs.rez-requests:1:" in line and "[PYRER006]" in line for line in lines) == 2
    assert not any("notes.txt" in line or "good" in line for line in lines)


def test_clean_file_exits_zero(setup, capsys):
    repo, src = setup
    assert main(["check", str(src / "good" / "package.py"), "--packages-path", repo]) == 0
    assert capsys.readouterr().out == ""


def test_json_output(setup, capsys):
    repo, src = setup
    assert main(["check", str(src / "bad"), "--packages-path", repo, "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [{
        "path": os.path.join(str(src), "bad", "package.py"),
        "range": {"start": {"line": 2, "character": 13}, "end": {"line": 2, "character": 20}},
        "severity": "error", "code": "PYRER004",
        "message": "unknown package family 'pyton' (in requires); did you mean 'python'?",
    }]


def test_information_only_exits_zero(tmp_path, capsys):
    f = tmp_path / "package.py"
    f.write_text('name = "x"\n@early()\ndef requires():\n    return []\n')
    assert main(["check", str(f), "--packages-path", str(tmp_path / "none")]) == 0
    assert "info[PYRER009]" in capsys.readouterr().out


def test_packages_path_from_env(setup, capsys, monkeypatch):
    repo, src = setup
    monkeypatch.setenv("REZ_PACKAGES_PATH", repo)  # read by rez's configuration
    assert main(["check", str(src / "envs.rez-requests")]) == 1


def test_solve_subcommand_still_registered():
    from pyrer.cli import build_parser

    args = build_parser().parse_args(["solve", "foo"])
    assert args.request == ["foo"]


# --- files as pre-commit passes them: many relative paths, some not package.py -----------------

OWN_REPO_CASES = [
    # (file path under the tmp dir, its text, the repository root it forms or None)
    ("repo/foo/1.0/package.py", 'name = "foo"\nversion = "1.0"\n', "repo"),
    ("repo/tool/package.py", 'name = "tool"\n', "repo"),
    ("src/foo/package.py", 'name = "foo"\nversion = "1.0"\n', None),  # a source folder, not foo/1.0
    ("repo/foo/2.0/package.py", 'name = "bar"\nversion = "2.0"\n', None),  # name differs from its folder
    ("repo/foo/3.0/package.py", 'name = "foo"\nversion = "3.1"\n', None),  # version differs from its folder
    ("repo/broken/1/package.py", 'name = (\n', None),
    ("envs.rez-requests", "foo\n", None),
]


@pytest.mark.parametrize("rel,text,root", OWN_REPO_CASES, ids=[c[0] for c in OWN_REPO_CASES])
def test_own_repositories(tmp_path, rel, text, root):
    from pyrer_ls.check import own_repositories

    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    assert own_repositories([str(path)]) == ([str(tmp_path / root)] if root else [])


def test_staged_repository_is_its_own_packages_path(tmp_path, capsys, monkeypatch):
    """pre-commit in a repository of released packages: relative paths, no --packages-path, no rez config."""
    make_repo(str(tmp_path), BASIC)
    (tmp_path / "good" / "1.0").mkdir(parents=True)
    (tmp_path / "good" / "1.0" / "package.py").write_text('name = "good"\nversion = "1.0"\nrequires = ["foo"]\n')
    (tmp_path / "bad" / "1.0").mkdir(parents=True)
    (tmp_path / "bad" / "1.0" / "package.py").write_text('name = "bad"\nversion = "1.0"\nrequires = ["foo", "bar"]\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REZ_PACKAGES_PATH", "")  # rez's packages_path: none
    assert main(["check", "good/1.0/package.py", "bad/1.0/package.py"]) == 1
    out = capsys.readouterr()
    lines = out.out.splitlines()
    conflict = ("error[PYRER006]: runtime, build resolve failed: The following package conflicts occurred: "
                "(python-3.9 <--!--> python-3.11)")
    assert [line for line in lines if not line.startswith("    ")] == [
        "bad/1.0/package.py:3:14: " + conflict, "bad/1.0/package.py:3:21: " + conflict]
    assert "no packages path" not in out.err
    assert main(["check", "good/1.0/package.py"]) == 0


def test_skipped_paths(setup, tmp_path, capsys, monkeypatch):
    repo, src = setup
    (src / "setup.py").write_text("import setuptools\n")
    monkeypatch.chdir(src)
    # a Python file that is not a package.py is never read as a request list
    assert main(["check", "setup.py", "good/package.py", "--packages-path", repo]) == 0
    err = capsys.readouterr().err
    assert "pyrer check: skipped setup.py: a Python file that is not a package.py" in err
    # a path that does not exist is reported and fails the check; the others are still checked
    assert main(["check", "gone/package.py", "bad/package.py", "--packages-path", repo]) == 1
    out = capsys.readouterr()
    assert "pyrer check: skipped gone/package.py: no such file or folder" in out.err
    assert out.out.startswith("bad/package.py:3:14: error[PYRER004]")
    assert main(["check", "gone", "--packages-path", repo]) == 1


def test_files_after_packages_path(setup, tmp_path, capsys, monkeypatch):
    """pre-commit appends file names after the hook's args: --packages-path takes one value per flag."""
    repo, src = setup
    other = make_repo(str(tmp_path / "other"), {"pyton-3.0": []})
    monkeypatch.chdir(src)
    assert main(["check", "--packages-path", repo, "bad/package.py", "good/package.py"]) == 1
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == ["bad/package.py"]
    # several paths joined with os.pathsep, or the flag repeated: pyton is found in the second one
    assert main(["check", "--packages-path", repo + os.pathsep + other, "bad/package.py"]) == 0
    assert main(["check", "--packages-path", repo, "--packages-path", other, "bad/package.py"]) == 0


@pytest.mark.parametrize("spec,own,exit", [
    ({"foo-1.0": [], "bar-2.0": []}, True, 0),
    ({"tool-1.0": {"requires": []}}, True, 1),  # used: foo is unknown there
    ({}, False, 0),  # no packages path at all: families are not checked
])
def test_current_folder_as_repository(tmp_path, capsys, monkeypatch, spec, own, exit):
    """A request list checked from the root of a package repository is solved against that repository."""
    from pyrer_ls.check import is_own_repository

    make_repo(str(tmp_path), spec)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "package.py").write_text('name = "src"\nversion = "1"\n')  # a source folder: no repository
    (tmp_path / "envs.rez-requests").write_text("foo\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REZ_PACKAGES_PATH", "")  # rez's packages_path: none
    assert is_own_repository(".") == own
    assert main(["check", "envs.rez-requests"]) == exit
