"""A persistent, cross-process cache of what the solver needs from each package file, and of package
files evaluated by rez in pyrer's evaluation worker (sqlite, stdlib only)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

# Bump when the meaning of a cached entry changes (new fields): old files are ignored. The file
# name also carries pyrer's version, so a release with a changed static reader starts afresh.
SCHEMA = 1

ENV_DIR = "PYRER_CACHE_DIR"
ENV_DISABLE = "PYRER_NO_CACHE"

# (stamp, entry) for one package file: `stamp` is `file_stamp(os.stat(path))`, `entry` a JSON-able dict.
Row = Tuple[str, dict]

# The last evaluation of one (path, kind, origin): (origin, source, fingerprint, dependencies, result).
#   origin: "file" (the file on disk) or "buffer" (an editor's unsaved text for that path);
#   source: what the file was (the file's stamp, or "sha256:..." of the text evaluated);
#   fingerprint: the rez settings it was evaluated under (pyrer.evaluation.fingerprint);
#   dependencies: [[path or "$VARIABLE", stamp]] it read, to be unchanged for the row to hold;
#   result: the JSON of an EvaluatedPackage or EvaluationFailure (pyrer.evaluation.protocol).
EvaluationRow = Tuple[str, str, str, List[List[str]], dict]

def connect_or_start_afresh(path: str, open_: Callable[[], sqlite3.Connection]) -> Optional[sqlite3.Connection]:
    """`open_()`; a file that is not a database (damaged) is removed and opened once more; None when the cache
    cannot be used at all (a cache never stops the work it serves)."""
    try:
        return open_()
    except sqlite3.DatabaseError:
        try:
            os.remove(path)
            return open_()
        except (sqlite3.Error, OSError):
            return None
    except (sqlite3.Error, OSError):
        return None


_IN_CHUNK = 500  # paths per `IN (...)` query (sqlite allows 999 parameters)


def file_stamp(st: os.stat_result) -> str:
    """What must be unchanged for a cached entry to stay valid: mtime, size, inode and ctime."""
    return "%d:%d:%d:%d" % (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def default_cache_dir() -> str:
    """`$PYRER_CACHE_DIR`, else `$XDG_CACHE_HOME/pyrer`, else `~/.cache/pyrer`."""
    explicit = os.environ.get(ENV_DIR)
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pyrer")


def cache_disabled_by_env() -> bool:
    """True when `$PYRER_NO_CACHE` is set to anything but empty/0."""
    return os.environ.get(ENV_DISABLE, "").strip().lower() not in ("", "0", "false", "no", "off")


class PackageFileCache:
    """Entries keyed by a package file's path, valid only while its stamp (mtime, size, inode, ctime)
    is unchanged.

    Rows are grouped by their family directory so a family is fetched with one query. Every
    error (read-only disk, locked or corrupt database) degrades to "no cache": the cache can
    make a resolve faster, never make it fail.
    """

    def __init__(self, directory: Optional[str] = None) -> None:
        from pyrer._native import __version__

        self.directory = directory or default_cache_dir()
        self.path = os.path.join(self.directory, "rez-package-files-v%d-%s.sqlite" % (SCHEMA, __version__))
        self._conn: Optional[sqlite3.Connection] = None
        self._broken = False
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection:
        os.makedirs(self.directory, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS files ("
                " path TEXT PRIMARY KEY, family TEXT NOT NULL,"
                " stamp TEXT NOT NULL, entry TEXT NOT NULL)"
            )
            conn.execute("CREATE INDEX IF NOT EXISTS files_family ON files(family)")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS evaluations ("
                " path TEXT NOT NULL, kind TEXT NOT NULL, origin TEXT NOT NULL, source TEXT NOT NULL,"
                " fingerprint TEXT NOT NULL, dependencies TEXT NOT NULL, result TEXT NOT NULL,"
                " PRIMARY KEY (path, kind, origin))"
            )
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _connection(self) -> Optional[sqlite3.Connection]:
        if self._conn is not None or self._broken:
            return self._conn
        self._conn = connect_or_start_afresh(self.path, self._open)
        self._broken = self._conn is None
        return self._conn

    def family(self, family_dir: str) -> Dict[str, Row]:
        """Every cached row of one family directory: {file path: (stamp, entry)}."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                return {}
            try:
                rows = conn.execute(
                    "SELECT path, stamp, entry FROM files WHERE family = ?", (family_dir,)
                ).fetchall()
            except sqlite3.Error:
                return {}
        out: Dict[str, Row] = {}
        for path, stamp, entry in rows:
            try:
                out[path] = (stamp, json.loads(entry))
            except ValueError:
                continue
        return out

    def store(self, family_dir: str, rows: Iterable[Tuple[str, str, dict]]) -> None:
        """Insert or replace (path, stamp, entry) rows of one family, in one transaction."""
        self.store_many({family_dir: rows})

    def store_many(self, families: Dict[str, Iterable[Tuple[str, str, dict]]]) -> None:
        """Insert or replace {family_dir: [(path, stamp, entry)]} rows, in one transaction."""
        rows = [
            (p, family_dir, s, json.dumps(e, separators=(",", ":")))
            for family_dir, family_rows in families.items()
            for p, s, e in family_rows
        ]
        if not rows:
            return
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", rows)

    def forget(self, paths: Iterable[str]) -> None:
        """Drop the rows of these files (they no longer exist), their evaluations included."""
        paths = [(p,) for p in paths]
        if not paths:
            return
        self._write("DELETE FROM files WHERE path = ?", paths)
        self._write("DELETE FROM evaluations WHERE path = ?", paths)

    def evaluations(self, kind: str, paths: Sequence[str]) -> Dict[str, List[EvaluationRow]]:
        """The stored evaluations of these files, of one kind: {path: [row per origin]}."""
        out: Dict[str, List[EvaluationRow]] = {}
        unique = list(dict.fromkeys(paths))
        with self._lock:
            conn = self._connection()
            if conn is None:
                return out
            rows = []
            try:
                for start in range(0, len(unique), _IN_CHUNK):
                    chunk = unique[start : start + _IN_CHUNK]
                    rows.extend(
                        conn.execute(
                            "SELECT path, origin, source, fingerprint, dependencies, result FROM evaluations"
                            " WHERE kind = ? AND path IN (%s)" % ",".join("?" * len(chunk)),
                            [kind, *chunk],
                        ).fetchall()
                    )
            except sqlite3.Error:
                return out
        for path, origin, source, fingerprint, dependencies, result in rows:
            try:
                row = (origin, source, fingerprint, json.loads(dependencies), json.loads(result))
            except ValueError:
                continue
            out.setdefault(path, []).append(row)
        return out

    def store_evaluations(self, kind: str, rows: Iterable[Tuple[str, EvaluationRow]]) -> None:
        """Insert or replace the evaluation of each (path, row) of one kind (one per path and
        origin: the newest replaces the one before), in one transaction."""
        values = [
            (
                path, kind, origin, source, fingerprint,
                json.dumps(dependencies, separators=(",", ":")),
                json.dumps(result, separators=(",", ":"), ensure_ascii=False),
            )
            for path, (origin, source, fingerprint, dependencies, result) in rows
        ]
        if values:
            self._write("INSERT OR REPLACE INTO evaluations VALUES (?, ?, ?, ?, ?, ?, ?)", values)

    def _write(self, sql: str, rows: list) -> None:
        """Run one statement over many rows in a transaction; a failing cache is skipped, never fatal."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(sql, rows)
                conn.execute("COMMIT")
            except sqlite3.Error:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass

    def clear(self) -> None:
        """Remove every entry."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            try:
                conn.execute("DELETE FROM files")
                conn.execute("DELETE FROM evaluations")
            except sqlite3.Error:
                pass

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlite3.Error:
                    pass
                self._conn = None


_shared: Dict[str, PackageFileCache] = {}


def shared_cache() -> Optional[PackageFileCache]:
    """The process-wide cache for the current `$PYRER_CACHE_DIR`, or None when disabled."""
    if cache_disabled_by_env():
        return None
    directory = default_cache_dir()
    cache = _shared.get(directory)
    if cache is None:
        cache = _shared[directory] = PackageFileCache(directory)
    return cache
