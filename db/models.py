"""The tables. Coded values are stored as their Chinese labels (see app.domain)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Record
from db.types import UTCDateTime


class AppMeta(Base):
    """Key/value facts about this database: the installation ID, when it was made."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class CodeListEntry(Base):
    """A value of a user-extensible code list (problem categories, tags, policies, units)."""

    __tablename__ = "code_list"
    __table_args__ = (UniqueConstraint("kind", "value", name="kind_value"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(100))
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Enterprise(Record, Base):
    __tablename__ = "enterprises"
    __table_args__ = (
        Index("ix_enterprises_name_key", "name_key"),
        Index("ix_enterprises_region_name", "region_name"),
        # Covering index: statistics read live enterprises' regions (and whether 规上/四上, the coverage
        # lists) without the wide rows.
        Index("ix_enterprises_live_region", "deleted_at", "region_name", "id", "above_scale", "four_above"),
    )
    name: Mapped[str] = mapped_column(String(200))
    #: Folded name for matching duplicates (app.standards.text.name_key).
    name_key: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True, default=None)
    #: Set when a user kept a credit code that fails its check character.
    credit_code_override: Mapped[bool] = mapped_column(Boolean, default=False)
    region_name: Mapped[str] = mapped_column(String(100), default="")
    region_code: Mapped[str | None] = mapped_column(String(6), default=None)
    address: Mapped[str] = mapped_column(String(300), default="")
    industry_code: Mapped[str | None] = mapped_column(String(1), default=None)
    industry_text: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[str | None] = mapped_column(String(8), default=None)
    above_scale: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 四上企业 (规上工业, 资质以上建筑业, 限上批零住餐, 规上服务业), where an office uses that list.
    four_above: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    legal_representative: Mapped[str] = mapped_column(String(50), default="")
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="")
    industrial_chain: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    tags: Mapped[list[EnterpriseTag]] = relationship(
        cascade="all, delete-orphan", order_by="EnterpriseTag.tag", lazy="selectin"
    )


class EnterpriseTag(Base):
    __tablename__ = "enterprise_tags"
    enterprise_id: Mapped[str] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(50), primary_key=True, index=True)


class Cadre(Record, Base):
    __tablename__ = "cadres"
    name: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(100), default="")
    post: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    role: Mapped[str] = mapped_column(String(20))


class Assignment(Record, Base):
    """包联关系: a cadre is responsible for an enterprise from start to end."""

    __tablename__ = "assignments"
    # Covering index: statistics read every live assignment's cadre, enterprise and role.
    __table_args__ = (Index("ix_assignments_stats", "deleted_at", "cadre_id", "enterprise_id", "role", "start_date",
                            "end_date"),)
    cadre_id: Mapped[str] = mapped_column(ForeignKey("cadres.id"), index=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    #: 包联领导, 首席服务员 or 助企干部 for this enterprise (app.domain.AssignmentRole).
    role: Mapped[str] = mapped_column(String(20), default="助企干部", server_default="助企干部")


class VisitCadre(Base):
    """Cadres present at a visit."""

    __tablename__ = "visit_cadres"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True)
    cadre_id: Mapped[str] = mapped_column(ForeignKey("cadres.id"), primary_key=True, index=True)


class Visit(Record, Base):
    __tablename__ = "visits"
    # Covering index: statistics count visits without reading what was discussed.
    __table_args__ = (
        Index("ix_visits_stats", "enterprise_id", "visit_date", "deleted_at", "id"),
        # By date, covering what a period's statistics read (the visits of the period, their cadres).
        Index("ix_visits_visit_date", "visit_date", "deleted_at", "enterprise_id", "id"),
    )
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"))
    visit_date: Mapped[date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(10))
    people_met: Mapped[str] = mapped_column(String(300), default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    operation_status: Mapped[str] = mapped_column(String(10))
    employees: Mapped[int | None] = mapped_column(Integer, default=None)
    order_trend: Mapped[str | None] = mapped_column(String(4), default=None)
    revenue_trend: Mapped[str | None] = mapped_column(String(4), default=None)
    operation_notes: Mapped[str] = mapped_column(Text, default="")
    policies_explained: Mapped[list[str]] = mapped_column(JSON, default=list)
    follow_up_plan: Mapped[str] = mapped_column(Text, default="")

    cadres: Mapped[list[VisitCadre]] = relationship(cascade="all, delete-orphan", lazy="selectin")


#: Every column a figure of the statistics reads (app.services.stats): with them in the index, a
#: report reads the index alone, never the wide rows (issue 25).
_STATS_COLUMNS = ("deleted_at", "status", "evaluation", "extended", "received_date", "assigned_date", "solved_date",
                  "original_deadline", "stage_due")

#: The filters of a statistics report on problems (app.services.stats), after a stage's dates.
_STAGE_FILTERS = ("deleted_at", "status", "received_date", "solved_date", "enterprise_id", "lead_unit", "category")
#: Index name → the (start, end) dates of a stage.
STAGE_INDEXES = {
    "ix_problems_stage_handover": ("received_date", "assigned_date"),
    "ix_problems_stage_feedback": ("assigned_date", "feedback_date"),
    "ix_problems_stage_solve": ("assigned_date", "solved_date"),
    "ix_problems_stage_revisit": ("solved_date", "evaluated_date"),
}


#: The live problems awaiting a stage (the partial index of overdue problems).
_AWAITING = text("deleted_at IS NULL AND stage_due IS NOT NULL")


class Problem(Record, Base):
    __tablename__ = "problems"
    __table_args__ = (
        Index("ix_problems_status_deadline", "status", "deadline"),
        Index("ix_problems_stage_due", "stage_due"),
        # The problems late or due at a stage, with their enterprise and stage: "overdue" in a region or
        # for a cadre, and the statistics' overdue by stage, read this index alone (migration 26d;
        # app.services.problems.overdue_condition). deleted_at (always NULL here) because SQLite reads
        # an index alone only if it holds every column the statement names.
        # With their unit, category and source: the all-time statistics' overdue figures (migration 27t);
        # with their received and solved dates: a period's (27u).
        Index("ix_problems_overdue", "stage_due", "enterprise_id", "stage", "deleted_at", "lead_unit", "category",
              "source", "received_date", "solved_date", sqlite_where=_AWAITING, postgresql_where=_AWAITING),
        # The few deleted problems (statistics take their 督办 away from all), tiny and kept only on deletion.
        Index("ix_problems_deleted", "id", sqlite_where=text("deleted_at IS NOT NULL"),
              postgresql_where=text("deleted_at IS NOT NULL")),
        Index("ix_problems_category", "category"),
        # Covering indexes: the statistics read these instead of the wide rows.
        # by_unit is in the order of the report's grouping (no sort of 100,000 rows).
        Index("ix_problems_stats_by_unit", "lead_unit", "category", "source", *_STATS_COLUMNS, "enterprise_id"),
        Index("ix_problems_stats_by_enterprise", "enterprise_id", *_STATS_COLUMNS, "lead_unit", "category", "source"),
        # One per stage, in the order of its (start, end) dates: the average working days of each stage
        # are grouped by date pairs, which these give without a sort (the handover one also serves the
        # ledger's order by received date).
        *(Index(name, *pair, *(c for c in _STAGE_FILTERS if c not in pair)) for name, pair in STAGE_INDEXES.items()),
    )
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"))
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"), index=True, default=None)
    #: The 地企合作 project that raised the problem, if any (an ordinary problem otherwise).
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id"), index=True, default=None)
    category: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(Text)
    demand: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10))
    scope: Mapped[str] = mapped_column(String(4))
    received_date: Mapped[date] = mapped_column(Date)
    lead_unit: Mapped[str] = mapped_column(String(100), default="")
    assist_units: Mapped[list[str]] = mapped_column(JSON, default=list)
    responsible_person: Mapped[str] = mapped_column(String(50), default="")
    responsible_phone: Mapped[str] = mapped_column(String(30), default="")
    assigned_date: Mapped[date | None] = mapped_column(Date, default=None)
    deadline: Mapped[date | None] = mapped_column(Date, default=None)
    level: Mapped[str] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(10))
    resolution: Mapped[str] = mapped_column(Text, default="")
    solved_date: Mapped[date | None] = mapped_column(Date, default=None)
    deferred_reason: Mapped[str] = mapped_column(Text, default="")
    deferred_policy: Mapped[str] = mapped_column(Text, default="")
    evaluation: Mapped[str | None] = mapped_column(String(6), default=None)
    evaluation_comment: Mapped[str] = mapped_column(Text, default="")
    evaluated_date: Mapped[date | None] = mapped_column(Date, default=None)
    closed_date: Mapped[date | None] = mapped_column(Date, default=None)
    # ---- stage time limits (app.stages), kept by the workflow ----
    #: 办理类型 chosen at 交办: 一般, 复杂 or 需上级协调 (app.stages.Handling).
    handling: Mapped[str | None] = mapped_column(String(6), default=None)
    #: The 办结 deadline set at 交办; `deadline` is the one in force after approved extensions.
    original_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    extended: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    handover_due: Mapped[date | None] = mapped_column(Date, default=None)
    feedback_due: Mapped[date | None] = mapped_column(Date, default=None)
    feedback_date: Mapped[date | None] = mapped_column(Date, default=None)
    assist_due: Mapped[date | None] = mapped_column(Date, default=None)
    assist_answered_date: Mapped[date | None] = mapped_column(Date, default=None)
    last_report_date: Mapped[date | None] = mapped_column(Date, default=None)
    revisit_due: Mapped[date | None] = mapped_column(Date, default=None)
    #: The stage awaited now and its due day (app.stages.Stage); overdue when stage_due < today.
    stage: Mapped[str | None] = mapped_column(String(8), default=None)
    stage_due: Mapped[date | None] = mapped_column(Date, default=None)


class DeadlineExtension(Record, Base):
    """延期申请: requested before the deadline with a reason and a new date, approved or refused
    by an office; only an approved one moves the problem's deadline."""

    __tablename__ = "deadline_extensions"
    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"), index=True)
    requested_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    old_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    new_deadline: Mapped[date] = mapped_column(Date)
    requested_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    #: app.domain.ExtensionStatus; extensions recorded before approvals existed count as approved.
    status: Mapped[str] = mapped_column(String(6), default="待审批", server_default="已批准")
    decided_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    decided_date: Mapped[date | None] = mapped_column(Date, default=None)
    decision_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class Supervision(Record, Base):
    """督办: one 督办单 issued for a problem (its number is printed on the notice)."""

    __tablename__ = "supervisions"
    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    issued_date: Mapped[date] = mapped_column(Date, index=True)
    #: 提醒, 督办, 挂牌督办 … (code list 督办级别).
    level: Mapped[str] = mapped_column(String(20))
    issued_by: Mapped[str] = mapped_column(String(100), default="")
    #: The lead unit pressed, and the stage that was late, when it was issued.
    unit: Mapped[str] = mapped_column(String(100), default="")
    stage: Mapped[str] = mapped_column(String(8), default="")
    days_late: Mapped[int] = mapped_column(Integer, default=0)
    #: The date by which the unit must answer.
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class Revisit(Record, Base):
    """回访评价: the company's own evaluation of a solved problem, by someone at the company."""

    __tablename__ = "revisits"
    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"), index=True)
    revisit_date: Mapped[date] = mapped_column(Date)
    #: app.domain.RevisitMethod.
    method: Mapped[str] = mapped_column(String(20))
    evaluator: Mapped[str] = mapped_column(String(50))
    evaluator_position: Mapped[str] = mapped_column(String(50), default="")
    result: Mapped[str] = mapped_column(String(6))
    comment: Mapped[str] = mapped_column(Text, default="")
    #: Who recorded it (the cadre or office), not the evaluator.
    recorded_by: Mapped[str] = mapped_column(String(100), default="")
    check_solved: Mapped[bool] = mapped_column(Boolean, default=False)
    check_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    check_contacted: Mapped[bool] = mapped_column(Boolean, default=False)
    check_satisfied: Mapped[bool] = mapped_column(Boolean, default=False)


class Policy(Record, Base):
    """惠企政策: one policy of the library cadres explain on visits, as an office's 政策汇编 lists it.

    Who may claim it is kept both as written (`eligibility`, 适用对象) and as the codes a company
    is matched by: industry 门类 letters, enterprise sizes and enterprise tags (专精特新, 规上 …);
    an empty list means no restriction of that kind."""

    __tablename__ = "policies"
    title: Mapped[str] = mapped_column(String(300))
    #: 发文单位.
    issuer: Mapped[str] = mapped_column(String(200), default="")
    #: 文号, such as 豫政办〔2025〕12号; how a re-imported list finds the policy again.
    doc_number: Mapped[str] = mapped_column(String(100), default="", index=True)
    issued_date: Mapped[date | None] = mapped_column(Date, default=None)
    valid_from: Mapped[date | None] = mapped_column(Date, default=None)
    #: The last day the policy is in force; None: no end given.
    valid_to: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    sizes: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    eligibility: Mapped[str] = mapped_column(Text, default="")
    #: 支持内容: what the company gets.
    benefits: Mapped[str] = mapped_column(Text, default="")
    #: 申报方式.
    how_to_apply: Mapped[str] = mapped_column(Text, default="")
    contact_unit: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class PolicyExplanation(Record, Base):
    """政策宣传: a policy of the library explained to the company at a visit (ticked on the visit
    form). The company is the visit's, kept here too so a company's policies are read at once."""

    __tablename__ = "policy_explanations"
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policies.id"), index=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), index=True)


class PolicyClaim(Record, Base):
    """政策兑现: a company's 申报 of a policy it was told of, and the 兑现 (granted, with the amount)."""

    __tablename__ = "policy_claims"
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), index=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policies.id"), index=True)
    applied_date: Mapped[date | None] = mapped_column(Date, default=None)
    granted_date: Mapped[date | None] = mapped_column(Date, default=None)
    #: 兑现金额 in yuan; None when not granted or not known.
    amount: Mapped[int | None] = mapped_column(Integer, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")


class Project(Record, Base):
    """地企合作: a project signed with a company or a central/provincial enterprise, followed
    through its stages 签约, 开工, 投产, 达效 (a date each; the stage is the latest date reached)."""

    __tablename__ = "projects"
    name: Mapped[str] = mapped_column(String(200))
    #: 合作方, e.g. 中国建材集团有限公司.
    partner: Mapped[str] = mapped_column(String(200), default="")
    #: 合作类型: 招商引资, 产业链配套, 技术合作 … (free text).
    cooperation_type: Mapped[str] = mapped_column(String(50), default="")
    #: 所属行业.
    sector: Mapped[str] = mapped_column(String(100), default="")
    #: 计划总投资, 万元.
    total_investment: Mapped[int | None] = mapped_column(Integer, default=None)
    signed_date: Mapped[date | None] = mapped_column(Date, default=None)
    started_date: Mapped[date | None] = mapped_column(Date, default=None)
    producing_date: Mapped[date | None] = mapped_column(Date, default=None)
    effective_date: Mapped[date | None] = mapped_column(Date, default=None)
    #: 责任领导.
    leader: Mapped[str] = mapped_column(String(50), default="")
    #: 责任单位.
    unit: Mapped[str] = mapped_column(String(100), default="", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    enterprises: Mapped[list[ProjectEnterprise]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectEnterprise.enterprise_id", lazy="selectin")


class ProjectEnterprise(Base):
    """The companies a project involves (the local side)."""

    __tablename__ = "project_enterprises"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprises.id"), primary_key=True, index=True)


class ProjectInvestment(Record, Base):
    """One year of a project's investment: planned and paid in (到位资金), 万元."""

    __tablename__ = "project_investments"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    planned: Mapped[int] = mapped_column(Integer, default=0)
    paid_in: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class CalendarDay(Base):
    """An office's own entry in the working-day calendar (a year the program does not know yet,
    or a correction): the day is a working day or a day off."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(50), default="")


class ProgressEntry(Record, Base):
    """One dated step in a problem's timeline; every state change writes one."""

    __tablename__ = "progress_entries"
    problem_id: Mapped[str] = mapped_column(ForeignKey("problems.id"), index=True)
    entry_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    from_status: Mapped[str | None] = mapped_column(String(10), default=None)
    to_status: Mapped[str | None] = mapped_column(String(10), default=None)
    #: The write of the problem made with this entry (`actor:counter`, db.causal); "" if none is known.
    problem_version: Mapped[str] = mapped_column(String(40), default="")
    #: That write lost a settled conflict: the entry is history, not the problem's current course.
    #: Derived here from the problem's clock (never exchanged), so it holds wherever the entry arrives.
    superseded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class History(Base):
    """Append-only audit trail: one row per change of one record.

    `changes` maps each changed field to [old, new] (JSON-safe values). Rows have
    UUIDs so that they can travel with the exchange workbook and be merged
    without duplicates."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_record", "record_id", "changed_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36))
    record_type: Mapped[str] = mapped_column(String(40))
    operation: Mapped[str] = mapped_column(String(10))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    installation_id: Mapped[str] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(200), default="")
    via: Mapped[str] = mapped_column(String(200), default="")
    changes: Mapped[dict[str, list[object]]] = mapped_column(JSON, default=dict)
    #: Another installation's row, received with its exchange workbook (not a change made here).
    received: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AppUser(Base):
    """Who may do what on this database (app.services.access): a person's name, their role, and
    for a cadre's desk the cadre whose assigned enterprises they edit. Kept per database, never
    exchanged; with no row at all everyone may do everything (a cadre's own laptop)."""

    __tablename__ = "app_users"
    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    #: 办公室, 经办, 领导 or 干部 (app.domain.UserRole).
    role: Mapped[str] = mapped_column(String(20))
    #: The cadre (cadres.id) a 干部 user acts for; no foreign key: an undone import may take the cadre away.
    cadre_id: Mapped[str | None] = mapped_column(String(36), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


SYNCED_MODELS: tuple[type[Record], ...] = (
    Enterprise, Cadre, Assignment, Visit, Problem, DeadlineExtension, ProgressEntry, Supervision, Revisit,
    Policy, PolicyExplanation, PolicyClaim, Project, ProjectInvestment,
)

# The exchange's bookkeeping tables live in their own module; importing it registers them.
import db.exchange_models  # noqa: E402,F401
