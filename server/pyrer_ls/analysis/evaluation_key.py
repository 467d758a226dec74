"""What an evaluation of a package.py is remembered under: its text, less what no code can read.

rez's answer depends on the text; but a literal that no code names (`description = "..."`, a literal `requires`
when nothing reads `requires`), a comment, or the characters of such a literal cannot change what the code
computes. The key is the text with those left out (each replaced by a placeholder holding its line breaks, so
every line of code keeps its number, and rez's error lines stay true), so an edit there finds the evaluation
already made; the fields left out keep their static values, exact by construction.

Conservative: nothing is left out when any code could read names it does not spell (`globals()`, `locals()`,
`vars()`, `eval`, `exec`, `getattr`, `__dict__`, `sys`, `inspect`, `this` other than `this.<name>`, ...), when
the package has a `preprocess` function, or when rezconfig sets a `package_preprocess_function` (it may read
and change any attribute). A literal holding a wildcard is kept (rez expands it against the packages path).
"""

from __future__ import annotations

import hashlib
import io
import keyword
import re
import tokenize
from typing import Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from pyrer._native import StaticRead

from pyrer_ls.analysis.text import utf16_len

# names through which code can reach variables without spelling them
REFLECTIVE = frozenset((
    "globals", "locals", "vars", "eval", "exec", "compile", "getattr", "setattr", "delattr", "hasattr",
    "__dict__", "__import__", "__builtins__", "importlib", "inspect", "sys", "_getframe", "f_globals", "f_locals",
    "preprocess", "execfile", "runpy", "dir", "__class__", "__globals__", "func_globals",
))
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LINE_START = re.compile(r"\r\n|\r|\n")
PLACEHOLDER = "\u2026"


def _line_starts(text: str) -> List[int]:
    return [0] + [m.end() for m in _LINE_START.finditer(text)]


def _offset(text: str, starts: List[int], line: int, utf16_col: int) -> int:
    """The character offset of a (0-based line, UTF-16 column) position."""
    if line >= len(starts):
        return len(text)
    i, units = starts[line], 0
    while units < utf16_col and i < len(text) and text[i] not in "\r\n":
        units += utf16_len(text[i])
        i += 1
    return i


def _names_in_fstring(token: str) -> List[str]:
    """Identifiers anywhere inside an f-string token (Python < 3.12 keeps the whole f-string one token)."""
    prefix = token[:token.find(token[-1])].lower() if token[-1] in "'\"" else ""
    return _IDENTIFIER.findall(token) if "f" in prefix else []


def _uses(text: str) -> Optional[Tuple[Dict[str, List[Tuple[int, int]]], List[Tuple[int, int]]]]:
    """({name: [(0-based line, character column) of each use]}, [(start, end) offsets of comments]), or None when
    the text does not tokenize or reaches names through reflection."""
    if re.search(r"\r(?!\n)", text):
        return None  # a lone carriage return ends a line for Python, not for the tokenizer's line reader
    starts = _line_starts(text)
    uses: Dict[str, List[Tuple[int, int]]] = {}
    comments: List[Tuple[int, int]] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):
        return None
    significant = [t for t in tokens if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT,
                                                         tokenize.INDENT, tokenize.DEDENT)]
    follows = {id(a): b for a, b in zip(significant, significant[1:])}
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            line, col = tok.start
            start = starts[line - 1] + col if line - 1 < len(starts) else len(text)
            comments.append((start, start + len(tok.string)))
        elif tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
            if tok.string in REFLECTIVE:
                return None
            if tok.string == "this":
                after = follows.get(id(tok))
                if after is None or after.string != ".":
                    return None  # `this` handed to code, indexed, ...: any attribute may be read
            uses.setdefault(tok.string, []).append((tok.start[0] - 1, tok.start[1]))
        elif tok.type == tokenize.STRING:
            for name in _names_in_fstring(tok.string):
                if name in REFLECTIVE:
                    return None
                uses.setdefault(name, []).append((-1, -1))  # a use at no binding
    return uses, comments


def _has_wildcard(value: object) -> bool:
    if isinstance(value, str):
        return "*" in value
    if isinstance(value, dict):
        return any(_has_wildcard(k) or _has_wildcard(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_has_wildcard(v) for v in value)
    return False


def independent_literals(text: str, read: StaticRead, uses: Dict[str, List[Tuple[int, int]]]
                         ) -> Dict[str, List[Tuple[int, int]]]:
    """Top-level names bound only to literals that no code reads (`uses`: where each name is used, from `_uses`):
    {name: [(start, end) character offsets of each of their literal values]}."""
    starts = _line_starts(text)
    by_name: Dict[str, List[object]] = {}
    for statement in read.statements:
        by_name.setdefault(statement.name, []).append(statement)
    out: Dict[str, List[Tuple[int, int]]] = {}
    for name, statements in by_name.items():
        f = read.field(name)
        if f is None or f.computed is not None or f.problem is not None:
            continue
        if any(s.kind != "assign" or s.value is None or _has_wildcard(s.value.python()) for s in statements):
            continue
        bindings = set()
        for s in statements:
            line, col16 = s.name_span[0], s.name_span[1]
            bindings.add((line, _offset(text, starts, line, col16) - starts[line]))
        if any(use not in bindings for use in uses.get(name, [])):
            continue
        spans = []
        for s in statements:
            a, b, c, d = s.value.span
            spans.append((_offset(text, starts, a, b), _offset(text, starts, c, d)))
        out[name] = spans
    return out


def _masked(text: str, spans: Sequence[Tuple[int, int]]) -> str:
    """`text` with each span replaced by a placeholder keeping its line breaks."""
    parts, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        parts.append(text[at:start])
        parts.append(PLACEHOLDER + "".join(m.group(0) for m in _LINE_START.finditer(text, start, end)))
        at = end
    parts.append(text[at:])
    return "".join(parts)


def evaluation_key(text: str, read: Optional[StaticRead], preprocess: bool = False) -> Tuple[str, FrozenSet[str]]:
    """(the key, the top-level names whose literal values it leaves out). `preprocess`: rezconfig sets a
    package_preprocess_function (nothing is left out)."""
    masked: Set[str] = set()
    spans: List[Tuple[int, int]] = []
    if read is not None and not read.errors and not preprocess:
        found = _uses(text)
        if found is not None:
            literals = independent_literals(text, read, found[0])
            masked = set(literals)
            spans = [span for value in literals.values() for span in value] + found[1]
    body = _masked(text, spans)
    digest = hashlib.sha256(body.encode("utf-8", "surrogatepass"))
    digest.update(("\0" + ",".join(sorted(masked))).encode("utf-8"))
    return "developer:" + digest.hexdigest(), frozenset(masked)
