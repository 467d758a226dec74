"""The analysis core on hostile files: binary, broken UTF-16, BOM, CRLF, 10 MB, 10,000 requirements, deep
nesting and every prefix of a file being typed: never raises, every broken file gets a diagnostic in range."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

from pyrer_ls.analysis.analyze import analyze_text
from pyrer_ls.analysis.model import Codes, Severity
from pyrer_ls.analysis.workspace import Settings, Workspace
from tests.reliability.bad_inputs import BAD_TEXTS, TYPED, big_package_py, out_of_bounds

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WS = Workspace([os.path.join(ROOT, "examples", "repo")], Settings(time_budget=5))


def _python_accepts(text: str) -> bool:
    try:
        ast.parse(text.replace("\ufeff", "\f", 1) if text.startswith("\ufeff") else text)
        return True
    except Exception:
        return False


@pytest.mark.parametrize("name", sorted(BAD_TEXTS))
@pytest.mark.parametrize("kind", ["package", "requests"])
def test_bad_text_gets_diagnostics_in_range_and_never_raises(name, kind):
    text = BAD_TEXTS[name]
    result = analyze_text("/nowhere/package.py" if kind == "package" else "/nowhere/x.rez-requests", text, WS, kind=kind)
    assert out_of_bounds(text, [f.range for f in result.findings]) == []
    assert all(f.message and f.code in Codes.ALL for f in result.findings)
    if kind == "package" and not _python_accepts(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")):
        assert any(f.code == Codes.SYNTAX and f.severity == Severity.ERROR for f in result.findings), result.findings


@pytest.mark.parametrize("name, codes", [
    ("bom", []),
    ("crlf", [Codes.UNKNOWN_FAMILY]),
    ("lone cr", [Codes.UNKNOWN_FAMILY]),
    ("astral characters", [Codes.UNKNOWN_FAMILY, Codes.UNKNOWN_FAMILY]),
    ("deep unary nesting", [Codes.SYNTAX]),
    ("deep lambdas", [Codes.SYNTAX]),
    ("nul bytes", [Codes.SYNTAX]),
])
def test_bad_text_findings(name, codes):
    result = analyze_text("/nowhere/package.py", BAD_TEXTS[name], WS, kind="package")
    assert [f.code for f in result.findings] == codes


def test_line_breaks_are_the_editors():
    """\\f, \\x1c, \\x85 and \\u2028 end no line in LSP or Python: the finding stays on line 3."""
    result = analyze_text("/nowhere/package.py", BAD_TEXTS["form feed and unicode line separators"], WS, kind="package")
    assert [(f.code, f.range.start.line, f.range.start.character) for f in result.findings] == [
        (Codes.UNKNOWN_FAMILY, 3, 13)]


def test_bom_keeps_columns():
    text = "\ufeffrequires = ['pyton-3']\n"
    result = analyze_text("/nowhere/package.py", text, WS, kind="package")
    assert [(f.code, f.range.start.character) for f in result.findings] == [(Codes.UNKNOWN_FAMILY, 14)]
    lines = analyze_text("/nowhere/x.rez-requests", "\ufeffpyton-3\n", WS, kind="requests")
    assert [(f.code, f.range.start.character) for f in lines.findings] == [(Codes.UNKNOWN_FAMILY, 1)]


def test_ten_thousand_requirements_each_get_their_diagnostic():
    result = analyze_text("/nowhere/package.py", BAD_TEXTS["10,000 requirements"], WS, kind="package")
    assert len([f for f in result.findings if f.code == Codes.UNKNOWN_FAMILY]) == 10000


def test_ten_megabyte_package_py():
    text = big_package_py(10)
    assert len(text.encode()) > 10_000_000
    result = analyze_text("/nowhere/package.py", text, WS, kind="package")
    assert result.package.name == "big" and len(result.package.requires) == 100
    assert out_of_bounds(text, [f.range for f in result.findings]) == []


def test_every_prefix_of_a_file_being_typed():
    """Replay TYPED character by character: each prefix is analysed, a syntax error is always reported."""
    for end in range(len(TYPED) + 1):
        text = TYPED[:end]
        result = analyze_text("/nowhere/package.py", text, WS, kind="package")
        assert out_of_bounds(text, [f.range for f in result.findings]) == [], end
        if not _python_accepts(text):
            assert any(f.code == Codes.SYNTAX for f in result.findings), (end, text[-20:])


@pytest.mark.parametrize("junk", ["'", '"', "[", "]", "(", ",", ":", "\\", "\n", "\t", "#", "\x00", "\udc80", "é"])
def test_one_stray_character_in_every_position(junk):
    for at in range(0, len(TYPED) + 1, 3):
        text = TYPED[:at] + junk + TYPED[at:]
        result = analyze_text("/nowhere/package.py", text, WS, kind="package")
        assert out_of_bounds(text, [f.range for f in result.findings]) == [], (junk, at)


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02\xff\xfe binary",
    b"name = 'caf\xe9'\nrequires = ['pyton-3']\n",  # latin-1 bytes: invalid UTF-8
    b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n",
    b"\xef\xbb\xbfname = 'bom'\r\nversion = '1'\r\n",
])
def test_pyrer_check_reads_bad_bytes_from_disk(tmp_path, content):
    (tmp_path / "package.py").write_bytes(content)
    run = subprocess.run([sys.executable, "-m", "pyrer", "check", str(tmp_path), "--packages-path",
                          os.path.join(ROOT, "examples", "repo")], capture_output=True, text=True, timeout=120)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
