"""Which records an export contains: everything, or what the filters select
(date range, region, unit, cadre, enterprise), or only what changed since the
last export to the same destination — always with the records they refer to,
so the receiving side can resolve every reference."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.exchange.records import chunks
from app.fields import LABELS
from app.standards import credit_code as cc
from app.standards.text import name_key
from db.exchange_models import CLOCK_ONLY, ExchangeBatch, ExchangeChange, table_of
from db.models import (
    Assignment,
    Cadre,
    DeadlineExtension,
    Enterprise,
    History,
    PolicyClaim,
    PolicyExplanation,
    Problem,
    ProgressEntry,
    ProjectEnterprise,
    ProjectInvestment,
    Revisit,
    Supervision,
    Visit,
    VisitCadre,
)


@dataclass(frozen=True)
class ExportFilter:
    date_from: date | None = None
    date_to: date | None = None
    region: str | None = None
    #: The unit of the assigned cadres (包联干部所在单位).
    unit: str | None = None
    #: A cadre's name or ID.
    cadre: str | None = None
    #: An enterprise's name, credit code or ID.
    enterprise: str | None = None

    @property
    def empty(self) -> bool:
        return not any((self.date_from, self.date_to, self.region, self.unit, self.cadre, self.enterprise))

    def describe(self) -> str:
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"日期 {self.date_from or '最早'} 至 {self.date_to or '最新'}")
        for label, value in (("乡镇/街道", self.region), ("单位", self.unit), ("干部", self.cadre),
                             ("企业", self.enterprise)):
            if value:
                parts.append(f"{label}：{value}")
        return "；".join(parts) or "全部"


#: sheet key → the selected IDs, or None for every record of that kind.
Selection = dict[str, set[str] | None]


def select_records(s: Session, f: ExportFilter, since: datetime | None) -> Selection:
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise UserError(f"起始日期 {f.date_from} 晚于截止日期 {f.date_to}")
    sel: Selection = {k: None for k in
                      ("enterprises", "cadres", "assignments", "visits", "problems", "extensions", "progress",
                       "supervisions", "revisits", "policies", "explanations",
                       "claims", "projects", "investments")}
    # Policies (the office's library) belong to no enterprise: every export carries them all, or
    # those changed since the last export to the destination.
    if f.empty and since is None:
        return sel
    enterprises = _enterprises(s, f)
    cadres = _cadres(s, f)
    sel["enterprises"] = enterprises
    a = select(Assignment.id)
    v = select(Visit.id)
    p = select(Problem.id)
    if enterprises is not None:
        a = a.where(Assignment.enterprise_id.in_(enterprises))
        v = v.where(Visit.enterprise_id.in_(enterprises))
        p = p.where(Problem.enterprise_id.in_(enterprises))
    if cadres is not None:
        a = a.where(Assignment.cadre_id.in_(cadres))
    if f.date_from:
        a = a.where(or_(Assignment.end_date.is_(None), Assignment.end_date >= f.date_from))
        v = v.where(Visit.visit_date >= f.date_from)
        p = p.where(Problem.received_date >= f.date_from)
    if f.date_to:
        a = a.where(Assignment.start_date <= f.date_to)
        v = v.where(Visit.visit_date <= f.date_to)
        p = p.where(Problem.received_date <= f.date_to)
    filtered = not f.empty
    sel["assignments"] = set(s.scalars(a)) if filtered else None
    sel["visits"] = set(s.scalars(v)) if filtered else None
    sel["problems"] = set(s.scalars(p)) if filtered else None
    sel["cadres"] = cadres
    if filtered:
        explained: set[str] = set()
        for part in chunks(sel["visits"] or set()):
            explained.update(s.scalars(select(PolicyExplanation.id).where(PolicyExplanation.visit_id.in_(part))))
        sel["explanations"] = explained
        if enterprises is not None:
            claims: set[str] = set()
            for part in chunks(enterprises):
                claims.update(s.scalars(select(PolicyClaim.id).where(PolicyClaim.enterprise_id.in_(part))))
            sel["claims"] = claims
        if enterprises is not None:
            sel["projects"] = _projects_of(s, enterprises)
            sel["investments"] = _investments_of(s, sel["projects"] or set())
        problems = sel["problems"] or set()
        sel["extensions"] = _children(s, DeadlineExtension, problems)
        sel["progress"] = _children(s, ProgressEntry, problems)
        sel["supervisions"] = _children(s, Supervision, problems)
        sel["revisits"] = _children(s, Revisit, problems)
    if since is not None:
        changed = set(s.scalars(select(History.record_id).where(History.changed_at > since).distinct()))
        # A record whose content a merge left as it was but whose history it moved (another installation
        # wrote the same value) changed too: the receiver must learn that history to converge.
        c, b = table_of(ExchangeChange), table_of(ExchangeBatch)
        changed.update(s.scalars(select(c.c.record_id).join(b, b.c.id == c.c.batch_id).where(
            b.c.started_at > since, b.c.undone_at.is_(None), c.c.operation == CLOCK_ONLY).distinct()))
        for key, ids in sel.items():
            sel[key] = changed if ids is None else ids & changed
    _add_referenced(s, sel)
    return sel


def describe(s: Session, f: ExportFilter) -> str:
    """As f.describe(), with a cadre or an enterprise given by its ID (as the window does) named."""
    named = f
    if f.cadre and (name := s.scalar(select(Cadre.name).where(Cadre.id == f.cadre.strip()))):
        named = replace(named, cadre=name)
    if f.enterprise and (name := s.scalar(select(Enterprise.name).where(Enterprise.id == f.enterprise.strip()))):
        named = replace(named, enterprise=name)
    return named.describe()


def _enterprises(s: Session, f: ExportFilter) -> set[str] | None:
    if not (f.region or f.enterprise or f.cadre or f.unit):
        return None
    q = select(Enterprise.id)
    if f.region:
        q = q.where(Enterprise.region_name == f.region.strip())
    if f.enterprise:
        text = f.enterprise.strip()
        q = q.where(or_(Enterprise.id == text, Enterprise.name_key == name_key(text),
                        Enterprise.credit_code == cc.normalise(text)))
    ids = set(s.scalars(q))
    if f.enterprise and not ids:
        raise UserError(f"没有找到企业“{f.enterprise}”（可写{LABELS.enterprise_name}、{LABELS.credit_code}或 ID）")
    if f.cadre or f.unit:
        cadres = _cadres(s, f) or set()
        assigned = set(s.scalars(select(Assignment.enterprise_id).where(
            Assignment.cadre_id.in_(cadres), Assignment.deleted_at.is_(None))))
        ids &= assigned
    return ids


def _cadres(s: Session, f: ExportFilter) -> set[str] | None:
    if not (f.cadre or f.unit):
        return None
    q = select(Cadre.id)
    if f.cadre:
        q = q.where(or_(Cadre.id == f.cadre.strip(), Cadre.name == f.cadre.strip()))
    if f.unit:
        q = q.where(Cadre.unit == f.unit.strip())
    ids = set(s.scalars(q))
    if not ids:
        who = f"干部“{f.cadre}”" if f.cadre else f"单位“{f.unit}”的干部"
        raise UserError(f"没有找到{who}")
    return ids


def _children(s: Session, model: type[DeadlineExtension | ProgressEntry | Supervision | Revisit],
              problems: set[str]) -> set[str]:
    out: set[str] = set()
    for part in chunks(problems):
        out.update(s.scalars(select(model.id).where(model.problem_id.in_(part))))
    return out


def _projects_of(s: Session, enterprises: set[str]) -> set[str]:
    """The 地企合作 projects involving any of the enterprises."""
    out: set[str] = set()
    for part in chunks(enterprises):
        out.update(s.scalars(select(ProjectEnterprise.project_id).where(ProjectEnterprise.enterprise_id.in_(part))))
    return out


def _investments_of(s: Session, projects: set[str]) -> set[str]:
    out: set[str] = set()
    for part in chunks(projects):
        out.update(s.scalars(select(ProjectInvestment.id).where(ProjectInvestment.project_id.in_(part))))
    return out


def _refs(s: Session, column_owner: type, id_col: str, ref_cols: tuple[str, ...], ids: set[str]) -> set[str]:
    table = column_owner.__table__  # type: ignore[attr-defined]
    out: set[str] = set()
    cols = [table.c[c] for c in ref_cols]
    for part in chunks(ids):
        for row in s.execute(select(*cols).where(table.c[id_col].in_(part))):
            out.update(v for v in row if v)
    return out


def _add_referenced(s: Session, sel: Selection) -> None:
    """Close the selection under references: a row never points to a record the file lacks."""
    def add(key: str, ids: set[str]) -> None:
        current = sel[key]
        if current is not None:
            current.update(ids)

    children: tuple[tuple[str, type], ...] = (("extensions", DeadlineExtension), ("progress", ProgressEntry),
                                              ("supervisions", Supervision), ("revisits", Revisit))
    for key, model in children:
        ids = sel[key]
        if ids:
            add("problems", _refs(s, model, "id", ("problem_id",), ids))
    # (selected kind, the model holding its references, the column matching the selection,
    # the referenced kind, its column) — in this order, so a problem's visit and project are selected before
    # the visits' and projects' enterprises and cadres are gathered.
    parents: tuple[tuple[str, type, str, str, str], ...] = (
        ("claims", PolicyClaim, "id", "enterprises", "enterprise_id"),
        ("claims", PolicyClaim, "id", "policies", "policy_id"),
        ("explanations", PolicyExplanation, "id", "visits", "visit_id"),
        ("explanations", PolicyExplanation, "id", "policies", "policy_id"),
        ("investments", ProjectInvestment, "id", "projects", "project_id"),
        ("problems", Problem, "id", "projects", "project_id"),
        ("problems", Problem, "id", "visits", "visit_id"),
        ("problems", Problem, "id", "enterprises", "enterprise_id"),
        ("projects", ProjectEnterprise, "project_id", "enterprises", "enterprise_id"),
        ("visits", Visit, "id", "enterprises", "enterprise_id"),
        ("visits", VisitCadre, "visit_id", "cadres", "cadre_id"),
        ("assignments", Assignment, "id", "enterprises", "enterprise_id"),
        ("assignments", Assignment, "id", "cadres", "cadre_id"),
    )
    for key, model, match, parent, column in parents:
        ids = sel[key]
        if ids:
            add(parent, _refs(s, model, match, (column,), ids))
