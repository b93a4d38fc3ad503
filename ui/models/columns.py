"""The columns of the window's tables, declared once per kind of row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain import ProblemStatus
from app.services.cadres import AssignmentView
from app.services.enterprises import EnterpriseView
from app.services.problems import ProblemView, TimelineEntry
from app.ranking import Ranked
from app.services.stats import GroupRow, NeverVisited
from app.services.visits import VisitView
from ui.format import day, pct
from ui.models.table import OVERDUE_RED, Column

DONE_GREEN = QColor("#2e7d32")
MUTED = QColor("#757575")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Columns", text)


def _status_color(p: ProblemView) -> QColor | None:
    if p.overdue:
        return OVERDUE_RED
    if p.status is ProblemStatus.CLOSED:
        return DONE_GREEN
    if p.status is ProblemStatus.DEFERRED:
        return MUTED
    return None


def _status_text(p: ProblemView) -> str:
    if p.pending_extension:
        return _tr("{status}（延期待批）").format(status=p.status.value)
    return p.status.value


def problem_columns() -> list[Column[ProblemView]]:
    return [
        Column(_tr("收到日期"), lambda p: day(p.received_date), "received_date"),
        Column(_tr("企业"), lambda p: p.enterprise_name, "enterprise"),
        Column(_tr("乡镇/街道"), lambda p: p.region_name, "region"),
        Column(_tr("类别"), lambda p: p.category, "category"),
        Column(_tr("问题描述"), lambda p: p.description, "description",
               tooltip=lambda p: f"{p.description}\n{p.demand}".strip()),
        Column(_tr("主办单位"), lambda p: p.lead_unit, "lead_unit"),
        Column(_tr("当前环节"), lambda p: p.stage.value if p.stage else "", "stage",
               color=lambda p: OVERDUE_RED if p.overdue else None),
        Column(_tr("环节时限"), lambda p: day(p.stage_due), "stage_due",
               color=lambda p: OVERDUE_RED if p.overdue else None,
               tooltip=lambda p: _tr("办结时限：{deadline}").format(deadline=day(p.deadline)) if p.deadline else ""),
        Column(_tr("逾期"), _late_text, color=lambda p: OVERDUE_RED if p.overdue else None, align_right=True),
        Column(_tr("状态"), _status_text, "status", color=_status_color),
        Column(_tr("企业评价"), lambda p: p.evaluation.value if p.evaluation else "", "evaluation"),
    ]


def _late_text(p: ProblemView) -> str:
    return _tr("{n}个工作日").format(n=p.days_late) if p.overdue else ""


def timeline_columns() -> list[Column[TimelineEntry]]:
    return [
        Column(_tr("日期"), lambda e: day(e.entry_date)),
        Column(_tr("环节"), lambda e: e.kind),
        Column(_tr("内容"), lambda e: e.content, tooltip=lambda e: e.content),
        Column(_tr("经办人"), lambda e: e.actor),
    ]


def enterprise_columns() -> list[Column[EnterpriseView]]:
    return [
        Column(_tr("企业名称"), lambda e: e.name, "name"),
        Column(_tr("统一社会信用代码"), lambda e: e.credit_code or "", "credit_code"),
        Column(_tr("乡镇/街道"), lambda e: e.region_name, "region"),
        Column(_tr("行业"), lambda e: e.industry_label, "industry"),
        Column(_tr("标签"), lambda e: "、".join(e.tags)),
        Column(_tr("规上"), lambda e: _tr("是") if e.above_scale else "", "above_scale"),
    ]


def visit_columns() -> list[Column[VisitView]]:
    return [
        Column(_tr("走访日期"), lambda v: day(v.visit_date), sort_value=lambda v: v.visit_date),
        Column(_tr("企业"), lambda v: v.enterprise_name),
        Column(_tr("方式"), lambda v: v.way),
        Column(_tr("走访干部"), lambda v: "、".join(v.cadre_names)),
        Column(_tr("问题数"), lambda v: str(len(v.problem_ids)), sort_value=lambda v: len(v.problem_ids),
               align_right=True),
        Column(_tr("交流内容"), lambda v: v.discussion),
    ]


def assignment_columns() -> list[Column[AssignmentView]]:
    return [
        Column(_tr("干部"), lambda a: a.cadre_name),
        Column(_tr("包联角色"), lambda a: a.role),
        Column(_tr("单位"), lambda a: a.cadre_unit),
        Column(_tr("开始日期"), lambda a: day(a.start_date)),
        Column(_tr("结束日期"), lambda a: day(a.end_date)),
    ]


def my_enterprise_columns() -> list[Column[AssignmentView]]:
    return [
        Column(_tr("企业"), lambda a: a.enterprise_name),
        Column(_tr("包联起始"), lambda a: day(a.start_date)),
    ]


def never_visited_columns() -> list[Column[NeverVisited]]:
    return [
        Column(_tr("企业"), lambda n: n.name),
        Column(_tr("乡镇/街道"), lambda n: n.region_name),
        Column(_tr("包联领导"), lambda n: n.leader),
        Column(_tr("首席服务员"), lambda n: n.chief),
    ]


def _num(v: int | None) -> str:
    return "" if v is None else str(v)


def group_columns(key_title: str, *, coverage: bool) -> list[Column[GroupRow]]:
    cols: list[Column[GroupRow]] = [Column(key_title, lambda r: r.key or _tr("（未交办）"))]
    if coverage:
        cols += [
            Column(_tr("包联企业"), lambda r: _num(r.assigned), sort_value=lambda r: r.assigned or 0,
                   align_right=True),
            Column(_tr("覆盖率"), lambda r: pct(r.coverage_rate), sort_value=lambda r: r.coverage_rate or 0,
                   align_right=True),
        ]
    cols += [
        Column(_tr("问题"), lambda r: str(r.problems.raised), sort_value=lambda r: r.problems.raised,
               align_right=True),
        Column(_tr("办结"), lambda r: str(r.problems.solved), sort_value=lambda r: r.problems.solved,
               align_right=True),
        Column(_tr("化解率"), lambda r: pct(r.problems.resolve_rate),
               sort_value=lambda r: r.problems.resolve_rate or 0, align_right=True),
        Column(_tr("办结率"), lambda r: pct(r.problems.solve_rate),
               sort_value=lambda r: r.problems.solve_rate or 0, align_right=True),
        Column(_tr("销号率"), lambda r: pct(r.problems.close_rate),
               sort_value=lambda r: r.problems.close_rate or 0, align_right=True),
        Column(_tr("按期办结率"), lambda r: pct(r.problems.on_time_rate),
               sort_value=lambda r: r.problems.on_time_rate or 0, align_right=True),
        Column(_tr("回访率"), lambda r: pct(r.problems.revisit_rate),
               sort_value=lambda r: r.problems.revisit_rate or 0, align_right=True),
        Column(_tr("满意率"), lambda r: pct(r.problems.satisfaction_rate),
               sort_value=lambda r: r.problems.satisfaction_rate or 0, align_right=True),
        Column(_tr("逾期"), lambda r: str(r.problems.overdue), sort_value=lambda r: r.problems.overdue,
               align_right=True, color=lambda r: OVERDUE_RED if r.problems.overdue else None),
    ]
    return cols


def ranking_columns() -> list[Column[Ranked]]:
    """Units in the order of the ranking (app.ranking): place, score and the rates it is made of."""
    return [
        Column(_tr("名次"), lambda r: str(r.place) if r.place else _tr("单列"),
               sort_value=lambda r: r.place or 10_000, align_right=True),
        Column(_tr("主办单位"), lambda r: r.row.key),
        Column(_tr("问题"), lambda r: str(r.row.problems.raised), sort_value=lambda r: r.row.problems.raised,
               align_right=True),
        Column(_tr("化解率"), lambda r: pct(r.row.problems.resolve_rate),
               sort_value=lambda r: r.row.problems.resolve_rate or 0, align_right=True),
        Column(_tr("按期办结率"), lambda r: pct(r.row.problems.on_time_rate),
               sort_value=lambda r: r.row.problems.on_time_rate or 0, align_right=True),
        Column(_tr("满意率"), lambda r: pct(r.row.problems.satisfaction_rate),
               sort_value=lambda r: r.row.problems.satisfaction_rate or 0, align_right=True),
        Column(_tr("得分"), lambda r: f"{r.score:.1f}", sort_value=lambda r: r.score, align_right=True),
        Column(_tr("逾期"), lambda r: str(r.row.problems.overdue), sort_value=lambda r: r.row.problems.overdue,
               align_right=True, color=lambda r: OVERDUE_RED if r.row.problems.overdue else None),
        Column(_tr("督办"), lambda r: str(r.row.supervisions or 0), sort_value=lambda r: r.row.supervisions or 0,
               align_right=True),
    ]
