"""Visits (走访记录), saved together with the problems raised at them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import fields
from app.changes import Change
from app.clock import Clock
from app.domain import CodeListKind, OperationStatus, Trend, VisitWay
from app.errors import ProblemInputError, ValidationError
from app.services import codelists
from app.services.access import Scope, require
from app.services.common import check_revision, get_live, resolve_prefix
from app.services.problems import ProblemInput, add_problem
from db.database import Database
from db.models import Cadre, Enterprise, Policy, PolicyExplanation, Problem, Visit, VisitCadre
from db.types import utcnow


@dataclass(frozen=True)
class VisitInput:
    enterprise_id: str
    visit_date: date | None = None
    way: str = VisitWay.ON_SITE.value
    cadre_ids: tuple[str, ...] = ()
    people_met: str = ""
    discussion: str = ""
    operation_status: str = OperationStatus.NORMAL.value
    employees: int | None = None
    order_trend: str | None = None
    revenue_trend: str | None = None
    operation_notes: str = ""
    policies_explained: tuple[str, ...] = ()
    follow_up_plan: str = ""
    #: The policies of the library explained at the visit (政策宣传); None: left as they are.
    policy_ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class VisitView:
    id: str
    enterprise_id: str
    enterprise_name: str
    visit_date: date
    way: str
    cadre_ids: tuple[str, ...]
    cadre_names: tuple[str, ...]
    people_met: str
    discussion: str
    operation_status: str
    employees: int | None
    order_trend: str | None
    revenue_trend: str | None
    operation_notes: str
    policies_explained: tuple[str, ...]
    follow_up_plan: str
    problem_ids: tuple[str, ...]
    revision: int = 0
    #: The policies of the library explained at the visit, by title.
    policy_ids: tuple[str, ...] = ()
    #: Their titles with their 文号, as printed: 关于……的若干措施（豫政办〔2025〕12号）.
    policy_titles: tuple[str, ...] = ()
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    @property
    def policies_shown(self) -> tuple[str, ...]:
        """Every policy explained, as the visit record and the dossier print them: the library's,
        then the names ticked from the 宣传政策 list."""
        return (*self.policy_titles, *self.policies_explained)


class VisitService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def create(self, data: VisitInput, problems: tuple[ProblemInput, ...] = (), actor: str = "") -> VisitView:
        """Save a visit and the problems raised at it, all or nothing."""
        today = self._clock.today()
        with self._db.session() as s:
            require(s, self._db.actor, "登记走访", Scope.OWN_ENTERPRISE, enterprise_ids=(data.enterprise_id,),
                    today=today)
            v = Visit()
            self._apply(s, v, data, today)
            s.add(v)
            s.flush()
            explained = set_explained(s, v, data.policy_ids)
            self._add_problems(s, v, problems, actor, today)
            return replace(self._view(s, v), changes=_visit_changes(problems, explained))

    def update(self, visit_id: str, data: VisitInput, problems: tuple[ProblemInput, ...] = (), actor: str = "", *,
               expected_revision: int | None = None) -> VisitView:
        """Save changes to a visit and the problems newly raised at it, all or nothing (a problem
        that fails its checks leaves the visit as it was, so saving again duplicates nothing)."""
        today = self._clock.today()
        with self._db.session() as s:
            v = get_live(s, Visit, visit_id, "走访记录")
            require(s, self._db.actor, "修改走访记录", Scope.OWN_ENTERPRISE,
                    enterprise_ids=tuple(dict.fromkeys((v.enterprise_id, data.enterprise_id))), today=today)
            check_revision(v, expected_revision, "走访记录")
            self._apply(s, v, data, today)
            s.flush()
            explained = set_explained(s, v, data.policy_ids)
            self._add_problems(s, v, problems, actor, today)
            return replace(self._view(s, v), changes=_visit_changes(problems, explained))

    @staticmethod
    def _add_problems(s: Session, v: Visit, problems: tuple[ProblemInput, ...], actor: str, today: date) -> None:
        for i, pin in enumerate(problems, start=1):
            try:
                add_problem(
                    s,
                    ProblemInput(
                        enterprise_id=v.enterprise_id, category=pin.category,
                        description=pin.description, demand=pin.demand, source=pin.source,
                        scope=pin.scope, received_date=pin.received_date or v.visit_date,
                        level=pin.level, visit_id=v.id,
                    ),
                    actor,
                    today,
                )
            except ValidationError as exc:
                raise ProblemInputError(i, exc) from None

    def delete(self, visit_id: str) -> Change:
        with self._db.session() as s:
            v = get_live(s, Visit, visit_id, "走访记录")
            require(s, self._db.actor, "删除走访记录", Scope.OWN_ENTERPRISE, enterprise_ids=(v.enterprise_id,),
                    today=self._clock.today())
            v.deleted_at = utcnow()
        return Change.VISITS

    def get(self, visit_id: str) -> VisitView:
        with self._db.reading() as s:
            return self._view(s, get_live(s, Visit, visit_id, "走访记录"))

    def list(self, *, enterprise_id: str | None = None, limit: int | None = 200,
             date_from: date | None = None, date_to: date | None = None) -> list[VisitView]:
        """Live visits, newest first; `limit` None for all of them."""
        with self._db.reading() as s:
            q = select(Visit).where(Visit.deleted_at.is_(None))
            if enterprise_id:
                q = q.where(Visit.enterprise_id == enterprise_id)
            if date_from:
                q = q.where(Visit.visit_date >= date_from)
            if date_to:
                q = q.where(Visit.visit_date <= date_to)
            q = q.order_by(Visit.visit_date.desc(), Visit.created_at.desc()).limit(limit)
            return [self._view(s, v) for v in s.scalars(q)]

    def resolve_id(self, text: str) -> str:
        """The visit meant by a unique ID prefix (as printed on its record)."""
        with self._db.reading() as s:
            return resolve_prefix(s, Visit, text, "走访记录")

    def _apply(self, s: Session, v: Visit, d: VisitInput, today: date) -> None:
        get_live(s, Enterprise, d.enterprise_id, "企业")
        visit_date = fields.date_not_after("走访日期", d.visit_date or today, today)
        way = fields.enum("走访方式", VisitWay, d.way)
        status = fields.enum("生产经营状况", OperationStatus, d.operation_status)
        order = fields.enum("订单趋势", Trend, d.order_trend, required=False)
        revenue = fields.enum("营收趋势", Trend, d.revenue_trend, required=False)
        assert way and status
        known = codelists.values(s, CodeListKind.POLICY)
        policies = [fields.one_of("宣传政策", p, known) for p in dict.fromkeys(d.policies_explained)]
        cadre_ids = list(dict.fromkeys(d.cadre_ids))
        for cid in cadre_ids:
            get_live(s, Cadre, cid, "干部")
        v.enterprise_id = d.enterprise_id
        v.visit_date = visit_date
        v.way = way.value
        v.people_met = fields.text("企业接待人员", d.people_met, 300)
        v.discussion = fields.text("交流内容", d.discussion, fields.LONG_TEXT)
        v.operation_status = status.value
        v.employees = fields.non_negative_int("从业人数", d.employees)
        v.order_trend = order.value if order else None
        v.revenue_trend = revenue.value if revenue else None
        v.operation_notes = fields.text("生产经营情况", d.operation_notes, fields.LONG_TEXT)
        v.policies_explained = policies
        v.follow_up_plan = fields.text("下一步工作打算", d.follow_up_plan, fields.LONG_TEXT)
        current = {vc.cadre_id for vc in v.cadres}
        for vc in [vc for vc in v.cadres if vc.cadre_id not in cadre_ids]:
            v.cadres.remove(vc)
        v.cadres.extend(VisitCadre(cadre_id=c) for c in cadre_ids if c not in current)

    def _view(self, s: Session, v: Visit) -> VisitView:
        s.flush()
        ent = s.get(Enterprise, v.enterprise_id)
        assert ent is not None
        ids = tuple(vc.cadre_id for vc in v.cadres)
        names = {c.id: c.name for c in s.scalars(select(Cadre).where(Cadre.id.in_(ids)))} if ids else {}
        problem_ids = tuple(
            s.scalars(select(Problem.id).where(Problem.visit_id == v.id, Problem.deleted_at.is_(None)))
        )
        explained = [(pid, f"{title}（{number}）" if number else title) for pid, title, number in s.execute(
            select(Policy.id, Policy.title, Policy.doc_number).join(
                PolicyExplanation, PolicyExplanation.policy_id == Policy.id).where(
                PolicyExplanation.visit_id == v.id, PolicyExplanation.deleted_at.is_(None)).order_by(
                Policy.title, Policy.id))]
        return VisitView(
            id=v.id, enterprise_id=v.enterprise_id, enterprise_name=ent.name, visit_date=v.visit_date,
            way=v.way, cadre_ids=ids, cadre_names=tuple(names.get(i, "") for i in ids),
            people_met=v.people_met, discussion=v.discussion, operation_status=v.operation_status,
            employees=v.employees, order_trend=v.order_trend, revenue_trend=v.revenue_trend,
            operation_notes=v.operation_notes, policies_explained=tuple(v.policies_explained or ()),
            follow_up_plan=v.follow_up_plan, problem_ids=problem_ids, revision=v.revision,
            policy_ids=tuple(pid for pid, _title in explained), policy_titles=tuple(t for _pid, t in explained),
        )


def _visit_changes(problems: tuple[ProblemInput, ...], explained: bool) -> Change:
    """What saving a visit changed: the visit, the problems raised at it, the policies explained."""
    out = Change.VISITS
    if problems:
        out |= Change.PROBLEMS
    if explained:
        out |= Change.POLICIES
    return out


def set_explained(s: Session, v: Visit, policy_ids: tuple[str, ...] | None) -> bool:
    """The visit's 政策宣传 records made to name these policies (None: left as they are): new ones
    added, one taken back earlier restored, those no longer ticked deleted (the deletion travels).
    True when a record was added, restored or deleted."""
    if policy_ids is None:
        return False
    changed = False
    wanted = list(dict.fromkeys(policy_ids))
    for pid in wanted:
        get_live(s, Policy, pid, "政策")
    links = {x.policy_id: x for x in s.scalars(select(PolicyExplanation).where(PolicyExplanation.visit_id == v.id))}
    for pid in wanted:
        link = links.get(pid)
        if link is None:
            s.add(PolicyExplanation(visit_id=v.id, policy_id=pid, enterprise_id=v.enterprise_id))
            changed = True
        elif link.deleted_at is not None or link.enterprise_id != v.enterprise_id:
            link.deleted_at, link.enterprise_id = None, v.enterprise_id
            changed = True
    for pid, link in links.items():
        if pid not in wanted and link.deleted_at is None:
            link.deleted_at = utcnow()
            changed = True
    s.flush()
    return changed
