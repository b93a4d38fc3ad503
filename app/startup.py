"""Opening the user's database safely: the daily backup first (which checks the
file), then open and migrate. A damaged file is never written to; the error
names the newest good backup to restore."""

from __future__ import annotations

from pathlib import Path

from app import backups
from app.errors import CorruptDatabaseError
from db import engine as engine_mod
from db.database import Database, open_database


def open_user_database(path_or_url: str | Path, *, daily_backup: bool = True) -> Database:
    url = engine_mod.to_url(path_or_url)
    path = engine_mod.sqlite_path(url)
    try:
        if path is not None and daily_backup:
            backups.auto_backup_if_due(path)
        return open_database(url)
    except CorruptDatabaseError as exc:
        if path is None or exc.newest_backup is not None:
            raise
        raise CorruptDatabaseError(exc.reason, backups.newest_backup(path)) from exc
