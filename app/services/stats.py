"""Statistics: one place for the figures the window, the CLI and the reports show.

A period covers every problem open at any time in it: received by its last day and
not solved before its first (so a problem received in May and still open in
November counts in November's figures, as the 通报 must). Rates are over that
cohort, as of today: 问题化解率 = solved / collected, 办结率 = solved / handed over,
按期办结率 = solved by the original deadline / solved with a deadline (approved
extensions counted apart), 销号率 = closed / collected, 回访率 = evaluated / solved,
企业满意率 = (非常满意 + 满意 + 基本满意) / evaluated. Overdue counts are as of today:
`overdue` within the cohort, `overdue_now` every problem late today under the same
filters. Coverage is against the campaign's list (规上 by default, or 四上, a tag,
or the assigned enterprises). Units are judged by results, never by visits.

Problems are aggregated in SQL, grouped once by (unit, category, source) and once by
enterprise; region, cadre and 包联领导 tables are sums of the per-enterprise rows
joined in memory with the small lists of assignments and visited enterprises."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from typing import Any, Literal

from sqlalchemy import ColumnElement, String, and_, func, not_, null, or_, select, text, type_coerce
from sqlalchemy.exc import DatabaseError as SQLDatabaseError
from sqlalchemy.orm import Session

from app.clock import Clock
from app.domain import SATISFIED_EVALUATIONS, SOLVED_STATUSES, AssignmentRole, ProblemSource, ProblemStatus
from app.ranking import rank
from app.services.calendar import load_calendar
from app.services.problems import overdue_condition
from app.stages import Stage
from db import dialect, figure_periods, figure_sums
from db.database import Database
from db.errors import DatabaseBusyError, StorageError
from db.models import Assignment, Cadre, Enterprise, EnterpriseTag, Problem, Supervision, Visit, VisitCadre

#: Accumulated problem figures: the ProblemFigures fields in order, as a mutable list.
Sums = list[float]

LIST_ABOVE_SCALE = "规上企业"
LIST_FOUR_ABOVE = "四上企业"
LIST_ASSIGNED = "包联企业"
#: The lists coverage can be measured against besides the enterprise tags.
FIXED_LISTS = (LIST_ABOVE_SCALE, LIST_FOUR_ABOVE, LIST_ASSIGNED)
SELF_FOUND = "自查"


@dataclass(frozen=True)
class StatsQuery:
    date_from: date | None = None
    date_to: date | None = None
    region: str | None = None
    unit: str | None = None
    category: str | None = None
    cadre_id: str | None = None
    #: Only the enterprises this cadre is 包联领导 of.
    leader_id: str | None = None
    #: The list coverage is measured against: 规上企业, 四上企业, 包联企业 or an enterprise tag.
    coverage_list: str = LIST_ABOVE_SCALE
    #: Only the enterprises of one county (its 6-digit 行政区划代码): a city's figures cut by county.
    county: str | None = None


def in_county(county: str) -> Any:
    """An enterprise in a county (GB/T 2260 code, 6 digits): its region code names the county, or,
    without one, its credit code was issued there (characters 3–8 of GB 32100)."""
    no_region = or_(Enterprise.region_code.is_(None), Enterprise.region_code == "")
    return or_(func.substr(Enterprise.region_code, 1, 6) == county,
               and_(no_region, func.substr(Enterprise.credit_code, 3, 6) == county))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


_FIELDS = ("raised", "received", "assigned", "solved", "closed", "overdue", "deferred", "in_progress", "listed",
           "solved_on_time", "solved_with_deadline", "extended", "evaluated", "satisfied", "revisited")


@dataclass(frozen=True)
class ProblemFigures:
    #: Problems open at any time in the period (收集问题).
    raised: int = 0
    #: Of them, received in the period (新收集).
    received: int = 0
    #: Handed over to a lead unit (交办).
    assigned: int = 0
    solved: int = 0
    closed: int = 0
    overdue: int = 0
    deferred: int = 0
    in_progress: int = 0
    listed: int = 0
    solved_on_time: int = 0
    #: Solved problems that had a 办结 deadline (the denominator of 按期办结率).
    solved_with_deadline: int = 0
    #: With an approved extension (counted apart; 按期 is judged on the original deadline).
    extended: int = 0
    evaluated: int = 0
    satisfied: int = 0
    #: Solved problems with the company's evaluation on record (the numerator of 回访率).
    revisited: int = 0

    @property
    def resolve_rate(self) -> float | None:
        """问题化解率: solved (已办结 + 已销号) over collected; 暂不具备条件 is never solved."""
        return _rate(self.solved, self.raised)

    @property
    def solve_rate(self) -> float | None:
        """办结率: solved over handed over (交办)."""
        return _rate(self.solved, self.assigned)

    @property
    def close_rate(self) -> float | None:
        """销号率: closed over collected."""
        return _rate(self.closed, self.raised)

    @property
    def on_time_rate(self) -> float | None:
        """按期办结率: solved by the original deadline over solved with a deadline."""
        return _rate(self.solved_on_time, self.solved_with_deadline)

    @property
    def revisit_rate(self) -> float | None:
        """回访率: solved problems the company evaluated over solved."""
        return _rate(self.revisited, self.solved)

    @property
    def satisfaction_rate(self) -> float | None:
        """企业满意率: (非常满意 + 满意 + 基本满意) over evaluated."""
        return _rate(self.satisfied, self.evaluated)

    @property
    def all_done_well(self) -> bool:
        """Every problem solved, on time, and the company satisfied (a unit to commend)."""
        return (self.raised > 0 and self.solved == self.raised and self.solved_on_time == self.solved
                and self.solved_with_deadline == self.solved and self.satisfied == self.raised)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {name: getattr(self, name) for name in _FIELDS}
        d.update(resolve_rate=self.resolve_rate, solve_rate=self.solve_rate, close_rate=self.close_rate,
                 on_time_rate=self.on_time_rate, revisit_rate=self.revisit_rate,
                 satisfaction_rate=self.satisfaction_rate)
        return d


@dataclass(frozen=True)
class GroupRow:
    key: str
    problems: ProblemFigures
    #: Only for the groupings with enterprises: enterprises on the list (or assigned) / visited.
    assigned: int | None = None
    covered: int | None = None
    visits: int | None = None
    #: 督办 issued in the period to this unit (the unit table only).
    supervisions: int | None = None

    @property
    def coverage_rate(self) -> float | None:
        return _rate(self.covered or 0, self.assigned or 0) if self.assigned is not None else None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, **self.problems.as_dict()}
        if self.assigned is not None:
            d.update(assigned=self.assigned, covered=self.covered, coverage_rate=self.coverage_rate,
                     visits=self.visits)
        if self.supervisions is not None:
            d["supervisions"] = self.supervisions
        return d


@dataclass(frozen=True)
class Coverage:
    #: The list measured against (规上企业, 四上企业, 包联企业 or a tag).
    list_name: str
    listed: int
    covered: int

    @property
    def rate(self) -> float | None:
        """覆盖率: enterprises of the list visited at least once in the period."""
        return _rate(self.covered, self.listed)

    # The names the window used before coverage had a list.
    @property
    def assigned(self) -> int:
        return self.listed


@dataclass(frozen=True)
class NeverVisited:
    enterprise_id: str
    name: str
    region_name: str
    cadres: str
    leader: str = ""
    chief: str = ""


@dataclass(frozen=True)
class StageAverage:
    stage: Stage
    count: int
    #: Average working days the stage took (None when none finished it).
    average: float | None


@dataclass(frozen=True)
class StatsReport:
    query: StatsQuery
    as_of: date
    coverage: Coverage
    visits: int
    totals: ProblemFigures
    by_region: list[GroupRow] = field(default_factory=list)
    by_unit: list[GroupRow] = field(default_factory=list)
    by_category: list[GroupRow] = field(default_factory=list)
    by_cadre: list[GroupRow] = field(default_factory=list)
    by_leader: list[GroupRow] = field(default_factory=list)
    #: 上级交办 and 自查 (走访发现, 企业自报, 12345热线) counted apart.
    by_origin: list[GroupRow] = field(default_factory=list)
    #: Every problem late today under the filters (not only the period's), and by stage.
    overdue_now: int = 0
    overdue_by_stage: dict[str, int] = field(default_factory=dict)
    stage_days: list[StageAverage] = field(default_factory=list)
    supervisions: int = 0
    #: The enterprises assigned to cadres (coverage used to be measured against them).
    assigned_coverage: Coverage | None = None

    def as_dict(self) -> dict[str, Any]:
        q = self.query
        return {
            "period": {"from": q.date_from.isoformat() if q.date_from else None,
                       "to": q.date_to.isoformat() if q.date_to else None,
                       "basis": "问题在统计期内任一天处于未办结状态（收到日期不晚于期末、"
                                 "办结日期不早于期初或尚未办结）"},
            "filters": {"region": q.region, "county": q.county, "unit": q.unit, "category": q.category,
                        "cadre_id": q.cadre_id, "leader_id": q.leader_id},
            "as_of": self.as_of.isoformat(),
            "coverage": {"list": self.coverage.list_name, "listed": self.coverage.listed,
                         "covered": self.coverage.covered, "rate": self.coverage.rate},
            "assigned_coverage": None if self.assigned_coverage is None else {
                "assigned": self.assigned_coverage.listed, "covered": self.assigned_coverage.covered,
                "rate": self.assigned_coverage.rate},
            "visits": self.visits,
            "problems": self.totals.as_dict(),
            "overdue_now": {"total": self.overdue_now, "by_stage": self.overdue_by_stage},
            "supervisions": self.supervisions,
            "average_working_days": {a.stage.value: {"count": a.count, "average": a.average}
                                     for a in self.stage_days},
            "by_origin": [r.as_dict() for r in self.by_origin],
            "by_region": [r.as_dict() for r in self.by_region],
            "by_unit": [r.as_dict() for r in self.by_unit],
            "by_category": [r.as_dict() for r in self.by_category],
            "by_cadre": [r.as_dict() for r in self.by_cadre],
            "by_leader": [r.as_dict() for r in self.by_leader],
        }


_SOLVED = [s.value for s in SOLVED_STATUSES]
_SATISFIED = [e.value for e in SATISFIED_EVALUATIONS]
_N_FIGURES = len(_FIELDS)


def _add(into: Sums, row: Any) -> None:
    for i in range(_N_FIGURES):
        into[i] += row[i] or 0


#: An enterprise's figures packed into one Python int, 64 bits a figure (counts, never negative or
#: NULL, and far below 2**64 even summed over a province): the figures of a cadre's or a region's
#: enterprises are then one sum() of ints, run in C, instead of building and summing 15 columns
#: (45 against 20 ms for the cadre and 包联领导 tables at --scale 50).
_PACKED = struct.Struct(f"<{_N_FIGURES}Q")


def _pack(figures: tuple[Any, ...]) -> int:
    return int.from_bytes(_PACKED.pack(*figures), "little")


def _unpack(packed: int) -> Sums:
    return list(_PACKED.unpack(packed.to_bytes(_PACKED.size, "little")))


def _tuples(s: Session, stmt: Any) -> Sequence[Any]:
    """The rows of a big read as the driver's own tuples: a SQLAlchemy Row costs about 2 µs more
    a row to unpack (18,000 assignments: 54 against 16 ms), and the reads here need none of its
    type processing (IDs, names, counts; dates are compared as stored, see _stage_days)."""
    result = s.connection().execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _deleted_enterprises() -> Any:
    return select(Enterprise.id).where(Enterprise.deleted_at.is_not(None))


def _gone(s: Session) -> bool:
    """Some enterprise is deleted: only then do the reads filter out its problems and visits (the
    `NOT IN` costs every row of every pass a lookup, and a county rarely deletes an enterprise)."""
    return s.connection().execute(_deleted_enterprises().limit(1)).first() is not None


def _day(value: Any) -> date:
    """A date as a database returned it: a date, or SQLite's ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _figures(sums: Sums) -> ProblemFigures:
    return ProblemFigures(*(int(v) for v in sums))


def _zero() -> Sums:
    return [0] * _N_FIGURES


def origin_of(source: str) -> str:
    return source if source == ProblemSource.ASSIGNED_FROM_ABOVE.value else SELF_FOUND


@dataclass
class _Basis:
    """The small sets the in-memory joins need, read once per report."""

    region_of: dict[str, str]  # live enterprise → region (after the region and leader filters)
    assignments: list[tuple[str, str, str, str]]  # (cadre id, name, enterprise id, role), active in the period
    visited: set[str]  # enterprises visited in the period
    listed: set[str]  # enterprises on the coverage list
    visits: int  # visits in the period (under the region, county and leader filters)

    @property
    def assigned(self) -> set[str]:
        return {e for _, _, e, _ in self.assignments if e in self.region_of}


class StatsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        #: Read the all-time figures from the running sums (False: count every problem, as a check does).
        self.use_sums = True

    def report(self, q: StatsQuery = StatsQuery(), *, groups: bool = True) -> StatsReport:
        """Key figures, and (with `groups`) the tables by region, unit, category, cadre and 包联领导."""
        today = self._clock.today()
        summed = self.use_sums and _from_sums(q) and self._sums_current()
        with self._db.reading() as s:
            # Checked again in this reading's own snapshot: another desk may have changed the calendar since.
            summed = summed and figure_sums.built_from(s.connection()) == _stamp(s)
            gone = _gone(s)
            basis = self._basis(s, q, gone)
            coverage = Coverage(q.coverage_list, len(basis.listed), len(basis.listed & basis.visited))
            assigned = basis.assigned
            assigned_coverage = Coverage(LIST_ASSIGNED, len(assigned), len(assigned & basis.visited))
            visits_by_cadre, visits = self._visit_counts(s, q, gone, basis)
            plan = _Summed.plan(s, q) if summed and not gone else False
            sums = _Summed(s, today, q, plan) if plan is not False else None
            if sums is not None:
                by_unit, by_category, by_origin, totals = sums.grouped()
                overdue_now, by_stage = sums.overdue_now()
                stage_days = sums.stage_days() or self._stage_days(s, q, gone)
            else:
                by_unit, by_category, by_origin, totals = self._grouped(s, q, gone, today)
                overdue_now, by_stage = self._overdue_now(s, q, gone, today)
                stage_days = self._stage_days(s, q, gone)
            supervisions = self._supervisions(s, q, gone)
            by_unit = [GroupRow(r.key, r.problems, supervisions=supervisions.get(r.key, 0)) for r in by_unit]
            common = dict(by_origin=by_origin, overdue_now=overdue_now, overdue_by_stage=by_stage,
                          stage_days=stage_days, supervisions=sum(supervisions.values()),
                          assigned_coverage=assigned_coverage)
            if not groups:
                return StatsReport(q, today, coverage, visits, totals, by_unit=by_unit,
                                   **common)  # type: ignore[arg-type]
            per_enterprise = sums.per_enterprise() if sums is not None else self._per_enterprise(s, q, gone, today)
        by_region = self._by_region(basis, per_enterprise)
        by_cadre, by_leader = self._by_cadres(basis, per_enterprise, visits_by_cadre)
        return StatsReport(q, today, coverage, visits, totals, by_region, by_unit, by_category, by_cadre,
                           by_leader, **common)  # type: ignore[arg-type]

    def recount(self) -> None:
        """Sum every live problem's figures again (`zhuqi stats --recount`, when `zhuqi check` found the
        running sums disagreeing with the problems)."""
        with self._db.session(via="统计") as w:
            _rebuild(w)

    def _sums_current(self) -> bool:
        """Whether the running sums (db.figure_sums) count as this program and the calendar count now,
        rebuilt first if not; False if they cannot be (a database that cannot be written to now)."""
        with self._db.reading() as s:
            if figure_sums.built_from(s.connection()) == _stamp(s):
                return True
        try:
            with self._db.session(via="统计") as w:
                if figure_sums.built_from(w.connection()) != _stamp(w):
                    _rebuild(w)
        except (SQLDatabaseError, DatabaseBusyError, StorageError):
            # Read-only, busy with a long import, or full: this report counts the problems themselves.
            return False
        return True

    def unit_ranking(self, q: StatsQuery = StatsQuery()) -> list[GroupRow]:
        """Units ranked by the composite of app.ranking (化解率, 按期办结率, 满意率) — never by visits.
        Units with fewer problems than the ranking's minimum come last (see app.ranking.rank)."""
        ranked = rank(self.report(q, groups=False).by_unit)
        return [r.row for r in ranked.ranked] + [r.row for r in ranked.apart]

    def leaders(self) -> list[tuple[str, str]]:
        """(cadre id, name) of every cadre who is 包联领导 of some enterprise."""
        with self._db.reading() as s:
            q = (select(Cadre.id, Cadre.name).join(Assignment, Assignment.cadre_id == Cadre.id)
                 .where(Assignment.role == AssignmentRole.LEADER.value, Assignment.deleted_at.is_(None),
                        Cadre.deleted_at.is_(None)).distinct().order_by(Cadre.name))
            return [(cid, name) for cid, name in s.execute(q)]

    def coverage_lists(self) -> list[str]:
        """The lists coverage can be measured against: the fixed ones, then every tag in use."""
        with self._db.reading() as s:
            tags = list(s.scalars(select(EnterpriseTag.tag).distinct().order_by(EnterpriseTag.tag)))
        return [*FIXED_LISTS, *tags]

    def never_visited(self, q: StatsQuery = StatsQuery(), *, limit: int | None = None) -> list[NeverVisited]:
        """Enterprises of the coverage list with no visit in the period, with their 包联领导 and
        首席服务员 (and every cadre assigned)."""
        with self._db.reading() as s:
            basis = self._basis(s, q, _gone(s))
            missing = basis.listed - basis.visited
            names = dict(s.execute(select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(missing))).all()) \
                if len(missing) <= 900 else dict(s.execute(select(Enterprise.id, Enterprise.name)).all())
        cadres: dict[str, list[str]] = {}
        leader: dict[str, list[str]] = {}
        chief: dict[str, list[str]] = {}
        for _, cadre_name, eid, role in sorted(basis.assignments, key=lambda a: a[1]):
            if eid in missing:
                cadres.setdefault(eid, []).append(cadre_name)
                if role == AssignmentRole.LEADER.value:
                    leader.setdefault(eid, []).append(cadre_name)
                elif role == AssignmentRole.CHIEF_SERVER.value:
                    chief.setdefault(eid, []).append(cadre_name)

        def names_of(d: dict[str, list[str]], eid: str) -> str:
            return "、".join(dict.fromkeys(d.get(eid, [])))

        rows = sorted(
            (NeverVisited(eid, names[eid], basis.region_of[eid], names_of(cadres, eid), names_of(leader, eid),
                          names_of(chief, eid)) for eid in missing),
            key=lambda n: (n.region_name, n.name),
        )
        return rows[:limit] if limit is not None else rows

    # ---- reads -------------------------------------------------------------
    def _basis(self, s: Session, q: StatsQuery, gone: bool) -> _Basis:
        ent = select(Enterprise.id, Enterprise.region_name, Enterprise.above_scale, Enterprise.four_above) \
            .where(Enterprise.deleted_at.is_(None))
        if q.region:
            ent = ent.where(Enterprise.region_name == q.region)
        if q.county:
            ent = ent.where(in_county(q.county))
        if q.leader_id:
            ent = ent.where(Enterprise.id.in_(self._led_by(q)))
        # Core rows (the session's connection): these reads return tens of thousands of rows, and the
        # ORM's row handling cost more than SQLite's work.
        conn = s.connection()
        rows = _tuples(s, ent)
        region_of = {eid: region or "" for eid, region, _a, _f in rows}
        # The cadres' names apart (a thousand rows) rather than joined to each of 18,000 assignments:
        # half the cost of the read; the assignments still come in their table's order.
        cadre_name = dict(conn.execute(select(Cadre.id, Cadre.name).where(Cadre.deleted_at.is_(None))).all())
        asg = select(Assignment.cadre_id, Assignment.enterprise_id, Assignment.role).where(self._assignment_active(q))
        if q.cadre_id:
            asg = asg.where(Assignment.cadre_id == q.cadre_id)
        assignments = [(c, cadre_name[c], e, r) for c, e, r in _tuples(s, asg) if e in region_of and c in cadre_name]
        # Visits per enterprise: the enterprises visited and, summed, the visits in all (one read).
        # Through the covering index in enterprise order (SQLite took the date index and every wide
        # row of the period's visits: 38 against 9 ms for a half year at --scale 50).
        per_visited = _tuples(s, dialect.read_through(
            select(Visit.enterprise_id, func.count()).where(*self._visit_conditions(q, gone))
            .group_by(Visit.enterprise_id), Visit, "ix_visits_stats"))
        visited = {eid for eid, _n in per_visited}
        name = q.coverage_list
        if name == LIST_ABOVE_SCALE:
            listed = {eid for eid, _r, above, _f in rows if above}
        elif name == LIST_FOUR_ABOVE:
            listed = {eid for eid, _r, _a, four in rows if four}
        elif name == LIST_ASSIGNED:
            listed = {e for _, _, e, _ in assignments}
        else:
            tagged = set(s.scalars(select(EnterpriseTag.enterprise_id).where(EnterpriseTag.tag == name)))
            listed = tagged & set(region_of)
        if q.cadre_id:
            listed &= {e for _, _, e, _ in assignments}
        return _Basis(region_of, assignments, visited, listed, sum(n for _e, n in per_visited))

    def _led_by(self, q: StatsQuery) -> Any:
        return select(Assignment.enterprise_id).where(
            Assignment.cadre_id == q.leader_id, Assignment.role == AssignmentRole.LEADER.value,
            self._assignment_active(q))

    def _problem_conditions(self, q: StatsQuery, gone: bool) -> list[Any]:
        """Filters on problems alone (the period is applied apart, see _period); `gone`: some
        enterprise is deleted (see _gone)."""
        cond: list[Any] = [Problem.deleted_at.is_(None)]
        if gone:
            cond.append(Problem.enterprise_id.not_in(_deleted_enterprises()))
        if q.region:
            cond.append(Problem.enterprise_id.in_(select(Enterprise.id).where(Enterprise.region_name == q.region)))
        if q.county:
            cond.append(Problem.enterprise_id.in_(select(Enterprise.id).where(in_county(q.county))))
        if q.unit:
            cond.append(Problem.lead_unit == q.unit)
        if q.category:
            cond.append(Problem.category == q.category)
        if q.cadre_id:
            cond.append(Problem.enterprise_id.in_(
                select(Assignment.enterprise_id).where(Assignment.cadre_id == q.cadre_id,
                                                       self._assignment_active(q))))
        if q.leader_id:
            cond.append(Problem.enterprise_id.in_(self._led_by(q)))
        return cond

    def _period(self, q: StatsQuery) -> list[Any]:
        """Open at any time in the period: received by its end, not solved before its start."""
        period = []
        if q.date_to:
            period.append(Problem.received_date <= q.date_to)
        if q.date_from:
            period.append(or_(Problem.solved_date.is_(None), Problem.solved_date >= q.date_from))
        return period

    def _figure_columns(self, q: StatsQuery, today: date) -> list[Any]:
        """The figures of the problems a query's WHERE selected, the period's among them (every figure
        counts only problems open in the period: the period is in the WHERE, not in each count)."""

        def count_if(*cond: Any) -> Any:
            # count(*) FILTER (WHERE …): a fifth less work per row than sum(CASE WHEN … THEN 1 ELSE 0 END).
            return func.count().filter(and_(*cond)) if cond else func.count()

        received = [Problem.received_date >= q.date_from] if q.date_from else []
        solved = Problem.status.in_(_SOLVED)
        return [
            count_if(),
            count_if(*received),
            count_if(Problem.assigned_date.is_not(None)),
            count_if(solved),
            count_if(Problem.status == ProblemStatus.CLOSED.value),
            count_if(overdue_condition(today)),
            count_if(Problem.status == ProblemStatus.DEFERRED.value),
            count_if(Problem.status == ProblemStatus.IN_PROGRESS.value),
            count_if(Problem.status == ProblemStatus.LISTED.value),
            count_if(solved, Problem.original_deadline.is_not(None), Problem.solved_date <= Problem.original_deadline),
            count_if(solved, Problem.original_deadline.is_not(None)),
            count_if(Problem.extended.is_(True)),
            count_if(Problem.evaluation.is_not(None)),
            count_if(Problem.evaluation.in_(_SATISFIED)),
            count_if(solved, Problem.evaluation.is_not(None)),
        ]

    def _grouped(self, s: Session, q: StatsQuery, gone: bool, today: date
                 ) -> tuple[list[GroupRow], list[GroupRow], list[GroupRow], ProblemFigures]:
        """One pass grouped by (unit, category, source); units, categories, origins and totals are sums."""
        stmt = (
            select(Problem.lead_unit, Problem.category, Problem.source, *self._figure_columns(q, today))
            .where(*self._problem_conditions(q, gone), *self._period(q))
            .group_by(Problem.lead_unit, Problem.category, Problem.source)
        )
        # A group with no problem open in the period is left out.
        return _by_groups((r[0] or "", r[1] or "", r[2], r[3:]) for r in s.connection().execute(stmt) if r[3])

    def _overdue_now(self, s: Session, q: StatsQuery, gone: bool, today: date) -> tuple[int, dict[str, int]]:
        stmt = (select(Problem.stage, func.count()).where(*self._problem_conditions(q, gone), overdue_condition(today))
                .group_by(Problem.stage))
        return _late_by_stage({stage or "": n for stage, n in s.execute(stmt)})

    def _supervisions(self, s: Session, q: StatsQuery, gone: bool) -> dict[str, int]:
        """督办 issued in the period, by the unit pressed."""
        cond: list[ColumnElement[bool]] = [Supervision.deleted_at.is_(None)]
        if q.date_from:
            cond.append(Supervision.issued_date >= q.date_from)
        if q.date_to:
            cond.append(Supervision.issued_date <= q.date_to)
        conn = s.connection()
        if not gone and not (q.region or q.county or q.unit or q.category or q.cadre_id or q.leader_id):
            # Of every live problem: all 督办 less those of the few deleted problems (their partial
            # index), instead of looking up each 督办's problem row (7,000 look-ups at --scale 50).
            by_unit = dict(conn.execute(select(Supervision.unit, func.count()).where(*cond)
                                        .group_by(Supervision.unit)).all())
            left_out = conn.execute(dialect.read_through(
                select(Supervision.unit, func.count()).where(*cond, Problem.deleted_at.is_not(None))
                .group_by(Supervision.unit), Problem, "ix_problems_deleted")
                .join(Supervision, Problem.id == Supervision.problem_id)).all()
            for unit, n in left_out:
                by_unit[unit] -= n
            return {unit or "": n for unit, n in by_unit.items() if n}
        # Joined from the few 督办 to their problems: `problem_id IN (every live problem)` built the
        # set of 100,000 IDs first (0.35 s of CPU at --scale 50).
        stmt = (select(Supervision.unit, func.count()).join(Problem, Problem.id == Supervision.problem_id)
                .where(*cond, *self._problem_conditions(q, gone)).group_by(Supervision.unit))
        return {unit or "": n for unit, n in s.execute(stmt)}

    def _stage_days(self, s: Session, q: StatsQuery, gone: bool) -> list[StageAverage]:
        """Average working days per stage, over the period's problems that finished the stage
        (grouped by date pairs in SQL, counted on the working-day calendar here)."""
        cal = load_calendar(s)
        solved = Problem.status.in_(_SOLVED)
        pairs: tuple[tuple[Stage, str, Any, Any, list[Any]], ...] = (
            (Stage.HANDOVER, "ix_problems_stage_handover", Problem.received_date, Problem.assigned_date, []),
            (Stage.FEEDBACK, "ix_problems_stage_feedback", Problem.assigned_date, Problem.feedback_date, []),
            (Stage.SOLVE, "ix_problems_stage_solve", Problem.assigned_date, Problem.solved_date, [solved]),
            (Stage.REVISIT, "ix_problems_stage_revisit", Problem.solved_date, Problem.evaluated_date, [solved]),
        )
        out = []
        base = [*self._problem_conditions(q, gone), *self._period(q)]
        for stage, index, start, end, extra in pairs:
            # Read through the stage's index, in the order of the pair: no sort of 100,000 rows
            # (SQLite's planner, without statistics, took a narrow index and the wide rows).
            # The dates as stored (ISO text on SQLite, which orders as the dates do): only the few
            # hundred distinct ones are made dates, not the thousands of pairs.
            stmt = dialect.read_through(
                select(type_coerce(start, String), type_coerce(end, String), func.count())
                .where(*base, *extra, start.is_not(None), end.is_not(None)).group_by(start, end), Problem, index)
            rows = [(a, b, count) for a, b, count in _tuples(s, stmt) if a is not None and b is not None]
            n = sum(count for _a, _b, count in rows)
            total = 0
            if rows:
                # Working days between two dates are a difference of their places after one day before
                # them all: counted once per date (a few hundred) instead of once per pair (thousands).
                origin = _day(min(a for a, _b, _c in rows)) - timedelta(days=1)
                place: dict[Any, int] = {}
                for a, b, count in rows:
                    if b > a:
                        pa = place.get(a)
                        if pa is None:
                            pa = place[a] = cal.between(origin, _day(a))
                        pb = place.get(b)
                        if pb is None:
                            pb = place[b] = cal.between(origin, _day(b))
                        total += (pb - pa) * count
            out.append(StageAverage(stage, n, round(total / n, 1) if n else None))
        return out

    def _per_enterprise(self, s: Session, q: StatsQuery, gone: bool, today: date) -> dict[str, int]:
        """Enterprise id → its figures (packed, see _pack), for enterprises with problems open in the period."""
        stmt = (
            select(Problem.enterprise_id, *self._figure_columns(q, today))
            .where(*self._problem_conditions(q, gone), *self._period(q))
            .group_by(Problem.enterprise_id)
        )
        return {row[0]: _pack(row[1:]) for row in _tuples(s, stmt) if row[1]}

    def _visit_counts(self, s: Session, q: StatsQuery, gone: bool, basis: _Basis) -> tuple[dict[str, int], int]:
        """Visits per cadre present, and visits in all (of the cadre's, if filtered by cadre)."""
        conn = s.connection()
        counted = and_(*self._visit_conditions(q, gone))
        per_cadre: dict[str, int]
        if basis.visits * 2 > (conn.scalar(select(func.count()).select_from(Visit)) or 0):
            # Most visits count: every cadre's visits less those of the visits that do not count.
            # `visit_id IN (the visits counted)` looked up each of them (60 ms at --scale 50 all
            # time); the cadres' totals come from their index, and the visits left out are few.
            every = select(VisitCadre.cadre_id, func.count()).group_by(VisitCadre.cadre_id)
            per_cadre = dict(conn.execute(every).all())
            left_out = conn.execute(
                select(VisitCadre.cadre_id, func.count())
                .where(VisitCadre.visit_id.in_(select(Visit.id).where(not_(counted))))
                .group_by(VisitCadre.cadre_id)).all()
            for cid, n in left_out:
                per_cadre[cid] -= n
            per_cadre = {cid: n for cid, n in per_cadre.items() if n}
        else:
            per_cadre = dict(conn.execute(
                select(VisitCadre.cadre_id, func.count())
                .where(VisitCadre.visit_id.in_(select(Visit.id).where(counted)))
                .group_by(VisitCadre.cadre_id)).all())
        if q.cadre_id:
            return per_cadre, per_cadre.get(q.cadre_id, 0)
        return per_cadre, basis.visits

    def _assignment_active(self, q: StatsQuery) -> Any:
        cond: list[ColumnElement[bool]] = [Assignment.deleted_at.is_(None)]
        if q.date_to:
            cond.append(Assignment.start_date <= q.date_to)
        if q.date_from:
            cond.append(or_(Assignment.end_date.is_(None), Assignment.end_date >= q.date_from))
        return and_(*cond)

    def _visit_conditions(self, q: StatsQuery, gone: bool) -> list[Any]:
        cond: list[Any] = [Visit.deleted_at.is_(None)]
        if gone:
            cond.append(Visit.enterprise_id.not_in(_deleted_enterprises()))
        if q.date_from:
            cond.append(Visit.visit_date >= q.date_from)
        if q.date_to:
            cond.append(Visit.visit_date <= q.date_to)
        if q.region:
            cond.append(Visit.enterprise_id.in_(select(Enterprise.id).where(Enterprise.region_name == q.region)))
        if q.county:
            cond.append(Visit.enterprise_id.in_(select(Enterprise.id).where(in_county(q.county))))
        if q.leader_id:
            cond.append(Visit.enterprise_id.in_(self._led_by(q)))
        return cond

    # ---- in-memory joins of small aggregates -------------------------------
    def _by_region(self, basis: _Basis, per_enterprise: dict[str, int]) -> list[GroupRow]:
        figures: dict[str, int] = {}
        for eid, packed in per_enterprise.items():
            region = basis.region_of.get(eid)
            if region is not None:
                figures[region] = figures.get(region, 0) + packed
        listed: dict[str, set[str]] = {}
        for eid in basis.listed:
            listed.setdefault(basis.region_of[eid], set()).add(eid)
        return [
            GroupRow(k, _figures(_unpack(figures.get(k, 0))), len(listed.get(k, ())),
                     len(listed.get(k, set()) & basis.visited), None)
            for k in sorted(set(figures) | set(listed))
        ]

    def _by_cadres(self, basis: _Basis, per_enterprise: dict[str, int],
                   visits: dict[str, int]) -> tuple[list[GroupRow], list[GroupRow]]:
        """The cadre table and the 包联领导 table, from one pass over the assignments (180,000 in a city)."""
        every: dict[str, set[str]] = {}
        led: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        leader = AssignmentRole.LEADER.value  # once, not an enum lookup per assignment
        for cid, name, eid, role in basis.assignments:
            # A second assignment period to the same enterprise counts once (a set).
            ents = every.get(cid)
            if ents is None:
                ents = every[cid] = set()
                names[cid] = name
            ents.add(eid)
            if role == leader:
                led.setdefault(cid, set()).add(eid)
        figures_of = per_enterprise.get
        visited = basis.visited

        def table(groups: dict[str, set[str]]) -> list[GroupRow]:
            # By name, two cadres of one name by their ID: the same order on every backend and read order.
            return [
                GroupRow(names[cid], _figures(_unpack(sum(map(figures_of, ents, repeat(0))))), len(ents),
                         len(ents & visited), visits.get(cid, 0))
                for cid, ents in sorted(groups.items(), key=lambda g: (names[g[0]], g[0]))
            ]

        return table(every), table(led)

#: What the running sums count, in the values the problems table stores.
FIGURES = figure_sums.FigureSpec(
    solved=tuple(_SOLVED), closed=ProblemStatus.CLOSED.value, deferred=ProblemStatus.DEFERRED.value,
    in_progress=ProblemStatus.IN_PROGRESS.value, listed=ProblemStatus.LISTED.value, satisfied=tuple(_SATISFIED))


def _stamp(s: Session) -> str:
    """What the running sums must have been built from: this program's counting and the calendar."""
    conn = s.connection()
    return f"{figure_sums.definition(FIGURES, conn.dialect.name == 'postgresql')}:{load_calendar(s).digest}"


def _rebuild(w: Session) -> None:
    """The running sums counted again from the problems, in `w`'s write transaction."""
    figure_sums.rebuild(w.connection(), FIGURES,
                        load_calendar(w).numbered(figure_sums.FIRST_DAY, figure_sums.LAST_DAY), _stamp(w))


def _from_sums(q: StatsQuery) -> bool:
    """The running sums are of every live problem by received and solved year: a report of all
    live problems, for all time or a period (not cut by region, unit, category, cadre or leader)."""
    if q.date_from and q.date_to and q.date_from > q.date_to:
        return False
    return not (q.region or q.county or q.unit or q.category or q.cadre_id or q.leader_id)


_N_SUMMED = len(figure_sums.FIGURE_COLUMNS)
_N_COLUMNS = len(figure_sums.COLUMNS)
_STAGE_ORDER = (Stage.HANDOVER, Stage.FEEDBACK, Stage.SOLVE, Stage.REVISIT)
_GroupKey = tuple[str, str, str]


def _summed(column: str, postgres: bool) -> str:
    # PostgreSQL sums BIGINTs as NUMERIC (Python's Decimal); the figures are counts. SQLite sums
    # integers as integers (the cast cost a fifth of the per-enterprise read).
    return f"CAST(sum({column}) AS BIGINT)" if postgres else f"sum({column})"


class _Summed:
    """The report's problem figures from the running sums, with what depends on the day (overdue
    now) read from the problems late today: the same figures as the passes over every problem
    (tests/test_figure_sums.py compares them). A period is read as db.figure_periods plans it: the
    year rows it touches, corrected by the few problems at its edges."""

    def __init__(self, s: Session, today: date, q: StatsQuery, plan: figure_periods.PeriodPlan | None) -> None:
        self._s = s
        self._plan = plan
        first, last = q.date_from, q.date_to
        # The dates only for a period: all time reads ix_problems_overdue alone (they are in it since 27u).
        dates = (Problem.received_date, Problem.solved_date) if plan else (null(), null())
        late = _tuples(s, select(Problem.enterprise_id, Problem.lead_unit, Problem.category, Problem.source,
                                 Problem.stage, *dates).where(Problem.deleted_at.is_(None), overdue_condition(today)))
        self.late_by_enterprise: dict[str, int] = {}
        self.late_by_group: dict[_GroupKey, int] = {}
        self.late_by_stage: dict[str, int] = {}
        # The period's days as the rows give dates (SQLite: ISO text, which orders as the dates do).
        as_text = bool(late) and isinstance(late[0][5], str)
        after = (last.isoformat() if as_text else last) if last else None
        before = (first.isoformat() if as_text else first) if first else None
        for eid, unit, category, source, stage, received, solved in late:
            self.late_by_stage[stage or ""] = self.late_by_stage.get(stage or "", 0) + 1  # of no period
            if (after is not None and received > after) or (before is not None and solved is not None
                                                            and solved < before):
                continue
            self.late_by_enterprise[eid] = self.late_by_enterprise.get(eid, 0) + 1
            key = (unit or "", category or "", source or "")
            self.late_by_group[key] = self.late_by_group.get(key, 0) + 1
        self._postgres = s.connection().dialect.name == "postgresql"
        columns = ", ".join(_summed(c, self._postgres) for c in figure_sums.COLUMNS)
        edges = plan.edges if plan else []
        self._groups = _adjusted(
            self._read(f"SELECT lead_unit, category, source, {columns}, {self._new_column()} "
                       f"FROM {figure_sums.UNIT_SUMS} WHERE {self._rows()} GROUP BY lead_unit, category, source"),
            3, (((e[1], e[2], e[3]), (*e[4:4 + _N_COLUMNS], e[-1])) for e in edges))

    @staticmethod
    def plan(s: Session, q: StatsQuery) -> figure_periods.PeriodPlan | None | Literal[False]:
        """How a period is read from the sums (None: all time), or False when its edges hold so many
        problems that counting the problems themselves is quicker (an edge problem costs about ten
        times a problem counted in one pass)."""
        if not (q.date_from or q.date_to):
            return None
        conn = s.connection()
        plan = figure_periods.plan(conn, q.date_from, q.date_to)
        live = conn.execute(text(f"SELECT sum(n) FROM {figure_sums.UNIT_SUMS}")).scalar() or 0
        if plan.edge_problems * 10 > live:
            return False
        figure_periods.read_edges(conn, FIGURES, plan)
        return plan

    def _rows(self) -> str:
        return self._plan.rows if self._plan else "1 = 1"

    def _new_column(self) -> str:
        return _summed(f"CASE WHEN {self._plan.new_rows} THEN n ELSE 0 END" if self._plan else "n", self._postgres)

    def _read(self, sql: str) -> Sequence[Any]:
        """A read of the year rows, with those of the period's parameters it names."""
        conn = self._s.connection()
        used = figure_sums.named(sql, self._plan.params) if self._plan else {}
        return _tuples(self._s, text(sql).bindparams(**figure_sums.bound_days(conn, used)))

    @staticmethod
    def _figures(summed: Sequence[Any], new: int, late: int) -> tuple[Any, ...]:
        # The order of _figure_columns: new problems second, overdue between closed and deferred.
        return (summed[0], new, summed[1], summed[2], summed[3], late, *summed[4:_N_SUMMED])

    def grouped(self) -> tuple[list[GroupRow], list[GroupRow], list[GroupRow], ProblemFigures]:
        late = self.late_by_group
        return _by_groups((r[0], r[1], r[2], self._figures(r[3:], r[-1], late.get((r[0], r[1], r[2]), 0)))
                          for r in self._groups)

    def overdue_now(self) -> tuple[int, dict[str, int]]:
        return _late_by_stage(self.late_by_stage)

    def stage_days(self) -> list[StageAverage] | None:
        """None when some stage has a date outside the places (before 2000 or after 2099)."""
        stages = [sum(row[3 + _N_SUMMED + i] for row in self._groups) for i in range(len(figure_sums.STAGE_COLUMNS))]
        if stages[-1]:
            return None
        out = []
        for i, stage in enumerate(_STAGE_ORDER):
            n, total = stages[2 * i], stages[2 * i + 1]
            out.append(StageAverage(stage, n, round(total / n, 1) if n else None))
        return out

    def per_enterprise(self) -> dict[str, int]:
        figures = figure_sums.FIGURE_COLUMNS
        every = f"SELECT enterprise_id, {', '.join(figures)}, n FROM {figure_sums.ENTERPRISE_SUMS}"
        plan = self._plan
        if plan is None:  # all time: one row an enterprise
            rows = [r for r in _tuples(self._s, text(every)) if r[1]]
        else:
            # Summed in SQL (about 25 ms for 25,000 year rows at --scale 50): the all-time rows less
            # the year rows a period leaves out touched nearly every enterprise (its new problems) and
            # cost three times that in Python.
            sums = ", ".join(_summed(c, self._postgres) for c in figures)
            rows = _adjusted(self._read(f"SELECT enterprise_id, {sums}, {self._new_column()} FROM "
                                        f"{figure_sums.ENTERPRISE_YEAR_SUMS} WHERE {plan.rows} GROUP BY enterprise_id"),
                             1, [((e[0],), (*e[4:4 + _N_SUMMED], e[-1])) for e in plan.edges])
        late = self.late_by_enterprise
        return {row[0]: _pack(self._figures(row[1:], row[-1], late.get(row[0], 0))) for row in rows}


def _adjusted(rows: Sequence[Any], width: int,
              changes: Iterable[tuple[tuple[Any, ...], Sequence[Any]]]) -> list[Any]:
    """Rows of (`width` keys, figures…, new) with each change (keys, amounts) added to its row (a
    row made for keys no row has); rows left with no problem are dropped."""
    added: dict[tuple[Any, ...], list[Any]] = {}
    for key, amounts in changes:
        into = added.get(key)
        if into is None:
            added[key] = list(amounts)
        else:
            for i, v in enumerate(amounts):
                into[i] += v
    if not added:
        return [r for r in rows if r[width]]
    out = []
    for r in rows:
        change = added.pop(tuple(r[:width]), None)
        if change is not None:
            r = (*r[:width], *(a + b for a, b in zip(r[width:], change, strict=True)))
        if r[width]:
            out.append(r)
    out.extend(row for key, change in added.items() if (row := (*key, *change))[width])
    return out


def _by_groups(groups: Iterable[tuple[str, str, str | None, Sequence[Any]]]
               ) -> tuple[list[GroupRow], list[GroupRow], list[GroupRow], ProblemFigures]:
    """(unit, category, source, figures) groups summed by unit, by category, by origin and in all."""
    units: dict[str, Sums] = {}
    categories: dict[str, Sums] = {}
    origins: dict[str, Sums] = {ProblemSource.ASSIGNED_FROM_ABOVE.value: _zero(), SELF_FOUND: _zero()}
    total = _zero()
    for unit, category, source, figures in groups:
        _add(units.setdefault(unit, _zero()), figures)
        _add(categories.setdefault(category, _zero()), figures)
        _add(origins[origin_of(source or "")], figures)
        _add(total, figures)
    return _rows(units), _rows(categories), [GroupRow(k, _figures(v)) for k, v in origins.items()], _figures(total)


def _late_by_stage(by_stage: dict[str, int]) -> tuple[int, dict[str, int]]:
    """Overdue in all, and by stage in the stages' order (stages with none left out)."""
    return sum(by_stage.values()), {st.value: by_stage[st.value] for st in Stage if by_stage.get(st.value)}


def _rows(groups: dict[str, Sums]) -> list[GroupRow]:
    return [GroupRow(k, _figures(v)) for k, v in sorted(groups.items())]
