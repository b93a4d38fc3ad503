"""Typed errors. A `UserError` is the user's mistake or a broken rule: shown as
one plain line, never with a traceback. Anything else is a bug."""

from __future__ import annotations


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


class WorkflowError(UserError):
    """A problem workflow action that is not legal in the problem's state."""


class NotFoundError(UserError):
    """A record that does not exist (or was deleted)."""


class DatabaseError(UserError):
    """The database file cannot be used: corrupt, not a database, too new."""
