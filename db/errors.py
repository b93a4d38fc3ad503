"""Errors of the storage layer. A `UserError` is something the user can act on: shown as one
plain line, never with a traceback (app.errors builds the domain's errors on it and
re-exports these). Defined here so that db/ needs nothing from the layers above it."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """Something the user can fix; `str()` is a complete Chinese sentence."""


class DatabaseError(UserError):
    """The database file cannot be used: corrupt, not a database, too new."""


class DatabaseBusyError(DatabaseError):
    """Another window or process held the write lock longer than the busy timeout."""


class CorruptDatabaseError(DatabaseError):
    """The database file is damaged; `newest_backup` is the newest good backup, if known."""

    def __init__(self, reason: str, newest_backup: Path | None = None) -> None:
        self.reason = reason
        self.newest_backup = newest_backup
        hint = f"。可恢复最新的完好备份：{newest_backup}" if newest_backup else ""
        super().__init__(reason + hint)


class StorageError(UserError):
    """A file could not be written (disk full, a size limit, no permission); `str()` names the
    file and says what was kept."""


def os_reason(exc: BaseException) -> str:
    """Why a write failed, in words (disk full, file-size limit, permission), for StorageError."""
    import errno

    text = str(exc).lower()
    number = getattr(exc, "errno", None)
    if number == errno.ENOSPC or "disk is full" in text or "no space" in text:
        return "磁盘空间已满"
    if number == errno.EFBIG or "file too large" in text:
        return "文件超过系统允许的大小"
    if number == getattr(errno, "EDQUOT", -1):
        return "超出磁盘配额"
    if number in (errno.EACCES, errno.EPERM):
        return "没有写入权限"
    if number == errno.EROFS:
        return "磁盘为只读"
    if "disk i/o error" in text:
        return "磁盘读写错误（可能空间已满）"
    strerror = getattr(exc, "strerror", None)
    return str(strerror or exc.__class__.__name__)


def is_storage_failure(exc: BaseException) -> bool:
    """A write that failed for lack of room or a broken disk (OSError, or SQLite's FULL/IOERR)."""
    import errno

    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1), errno.EIO, errno.EROFS)
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "disk is full" in text or "disk i/o error" in text or "file too large" in text
