"""User-extensible code lists: problem categories, tags, policies, units, chains."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import fields
from app.changes import Change
from app.domain import CodeListKind
from app.errors import ValidationError
from app.services.access import require
from db.database import Database
from db.models import CodeListEntry


def values(session: Session, kind: CodeListKind) -> list[str]:
    return list(
        session.scalars(
            select(CodeListEntry.value)
            .where(CodeListEntry.kind == kind.value)
            .order_by(CodeListEntry.sort_order, CodeListEntry.id)
        )
    )


class CodeListService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def values(self, kind: CodeListKind) -> list[str]:
        with self._db.reading() as s:
            return values(s, kind)

    def add(self, kind: CodeListKind, value: str) -> Change:
        v = fields.text(kind.value, value, 100, required=True)
        with self._db.session() as s:
            require(s, self._db.actor, f"修改代码表（{kind.value}）")
            if v in values(s, kind):
                raise ValidationError(kind.value, v, "已存在")
            top = s.scalar(select(func.max(CodeListEntry.sort_order)).where(CodeListEntry.kind == kind.value))
            s.add(CodeListEntry(kind=kind.value, value=v, builtin=False, sort_order=(top or 0) + 1))
        return Change.CODE_LISTS
