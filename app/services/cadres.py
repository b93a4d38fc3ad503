"""Cadres (干部) and their assignments to enterprises (包联关系)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import or_, select

from app import fields
from app.changes import Change
from app.clock import Clock
from app.domain import AssignmentRole, CadreRole
from app.errors import ValidationError
from app.services.access import require
from app.services.common import get_live
from db.database import Database
from db.models import Assignment, Cadre, Enterprise
from db.types import utcnow


@dataclass(frozen=True)
class CadreInput:
    name: str
    role: str
    unit: str = ""
    post: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CadreView:
    id: str
    name: str
    role: str
    unit: str
    post: str
    phone: str
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)


@dataclass(frozen=True)
class AssignmentView:
    id: str
    cadre_id: str
    cadre_name: str
    cadre_role: str
    cadre_unit: str
    enterprise_id: str
    enterprise_name: str
    start_date: date
    end_date: date | None
    #: 包联领导, 首席服务员 or 助企干部 for this enterprise.
    role: str = AssignmentRole.HELPER.value
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    def active_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


def _cadre_view(c: Cadre) -> CadreView:
    return CadreView(id=c.id, name=c.name, role=c.role, unit=c.unit, post=c.post, phone=c.phone)


def _validated(data: CadreInput) -> CadreInput:
    role = fields.enum("角色", CadreRole, data.role)
    assert role is not None
    return replace(
        data,
        name=fields.name("姓名", data.name, 50, required=True),
        role=role.value,
        unit=fields.text("单位", data.unit, 100),
        post=fields.text("职务", data.post, 100),
        phone=fields.phone("电话", data.phone),
    )


#: A 包联 shows on the cadre and on the enterprise (its 包联干部).
_ASSIGNMENT_CHANGES = Change.CADRES | Change.ENTERPRISES


class CadreService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def create(self, data: CadreInput) -> CadreView:
        d = _validated(data)
        with self._db.session() as s:
            require(s, self._db.actor, "新增干部")
            c = Cadre(name=d.name, role=d.role, unit=d.unit, post=d.post, phone=d.phone)
            s.add(c)
            s.flush()
            return replace(_cadre_view(c), changes=Change.CADRES)

    def update(self, cadre_id: str, data: CadreInput) -> CadreView:
        d = _validated(data)
        with self._db.session() as s:
            require(s, self._db.actor, "修改干部信息")
            c = get_live(s, Cadre, cadre_id, "干部")
            c.name, c.role, c.unit, c.post, c.phone = d.name, d.role, d.unit, d.post, d.phone
            s.flush()
            return replace(_cadre_view(c), changes=Change.CADRES)

    def delete(self, cadre_id: str) -> Change:
        with self._db.session() as s:
            require(s, self._db.actor, "删除干部")
            get_live(s, Cadre, cadre_id, "干部").deleted_at = utcnow()
        return Change.CADRES

    def list(self) -> builtins.list[CadreView]:
        with self._db.reading() as s:
            q = select(Cadre).where(Cadre.deleted_at.is_(None)).order_by(Cadre.unit, Cadre.name)
            return [_cadre_view(c) for c in s.scalars(q)]

    def find(self, name: str, unit: str = "") -> CadreView | None:
        """The cadre of that name (and unit, when given): how the person using this installation
        (services.profile) is found among the cadres; None when no cadre matches."""
        name, unit = name.strip(), unit.strip()
        if not name:
            return None
        with self._db.reading() as s:
            q = select(Cadre).where(Cadre.deleted_at.is_(None), Cadre.name == name)
            if unit:
                q = q.where(Cadre.unit == unit)
            found = s.scalars(q.order_by(Cadre.id).limit(1)).first()
            return _cadre_view(found) if found is not None else None

    def assign(
        self, cadre_id: str, enterprise_id: str, start: date | None = None, end: date | None = None,
        role: str | None = None,
    ) -> AssignmentView:
        """包联: the cadre takes on the enterprise as 包联领导, 首席服务员 or 助企干部 (by default
        what the cadre's own role suggests)."""
        start = start or self._clock.today()
        if end is not None and end < start:
            raise ValidationError("包联结束日期", end.isoformat(), "不能早于开始日期")
        with self._db.session() as s:
            require(s, self._db.actor, "设置包联关系")
            cadre = get_live(s, Cadre, cadre_id, "干部")
            ent = get_live(s, Enterprise, enterprise_id, "企业")
            overlapping = s.scalar(
                select(Assignment).where(
                    Assignment.cadre_id == cadre_id,
                    Assignment.enterprise_id == enterprise_id,
                    Assignment.deleted_at.is_(None),
                    or_(Assignment.end_date.is_(None), Assignment.end_date >= start),
                )
            )
            if overlapping is not None:
                raise ValidationError("包联关系", f"{cadre.name} — {ent.name}", "已存在且仍在有效期内")
            as_role = fields.enum("包联角色", AssignmentRole, role, required=False) or \
                AssignmentRole.for_cadre(cadre.role)
            a = Assignment(cadre_id=cadre_id, enterprise_id=enterprise_id, start_date=start, end_date=end,
                           role=as_role.value)
            s.add(a)
            s.flush()
            return AssignmentView(a.id, cadre.id, cadre.name, cadre.role, cadre.unit, ent.id, ent.name, start, end,
                                  a.role, changes=_ASSIGNMENT_CHANGES)

    def end_assignment(self, assignment_id: str, end: date | None = None) -> Change:
        with self._db.session() as s:
            require(s, self._db.actor, "结束包联关系")
            a = get_live(s, Assignment, assignment_id, "包联关系")
            end = end or self._clock.today()
            if end < a.start_date:
                raise ValidationError("包联结束日期", end.isoformat(), "不能早于开始日期")
            a.end_date = end
        return _ASSIGNMENT_CHANGES

    def assignments(
        self, *, cadre_id: str | None = None, enterprise_id: str | None = None, active_on: date | None = None
    ) -> builtins.list[AssignmentView]:
        with self._db.reading() as s:
            q = (
                select(Assignment, Cadre, Enterprise)
                .join(Cadre, Cadre.id == Assignment.cadre_id)
                .join(Enterprise, Enterprise.id == Assignment.enterprise_id)
                .where(Assignment.deleted_at.is_(None), Enterprise.deleted_at.is_(None))
            )
            if cadre_id:
                q = q.where(Assignment.cadre_id == cadre_id)
            if enterprise_id:
                q = q.where(Assignment.enterprise_id == enterprise_id)
            if active_on:
                q = q.where(
                    Assignment.start_date <= active_on,
                    or_(Assignment.end_date.is_(None), Assignment.end_date >= active_on),
                )
            q = q.order_by(Enterprise.name, Cadre.name)
            return [
                AssignmentView(a.id, c.id, c.name, c.role, c.unit, e.id, e.name, a.start_date, a.end_date, a.role)
                for a, c, e in s.execute(q)
            ]
