"""`--shard K/N`: which documents one of N machines checks (a stable hash of the path, so a document stays in
its shard as others come and go, and each shard's cache stays warm; a family's versions go together, since they
share most of their resolves)."""

from __future__ import annotations

import os
import re
import zlib
from typing import List, Optional, Sequence, Tuple

Shard = Tuple[int, int]  # (K, N), 1 <= K <= N


def parse_shard(text: str) -> Shard:
    """"2/4" -> (2, 4); ValueError with a readable message otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ValueError("--shard takes K/N with 1 <= K <= N (e.g. 1/4), not %r" % text)
    return int(m.group(1)), int(m.group(2))


def shard_key(path: str) -> str:
    """`<root>/<family>/<version>/package.py` -> `<root>/<family>`; any other document: its path."""
    if os.path.basename(path) == "package.py":
        return os.path.dirname(os.path.dirname(path))
    return path


def shard_of(path: str, count: int) -> int:
    """The shard (1..count) a document belongs to."""
    return zlib.crc32(shard_key(path).replace("\\", "/").encode("utf-8", "surrogateescape")) % count + 1


def in_shard(paths: Sequence[str], shard: Optional[Shard]) -> List[str]:
    if shard is None or shard[1] == 1:
        return list(paths)
    return [p for p in paths if shard_of(p, shard[1]) == shard[0]]
