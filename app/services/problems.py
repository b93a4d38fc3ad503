"""Problems (问题/诉求) and their workflow: 待交办 → 办理中 → 已办结 → 已销号,
with 退回重办, 暂不具备条件, 延期 (requested, then approved or refused), 督办,
回访评价 and 上报. Every state change writes a ProgressEntry, in the same
transaction as the change, and refreshes the problem's stage deadlines
(app.stages, counted in working days on the calendar of app.services.calendar)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Row, and_, func, or_, select, union
from sqlalchemy.orm import Session

from app import fields
from app.changes import Change
from app.clock import Clock
from app.domain import (
    AssignmentRole,
    CodeListKind,
    Evaluation,
    ExtensionStatus,
    Level,
    ProblemScope,
    ProblemSource,
    ProblemStatus,
    ProgressKind,
    RevisitMethod,
)
from app.errors import ValidationError, WorkflowError
from app.services import codelists
from app.services.access import Scope, require, require_action
from app.services.calendar import load_calendar, load_limits, refresh_dues
from app.services.common import check_revision, get_live, like_pattern, resolve_prefix
from app.services.profile import require_actor
from app.stages import Handling, Stage, TimeLimits, days_late
from app.workdays import WorkCalendar
from app.workflow import Action, allowed_actions, check_allowed
from db import dialect
from db.database import Database
from db.models import (
    Assignment,
    DeadlineExtension,
    Enterprise,
    Problem,
    ProgressEntry,
    Revisit,
    Supervision,
    Visit,
)
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
    handling: Handling | None = None
    original_deadline: date | None = None
    extended: bool = False
    handover_due: date | None = None
    feedback_due: date | None = None
    feedback_date: date | None = None
    assist_due: date | None = None
    assist_answered_date: date | None = None
    revisit_due: date | None = None
    evaluated_date: date | None = None
    #: The stage awaited now and its due day; `days_late` working days past it (0: not late).
    stage: Stage | None = None
    stage_due: date | None = None
    days_late: int = 0
    pending_extension: bool = False
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    @property
    def late_text(self) -> str:
        """e.g. "交办逾期2个工作日", or "" when no stage is late."""
        return f"{self.stage.value}逾期{self.days_late}个工作日" if self.overdue and self.stage else ""


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
class ExtensionView:
    id: str
    problem_id: str
    requested_date: date
    requested_by: str
    reason: str
    old_deadline: date | None
    new_deadline: date
    status: ExtensionStatus
    decided_by: str
    decided_date: date | None
    decision_note: str


@dataclass(frozen=True)
class SupervisionView:
    id: str
    problem_id: str
    number: str
    issued_date: date
    level: str
    issued_by: str
    unit: str
    stage: str
    days_late: int
    due_date: date | None
    note: str
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)


@dataclass(frozen=True)
class RevisitView:
    id: str
    problem_id: str
    revisit_date: date
    method: str
    evaluator: str
    evaluator_position: str
    result: Evaluation
    comment: str
    recorded_by: str
    checks: tuple[bool, bool, bool, bool]

    @property
    def all_checked(self) -> bool:
        return all(self.checks)


@dataclass(frozen=True)
class RevisitInput:
    """回访评价: who at the company evaluated, how, when, the result (no default: the person
    must choose), comments and the four checks offices make before 销号."""

    result: str
    evaluator: str
    method: str
    evaluator_position: str = ""
    comment: str = ""
    check_solved: bool = False
    check_answered: bool = False
    check_contacted: bool = False
    check_satisfied: bool = False


@dataclass(frozen=True)
class SuperviseInput:
    level: str
    #: The date by which the unit must answer.
    due_date: date | None = None
    note: str = ""


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
    #: Only problems whose awaited stage is this one (with overdue_only: late at this stage).
    stage: Stage | None = None
    #: Problems of the enterprises this cadre is 包联领导 of.
    leader_id: str | None = None
    #: Only problems with an extension request waiting for approval.
    pending_extension: bool = False


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
    #: 办理类型: decides the 办结 limit of the time-limit scheme.
    handling: Handling = Handling.ORDINARY
    #: An explicit 办结 deadline decided by the office (None: the scheme's).
    deadline: date | None = None
    note: str = ""


class _EnterpriseNames(NamedTuple):
    """What a problem's view shows of its enterprise (a page reads only these, not the enterprise)."""

    name: str
    region_name: str


@lru_cache(maxsize=512)
def _actions(status: ProblemStatus, evaluation: Evaluation | None, pending: bool, assists_pending: bool,
             can_extend: bool) -> tuple[Action, ...]:
    """allowed_actions, once per combination (a page of 200 problems has a few dozen)."""
    return tuple(allowed_actions(status, evaluation, pending_extension=pending, assists_pending=assists_pending,
                                 can_extend=can_extend))


def _view(p: Problem | Row[*tuple[Any, ...]], ent: Enterprise | _EnterpriseNames, today: date, cal: WorkCalendar,
          pending: bool = False) -> ProblemView:
    """The view of a problem: from its record, or from a row of a page's columns (_PAGE_COLUMNS)."""
    status = ProblemStatus(p.status)
    evaluation = Evaluation(p.evaluation) if p.evaluation else None
    assists_pending = bool(p.assist_units) and p.assist_answered_date is None and p.assigned_date is not None
    late = days_late(p.stage_due, today, cal)
    return ProblemView(
        id=p.id, enterprise_id=p.enterprise_id, enterprise_name=ent.name, region_name=ent.region_name,
        visit_id=p.visit_id, category=p.category, description=p.description, demand=p.demand,
        source=p.source, scope=p.scope, received_date=p.received_date, lead_unit=p.lead_unit,
        assist_units=tuple(p.assist_units or ()), responsible_person=p.responsible_person,
        responsible_phone=p.responsible_phone, assigned_date=p.assigned_date, deadline=p.deadline,
        level=p.level, status=status, resolution=p.resolution, solved_date=p.solved_date,
        deferred_reason=p.deferred_reason, deferred_policy=p.deferred_policy, evaluation=evaluation,
        evaluation_comment=p.evaluation_comment, closed_date=p.closed_date,
        overdue=late > 0,
        actions=_actions(status, evaluation, pending, assists_pending, p.deadline is not None and p.deadline >= today),
        revision=p.revision, handling=Handling(p.handling) if p.handling else None,
        original_deadline=p.original_deadline, extended=p.extended, handover_due=p.handover_due,
        feedback_due=p.feedback_due, feedback_date=p.feedback_date, assist_due=p.assist_due,
        assist_answered_date=p.assist_answered_date, revisit_due=p.revisit_due, evaluated_date=p.evaluated_date,
        stage=Stage(p.stage) if p.stage else None, stage_due=p.stage_due, days_late=late,
        pending_extension=pending,
    )


#: The problem's columns a view shows: a page reads these, not the records (no ORM objects to build,
#: track and expire, no enterprise with its tags).
_PAGE_COLUMNS = tuple(getattr(Problem, name) for name in (
    "id", "enterprise_id", "visit_id", "category", "description", "demand", "source", "scope", "received_date",
    "lead_unit", "assist_units", "responsible_person", "responsible_phone", "assigned_date", "deadline", "level",
    "status", "resolution", "solved_date", "deferred_reason", "deferred_policy", "evaluation", "evaluation_comment",
    "closed_date", "revision", "handling", "original_deadline", "extended", "handover_due", "feedback_due",
    "feedback_date", "assist_due", "assist_answered_date", "revisit_due", "evaluated_date", "stage", "stage_due"))

#: Columns the ledger can be sorted by (in SQL: 100,000 rows are never sorted in Python).
SORT_KEYS: dict[str, Any] = {
    "received_date": Problem.received_date, "enterprise": Enterprise.name, "region": Enterprise.region_name,
    "category": Problem.category, "lead_unit": Problem.lead_unit, "deadline": Problem.deadline,
    "status": Problem.status, "evaluation": Problem.evaluation, "description": Problem.description,
    "stage_due": Problem.stage_due, "stage": Problem.stage,
}


def _after(column: Any, descending: bool, cursor: PageCursor) -> ColumnElement[bool]:
    """The rows that come after the cursor in the order (column DESC NULLS LAST | ASC NULLS FIRST, id)."""
    value = cursor.value
    if value is None:
        tie = and_(column.is_(None), Problem.id > cursor.id)
        return tie if descending else or_(column.is_not(None), tie)
    tie = and_(column == value, Problem.id > cursor.id)
    return or_(column < value, column.is_(None), tie) if descending else or_(column > value, tie)


def _text_conditions(s: Session, text: str) -> list[ColumnElement[bool]]:
    """Problems whose text, lead unit or enterprise's name contains `text` (ASCII letters in either
    case, as SQLite's LIKE folds them; db.dialect.contains). Where the database has a text index
    (db.dialect), the problems it finds and those of the enterprises whose names match come
    first, by row number: the LIKE then only checks those, and decides, so the results are the
    same either way."""
    p = like_pattern(text)

    def has(column: Any) -> ColumnElement[bool]:
        return dialect.contains(s, column, text, p)

    name_matches = select(Enterprise.id).where(has(Enterprise.name))
    if s.get_bind().dialect.name == "postgresql":
        # One condition on the problems' own columns, the enterprises whose name matches as an array
        # (computed once): the planner may OR the trigram indexes' bitmaps, read the ledger's order
        # and stop at the page, or scan, whichever costs less. A union of candidates joined back
        # made it read every row and the candidates too for a common word.
        return [or_(has(Problem.description), has(Problem.demand), has(Problem.resolution), has(Problem.lead_unit),
                    dialect.any_of(Problem.enterprise_id, name_matches))]
    # The enterprise's name through the list of those that match (read once), not the joined row: a
    # search that asks nothing else of the enterprise then needs no join (ProblemService.search).
    like = or_(has(Problem.description), has(Problem.demand), has(Problem.resolution),
               Problem.enterprise_id.in_(name_matches), has(Problem.lead_unit))
    candidates = dialect.text_candidates(s, text, p)
    if candidates is None:
        return [like]
    rowid = dialect.rowid_of(s, Problem)
    of_named = select(rowid).where(Problem.enterprise_id.in_(name_matches))
    return [rowid.in_(union(candidates, of_named)), like]


def overdue_condition(today: date) -> ColumnElement[bool]:
    """Late at the stage awaited now (交办, 首次反馈, 协办反馈, 办结, 月度报告 or 回访): its due day
    has passed. A problem waiting for nothing (销号 due, closed, deferred) has no stage: its NULL
    stage_due is never less than a date. No `IS NOT NULL` beside it: PostgreSQL multiplies the two
    conditions' chances as if independent (12 % x 5.5 %) and expected 6,600 overdue problems of a
    million where there are 54,900, choosing a plan for few (issue 26)."""
    return Problem.stage_due < today


def leader_enterprises(cadre_id: str) -> Any:
    """The enterprises a cadre is 包联领导 of (a subquery)."""
    return select(Assignment.enterprise_id).where(
        Assignment.cadre_id == cadre_id, Assignment.role == AssignmentRole.LEADER.value,
        Assignment.deleted_at.is_(None))


def pending_extensions(s: Session, problem_ids: Sequence[str]) -> set[str]:
    """Those of the problems with an extension request waiting for approval."""
    out: set[str] = set()
    for start in range(0, len(problem_ids), 500):
        out.update(s.scalars(select(DeadlineExtension.problem_id).where(
            DeadlineExtension.problem_id.in_(problem_ids[start:start + 500]),
            DeadlineExtension.status == ExtensionStatus.PENDING.value, DeadlineExtension.deleted_at.is_(None))))
    return out


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
    refresh_dues(p, load_calendar(session), load_limits(session))
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
            require(s, self._db.actor, "登记问题", Scope.OWN_ENTERPRISE, enterprise_ids=(data.enterprise_id,),
                    today=self._clock.today())
            p = add_problem(s, data, fields.text("经办人", actor, 100) or self._db.actor, self._clock.today())
            return replace(self._load_view(s, p), changes=Change.PROBLEMS)

    def update_details(self, problem_id: str, data: ProblemInput, *,
                       expected_revision: int | None = None) -> ProblemView:
        """Edit what the problem is (not its workflow state)."""
        with self._db.session() as s:
            p = get_live(s, Problem, problem_id, "问题")
            require(s, self._db.actor, "修改问题", Scope.OWN_ENTERPRISE, enterprise_ids=(p.enterprise_id,),
                    today=self._clock.today())
            check_revision(p, expected_revision, "问题")
            d = validated_problem(s, data, self._clock.today())
            p.category, p.description, p.demand = d.category, d.description, d.demand
            p.source, p.scope, p.level = d.source, d.scope, d.level
            assert d.received_date is not None
            p.received_date = d.received_date
            refresh_dues(p, load_calendar(s), load_limits(s))
            return replace(self._load_view(s, p), changes=Change.PROBLEMS)

    def delete(self, problem_id: str) -> Change:
        with self._db.session() as s:
            p = get_live(s, Problem, problem_id, "问题")
            require(s, self._db.actor, "删除问题", Scope.OWN_ENTERPRISE, enterprise_ids=(p.enterprise_id,),
                    today=self._clock.today())
            p.deleted_at = utcnow()
        return Change.PROBLEMS

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

    def extensions(self, problem_id: str) -> list[ExtensionView]:
        """Every 延期申请 of the problem, oldest first, with its decision."""
        with self._db.reading() as s:
            q = (
                select(DeadlineExtension)
                .where(DeadlineExtension.problem_id == problem_id, DeadlineExtension.deleted_at.is_(None))
                .order_by(DeadlineExtension.requested_date, DeadlineExtension.created_at)
            )
            return [_extension_view(x) for x in s.scalars(q)]

    def supervisions(self, problem_id: str) -> list[SupervisionView]:
        """The 督办 issued for the problem, oldest first."""
        with self._db.reading() as s:
            q = (select(Supervision)
                 .where(Supervision.problem_id == problem_id, Supervision.deleted_at.is_(None))
                 .order_by(Supervision.issued_date, Supervision.created_at))
            return [_supervision_view(x) for x in s.scalars(q)]

    def revisits(self, problem_id: str) -> list[RevisitView]:
        """The company's evaluations (回访), oldest first."""
        with self._db.reading() as s:
            return [_revisit_view(r) for r in _revisits(s, problem_id)]

    def assists_answered(self, problem_id: str) -> list[str]:
        """The assisting units that have answered (协办反馈)."""
        with self._db.reading() as s:
            return _answered_units(s, problem_id)

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
            cond: list[ColumnElement[bool]] = [Problem.deleted_at.is_(None), Enterprise.deleted_at.is_(None)]
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
                cond.append(Problem.stage_due <= f.due_by)  # no IS NOT NULL: see overdue_condition
            if f.stage is not None:
                cond.append(Problem.stage == f.stage.value)
            if f.leader_id:
                cond.append(Problem.enterprise_id.in_(leader_enterprises(f.leader_id)))
            if f.pending_extension:
                cond.append(Problem.id.in_(select(DeadlineExtension.problem_id).where(
                    DeadlineExtension.status == ExtensionStatus.PENDING.value,
                    DeadlineExtension.deleted_at.is_(None))))
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
                cond.extend(_text_conditions(s, f.text.strip()))
            column = SORT_KEYS[sort]
            # NULLs placed explicitly (SQLite's own order), so that _after agrees on every database.
            order = column.desc().nulls_last() if descending else column.asc().nulls_first()
            total: int | None
            # One pass over the matches where SQLite finds them by its text index and checks each; on
            # PostgreSQL the count reads the trigram bitmaps and the page stops at 200 rows in the ledger's
            # order, where a window count fetches and sorts every match (at 1,000,000 problems '续贷' took
            # 2.7 s that way against 0.7 s).
            if count and after is None and f.text.strip() and s.get_bind().dialect.name == "sqlite":
                # Nothing asked of the enterprise but that it is live: the matches are found without
                # the join (cond[1]), as the ledger's count is (see _page).
                alone = not f.region and sort not in ("enterprise", "region")
                found, total = self._first_text_page(s, cond, column, order, limit, join=not alone)
            else:
                found, total = self._page(s, cond, f, column, order, descending, limit, after, count)
            cal = load_calendar(s)
            pending = pending_extensions(s, [r.id for r in found])
            rows = [_view(r, _EnterpriseNames(r.page_enterprise_name, r.page_enterprise_region), today, cal,
                          r.id in pending) for r in found]
            cursor = PageCursor(found[-1].page_sort_value, found[-1].id) if len(found) == limit else None
            return ProblemPage(rows, total, cursor)

    @staticmethod
    def _page_query(column: Any) -> Any:
        q = select(*_PAGE_COLUMNS, Enterprise.name.label("page_enterprise_name"),
                   Enterprise.region_name.label("page_enterprise_region"), column.label("page_sort_value"))
        return q.join(Enterprise, Enterprise.id == Problem.enterprise_id)

    def _first_text_page(self, s: Session, cond: list[ColumnElement[bool]], column: Any, order: Any,
                         limit: int, *, join: bool) -> tuple[Sequence[Row[Any]], int]:
        """The first page of a text search and its total, visiting each match once: the matches are
        scattered rows that the count and the sorted page would each read and check again (two thirds
        of the search's time), so one statement sorts only their keys, counting them on the way (a
        window count), and the page's rows are then read by ID."""
        keys = select(Problem.id.label("key_id"), func.count().over().label("key_total"))
        if join:
            keys = keys.join(Enterprise, Enterprise.id == Problem.enterprise_id).where(*cond)
        else:
            gone = select(Enterprise.id).where(Enterprise.deleted_at.is_not(None))
            keys = keys.where(*cond[:1], *cond[2:], Problem.enterprise_id.not_in(gone))
        page = keys.order_by(order, Problem.id).limit(limit).subquery()
        q = self._page_query(column).add_columns(page.c.key_total).join(page, page.c.key_id == Problem.id)
        found = s.execute(q.order_by(order, Problem.id)).all()
        return found, found[0].key_total if found else 0

    def _page(self, s: Session, cond: list[ColumnElement[bool]], f: ProblemFilter, column: Any, order: Any,
              descending: bool, limit: int, after: PageCursor | None, count: bool
              ) -> tuple[Sequence[Row[Any]], int | None]:
        """A page of the search (after the cursor), and the total when `count`."""
        total = None
        if count:
            if f.region or f.text.strip():
                counted = select(Problem.id).join(Enterprise, Enterprise.id == Problem.enterprise_id).where(*cond)
            else:
                # Nothing asked of the enterprise but that it is live: no join, so the count reads an
                # index of the problems alone, where the join read every problem and every enterprise.
                gone = select(Enterprise.id).where(Enterprise.deleted_at.is_not(None))
                counted = select(Problem.id).where(*cond[:1], *cond[2:], Problem.enterprise_id.not_in(gone))
            total = s.scalar(select(func.count()).select_from(counted.subquery())) or 0
        q = self._page_query(column).where(*cond)
        if after is not None:
            q = q.where(_after(column, descending, after))
        return s.execute(q.order_by(order, Problem.id).limit(limit)).all(), total

    # ---- workflow ------------------------------------------------------
    def assign(self, problem_id: str, data: AssignInput, *, actor: str = "", on: date | None = None,
               claimed: bool = False) -> ProblemView:
        """交办 to a lead unit (or 领单: the unit claims it, which is also its first feedback).
        The 办结 deadline follows the time-limit scheme for the chosen 办理类型."""
        action = Action.CLAIM if claimed else Action.ASSIGN
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, action, on, actor)
            cal, limits = load_calendar(s), load_limits(s)
            units = codelists.values(s, CodeListKind.UNIT)
            lead = fields.one_of("主办单位", fields.text("主办单位", data.lead_unit, 100, required=True), units)
            assists = tuple(dict.fromkeys(fields.one_of("协办单位", fields.text("协办单位", u, 100), units)
                                          for u in data.assist_units if u.strip()))
            if lead in assists:
                raise ValidationError("协办单位", lead, "不能与主办单位相同")
            handling = fields.enum("办理类型", Handling, data.handling)
            assert handling is not None
            days = limits.solve_days(handling)
            deadline = cal.add(on, days) if days is not None else None
            if data.deadline is not None and handling is not Handling.COORDINATION:
                # The office's own decision (the window offers only an earlier one); it is the
                # original deadline 按期办结率 is judged against.
                if data.deadline < on:
                    raise ValidationError("办结时限", data.deadline.isoformat(), "不能早于交办日期")
                deadline = data.deadline
            before = ProblemStatus(p.status)
            p.lead_unit, p.assist_units = lead, list(assists)
            p.responsible_person = fields.text("责任人", data.responsible_person, 50)
            p.responsible_phone = fields.phone("责任人电话", data.responsible_phone)
            p.assigned_date, p.deadline, p.original_deadline = on, deadline, deadline
            p.handling = handling.value
            p.feedback_date = on if claimed else None
            p.assist_answered_date = None
            p.status = ProblemStatus.IN_PROGRESS.value
            parts = [f"主办：{lead}"]
            if assists:
                parts.append("协办：" + "、".join(assists))
            parts.append(f"办理类型：{handling.value}")
            parts.append(f"时限：{deadline.isoformat()}" if deadline else f"每{limits.report}个工作日报告进展")
            if data.note.strip():
                parts.append(fields.text("说明", data.note, fields.LONG_TEXT))
            kind = ProgressKind.CLAIMED if claimed else ProgressKind.ASSIGNED
            _log(s, p, kind, on, actor, "；".join(parts), before)
            return self._done(s, p, cal, limits)

    def record_progress(self, problem_id: str, content: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        """办理进展: the first one after 交办 is the lead unit's first feedback."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.RECORD_PROGRESS, on, actor)
            text = fields.text("办理进展", content, fields.LONG_TEXT, required=True)
            _log(s, p, ProgressKind.PROGRESS, on, actor, text, ProblemStatus(p.status))
            if p.status == ProblemStatus.IN_PROGRESS.value:
                p.feedback_date = p.feedback_date or on
                p.last_report_date = max(on, p.last_report_date or on)
            p.updated_at = utcnow()  # the problem changed: its timeline grew
            return self._done(s, p)

    def assist_reply(self, problem_id: str, unit: str, content: str, *, actor: str = "",
                     on: date | None = None) -> ProblemView:
        """协办反馈: an assisting unit answers; the stage is done when every one has."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.ASSIST_REPLY, on, actor)
            units = list(p.assist_units or [])
            if unit not in units:
                raise ValidationError("协办单位", unit, "不是该问题的协办单位（" + ("、".join(units) or "无") + "）")
            answered = _answered_units(s, p.id)
            if unit in answered:
                raise WorkflowError(f"{unit}已反馈过协办意见")
            text = fields.text("协办意见", content, fields.LONG_TEXT, required=True)
            s.add(ProgressEntry(problem_id=p.id, entry_date=on, recorded_at=utcnow(),
                                kind=ProgressKind.ASSIST_REPLY.value, actor=unit, content=text,
                                from_status=p.status, to_status=p.status))
            if set(units) <= set(answered) | {unit}:
                p.assist_answered_date = on
            p.updated_at = utcnow()
            return self._done(s, p)

    def solve(self, problem_id: str, resolution: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        """办结: the answer waits for the company's evaluation (回访)."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.SOLVE, on, actor)
            before = ProblemStatus(p.status)
            p.resolution = fields.text("办理结果", resolution, fields.LONG_TEXT, required=True)
            p.solved_date = on
            p.feedback_date = p.feedback_date or on
            # A new answer: the company's view of the last one no longer stands.
            p.evaluation, p.evaluation_comment, p.evaluated_date = None, "", None
            p.status = ProblemStatus.SOLVED.value
            _log(s, p, ProgressKind.SOLVED, on, actor, p.resolution, before)
            return self._done(s, p)

    def evaluate(self, problem_id: str, data: RevisitInput, *, actor: str = "",
                 on: date | None = None) -> ProblemView:
        """回访评价: the company's own evaluation, by someone at the company. 不满意 or
        非常不满意 sends the problem back to 办理中 (退回重办) at once; it is not solved."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.EVALUATE, on, actor)
            if p.evaluation is not None:
                raise WorkflowError(f"该问题已有企业评价（{p.evaluation}）；再次评价须先退回重办并重新办结")
            ev = fields.enum("评价结果", Evaluation, data.result)
            method = fields.enum("回访方式", RevisitMethod, data.method)
            assert ev is not None and method is not None
            evaluator = fields.name("评价人", data.evaluator, 50, required=True)
            position = fields.text("评价人职务", data.evaluator_position, 50)
            comment = fields.text("评价意见", data.comment, fields.LONG_TEXT)
            if p.solved_date is not None and on < p.solved_date:
                raise ValidationError("回访日期", on.isoformat(), f"不能早于办结日期 {p.solved_date.isoformat()}")
            s.add(Revisit(problem_id=p.id, revisit_date=on, method=method.value, evaluator=evaluator,
                          evaluator_position=position, result=ev.value, comment=comment, recorded_by=actor,
                          check_solved=data.check_solved, check_answered=data.check_answered,
                          check_contacted=data.check_contacted, check_satisfied=data.check_satisfied))
            p.evaluation, p.evaluation_comment, p.evaluated_date = ev.value, comment, on
            who = evaluator + (f"（{position}）" if position else "")
            text = f"{ev.value}（{who}，{method.value}）" + (f"：{comment}" if comment else "")
            _log(s, p, ProgressKind.EVALUATED, on, actor, text, ProblemStatus(p.status))
            if not ev.is_satisfied:
                self._send_back(s, p, on, actor, f"企业评价为“{ev.value}”，自动退回重办" +
                                (f"：{comment}" if comment else ""))
            return self._done(s, p)

    def close(self, problem_id: str, *, actor: str = "", on: date | None = None, note: str = "") -> ProblemView:
        """销号: needs a resolution, the company's satisfied evaluation on record (回访) and the four
        checks offices make (问题是否解决、是否答复企业、责任单位是否对接企业、企业负责人是否满意)."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.CLOSE, on, actor)
            if not p.resolution.strip():
                raise WorkflowError("销号前须填写办理结果")
            latest = next(iter(reversed(_revisits(s, p.id))), None)
            if not p.evaluation or latest is None or (p.solved_date and latest.revisit_date < p.solved_date):
                raise WorkflowError("销号前须回访企业并登记企业评价（评价人、方式、结果）：把评价权交给企业")
            if not Evaluation(p.evaluation).is_satisfied:
                raise WorkflowError(f"企业评价为“{p.evaluation}”，不能销号；请退回重办")
            view = _revisit_view(latest)
            if not view.all_checked:
                from app.domain import CLOSE_CHECKS

                missing = "、".join(label for (name, label), ok in zip(CLOSE_CHECKS, view.checks) if not ok)
                raise WorkflowError(f"销号前须经回访确认：{missing}（回访时未确认，请重新回访）")
            before = ProblemStatus(p.status)
            p.status = ProblemStatus.CLOSED.value
            p.closed_date = on
            _log(s, p, ProgressKind.CLOSED, on, actor, fields.text("说明", note, fields.LONG_TEXT) or "销号", before)
            return self._done(s, p)

    def reopen(self, problem_id: str, reason: str, *, actor: str = "", on: date | None = None) -> ProblemView:
        """退回重办 by hand (the company not satisfied, or the answer found wanting). The old
        answer stays in the timeline; a new 办结 limit runs from today."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.REOPEN, on, actor)
            why = fields.text("退回原因", reason, fields.LONG_TEXT, required=True)
            self._send_back(s, p, on, actor, why)
            return self._done(s, p)

    def defer(self, problem_id: str, reason: str, policy: str, *, actor: str = "",
              on: date | None = None) -> ProblemView:
        """暂不具备条件: cannot be solved now; counted apart, never as solved."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.DEFER, on, actor)
            p.deferred_reason = fields.text("暂不具备条件的原因", reason, fields.LONG_TEXT, required=True)
            p.deferred_policy = fields.text("政策依据", policy, fields.LONG_TEXT, required=True)
            before = ProblemStatus(p.status)
            p.status = ProblemStatus.DEFERRED.value
            _log(s, p, ProgressKind.DEFERRED, on, actor, f"{p.deferred_reason}（依据：{p.deferred_policy}）", before)
            return self._done(s, p)

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
            return self._done(s, p)

    def extend(self, problem_id: str, reason: str, new_deadline: date, *, actor: str = "",
               on: date | None = None) -> ProblemView:
        """申请延期: before the 办结 deadline, with a reason and a new date. It moves nothing until
        an office approves it (decide_extension)."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.EXTEND, on, actor)
            why = fields.text("延期原因", reason, fields.LONG_TEXT, required=True)
            if p.deadline is None:
                raise WorkflowError("该问题没有办结时限（需上级协调的问题按月报告进展），无需申请延期")
            if on > p.deadline:
                raise WorkflowError(f"办结时限 {p.deadline.isoformat()} 已过，不能再申请延期（须在时限届满前申请）；"
                                    "请抓紧办理，或由交办单位督办")
            if new_deadline <= p.deadline:
                raise ValidationError("新的办结时限", new_deadline.isoformat(),
                                      f"应晚于原时限 {p.deadline.isoformat()}")
            if pending_extensions(s, [p.id]):
                raise WorkflowError("已有一份延期申请等待审批")
            s.add(DeadlineExtension(problem_id=p.id, requested_date=on, requested_by=actor, reason=why,
                                    old_deadline=p.deadline, new_deadline=new_deadline,
                                    status=ExtensionStatus.PENDING.value))
            _log(s, p, ProgressKind.EXTENSION_REQUESTED, on, actor,
                 f"{why}；申请时限由 {p.deadline.isoformat()} 延至 {new_deadline.isoformat()}", ProblemStatus(p.status))
            p.updated_at = utcnow()
            return self._done(s, p)

    def decide_extension(self, problem_id: str, approve: bool, note: str = "", *, actor: str = "",
                         on: date | None = None) -> ProblemView:
        """审批延期: the office approves (the deadline moves; 按期办结率 still counts the original one)
        or refuses the waiting request, saying who decided and when."""
        with self._db.session() as s:
            p, on, actor = self._start(s, problem_id, Action.DECIDE_EXTENSION, on, actor)
            x = s.scalars(select(DeadlineExtension).where(
                DeadlineExtension.problem_id == p.id, DeadlineExtension.status == ExtensionStatus.PENDING.value,
                DeadlineExtension.deleted_at.is_(None))).first()
            if x is None:
                raise WorkflowError("该问题没有等待审批的延期申请")
            if not actor:
                raise ValidationError("审批人", None, "不能为空（请在“设置”中填写使用人）")
            text = fields.text("审批意见", note, fields.LONG_TEXT)
            if not approve and not text:
                raise ValidationError("审批意见", None, "不予批准时请说明理由")
            if on < x.requested_date:
                raise ValidationError("审批日期", on.isoformat(), f"不能早于申请日期 {x.requested_date.isoformat()}")
            x.status = (ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED).value
            x.decided_by, x.decided_date, x.decision_note = actor, on, text
            if approve:
                old = p.deadline
                x.old_deadline = old
                p.deadline, p.extended = x.new_deadline, True
                content = f"批准延期：时限由 {old.isoformat() if old else '无'} 延至 {x.new_deadline.isoformat()}"
            else:
                content = "不予批准延期"
            _log(s, p, ProgressKind.EXTENSION_DECIDED, on, actor, content + (f"（{text}）" if text else ""),
                 ProblemStatus(p.status))
            p.updated_at = utcnow()
            return self._done(s, p)

    def supervise(self, problem_ids: Sequence[str], data: SuperviseInput, *, actor: str = "",
                  on: date | None = None) -> list[SupervisionView]:
        """督办: one numbered 督办单 per problem (all in one transaction), recorded with its level,
        who issued it, the stage that was late and the date the unit must answer by."""
        with self._db.session() as s:
            levels = codelists.values(s, CodeListKind.SUPERVISION_LEVEL)
            level = fields.one_of("督办级别", fields.text("督办级别", data.level, 20, required=True), levels)
            note = fields.text("督办意见", data.note, fields.LONG_TEXT)
            cal, today = load_calendar(s), self._clock.today()
            day = on or today
            if data.due_date is not None and data.due_date < day:
                raise ValidationError("反馈期限", data.due_date.isoformat(), "不能早于督办日期")
            if not problem_ids:
                raise ValidationError("督办问题", None, "请选择要督办的问题")
            year_start = date(day.year, 1, 1)
            issued = s.scalar(select(func.count()).select_from(Supervision).where(
                Supervision.issued_date >= year_start, Supervision.issued_date < date(day.year + 1, 1, 1))) or 0
            out = []
            for i, pid in enumerate(dict.fromkeys(problem_ids), start=1):
                p, day, who = self._start(s, pid, Action.SUPERVISE, on, actor)
                late = days_late(p.stage_due, day, cal)
                number = f"督〔{day.year}〕{issued + i}号"
                sup = Supervision(problem_id=p.id, number=number, issued_date=day, level=level, issued_by=who,
                                  unit=p.lead_unit, stage=p.stage or "", days_late=late, due_date=data.due_date,
                                  note=note)
                s.add(sup)
                state = f"{p.stage}逾期{late}个工作日" if late and p.stage else "未逾期"
                due = f"，请于 {data.due_date.isoformat()} 前反馈" if data.due_date else ""
                _log(s, p, ProgressKind.SUPERVISED, day, who,
                     f"{level}（{number}，{p.lead_unit}，{state}）{due}" + (f"：{note}" if note else ""),
                     ProblemStatus(p.status))
                p.updated_at = utcnow()
                s.flush()
                out.append(replace(_supervision_view(sup), changes=Change.PROBLEMS))
            return out

    def overdue_of_unit(self, unit: str) -> list[str]:
        """The IDs of a lead unit's problems in progress that are late today (for a bulk 督办)."""
        today = self._clock.today()
        with self._db.reading() as s:
            return list(s.scalars(select(Problem.id).where(
                Problem.lead_unit == unit, Problem.status == ProblemStatus.IN_PROGRESS.value,
                Problem.deleted_at.is_(None), overdue_condition(today)).order_by(Problem.stage_due)))

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
            _log(s, p, ProgressKind.ESCALATED, on, actor, f"由{old}级上报至{up.value}级：{why}",
                 ProblemStatus(p.status))
            return self._done(s, p)

    def _send_back(self, s: Session, p: Problem, on: date, actor: str, why: str) -> None:
        """退回重办: back to 办理中 with a new 办结 limit from `on`; the evaluation that sent it
        back stays on the problem (and counts in 满意率) until the next answer."""
        limits = load_limits(s)
        before = ProblemStatus(p.status)
        p.status = ProblemStatus.IN_PROGRESS.value
        p.solved_date = None
        handling = Handling(p.handling) if p.handling else Handling.ORDINARY
        days = limits.solve_days(handling)
        if days is not None:
            p.deadline = load_calendar(s).add(on, days)
        p.last_report_date = on
        _log(s, p, ProgressKind.REOPENED, on, actor,
             why + (f"；新的办结时限：{p.deadline.isoformat()}" if p.deadline and days else ""), before)

    # ---- helpers -------------------------------------------------------
    def _start(self, s: Session, problem_id: str, action: Action, on: date | None,
               actor: str) -> tuple[Problem, date, str]:
        s.info["via"] = f"工作流：{action.value}"
        p = get_live(s, Problem, problem_id, "问题")
        today = self._clock.today()
        require_action(s, self._db.actor, action, p.enterprise_id, today)
        check_allowed(action, ProblemStatus(p.status))
        on = on or today
        fields.date_not_after(f"{action.value}日期", on, today)
        if on < p.received_date:
            raise ValidationError(f"{action.value}日期", on.isoformat(),
                                  f"不能早于问题收到日期 {p.received_date.isoformat()}")
        return p, on, fields.text("经办人", actor, 100) or require_actor(self._db, f"“{action.value}”")

    def _done(self, s: Session, p: Problem, cal: WorkCalendar | None = None,
              limits: TimeLimits | None = None) -> ProblemView:
        """Refresh the stage deadlines after an action, and the view of the result (which says the
        problems changed)."""
        refresh_dues(p, cal or load_calendar(s), limits or load_limits(s))
        return replace(self._load_view(s, p), changes=Change.PROBLEMS)

    def _load_view(self, s: Session, p: Problem) -> ProblemView:
        s.flush()
        ent = s.get(Enterprise, p.enterprise_id)
        assert ent is not None
        return _view(p, ent, self._clock.today(), load_calendar(s), bool(pending_extensions(s, [p.id])))


def _revisits(s: Session, problem_id: str) -> list[Revisit]:
    q = (select(Revisit).where(Revisit.problem_id == problem_id, Revisit.deleted_at.is_(None))
         .order_by(Revisit.revisit_date, Revisit.created_at))
    return list(s.scalars(q))


def _answered_units(s: Session, problem_id: str) -> list[str]:
    return list(dict.fromkeys(s.scalars(select(ProgressEntry.actor).where(
        ProgressEntry.problem_id == problem_id, ProgressEntry.kind == ProgressKind.ASSIST_REPLY.value,
        ProgressEntry.deleted_at.is_(None)).order_by(ProgressEntry.entry_date))))


def _extension_view(x: DeadlineExtension) -> ExtensionView:
    return ExtensionView(x.id, x.problem_id, x.requested_date, x.requested_by, x.reason, x.old_deadline,
                         x.new_deadline, ExtensionStatus(x.status), x.decided_by, x.decided_date, x.decision_note)


def _supervision_view(x: Supervision) -> SupervisionView:
    return SupervisionView(x.id, x.problem_id, x.number, x.issued_date, x.level, x.issued_by, x.unit, x.stage,
                           x.days_late, x.due_date, x.note)


def _revisit_view(r: Revisit) -> RevisitView:
    return RevisitView(r.id, r.problem_id, r.revisit_date, r.method, r.evaluator, r.evaluator_position,
                       Evaluation(r.result), r.comment, r.recorded_by,
                       (r.check_solved, r.check_answered, r.check_contacted, r.check_satisfied))
