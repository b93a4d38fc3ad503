"""走访记录表: one visit on A4 portrait, to be signed by the cadre and the company and
filed; the same layout with empty boxes is the blank form filled in by hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Spacer, Table

from app.domain import OperationStatus, Trend, VisitWay
from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, grid, label_cells, render
from app.reports.fmt import cn_date, joined, short_id
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, Styles, Title, para
from app.services import Services
from app.services.enterprises import EnterpriseView
from app.services.problems import ProblemView
from app.services.visits import VisitView

TITLE = "企业走访记录表"
QR_SIZE = 20 * mm
#: Column widths of the form (label, value, label, value): the 156 mm type area.
FORM = (30 * mm, 48 * mm, 30 * mm, 48 * mm)
#: Problems table: 序号, 类别, 问题描述, 企业诉求, 责任单位, 办结时限, 状态.
PROBLEMS = (11 * mm, 15 * mm, 41 * mm, 28 * mm, 22 * mm, 25 * mm, 14 * mm)
BLANK_PROBLEM_ROWS = 4


@dataclass(frozen=True)
class VisitRecordData:
    """Everything printed on one record; `visit` None prints the blank form."""

    visit: VisitView | None
    enterprise: EnterpriseView | None
    #: 张伟（工信局）, one per cadre present.
    cadres: tuple[str, ...]
    problems: tuple[ProblemView, ...]
    issuer: str = ""


def gather(services: Services, visit_id: str, cadre_labels: dict[str, str] | None = None) -> VisitRecordData:
    """The record's data, read through the services. `cadre_labels` (id → label) saves
    reading the cadre list again when printing many records."""
    visit = services.visits.get(visit_id)
    enterprise = services.enterprises.get(visit.enterprise_id)
    labels = cadre_labels if cadre_labels is not None else cadre_label_map(services)
    cadres = tuple(labels.get(cid, name) for cid, name in zip(visit.cadre_ids, visit.cadre_names))
    problems = tuple(services.problems.get(pid) for pid in visit.problem_ids)
    ordered = tuple(sorted(problems, key=lambda p: (p.received_date, p.id)))
    return VisitRecordData(visit, enterprise, cadres, ordered, services.profile.get().label)


def file_name(v: VisitView) -> str:
    """走访记录表_2026-06-15_企业名称_1a2b3c4d.pdf: sorts by date, safe on Windows."""
    name = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in v.enterprise_name).strip(". ")
    return f"走访记录表_{v.visit_date.isoformat()}_{name[:60]}_{short_id(v.id)}.pdf"


def cadre_label_map(services: Services) -> dict[str, str]:
    return {c.id: f"{c.name}（{c.unit}）" if c.unit else c.name for c in services.cadres.list()}


def render_record(data: VisitRecordData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.XIAO_SI)
    story = record_story(ts, styles, data)
    v = data.visit
    if v is None:
        meta = Meta(TITLE, subject="空白表（手工填写）", footer_right="空白表")
        return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options)
    name = data.enterprise.name if data.enterprise else v.enterprise_name
    meta = Meta(f"{TITLE}：{name} {cn_date(v.visit_date)}", subject=f"走访记录 {v.id}", author=data.issuer,
                footer_right=f"走访记录 ID：{v.id}")

    def first_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        x = PORTRAIT.size[0] - PORTRAIT.right - QR_SIZE
        y = PORTRAIT.size[1] - 9 * mm - QR_SIZE
        layout.draw_qr(canvas, f"zhuqi:visit:{v.id}", x, y, QR_SIZE)
        runs = ts.runs(f"ID {short_id(v.id)}", ts.fonts.table)
        w = layout.text_width(runs, layout.LIU_HAO)
        layout.draw_runs(canvas, runs, x + (QR_SIZE - w) / 2, y - layout.LIU_HAO, layout.LIU_HAO,
                         color=layout.GREY)

    return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options,
                  on_first=first_page)


def record_story(ts: Typesetter, styles: Styles, data: VisitRecordData) -> list[Flowable]:
    """The form's flowables: filled from `data`, or empty boxes when it has no visit."""
    v, e = data.visit, data.enterprise
    blank = v is None
    number = "编号：" + (short_id(v.id) if v else "__________")
    date_line = "走访日期：" + (cn_date(v.visit_date) if v else "______年____月____日")
    head = grid(styles, [[para(ts, number, styles.cell), para(ts, date_line, styles.cell_right)]],
                [PORTRAIT.width / 2] * 2, [("BOTTOMPADDING", (0, 0), (-1, -1), 4)], ruled=False)
    return [
        Title(ts, TITLE, space_after=layout.WU_HAO),
        head,
        _form(ts, styles, v, e, data.cadres),
        _problems(ts, styles, data.problems, blank=blank),
        _closing(ts, styles, v),
        Spacer(1, 8 * mm),
        _signatures(ts, styles),
    ]


def _boxes(options: list[str], chosen: str | None) -> str:
    """■ for the chosen option, □ for the others, as on a paper form."""
    return "  ".join(("■" if o == chosen else "□") + o for o in options)


def _section(ts: Typesetter, styles: Styles, text: str) -> Any:
    return para(ts, text, styles.section)


def _form(ts: Typesetter, styles: Styles, v: VisitView | None, e: EnterpriseView | None,
          cadres: tuple[str, ...]) -> Table:
    def L(text: str) -> Any:  # noqa: N802 - a label cell
        return para(ts, text, styles.label)

    def V(text: str | None) -> Any:  # noqa: N802 - a value cell
        return para(ts, text or "", styles.cell)

    size = ""
    if e is not None:
        size = joined([e.size or "", "规模以上" if e.above_scale else ""], "，")
    contact = joined([e.contact_person, e.contact_phone], "  ") if e else ""
    employees = f"{v.employees} 人" if v is not None and v.employees is not None else ""
    rows: list[list[Any]] = [
        [_section(ts, styles, "一、企业基本情况"), "", "", ""],
        [L("企业名称"), V(e.name if e else ""), "", ""],
        [L("统一社会信用代码"), V(e.credit_code if e else ""), L("所属乡镇\n（街道）"), V(e.region_name if e else "")],
        [L("企业地址"), V(e.address if e else ""), "", ""],
        [L("所属行业"), V(e.industry_label if e else ""), L("企业规模"), V(size)],
        [L("法定代表人"), V(e.legal_representative if e else ""), L("联系人及电话"), V(contact)],
        [_section(ts, styles, "二、走访情况"), "", "", ""],
        [L("走访方式"), V(_boxes([w.value for w in VisitWay], v.way if v else None)), "", ""],
        [L("走访干部"), V(joined(list(cadres))), "", ""],
        [L("企业接待人员"), V(v.people_met if v else ""), "", ""],
        [L("交流内容"), V(v.discussion if v else ""), "", ""],
        [_section(ts, styles, "三、生产经营情况"), "", "", ""],
        [L("生产经营状况"), V(_boxes([s.value for s in OperationStatus], v.operation_status if v else None)),
         L("从业人数"), V(employees)],
        [L("订单趋势"), V(_boxes([t.value for t in Trend], v.order_trend if v else None)),
         L("营收趋势"), V(_boxes([t.value for t in Trend], v.revenue_trend if v else None))],
        [L("情况说明"), V(v.operation_notes if v else ""), "", ""],
    ]
    spans = [1, 3, 7, 8, 9, 10, 14]
    sections = [0, 6, 11]
    style: list[tuple[Any, ...]] = [("SPAN", (1, r), (3, r)) for r in spans]
    style += [("SPAN", (0, r), (3, r)) for r in sections]
    style += [("BACKGROUND", (0, r), (3, r), layout.LABEL_FILL) for r in sections]
    style += label_cells([(0, r) for r in range(len(rows)) if r not in sections])
    style += label_cells([(2, r) for r in (2, 4, 5, 12, 13)])
    heights = [0.0] * len(rows)
    row_min = 9 * mm
    for r in range(len(rows)):
        if r not in sections:
            heights[r] = row_min
    heights[10] = 45 * mm if v is None or not v.discussion else 22 * mm
    heights[14] = 22 * mm if v is None or not v.operation_notes else row_min
    return grid(styles, rows, FORM, style, min_heights=heights)


def _problems(ts: Typesetter, styles: Styles, problems: tuple[ProblemView, ...], *, blank: bool) -> Table:
    head = [para(ts, h, styles.cell_head) for h in
            ("序号", "类别", "问题描述", "企业诉求", "责任单位", "办结时限", "状态")]
    rows: list[list[Any]] = [[_section(ts, styles, "四、企业反映的问题及诉求"), "", "", "", "", "", ""], head]
    extra: list[tuple[Any, ...]] = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 1), layout.LABEL_FILL)]
    heights = [0.0, 0.0]
    if blank:
        for _ in range(BLANK_PROBLEM_ROWS):
            rows.append([""] * 7)
            heights.append(16 * mm)
    elif not problems:
        rows.append([para(ts, "本次走访企业未反映问题。", styles.cell_center), "", "", "", "", "", ""])
        extra.append(("SPAN", (0, 2), (-1, 2)))
        heights.append(9 * mm)
    for i, p in enumerate(problems, start=1):
        unit = p.lead_unit + (f"\n协办：{joined(list(p.assist_units))}" if p.assist_units else "")
        status = p.status.value + ("\n逾期" if p.overdue else "")
        rows.append([
            para(ts, str(i), styles.cell_center), para(ts, p.category, styles.cell_center),
            para(ts, p.description, styles.cell), para(ts, p.demand, styles.cell),
            para(ts, unit, styles.cell_center), para(ts, cn_date(p.deadline), styles.cell_small),
            para(ts, status, styles.cell_center),
        ])
        heights.append(9 * mm)
        if p.overdue:
            extra.append(("TEXTCOLOR", (6, len(rows) - 1), (6, len(rows) - 1), layout.OVERDUE_TEXT))
    return grid(styles, rows, PROBLEMS, extra, repeat=2, min_heights=heights)


def _closing(ts: Typesetter, styles: Styles, v: VisitView | None) -> Table:
    def L(text: str) -> Any:  # noqa: N802
        return para(ts, text, styles.label)

    rows = [
        [_section(ts, styles, "五、政策宣传及下一步工作"), ""],
        [L("宣传解读政策"), para(ts, joined(list(v.policies_explained)) if v else "", styles.cell)],
        [L("下一步工作打算"), para(ts, v.follow_up_plan if v else "", styles.cell)],
    ]
    extra = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL),
             *label_cells([(0, 1), (0, 2)])]
    heights = [0.0, 12 * mm if v and v.policies_explained else 16 * mm,
               14 * mm if v and v.follow_up_plan else 22 * mm]
    return grid(styles, rows, (FORM[0], sum(FORM[1:])), extra, min_heights=heights)


def _signatures(ts: Typesetter, styles: Styles) -> Table:
    line = "________________"
    rows = [
        [para(ts, f"走访干部（签字）：{line}", styles.cell), para(ts, f"企业负责人（签字）：{line}", styles.cell)],
        [para(ts, "日期：______年____月____日", styles.cell), para(ts, "日期：______年____月____日", styles.cell)],
    ]
    return grid(styles, rows, [PORTRAIT.width / 2] * 2, min_heights=[12 * mm, 10 * mm], ruled=False)
