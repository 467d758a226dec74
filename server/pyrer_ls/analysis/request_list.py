"""Reader of request-list files: rez requests, one or more per line, `#` comments; each line is one resolve."""

from __future__ import annotations

import re
from typing import List

from pyrer_ls.analysis.model import Range, RequirementRef
from pyrer_ls.analysis.text import utf16_len

_TOKEN = re.compile(r"\S+")


def read_request_list(text: str) -> List[List[RequirementRef]]:
    """The requests of each non-empty line, with exact ranges; `group` is the 0-based line."""
    lines = []
    for i, line in enumerate(text.splitlines()):
        code = line.split("#", 1)[0]
        refs = [
            RequirementRef(m.group(), Range.at(i, utf16_len(line[:m.start()]), utf16_len(line[:m.end()])), "line", i)
            for m in _TOKEN.finditer(code)
        ]
        if refs:
            lines.append(refs)
    return lines
