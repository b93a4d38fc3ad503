"""走访记录表: one visit on A4 portrait, to be signed by the cadre and the company and
filed; the same layout with empty boxes is the blank form filled in by hand."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer, Table

from app import filenames
from app.domain import OperationStatus, Trend, VisitWay
from app.fields import LABELS
from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, cell, fit, grid, label_cells, render
from app.reports.fmt import cn_date, joined, short_id
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, PageSpec, Styles, Title, para
from app.services import Services
from app.services.enterprises import EnterpriseView
from app.services.problems import ProblemView
from app.services.visits import VisitView

TITLE = "企业走访记录表"
QR_SIZE = 19 * mm
#: Column widths of the form (label, value, label, value): the 156 mm type area; a label
#: column holds 统一社会信用代码 and 所属乡镇（街道） on one line.
FORM = (33 * mm, 45 * mm, 33 * mm, 45 * mm)
#: Problems table: 序号, 类别, 问题描述, 企业诉求, 责任单位 and 办结时限 (a whole date), 状态.
PROBLEMS = (9 * mm, 20 * mm, 44 * mm, 34 * mm, 29 * mm, 20 * mm)
BLANK_PROBLEM_ROWS = 4
#: The record's page: GB/T 9704's width and binding margin, its top and foot a little smaller
#: (a form adapts them; the QR code still fits above the title), so that a visit with up to
#: three ordinary problems is one sheet.
RECORD = PageSpec(PORTRAIT.size, 28 * mm, 25 * mm, PORTRAIT.left, PORTRAIT.right)
#: Cell padding of the form's rows (the shared grid's is a point and a half more).
TIGHT = [("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
#: The blank form's rows: room to write by hand.
BLANK_ROW = 9 * mm


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
    return filenames.visit_record(v.visit_date, v.enterprise_name, v.id)


def cadre_label_map(services: Services) -> dict[str, str]:
    return {c.id: f"{c.name}（{c.unit}）" if c.unit else c.name for c in services.cadres.list()}


def render_record(data: VisitRecordData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.XIAO_SI)
    story = record_story(ts, styles, data)
    v = data.visit
    if v is None:
        meta = Meta(TITLE, subject="空白表（手工填写）", footer_right="空白表")
        return render(path, story, ts=ts, styles=styles, spec=RECORD, meta=meta, options=options)
    name = data.enterprise.name if data.enterprise else v.enterprise_name
    meta = Meta(f"{TITLE}：{name} {cn_date(v.visit_date)}", subject=f"走访记录 {v.id}", author=data.issuer,
                footer_right=f"走访记录 ID：{v.id}")

    def first_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        x = RECORD.size[0] - RECORD.right - QR_SIZE
        y = RECORD.size[1] - 6 * mm - QR_SIZE
        layout.draw_qr(canvas, f"zhuqi:visit:{v.id}", x, y, QR_SIZE)
        runs = ts.runs(f"ID {short_id(v.id)}", ts.fonts.table)
        w = layout.text_width(runs, layout.LIU_HAO)
        layout.draw_runs(canvas, runs, x + (QR_SIZE - w) / 2, y - layout.LIU_HAO, layout.LIU_HAO,
                         color=layout.GREY)

    return render(path, story, ts=ts, styles=styles, spec=RECORD, meta=meta, options=options,
                  on_first=first_page)


def record_story(ts: Typesetter, styles: Styles, data: VisitRecordData) -> list[Flowable]:
    """The form's flowables: filled from `data`, or empty boxes when it has no visit.

    A filled record's rows are as tall as their text (a visit with up to three ordinary
    problems fits one page); the blank form keeps room to write by hand. Each section is its
    own table whose title row never ends a page, and the closing section keeps the
    signatures with it."""
    v, e = data.visit, data.enterprise
    blank = v is None
    number = "编号：" + (short_id(v.id) if v else "__________")
    date_line = "走访日期：" + (cn_date(v.visit_date) if v else "______年____月____日")
    head = grid(styles, [[para(ts, number, styles.cell), para(ts, date_line, styles.cell_right)]],
                [RECORD.width / 2] * 2, [("BOTTOMPADDING", (0, 0), (-1, -1), 2)], ruled=False)
    return [
        Title(ts, TITLE, space_after=layout.XIAO_WU * 0.6),
        head,
        *_form(ts, styles, v, e, data.cadres),
        _problems(ts, styles, data.problems, blank=blank),
        KeepTogether([_closing(ts, styles, v), Spacer(1, 3 * mm), _signatures(ts, styles)]),
    ]


def _boxes(options: list[str], chosen: str | None) -> str:
    """■ for the chosen option, □ for the others, as on a paper form."""
    return "  ".join(("■" if o == chosen else "□") + o for o in options)


def _section(ts: Typesetter, styles: Styles, text: str) -> Any:
    return para(ts, text, styles.section)


def _section_table(ts: Typesetter, styles: Styles, title: str, rows: list[list[Any]], widths: tuple[float, ...],
                   extra: list[tuple[Any, ...]], heights: list[float]) -> Table:
    """One section of the form: its title row (shaded, across the table), then its rows;
    `extra` style commands count rows from the first of `rows`."""
    body = [[_section(ts, styles, title), *[""] * (len(widths) - 1)], *rows]
    style = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL)]
    style += [(kind, (a[0], a[1] + 1), (b[0], b[1] + 1), *rest) for kind, a, b, *rest in extra]
    return grid(styles, body, widths, [*TIGHT, *style], min_heights=[0.0, *heights], heading_rows=1)


def _form(ts: Typesetter, styles: Styles, v: VisitView | None, e: EnterpriseView | None,
          cadres: tuple[str, ...]) -> list[Table]:
    def L(text: str) -> Any:
        return fit(ts, styles, text, styles.label, FORM[0])

    def V(text: str | None) -> Any:
        return para(ts, text or "", styles.cell)

    def B(options: list[str], chosen: str | None, width: float) -> Any:
        return fit(ts, styles, _boxes(options, chosen), styles.cell, width)

    blank = v is None
    row = BLANK_ROW if blank else 0.0
    size = ""
    if e is not None:
        size = joined([e.size or "", "规模以上" if e.above_scale else ""], "，")
    contact = joined([e.contact_person, e.contact_phone], "  ") if e else ""
    employees = f"{v.employees}人" if v is not None and v.employees is not None else ""
    enterprise_rows: list[list[Any]] = [
        [L(LABELS.enterprise_name), V(e.name if e else ""), "", ""],
        [L(LABELS.credit_code), V(e.credit_code if e else ""), L("所属乡镇（街道）"), V(e.region_name if e else "")],
        [L("企业地址"), V(e.address if e else ""), "", ""],
        [L("所属行业"), V(e.industry_label if e else ""), L("企业规模"), V(size)],
        [L("法定代表人"), V(e.legal_representative if e else ""), L("联系人及电话"), V(contact)],
    ]
    wide = [("SPAN", (1, r), (3, r)) for r in (0, 2)]
    labels = label_cells([(0, r) for r in range(5)] + [(2, r) for r in (1, 3, 4)])
    first = _section_table(ts, styles, "一、企业基本情况", enterprise_rows, FORM,
                           [*wide, *labels], [row] * 5)
    visit_rows: list[list[Any]] = [
        [L("走访方式"), B([w.value for w in VisitWay], v.way if v else None, sum(FORM[1:])), "", ""],
        [L("走访干部"), V(joined(list(cadres))), "", ""],
        [L("企业接待人员"), V(v.people_met if v else ""), "", ""],
        [L("交流内容"), V(v.discussion if v else ""), "", ""],
    ]
    second = _section_table(ts, styles, "二、走访情况", visit_rows, FORM,
                            [*[("SPAN", (1, r), (3, r)) for r in range(4)],
                             *label_cells([(0, r) for r in range(4)])],
                            [row, row, row, 45 * mm if blank else 0.0])
    operation_rows: list[list[Any]] = [
        [L("生产经营状况"), B([s.value for s in OperationStatus], v.operation_status if v else None, FORM[1]),
         L("从业人数"), V(employees)],
        [L("订单趋势"), B([t.value for t in Trend], v.order_trend if v else None, FORM[1]),
         L("营收趋势"), B([t.value for t in Trend], v.revenue_trend if v else None, FORM[3])],
        [L("情况说明"), V(v.operation_notes if v else ""), "", ""],
    ]
    notes_height = 22 * mm if v is None else (0.0 if v.operation_notes else 6 * mm)
    third = _section_table(ts, styles, "三、生产经营情况", operation_rows, FORM,
                           [("SPAN", (1, 2), (3, 2)),
                            *label_cells([(0, r) for r in range(3)] + [(2, 0), (2, 1)])],
                           [row, row, notes_height])
    return [first, second, third]


def _problems(ts: Typesetter, styles: Styles, problems: tuple[ProblemView, ...], *, blank: bool) -> Table:
    w = PROBLEMS
    head = [fit(ts, styles, h, styles.cell_head, w[i]) for i, h in
            enumerate(("序号", "类别", "问题描述", "企业诉求", "责任单位\n办结时限", "状态"))]
    rows: list[list[Any]] = [[_section(ts, styles, "四、企业反映的问题及诉求"), "", "", "", "", ""], head]
    extra: list[tuple[Any, ...]] = [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 1), layout.LABEL_FILL),
                                    ("ALIGN", (0, 2), (1, -1), "CENTER"), ("ALIGN", (4, 2), (5, -1), "CENTER")]
    heights = [0.0, 0.0]
    if blank:
        for _ in range(BLANK_PROBLEM_ROWS):
            rows.append([""] * len(w))
            heights.append(16 * mm)
    elif not problems:
        rows.append([para(ts, "本次走访企业未反映问题。", styles.cell_center), "", "", "", "", ""])
        extra.append(("SPAN", (0, 2), (-1, 2)))
        heights.append(0.0)
    # The problems in 小五 (9 pt), as in the ledger: three of a sentence or two each stay on the sheet.
    text = ParagraphStyle("problemText", parent=styles.cell, fontSize=layout.XIAO_WU,
                          leading=round(layout.XIAO_WU * 1.35, 1))
    centred = ParagraphStyle("problemCentred", parent=text, alignment=TA_CENTER)
    for i, p in enumerate(problems, start=1):
        unit = joined([p.lead_unit, f"协办：{joined(list(p.assist_units))}" if p.assist_units else "",
                       cn_date(p.deadline)], "\n")
        status = p.status.value + ("\n逾期" if p.overdue else "")
        rows.append([
            cell(ts, styles, str(i), styles.cell_center, w[0]), fit(ts, styles, p.category, centred, w[1]),
            para(ts, p.description, text), para(ts, p.demand, text),
            fit(ts, styles, unit, centred, w[4]) if unit else "",
            fit(ts, styles, status, centred, w[5]),
        ])
        heights.append(0.0)
        if p.overdue:
            extra.append(("TEXTCOLOR", (5, len(rows) - 1), (5, len(rows) - 1), layout.OVERDUE_TEXT))
    return grid(styles, rows, w, [*TIGHT, *extra], repeat=2, min_heights=heights)


def _closing(ts: Typesetter, styles: Styles, v: VisitView | None) -> Table:
    def L(text: str) -> Any:
        return fit(ts, styles, text, styles.label, FORM[0])

    rows = [
        [L("宣传解读政策"), para(ts, joined(list(v.policies_shown)) if v else "", styles.cell)],
        [L("下一步工作打算"), para(ts, v.follow_up_plan if v else "", styles.cell)],
    ]
    if v is None:
        heights = [16 * mm, 22 * mm]
    else:
        heights = [0.0 if v.policies_shown else 9 * mm, 0.0 if v.follow_up_plan else 12 * mm]
    return _section_table(ts, styles, "五、政策宣传及下一步工作", rows, (FORM[0], sum(FORM[1:])),
                          label_cells([(0, 0), (0, 1)]), heights)


def _signatures(ts: Typesetter, styles: Styles) -> Table:
    line = "________________"
    rows = [
        [para(ts, f"走访干部（签字）：{line}", styles.cell), para(ts, f"企业负责人（签字）：{line}", styles.cell)],
        [para(ts, "日期：______年____月____日", styles.cell), para(ts, "日期：______年____月____日", styles.cell)],
    ]
    return grid(styles, rows, [RECORD.width / 2] * 2, min_heights=[8 * mm, 6 * mm], ruled=False)
