"""Helpers shared by the service modules."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, SQLColumnExpression, select
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
            f"{label}已被其他窗口或导入修改（版本 {expected} → {obj.revision}），为免覆盖，本次修改未保存；"
            f"请刷新后重新修改"
        )


def resolve_prefix(session: Session, model: type[R], text: str, label: str) -> str:
    """The ID of the one live record whose ID starts with `text` (people type the first
    block of a UUID, as printed on reports), or NotFoundError naming the ambiguity."""
    key = text.strip().lower()
    if len(key) < 4:
        raise NotFoundError(f"{label} ID“{text}”太短：请至少输入前 4 位")
    ids = list(session.scalars(select(model.id).where(starts_with(model.id, key),
                                                      model.deleted_at.is_(None)).limit(3)))
    if not ids:
        raise NotFoundError(f"没有 ID 以“{text}”开头的{label}")
    if len(ids) > 1:
        raise NotFoundError(f"有多条{label}的 ID 以“{text}”开头，请多输入几位")
    return ids[0]


def _escaped(text: str) -> str:
    """`text` matched literally by LIKE … ESCAPE '\\' (a typed % or _ is no wildcard)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str) -> str:
    return f"%{_escaped(text)}%"


def starts_with(column: SQLColumnExpression[str], text: str) -> ColumnElement[bool]:
    """`column` starts with `text`, taken literally: the lookup of a record by the first
    characters of its ID (records, import batches, conflicts)."""
    return column.like(_escaped(text) + "%", escape="\\")
