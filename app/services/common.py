"""Helpers shared by the service modules."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from app.errors import NotFoundError, StaleRecordError
from db.base import Record

R = TypeVar("R", bound=Record)


def get_live(session: Session, model: type[R], record_id: str, label: str) -> R:
    """The record, or NotFoundError if it does not exist or was deleted."""
    obj = session.get(model, record_id)
    if obj is None or obj.deleted_at is not None:
        raise NotFoundError(f"{label}不存在或已删除（ID {record_id}）")
    return obj


def check_revision(obj: Record, expected: int | None, label: str) -> None:
    """Refuse to overwrite a record that changed since the user loaded it (no lost writes)."""
    if expected is not None and obj.revision != expected:
        raise StaleRecordError(
            f"{label}已被其他窗口或导入修改（版本 {expected} → {obj.revision}），为免覆盖，本次修改未保存；请刷新后重新修改"
        )


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
