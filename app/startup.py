"""Opening the user's database safely: the daily backup first (which checks the
file), then open and migrate. A damaged file is never written to; the error
names the newest good backup to restore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app import backups
from app.errors import CorruptDatabaseError
from app.paths import data_dir
from db import engine as engine_mod
from db.database import Database, open_database
from db.locks import DatabaseLocks


def database_file(path_or_url: str | Path) -> Path | None:
    """The SQLite file a path or URL names (None for a server database)."""
    return engine_mod.sqlite_path(engine_mod.to_url(path_or_url))


def window_lock_path(path_or_url: str | Path) -> Path:
    """The lock that keeps one window per database: beside the database file (or in the data
    folder for a server URL)."""
    path = database_file(path_or_url)
    if path is not None:
        return path.with_name(path.name + ".window-lock")
    return data_dir() / "server-database.window-lock"


def open_user_database(path_or_url: str | Path, *, daily_backup: bool = True,
                       warn: Callable[[str], None] | None = None) -> Database:
    """`warn` hears what did not stop the start (today's backup not written for lack of room)."""
    url = engine_mod.to_url(path_or_url)
    path = engine_mod.sqlite_path(url)
    locks = None
    if path is not None:
        locks = DatabaseLocks(path)
        locks.hold_open()  # first: a restore must not swap the file under the backup below
    try:
        if path is not None and daily_backup:
            backups.auto_backup_if_due(path, warn=warn)
        return open_database(url, locks=locks)
    except CorruptDatabaseError as exc:
        if locks is not None:
            locks.release()
        if path is None or exc.newest_backup is not None:
            raise
        raise CorruptDatabaseError(exc.reason, backups.newest_backup(path)) from exc
    except BaseException:
        if locks is not None:
            locks.release()
        raise
