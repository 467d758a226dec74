"""Source text helpers: lines as LSP counts them, code points to UTF-16 columns, text as the readers take it."""

from __future__ import annotations

import re
from typing import List

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line ends (and Python's); not str.splitlines' \f, \x1c, \u2028, ...
_SURROGATE = re.compile("[\ud800-\udfff]")
BOM = "\ufeff"


def split_lines(text: str) -> List[str]:
    """The lines of `text` as LSP and Python count them: only \\n, \\r\\n and \\r end a line."""
    return _LINE_BREAK.split(text)


def readable_text(text: str, bom: str = " ") -> str:
    """The text the readers take: lone surrogates (broken UTF-16 from a client) become U+FFFD and a leading
    byte-order mark becomes `bom`; both are one UTF-16 unit, so every column stays where the editor has it."""
    if text.startswith(BOM):
        text = bom + text[1:]
    return _SURROGATE.sub("\ufffd", text)


def utf16_len(s: str) -> int:
    """Length of `s` in UTF-16 code units."""
    return len(s.encode("utf-16-le", "surrogatepass")) // 2  # a lone surrogate is one unit too


class LineIndex:
    """The lines of a text, for converting code-point columns (Python's syntax errors) into LSP columns (UTF-16 units)."""

    def __init__(self, text: str) -> None:
        self.lines: List[str] = split_lines(text)

    def line(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def col_from_chars(self, line: int, char_col: int) -> int:
        return utf16_len(self.line(line)[:char_col])

    def line_end(self, line: int) -> int:
        return utf16_len(self.line(line))
