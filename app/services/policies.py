"""The policy library (惠企政策): the policies cadres explain on visits, as offices list them in
their 政策汇编. A policy is expired once its 有效期至 has passed (by the service's clock)."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app import fields
from app.changes import Change
from app.clock import Clock
from app.domain import INDUSTRY_SECTIONS, CodeListKind, EnterpriseSize
from app.errors import ValidationError
from app.services import codelists
from app.services.access import Scope, require
from app.services.common import check_revision, get_live, like_pattern, resolve_prefix
from app.standards.text import fold_code
from db.database import Database
from db.models import CodeListEntry, Enterprise, Policy, PolicyClaim, PolicyExplanation
from db.types import utcnow

if TYPE_CHECKING:  # the statistics: imported by `figures`, not by every import of a policy list
    from app.services.policy_stats import PolicyFigures
    from app.services.stats import StatsQuery

LONG_TEXT = 5000


@dataclass(frozen=True)
class PolicyInput:
    title: str
    issuer: str = ""
    doc_number: str = ""
    issued_date: date | None = None
    valid_from: date | None = None
    #: The last day in force; None: no end given.
    valid_to: date | None = None
    #: Who may claim it, as codes: industry 门类 letters, enterprise sizes, enterprise tags (empty: anyone).
    industries: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: 适用对象 as written.
    eligibility: str = ""
    benefits: str = ""
    how_to_apply: str = ""
    contact_unit: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PolicyView:
    id: str
    revision: int
    title: str
    issuer: str
    doc_number: str
    issued_date: date | None
    valid_from: date | None
    valid_to: date | None
    industries: tuple[str, ...]
    sizes: tuple[str, ...]
    tags: tuple[str, ...]
    eligibility: str
    benefits: str
    how_to_apply: str
    contact_unit: str
    notes: str
    #: 有效期至 has passed (失效), by the clock of the service that read it.
    expired: bool
    #: 有效期起 has not come yet.
    not_yet: bool
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    @property
    def in_force(self) -> bool:
        return not self.expired and not self.not_yet


@dataclass(frozen=True)
class ClaimView:
    """政策兑现: a company's 申报 and 兑现 of one policy."""

    id: str
    enterprise_id: str
    enterprise_name: str
    policy_id: str
    policy_title: str
    applied_date: date | None
    granted_date: date | None
    #: 兑现金额 in yuan.
    amount: int | None
    notes: str
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    @property
    def state(self) -> str:
        return "已兑现" if self.granted_date else "已申报" if self.applied_date else "未申报"


@dataclass(frozen=True)
class PolicyReach:
    """Companies a policy was explained to, that applied for it, that were granted it; yuan granted."""

    explained: int
    applied: int
    granted: int
    amount: int


def doc_number_key(text: str) -> str:
    """Two writings of one 文号 compare equal: 豫政办〔2025〕12号, 豫政办[2025]12号, 豫政办（2025）12 号."""
    folded = fold_code(text)
    return re.sub(r"[\s〔〕\[\]【】()（）{}<>《》]", "", folded)


def title_key(title: str, issuer: str) -> str:
    """A policy without a 文号 is the same policy when its title and issuing body are."""
    def fold(t: str) -> str:
        return re.sub(r"[\s《》“”\"'‘’()（），,。.、]", "", fold_code(t))
    return f"{fold(title)}|{fold(issuer)}"


#: Words of a 适用对象 text → what they name: ("tag", 专精特新), ("size", 小型), ("industry", C).
_ELIGIBILITY_WORDS: tuple[tuple[str, str, str], ...] = (
    ("专精特新", "tag", "专精特新"),
    ("规上", "tag", "规上工业"),
    ("规模以上", "tag", "规上工业"),
    ("高新技术企业", "tag", "高新技术企业"),
    ("科技型", "tag", "科技型"),
    ("外贸", "tag", "外贸型"),
    ("进出口", "tag", "外贸型"),
    ("农业产业化龙头", "tag", "农业产业化龙头"),
    ("小微", "size", "小型"),
    ("小微", "size", "微型"),
    ("中小", "size", "中型"),
    ("中小", "size", "小型"),
    ("中小", "size", "微型"),
    ("制造业", "industry", "C"),
    ("工业企业", "industry", "C"),
    ("建筑业", "industry", "E"),
    ("批发零售", "industry", "F"),
    ("商贸", "industry", "F"),
    ("住宿餐饮", "industry", "H"),
    ("软件", "industry", "I"),
)


def codes_from_eligibility(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(industries, sizes, tags) a 适用对象 text names, in a stable order (empty when it names none)."""
    found: dict[str, list[str]] = {"industry": [], "size": [], "tag": []}
    for word, kind, value in _ELIGIBILITY_WORDS:
        if word in text and value not in found[kind]:
            found[kind].append(value)
    sizes = [s.value for s in EnterpriseSize if s.value in found["size"]]
    return tuple(sorted(found["industry"])), tuple(sizes), tuple(found["tag"])


def _list(field: str, values: tuple[str, ...], allowed: tuple[str, ...] | None) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        v = v.strip()
        if not v or v in out:
            continue
        if allowed is not None and v not in allowed:
            raise ValidationError(field, v, "应为以下之一：" + "、".join(allowed))
        fields.text(field, v, 50)
        out.append(v)
    return tuple(out)


def validated(data: PolicyInput) -> PolicyInput:
    """The input with its text tidied, or ValidationError naming the field, the value and the reason."""
    d = replace(
        data,
        title=fields.text("政策名称", data.title, 300, required=True),
        issuer=fields.text("发文单位", data.issuer, 200),
        doc_number=fields.text("文号", data.doc_number, 100),
        industries=_list("适用行业门类", tuple(v.strip().upper() for v in data.industries),
                         tuple(INDUSTRY_SECTIONS)),
        sizes=_list("适用企业规模", data.sizes, tuple(s.value for s in EnterpriseSize)),
        tags=_list("适用企业标签", data.tags, None),
        eligibility=fields.text("适用对象", data.eligibility, LONG_TEXT),
        benefits=fields.text("支持内容", data.benefits, LONG_TEXT),
        how_to_apply=fields.text("申报方式", data.how_to_apply, LONG_TEXT),
        contact_unit=fields.text("联系单位", data.contact_unit, 200),
        notes=fields.text("备注", data.notes, LONG_TEXT),
    )
    if d.valid_from and d.valid_to and d.valid_to < d.valid_from:
        raise ValidationError("有效期至", d.valid_to.isoformat(), f"早于有效期起 {d.valid_from.isoformat()}")
    return d


def apply_input(p: Policy, d: PolicyInput) -> None:
    """Write a validated input's fields onto the record."""
    p.title, p.issuer, p.doc_number = d.title, d.issuer, d.doc_number
    p.issued_date, p.valid_from, p.valid_to = d.issued_date, d.valid_from, d.valid_to
    p.industries, p.sizes, p.tags = list(d.industries), list(d.sizes), list(d.tags)
    p.eligibility, p.benefits, p.how_to_apply = d.eligibility, d.benefits, d.how_to_apply
    p.contact_unit, p.notes = d.contact_unit, d.notes


def input_of(p: Policy) -> PolicyInput:
    return PolicyInput(p.title, p.issuer, p.doc_number, p.issued_date, p.valid_from, p.valid_to,
                       tuple(p.industries or ()), tuple(p.sizes or ()), tuple(p.tags or ()), p.eligibility,
                       p.benefits, p.how_to_apply, p.contact_unit, p.notes)


def add_tags(s: Session, tags: tuple[str, ...]) -> list[str]:
    """Tags a policy names that the 企业标签 code list lacks join it; returns those added."""
    new = sorted(set(tags) - set(codelists.values(s, CodeListKind.TAG)))
    for t in new:
        s.add(CodeListEntry(kind=CodeListKind.TAG.value, value=t, builtin=False, sort_order=1000))
    return new


def view_of(p: Policy, today: date) -> PolicyView:
    return PolicyView(
        id=p.id, revision=p.revision, title=p.title, issuer=p.issuer, doc_number=p.doc_number,
        issued_date=p.issued_date, valid_from=p.valid_from, valid_to=p.valid_to,
        industries=tuple(p.industries or ()), sizes=tuple(p.sizes or ()), tags=tuple(p.tags or ()),
        eligibility=p.eligibility, benefits=p.benefits, how_to_apply=p.how_to_apply, contact_unit=p.contact_unit,
        notes=p.notes, expired=p.valid_to is not None and p.valid_to < today,
        not_yet=p.valid_from is not None and p.valid_from > today)


#: The tag a 规上 company is taken to carry when a policy names it (Enterprise.above_scale).
ABOVE_SCALE_TAG = "规上工业"


def fits_company(p: PolicyView, industry: str | None, size: str | None, tags: set[str]) -> bool:
    """Whether a company of this 门类, size and tags may claim the policy: each kind of condition
    the policy names must hold (an unknown 门类 or size of the company does not rule it out)."""
    if p.industries and industry and industry not in p.industries:
        return False
    if p.sizes and size and size not in p.sizes:
        return False
    return not p.tags or bool(set(p.tags) & tags)


def _claim_view(c: PolicyClaim, enterprise_name: str, policy_title: str) -> ClaimView:
    return ClaimView(c.id, c.enterprise_id, enterprise_name, c.policy_id, policy_title, c.applied_date, c.granted_date,
                     c.amount, c.notes)


def _policy_changes(new_tags: list[str]) -> Change:
    """A policy saved, and the 企业标签 code list when the policy named tags it lacked."""
    return Change.POLICIES | Change.CODE_LISTS if new_tags else Change.POLICIES


class PolicyService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def add(self, data: PolicyInput) -> PolicyView:
        d = validated(data)
        with self._db.session() as s:
            require(s, self._db.actor, "添加政策")
            new_tags = add_tags(s, d.tags)
            p = Policy()
            apply_input(p, d)
            s.add(p)
            s.flush()
            return replace(view_of(p, self._clock.today()), changes=_policy_changes(new_tags))

    def update(self, policy_id: str, data: PolicyInput, expected_revision: int | None = None) -> PolicyView:
        d = validated(data)
        with self._db.session() as s:
            require(s, self._db.actor, "修改政策")
            p = get_live(s, Policy, policy_id, "政策")
            check_revision(p, expected_revision, "政策")
            new_tags = add_tags(s, d.tags)
            apply_input(p, d)
            s.flush()
            return replace(view_of(p, self._clock.today()), changes=_policy_changes(new_tags))

    def delete(self, policy_id: str) -> Change:
        with self._db.session() as s:
            require(s, self._db.actor, "删除政策")
            get_live(s, Policy, policy_id, "政策").deleted_at = utcnow()
        return Change.POLICIES

    def get(self, policy_id: str) -> PolicyView:
        with self._db.reading() as s:
            return view_of(get_live(s, Policy, policy_id, "政策"), self._clock.today())

    def suggest(self, enterprise_id: str) -> builtins.list[PolicyView]:
        """The policies in force today that the company may claim (its 门类, size and tags — 规上工业
        also when it is 规上), those naming one of its tags first; then by date, newest first."""
        today = self._clock.today()
        with self._db.reading() as s:
            e = get_live(s, Enterprise, enterprise_id, "企业")
            tags = {t.tag for t in e.tags} | ({ABOVE_SCALE_TAG} if e.above_scale else set())
            q = select(Policy).where(Policy.deleted_at.is_(None),
                                     or_(Policy.valid_to.is_(None), Policy.valid_to >= today),
                                     or_(Policy.valid_from.is_(None), Policy.valid_from <= today))
            views = [view_of(p, today) for p in s.scalars(q)]
            industry, size = e.industry_code, e.size
        fits = [v for v in views if fits_company(v, industry, size, tags)]
        fits.sort(key=lambda v: (v.issued_date or date.min, v.title), reverse=True)
        fits.sort(key=lambda v: not (set(v.tags) & tags))
        return fits

    def explained(self, *, visit_id: str = "", enterprise_id: str = "") -> builtins.list[PolicyView]:
        """The policies explained at a visit, or to a company at any visit (each once, by title)."""
        today = self._clock.today()
        with self._db.reading() as s:
            q = select(Policy).join(PolicyExplanation, PolicyExplanation.policy_id == Policy.id).where(
                PolicyExplanation.deleted_at.is_(None), Policy.deleted_at.is_(None))
            if visit_id:
                q = q.where(PolicyExplanation.visit_id == visit_id)
            if enterprise_id:
                q = q.where(PolicyExplanation.enterprise_id == enterprise_id)
            seen: dict[str, PolicyView] = {}
            for p in s.scalars(q.order_by(Policy.title, Policy.id)):
                seen.setdefault(p.id, view_of(p, today))
            return builtins.list(seen.values())

    def record_claim(self, enterprise_id: str, policy_id: str, *, applied: date | None = None,
                     granted: date | None = None, amount: int | None = None, notes: str = "") -> ClaimView:
        """The company's 申报 (applied) and later 兑现 (granted, with the amount in yuan) of a policy: one
        record per company and policy, brought up to date by each call (a value not given is kept)."""
        today = self._clock.today()
        for label, day in (("申报日期", applied), ("兑现日期", granted)):
            if day is not None:
                fields.date_not_after(label, day, today)
        fields.non_negative_int("兑现金额（元）", amount)
        with self._db.session() as s:
            e = get_live(s, Enterprise, enterprise_id, "企业")
            require(s, self._db.actor, "登记政策申报、兑现", Scope.OWN_ENTERPRISE, enterprise_ids=(e.id,), today=today)
            p = get_live(s, Policy, policy_id, "政策")
            c = s.scalar(select(PolicyClaim).where(PolicyClaim.enterprise_id == e.id, PolicyClaim.policy_id == p.id,
                                                   PolicyClaim.deleted_at.is_(None)).order_by(PolicyClaim.created_at))
            if c is None:
                c = PolicyClaim(enterprise_id=e.id, policy_id=p.id)
                s.add(c)
            c.applied_date = applied or c.applied_date or (granted if granted else None)
            c.granted_date = granted or c.granted_date
            c.amount = amount if amount is not None else c.amount
            if notes:
                c.notes = fields.text("备注", notes, LONG_TEXT)
            if c.applied_date and c.granted_date and c.granted_date < c.applied_date:
                raise ValidationError("兑现日期", c.granted_date.isoformat(),
                                      f"早于申报日期 {c.applied_date.isoformat()}")
            if c.amount is not None and c.granted_date is None:
                raise ValidationError("兑现金额（元）", c.amount, "尚未兑现（请同时给出兑现日期）")
            s.flush()
            return replace(_claim_view(c, e.name, p.title), changes=Change.POLICIES)

    def claims(self, *, enterprise_id: str = "", policy_id: str = "") -> builtins.list[ClaimView]:
        """The 申报/兑现 records of a company, or of a policy (all when neither is given)."""
        with self._db.reading() as s:
            q = (select(PolicyClaim, Enterprise.name, Policy.title)
                 .join(Enterprise, Enterprise.id == PolicyClaim.enterprise_id)
                 .join(Policy, Policy.id == PolicyClaim.policy_id).where(PolicyClaim.deleted_at.is_(None)))
            if enterprise_id:
                q = q.where(PolicyClaim.enterprise_id == enterprise_id)
            if policy_id:
                q = q.where(PolicyClaim.policy_id == policy_id)
            rows = s.execute(q.order_by(Policy.title, Enterprise.name))
            return [_claim_view(c, name, title) for c, name, title in rows]

    def reach(self, policy_id: str) -> PolicyReach:
        """How far a policy got: the companies it was explained to, those that applied, those granted it
        and the amount granted."""
        with self._db.reading() as s:
            told = s.scalar(select(func.count(func.distinct(PolicyExplanation.enterprise_id))).where(
                PolicyExplanation.policy_id == policy_id, PolicyExplanation.deleted_at.is_(None))) or 0
            q = select(PolicyClaim.enterprise_id, PolicyClaim.applied_date, PolicyClaim.granted_date,
                       PolicyClaim.amount).where(PolicyClaim.policy_id == policy_id, PolicyClaim.deleted_at.is_(None))
            claims = [(eid, applied, when, amount) for eid, applied, when, amount in s.execute(q)]
        granted = [(eid, amount) for eid, _applied, when, amount in claims if when]
        return PolicyReach(told, len({eid for eid, applied, when, _a in claims if applied or when}),
                           len({eid for eid, _a in granted}), sum(amount or 0 for _e, amount in granted))

    def figures(self, q: StatsQuery) -> PolicyFigures:
        """政策宣传与兑现 in the query's period: explained, companies reached, applied, granted and yuan,
        by policy, unit and region (app.services.policy_stats says what each counts)."""
        from app.services.policy_stats import policy_figures

        with self._db.reading() as s:
            return policy_figures(s, q)

    def resolve_id(self, text: str) -> str:
        """The policy meant by a unique ID prefix."""
        with self._db.reading() as s:
            return resolve_prefix(s, Policy, text, "政策")

    def list(self, *, text: str = "", tag: str = "", valid: bool = False) -> builtins.list[PolicyView]:
        """The live policies, newest first: those whose title, 文号, issuing body, 适用对象 or 支持内容
        contain `text`, that name `tag` among who may claim them, and (`valid`) in force today."""
        today = self._clock.today()
        with self._db.reading() as s:
            q = select(Policy).where(Policy.deleted_at.is_(None))
            for word in text.split():
                pattern = like_pattern(word)
                q = q.where(or_(*(c.like(pattern, escape="\\") for c in (
                    Policy.title, Policy.doc_number, Policy.issuer, Policy.eligibility, Policy.benefits,
                    Policy.contact_unit))))
            if valid:
                q = q.where(or_(Policy.valid_to.is_(None), Policy.valid_to >= today),
                            or_(Policy.valid_from.is_(None), Policy.valid_from <= today))
            q = q.order_by(Policy.issued_date.desc(), Policy.title)
            views = [view_of(p, today) for p in s.scalars(q)]
        if tag.strip():
            t = tag.strip()
            views = [v for v in views if t in v.tags]
        # Undated ones after the dated (NULLs sort first in SQLite's descending order).
        return [v for v in views if v.issued_date] + [v for v in views if not v.issued_date]
