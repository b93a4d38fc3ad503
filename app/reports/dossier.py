"""一企一档: one enterprise's file — its profile, the cadres assigned to it, every visit
in order, and every problem with its full timeline and the company's evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.domain import ProblemStatus
from app.fields import LABELS
from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, cell, fit, grid, label_cells, render
from app.reports.fmt import cn_date, cn_dates_in, cn_number, joined
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, ProgressMark, Styles, Title, para
from app.reports.output import Cancel, Progress, check_cancel
from app.reports.visit_record import cadre_label_map
from app.services import Services
from app.services.cadres import AssignmentView
from app.services.enterprises import EnterpriseView
from app.services.problems import ProblemFilter, ProblemView, TimelineEntry
from app.services.visits import VisitView
from app.standards.text import clip

TITLE = "一企一档"
#: Key/value tables: label, value (the 156 mm type area).
KV = (34 * mm, 122 * mm)
#: Timeline: 日期, 环节, 经办人, 内容.
#: 日期 fits the widest date (2026年12月28日) and 环节 the longest step (暂不具备条件) on one line.
TIMELINE = (28 * mm, 24 * mm, 32 * mm, 72 * mm)  # 经办人: a unit answering as 协办 (高新技术开发区管委会) whole


@dataclass(frozen=True)
class Extension:
    requested: date
    reason: str
    old_deadline: date | None
    new_deadline: date
    status: str = "已批准"


@dataclass(frozen=True)
class ProblemFile:
    problem: ProblemView
    timeline: tuple[TimelineEntry, ...]
    extensions: tuple[Extension, ...]


@dataclass(frozen=True)
class DossierData:
    enterprise: EnterpriseView
    assignments: tuple[AssignmentView, ...]
    #: Oldest first.
    visits: tuple[VisitView, ...]
    cadre_labels: dict[str, str]
    problems: tuple[ProblemFile, ...]
    as_of: date
    issuer: str = ""


def gather(services: Services, enterprise_id: str, *, progress: Progress | None = None,
           cancel: Cancel | None = None) -> DossierData:
    enterprise = services.enterprises.get(enterprise_id)
    assignments = tuple(services.cadres.assignments(enterprise_id=enterprise_id))
    visits = tuple(reversed(services.visits.list(enterprise_id=enterprise_id, limit=None)))
    pages = services.problems.pages(ProblemFilter(enterprise_id=enterprise_id), size=500, sort="received_date",
                                    descending=False, count=False)
    rows = [p for page in pages for p in page.rows]
    files = []
    for i, p in enumerate(rows, start=1):
        check_cancel(cancel)
        extensions = tuple(Extension(x.requested_date, x.reason, x.old_deadline, x.new_deadline, x.status.value)
                           for x in services.problems.extensions(p.id))
        files.append(ProblemFile(p, tuple(services.problems.timeline(p.id)), extensions))
        if progress is not None:
            progress(i, len(rows), f"读取问题 {i}/{len(rows)}")
    return DossierData(enterprise, assignments, visits, cadre_label_map(services), tuple(files),
                       services.clock.today(), services.profile.get().label)


def render_dossier(data: DossierData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.XIAO_SI)
    e = data.enterprise
    story: list[Flowable] = [
        Title(ts, TITLE, space_after=2),
        para(ts, e.name, styles.subtitle),
        para(ts, f"（截至{cn_date(data.as_of)}）", styles.subtitle),
        Spacer(1, 4 * mm),
        para(ts, "一、企业基本情况", styles.h1),
        _profile(ts, styles, e),
        para(ts, "二、包联干部", styles.h1),
        _assignments(ts, styles, data.assignments),
        para(ts, f"三、走访记录（共{len(data.visits)}次）", styles.h1),
    ]
    if not data.visits:
        story.append(para(ts, "尚无走访记录。", styles.body))
    for i, v in enumerate(data.visits, start=1):
        story += _visit(ts, styles, i, v, data.cadre_labels)
    story.append(para(ts, f"四、反映问题及办理情况（共{len(data.problems)}个）", styles.h1))
    if not data.problems:
        story.append(para(ts, "尚无反映问题。", styles.body))
    total = len(data.problems)
    for i, pf in enumerate(data.problems, start=1):
        story += _problem(ts, styles, i, pf, data.as_of)
        story.append(ProgressMark(i, total, f"排版问题 {i}/{total}"))
    meta = Meta(f"{TITLE}：{e.name}", subject=f"企业 {e.id}", author=data.issuer, footer_right=f"企业 ID：{e.id}")
    return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options)


def _kv(ts: Typesetter, styles: Styles, pairs: list[tuple[str, str]]) -> Flowable:
    rows = [[fit(ts, styles, k, styles.label, KV[0]), para(ts, v, styles.cell)] for k, v in pairs]
    return grid(styles, rows, KV, label_cells([(0, r) for r in range(len(rows))]))


def _profile(ts: Typesetter, styles: Styles, e: EnterpriseView) -> Flowable:
    size = joined([e.size or "", "规模以上" if e.above_scale else ""], "，")
    pairs = [
        (LABELS.enterprise_name, e.name), (LABELS.credit_code, e.credit_code or ""),
        ("所属乡镇（街道）", joined([e.region_name, e.region_code or ""], "  ")), ("企业地址", e.address),
        ("所属行业", e.industry_label), ("企业规模", size), ("产业链", e.industrial_chain),
        ("企业标签", joined(list(e.tags))), ("法定代表人", e.legal_representative),
        ("联系人及电话", joined([e.contact_person, e.contact_phone], "  ")), ("备注", e.notes),
    ]
    return _kv(ts, styles, pairs)


def _assignments(ts: Typesetter, styles: Styles, rows: tuple[AssignmentView, ...]) -> Flowable:
    if not rows:
        return para(ts, "尚未安排包联干部。", styles.body)
    widths = (30 * mm, 30 * mm, 46 * mm, 50 * mm)
    head = [para(ts, h, styles.cell_head) for h in ("姓名", "角色", "单位", "包联期间")]
    body = [[fit(ts, styles, a.cadre_name, styles.cell_center, widths[0]),
             fit(ts, styles, a.cadre_role, styles.cell_center, widths[1]),
             fit(ts, styles, a.cadre_unit, styles.cell_center, widths[2]),
             cell(ts, styles, f"{cn_date(a.start_date)}至{cn_date(a.end_date) or '今'}", styles.cell_center,
                  widths[3])]
            for a in rows]
    return grid(styles, [head, *body], widths, [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL),
                                                ("ALIGN", (3, 1), (3, -1), "CENTER")], repeat=1)


def _visit(ts: Typesetter, styles: Styles, i: int, v: VisitView, labels: dict[str, str]) -> list[Flowable]:
    cadres = joined([labels.get(cid, name) for cid, name in zip(v.cadre_ids, v.cadre_names)])
    operation = joined([v.operation_status, f"从业人数{v.employees}人" if v.employees is not None else "",
                        f"订单{v.order_trend}" if v.order_trend else "",
                        f"营收{v.revenue_trend}" if v.revenue_trend else ""], "；")
    pairs = [
        ("走访干部", cadres), ("企业接待人员", v.people_met), ("交流内容", v.discussion),
        ("生产经营情况", joined([operation, v.operation_notes], "。")),
        ("宣传解读政策", joined(list(v.policies_shown))), ("下一步工作打算", v.follow_up_plan),
        ("反映问题", f"{len(v.problem_ids)}个（见第四部分）" if v.problem_ids else "无"),
        ("记录 ID", v.id),
    ]
    heading = para(ts, f"（{cn_number(i)}）{cn_date(v.visit_date)}  {v.way}", styles.h2)
    return [KeepTogether([heading, Spacer(1, 2), _kv(ts, styles, pairs[:2])]), _kv(ts, styles, pairs[2:]),
            Spacer(1, 3 * mm)]


def _problem(ts: Typesetter, styles: Styles, i: int, pf: ProblemFile, as_of: date) -> list[Flowable]:
    p = pf.problem
    status = p.status.value
    if p.overdue:
        status += f"（{p.late_text}）"
    extensions = "\n".join(
        f"{cn_date(x.requested)}申请：{x.reason}（由{cn_date(x.old_deadline) or '无'}延至{cn_date(x.new_deadline)}，"
        f"{x.status}）" for x in pf.extensions)
    evaluation = joined([p.evaluation.value if p.evaluation else "", p.evaluation_comment], "：")
    pairs = [
        ("问题描述", p.description), ("企业诉求", p.demand),
        ("类别及来源", joined([p.category, p.scope, p.source, f"{p.level}级"], "；")),
        ("收到日期", cn_date(p.received_date)),
        ("主办单位", p.lead_unit), ("协办单位", joined(list(p.assist_units))),
        ("责任人", joined([p.responsible_person, p.responsible_phone], "  ")),
        ("交办日期及时限", joined([cn_date(p.assigned_date) and f"{cn_date(p.assigned_date)}交办",
                                 cn_date(p.deadline) and f"{cn_date(p.deadline)}前办结"], "，")),
        ("延期记录", extensions), ("办理状态", status),
    ]
    if p.status is ProblemStatus.DEFERRED:
        pairs.append(("暂不具备条件", f"{p.deferred_reason}（依据：{p.deferred_policy}）"))
    pairs += [("办理结果", p.resolution), ("企业评价", evaluation), ("销号日期", cn_date(p.closed_date)),
              ("问题 ID", p.id)]
    pairs = [(k, v) for k, v in pairs if v or k in ("办理结果", "企业评价")]
    heading = para(ts, f"（{cn_number(i)}）{p.category}：{clip(p.description, 36)}", styles.h2)
    out: list[Flowable] = [KeepTogether([heading, Spacer(1, 2), _kv(ts, styles, pairs[:2])]),
                           _kv(ts, styles, pairs[2:])]
    if pf.timeline:
        head = [para(ts, h, styles.cell_head) for h in ("日期", "环节", "经办人", "办理情况")]
        rows: list[list[Any]] = [head]
        for t in pf.timeline:
            rows.append([cell(ts, styles, cn_date(t.entry_date), styles.cell_center, TIMELINE[0]),
                         cell(ts, styles, t.kind, styles.cell_center, TIMELINE[1]),
                         fit(ts, styles, t.actor, styles.cell_center, TIMELINE[2]),
                         # Kept as history: a settled conflict did not take this side's handling.
                         para(ts, ("（已被取代，仅作留痕）" if t.superseded else "") + cn_dates_in(t.content),
                              styles.cell)])
        out += [Spacer(1, 2 * mm), para(ts, "办理过程：", styles.section), Spacer(1, 1 * mm),
                grid(styles, rows, TIMELINE, [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL),
                                              ("ALIGN", (0, 1), (1, -1), "CENTER")], repeat=1)]
    out.append(Spacer(1, 4 * mm))
    return out
