"""Position encodings at the protocol edge: the analysis counts UTF-16 columns; a client may count UTF-8 bytes or code points."""

from __future__ import annotations

import os
from typing import Callable, Dict, List, Optional, Sequence

from lsprotocol import types
from pygls.uris import to_fs_path

from pyrer_ls.analysis.model import Position, Range
from pyrer_ls.analysis.text import split_lines

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
SUPPORTED = (UTF8, UTF16, UTF32)
MAX_READ_BYTES = 4 * 1024 * 1024  # a file named by a location is read to convert its columns; larger ones are not


def negotiate(offered: Optional[Sequence[str]]) -> str:
    """The first encoding the client offers that the server supports (clients list them by preference); else UTF-16,
    which every client must support."""
    for encoding in offered or ():
        if str(encoding) in SUPPORTED:
            return str(encoding)
    return UTF16


def _units(char: str, encoding: str) -> int:
    code = ord(char)
    if encoding == UTF32:
        return 1
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4  # UTF-8 (a lone surrogate: 3)


def convert_column(line: str, column: int, source: str, target: str) -> int:
    """`column` of `line` counted in `source` units, counted in `target` units. A column inside a character lands on
    its start; past the end of the line, the excess is kept as it is (one unit per unit)."""
    if source == target or line.isascii():
        return column
    seen = out = 0
    for char in line:
        step = _units(char, source)
        if seen + step > column:
            return out
        seen += step
        out += _units(char, target)
    return out + (column - seen)


class DocumentColumns:
    """Converts positions of one document between the analysis' UTF-16 columns and the client's encoding."""

    def __init__(self, text: Optional[str], encoding: str) -> None:
        self.encoding = encoding
        self._text = text
        self._lines: Optional[List[str]] = None

    def _line(self, line: int) -> str:
        if self._lines is None:
            self._lines = split_lines(self._text or "")
        return self._lines[line] if 0 <= line < len(self._lines) else ""

    def _identity(self) -> bool:
        return self.encoding == UTF16 or self._text is None

    def to_client(self, pos: Position) -> types.Position:
        character = pos.character if self._identity() else convert_column(
            self._line(pos.line), pos.character, UTF16, self.encoding)
        return types.Position(line=pos.line, character=character)

    def to_client_range(self, rng: Range) -> types.Range:
        return types.Range(start=self.to_client(rng.start), end=self.to_client(rng.end))

    def from_client(self, pos: types.Position) -> Position:
        character = pos.character if self._identity() else convert_column(
            self._line(pos.line), pos.character, self.encoding, UTF16)
        return Position(pos.line, character)

    def from_client_range(self, rng: types.Range) -> Range:
        return Range(self.from_client(rng.start), self.from_client(rng.end))


def read_text(path: str) -> Optional[str]:
    """A file's text as the analysis read it (UTF-8), or None when it cannot be read."""
    try:
        if os.path.getsize(path) > MAX_READ_BYTES:
            return None
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except (OSError, ValueError):
        return None


class Edge:
    """The protocol edge of one request or notification: the negotiated encoding and the columns of each document
    it names (an open document's text, else the file on disk), each converted once."""

    def __init__(self, encoding: str, open_text: Callable[[str], Optional[str]] = lambda _uri: None) -> None:
        self.encoding = encoding
        self._open_text = open_text
        self._docs: Dict[str, DocumentColumns] = {}

    def document(self, uri: str, text: Optional[str] = None) -> DocumentColumns:
        """The columns of the document at `uri` (`text`: its current text, when the caller has it)."""
        doc = self._docs.get(uri)
        if doc is None:
            if text is None and self.encoding != UTF16:
                text = self._open_text(uri)
                if text is None:
                    path = to_fs_path(uri)
                    text = read_text(path) if path else None
            doc = self._docs[uri] = DocumentColumns(text, self.encoding)
        return doc
