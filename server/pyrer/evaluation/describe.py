"""An exception raised while rez loaded a package, as one line: type, message, file and line."""

from __future__ import annotations

import os
import re
import traceback
from typing import List, Optional, Tuple

MAX_MESSAGE = 400

# rez's schema errors name the validators: "<class 'rez.utils.formatting.PackageRequest'>".
_CLASS_REPR = re.compile(r"<class '(?:[\w.]*\.)?(\w+)'>")
_FUNCTION_REPR = re.compile(r"<function (?:[\w.]*\.)?(\w+) at 0x[0-9a-f]+>")


def _chain(exc: BaseException) -> List[BaseException]:
    """The exception and the ones it was raised from or while handling, outermost first."""
    out: List[BaseException] = []
    seen = set()
    current: Optional[BaseException] = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def _line_in(exc: BaseException, filepath: str) -> Optional[int]:
    """The last line of `filepath` in the exception's traceback (the innermost call in the file)."""
    if isinstance(exc, SyntaxError) and exc.filename and _same_file(exc.filename, filepath):
        return exc.lineno
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if _same_file(frame.filename, filepath):
            line = frame.lineno
    return line


def _same_file(a: str, b: str) -> bool:
    return a == b or os.path.realpath(a) == os.path.realpath(b)


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """Whitespace runs (newlines included) as one space, cut at `limit` characters."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _message(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return exc.msg or ""
    if isinstance(exc, SystemExit):
        return "" if exc.code is None else str(exc.code)
    if isinstance(exc, KeyError) and len(exc.args) == 1:
        return repr(exc.args[0])
    text = str(exc)
    if type(exc).__name__ == "SchemaError":
        # rez's schema errors list every alternative tried, most general first: the last line is
        # the one that names the offending value.
        lines = [line for line in text.splitlines() if line.strip()]
        text = lines[-1] if lines else text
        text = _FUNCTION_REPR.sub(r"\1", _CLASS_REPR.sub(r"\1", text))
    return text


def describe_exception(exc: BaseException, filepath: str) -> Tuple[str, Optional[int], BaseException]:
    """(one-line message, 1-based line in `filepath` or None, the exception described).

    rez wraps what the package's module-level code raises in a `ResourceError` whose text repeats
    a traceback; the exception described is then the one raised in the package file (the outermost
    of the chain with a frame there, so that an error the package raises while handling another is
    the one told): "NameError: name 'foo' is not defined (package.py, line 12)".
    An exception with no frame in the file (rez's own validation) is described as rez raised it.
    """
    described = exc
    line = None
    for candidate in _chain(exc):
        found = _line_in(candidate, filepath)
        if found is not None:
            described, line = candidate, found
            break
    name = type(described).__name__
    message = _message(described)
    text = "%s: %s" % (name, message) if message else name
    if line is not None:
        text = "%s (%s, line %d)" % (one_line(text, MAX_MESSAGE - 40), os.path.basename(filepath), line)
    return one_line(text), line, described
