"""The persistent cache of `pyrer check` results (sqlite, stdlib only), beside pyrer's package-file cache.

A row is one document: its path, a key (its content, the settings, pyrer's code), the set of families its
analysis read (stored once per distinct set) with a digest of their stamps then, its findings and its
resolves. A row is used only when the key is equal and the families' stamps digest to the same value now: an
edited package file redoes exactly the documents whose analysis read its family. Every sqlite error degrades
to "no cache": the cache can skip work, never change a finding or fail a check.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from pyrer.rez.cache import cache_disabled_by_env, connect_or_start_afresh, default_cache_dir

SCHEMA = 3
FILE_NAME = "check-results-v%d.sqlite" % SCHEMA
_BATCH = 500

# (key, reads set id, reads digest, findings JSON text)
Row = Tuple[str, str, str, str]
# (path, key, reads, reads digest, findings JSON text, resolves JSON text: stored compressed)
NewRow = Tuple[str, str, Tuple[str, ...], str, str, str]


def reads_id(reads: Sequence[str]) -> str:
    return hashlib.blake2b("\n".join(reads).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


class ResultCache:
    """Document results by path; see the module docstring for when a row is valid."""

    def __init__(self, directory: Optional[str] = None) -> None:
        self.directory = directory or default_cache_dir()
        self.path = os.path.join(self.directory, FILE_NAME)
        self._conn: Optional[sqlite3.Connection] = None
        self._broken = False

    def _open(self) -> sqlite3.Connection:
        os.makedirs(self.directory, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS results (path TEXT PRIMARY KEY, key TEXT NOT NULL,"
                     " reads TEXT NOT NULL, digest TEXT NOT NULL, findings TEXT NOT NULL, resolves BLOB NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS reads (id TEXT PRIMARY KEY, names TEXT NOT NULL)")
        return conn

    def _connection(self) -> Optional[sqlite3.Connection]:
        if self._conn is not None or self._broken:
            return self._conn
        self._conn = connect_or_start_afresh(self.path, self._open)
        self._broken = self._conn is None
        return self._conn

    def _select(self, query: str, keys: List[str]) -> List[tuple]:
        conn = self._connection()
        if conn is None:
            return []
        out: List[tuple] = []
        try:
            for i in range(0, len(keys), _BATCH):
                chunk = keys[i:i + _BATCH]
                out += conn.execute(query % ",".join("?" * len(chunk)), chunk).fetchall()
        except sqlite3.Error:
            return []
        return out

    def rows(self, paths: Iterable[str]) -> Dict[str, Row]:
        """The stored rows of these documents, without their resolves."""
        return {p: (k, r, d, f) for p, k, r, d, f in self._select(
            "SELECT path, key, reads, digest, findings FROM results WHERE path IN (%s)", list(paths))}

    def reads(self, ids: Iterable[str]) -> Dict[str, Tuple[str, ...]]:
        """The family names of these sets of reads."""
        return {i: tuple(names.split("\n")) if names else () for i, names in self._select(
            "SELECT id, names FROM reads WHERE id IN (%s)", sorted(set(ids)))}

    def resolves(self, paths: Iterable[str]) -> Dict[str, str]:
        """The stored resolves (JSON text) of these documents."""
        out = {}
        for path, blob in self._select("SELECT path, resolves FROM results WHERE path IN (%s)", list(paths)):
            try:
                out[path] = zlib.decompress(blob).decode("utf-8", "surrogatepass")
            except (zlib.error, TypeError, UnicodeDecodeError):
                continue
        return out

    def store(self, rows: List[NewRow]) -> None:
        """Insert or replace rows in one transaction."""
        conn = self._connection()
        if conn is None or not rows:
            return
        sets = {}
        for _, _, reads, _, _, _ in rows:
            sets.setdefault(reads_id(reads), "\n".join(reads))
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR IGNORE INTO reads VALUES (?, ?)", list(sets.items()))
            conn.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)",
                             [(p, k, reads_id(r), d, f, zlib.compress(v.encode("utf-8", "surrogatepass"), 6))
                              for p, k, r, d, f, v in rows])
            conn.execute("COMMIT")
        except sqlite3.Error:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None


def open_cache(directory: Optional[str], disabled: bool) -> Optional[ResultCache]:
    """The cache in `directory` (default: pyrer's cache folder), or None when disabled (flag or PYRER_NO_CACHE)."""
    if disabled or cache_disabled_by_env():
        return None
    return ResultCache(directory)


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
