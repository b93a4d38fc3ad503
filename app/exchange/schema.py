"""The exchange workbook's layout: one sheet per kind of record, its columns
(Chinese header, type, drop-down list), in the order written. The writer, the
reader and docs/exchange-format.md all follow this one description."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Table

from app.domain import (
    INDUSTRY_SECTIONS,
    AssignmentRole,
    CadreRole,
    CodeListKind,
    EnterpriseSize,
    Evaluation,
    ExtensionStatus,
    Level,
    OperationStatus,
    ProblemScope,
    ProblemSource,
    ProblemStatus,
    ProgressKind,
    RevisitMethod,
    Trend,
    VisitWay,
)
from app.fields import LABELS
from app.stages import Handling, Stage
from db.exchange_models import table_of
from db.models import (
    Assignment,
    Cadre,
    DeadlineExtension,
    Enterprise,
    EnterpriseTag,
    History,
    Policy,
    PolicyClaim,
    PolicyExplanation,
    Problem,
    ProgressEntry,
    Project,
    ProjectEnterprise,
    ProjectInvestment,
    Revisit,
    Supervision,
    Visit,
    VisitCadre,
)

FORMAT_NAME = "zhuqi-exchange"
#: 2: each record carries its causal history (版本历史) and a check of each field (版本指纹); format 1
#: (a content hash and 同步基线) is still read.
FORMAT_VERSION = 2
META_SHEET = "_meta"
GUIDE_SHEET = "填表说明"
HISTORY_SHEET = "修改历史"
#: Separator of list cells (tags, assisting units, policies, cadres at a visit).
LIST_SEPARATOR = "、"


class K(StrEnum):
    """How a column's value is written and read."""

    ID = "ID"
    TEXT = "文本"
    CODE = "代码文本"  # digits kept as text: credit codes, phones, region codes
    DATE = "日期"
    DATETIME = "日期时间"
    INT = "整数"
    BOOL = "是/否"
    LIST = "列表"
    REF = "引用"
    REFS = "引用列表"
    DISPLAY = "显示"  # written for the reader (a name beside an ID), ignored on import
    META = "同步信息"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: K
    width: float = 14
    #: Fixed choices, or a user-extensible code list.
    choices: tuple[str, ...] | CodeListKind | None = None
    required: bool = False
    max_len: int = 0
    #: For REF/REFS: the sheet key of the referenced record.
    ref: str | None = None
    #: For DISPLAY: the REF column whose record's name is shown.
    shows: str | None = None

    @property
    def content(self) -> bool:
        """Part of the record's content (its hash), as opposed to IDs, names shown and sync data."""
        return self.kind not in (K.ID, K.DISPLAY, K.META) or self.field == "deleted_at"


@dataclass(frozen=True)
class Child:
    """A child table holding a list field: enterprise tags, cadres present at a visit."""

    table: Table
    parent_column: str
    value_column: str
    field: str


@dataclass(frozen=True)
class SheetSpec:
    key: str
    title: str
    table: Table
    columns: tuple[Column, ...]
    child: Child | None = None
    #: Chinese name of one record, for messages.
    noun: str = ""
    #: Part of the record's content (its hash): computed once, read for every row.
    content_columns: tuple[Column, ...] = ()
    #: Columns stored in the table itself (not display columns, not the child list).
    model_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        child = self.child.field if self.child else None
        object.__setattr__(self, "content_columns", tuple(c for c in self.columns if c.content))
        object.__setattr__(self, "model_fields", tuple(
            c.field for c in self.columns
            if c.kind is not K.DISPLAY and c.field not in (child, "fingerprint")))

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # A sheet travels between processes (files read ahead of the merge) by its key.
        return spec_by_key, (self.key,)


def _enum(cls: type[StrEnum]) -> tuple[str, ...]:
    return tuple(m.value for m in cls)


YES, NO = "是", "否"
BOOL_CHOICES = (YES, NO)

_META = (
    Column("deleted_at", "删除时间", K.META, 19),
    Column("created_at", "创建时间", K.META, 19),
    Column("updated_at", "最后修改时间", K.META, 19),
    Column("revision", "修改次数", K.META, 8),
    Column("changed_by", "最后修改安装", K.META, 12),
    Column("fingerprint", "版本指纹", K.META, 12),
    Column("clock", "版本历史", K.META, 24),
)
#: Sync columns of format 1 that are read but no longer written.
LEGACY_COLUMNS = (Column("base", "同步基线", K.META, 12),)


def _sheet(key: str, title: str, table: Table, noun: str, *columns: Column, child: Child | None = None) -> SheetSpec:
    return SheetSpec(key, title, table, (Column("id", "ID", K.ID, 38), *columns, *_META), child, noun)


ENTERPRISES = _sheet(
    "enterprises", "企业名录", table_of(Enterprise), "企业",
    Column("name", LABELS.enterprise_name, K.TEXT, 32, required=True, max_len=200),
    Column("credit_code", LABELS.credit_code, K.CODE, 21),
    Column("credit_code_override", "保留校验位不符的代码", K.BOOL, 10, BOOL_CHOICES),
    Column("region_name", "乡镇/街道", K.TEXT, 12, max_len=100),
    Column("region_code", "行政区划代码", K.CODE, 10),
    Column("address", "地址", K.TEXT, 30, max_len=300),
    Column("industry_code", "行业门类", K.CODE, 8, tuple(INDUSTRY_SECTIONS)),
    Column("industry_text", "行业", K.TEXT, 16, max_len=200),
    Column("size", "企业规模", K.TEXT, 8, _enum(EnterpriseSize)),
    Column("above_scale", "规上企业", K.BOOL, 8, BOOL_CHOICES),
    Column("four_above", "四上企业", K.BOOL, 8, BOOL_CHOICES),
    Column("tags", "企业标签", K.LIST, 16, CodeListKind.TAG),
    Column("legal_representative", "法定代表人", K.TEXT, 10, max_len=50),
    Column("contact_person", "联系人", K.TEXT, 10, max_len=50),
    Column("contact_phone", "联系电话", K.CODE, 14),
    Column("industrial_chain", "产业链", K.TEXT, 10, max_len=100),
    Column("notes", "备注", K.TEXT, 20, max_len=5000),
    child=Child(table_of(EnterpriseTag), "enterprise_id", "tag", "tags"),
)

CADRES = _sheet(
    "cadres", "干部", table_of(Cadre), "干部",
    Column("name", "姓名", K.TEXT, 10, required=True, max_len=50),
    Column("unit", "单位", K.TEXT, 14, CodeListKind.UNIT, max_len=100),
    Column("post", "职务", K.TEXT, 10, max_len=100),
    Column("phone", "电话", K.CODE, 14),
    Column("role", "角色", K.TEXT, 10, _enum(CadreRole), required=True),
)

ASSIGNMENTS = _sheet(
    "assignments", "包联关系", table_of(Assignment), "包联关系",
    Column("cadre_id", "干部ID", K.REF, 38, required=True, ref="cadres"),
    Column("cadre_name", "干部姓名", K.DISPLAY, 10, shows="cadre_id"),
    Column("enterprise_id", "企业ID", K.REF, 38, required=True, ref="enterprises"),
    Column("enterprise_name", LABELS.enterprise_name, K.DISPLAY, 30, shows="enterprise_id"),
    Column("start_date", "开始日期", K.DATE, 11, required=True),
    Column("end_date", "结束日期", K.DATE, 11),
    Column("role", "包联角色", K.TEXT, 10, _enum(AssignmentRole), required=True),
)

VISITS = _sheet(
    "visits", "走访记录", table_of(Visit), "走访记录",
    Column("enterprise_id", "企业ID", K.REF, 38, required=True, ref="enterprises"),
    Column("enterprise_name", LABELS.enterprise_name, K.DISPLAY, 30, shows="enterprise_id"),
    Column("visit_date", "走访日期", K.DATE, 11, required=True),
    Column("way", "走访方式", K.TEXT, 9, _enum(VisitWay), required=True),
    Column("cadre_ids", "走访干部ID", K.REFS, 38, ref="cadres"),
    Column("cadre_names", "走访干部", K.DISPLAY, 14, shows="cadre_ids"),
    Column("people_met", "企业接待人员", K.TEXT, 20, max_len=300),
    Column("discussion", "交流内容", K.TEXT, 40, max_len=5000),
    Column("operation_status", "生产经营状况", K.TEXT, 10, _enum(OperationStatus), required=True),
    Column("employees", "从业人数", K.INT, 8),
    Column("order_trend", "订单趋势", K.TEXT, 8, _enum(Trend)),
    Column("revenue_trend", "营收趋势", K.TEXT, 8, _enum(Trend)),
    Column("operation_notes", "生产经营情况", K.TEXT, 24, max_len=5000),
    Column("policies_explained", "宣传政策", K.LIST, 24, CodeListKind.POLICY),
    Column("follow_up_plan", "下一步工作打算", K.TEXT, 24, max_len=5000),
    child=Child(table_of(VisitCadre), "visit_id", "cadre_id", "cadre_ids"),
)

PROJECTS = _sheet(
    "projects", "地企合作项目", table_of(Project), "地企合作项目",
    Column("name", "项目名称", K.TEXT, 36, required=True, max_len=200),
    Column("partner", "合作方", K.TEXT, 24, max_len=200),
    Column("cooperation_type", "合作类型", K.TEXT, 12, max_len=50),
    Column("enterprise_ids", "涉及企业ID", K.REFS, 38, ref="enterprises"),
    Column("enterprise_names", "涉及企业", K.DISPLAY, 30, shows="enterprise_ids"),
    Column("sector", "所属行业", K.TEXT, 14, max_len=100),
    Column("total_investment", "计划总投资（万元）", K.INT, 12),
    Column("signed_date", "签约日期", K.DATE, 11),
    Column("started_date", "开工日期", K.DATE, 11),
    Column("producing_date", "投产日期", K.DATE, 11),
    Column("effective_date", "达效日期", K.DATE, 11),
    Column("leader", "责任领导", K.TEXT, 10, max_len=50),
    Column("unit", "责任单位", K.TEXT, 14, CodeListKind.UNIT, max_len=100),
    Column("notes", "备注", K.TEXT, 24, max_len=5000),
    child=Child(table_of(ProjectEnterprise), "project_id", "enterprise_id", "enterprise_ids"),
)

PROBLEMS = _sheet(
    "problems", "问题台账", table_of(Problem), "问题",
    Column("enterprise_id", "企业ID", K.REF, 38, required=True, ref="enterprises"),
    Column("enterprise_name", LABELS.enterprise_name, K.DISPLAY, 30, shows="enterprise_id"),
    Column("visit_id", "走访记录ID", K.REF, 38, ref="visits"),
    Column("project_id", "地企合作项目ID", K.REF, 38, ref="projects"),
    Column("category", "问题类别", K.TEXT, 12, CodeListKind.CATEGORY, required=True, max_len=50),
    Column("description", "问题描述", K.TEXT, 40, required=True, max_len=5000),
    Column("demand", "企业诉求", K.TEXT, 30, max_len=5000),
    Column("source", "问题来源", K.TEXT, 10, _enum(ProblemSource), required=True),
    Column("scope", "个性/共性", K.TEXT, 8, _enum(ProblemScope), required=True),
    Column("received_date", "收到日期", K.DATE, 11, required=True),
    Column("lead_unit", "主办单位", K.TEXT, 14, CodeListKind.UNIT, max_len=100),
    Column("assist_units", "协办单位", K.LIST, 18, CodeListKind.UNIT),
    Column("responsible_person", "责任人", K.TEXT, 10, max_len=50),
    Column("responsible_phone", "责任人电话", K.CODE, 14),
    Column("assigned_date", "交办日期", K.DATE, 11),
    Column("deadline", "办结时限", K.DATE, 11),
    Column("level", "层级", K.TEXT, 6, _enum(Level), required=True),
    Column("status", "状态", K.TEXT, 12, _enum(ProblemStatus), required=True),
    Column("resolution", "办理结果", K.TEXT, 30, max_len=5000),
    Column("solved_date", "办结日期", K.DATE, 11),
    Column("deferred_reason", "暂不具备条件原因", K.TEXT, 20, max_len=5000),
    Column("deferred_policy", "政策依据", K.TEXT, 16, max_len=5000),
    Column("evaluation", "企业评价", K.TEXT, 10, _enum(Evaluation)),
    Column("evaluation_comment", "评价意见", K.TEXT, 20, max_len=5000),
    Column("evaluated_date", "评价日期", K.DATE, 11),
    Column("closed_date", "销号日期", K.DATE, 11),
    Column("handling", "办理类型", K.TEXT, 10, _enum(Handling)),
    Column("original_deadline", "原定办结时限", K.DATE, 11),
    Column("extended", "经批准延期", K.BOOL, 8, BOOL_CHOICES),
    Column("handover_due", "交办时限", K.DATE, 11),
    Column("feedback_due", "首次反馈时限", K.DATE, 11),
    Column("feedback_date", "首次反馈日期", K.DATE, 11),
    Column("assist_due", "协办反馈时限", K.DATE, 11),
    Column("assist_answered_date", "协办反馈日期", K.DATE, 11),
    Column("last_report_date", "最近进展报告日期", K.DATE, 11),
    Column("revisit_due", "回访时限", K.DATE, 11),
    Column("stage", "当前环节", K.TEXT, 10, _enum(Stage)),
    Column("stage_due", "当前环节时限", K.DATE, 11),
)

EXTENSIONS = _sheet(
    "extensions", "延期记录", table_of(DeadlineExtension), "延期记录",
    Column("problem_id", "问题ID", K.REF, 38, required=True, ref="problems"),
    Column("requested_date", "申请日期", K.DATE, 11, required=True),
    Column("reason", "延期原因", K.TEXT, 30, required=True, max_len=5000),
    Column("old_deadline", "原时限", K.DATE, 11),
    Column("new_deadline", "新时限", K.DATE, 11, required=True),
    Column("requested_by", "申请人", K.TEXT, 14, max_len=100),
    Column("status", "审批状态", K.TEXT, 8, _enum(ExtensionStatus), required=True),
    Column("decided_by", "审批人", K.TEXT, 14, max_len=100),
    Column("decided_date", "审批日期", K.DATE, 11),
    Column("decision_note", "审批意见", K.TEXT, 24, max_len=5000),
)

PROGRESS = _sheet(
    "progress", "办理进展", table_of(ProgressEntry), "办理进展",
    Column("problem_id", "问题ID", K.REF, 38, required=True, ref="problems"),
    Column("entry_date", "日期", K.DATE, 11, required=True),
    Column("recorded_at", "记录时间", K.DATETIME, 19, required=True),
    Column("kind", "类型", K.TEXT, 10, _enum(ProgressKind), required=True),
    Column("actor", "经办人", K.TEXT, 14, max_len=100),
    Column("content", "内容", K.TEXT, 40, max_len=5000),
    Column("from_status", "原状态", K.TEXT, 10, _enum(ProblemStatus)),
    Column("to_status", "新状态", K.TEXT, 10, _enum(ProblemStatus)),
    Column("problem_version", "所属问题版本", K.META, 16),
)

SUPERVISIONS = _sheet(
    "supervisions", "督办记录", table_of(Supervision), "督办记录",
    Column("problem_id", "问题ID", K.REF, 38, required=True, ref="problems"),
    Column("number", "督办编号", K.TEXT, 14, required=True, max_len=40),
    Column("issued_date", "督办日期", K.DATE, 11, required=True),
    Column("level", "督办级别", K.TEXT, 10, CodeListKind.SUPERVISION_LEVEL, required=True, max_len=20),
    Column("issued_by", "督办人", K.TEXT, 14, max_len=100),
    Column("unit", "被督办单位", K.TEXT, 14, CodeListKind.UNIT, max_len=100),
    Column("stage", "逾期环节", K.TEXT, 10, max_len=8),
    Column("days_late", "逾期工作日", K.INT, 8),
    Column("due_date", "反馈期限", K.DATE, 11),
    Column("note", "督办意见", K.TEXT, 30, max_len=5000),
)

REVISITS = _sheet(
    "revisits", "回访评价", table_of(Revisit), "回访评价",
    Column("problem_id", "问题ID", K.REF, 38, required=True, ref="problems"),
    Column("revisit_date", "回访日期", K.DATE, 11, required=True),
    Column("method", "回访方式", K.TEXT, 14, _enum(RevisitMethod), required=True),
    Column("evaluator", "企业评价人", K.TEXT, 10, required=True, max_len=50),
    Column("evaluator_position", "评价人职务", K.TEXT, 10, max_len=50),
    Column("result", "评价结果", K.TEXT, 10, _enum(Evaluation), required=True),
    Column("comment", "评价意见", K.TEXT, 24, max_len=5000),
    Column("recorded_by", "回访人", K.TEXT, 14, max_len=100),
    Column("check_solved", "问题是否解决", K.BOOL, 8, BOOL_CHOICES),
    Column("check_answered", "是否答复企业", K.BOOL, 8, BOOL_CHOICES),
    Column("check_contacted", "责任单位是否对接企业", K.BOOL, 8, BOOL_CHOICES),
    Column("check_satisfied", "企业负责人是否满意", K.BOOL, 8, BOOL_CHOICES),
)

POLICIES = _sheet(
    "policies", "政策库", table_of(Policy), "政策",
    Column("title", "政策名称", K.TEXT, 40, required=True, max_len=300),
    Column("issuer", "发文单位", K.TEXT, 16, max_len=200),
    Column("doc_number", "文号", K.TEXT, 18, max_len=100),
    Column("issued_date", "发布日期", K.DATE, 11),
    Column("valid_from", "有效期起", K.DATE, 11),
    Column("valid_to", "有效期至", K.DATE, 11),
    Column("industries", "适用行业门类", K.LIST, 12),
    Column("sizes", "适用企业规模", K.LIST, 12),
    Column("tags", "适用企业标签", K.LIST, 16, CodeListKind.TAG),
    Column("eligibility", "适用对象", K.TEXT, 30, max_len=5000),
    Column("benefits", "支持内容", K.TEXT, 40, max_len=5000),
    Column("how_to_apply", "申报方式", K.TEXT, 30, max_len=5000),
    Column("contact_unit", "联系单位", K.TEXT, 16, max_len=200),
    Column("notes", "备注", K.TEXT, 20, max_len=5000),
)

EXPLANATIONS = _sheet(
    "explanations", "政策宣传", table_of(PolicyExplanation), "政策宣传记录",
    Column("visit_id", "走访记录ID", K.REF, 38, required=True, ref="visits"),
    Column("enterprise_id", "企业ID", K.REF, 38, required=True, ref="enterprises"),
    Column("enterprise_name", "企业名称", K.DISPLAY, 30, shows="enterprise_id"),
    Column("policy_id", "政策ID", K.REF, 38, required=True, ref="policies"),
    Column("policy_title", "政策名称", K.DISPLAY, 40, shows="policy_id"),
)

CLAIMS = _sheet(
    "claims", "政策兑现", table_of(PolicyClaim), "政策兑现记录",
    Column("enterprise_id", "企业ID", K.REF, 38, required=True, ref="enterprises"),
    Column("enterprise_name", "企业名称", K.DISPLAY, 30, shows="enterprise_id"),
    Column("policy_id", "政策ID", K.REF, 38, required=True, ref="policies"),
    Column("policy_title", "政策名称", K.DISPLAY, 40, shows="policy_id"),
    Column("applied_date", "申报日期", K.DATE, 11),
    Column("granted_date", "兑现日期", K.DATE, 11),
    Column("amount", "兑现金额（元）", K.INT, 12),
    Column("notes", "备注", K.TEXT, 24, max_len=5000),
)

INVESTMENTS = _sheet(
    "investments", "项目投资", table_of(ProjectInvestment), "项目投资记录",
    Column("project_id", "项目ID", K.REF, 38, required=True, ref="projects"),
    Column("project_name", "项目名称", K.DISPLAY, 36, shows="project_id"),
    Column("year", "年度", K.INT, 8, required=True),
    Column("planned", "计划投资（万元）", K.INT, 12),
    Column("paid_in", "到位资金（万元）", K.INT, 12),
    Column("notes", "备注", K.TEXT, 24, max_len=5000),
)

#: In dependency order: a sheet's references point only to sheets before it.
SHEETS: tuple[SheetSpec, ...] = (ENTERPRISES, CADRES, ASSIGNMENTS, VISITS, PROJECTS, PROBLEMS, EXTENSIONS, PROGRESS,
                                 SUPERVISIONS, REVISITS, POLICIES, EXPLANATIONS,
                                 CLAIMS, INVESTMENTS)
BY_KEY = {s.key: s for s in SHEETS}
BY_TABLE = {s.table.name: s for s in SHEETS}


def spec_by_key(key: str) -> SheetSpec:
    return BY_KEY[key]

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", K.ID, 38),
    Column("record_id", "记录ID", K.CODE, 38),
    Column("record_type", "记录类型", K.TEXT, 10),
    Column("operation", "操作", K.TEXT, 6),
    Column("changed_at", "修改时间", K.DATETIME, 19),
    Column("installation_id", "安装ID", K.CODE, 12),
    Column("actor", "修改人", K.TEXT, 16),
    Column("via", "经由", K.TEXT, 24),
    Column("changes_text", "修改内容", K.DISPLAY, 60),
    Column("changes", "修改数据（JSON）", K.TEXT, 20),
)
HISTORY_TABLE: Table = table_of(History)

#: Keys of the per-kind counts in reports (the JSON of `zhuqi import --json`).
COUNT_KEYS: tuple[str, ...] = (*(s.key for s in SHEETS), "history")
