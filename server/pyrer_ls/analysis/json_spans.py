"""A small JSON reader that keeps where every value (and object key) sits in the text, for ranges in .rxt files."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Union

from pyrer_ls.analysis.model import Position, Range
from pyrer_ls.analysis.text import utf16_len

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class JsonSyntaxError(ValueError):
    """Invalid JSON, with the character offset where reading stopped."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class Node:
    """One JSON value: its Python value, its [start, end) character offsets, its children and its key's span."""

    value: Any
    start: int
    end: int
    items: Union[Dict[str, "Node"], List["Node"], None] = None
    key_start: Optional[int] = None
    key_end: Optional[int] = None

    def get(self, *path: Union[str, int]) -> Optional["Node"]:
        """The node at a path of keys and indexes, or None."""
        node: Optional[Node] = self
        for step in path:
            items = node.items if node is not None else None
            if isinstance(items, dict) and isinstance(step, str):
                node = items.get(step)
            elif isinstance(items, list) and isinstance(step, int) and 0 <= step < len(items):
                node = items[step]
            else:
                return None
        return node


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text

    def skip(self, i: int) -> int:
        return _WS.match(self.text, i).end()

    def fail(self, message: str, i: int):
        raise JsonSyntaxError(message, min(i, len(self.text)))

    def value(self, i: int) -> Node:
        text = self.text
        if i >= len(text):
            self.fail("unexpected end of the file", i)
        c = text[i]
        if c == "{":
            return self.obj(i)
        if c == "[":
            return self.array(i)
        if c == '"':
            return self.string(i)
        m = _NUMBER.match(text, i)
        if m and m.end() > i:
            return Node(json.loads(m.group()), i, m.end())
        for word, val in _LITERALS.items():
            if text.startswith(word, i):
                return Node(val, i, i + len(word))
        return self.fail("unexpected character %r" % c, i)

    def string(self, i: int) -> Node:
        try:
            s, end = json.decoder.scanstring(self.text, i + 1)
        except json.JSONDecodeError as e:
            return self.fail(e.msg, e.pos)
        return Node(s, i, end)

    def array(self, i: int) -> Node:
        items: List[Node] = []
        j = self.skip(i + 1)
        if self.text.startswith("]", j):
            return Node([], i, j + 1, items)
        while True:
            node = self.value(j)
            items.append(node)
            j = self.skip(node.end)
            if self.text.startswith(",", j):
                j = self.skip(j + 1)
            elif self.text.startswith("]", j):
                return Node([n.value for n in items], i, j + 1, items)
            else:
                self.fail("expected ',' or ']'", j)

    def obj(self, i: int) -> Node:
        items: Dict[str, Node] = {}
        j = self.skip(i + 1)
        if self.text.startswith("}", j):
            return Node({}, i, j + 1, items)
        while True:
            if not self.text.startswith('"', j):
                self.fail("expected a string key", j)
            key = self.string(j)
            j = self.skip(key.end)
            if not self.text.startswith(":", j):
                self.fail("expected ':'", j)
            node = self.value(self.skip(j + 1))
            node.key_start, node.key_end = key.start, key.end
            items[key.value] = node
            j = self.skip(node.end)
            if self.text.startswith(",", j):
                j = self.skip(j + 1)
            elif self.text.startswith("}", j):
                return Node({k: n.value for k, n in items.items()}, i, j + 1, items)
            else:
                self.fail("expected ',' or '}'", j)


def parse(text: str) -> Node:
    """The whole text as one JSON value; raises JsonSyntaxError."""
    reader = _Reader(text)
    node = reader.value(reader.skip(0))
    end = reader.skip(node.end)
    if end != len(text):
        reader.fail("extra data after the JSON value", end)
    return node


class Offsets:
    """Character offsets of a text to LSP positions (0-based lines, UTF-16 columns)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, offset: int) -> Position:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:  # the last line start <= offset
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return Position(lo, utf16_len(self.text[self.starts[lo]:offset]))

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def inner(self, node: Node) -> Range:
        """A string value's range without its quotes when it has no escapes, else the whole literal."""
        if isinstance(node.value, str) and self.text[node.start + 1:node.end - 1] == node.value:
            return self.range(node.start + 1, node.end - 1)
        return self.range(node.start, node.end)

    def key(self, node: Node) -> Range:
        """The range of the key a member value sits under (the value itself when it has none)."""
        if node.key_start is None:
            return self.range(node.start, node.end)
        return self.range(node.key_start + 1, node.key_end - 1)
