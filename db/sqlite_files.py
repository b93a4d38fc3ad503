"""SQLite file operations (part of the SQLite adapter): consistent copies by the
online backup API, integrity checks, and record counts read without writing."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from db import privacy

SQLITE_HEADER = b"SQLite format 3\x00"
COUNTED_TABLES = ("enterprises", "visits", "problems")


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True, timeout=10)


def integrity_problems(path: Path, *, max_lines: int = 20) -> list[str]:
    """SQLite's own verdict on a file: [] when it passes `PRAGMA integrity_check`."""
    if not is_sqlite_file(path):
        return ["不是 SQLite 数据库文件（文件头不符）"]
    try:
        with closing(_read_only(path)) as con:
            rows = [r[0] for r in con.execute(f"PRAGMA integrity_check({max_lines})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def online_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live database (never copy the file itself: the WAL
    may hold committed pages). Written to a temporary name and renamed, so a crash
    never leaves a partial copy under `target`."""
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        os.close(privacy.create_file(tmp))  # 0600: a backup holds everything the database does
        with closing(_read_only(source)) as src, closing(sqlite3.connect(tmp)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def record_counts(path: Path) -> dict[str, int]:
    """Live (not deleted) records per table; empty when the tables are missing."""
    out: dict[str, int] = {}
    try:
        with closing(_read_only(path)) as con:
            for table in COUNTED_TABLES:
                out[table] = con.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
    except sqlite3.DatabaseError:
        return {}
    return out


def remove_sidecars(path: Path) -> None:
    """Remove a database's -wal and -shm files (only when no connection is open)."""
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def read_meta(path: Path, keys: tuple[str, ...]) -> dict[str, str]:
    """Values of app_meta (read-only); {} when the file or the table cannot be read."""
    try:
        with closing(_read_only(path)) as con:
            marks = ",".join("?" * len(keys))
            return dict(con.execute(f"SELECT key, value FROM app_meta WHERE key IN ({marks})", keys).fetchall())
    except sqlite3.DatabaseError:
        return {}


def write_meta(path: Path, values: dict[str, str]) -> None:
    """Set app_meta values in a closed database file (nothing when the table is missing)."""
    with closing(sqlite3.connect(path, timeout=10)) as con:
        try:
            with con:
                con.executemany("INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)", list(values.items()))
        except sqlite3.OperationalError:
            return  # a file older than app_meta: the first open migrates it
