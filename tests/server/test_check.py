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
    monkeypatch.setenv("REZ_PACKAGES_PATH", repo)
    monkeypatch.setattr("pyrer_ls.analysis.workspace.default_packages_path", lambda: [repo])
    monkeypatch.setattr("pyrer_ls.check.default_packages_path", lambda: [repo])
    assert main(["check", str(src / "envs.rez-requests")]) == 1


def test_solve_subcommand_still_registered():
    from pyrer.cli import build_parser

    args = build_parser().parse_args(["solve", "foo"])
    assert args.request == ["foo"]
