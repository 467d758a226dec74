"""Hostile documents for the reliability tests: a table of bad files and a package.py to replay as typed."""

from __future__ import annotations

from typing import Dict, List

from pyrer_ls.analysis.text import split_lines, utf16_len

# What an editor can hand the server (text: lone surrogates stand for undecodable bytes).
BAD_TEXTS: Dict[str, str] = {
    "nul bytes": "name = 'x'\x00\nversion = '1'\n",
    "binary": "".join(chr(i) for i in range(256)) * 8,
    "lone surrogates": "name = 'x'\nrequires = ['py\udc80ton-3', '\udcff']\n# \ud800\n",
    "bom": "\ufeffname = 'x'\nversion = '1'\nrequires = ['python-3']\n",
    "crlf": "name = 'x'\r\nversion = '1'\r\nrequires = ['pyton-3']\r\n",
    "lone cr": "name = 'x'\rversion = '1'\rrequires = ['pyton-3']\r",
    "form feed and unicode line separators": "name = 'x'\n\x0c\n# \u2028 \x1c \x85\nrequires = ['pyton-3']\n",
    "astral characters": "name = '\U0001f600'\nrequires = ['\U0001f600-1', 'pyton-3']  # \U0001f600\n",
    "deep list nesting": "requires = " + "[" * 5000 + "]" * 5000 + "\n",
    "deep unary nesting": "x = " + "not " * 10000 + "1\n",
    "deep binary chain": "x = " + "+".join(["1"] * 10000) + "\n",
    "deep lambdas": "x = " + "lambda: " * 10000 + "1\n",
    "deep dict": "tests = " + "{'a': " * 3000 + "1" + "}" * 3000 + "\n",
    "10,000 requirements": "name = 'x'\nrequires = [%s]\n" % ", ".join("'pyton-%d'" % i for i in range(10000)),
    "huge version": "name = 'x'\nversion = '%s'\n" % ".".join(["1"] * 10000),
    "huge requirement": "requires = ['python-%s']\n" % "|".join(str(i) for i in range(20000)),
    "unterminated string": "name = 'x\nrequires = ['a\n",
    "unterminated triple string": "name = '''x\nrequires = ['a']\n",
    "tabs and spaces": "if True:\n\tx = 1\n        y = 2\nrequires = ['a']\n",
    "only whitespace": " \n\t\n   ",
    "empty": "",
}


def big_package_py(megabytes: int = 10) -> str:
    """A package.py of `megabytes` MB: comments and a long requires list, still valid Python."""
    line = "# " + "x" * 97 + "\n"
    body = line * (megabytes * 1024 * 1024 // len(line) - 200)
    return "name = 'big'\nversion = '1.0'\n" + body + "requires = [%s]\n" % ", ".join(["'python-3'"] * 100)


TYPED = '''name = "typed"
version = "1.0.0"

description = """A package typed by hand, for the replay."""

requires = [
    "python-3.9+<3.12",
    "~maya-2024+",
    "!nuke<14",
]

variants = [["platform-linux", "python-3.11"], ["python-3.9"]]

build_requires = ["cmake-3.20+"]

tests = {
    "unit": {"command": "pytest", "requires": ["pytest-7"]},
}

@early()
def private_build_requires():
    return ["doxygen"]
'''


def out_of_bounds(text: str, ranges: List) -> List:
    """The ranges that do not fit `text` as the editor sees it (LSP lines, UTF-16 columns)."""
    lines = split_lines(text)
    bad = []
    for r in ranges:
        for p in (r.start, r.end):
            if not (0 <= p.line < len(lines) and 0 <= p.character <= utf16_len(lines[p.line])):
                bad.append(r)
                break
        else:
            if (r.end.line, r.end.character) < (r.start.line, r.start.character):
                bad.append(r)
    return bad
