"""Source text helpers: UTF-8 byte offsets (as `ast` reports them) and code points to UTF-16 columns."""

from __future__ import annotations

from typing import List


def utf16_len(s: str) -> int:
    """Length of `s` in UTF-16 code units."""
    return len(s.encode("utf-16-le")) // 2


class LineIndex:
    """The lines of a text, for converting `ast` columns (UTF-8 bytes) into LSP columns (UTF-16 units)."""

    def __init__(self, text: str) -> None:
        self.lines: List[str] = text.splitlines() or [""]

    def line(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def col_from_bytes(self, line: int, byte_col: int) -> int:
        prefix = self.line(line).encode("utf-8")[:byte_col].decode("utf-8", errors="ignore")
        return utf16_len(prefix)

    def col_from_chars(self, line: int, char_col: int) -> int:
        return utf16_len(self.line(line)[:char_col])

    def line_end(self, line: int) -> int:
        return utf16_len(self.line(line))
