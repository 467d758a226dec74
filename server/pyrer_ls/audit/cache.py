"""The persistent cache of `pyrer check` results (sqlite, stdlib only), beside pyrer's package-file cache.

A row is one document: its path, a key (its content, the settings, pyrer's code), the families its analysis
read with a digest of their stamps then, and its result. A row is used only when the key is equal and the
families' stamps digest to the same value now: an edited package file redoes exactly the documents whose
analysis read its family. Every sqlite error degrades to "no cache": the cache can skip work, never change
a finding or fail a check.
"""

from __future__ import annotations

import json
import os
import sqlite3
from typing import Dict, Iterable, List, Optional, Tuple

from pyrer.rez.cache import cache_disabled_by_env, default_cache_dir

SCHEMA = 1
FILE_NAME = "check-results-v%d.sqlite" % SCHEMA

# (key, reads, reads digest, result JSON)
Row = Tuple[str, Tuple[str, ...], str, dict]


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
                     " reads TEXT NOT NULL, digest TEXT NOT NULL, result TEXT NOT NULL)")
        return conn

    def _connection(self) -> Optional[sqlite3.Connection]:
        if self._conn is not None or self._broken:
            return self._conn
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError:  # a damaged file: start a new one, once
            try:
                os.remove(self.path)
                self._conn = self._open()
            except (sqlite3.Error, OSError):
                self._broken = True
        except (sqlite3.Error, OSError):
            self._broken = True
        return self._conn

    def rows(self, paths: Iterable[str]) -> Dict[str, Row]:
        """The stored rows of these documents (one query per 500 paths)."""
        conn = self._connection()
        out: Dict[str, Row] = {}
        if conn is None:
            return out
        paths = list(paths)
        try:
            for i in range(0, len(paths), 500):
                chunk = paths[i:i + 500]
                query = "SELECT path, key, reads, digest, result FROM results WHERE path IN (%s)" % ",".join("?" * len(chunk))
                for path, key, reads, digest, result in conn.execute(query, chunk):
                    out[path] = (key, tuple(reads.split("\n")) if reads else (), digest, result)
        except sqlite3.Error:
            return {}
        return out

    def store(self, rows: List[Tuple[str, str, Tuple[str, ...], str, str]]) -> None:
        """Insert or replace (path, key, reads, digest, result JSON text) rows in one transaction."""
        conn = self._connection()
        if conn is None or not rows:
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?)",
                             [(p, k, "\n".join(r), d, t) for p, k, r, d, t in rows])
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


def result_text(result: dict) -> str:
    return json.dumps(result, separators=(",", ":"), ensure_ascii=False)
