"""Problems (问题/诉求) and their workflow: 待交办 → 办理中 → 已办结 → 已销号,
with 退回重办, 暂不具备条件, 延期 and 上报. Every state change writes a
ProgressEntry, in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app import fields
from app.clock import Clock
from app.domain import (
    OPEN_STATUSES,
    CodeListKind,
    Evaluation,
    Level,
    ProblemScope,
    ProblemSource,
    ProblemStatus,
    ProgressKind,
)
from app.errors import ValidationError, WorkflowError
from app.services import codelists
from app.services.common import check_revision, get_live, like_pattern, resolve_prefix
from app.services.profile import require_actor
from app.workflow import Action, DeadlinePreset, allowed_actions, check_allowed, deadline_for, is_overdue
from db.database import Database
from db.models import Assignment, DeadlineExtension, Enterprise, Problem, ProgressEntry, Visit
from db.types import utcnow


@dataclass(frozen=True)
class ProblemInput:
    enterprise_id: str
    category: str
    description: str
    demand: str = ""
    source: str = ProblemSource.VISIT.value
    scope: str = ProblemScope.INDIVIDUAL.value
    received_date: date | None = None
    level: str = Level.COUNTY.value
    visit_id: str | None = None


@dataclass(frozen=True)
class ProblemView:
    id: str
    enterprise_id: str
    enterprise_name: str
    region_name: str
    visit_id: str | None
    category: str
    description: str
    demand: str
    source: str
    scope: str
    received_date: date
    lead_unit: str
    assist_units: tuple[str, ...]
    responsible_person: str
    responsible_phone: str
    assigned_date: date | None
    deadline: date | None
    level: str
    status: ProblemStatus
    resolution: str
    solved_date: date | None
    deferred_reason: str
    deferred_policy: str
    evaluation: Evaluation | None
    evaluation_comment: str
    closed_date: date | None
    overdue: bool
    actions: tuple[Action, ...]
    revision: int


@dataclass(frozen=True)
class TimelineEntry:
    id: str
    entry_date: date
    recorded_at: datetime
    kind: str
    actor: str
    content: str
    from_status: str | None
    to_status: str | None
    #: Made by a side whose values lost a settled conflict: history, not the problem's current course.
    superseded: bool = False


@dataclass(frozen=True)
class ProblemFilter:
    statuses: tuple[ProblemStatus, ...] = ()
    categories: tuple[str, ...] = ()
    region: str | None = None
    unit: str | None = None
    overdue_only: bool = False
    received_from: date | None = None
    received_to: date | None = None
    text: str = ""
    enterprise_id: str | None = None
    cadre_id: str | None = None
    due_by: date | None = None


@dataclass(frozen=True)
class PageCursor:
    """Where the next page of a sorted search starts: the last row's sort value and ID.
    Seeking past it costs the same on every page, where an OFFSET of 50,000 took 2.5 s."""

    value: Any
    id: str


@dataclass(frozen=True)
class ProblemPage:
    rows: list[ProblemView]
    #: Every problem matching the filter; None when the search was asked not to count (later pages).
    total: int | None
    #: Pass as `after` for the next page; None when this page is the last.
    next_page: PageCursor | None = None


@dataclass(frozen=True)
class AssignInput:
    lead_unit: str
    assist_units: tuple[str, ...] = ()
    responsible_person: str = ""
    responsible_phone: str = ""
    deadline: date | None = None
    #: Used when no explicit deadline is given.
    deadline_preset: DeadlinePreset | None = DeadlinePreset.ORDINARY_7
    note: str = ""


def _view(p: Problem, ent: Enterprise, today: date) -> ProblemView:
    status = ProblemStatus(p.status)
    evaluation = Evaluation(p.evaluation) if p.evaluation else None
    return ProblemView(
        id=p.id, enterprise_id=p.enterprise_id, enterprise_name=ent.name, region_name=ent.region_name,
        visit_id=p.visit_id, category=p.category, description=p.description, demand=p.demand,
        source=p.source, scope=p.scope, received_date=p.received_date, lead_unit=p.lead_unit,
        assist_units=tuple(p.assist_units or ()), responsible_person=p.responsible_person,
        responsible_phone=p.responsible_phone, assigned_date=p.assigned_date, deadline=p.deadline,
        level=p.level, status=status, resolution=p.resolution, solved_date=p.solved_date,
        deferred_reason=p.deferred_reason, deferred_policy=p.deferred_policy, evaluation=evaluation,
        evaluation_comment=p.evaluation_comment, closed_date=p.closed_date,
        overdue=is_overdue(status, p.deadline, today),
        actions=tuple(allowed_actions(status, evaluation)), revision=p.revision,
    )


#: Columns the ledger can be sorted by (in SQL: 100,000 rows are never sorted in Python).
SORT_KEYS: dict[str, Any] = {
    "received_date": Problem.received_date, "enterprise": Enterprise.name, "region": Enterprise.region_name,
    "category": Problem.category, "lead_unit": Problem.lead_unit, "deadline": Problem.deadline,
    "status": Problem.status, "evaluation": Problem.evaluation, "description": Problem.description,
}


def _after(column: Any, descending: bool, cursor: PageCursor) -> ColumnElement[bool]:
    """The rows that come after the cursor in the order (column DESC NULLS LAST | ASC NULLS FIRST, id)."""
    value = cursor.value
    if value is None:
        tie = and_(column.is_(None), Problem.id > cursor.id)
        return tie if descending else or_(column.is_not(None), tie)
    tie = and_(column == value, Problem.id > cursor.id)
    return or_(column < value, column.is_(None), tie) if descending else or_(column > value, tie)


def overdue_condition(today: date) -> ColumnElement[bool]:
    """SQL form of app.workflow.is_overdue."""
    return and_(
        Problem.deadline.is_not(None),
        Problem.deadline < today,
        Problem.status.in_([s.value for s in OPEN_STATUSES]),
    )


def validated_problem(session: Session, data: ProblemInput, today: date) -> ProblemInput:
    received = data.received_date or today
    fields.date_not_after("收到日期", received, today)
    source = fields.enum("问题来源", ProblemSource, data.source)
    scope = fields.enum("个性/共性", ProblemScope, data.scope)
    level = fields.enum("层级", Level, data.level)
    assert source and scope and level
    category = fields.text("问题类别", data.category, 50, required=True)
    fields.one_of("问题类别", category, codelists.values(session, CodeListKind.CATEGORY))
    return ProblemInput(
        enterprise_id=data.enterprise_id,
        category=category,
        description=fields.text("问题描述", data.description, fields.LONG_TEXT, required=True),
        demand=fields.text("企业诉求", data.demand, fields.LONG_TEXT),
        source=source.value,
        scope=scope.value,
        received_date=received,
        level=level.value,
        visit_id=data.visit_id,
    )


def add_problem(session: Session, data: ProblemInput, actor: str, today: date) -> Problem:
    """Create a listed problem with its first timeline entry (caller owns the transaction)."""
    d = validated_problem(session, data, today)
    get_live(session, Enterprise, d.enterprise_id, "企业")
    if d.visit_id is not None:
        get_live(session, Visit, d.visit_id, "走访记录")
    assert d.received_date is not None
    p = Problem(
        enterprise_id=d.enterprise_id, visit_id=d.visit_id, category=d.category,
        description=d.description, demand=d.demand, source=d.source, scope=d.scope,
        received_date=d.received_date, level=d.level, status=ProblemStatus.LISTED.value,
        assist_units=[],
    )
    session.add(p)
    session.flush()
    _log(session, p, ProgressKind.LISTED, d.received_date, actor, f"{d.source}：{d.category}", None)
    return p


def _log(
    session: Session,
    p: Problem,
    kind: ProgressKind,
    on: date,
    actor: str,
    content: str,
    from_status: ProblemStatus | None,
) -> None:
    session.add(
        ProgressEntry(
            problem_id=p.id, entry_date=on, recorded_at=utcnow(), kind=kind.value, actor=actor,
            content=content, from_status=from_status.value if from_status else None,
            to_status=p.status,
        )
    )


class ProblemService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    # ---- records -------------------------------------------------------
    def create(self, data: ProblemInput, actor: str = "") -> ProblemView:
        with self._db.session() as s:
            p = add_problem(s, data, fields.text("经办人", actor, 100) or self._db.actor, self._clock.today())
            return self._load_view(s, p)

    def update_details(self, problem_id: str, data: ProblemInput, *,
                       expected_revision: int | None = None) -> ProblemView:
        """Edit what the problem is (not its workflow state)."""
        with self._db.session() as s:
            p = get_live(s, Problem, problem_id, "问题")
            check_revision(p, expected_revision, "问题")
            d = validated_problem(s, data, self._clock.today())
            p.category, p.description, p.demand = d.category, d.description, d.demand
            p.source, p.scope, p.level = d.source, d.scope, d.level
            assert d.received_date is not None
            p.received_date = d.received_date
            return self._load_view(s, p)

    def delete(self, problem_id: str) -> None:
        with self._db.session() as s:
            get_live(s, Problem, problem_id, "问题").deleted_at = utcnow()

    def get(self, problem_id: str) -> ProblemView:
        with self._db.reading() as s:
            return self._load_view(s, get_live(s, Problem, problem_id, "问题"))

    def resolve_id(self, text: str) -> str:
        """The problem meant by a unique ID prefix (as printed on notices and ledgers)."""
        with self._db.reading() as s:
            return resolve_prefix(s, Problem, text, "问题")

    def latest_progress(self, problem_ids: Sequence[str]) -> dict[str, TimelineEntry]:
        """The newest 办理进展 entry of each problem that has one (one query per 500 IDs)."""
        out: dict[str, TimelineEntry] = {}
        with self._db.reading() as s:
            for start in range(0, len(problem_ids), 500):
                q = (
                    select(ProgressEntry)
                    .where(ProgressEntry.problem_id.in_(problem_ids[start:start + 500]),
                           ProgressEntry.kind == ProgressKind.PROGRESS.value, ProgressEntry.deleted_at.is_(None))
                    .order_by(ProgressEntry.entry_date, ProgressEntry.recorded_at)
                )
                for e in s.scalars(q):
                    out[e.problem_id] = TimelineEntry(e.id, e.entry_date, e.recorded_at, e.kind, e.actor,
                                                      e.content, e.from_status, e.to_status)
        return out

    def timeline(self, problem_id: str) -> list[TimelineEntry]:
        with self._db.reading() as s:
            get_live(s, Problem, problem_id, "问题")
            q = (
                select(ProgressEntry)
                .where(ProgressEntry.problem_id == problem_id, ProgressEntry.deleted_at.is_(None))
                .order_by(ProgressEntry.entry_date, ProgressEntry.recorded_at)
            )
            return [
                TimelineEntry(e.id, e.entry_date, e.recorded_at, e.kind, e.actor, e.content, e.from_status, e.to_status,
                              e.superseded)
                for e in s.scalars(q)
            ]

    def extensions(self, problem_id: str) -> list[tuple[date, str, date | None, date]]:
        """(requested, reason, old deadline, new deadline) for each 延期."""
        with self._db.reading() as s:
            q = (
                select(DeadlineExtension)
                .where(DeadlineExtension.problem_id == problem_id)
                .order_by(DeadlineExtension.requested_date, DeadlineExtension.created_at)
            )
            return [(x.requested_date, x.reason, x.old_deadline, x.new_deadline) for x in s.scalars(q)]

    def pages(self, f: ProblemFilter, *, size: int, sort: str = "received_date", descending: bool = True,
              count: bool = True) -> Iterator[ProblemPage]:
        """Every problem matching `f`, page by page, each seeking past the one before; only the first
        page is counted (and only when `count`)."""
        after = None
        while True:
            page = self.search(f, limit=size, after=after, sort=sort, descending=descending,
                               count=count and after is None)
            yield page
            after = page.next_page
            if after is None:
                return

    def search(self, f: ProblemFilter, *, limit: int = 200, after: PageCursor | None = None,
               sort: str = "received_date", descending: bool = True, count: bool = True) -> ProblemPage:
        """One page of the problems matching `f`, sorted by a key of SORT_KEYS (then by ID), starting
        after the cursor of the page before; with the total unless `count` is False."""
        today = self._clock.today()
        with self._db.reading() as s:
            cond = [Problem.deleted_at.is_(None), Enterprise.deleted_at.is_(None)]
            if f.statuses:
                cond.append(Problem.status.in_([st.value for st in f.statuses]))
            if f.categories:
                cond.append(Problem.category.in_(f.categories))
            if f.region:
                cond.append(Enterprise.region_name == f.region)
            if f.unit:
                cond.append(Problem.lead_unit == f.unit)
            if f.overdue_only:
                cond.append(overdue_condition(today))
            if f.received_from:
                cond.append(Problem.received_date >= f.received_from)
            if f.received_to:
                cond.append(Problem.received_date <= f.received_to)
            if f.due_by:
                cond.append(and_(Problem.deadline <= f.due_by,
                                 Problem.status.in_([st.value for st in OPEN_STATUSES])))
            if f.enterprise_id:
                cond.append(Problem.enterprise_id == f.enterprise_id)
            if f.cadre_id:
                cond.append(
                    Problem.enterprise_id.in_(
                        select(Assignment.enterprise_id).where(
                            Assignment.cadre_id == f.cadre_id, Assignment.deleted_at.is_(None)
                        )
                    )
                )
            if f.text.strip():
                p = like_pattern(f.text.strip())
                cond.append(
                    or_(
                        Problem.description.like(p, escape="\\"),
                        Problem.demand.like(p, escape="\\"),
                        Problem.resolution.like(p, escape="\\"),
                        Enterprise.name.like(p, escape="\\"),
                        Problem.lead_unit.like(p, escape="\\"),
                    )
                )
            joined = select(Problem.id).join(Enterprise, Enterprise.id == Problem.enterprise_id).where(*cond)
            total = None
            if count:
                total = s.scalar(select(func.count()).select_from(joined.subquery())) or 0
            column = SORT_KEYS[sort]
            q = select(Problem, Enterprise, column).join(Enterprise, Enterprise.id == Problem.enterprise_id)
            q = q.where(*cond)
            if after is not None:
                q = q.where(_after(column, descending, after))
            # NULLs placed explicitly (SQLite's own order), so that _after agrees on every database.
            order = column.desc().nulls_last() if descending else column.asc().nulls_first()
            found = s.execute(q.order_by(order, Problem.id).limit(limit)).all()
            rows = [_view(p, e, today) for p, e, _value in found]
            cursor = PageCursor(found[-1][2], found[-1][0].id) if len(found) == limit else None
            return ProblemPage(rows, total, cursor)

    # ---- workflow ------------------------------------------------------
    def assign(self, problem_id: str, data: AssignInput, *, actor: str = "", on: date | None = None,
               claimed: bool = False) -> ProblemView:
        """交办 to a lead unit (or 领单: the unit claims it)."""
        action = Action.CLAIM if claimed else Action.ASSIGN
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, action, on, actor)
            units = codelists.values(s, CodeListKind.UNIT)
            lead = fields.one_of("主办单位", fields.text("主办单位", data.lead_unit, 100, required=True), units)
            assists = tuple(dict.fromkeys(fields.one_of("协办单位", fields.text("协办单位", u, 100), units)
                                          for u in data.assist_units if u.strip()))
            if lead in assists:
                raise ValidationError("协办单位", lead, "不能与主办单位相同")
            if data.deadline is not None:
                deadline = data.deadline
            elif data.deadline_preset is not None:
                deadline = deadline_for(data.deadline_preset, on)
            else:
                raise ValidationError("办结时限", None, "请填写办结时限或选择时限规则")
            if deadline < on:
                raise ValidationError("办结时限", deadline.isoformat(), "不能早于交办日期")
            before = ProblemStatus(p.status)
            p.lead_unit, p.assist_units = lead, list(assists)
            p.responsible_person = fields.text("责任人", data.responsible_person, 50)
            p.responsible_phone = fields.phone("责任人电话", data.responsible_phone)
            p.assigned_date, p.deadline = on, deadline
            p.status = ProblemStatus.IN_PROGRESS.value
            parts = [f"主办：{lead}"]
            if assists:
                parts.append("协办：" + "、".join(assists))
            parts.append(f"时限：{deadline.isoformat()}")
            if data.note.strip():
                parts.append(fields.text("说明", data.note, fields.LONG_TEXT))
            kind = ProgressKind.CLAIMED if claimed else ProgressKind.ASSIGNED
            _log(s, p, kind, on, actor, "；".join(parts), before)
            return self._load_view(s, p)

    def record_progress(self, problem_id: str, content: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.RECORD_PROGRESS, on, actor)
            text = fields.text("办理进展", content, fields.LONG_TEXT, required=True)
            _log(s, p, ProgressKind.PROGRESS, on, actor, text, ProblemStatus(p.status))
            p.updated_at = utcnow()  # the problem changed: its timeline grew
            return self._load_view(s, p)

    def solve(self, problem_id: str, resolution: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.SOLVE, on, actor)
            before = ProblemStatus(p.status)
            p.resolution = fields.text("办理结果", resolution, fields.LONG_TEXT, required=True)
            p.solved_date = on
            p.status = ProblemStatus.SOLVED.value
            _log(s, p, ProgressKind.SOLVED, on, actor, p.resolution, before)
            return self._load_view(s, p)

    def evaluate(self, problem_id: str, evaluation: str, comment: str = "", *, actor: str = "",
                 on: date | None = None) -> ProblemView:
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.EVALUATE, on, actor)
            ev = fields.enum("企业评价", Evaluation, evaluation)
            assert ev is not None
            p.evaluation = ev.value
            p.evaluation_comment = fields.text("评价意见", comment, fields.LONG_TEXT)
            p.evaluated_date = on
            text = ev.value + (f"：{p.evaluation_comment}" if p.evaluation_comment else "")
            _log(s, p, ProgressKind.EVALUATED, on, actor, text, ProblemStatus(p.status))
            return self._load_view(s, p)

    def close(self, problem_id: str, *, actor: str = "", on: date | None = None, note: str = "") -> ProblemView:
        """销号: needs a resolution and the company's satisfied evaluation."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.CLOSE, on, actor)
            if not p.resolution.strip():
                raise WorkflowError("销号前须填写办理结果")
            if not p.evaluation:
                raise WorkflowError("销号前须有企业评价（把评价权交给企业）")
            if not Evaluation(p.evaluation).is_satisfied:
                raise WorkflowError(f"企业评价为“{p.evaluation}”，不能销号；请退回重办")
            before = ProblemStatus(p.status)
            p.status = ProblemStatus.CLOSED.value
            p.closed_date = on
            _log(s, p, ProgressKind.CLOSED, on, actor, fields.text("说明", note, fields.LONG_TEXT) or "销号", before)
            return self._load_view(s, p)

    def reopen(self, problem_id: str, reason: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        """退回重办: the company is not satisfied. The old answer stays in the timeline."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.REOPEN, on, actor)
            why = fields.text("退回原因", reason, fields.LONG_TEXT, required=True)
            before = ProblemStatus(p.status)
            p.status = ProblemStatus.IN_PROGRESS.value
            p.solved_date = None
            p.evaluation, p.evaluation_comment, p.evaluated_date = None, "", None
            _log(s, p, ProgressKind.REOPENED, on, actor, why, before)
            return self._load_view(s, p)

    def defer(self, problem_id: str, reason: str, policy: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        """暂不具备条件: cannot be solved now; counted apart, never as solved."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.DEFER, on, actor)
            p.deferred_reason = fields.text("暂不具备条件的原因", reason, fields.LONG_TEXT, required=True)
            p.deferred_policy = fields.text("政策依据", policy, fields.LONG_TEXT, required=True)
            before = ProblemStatus(p.status)
            p.status = ProblemStatus.DEFERRED.value
            _log(s, p, ProgressKind.DEFERRED, on, actor, f"{p.deferred_reason}（依据：{p.deferred_policy}）", before)
            return self._load_view(s, p)

    def resume(self, problem_id: str, reason: str, *, deadline: date, actor: str = "",
               on: date | None = None) -> ProblemView:
        """Conditions changed: the deferred problem is handled again, with a new deadline."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.RESUME, on, actor)
            why = fields.text("恢复办理的原因", reason, fields.LONG_TEXT, required=True)
            if deadline < on:
                raise ValidationError("办结时限", deadline.isoformat(), "不能早于今天")
            if not p.lead_unit:
                raise WorkflowError("该问题尚未交办，恢复办理前请先确定主办单位")
            before = ProblemStatus(p.status)
            p.status = ProblemStatus.IN_PROGRESS.value
            p.deadline = deadline
            _log(s, p, ProgressKind.RESUMED, on, actor, f"{why}；新时限：{deadline.isoformat()}", before)
            return self._load_view(s, p)

    def extend(self, problem_id: str, reason: str, new_deadline: date, *, actor: str = "",
               on: date | None = None) -> ProblemView:
        """延期: a new deadline with a reason; every extension is kept."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.EXTEND, on, actor)
            why = fields.text("延期原因", reason, fields.LONG_TEXT, required=True)
            if p.deadline is not None and new_deadline <= p.deadline:
                raise ValidationError("新的办结时限", new_deadline.isoformat(),
                                      f"应晚于原时限 {p.deadline.isoformat()}")
            s.add(DeadlineExtension(problem_id=p.id, requested_date=on, reason=why,
                                    old_deadline=p.deadline, new_deadline=new_deadline))
            old = p.deadline.isoformat() if p.deadline else "无"
            p.deadline = new_deadline
            _log(s, p, ProgressKind.EXTENDED, on, actor, f"{why}；时限由 {old} 延至 {new_deadline.isoformat()}",
                 ProblemStatus(p.status))
            return self._load_view(s, p)

    def escalate(self, problem_id: str, reason: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        """上报 to the next level: 乡 → 县 → 市 → 省."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.ESCALATE, on, actor)
            why = fields.text("上报原因", reason, fields.LONG_TEXT, required=True)
            up = Level(p.level).next_up()
            if up is None:
                raise WorkflowError("问题已在省级，不能再上报")
            old = p.level
            p.level = up.value
            _log(s, p, ProgressKind.ESCALATED, on, actor, f"由{old}级上报至{up.value}级：{why}", ProblemStatus(p.status))
            return self._load_view(s, p)

    # ---- helpers -------------------------------------------------------
    def _start(self, s: Session, problem_id: str, action: Action, on: date | None,
               actor: str) -> tuple[Problem, date, str]:
        s.info["via"] = f"工作流：{action.value}"
        p = get_live(s, Problem, problem_id, "问题")
        check_allowed(action, ProblemStatus(p.status))
        today = self._clock.today()
        on = on or today
        fields.date_not_after(f"{action.value}日期", on, today)
        if on < p.received_date:
            raise ValidationError(f"{action.value}日期", on.isoformat(),
                                  f"不能早于问题收到日期 {p.received_date.isoformat()}")
        return p, on, fields.text("经办人", actor, 100) or require_actor(self._db, f"“{action.value}”")

    def _load_view(self, s: Session, p: Problem) -> ProblemView:
        s.flush()
        ent = s.get(Enterprise, p.enterprise_id)
        assert ent is not None
        return _view(p, ent, self._clock.today())
