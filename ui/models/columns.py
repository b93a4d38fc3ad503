"""The columns of the window's tables, declared once per kind of row."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.domain import ProblemStatus
from app.ranking import Ranked
from app.services.cadres import AssignmentView
from app.services.enterprises import EnterpriseView
from app.services.problems import ProblemView, TimelineEntry
from app.services.stats import GroupRow, NeverVisited
from app.services.visits import VisitView
from ui.domain_text import shown
from ui.format import day, pct
from ui.models.table import OVERDUE_RED, Column

DONE_GREEN = QColor("#2e7d32")
MUTED = QColor("#757575")


#: translate("Columns", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate


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
        return translate("Columns", "{status}（延期待批）").format(status=shown(p.status))
    return shown(p.status)


def problem_summary(p: ProblemView) -> str:
    """The whole problem in a few lines: the tooltip of every cell of its row, so a cut cell
    is read without opening the problem."""
    lines = [
        translate("Columns", "企业：{name}").format(name=p.enterprise_name)
        + (translate("Columns", "（{region}）").format(region=p.region_name) if p.region_name else ""),
        translate("Columns", "类别：{category}（{scope}，{source}）").format(
            category=p.category, scope=shown(p.scope), source=shown(p.source)),
        translate("Columns", "问题：{text}").format(text=p.description),
        translate("Columns", "收到日期：{date}").format(date=day(p.received_date)),
    ]
    if p.demand:
        lines.append(translate("Columns", "诉求：{text}").format(text=p.demand))
    if p.lead_unit:
        lines.append(translate("Columns", "主办：{unit}").format(unit=p.lead_unit))
    if p.deadline:
        lines.append(translate("Columns", "办结时限：{date}").format(date=day(p.deadline)))
    if p.stage:
        lines.append(translate("Columns", "当前环节：{stage}（{date}前）").format(stage=shown(p.stage),
                                                                          date=day(p.stage_due))
                     if p.stage_due else translate("Columns", "当前环节：{stage}").format(stage=shown(p.stage)))
    if p.overdue:
        lines.append(translate("Columns", "逾期：{n}个工作日").format(n=p.days_late))
    if p.pending_extension:
        lines.append(translate("Columns", "有延期申请待审批"))
    status = _status_text(p)
    if p.evaluation:
        status = translate("Columns", "{status}，{evaluation}").format(status=status, evaluation=shown(p.evaluation))
    lines.append(translate("Columns", "状态：{status}").format(status=status))
    return "\n".join(lines)


def problem_columns() -> list[Column[ProblemView]]:
    summary = problem_summary
    return [
        Column(translate("Columns", "收到日期"), lambda p: day(p.received_date), "received_date", tooltip=summary),
        Column(translate("Columns", "企业"), lambda p: p.enterprise_name, "enterprise", tooltip=summary),
        Column(translate("Columns", "乡镇/街道"), lambda p: p.region_name, "region", tooltip=summary),
        Column(translate("Columns", "类别"), lambda p: p.category, "category", tooltip=summary),
        Column(translate("Columns", "问题描述"), lambda p: p.description, "description", tooltip=summary),
        Column(translate("Columns", "主办单位"), lambda p: p.lead_unit, "lead_unit", tooltip=summary),
        Column(translate("Columns", "当前环节"), lambda p: shown(p.stage), "stage",
               color=lambda p: OVERDUE_RED if p.overdue else None, tooltip=summary),
        Column(translate("Columns", "环节时限"), lambda p: day(p.stage_due), "stage_due",
               color=lambda p: OVERDUE_RED if p.overdue else None, tooltip=summary),
        Column(translate("Columns", "逾期"), _late_text, color=lambda p: OVERDUE_RED if p.overdue else None,
               align_right=True, tooltip=summary),
        Column(translate("Columns", "状态"), _status_text, "status", color=_status_color, tooltip=summary),
        Column(translate("Columns", "企业评价"), lambda p: shown(p.evaluation), "evaluation", tooltip=summary),
    ]


def _late_text(p: ProblemView) -> str:
    """Working days late at the stage awaited (the tooltip says so in words)."""
    return str(p.days_late) if p.overdue else ""


def timeline_columns() -> list[Column[TimelineEntry]]:
    """A problem's course in the ledger's narrow side pane (about 300 px at 1366×768): the day
    above its step, and the content wrapped with who acted beneath, so the text gets the width."""
    # Grey: an entry a settled conflict superseded (history, not the problem's current course).
    grey = lambda e: MUTED if e.superseded else None  # noqa: E731

    def content(e: TimelineEntry) -> str:
        text = (translate("Columns", "【已被取代】") if e.superseded else "") + e.content
        if e.actor:
            text += "\n" + translate("Columns", "经办人：{actor}").format(actor=e.actor)
        return text

    return [
        Column(translate("Columns", "日期") + "/" + translate("Columns", "环节"),
               lambda e: day(e.entry_date) + "\n" + shown(e.kind), color=grey),
        Column(translate("Columns", "内容"), content, color=grey,
               tooltip=lambda e: (translate("Columns",
                                            "两处对同一问题的办理发生冲突，处理冲突时未采用这一方的办理，"
                                            "本条仅作留痕。")
                                  + "\n" if e.superseded else "") + e.content),
    ]


def enterprise_columns() -> list[Column[EnterpriseView]]:
    return [
        Column(translate("Columns", "企业名称"), lambda e: e.name, "name"),
        Column(translate("Columns", "统一社会信用代码"), lambda e: e.credit_code or "", "credit_code"),
        Column(translate("Columns", "乡镇/街道"), lambda e: e.region_name, "region"),
        Column(translate("Columns", "行业"), lambda e: e.industry_label, "industry"),
        Column(translate("Columns", "标签"), lambda e: translate("Columns", "、").join(e.tags)),
        Column(translate("Columns", "规上"), lambda e: translate("Columns", "是") if e.above_scale else "",
               "above_scale"),
    ]


def visit_columns() -> list[Column[VisitView]]:
    return [
        Column(translate("Columns", "走访日期"), lambda v: day(v.visit_date), sort_value=lambda v: v.visit_date),
        Column(translate("Columns", "企业"), lambda v: v.enterprise_name),
        Column(translate("Columns", "方式"), lambda v: shown(v.way)),
        Column(translate("Columns", "走访干部"), lambda v: translate("Columns", "、").join(v.cadre_names)),
        Column(translate("Columns", "问题数"), lambda v: str(len(v.problem_ids)),
               sort_value=lambda v: len(v.problem_ids),
               align_right=True),
        Column(translate("Columns", "交流内容"), lambda v: v.discussion),
    ]


def assignment_columns() -> list[Column[AssignmentView]]:
    return [
        Column(translate("Columns", "干部"), lambda a: a.cadre_name),
        Column(translate("Columns", "包联角色"), lambda a: shown(a.role)),
        Column(translate("Columns", "单位"), lambda a: a.cadre_unit),
        Column(translate("Columns", "开始日期"), lambda a: day(a.start_date)),
        Column(translate("Columns", "结束日期"), lambda a: day(a.end_date)),
    ]


def my_enterprise_columns() -> list[Column[AssignmentView]]:
    return [
        Column(translate("Columns", "企业"), lambda a: a.enterprise_name),
        Column(translate("Columns", "包联起始"), lambda a: day(a.start_date)),
    ]


def never_visited_columns() -> list[Column[NeverVisited]]:
    return [
        Column(translate("Columns", "企业"), lambda n: n.name),
        Column(translate("Columns", "乡镇/街道"), lambda n: n.region_name),
        Column(translate("Columns", "包联领导"), lambda n: n.leader),
        Column(translate("Columns", "首席服务员"), lambda n: n.chief),
    ]


def _num(v: int | None) -> str:
    return "" if v is None else str(v)


def group_columns(key_title: str, *, coverage: bool, coded: bool = False) -> list[Column[GroupRow]]:
    """`coded`: the keys are coded values (上级交办, 自查), shown in the window's language."""
    key = (lambda r: shown(r.key)) if coded else (lambda r: r.key or translate("Columns", "（未交办）"))
    cols: list[Column[GroupRow]] = [Column(key_title, key)]
    if coverage:
        cols += [
            Column(translate("Columns", "包联企业"), lambda r: _num(r.assigned), sort_value=lambda r: r.assigned or 0,
                   align_right=True),
            Column(translate("Columns", "覆盖率"), lambda r: pct(r.coverage_rate),
                   sort_value=lambda r: r.coverage_rate or 0,
                   align_right=True),
        ]
    cols += [
        Column(translate("Columns", "问题"), lambda r: str(r.problems.raised), sort_value=lambda r: r.problems.raised,
               align_right=True),
        Column(translate("Columns", "办结"), lambda r: str(r.problems.solved), sort_value=lambda r: r.problems.solved,
               align_right=True),
        Column(translate("Columns", "化解率"), lambda r: pct(r.problems.resolve_rate),
               sort_value=lambda r: r.problems.resolve_rate or 0, align_right=True),
        Column(translate("Columns", "办结率"), lambda r: pct(r.problems.solve_rate),
               sort_value=lambda r: r.problems.solve_rate or 0, align_right=True),
        Column(translate("Columns", "销号率"), lambda r: pct(r.problems.close_rate),
               sort_value=lambda r: r.problems.close_rate or 0, align_right=True),
        Column(translate("Columns", "按期办结率"), lambda r: pct(r.problems.on_time_rate),
               sort_value=lambda r: r.problems.on_time_rate or 0, align_right=True),
        Column(translate("Columns", "回访率"), lambda r: pct(r.problems.revisit_rate),
               sort_value=lambda r: r.problems.revisit_rate or 0, align_right=True),
        Column(translate("Columns", "满意率"), lambda r: pct(r.problems.satisfaction_rate),
               sort_value=lambda r: r.problems.satisfaction_rate or 0, align_right=True),
        Column(translate("Columns", "逾期"), lambda r: str(r.problems.overdue), sort_value=lambda r: r.problems.overdue,
               align_right=True, color=lambda r: OVERDUE_RED if r.problems.overdue else None),
    ]
    return cols


def ranking_columns() -> list[Column[Ranked]]:
    """Units in the order of the ranking (app.ranking): place, score and the rates it is made of."""
    return [
        Column(translate("Columns", "名次"), lambda r: str(r.place) if r.place else translate("Columns", "单列"),
               sort_value=lambda r: r.place or 10_000, align_right=True),
        Column(translate("Columns", "主办单位"), lambda r: r.row.key),
        Column(translate("Columns", "问题"), lambda r: str(r.row.problems.raised),
               sort_value=lambda r: r.row.problems.raised,
               align_right=True),
        Column(translate("Columns", "化解率"), lambda r: pct(r.row.problems.resolve_rate),
               sort_value=lambda r: r.row.problems.resolve_rate or 0, align_right=True),
        Column(translate("Columns", "按期办结率"), lambda r: pct(r.row.problems.on_time_rate),
               sort_value=lambda r: r.row.problems.on_time_rate or 0, align_right=True),
        Column(translate("Columns", "满意率"), lambda r: pct(r.row.problems.satisfaction_rate),
               sort_value=lambda r: r.row.problems.satisfaction_rate or 0, align_right=True),
        Column(translate("Columns", "得分"), lambda r: f"{r.score:.1f}", sort_value=lambda r: r.score,
               align_right=True),
        Column(translate("Columns", "逾期"), lambda r: str(r.row.problems.overdue),
               sort_value=lambda r: r.row.problems.overdue,
               align_right=True, color=lambda r: OVERDUE_RED if r.row.problems.overdue else None),
        Column(translate("Columns", "督办"), lambda r: str(r.row.supervisions or 0),
               sort_value=lambda r: r.row.supervisions or 0,
               align_right=True),
    ]
