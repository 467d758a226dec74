"""The edited package as rez evaluates it, without a worker: what the evaluation is keyed on (an edit outside the
code that computes fields keeps the key), where each evaluated requirement is placed (the literal it comes from,
else the field's name), and the notes and failures (rez's answers are given here as `EvaluatedPackage`s; the
worker's own answers are compared with rez in tests/static/test_corpus_evaluated.py)."""

from __future__ import annotations

import pytest

from pyrer.evaluation import EvaluatedPackage, EvaluationFailure
from pyrer_ls.analysis.evaluated import evaluated_view, not_evaluated_view
from pyrer_ls.analysis.evaluation import DeveloperEvaluation, needs_evaluation
from pyrer_ls.analysis.evaluation_key import evaluation_key
from pyrer_ls.analysis.model import Codes, Range, Severity
from pyrer_ls.analysis.package_py import read_package_py
from pyrer_ls.analysis.text import split_lines, utf16_len

BASE = '''name = "démo_🎬"
version = "1.0"
PY = "3.11"
description = "Outil — 工具 🎬"  # a comment
requires = ["python-%s" % PY] + ["numpy"]
tools = ["a"]

@early()
def variants():
    out = [["maya-2024"]]
    if this.build_requires:
        out.append(["maya-2025"])
    return out

build_requires = ["cmake-3"]
'''


def key(text: str, preprocess: bool = False):
    return evaluation_key(text, read_package_py(text).read, preprocess)


# (what the edit is, old, new, the key stays)
KEY_CASES = [
    ("the description's characters", "Outil — 工具", "Outil ✨ 工具 again", True),
    ("a comment", "# a comment", "# another comment, 注释", True),
    ("a literal no code reads", 'tools = ["a"]', 'tools = ["a", "b"]', True),
    ("the name", '"démo_🎬"', '"demo"', True),
    ("a literal the @early code reads (this.build_requires)", "cmake-3", "cmake-4", False),
    ("a constant the computed requires uses", '"3.11"', '"3.12"', False),
    ("the @early function", "maya-2024", "maya-2023", False),
    ("a line added inside a literal", 'tools = ["a"]', 'tools = ["a",\n         "b"]', False),
    ("a line added before the code", "version =", "\nversion =", False),
]


@pytest.mark.parametrize("what,old,new,same", KEY_CASES, ids=[c[0] for c in KEY_CASES])
def test_what_the_evaluation_is_keyed_on(what, old, new, same):
    assert old in BASE
    assert (key(BASE.replace(old, new, 1))[0] == key(BASE)[0]) is same


def test_the_key_leaves_out_only_literals_no_code_reads():
    _, masked = key(BASE)
    assert masked == {"name", "version", "description", "tools"}  # PY and build_requires are read by code
    assert key(BASE, preprocess=True)[1] == frozenset()  # a studio preprocess function may read anything
    for reflective in ("globals()", "getattr(this, 'x')", "helper(this)", "vars()", "sys.modules"):
        text = BASE.replace("return out", "x = %s\n    return out" % reflective)
        assert key(text)[1] == frozenset(), reflective
    fstring = BASE.replace("return out", 'out.append([f"x-{tools}"])\n    return out')
    assert "tools" not in key(fstring)[1]  # read inside an f-string
    wildcard = BASE.replace('tools = ["a"]', 'tools = ["python-*"]')
    assert "tools" not in key(wildcard)[1]  # rez expands it: its text matters


def _range(text: str, needle: str, nth: int = 0, quotes: bool = False) -> Range:
    """Where `needle` (the characters of a string literal) is, in 0-based lines and UTF-16 columns."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at)
    col = at - (text.rfind("\n", 0, at) + 1)
    before = split_lines(text)[line][:col]
    start = utf16_len(before) - (1 if quotes else 0)
    return Range.at(line, start, start + utf16_len(needle) + (2 if quotes else 0))


def _evaluate(text: str, preprocess: bool = False, **fields) -> tuple:
    info = read_package_py(text)
    k, masked = key(text, preprocess)
    package = EvaluatedPackage(path="/src/demo/package.py", kind="developer", name=fields.pop("name", "démo_🎬"),
                               version=fields.pop("version", "1.0"), **fields)
    return info, evaluated_view(info, DeveloperEvaluation(k, masked, package), text)


def test_evaluated_requirements_are_placed_on_the_literals_they_come_from():
    info, view = _evaluate(BASE, requires=["python-3.11", "numpy"], build_requires=["cmake-3"],
                           variants=[["maya-2024"], ["maya-2025"]])
    python, numpy = view.requires
    assert (numpy.text, numpy.range, numpy.evaluated) == ("numpy", _range(BASE, "numpy"), "literal")
    assert (python.text, python.range, python.evaluated) == ("python-3.11", _range(BASE, "python-%s"), "template")
    assert [[(r.text, r.range, r.evaluated) for r in row] for row in view.variants] == [
        [("maya-2024", _range(BASE, "maya-2024"), "literal")], [("maya-2025", _range(BASE, "maya-2025"), "literal")]]
    # `this.build_requires` in the @early function may change it, says the reader: rez's value, on its literal
    assert "build_requires" in info.computed
    assert [(r.text, r.range, r.evaluated) for r in view.build_requires] == [
        ("cmake-3", _range(BASE, "cmake-3"), "literal")]
    assert view.evaluated == {"requires": ["python-3.11", "numpy"], "build_requires": ["cmake-3"],
                              "variants": [["maya-2024"], ["maya-2025"]]}
    assert view.computed == []
    assert not [f for f in view.findings if f.code == Codes.NOT_STATIC]  # both computed fields are checked now


PLACEMENT = [
    # (what, source, requires as rez evaluates them, [(needle or None for the field's name, how it is placed)])
    ("a wildcard rez expanded", 'name = "x"\nrequires = ["python-3.*", "maya-*"]\n',
     ["python-3.11", "maya-2024"], [("python-3.*", "expanded"), ("maya-*", "expanded")]),
    ("strings in an @early function, after accents, an emoji and CJK", 'name = "x"\n@early()\ndef requires():\n'
     '    return ["é🎬工-1"[0:0] + "maya-2024", "pyside-6"]  # ok\n',
     ["maya-2024", "pyside-6"], [("maya-2024", "literal"), ("pyside-6", "literal")]),
    ("a module constant", 'name = "x"\nNUMPY = "numpy-1.26"\n@early()\ndef requires():\n    return [NUMPY]\n',
     ["numpy-1.26"], [("numpy-1.26", "literal")]),
    ("a prefix the code completes", 'name = "x"\nrequires = ["python-" + v for v in ("3.9",)]\n',
     ["python-3.9"], [("python-", "part")]),
    ("a value no literal holds", 'name = "x"\nrequires = [FROM_THE_STUDIO]\n', ["python"], [(None, "name")]),
    ("a requirement a preprocess function added", 'name = "x"\nrequires = ["python-*"]\n'
     'def preprocess(this, data):\n    data["requires"].append("studio_env")\n',
     ["python-3", "studio_env"], [("python-*", "expanded"), ("studio_env", "literal")]),
    ("another field's literal is not taken", 'name = "x"\nbuild_requires = ["cmake"]\n@early()\ndef requires():\n'
     '    return [TOOL]\n', ["cmake"], [(None, "name")]),
    ("the same requirement spelled otherwise", 'name = "x"\nrequires = ["foo>=1", "bar-*"]\n',
     ["foo-1+", "bar-2"], [("foo>=1", None), ("bar-*", "expanded")]),
]


@pytest.mark.parametrize("what,source,requires,expected", PLACEMENT, ids=[c[0] for c in PLACEMENT])
def test_where_each_evaluated_requirement_goes(what, source, requires, expected):
    info, view = _evaluate(source, name="x", requires=requires)
    name_range = info.field_ranges["requires"]
    got = [(r.text, r.range, r.evaluated) for r in view.requires]
    want = [(text if how is not None else needle, name_range if needle is None else _range(source, needle), how)
            for text, (needle, how) in zip(requires, expected)]
    assert got == want


def test_a_requirement_placed_on_the_field_name_says_rez_evaluated_it():
    from pyrer_ls.analysis.requirements import check_requirement

    source = 'name = "x"\nrequires = [BROKEN]\n'
    _, view = _evaluate(source, name="x", requires=["python--1"])
    (finding,) = check_requirement(view.requires[0], None).findings
    assert finding.code == Codes.INVALID_REQUIREMENT and finding.range == _range(source, "requires")
    assert "as rez evaluates it: 'python--1'" in finding.message


def test_masked_fields_keep_their_static_references():
    """A literal no code reads keeps its static value, whatever text the remembered evaluation was made for."""
    source = BASE.replace("tools", "requires_rez_version").replace('requires = ["python-%s" % PY] + ["numpy"]',
                                                                   'requires = ["numpy"]')
    info, view = _evaluate(source, requires=["numpy-OLD"], variants=[["maya-2024"]])
    assert "requires" in key(source)[1]
    assert [(r.text, r.range) for r in view.requires] == [(r.text, r.range) for r in info.requires]


def test_tests_and_on_variants_as_rez_evaluates_them():
    source = ('name = "x"\nvariants = [["python-3.9"], ["python-3.11"]]\n@early()\ndef tests():\n'
              '    return {"unit": {"command": "pytest", "requires": ["pytest-7"],\n'
              '                     "on_variants": {"type": "requires", "value": ["python-3.11"]}},\n'
              '            "lint": {"command": "ruff", "on_variants": True}}\n')
    tests = {"unit": {"command": "pytest", "requires": ["pytest-7"],
                      "on_variants": {"type": "requires", "value": ["python-3.11"]}},
             "lint": {"command": "ruff", "on_variants": True}}
    _, view = _evaluate(source, name="x", variants=[["python-3.9"], ["python-3.11"]], tests=tests)
    assert [(r.text, r.range) for r in view.tests["unit"]] == [("pytest-7", _range(source, "pytest-7"))]
    assert [(r.text, r.range) for r in view.test_on_variants["unit"]] == [
        ("python-3.11", _range(source, "python-3.11", 1))]
    assert view.test_all_variants == ["lint"] and view.tests["lint"] == []


def test_late_and_dropped_functions_keep_their_notes():
    source = ('name = "x"\n@late()\ndef requires():\n    return ["python"]\n'
              'def build_requires():\n    return ["cmake"]\n@early()\ndef variants():\n    return [["a"]]\n')
    _, view = _evaluate(source, name="x", requires=None, build_requires=[], variants=[["a"]], late=["requires"])
    notes = {f.message.split(" ", 1)[0]: f.message for f in view.findings if f.code == Codes.NOT_STATIC}
    assert set(notes) == {"requires", "build_requires"}  # variants is evaluated now
    assert "pyrer cannot evaluate it outside a resolve" in notes["requires"]
    assert "rez drops such a function" in notes["build_requires"]
    assert view.computed == ["requires"]


@pytest.mark.parametrize("evaluation,clause", [
    (DeveloperEvaluation(why_not="pyrer evaluates workspace packages only with your consent (to allow it, X)"),
     "only with your consent (to allow it, X), so requires is not checked"),
    (DeveloperEvaluation(pending=object()), "rez is evaluating it in pyrer's evaluation worker"),
    (DeveloperEvaluation(result=EvaluationFailure("/p", "developer", "timeout", "timed out after 5 s")),
     "rez could not evaluate it (PYRER017)"),
], ids=["not allowed", "pending", "failed"])
def test_notes_say_why_a_computed_field_is_not_checked(evaluation, clause):
    source = 'name = "x"\n@early()\ndef requires():\n    return ["python"]\n'
    view = not_evaluated_view(read_package_py(source), evaluation, source)
    (note,) = [f for f in view.findings if f.code == Codes.NOT_STATIC]
    assert clause in note.message


def test_a_failure_is_one_finding_on_the_line_rez_names():
    source = 'name = "x"\n\n@early()\ndef requires():\n    return ["python-%s" % MISSING]   # 工具\n'
    failure = EvaluationFailure("/p", "developer", "error",
                                "NameError: name 'MISSING' is not defined (package.py, line 5)", 5)
    view = not_evaluated_view(read_package_py(source), DeveloperEvaluation(result=failure), source)
    (finding,) = [f for f in view.findings if f.code == Codes.EVALUATION_FAILED]
    assert finding.severity == Severity.ERROR
    assert finding.range == Range.at(4, 4, 4 + utf16_len('return ["python-%s" % MISSING]   # 工具'))
    assert "NameError: name 'MISSING' is not defined" in finding.message and "Traceback" not in finding.message
    timeout = EvaluationFailure("/p", "developer", "timeout", "timed out after 5 s")
    view = not_evaluated_view(read_package_py(source), DeveloperEvaluation(result=timeout), source)
    (finding,) = [f for f in view.findings if f.code == Codes.EVALUATION_FAILED]
    assert finding.severity == Severity.WARNING and finding.range == view.field_ranges["requires"]


@pytest.mark.parametrize("source,needed", [
    ('name = "x"\nrequires = ["python"]\n', False),
    ('name = "x"\nrequires = ["python-*"]\n', True),
    ('name = "x"\n@early()\ndef requires():\n    return []\n', True),
    ('name = "x"\n@late()\ndef requires():\n    return []\n', False),
    ('name = "x"\nrequires = ["python"\n', False),  # a syntax error: rez fails the same way (PYRER001)
])
def test_which_documents_need_rez(source, needed):
    assert needs_evaluation(read_package_py(source)) is needed
    assert needs_evaluation(read_package_py(source), preprocess=True) is (source.count("[") == source.count("]"))


class _Done:
    """An evaluation already answered (what the evaluator's cache gives)."""

    volatile = False

    def __init__(self, result) -> None:
        self._result = result

    def done(self) -> bool:
        return True

    def result(self):
        return self._result


class FakeEvaluator:
    """Answers every document with the fields given: the analysis end to end, without a worker."""

    def __init__(self, **fields) -> None:
        self.fields = fields
        self.asked = []

    def submit_developer(self, path, text=None, key=None):
        self.asked.append(key)
        return _Done(EvaluatedPackage(path=path, kind="developer", **self.fields))


def test_the_analysis_checks_what_rez_evaluated_and_says_where_it_came_from(tmp_path):
    from pyrer_ls.analysis.analyze import analyze_text
    from pyrer_ls.analysis.fixes import replace_family
    from pyrer_ls.analysis.hover import hover_at
    from pyrer_ls.analysis.inlay import inlay_hints
    from pyrer_ls.analysis.workspace import Settings, Workspace

    source = ('name = "outil_é"\nversion = "1.0"\nrequires = ["python-3.*"]  # 工具 🎬\n\n@early()\n'
              'def build_requires():\n    return [STUDIO_CMAKE]\n')
    path = str(tmp_path / "package.py")
    evaluator = FakeEvaluator(name="outil_é", version="1.0", requires=["python-3.11"], build_requires=["cmak--3"])
    from tests.server.repo_builder import make_repo

    repo = make_repo(str(tmp_path / "repo"), {"python-3.11.0": [], "python-3.9.0": []})
    ws = Workspace(settings=Settings(packages_path=[repo], implicit_packages=[], evaluate_workspace_packages=True),
                   evaluator=evaluator)
    analysis = analyze_text(path, source, ws)
    assert evaluator.asked == [key(source)[0]]
    (python,) = [c for c in analysis.checks if c.ref.field == "requires"]
    assert (python.ref.text, python.ref.range, python.ref.evaluated) == (
        "python-3.11", _range(source, "python-3.*"), "expanded")
    assert python.findings == [] and not python.needs_rez  # the wildcard is rez's value now
    (bad,) = [f for f in analysis.findings if f.code == Codes.INVALID_REQUIREMENT]
    assert bad.range == _range(source, "build_requires")
    assert "as rez evaluates it: 'cmak--3'" in bad.message
    rng, text = hover_at(analysis, bad.range.start)
    assert rng == bad.range and '["cmak--3"]' in text and "as rez evaluates it" in text
    rng, text = hover_at(analysis, python.ref.range.start)
    assert "python-3.11" in text and "rez expands this wildcard to it" in text
    assert replace_family(python) == []  # never an edit of the wildcard with rez's value
    assert not [f for f in analysis.findings if f.code == Codes.NOT_STATIC]
    (runtime,) = [o for o in analysis.outcomes if o.context.kind == "runtime"]
    assert (runtime.status, runtime.resolved) == ("solved", ["python-3.11.0"])
    hints = inlay_hints(analysis, split_lines(source))
    assert [(h.position.line, h.label) for h in hints] == [(2, "→ 3.11.0")]  # after the wildcard rez expanded

