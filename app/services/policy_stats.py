"""Policy figures (政策宣传与兑现): how far the policy library reached in a period, for `zhuqi stats`,
the 统计 page and the 通报.

- 宣讲 (explained): a policy ticked at a visit made in the period — counted once per visit and policy;
- 覆盖企业 (companies reached): the companies those visits were made to, each once;
- 申报 (applied): a company's claim whose 申报日期 falls in the period;
- 兑现 (granted): a claim whose 兑现日期 falls in the period, with the yuan granted.

By policy, by region (the company's 乡镇/街道) and by unit: a 宣讲 counts for the unit of each
cadre present at the visit (a unit once per visit); a claim counts for the units whose cadres
explained that policy to that company at any visit (those the company heard it from), or under
UNEXPLAINED when no visit explained it. The region, county, 包联领导 and unit filters of the
statistics apply; a unit filter keeps what that unit's cadres explained and the claims counted
for it. Deleted visits, policies and companies are not counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from app.domain import AssignmentRole
from app.services.stats import StatsQuery, in_county
from db.models import Assignment, Cadre, Enterprise, Policy, PolicyClaim, PolicyExplanation, Visit, VisitCadre

#: The unit a claim counts for when no visit explained the policy to the company.
UNEXPLAINED = "（未经走访宣讲）"
#: The unit of a cadre whose unit is not recorded.
NO_UNIT = "（未填单位）"


@dataclass(frozen=True)
class PolicyFigureRow:
    key: str
    #: Policies explained at visits in the period (once per visit and policy).
    explained: int = 0
    #: Companies those visits were made to.
    reached: int = 0
    #: Claims applied for (申报) in the period.
    applied: int = 0
    #: Claims granted (兑现) in the period, and the yuan granted.
    granted: int = 0
    amount: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "explained": self.explained, "reached": self.reached, "applied": self.applied,
                "granted": self.granted, "amount": self.amount}


@dataclass(frozen=True)
class PolicyFigures:
    query: StatsQuery
    totals: PolicyFigureRow
    #: Distinct policies explained in the period.
    policies_explained: int = 0
    by_policy: list[PolicyFigureRow] = field(default_factory=list)
    by_unit: list[PolicyFigureRow] = field(default_factory=list)
    by_region: list[PolicyFigureRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        t = self.totals
        return not (t.explained or t.applied or t.granted)

    def as_dict(self) -> dict[str, Any]:
        t = self.totals.as_dict()
        del t["key"]
        return {
            "basis": "宣讲按期内走访计（每次走访每项政策一次），覆盖企业为这些走访的企业；申报、兑现按申报日期、"
                     "兑现日期在期内计；单位为宣讲干部所在单位，申报、兑现计入向该企业宣讲过该政策的干部所在单位",
            **t, "policies_explained": self.policies_explained,
            "by_policy": [r.as_dict() for r in self.by_policy],
            "by_unit": [r.as_dict() for r in self.by_unit],
            "by_region": [r.as_dict() for r in self.by_region],
        }


def _in(day: date | None, q: StatsQuery) -> bool:
    return day is not None and (q.date_from is None or day >= q.date_from) and (q.date_to is None or day <= q.date_to)


class _Group:
    """Accumulates one row: explanations, reached companies, claims applied / granted and yuan."""

    def __init__(self) -> None:
        self.explained = 0
        self.reached: set[str] = set()
        self.applied = 0
        self.granted = 0
        self.amount = 0

    def row(self, key: str) -> PolicyFigureRow:
        return PolicyFigureRow(key, self.explained, len(self.reached), self.applied, self.granted, self.amount)


def _enterprises(s: Session, q: StatsQuery) -> dict[str, str]:
    """Live companies under the filters → their region."""
    ent = select(Enterprise.id, Enterprise.region_name).where(Enterprise.deleted_at.is_(None))
    if q.region:
        ent = ent.where(Enterprise.region_name == q.region)
    if q.county:
        ent = ent.where(in_county(q.county))
    if q.leader_id:
        active: list[ColumnElement[bool]] = [Assignment.deleted_at.is_(None)]
        if q.date_to:
            active.append(Assignment.start_date <= q.date_to)
        if q.date_from:
            active.append(or_(Assignment.end_date.is_(None), Assignment.end_date >= q.date_from))
        ent = ent.where(Enterprise.id.in_(select(Assignment.enterprise_id).where(
            Assignment.cadre_id == q.leader_id, Assignment.role == AssignmentRole.LEADER.value, and_(*active))))
    return {eid: region or "" for eid, region in s.execute(ent)}


def policy_figures(s: Session, q: StatsQuery) -> PolicyFigures:
    region_of = _enterprises(s, q)
    live_policy = Policy.deleted_at.is_(None)
    told = s.execute(
        select(PolicyExplanation.visit_id, PolicyExplanation.policy_id, PolicyExplanation.enterprise_id,
               Policy.title, Visit.visit_date)
        .join(Visit, Visit.id == PolicyExplanation.visit_id)
        .join(Policy, Policy.id == PolicyExplanation.policy_id)
        .where(PolicyExplanation.deleted_at.is_(None), Visit.deleted_at.is_(None), live_policy)).all()
    told = [t for t in told if t.enterprise_id in region_of]
    units: dict[str, set[str]] = {}
    for visit_id, unit in s.execute(select(VisitCadre.visit_id, Cadre.unit)
                                    .join(Cadre, Cadre.id == VisitCadre.cadre_id)
                                    .where(VisitCadre.visit_id.in_(select(PolicyExplanation.visit_id)))):
        units.setdefault(visit_id, set()).add(unit.strip() or NO_UNIT)
    # The units that explained a policy to a company, at any visit: the claims count for them.
    told_by: dict[tuple[str, str], set[str]] = {}
    for t in told:
        told_by.setdefault((t.enterprise_id, t.policy_id), set()).update(units.get(t.visit_id, {NO_UNIT}))
    claims = [c for c in s.execute(
        select(PolicyClaim.enterprise_id, PolicyClaim.policy_id, PolicyClaim.applied_date, PolicyClaim.granted_date,
               PolicyClaim.amount, Policy.title)
        .join(Policy, Policy.id == PolicyClaim.policy_id)
        .where(PolicyClaim.deleted_at.is_(None), live_policy)) if c.enterprise_id in region_of]

    total = _Group()
    # By policy ID (two policies may share a title), by unit, by region.
    by_policy: dict[str, _Group] = {}
    by_unit: dict[str, _Group] = {}
    by_region: dict[str, _Group] = {}
    groups = (by_policy, by_unit, by_region)
    titles: dict[str, str] = {}
    policies: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for t in told:
        if not _in(t.visit_date, q) or (t.visit_id, t.policy_id) in seen:
            continue
        visit_units = units.get(t.visit_id, {NO_UNIT})
        if q.unit and q.unit not in visit_units:
            continue
        seen.add((t.visit_id, t.policy_id))
        policies.add(t.policy_id)
        titles[t.policy_id] = t.title
        keys = ([t.policy_id], sorted(visit_units) if not q.unit else [q.unit], [region_of[t.enterprise_id]])
        for g in (total, *(grp.setdefault(k, _Group()) for grp, ks in zip(groups, keys) for k in ks)):
            g.explained += 1
            g.reached.add(t.enterprise_id)
    for c in claims:
        claim_units = told_by.get((c.enterprise_id, c.policy_id), {UNEXPLAINED})
        if q.unit:
            if q.unit not in claim_units:
                continue
            claim_units = {q.unit}
        applied, granted = _in(c.applied_date, q), _in(c.granted_date, q)
        if not (applied or granted):
            continue
        titles[c.policy_id] = c.title
        keys = ([c.policy_id], sorted(claim_units), [region_of[c.enterprise_id]])
        for g in (total, *(grp.setdefault(k, _Group()) for grp, ks in zip(groups, keys) for k in ks)):
            g.applied += applied
            if granted:
                g.granted += 1
                g.amount += c.amount or 0

    def rows(grp: dict[str, _Group], names: dict[str, str] | None = None) -> list[PolicyFigureRow]:
        out = [g.row(names[k] if names else k) for k, g in grp.items()]
        return sorted(out, key=lambda r: (-r.explained, -r.granted, -r.applied, r.key))

    return PolicyFigures(q, total.row(""), len(policies), rows(by_policy, titles), rows(by_unit),
                         sorted((g.row(k) for k, g in by_region.items()), key=lambda r: r.key))
