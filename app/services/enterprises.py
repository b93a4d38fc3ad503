"""Enterprises (企业): create, edit, soft-delete, search, find and merge duplicates."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app import fields
from app.changes import Change
from app.clock import Clock
from app.domain import INDUSTRY_SECTIONS, CodeListKind, EnterpriseSize
from app.errors import UserError, ValidationError
from app.fields import LABELS
from app.services import codelists
from app.services.access import Scope, require
from app.services.common import check_revision, get_live, like_pattern, resolve_prefix
from app.standards.text import name_key
from db.database import Database
from db.models import (
    Assignment,
    Enterprise,
    EnterpriseTag,
    PolicyClaim,
    PolicyExplanation,
    Problem,
    Project,
    ProjectEnterprise,
    Visit,
)
from db.types import utcnow


@dataclass(frozen=True)
class EnterpriseInput:
    name: str
    credit_code: str | None = None
    #: Keep a code whose check character fails (early pilot codes); only for imported rosters.
    allow_checksum_override: bool = False
    region_name: str = ""
    region_code: str | None = None
    address: str = ""
    industry_code: str | None = None
    industry_text: str = ""
    size: str | None = None
    above_scale: bool = False
    tags: tuple[str, ...] = ()
    four_above: bool = False
    legal_representative: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    industrial_chain: str = ""
    notes: str = ""


@dataclass(frozen=True)
class EnterpriseView:
    id: str
    name: str
    credit_code: str | None
    credit_code_override: bool
    region_name: str
    region_code: str | None
    address: str
    industry_code: str | None
    industry_text: str
    size: str | None
    above_scale: bool
    tags: tuple[str, ...]
    legal_representative: str
    contact_person: str
    contact_phone: str
    industrial_chain: str
    notes: str
    revision: int
    updated_at: datetime
    deleted: bool = field(default=False)
    four_above: bool = False
    #: What the write that returned this view changed (app.changes); Change.NONE from a read.
    changes: Change = field(default=Change.NONE, compare=False, repr=False)

    @property
    def industry_label(self) -> str:
        section = INDUSTRY_SECTIONS.get(self.industry_code or "", "")
        return " ".join(p for p in (section, self.industry_text) if p)

    def to_input(self) -> EnterpriseInput:
        return EnterpriseInput(
            name=self.name, credit_code=self.credit_code,
            allow_checksum_override=self.credit_code_override, region_name=self.region_name,
            region_code=self.region_code, address=self.address, industry_code=self.industry_code,
            industry_text=self.industry_text, size=self.size, above_scale=self.above_scale,
            tags=self.tags, legal_representative=self.legal_representative,
            contact_person=self.contact_person, contact_phone=self.contact_phone,
            industrial_chain=self.industrial_chain, notes=self.notes, four_above=self.four_above,
        )


#: Columns the enterprise list can be sorted by.
SORT_KEYS = {
    "name": Enterprise.name, "credit_code": Enterprise.credit_code, "region": Enterprise.region_name,
    "industry": Enterprise.industry_code, "above_scale": Enterprise.above_scale,
}


def to_view(e: Enterprise) -> EnterpriseView:
    return EnterpriseView(
        id=e.id, name=e.name, credit_code=e.credit_code, credit_code_override=e.credit_code_override,
        region_name=e.region_name, region_code=e.region_code, address=e.address,
        industry_code=e.industry_code, industry_text=e.industry_text, size=e.size,
        above_scale=e.above_scale, tags=tuple(t.tag for t in e.tags),
        legal_representative=e.legal_representative, contact_person=e.contact_person,
        contact_phone=e.contact_phone, industrial_chain=e.industrial_chain, notes=e.notes,
        revision=e.revision, updated_at=e.updated_at, deleted=e.deleted_at is not None,
        four_above=e.four_above,
    )


def validated(session: Session, data: EnterpriseInput,
              known_tags: Collection[str] | None = None) -> EnterpriseInput:
    """The input with every field checked and normalised (raises ValidationError). `known_tags`:
    the 企业标签 list read once for many enterprises (a query here would flush every row added)."""
    code, override = fields.credit_code(data.credit_code, allow_checksum_override=data.allow_checksum_override)
    industry = (data.industry_code or "").strip().upper() or None
    if industry is not None and industry not in INDUSTRY_SECTIONS:
        raise ValidationError("行业门类", data.industry_code, "应为国民经济行业分类门类代码 A 至 T")
    size = fields.enum("企业规模", EnterpriseSize, data.size, required=False)
    tags = tuple(dict.fromkeys(fields.text("企业标签", t, 50, required=True) for t in data.tags))
    if tags:
        allowed = codelists.values(session, CodeListKind.TAG) if known_tags is None else known_tags
        for t in tags:
            fields.one_of("企业标签", t, allowed)
    return replace(
        data,
        name=fields.name(LABELS.enterprise_name, data.name, 200, required=True),
        credit_code=code,
        allow_checksum_override=override,
        region_name=fields.text("乡镇/街道", data.region_name, 100),
        region_code=fields.region_code(data.region_code),
        address=fields.text("地址", data.address, 300),
        industry_code=industry,
        industry_text=fields.text("行业", data.industry_text, 200),
        size=size.value if size else None,
        tags=tags,
        legal_representative=fields.name("法定代表人", data.legal_representative, 50),
        contact_person=fields.name("联系人", data.contact_person, 50),
        contact_phone=fields.phone("联系电话", data.contact_phone),
        industrial_chain=fields.text("产业链", data.industrial_chain, 100),
        notes=fields.text("备注", data.notes, fields.LONG_TEXT),
    )


def _check_unique_code(session: Session, code: str | None, own_id: str | None) -> None:
    if code is None:
        return
    other = session.scalar(select(Enterprise).where(Enterprise.credit_code == code))
    if other is not None and other.id != own_id:
        where = "（已删除的记录，可恢复）" if other.deleted_at is not None else ""
        raise ValidationError(LABELS.credit_code, code, f"已被“{other.name}”使用{where}")


def apply_input(e: Enterprise, d: EnterpriseInput) -> None:
    """Write a validated input onto the enterprise row (the form's save and a roster's import alike)."""
    e.name = d.name
    e.name_key = name_key(d.name)
    e.credit_code = d.credit_code
    e.credit_code_override = d.allow_checksum_override
    e.region_name = d.region_name
    e.region_code = d.region_code
    e.address = d.address
    e.industry_code = d.industry_code
    e.industry_text = d.industry_text
    e.size = d.size
    e.above_scale = d.above_scale
    e.four_above = d.four_above
    e.legal_representative = d.legal_representative
    e.contact_person = d.contact_person
    e.contact_phone = d.contact_phone
    e.industrial_chain = d.industrial_chain
    e.notes = d.notes
    wanted = set(d.tags)
    for t in [t for t in e.tags if t.tag not in wanted]:
        e.tags.remove(t)
    present = {t.tag for t in e.tags}
    e.tags.extend(EnterpriseTag(tag=t) for t in sorted(wanted - present))


#: Profile fields a merge copies from the duplicate when the kept enterprise has them empty.
_FILLED_BY_MERGE = ("region_name", "region_code", "address", "industry_code", "industry_text", "size",
                    "legal_representative", "contact_person", "contact_phone", "industrial_chain")
_MERGE_VIA = "合并重复企业"


@dataclass(frozen=True)
class MergePreview:
    """What merging `duplicate` into `keep` would move (live records)."""

    keep: EnterpriseView
    duplicate: EnterpriseView
    visits: int
    problems: int
    assignments: int


def _live_count(session: Session, model: type[Visit | Problem | Assignment], enterprise_id: str) -> int:
    q = select(func.count()).select_from(model).where(model.enterprise_id == enterprise_id,
                                                      model.deleted_at.is_(None))
    return session.scalar(q) or 0


def _assignments_to_move(s: Session, keep_id: str, dup_id: str) -> list[Assignment]:
    """The duplicate's assignments that move to the kept enterprise. A cadre already assigned to
    the kept one for an overlapping period keeps one assignment, covering both periods; the
    duplicate's copy is soft-deleted (one cadre, one enterprise, one assignment at a time)."""
    live = Assignment.deleted_at.is_(None)
    kept = list(s.scalars(select(Assignment).where(Assignment.enterprise_id == keep_id, live)))
    out: list[Assignment] = []
    for a in s.scalars(select(Assignment).where(Assignment.enterprise_id == dup_id)):
        same = next((k for k in kept if a.deleted_at is None and k.cadre_id == a.cadre_id and _overlap(k, a)), None)
        if same is None:
            out.append(a)
            if a.deleted_at is None:
                kept.append(a)
            continue
        same.start_date = min(same.start_date, a.start_date)
        if same.end_date is not None:
            same.end_date = None if a.end_date is None else max(same.end_date, a.end_date)
        a.deleted_at = utcnow()
    return out


def _overlap(a: Assignment, b: Assignment) -> bool:
    """Whether two assignments share a day (an open end runs on)."""
    return (a.end_date is None or a.end_date >= b.start_date) and (b.end_date is None or b.end_date >= a.start_date)


def _merge_pair(session: Session, keep_id: str, duplicate_id: str) -> tuple[Enterprise, Enterprise]:
    if keep_id == duplicate_id:
        raise UserError("不能把一家企业与它自己合并，请选择另一家重复的企业。")
    pair = []
    for eid in (keep_id, duplicate_id):
        e = session.get(Enterprise, eid)
        if e is None or e.deleted_at is not None:
            raise UserError(f"企业“{e.name if e else eid}”不存在或已删除，不能合并。")
        pair.append(e)
    return pair[0], pair[1]


def _moved_changes(moved: list[Visit | Problem | Assignment | PolicyExplanation | PolicyClaim]) -> Change:
    """What a merge changed: the two enterprises, and the kinds of records that moved between them."""
    out = Change.ENTERPRISES
    for row in moved:
        if isinstance(row, Visit):
            out |= Change.VISITS
        elif isinstance(row, Problem):
            out |= Change.PROBLEMS
        elif isinstance(row, Assignment):
            out |= Change.CADRES
        elif isinstance(row, PolicyExplanation):
            out |= Change.VISITS | Change.POLICIES
        else:
            out |= Change.POLICIES
    return out


class EnterpriseService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def create(self, data: EnterpriseInput) -> EnterpriseView:
        with self._db.session() as s:
            require(s, self._db.actor, "新增企业")
            d = validated(s, data)
            _check_unique_code(s, d.credit_code, None)
            e = Enterprise()
            apply_input(e, d)
            s.add(e)
            s.flush()
            return replace(to_view(e), changes=Change.ENTERPRISES)

    def update(self, enterprise_id: str, data: EnterpriseInput, *,
               expected_revision: int | None = None) -> EnterpriseView:
        with self._db.session() as s:
            e = get_live(s, Enterprise, enterprise_id, "企业")
            require(s, self._db.actor, "修改企业信息", Scope.OWN_ENTERPRISE, enterprise_ids=(e.id,),
                    today=self._clock.today())
            check_revision(e, expected_revision, "企业")
            d = validated(s, data)
            _check_unique_code(s, d.credit_code, e.id)
            apply_input(e, d)
            s.flush()
            return replace(to_view(e), changes=Change.ENTERPRISES)

    def delete(self, enterprise_id: str) -> Change:
        """Soft delete: a tombstone that can travel to other installations."""
        with self._db.session() as s:
            e = get_live(s, Enterprise, enterprise_id, "企业")
            require(s, self._db.actor, "删除企业")
            e.deleted_at = utcnow()
        return Change.ENTERPRISES

    def merge_preview(self, keep_id: str, duplicate_id: str) -> MergePreview:
        with self._db.reading() as s:
            keep, dup = _merge_pair(s, keep_id, duplicate_id)
            return MergePreview(to_view(keep), to_view(dup), _live_count(s, Visit, dup.id),
                                _live_count(s, Problem, dup.id), _live_count(s, Assignment, dup.id))

    def merge_duplicate(self, keep_id: str, duplicate_id: str, *,
                        expected_revisions: tuple[int, int] | None = None) -> EnterpriseView:
        """Merge a duplicate into the kept enterprise in one unit of work: its visits, problems
        and assignments move over (ORM updates, so each move is in the audit trail), the kept
        one's empty fields and tags are filled from it, and the duplicate is soft-deleted."""
        with self._db.session(via=_MERGE_VIA) as s:
            require(s, self._db.actor, "合并重复企业")
            keep, dup = _merge_pair(s, keep_id, duplicate_id)
            if expected_revisions is not None:
                check_revision(keep, expected_revisions[0], "企业")
                check_revision(dup, expected_revisions[1], "企业")
            moved: list[Visit | Problem | Assignment | PolicyExplanation | PolicyClaim] = []
            moved += s.scalars(select(Visit).where(Visit.enterprise_id == dup.id))
            moved += s.scalars(select(Problem).where(Problem.enterprise_id == dup.id))
            moved += s.scalars(select(PolicyExplanation).where(PolicyExplanation.enterprise_id == dup.id))
            moved += s.scalars(select(PolicyClaim).where(PolicyClaim.enterprise_id == dup.id))
            moved += _assignments_to_move(s, keep.id, dup.id)
            for row in moved:
                row.enterprise_id = keep.id
            # 地企合作 projects that involved the duplicate involve the kept one (each project's list
            # changes through its ORM relationship, so the move is in its trail and clock).
            for project in s.scalars(select(Project).where(Project.id.in_(
                    select(ProjectEnterprise.project_id).where(ProjectEnterprise.enterprise_id == dup.id)))):
                links = project.enterprises
                for link in [link for link in links if link.enterprise_id == dup.id]:
                    links.remove(link)
                if keep.id not in {link.enterprise_id for link in links}:
                    links.append(ProjectEnterprise(enterprise_id=keep.id))
            for name in _FILLED_BY_MERGE:
                if getattr(keep, name) in (None, "") and getattr(dup, name) not in (None, ""):
                    setattr(keep, name, getattr(dup, name))
            keep.above_scale = keep.above_scale or dup.above_scale
            keep.four_above = keep.four_above or dup.four_above
            if not keep.notes and dup.notes:
                keep.notes = dup.notes
            if keep.credit_code is None and dup.credit_code is not None:
                code, override = dup.credit_code, dup.credit_code_override
                dup.credit_code = None  # the code is unique: free it before the kept one takes it
                s.flush()
                keep.credit_code, keep.credit_code_override = code, override
            present = {t.tag for t in keep.tags}
            keep.tags.extend(EnterpriseTag(tag=t.tag) for t in dup.tags if t.tag not in present)
            note = f"已合并到“{keep.name}”（ID {keep.id}）"
            dup.notes = f"{dup.notes}\n{note}" if dup.notes else note
            dup.deleted_at = utcnow()
            s.flush()
            return replace(to_view(keep), changes=_moved_changes(moved))

    def get(self, enterprise_id: str) -> EnterpriseView:
        with self._db.reading() as s:
            return to_view(get_live(s, Enterprise, enterprise_id, "企业"))

    def resolve_id(self, text: str) -> str:
        """The enterprise meant by a unique ID prefix or its 统一社会信用代码."""
        with self._db.reading() as s:
            code = text.strip().upper()
            if len(code) == 18:
                found = s.scalar(select(Enterprise.id).where(Enterprise.credit_code == code,
                                                             Enterprise.deleted_at.is_(None)))
                if found is not None:
                    return found
            return resolve_prefix(s, Enterprise, text, "企业")

    def search(
        self,
        text: str = "",
        *,
        region: str | None = None,
        tag: str | None = None,
        above_scale: bool | None = None,
        limit: int = 200,
        offset: int = 0,
        sort: str = "name",
        descending: bool = False,
    ) -> list[EnterpriseView]:
        """Live enterprises matching the text (name, credit code, contact), sorted by a key of SORT_KEYS."""
        with self._db.reading() as s:
            q = select(Enterprise).where(Enterprise.deleted_at.is_(None))
            if text.strip():
                p = like_pattern(text.strip())
                q = q.where(
                    or_(
                        Enterprise.name.like(p, escape="\\"),
                        Enterprise.credit_code.like(like_pattern(text.strip().upper()), escape="\\"),
                        Enterprise.contact_person.like(p, escape="\\"),
                    )
                )
            if region:
                q = q.where(Enterprise.region_name == region)
            if tag:
                q = q.where(Enterprise.tags.any(EnterpriseTag.tag == tag))
            if above_scale is not None:
                q = q.where(Enterprise.above_scale.is_(above_scale))
            column = SORT_KEYS[sort]
            q = q.order_by(column.desc() if descending else column.asc(), Enterprise.id).limit(limit).offset(offset)
            return [to_view(e) for e in s.scalars(q)]

    def regions(self) -> list[str]:
        """The regions (乡镇/街道) of live enterprises, for filter lists."""
        with self._db.session() as s:
            q = (select(Enterprise.region_name).where(Enterprise.deleted_at.is_(None), Enterprise.region_name != "")
                 .distinct().order_by(Enterprise.region_name))
            return list(s.scalars(q))

    def count(self) -> int:
        with self._db.reading() as s:
            return s.scalar(select(func.count()).where(Enterprise.deleted_at.is_(None))) or 0

    def find_existing(self, credit_code: str | None, name: str) -> EnterpriseView | None:
        """The enterprise already present: by credit code first, then by normalised name."""
        with self._db.reading() as s:
            if credit_code:
                code, _ = fields.credit_code(credit_code, allow_checksum_override=True)
                e = s.scalar(select(Enterprise).where(Enterprise.credit_code == code))
                if e is not None:
                    return to_view(e)
            e = s.scalars(
                select(Enterprise).where(
                    Enterprise.name_key == name_key(name), Enterprise.deleted_at.is_(None)
                )
            ).first()
            return to_view(e) if e is not None else None
