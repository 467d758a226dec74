"""`read_static_package_py`, the span view the language server reads: values, spans (UTF-16 columns), reasons."""

from __future__ import annotations

import pytest

from pyrer._native import read_static_package_py


def at(text: str, needle: str, line: int, quoted: bool = False):
    """The span of `needle` on `line` (0-based), in UTF-16 columns."""
    row = text.split("\n")[line]
    start = row.index(needle)
    units = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    return (line, units(row[:start]), line, units(row[:start + len(needle)]))


def test_values_and_spans_in_utf16_columns():
    text = 'description = "🎬 café"\nrequires = ["🐍-3", \'maya-2024\']  # 日本\n'
    read = read_static_package_py(text)
    requires = read.field("requires")
    assert requires.name_span == at(text, "requires", 1)
    assert requires.value_span == at(text, "[\"🐍-3\", 'maya-2024']", 1)
    first, second = requires.value.items
    assert (first.python(), first.span, first.text_span) == ("🐍-3", at(text, '"🐍-3"', 1), at(text, "🐍-3", 1))
    assert (second.kind, second.text_span) == ("str", at(text, "maya-2024", 1))
    assert read.field("description").value.python() == "🎬 café"


@pytest.mark.parametrize("source", [
    b"\xef\xbb\xbfname = 'x'\r\nrequires = ['a']\r\n",  # BOM and CRLF as bytes
    "name = 'x'\rrequires = ['a']\r",  # lone CR line ends
    "name = 'x'\nrequires = [\n\t'a',\n]\n",  # tabs
])
def test_line_ends_bom_and_tabs(source):
    read = read_static_package_py(source)
    assert read.errors == []
    assert read.field("requires").value.python() == ["a"]
    assert read.field("requires").name_span[0] == 1


def test_text_span_only_when_the_characters_are_written_as_is():
    read = read_static_package_py("requires = ['a\\x2d1', 'b' 'c', r'd\\e', '''f''', 'g' + 'h']\n")
    items = read.field("requires").value.items
    exact = [i.text_span != i.span for i in items]
    assert [i.python() for i in items] == ["a-1", "bc", "d\\e", "f", "gh"]
    assert exact == [False, False, True, True, False]


def test_python_values_of_every_literal_kind():
    read = read_static_package_py("x = (1, 2.5, 3j, True, None, ..., b'z', {1}, {'k': [()]}, 10**0 if 0 else 0)\n"
                                  "y = (1, -2.5, 3j, True, None, ..., b'z', {1}, {'k': [()]}, 123456789012345678901234567890)\n")
    assert read.field("x").computed.kind == "expression"
    assert read.field("y").value.python() == (1, -2.5, 3j, True, None, ..., b"z", {1}, {"k": [()]},
                                              123456789012345678901234567890)
    kinds = [i.kind for i in read.field("y").value.items]
    assert kinds == ["int", "float", "complex", "bool", "none", "ellipsis", "bytes", "set", "dict", "int"]


def test_computed_fields_say_why_and_what_evaluates_them():
    text = ("requires = ['a']\nif x:\n    requires.append('b')\n"
            "@early()\ndef build_requires():\n    return []\n"
            "@late()\ndef tools():\n    return []\n"
            "def variants():\n    return []\n")
    read = read_static_package_py(text)
    c = read.field("requires").computed
    assert (c.kind, c.reason, c.span, c.evaluation) == (
        "modified", "`requires.append(...)` at line 3 may change it", at(text, "requires", 2), "load")
    assert c.evaluated_by == "rez, when it loads the package"
    assert [read.field(f).computed.evaluation for f in ("build_requires", "tools", "variants")] == [
        "early", "late", "dropped"]
    assert read.field("build_requires").name_span == at(text, "build_requires", 4)


def test_shape_problems_follow_rez_schema():
    read = read_static_package_py("requires = ('a',)\nvariants = [['a'], ('b',)]\nversion = 1.0\ntools = None\n")
    assert read.field("requires").problem == ("a list of strings", "tuple", (0, 11, 0, 17))
    assert read.field("variants").problem == ("a list of strings", "tuple", (1, 19, 1, 25))
    assert read.field("version").problem == ("a str", "float", (2, 10, 2, 13))
    assert read.field("tools").problem is None  # rez drops None


def test_statements_and_errors():
    read = read_static_package_py("name = 'x'\nname = 'y'\n@early()\ndef version():\n    return '1'\n")
    assert [(s.kind, s.name, s.span) for s in read.statements] == [
        ("assign", "name", (0, 0, 0, 10)), ("assign", "name", (1, 0, 1, 10)), ("def", "version", (2, 0, 4, 14))]
    assert read.field("name").value.python() == "y"
    assert read_static_package_py("requires = ['a\n").errors[0][0].startswith("unterminated string literal")
    lone = read_static_package_py("x = '\udc80'\ny = 1\n")  # a lone surrogate: one U+FFFD, columns kept
    assert (lone.field("x").value.python(), lone.field("x").value.span) == ("\ufffd", (0, 4, 0, 7))
