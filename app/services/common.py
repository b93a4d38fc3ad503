"""Helpers shared by the service modules."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from app.errors import NotFoundError
from db.base import Record

R = TypeVar("R", bound=Record)


def get_live(session: Session, model: type[R], record_id: str, label: str) -> R:
    """The record, or NotFoundError if it does not exist or was deleted."""
    obj = session.get(model, record_id)
    if obj is None or obj.deleted_at is not None:
        raise NotFoundError(f"{label}不存在或已删除（ID {record_id}）")
    return obj


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
