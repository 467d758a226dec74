"""Evaluation through the language server over stdio (a trusted workspace): the static diagnostics come at once and
rez's evaluated ones when it answers; hostile package.py files (a loop, `os._exit`, 2 GB, a fork, flooding, a syntax
error, a missing module) each end as a diagnostic while the server keeps answering and loses nothing; and an edit
outside the code that computes fields costs no evaluation (counted by the package's own code, not timed)."""

from __future__ import annotations

import os
import textwrap
import time
from typing import Callable, Dict, List, Optional

import pytest

from tests.reliability.load import StdioClient
from tests.server.repo_builder import make_repo

PENDING = "rez is evaluating it"

GOOD = '''name = "good"
version = "1.0"
description = "Le bon — 好 🎬"

@early()
def requires():
    return ["pyton-3"]  # a typo rez's evaluation reveals
'''

HOSTILE = {
    # name: (the @early body, what the final diagnostics of the file show)
    "loop": ("while True:\n    pass", "timed out after 2 s"),
    "os_exit": ("import os\nos._exit(3)", "the evaluation process exited with status 3"),
    "allocation": ("_two_gigabytes = bytearray(2 * 1024 ** 3)\nreturn []", "memory limit 1 GiB exceeded"),
    "missing_module": ("import studio_pipeline_introuvable_ü\nreturn []",
                       "ModuleNotFoundError: No module named 'studio_pipeline_introuvable_ü'"),
    "fork": ("import os, time\nif os.fork() == 0:\n    time.sleep(30)\n    os._exit(0)\nreturn ['python-3']", None),
    "flood": ("import os, sys\nfor _ in range(2000):\n    print('é' * 200)\n    os.write(2, b'z' * 4096)\n"
              "return ['python-3']", None),
}


def _package(name: str, body: str) -> str:
    return 'name = "%s"\nversion = "1.0"\n\n@early()\ndef requires():\n%s\n' % (name, textwrap.indent(body, "    "))


class Session:
    def __init__(self, tmp, settings: Optional[dict] = None) -> None:
        root = str(tmp)
        self.repo = make_repo(os.path.join(root, "repo"), {"python-3.9.0": [], "python-3.11.0": []})
        self.src = os.path.join(root, "src")
        os.makedirs(self.src)
        env = {k: v for k, v in os.environ.items() if not k.startswith("REZ_")}
        env.update({"REZ_DISABLE_HOME_CONFIG": "1", "REZ_IMPLICIT_PACKAGES": "", "PYRER_LS_DEBOUNCE": "0.01",
                    "PYRER_CACHE_DIR": os.path.join(root, "cache")})
        self.client = StdioClient({"packagesPath": [self.repo], "evaluateWorkspacePackages": True,
                                   "evaluationTimeLimit": 2, **(settings or {})}, env=env)
        self.client.initialize(self.src)
        self.versions: Dict[str, int] = {}

    def write(self, name: str, text: str) -> str:
        path = os.path.join(self.src, name, "package.py")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return "file://" + path

    def open(self, name: str, text: str) -> str:
        uri = self.write(name, text)
        self.versions[uri] = 1
        self.client.open(uri, text)
        return uri

    def edit(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.client.change(uri, self.versions[uri], text)
        return self.versions[uri]

    def settled(self, uri: str, version: Optional[int] = None, timeout: float = 60) -> List[dict]:
        """The diagnostics of the current version once rez's evaluation is in (nothing left pending)."""
        want = self.versions[uri] if version is None else version
        _, diags = self.client.wait_for(uri, lambda d: d[0] == want and not any(
            PENDING in x["message"] for x in d[1]), timeout)
        return diags

    def hover(self, uri: str, line: int, character: int) -> dict:
        return self.client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                          "position": {"line": line, "character": character}},
                                   timeout=10)

    def close(self) -> int:
        return self.client.close()


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """One server for the module (each test opens documents of its own), with `good` open."""
    s = Session(tmp_path_factory.mktemp("lsp-evaluation"))
    s.good = s.open("good", GOOD)
    yield s
    assert s.client.errors == []
    assert s.close() == 0


def _codes(diags: List[dict]) -> List[str]:
    return sorted(d["code"] for d in diags)


def test_static_diagnostics_first_then_rez_s(session):
    uri = session.good
    first = session.client.wait_for(uri, lambda d: d[0] == 1)[1]
    diags = session.settled(uri)
    if any(PENDING in d["message"] for d in first):  # the worker was still starting: the static view came first
        assert "PYRER004" not in _codes(first)
    (typo,) = [d for d in diags if d["code"] == "PYRER004"]
    assert typo["range"] == {"start": {"line": 6, "character": 13}, "end": {"line": 6, "character": 20}}
    assert "PYRER009" not in _codes(diags)
    hover = session.hover(uri, 5, 6)["result"]  # on `requires`: the value rez evaluated
    assert '"pyton-3"' in hover["contents"]["value"] and "as rez evaluates it" in hover["contents"]["value"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_evaluation_leaves_the_server_answering(session, name):
    body, shown = HOSTILE[name]
    good = session.good
    session.settled(good)
    uri = session.open(name, _package(name, body))
    started = time.monotonic()
    # while rez works on it (up to the 2 s limit), the server answers and the other document is checked
    assert session.hover(good, 6, 14)["result"] is not None
    version = session.edit(good, GOOD.replace("pyton-3", "pyton-3.9"))
    diags = session.settled(good, version)
    assert [d["range"]["end"]["character"] for d in diags if d["code"] == "PYRER004"] == [22]
    final = session.settled(uri, timeout=90)
    notes = [d for d in final if d["code"] == "PYRER009"]
    failures = [d["message"] for d in final if d["code"] == "PYRER017" and d["severity"] <= 2]
    if shown is None:  # rez evaluated it: requires is checked
        assert notes == [] and failures == []
    else:
        assert len(failures) == 1 and shown in failures[0], final
        assert "\n" not in failures[0] and "Traceback" not in failures[0]
        assert notes and "rez could not evaluate it" in notes[0]["message"]
    assert time.monotonic() - started < 60
    # and after it: nothing lost, the next evaluation works
    version = session.edit(good, GOOD.replace("pyton-3", "python-3"))
    assert "PYRER004" not in _codes(session.settled(good, version))


def test_a_syntax_error_is_reported_and_never_evaluated(session):
    uri = session.open("syntax", 'name = "syntax"\n@early()\ndef requires(:\n    return []\n')
    diags = session.client.wait_for(uri, lambda d: True)[1]
    assert _codes(diags) == ["PYRER001"]


COUNTED = '''name = "counted"
version = "1.0"
description = "Compté — 计数 🎬"
tools = ["a"]  # a literal no code reads

@early()
def requires():
    with open({counter!r}, "a") as f:
        f.write("x\\n")
    {program}
    return ["python-3.{minor}"]
'''


@pytest.mark.parametrize("program,back", [("pass", 2), ("import subprocess; subprocess.run(['true'])", 3)],
                         ids=["cached", "runs a program (never cached)"])
def test_an_edit_outside_computed_fields_costs_no_evaluation(session, tmp_path, program, back):
    """Whether or not the evaluator may cache rez's answer (an evaluation that ran a program never is), an edit
    that keeps the evaluation's key reuses it."""
    counter = str(tmp_path / "evaluations")

    def evaluations() -> int:
        with open(counter) as f:
            return len(f.read().split())

    text = COUNTED.format(counter=counter, minor=9, program=program)
    uri = session.open("counted_%d" % back, text)
    session.settled(uri)
    assert evaluations() == 1
    edits: List[Callable[[str], str]] = [
        lambda t: t.replace("Compté", "Compté encore"),  # the description
        lambda t: t.replace("# a literal", "# still a literal"),  # a comment
        lambda t: t.replace('tools = ["a"]', 'tools = ["a", "b"]'),  # a literal no code reads
        lambda t: t.replace('"counted"', '"counted_too"'),  # the name
    ]
    for edit in edits:
        text = edit(text)
        session.edit(uri, text)
        diags = session.settled(uri)
        assert "PYRER009" not in _codes(diags)
    assert evaluations() == 1  # four edits, not one evaluation
    inside = text.replace("python-3.9", "python-3.11")
    session.edit(uri, inside)
    session.settled(uri)
    assert evaluations() == 2  # an edit of the @early function is evaluated
    session.edit(uri, text)
    session.settled(uri)
    assert evaluations() == back  # its earlier text is remembered (unless it ran a program)
