"""The pure parts of the evaluation package, as tables: one-line error texts, the protocol's
messages, where a repository package sits, sizes, exit statuses, rez's config files."""

from __future__ import annotations

import os
import signal

import pytest

from pyrer.evaluation.describe import describe_exception, one_line
from pyrer.evaluation.fingerprint import config_files
from pyrer.evaluation.process import exit_description
from pyrer.evaluation.protocol import (
    EvaluatedPackage,
    EvaluationFailure,
    EvaluationReply,
    EvaluationRequest,
    decode,
    encode,
    format_bytes,
)
from pyrer.evaluation.store import result_from_json
from pyrer.evaluation.worker import jsonable, locate

PACKAGE = "/studio/src/outil_été/package.py"


def raised_in_package(source: str, wrap: bool = False) -> BaseException:
    """The exception `source` raises when run as PACKAGE (wrapped the way rez's loader wraps)."""
    try:
        try:
            exec(compile(source, PACKAGE, "exec"), {})
        except Exception as exc:
            if not wrap:
                raise
            raise RuntimeError("Problem loading %s: %s:\n  File ..." % (PACKAGE, exc))
    except BaseException as exc:
        return exc
    raise AssertionError("no exception")


@pytest.mark.parametrize("source,wrap,message,line", [
    ("x = 1\ny = foo\n", False, "NameError: name 'foo' is not defined (package.py, line 2)", 2),
    ("x = 1\ny = foo\n", True, "NameError: name 'foo' is not defined (package.py, line 2)", 2),
    ("def f():\n    return {}['clé']\n\nf()\n", False, "KeyError: 'clé' (package.py, line 2)", 2),
    ("import sys\nsys.exit(3)\n", False, "SystemExit: 3 (package.py, line 2)", 2),
    ("import sys\nsys.exit()\n", False, "SystemExit (package.py, line 2)", 2),
    ("raise KeyboardInterrupt\n", False, "KeyboardInterrupt (package.py, line 1)", 1),
    ("try:\n    import studio_absent\nexcept ImportError:\n    raise RuntimeError('studio_absent est requis')\n",
     True, "RuntimeError: studio_absent est requis (package.py, line 4)", 4),
    ("raise ValueError('plusieurs\\nlignes   ici')\n", False, "ValueError: plusieurs lignes ici (package.py, line 1)", 1),
])
def test_describe_an_exception_raised_in_the_package(source, wrap, message, line):
    text, found, _ = describe_exception(raised_in_package(source, wrap), PACKAGE)
    assert (text, found) == (message, line)


def test_describe_a_syntax_error():
    exc = raised_in_package("name = 'x'\nrequires = [\n")
    assert describe_exception(exc, PACKAGE)[:2] == ("SyntaxError: '[' was never closed (package.py, line 2)", 2)


def test_describe_rez_s_own_errors_without_a_line():
    class SchemaError(Exception):
        pass

    exc = SchemaError(
        "Or(<class 'rez.utils.sourcecode.SourceCode'>, [Or(And(<class 'str'>, Use(<function "
        "expand_requirement at 0x7f3a2c0>)))]) did not validate ['python-3', 5]\n"
        "5 should be instance of <class 'rez.utils.formatting.PackageRequest'>"
    )
    assert describe_exception(exc, PACKAGE)[:2] == (
        "SchemaError: 5 should be instance of PackageRequest", None
    )


def test_one_line_cuts_long_texts():
    assert one_line("a\n\tb  c") == "a b c"
    cut = one_line("é" * 1000, limit=50)
    assert len(cut) == 50 and cut.endswith("…")


@pytest.mark.parametrize("path,repository,expected", [
    ("/r/maya/2024.2/package.py", None, ("/r", "maya", "2024.2")),
    ("/r/maya/2024.2/package.py", "/r", ("/r", "maya", "2024.2")),
    ("/r/outils/package.py", "/r", ("/r", "outils", "")),
    ("/r/outils/package.py", "/r/", ("/r", "outils", "")),
])
def test_locate_a_repository_package(path, repository, expected):
    assert locate(path, repository) == expected


@pytest.mark.parametrize("path", ["/r/package.py", "/r/a/b/c/package.py", "/elsewhere/a/1/package.py"])
def test_locate_outside_the_layout_is_an_error(path):
    with pytest.raises(ValueError):
        locate(path, "/r")


def test_messages_round_trip():
    package = EvaluatedPackage(
        PACKAGE, "developer", "outil_été", "1.0", requires=["python-3"], variants=[["maya-2024"]],
        tests={"unit": {"command": "pytest", "requires": ["pytest-7"]}}, warnings=["attention ⚠"],
    )
    failure = EvaluationFailure(PACKAGE, "repository", "error", "NameError: x (package.py, line 2)", 2)
    for result in (package, failure):
        reply = EvaluationReply(7, result, [("/a/VERSION", "1:2:3:4"), ("$STUDIO", "missing")], False, True)
        line = encode(reply.to_json())
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        assert EvaluationReply.from_json(decode(line)) == reply
        assert result_from_json(dict(result.to_json(), ok=result.ok)) == result
    request = EvaluationRequest(3, "developer", PACKAGE, "a\nb\r\n", None)
    assert decode(encode(request.to_json()))["text"] == "a\nb\r\n"


@pytest.mark.parametrize("line", [b"", b"[]", b"{}", b'{"type": 3}', b"\xff", b"not json"])
def test_decode_rejects_what_is_not_a_message(line):
    with pytest.raises(ValueError):
        decode(line)


@pytest.mark.parametrize("n,text", [
    (1 << 30, "1 GiB"), (3 << 29, "1.5 GiB"), (512 << 20, "512 MiB"), (1 << 10, "1 KiB"), (900, "900 bytes"),
])
def test_format_bytes(n, text):
    assert format_bytes(n) == text


@pytest.mark.parametrize("code,text", [
    (3, "the evaluation process exited with status 3"),
    (-signal.SIGKILL, "the evaluation process was killed by SIGKILL"),
    (-signal.SIGSEGV, "the evaluation process crashed (SIGSEGV)"),
    (None, "the evaluation process stopped answering"),
])
def test_exit_description(code, text):
    assert exit_description(code) == text


def test_jsonable():
    class Requirement:
        def __str__(self):
            return "python-3"

    assert jsonable({"a": (Requirement(), 1, None, True), 2: {"b": [1.5]}}) == {
        "a": ["python-3", 1, None, True], "2": {"b": [1.5]},
    }


def test_config_files_are_rez_s():
    env = {"REZ_CONFIG_FILE": os.pathsep.join(["/etc/rez/studio.yaml", "/etc/rez/site.py"]), "HOME": "/home/zoë"}
    assert config_files(env) == [
        "/etc/rez/studio.py", "/etc/rez/studio.yaml", "/etc/rez/site.py",
        "/home/zoë/.rezconfig.py", "/home/zoë/.rezconfig",
    ]
    assert config_files({"HOME": "/h", "REZ_DISABLE_HOME_CONFIG": "1"}) == []

