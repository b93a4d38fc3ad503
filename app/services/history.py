"""The audit trail, read side: who changed what, when, and through what."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.fields import LABELS
from app.standards.text import clip
from db import audit
from db.database import Database
from db.exchange_models import table_of
from db.models import SYNCED_MODELS, Cadre, Enterprise, History, Policy, Problem, Project, Visit

#: Field names as a user reads them.
FIELD_LABELS: dict[str, str] = {
    "name": "名称", "credit_code": LABELS.credit_code, "credit_code_override": "保留校验位不符的代码",
    "region_name": "乡镇/街道", "region_code": "行政区划代码", "address": "地址", "industry_code": "行业门类",
    "industry_text": "行业", "size": "企业规模", "above_scale": "规上", "tags": "标签",
    "legal_representative": "法定代表人", "contact_person": "联系人", "contact_phone": "联系电话",
    "industrial_chain": "产业链", "notes": "备注", "unit": "单位", "post": "职务", "phone": "电话", "role": "角色",
    "cadre_id": "干部", "enterprise_id": "企业", "start_date": "开始日期", "end_date": "结束日期",
    "visit_date": "走访日期", "way": "走访方式", "cadres": "走访干部", "people_met": "企业接待人员",
    "discussion": "交流内容", "operation_status": "生产经营状况", "employees": "从业人数", "order_trend": "订单趋势",
    "revenue_trend": "营收趋势", "operation_notes": "生产经营情况", "policies_explained": "宣传政策",
    "follow_up_plan": "下一步工作打算", "visit_id": "走访记录", "category": "问题类别", "description": "问题描述",
    "demand": "企业诉求", "source": "问题来源", "scope": "个性/共性", "received_date": "收到日期",
    "lead_unit": "主办单位", "assist_units": "协办单位", "responsible_person": "责任人",
    "responsible_phone": "责任人电话", "assigned_date": "交办日期", "deadline": "办结时限", "level": "层级",
    "status": "状态", "resolution": "办理结果", "solved_date": "办结日期", "deferred_reason": "暂不具备条件原因",
    "deferred_policy": "政策依据", "evaluation": "企业评价", "evaluation_comment": "评价意见",
    "evaluated_date": "评价日期", "closed_date": "销号日期", "problem_id": "问题", "requested_date": "申请日期",
    "reason": "原因", "old_deadline": "原时限", "new_deadline": "新时限", "entry_date": "日期",
    "recorded_at": "记录时间", "kind": "类型", "actor": "经办人", "content": "内容", "from_status": "原状态",
    "to_status": "新状态", "deleted_at": "删除时间", "four_above": "四上",
    "handling": "办理类型", "original_deadline": "原定办结时限", "extended": "经批准延期",
    "handover_due": "交办时限", "feedback_due": "首次反馈时限", "feedback_date": "首次反馈日期",
    "assist_due": "协办反馈时限", "assist_answered_date": "协办反馈日期", "last_report_date": "最近进展报告日期",
    "revisit_due": "回访时限", "stage": "当前环节", "stage_due": "当前环节时限", "requested_by": "申请人",
    "decided_by": "审批人", "decided_date": "审批日期", "decision_note": "审批意见", "number": "督办编号",
    "issued_date": "督办日期", "issued_by": "督办人", "days_late": "逾期工作日", "due_date": "反馈期限",
    "note": "意见", "revisit_date": "回访日期", "method": "回访方式", "evaluator": "企业评价人",
    "evaluator_position": "评价人职务", "result": "评价结果", "comment": "评价意见", "recorded_by": "回访人",
    "check_solved": "问题是否解决", "check_answered": "是否答复企业", "check_contacted": "责任单位是否对接企业",
    "check_satisfied": "企业负责人是否满意",
    "title": "政策名称", "issuer": "发文单位", "doc_number": "文号",
    "valid_from": "有效期起", "valid_to": "有效期至", "industries": "适用行业门类", "sizes": "适用企业规模",
    "policy_id": "政策", "eligibility": "适用对象", "benefits": "支持内容", "how_to_apply": "申报方式",
    "contact_unit": "联系单位", "applied_date": "申报日期", "granted_date": "兑现日期", "amount": "兑现金额（元）",
    "partner": "合作方", "cooperation_type": "合作类型", "sector": "所属行业", "total_investment": "计划总投资（万元）",
    "signed_date": "签约日期", "started_date": "开工日期", "producing_date": "投产日期", "effective_date": "达效日期",
    "leader": "责任领导", "enterprises": "涉及企业", "project_id": "地企合作项目", "year": "年度",
    "planned": "计划投资（万元）", "paid_in": "到位资金（万元）",
}

#: Where one kind of record names a field otherwise than FIELD_LABELS does.
_TYPE_LABELS: dict[str, dict[str, str]] = {
    "policies": {"issued_date": "发布日期", "tags": "适用企业标签"},
    "projects": {"name": "项目名称", "unit": "责任单位"},
}


def field_label(record_type: str, key: str) -> str:
    """How the trail names a field of a record of that type (its table)."""
    return _TYPE_LABELS.get(record_type, {}).get(key) or FIELD_LABELS.get(key, key)


RECORD_TYPES = {
    "enterprises": "企业", "cadres": "干部", "assignments": "包联关系", "visits": "走访记录", "problems": "问题",
    "deadline_extensions": "延期申请", "progress_entries": "办理进展", "supervisions": "督办", "revisits": "回访评价",
    "policies": "政策", "policy_explanations": "政策宣传", "policy_claims": "政策兑现",
    "projects": "地企合作项目", "project_investments": "项目投资",
}


def shown_value(value: Any) -> str:
    """A stored value as a person reads it, in `zhuqi history` and the 历史 tabs alike."""
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any
    #: What the records an ID field refers to are called (an enterprise, cadres, a visit, a problem),
    #: shown instead of their IDs.
    names: Mapping[str, str] = dataclass_field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        """名称：甲公司 → 甲公司（新名）"""
        return f"{self.label}：{shown_value(self._named(self.old))} → {shown_value(self._named(self.new))}"

    def _named(self, value: Any) -> Any:
        if not self.names:
            return value
        if isinstance(value, list):
            return [self.names.get(v, v) for v in value]
        return self.names.get(value, value) if isinstance(value, str) else value


@dataclass(frozen=True)
class HistoryEntry:
    id: str
    record_id: str
    record_type: str
    operation: str
    changed_at: datetime
    installation_id: str
    actor: str
    via: str
    changes: tuple[FieldChange, ...]

    @property
    def record_label(self) -> str:
        return RECORD_TYPES.get(self.record_type, self.record_type)


def _entry(h: History) -> HistoryEntry:
    changes = tuple(
        FieldChange(k, field_label(h.record_type, k), v[0], v[1]) for k, v in (h.changes or {}).items()
    )
    return HistoryEntry(h.id, h.record_id, h.record_type, h.operation, h.changed_at, h.installation_id,
                        h.actor, h.via, changes)


class HistoryService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def for_record(self, record_id: str) -> list[HistoryEntry]:
        """Every change of one record, oldest first."""
        with self._db.reading() as s:
            q = select(History).where(History.record_id == record_id).order_by(History.changed_at, History.id)
            rows = list(s.scalars(q))
            entries = [_entry(h) for h in rows]
            for i, h in enumerate(rows):
                if h.operation == audit.CREATE and not h.changes and not h.received:
                    entries[i] = replace(entries[i], changes=_values_at_creation(s, rows[i:]))
            return _with_names(s, entries)


def _names_of(model: type[Enterprise | Cadre]) -> Callable[[Session, list[str]], dict[str, str]]:
    def names(s: Session, ids: list[str]) -> dict[str, str]:
        return {i: n for i, n in s.execute(select(model.id, model.name).where(model.id.in_(ids)))}
    return names


_enterprise_names, _cadre_names = _names_of(Enterprise), _names_of(Cadre)


def _visit_names(s: Session, ids: list[str]) -> dict[str, str]:
    q = (select(Visit.id, Visit.visit_date, Enterprise.name).join(Enterprise, Enterprise.id == Visit.enterprise_id)
         .where(Visit.id.in_(ids)))
    return {i: f"{day.isoformat()} 走访{name}" for i, day, name in s.execute(q)}


def _problem_names(s: Session, ids: list[str]) -> dict[str, str]:
    q = select(Problem.id, Problem.description).where(Problem.id.in_(ids))
    return {i: clip(d, 30) for i, d in s.execute(q)}


def _policy_names(s: Session, ids: list[str]) -> dict[str, str]:
    return {i: title for i, title in s.execute(select(Policy.id, Policy.title).where(Policy.id.in_(ids)))}


def _project_names(s: Session, ids: list[str]) -> dict[str, str]:
    return {i: name for i, name in s.execute(select(Project.id, Project.name).where(Project.id.in_(ids)))}


#: Fields holding IDs of other records, and what reads in their place.
_NAMED_FIELDS: dict[str, Callable[[Session, list[str]], dict[str, str]]] = {
    "enterprise_id": _enterprise_names, "cadre_id": _cadre_names, "cadres": _cadre_names,
    "visit_id": _visit_names, "problem_id": _problem_names, "policy_id": _policy_names,
    "enterprises": _enterprise_names, "project_id": _project_names,
}


def _with_names(s: Session, entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """ID fields read as what they refer to (企业：甲公司, not its UUID); an ID no longer found
    stays as it is."""
    wanted: dict[Callable[[Session, list[str]], dict[str, str]], set[str]] = {}
    for e in entries:
        for c in e.changes:
            if c.field in _NAMED_FIELDS:
                for v in (c.old, c.new):
                    wanted.setdefault(_NAMED_FIELDS[c.field], set()).update(
                        x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str) and x)
    if not wanted:
        return entries
    names: dict[str, str] = {}
    for lookup, ids in wanted.items():
        names.update(lookup(s, sorted(ids)))
    return [replace(e, changes=tuple(replace(c, names=names) if c.field in _NAMED_FIELDS else c
                                     for c in e.changes)) for e in entries]


_MODELS = {table_of(m).name: m for m in SYNCED_MODELS}


def _values_at_creation(s: Session, rows: list[History]) -> tuple[FieldChange, ...]:
    """The fields of a record as it was created, for a creation stored without them.

    An import stores records it creates with an empty creation row (the values are the
    file's, and a merge creates a hundred thousand records): every later change made here
    keeps the old values, so the record as it is now with those changes taken back, newest
    first, is the record as it was created. `rows` starts with the creation."""
    model = _MODELS.get(rows[0].record_type)
    record = s.get(model, rows[0].record_id) if model is not None else None
    last = [h for h in rows if not h.received][-1]
    if record is not None:
        values = audit.current_values(record)
    elif last.operation == audit.DELETE:  # removed (an undone import): its last row holds its values
        values = {k: v[0] for k, v in (last.changes or {}).items()}
    else:
        return ()
    # Only changes made here: rows received from other installations describe their copies.
    for h in reversed(rows[1:]):
        for k, (old, _new) in ({} if h.received else h.changes or {}).items():
            values[k] = old
    return tuple(FieldChange(k, field_label(rows[0].record_type, k), [] if isinstance(v, list) else None, v)
                 for k, v in values.items() if v is not None and v is not False and v != "" and v != [])
