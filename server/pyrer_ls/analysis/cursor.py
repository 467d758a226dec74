"""What the cursor sits in, read from the raw text of its line (works while the document does not parse)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from pyrer_ls.analysis.text import utf16_len

_FIELD_LINE = re.compile(r"^(?:def\s+)?([A-Za-z_]\w*)\s*(?:[:=(]|$)")


@dataclass(frozen=True)
class StringAtCursor:
    """The string literal (package.py) or request token (request list) holding the cursor.

    `start` is the UTF-16 column of its first character (inside the quotes); `before` and
    `after` are its text on each side of the cursor (`after` stops at the closing quote or the
    end of the line when the string is not closed yet).
    """

    line: int
    start: int
    before: str
    after: str

    @property
    def text(self) -> str:
        return self.before + self.after


def char_index(line_text: str, utf16_col: int) -> int:
    """The code-point index of a UTF-16 column (clamped to the line)."""
    units = 0
    for i, ch in enumerate(line_text):
        if units >= utf16_col:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line_text)


def _python_string(line_no: int, line_text: str, cursor: int) -> Optional[StringAtCursor]:
    """Scan the line's quotes and comments up to the cursor; the literal it is inside of, if any."""
    i, quote, start = 0, None, 0
    while i < cursor:
        ch = line_text[i]
        if quote is None:
            if ch == "#":
                return None
            if ch in "'\"":
                quote, start = ch, i + 1
        elif ch == "\\":
            i += 1
        elif ch == quote:
            quote = None
        i += 1
    if quote is None:
        return None
    end = cursor
    while end < len(line_text) and line_text[end] != quote:
        end += 2 if line_text[end] == "\\" else 1
    end = min(end, len(line_text))
    return StringAtCursor(line_no, utf16_len(line_text[:start]), line_text[start:cursor], line_text[cursor:end])


def _request_token(line_no: int, line_text: str, cursor: int) -> Optional[StringAtCursor]:
    """The whitespace-separated request around the cursor (empty at a blank spot); None in a comment."""
    if "#" in line_text[:cursor]:
        return None
    start = cursor
    while start > 0 and not line_text[start - 1].isspace():
        start -= 1
    end = cursor
    while end < len(line_text) and not line_text[end].isspace() and line_text[end] != "#":
        end += 1
    return StringAtCursor(line_no, utf16_len(line_text[:start]), line_text[start:cursor], line_text[cursor:end])


def string_at(lines: List[str], line: int, character: int, kind: str) -> Optional[StringAtCursor]:
    """The string (kind "package") or request token (kind "requests") holding the cursor, else None."""
    if not 0 <= line < len(lines):
        return None
    text = lines[line]
    cursor = char_index(text, character)
    return _python_string(line, text, cursor) if kind == "package" else _request_token(line, text, cursor)


def field_at(lines: List[str], line: int) -> Optional[str]:
    """The top-level name assigned (or def'd) on the nearest line at or above `line` that starts in column 0."""
    for i in range(min(line, len(lines) - 1), -1, -1):
        text = lines[i]
        if text[:1].isspace() or not text.strip() or text.startswith(("#", ")", "]", "}")):
            continue
        m = _FIELD_LINE.match(text)
        return m.group(1) if m else None
    return None
