"""Typed errors. A `UserError` is the user's mistake or a broken rule: shown as
one plain line, never with a traceback. Anything else is a bug."""

from __future__ import annotations

from db.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DatabaseError,
    StorageError,
    UserError,
    is_storage_failure,
    os_reason,
)

__all__ = [
    "CorruptDatabaseError", "DatabaseBusyError", "DatabaseError", "IdentityRequired", "NotFoundError",
    "ProblemInputError", "StaleRecordError", "StorageError", "UserError", "ValidationError", "WorkflowError",
    "is_storage_failure", "os_reason",
]


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


class IdentityRequired(UserError):
    """An accountable change (import, undo, a workflow step, a conflict settled, a restore) with nobody named."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what}会记下操作人，但还没有设置使用人：请先设置（窗口：“设置”页的使用人；命令行：zhuqi profile set "
            "--name 姓名 --unit 单位，或只为这一次加 --as 姓名），再重试")


class StaleRecordError(UserError):
    """The record changed (another window, an import) since the user loaded it."""
