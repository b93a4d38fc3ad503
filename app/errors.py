"""Typed errors. A `UserError` is the user's mistake or a broken rule: shown as
one plain line, never with a traceback. Anything else is a bug."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """Something the user can fix; `str()` is a complete Chinese sentence."""


class ValidationError(UserError):
    """A field value that breaks a rule."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        shown = "" if value is None or value == "" else f"“{value}”"
        super().__init__(f"{field}{shown}：{reason}")


class ProblemInputError(ValidationError):
    """A field of the n-th problem typed with a visit (1-based), so a form can show which."""

    def __init__(self, number: int, inner: ValidationError) -> None:
        self.number = number
        self.inner = inner
        super().__init__(f"第 {number} 个问题的{inner.field}", inner.value, inner.reason)


class WorkflowError(UserError):
    """A problem workflow action that is not legal in the problem's state."""


class NotFoundError(UserError):
    """A record that does not exist (or was deleted)."""


class DatabaseError(UserError):
    """The database file cannot be used: corrupt, not a database, too new."""


class DatabaseBusyError(DatabaseError):
    """Another window or process held the write lock longer than the busy timeout."""


class IdentityRequired(UserError):
    """An accountable change (import, undo, a workflow step, a conflict settled, a restore) with nobody named."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what}会记下操作人，但还没有设置使用人：请先设置（窗口：“设置”页的使用人；命令行：zhuqi profile set "
            "--name 姓名 --unit 单位，或只为这一次加 --as 姓名），再重试")


class StaleRecordError(UserError):
    """The record changed (another window, an import) since the user loaded it."""


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
