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


class StaleRecordError(UserError):
    """The record changed (another window, an import) since the user loaded it."""


class CorruptDatabaseError(DatabaseError):
    """The database file is damaged; `newest_backup` is the newest good backup, if known."""

    def __init__(self, reason: str, newest_backup: Path | None = None) -> None:
        self.reason = reason
        self.newest_backup = newest_backup
        hint = f"。可恢复最新的完好备份：{newest_backup}" if newest_backup else ""
        super().__init__(reason + hint)
