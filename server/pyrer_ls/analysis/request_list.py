"""Reader of request-list files: rez requests, one or more per line, `#` comments; each line is one resolve."""

from __future__ import annotations

import re
from typing import List

from pyrer_ls.analysis.model import Range, RequirementRef
from pyrer_ls.analysis.text import split_lines, utf16_len

_TOKEN = re.compile(r"\S+")


def read_request_list(text: str) -> List[List[RequirementRef]]:
    """The requests of each non-empty line, with exact ranges; `group` is the 0-based line."""
    lines = []
    for i, line in enumerate(split_lines(text)):
        code = line.split("#", 1)[0]
        refs, at, col = [], 0, 0  # UTF-16 columns counted as we go (linear on a 10,000-request line)
        for m in _TOKEN.finditer(code):
            start = col + utf16_len(code[at:m.start()])
            col, at = start + utf16_len(m.group()), m.end()
            refs.append(RequirementRef(m.group(), Range.at(i, start, col), "line", i))
        if refs:
            lines.append(refs)
    return lines
