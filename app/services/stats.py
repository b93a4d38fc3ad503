"""Statistics: one place for the figures the window and the reports show.

Problems are aggregated by SQL (over covering indexes, never row by row):
once by (unit, category) and once by enterprise; the region and cadre tables
are sums of the per-enterprise aggregates, joined in memory with the small
lists of assignments and visited enterprises. Problems are counted by the
period in which they were raised (received_date), so every rate is over the
same cohort; overdue is as of today. Units are judged by problems solved and the company's evaluation;
visits are counted but are never a ranking criterion."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from app.clock import Clock
from app.domain import SATISFIED_EVALUATIONS, SOLVED_STATUSES, ProblemStatus
from app.services.problems import overdue_condition
from db.database import Database
from db.dialect import days_between
from db.models import Assignment, Cadre, Enterprise, Problem, Visit, VisitCadre

#: Accumulated problem figures: the ProblemFigures fields in order, as a mutable list.
Sums = list[float]


@dataclass(frozen=True)
class StatsQuery:
    date_from: date | None = None
    date_to: date | None = None
    region: str | None = None
    unit: str | None = None
    category: str | None = None
    cadre_id: str | None = None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class ProblemFigures:
    raised: int = 0
    solved: int = 0
    closed: int = 0
    overdue: int = 0
    deferred: int = 0
    in_progress: int = 0
    listed: int = 0
    solved_on_time: int = 0
    evaluated: int = 0
    satisfied: int = 0
    #: Sum over solved problems of the days from receipt to solution.
    solve_days: float = 0.0

    @property
    def avg_days_to_solve(self) -> float | None:
        return round(self.solve_days / self.solved, 1) if self.solved else None

    @property
    def solve_rate(self) -> float | None:
        """办结率: solved (已办结 + 已销号) over raised; 暂不具备条件 is never solved."""
        return _rate(self.solved, self.raised)

    @property
    def close_rate(self) -> float | None:
        """销号率."""
        return _rate(self.closed, self.raised)

    @property
    def on_time_rate(self) -> float | None:
        """按期办结率: solved by the deadline over solved."""
        return _rate(self.solved_on_time, self.solved)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率: (非常满意 + 满意 + 基本满意) over evaluated."""
        return _rate(self.satisfied, self.evaluated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "raised": self.raised, "solved": self.solved, "closed": self.closed,
            "overdue": self.overdue, "deferred": self.deferred, "in_progress": self.in_progress,
            "listed": self.listed, "solved_on_time": self.solved_on_time,
            "evaluated": self.evaluated, "satisfied": self.satisfied,
            "solve_rate": self.solve_rate, "close_rate": self.close_rate,
            "on_time_rate": self.on_time_rate, "satisfaction_rate": self.satisfaction_rate,
            "avg_days_to_solve": self.avg_days_to_solve,
        }


@dataclass(frozen=True)
class GroupRow:
    key: str
    problems: ProblemFigures
    #: Only for the cadre and region groupings: enterprises assigned / visited.
    assigned: int | None = None
    covered: int | None = None
    visits: int | None = None

    @property
    def coverage_rate(self) -> float | None:
        return _rate(self.covered or 0, self.assigned or 0) if self.assigned is not None else None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, **self.problems.as_dict()}
        if self.assigned is not None:
            d.update(assigned=self.assigned, covered=self.covered, coverage_rate=self.coverage_rate,
                     visits=self.visits)
        return d


@dataclass(frozen=True)
class Coverage:
    assigned: int
    covered: int

    @property
    def rate(self) -> float | None:
        """覆盖率: assigned enterprises visited at least once in the period."""
        return _rate(self.covered, self.assigned)


@dataclass(frozen=True)
class NeverVisited:
    enterprise_id: str
    name: str
    region_name: str
    cadres: str


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

    def as_dict(self) -> dict[str, Any]:
        q = self.query
        return {
            "period": {"from": q.date_from.isoformat() if q.date_from else None,
                       "to": q.date_to.isoformat() if q.date_to else None},
            "filters": {"region": q.region, "unit": q.unit, "category": q.category, "cadre_id": q.cadre_id},
            "as_of": self.as_of.isoformat(),
            "coverage": {"assigned": self.coverage.assigned, "covered": self.coverage.covered,
                         "rate": self.coverage.rate},
            "visits": self.visits,
            "problems": self.totals.as_dict(),
            "by_region": [r.as_dict() for r in self.by_region],
            "by_unit": [r.as_dict() for r in self.by_unit],
            "by_category": [r.as_dict() for r in self.by_category],
            "by_cadre": [r.as_dict() for r in self.by_cadre],
        }


_SOLVED = [s.value for s in SOLVED_STATUSES]
_SATISFIED = [e.value for e in SATISFIED_EVALUATIONS]
_N_FIGURES = 11


def _add(into: Sums, row: Any) -> None:
    for i in range(_N_FIGURES):
        into[i] += row[i] or 0


def _sum(rows: list[tuple[Any, ...]]) -> Sums:
    """Column sums of many figure tuples (zip and sum run in C: fast for thousands of rows)."""
    return [sum(v or 0 for v in column) for column in zip(*rows)] if rows else _zero()


def _figures(sums: Sums) -> ProblemFigures:
    return ProblemFigures(*(int(v) for v in sums[:10]), solve_days=float(sums[10]))


def _zero() -> Sums:
    return [0] * _N_FIGURES


@dataclass
class _Basis:
    """The small sets the in-memory joins need, read once per report."""

    region_of: dict[str, str]  # live enterprise → region (after the region filter)
    assignments: list[tuple[str, str, str]]  # (cadre id, cadre name, enterprise id), active in the period
    visited: set[str]  # enterprises visited in the period

    @property
    def assigned(self) -> set[str]:
        return {e for _, _, e in self.assignments if e in self.region_of}


class StatsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def report(self, q: StatsQuery = StatsQuery(), *, groups: bool = True) -> StatsReport:
        """Key figures, and (with `groups`) the tables by region, unit, category and cadre."""
        today = self._clock.today()
        with self._db.reading() as s:
            basis = self._basis(s, q)
            assigned = basis.assigned
            coverage = Coverage(len(assigned), len(assigned & basis.visited))
            visits_by_cadre, visits = self._visit_counts(s, q)
            by_unit, by_category, totals = self._by_unit_and_category(s, q, today)
            if not groups:
                return StatsReport(q, today, coverage, visits, totals)
            per_enterprise = self._per_enterprise(s, q, today)
        by_region = self._by_region(basis, per_enterprise)
        by_cadre = self._by_cadre(basis, per_enterprise, visits_by_cadre)
        return StatsReport(q, today, coverage, visits, totals, by_region, by_unit, by_category, by_cadre)

    def unit_ranking(self, q: StatsQuery = StatsQuery()) -> list[GroupRow]:
        """Units ranked by problems solved, then satisfaction — never by visits."""
        rows = self.report(q, groups=True).by_unit
        return sorted(
            (r for r in rows if r.key),
            key=lambda r: (-r.problems.solved, -(r.problems.satisfaction_rate or 0), r.key),
        )

    def never_visited(self, q: StatsQuery = StatsQuery(), *, limit: int | None = None) -> list[NeverVisited]:
        """Assigned enterprises with no visit in the period (who was never visited)."""
        with self._db.reading() as s:
            basis = self._basis(s, q)
            missing = basis.assigned - basis.visited
            names = dict(s.execute(select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(missing))).all()) \
                if len(missing) <= 900 else dict(s.execute(select(Enterprise.id, Enterprise.name)).all())
        cadres: dict[str, list[str]] = {}
        for _, cadre_name, eid in sorted(basis.assignments, key=lambda a: a[1]):
            if eid in missing:
                cadres.setdefault(eid, []).append(cadre_name)
        rows = sorted(
            (NeverVisited(eid, names[eid], basis.region_of[eid], "、".join(dict.fromkeys(cadres[eid])))
             for eid in missing),
            key=lambda n: (n.region_name, n.name),
        )
        return rows[:limit] if limit is not None else rows

    # ---- reads -------------------------------------------------------------
    def _basis(self, s: Session, q: StatsQuery) -> _Basis:
        ent = select(Enterprise.id, Enterprise.region_name).where(Enterprise.deleted_at.is_(None))
        if q.region:
            ent = ent.where(Enterprise.region_name == q.region)
        region_of = {eid: region or "" for eid, region in s.execute(ent)}
        asg = (
            select(Cadre.id, Cadre.name, Assignment.enterprise_id)
            .join(Cadre, Cadre.id == Assignment.cadre_id)
            .where(self._assignment_active(q), Cadre.deleted_at.is_(None))
        )
        if q.cadre_id:
            asg = asg.where(Assignment.cadre_id == q.cadre_id)
        assignments = [(c, n, e) for c, n, e in s.execute(asg) if e in region_of]
        visited = set(s.scalars(select(Visit.enterprise_id).where(*self._visit_conditions(q)).distinct()))
        return _Basis(region_of, assignments, visited)

    def _problem_conditions(self, q: StatsQuery) -> list[Any]:
        """Filters on problems alone, so that the covering indexes answer without a join.

        The period is not among them: it is applied inside each sum (see _figure_columns),
        so that the planner scans a covering index instead of fetching every row of the
        period through the received_date index."""
        deleted = select(Enterprise.id).where(Enterprise.deleted_at.is_not(None))
        cond: list[Any] = [Problem.deleted_at.is_(None), Problem.enterprise_id.not_in(deleted)]
        if q.region:
            cond.append(Problem.enterprise_id.in_(select(Enterprise.id).where(Enterprise.region_name == q.region)))
        if q.unit:
            cond.append(Problem.lead_unit == q.unit)
        if q.category:
            cond.append(Problem.category == q.category)
        if q.cadre_id:
            cond.append(Problem.enterprise_id.in_(
                select(Assignment.enterprise_id).where(Assignment.cadre_id == q.cadre_id,
                                                       self._assignment_active(q))))
        return cond

    def _figure_columns(self, q: StatsQuery, today: date) -> list[Any]:
        period = []
        if q.date_from:
            period.append(Problem.received_date >= q.date_from)
        if q.date_to:
            period.append(Problem.received_date <= q.date_to)

        def count_if(*cond: Any) -> Any:
            return func.sum(case((and_(*period, *cond), 1), else_=0))

        solved = Problem.status.in_(_SOLVED)
        return [
            count_if(true()),
            count_if(solved),
            count_if(Problem.status == ProblemStatus.CLOSED.value),
            count_if(overdue_condition(today)),
            count_if(Problem.status == ProblemStatus.DEFERRED.value),
            count_if(Problem.status == ProblemStatus.IN_PROGRESS.value),
            count_if(Problem.status == ProblemStatus.LISTED.value),
            count_if(solved, Problem.solved_date <= Problem.deadline),
            count_if(Problem.evaluation.is_not(None)),
            count_if(Problem.evaluation.in_(_SATISFIED)),
            func.sum(case((and_(*period, solved), days_between(Problem.received_date, Problem.solved_date)),
                          else_=0)),
        ]

    def _by_unit_and_category(
        self, s: Session, q: StatsQuery, today: date
    ) -> tuple[list[GroupRow], list[GroupRow], ProblemFigures]:
        """One pass grouped by (unit, category); units, categories and totals are sums of it."""
        stmt = (
            select(Problem.lead_unit, Problem.category, *self._figure_columns(q, today))
            .where(*self._problem_conditions(q))
            .group_by(Problem.lead_unit, Problem.category)
        )
        units: dict[str, Sums] = {}
        categories: dict[str, Sums] = {}
        total = _zero()
        for row in s.execute(stmt):
            figures = row[2:]
            if not figures[0]:
                continue  # a group with no problem raised in the period
            _add(units.setdefault(row[0] or "", _zero()), figures)
            _add(categories.setdefault(row[1] or "", _zero()), figures)
            _add(total, figures)
        return _rows(units), _rows(categories), _figures(total)

    def _per_enterprise(self, s: Session, q: StatsQuery, today: date) -> dict[str, tuple[Any, ...]]:
        """Enterprise id → its figures, for enterprises with problems raised in the period."""
        stmt = (
            select(Problem.enterprise_id, *self._figure_columns(q, today))
            .where(*self._problem_conditions(q))
            .group_by(Problem.enterprise_id)
        )
        out: dict[str, tuple[Any, ...]] = {}
        for row in s.execute(stmt):
            values = tuple(row)
            if values[1]:
                out[values[0]] = values[1:]
        return out

    def _visit_counts(self, s: Session, q: StatsQuery) -> tuple[dict[str, int], int]:
        """Visits per cadre present, and visits in all (of the cadre's, if filtered by cadre)."""
        per_cadre = dict(
            s.execute(
                select(VisitCadre.cadre_id, func.count())
                .where(VisitCadre.visit_id.in_(select(Visit.id).where(*self._visit_conditions(q))))
                .group_by(VisitCadre.cadre_id)
            ).all()
        )
        if q.cadre_id:
            return per_cadre, per_cadre.get(q.cadre_id, 0)
        total = s.scalar(select(func.count()).select_from(Visit).where(*self._visit_conditions(q))) or 0
        return per_cadre, total

    def _assignment_active(self, q: StatsQuery) -> Any:
        cond = [Assignment.deleted_at.is_(None)]
        if q.date_to:
            cond.append(Assignment.start_date <= q.date_to)
        if q.date_from:
            cond.append(or_(Assignment.end_date.is_(None), Assignment.end_date >= q.date_from))
        return and_(*cond)

    def _visit_conditions(self, q: StatsQuery) -> list[Any]:
        deleted = select(Enterprise.id).where(Enterprise.deleted_at.is_not(None))
        cond: list[Any] = [Visit.deleted_at.is_(None), Visit.enterprise_id.not_in(deleted)]
        if q.date_from:
            cond.append(Visit.visit_date >= q.date_from)
        if q.date_to:
            cond.append(Visit.visit_date <= q.date_to)
        if q.region:
            cond.append(Visit.enterprise_id.in_(select(Enterprise.id).where(Enterprise.region_name == q.region)))
        return cond

    # ---- in-memory joins of small aggregates -------------------------------
    def _by_region(self, basis: _Basis, per_enterprise: dict[str, tuple[Any, ...]]) -> list[GroupRow]:
        figures: dict[str, list[tuple[Any, ...]]] = {}
        for eid, values in per_enterprise.items():
            region = basis.region_of.get(eid)
            if region is not None:
                figures.setdefault(region, []).append(values)
        assigned: dict[str, set[str]] = {}
        for eid in basis.assigned:
            assigned.setdefault(basis.region_of[eid], set()).add(eid)
        return [
            GroupRow(k, _figures(_sum(figures.get(k, []))), len(assigned.get(k, ())),
                     len(assigned.get(k, set()) & basis.visited), None)
            for k in sorted(set(figures) | set(assigned))
        ]

    def _by_cadre(self, basis: _Basis, per_enterprise: dict[str, tuple[Any, ...]],
                  visits: dict[str, int]) -> list[GroupRow]:
        enterprises: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for cid, name, eid in basis.assignments:
            # A second assignment period to the same enterprise counts once (a set).
            enterprises.setdefault(cid, set()).add(eid)
            names[cid] = name
        rows = [
            GroupRow(
                names[cid],
                _figures(_sum([per_enterprise[e] for e in ents if e in per_enterprise])),
                len(ents), len(ents & basis.visited), visits.get(cid, 0),
            )
            for cid, ents in enterprises.items()
        ]
        return sorted(rows, key=lambda r: r.key)


def _rows(groups: dict[str, Sums]) -> list[GroupRow]:
    return [GroupRow(k, _figures(v)) for k, v in sorted(groups.items())]
