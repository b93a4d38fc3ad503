"""回访评价表: the form the company fills in and signs when asked for its evaluation of
solved problems — one problem, or every solved problem of one visit. Each problem has
the four checks offices make before 销号 and the five-level result, with boxes to
tick; the company's evaluator signs once at the foot. The signed paper is then
recorded as a 回访 with the method "书面（签字回访评价表）"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, Spacer

from app.domain import CLOSE_CHECKS, Evaluation, ProblemStatus, RevisitMethod
from app.errors import UserError
from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, grid, label_cells, render
from app.reports.fmt import cn_date, joined, short_id
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, Styles, Title, para
from app.services import Services
from app.services.enterprises import EnterpriseView
from app.services.problems import ProblemView

TITLE = "企业问题办理回访评价表"
FORM = (28 * mm, 50 * mm, 28 * mm, 50 * mm)
QR_SIZE = 18 * mm
BOX = "□"


@dataclass(frozen=True)
class RevisitFormData:
    enterprise: EnterpriseView
    problems: tuple[ProblemView, ...]
    #: The visit the problems were raised at, when printed per visit.
    visit_id: str | None
    issuer_unit: str
    as_of_label: str


def gather(services: Services, problem_id: str | None, *, visit_id: str | None = None) -> RevisitFormData:
    if visit_id is not None:
        visit = services.visits.get(visit_id)
        problems = [services.problems.get(pid) for pid in visit.problem_ids]
        solved = tuple(sorted((p for p in problems if p.status is ProblemStatus.SOLVED),
                              key=lambda p: (p.received_date, p.id)))
        if not solved:
            raise UserError(f"该次走访（{cn_date(visit.visit_date)}，{visit.enterprise_name}）没有已办结、待回访的问题")
        enterprise_id = visit.enterprise_id
    else:
        assert problem_id is not None
        p = services.problems.get(problem_id)
        if p.status is not ProblemStatus.SOLVED:
            raise UserError(f"问题当前为“{p.status.value}”：回访评价表用于已办结、待企业评价的问题（问题 "
                            f"{short_id(p.id)}）")
        solved, enterprise_id = (p,), p.enterprise_id
    profile = services.profile.get()
    return RevisitFormData(services.enterprises.get(enterprise_id), solved, visit_id, profile.unit,
                           cn_date(services.clock.today()))


def render_form(data: RevisitFormData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.XIAO_SI)
    e = data.enterprise
    story: list[Flowable] = [
        Title(ts, TITLE, space_after=layout.WU_HAO),
        para(ts, f"企业名称：{e.name}", styles.body),
        para(ts, "请贵企业对下列问题的办理情况作出评价，在相应的“□”内打“√”，并由企业负责人或联系人签字。"
                 "评价结果将作为考核责任单位的依据。", styles.body),
        Spacer(1, 3 * mm),
    ]
    for i, p in enumerate(data.problems, start=1):
        story += [KeepTogether([_problem(ts, styles, i, p)]), Spacer(1, 4 * mm)]
    story.append(KeepTogether([_signatures(ts, styles, data)]))
    ids = "、".join(short_id(p.id) for p in data.problems)
    meta = Meta(f"{TITLE}：{e.name}", subject=f"问题 {ids}", author=data.issuer_unit,
                footer_right=f"问题 ID：{ids}" if len(data.problems) <= 3 else f"共{len(data.problems)}个问题")

    def first_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        key = f"zhuqi:visit:{data.visit_id}" if data.visit_id else f"zhuqi:problem:{data.problems[0].id}"
        layout.draw_qr(canvas, key, PORTRAIT.size[0] - PORTRAIT.right - QR_SIZE,
                       PORTRAIT.size[1] - 10 * mm - QR_SIZE, QR_SIZE)

    return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options,
                  on_first=first_page)


def _problem(ts: Typesetter, styles: Styles, i: int, p: ProblemView) -> Flowable:
    def L(text: str) -> Flowable:  # noqa: N802 - a label cell
        return para(ts, text, styles.label)

    def V(text: str) -> Flowable:  # noqa: N802 - a value cell
        return para(ts, text, styles.cell)

    yes_no = f"{BOX}是    {BOX}否"
    results = "  ".join(f"{BOX}{ev.value}" for ev in Evaluation)
    rows: list[list[object]] = [
        [L(f"问题{i}"), V(f"{p.category}：{p.description}"), "", ""],
        [L("主办单位"), V(joined([p.lead_unit, *p.assist_units], "、")), L("办结日期"), V(cn_date(p.solved_date))],
        [L("办理结果"), V(p.resolution), "", ""],
    ]
    labels_ = [label for _name, label in CLOSE_CHECKS]
    for first, second in zip(labels_[0::2], labels_[1::2]):  # two checks a row
        rows.append([L(first), V(yes_no), L(second), V(yes_no)])
    rows += [
        [L("企业评价"), V(results), "", ""],
        [L("意见建议"), V(""), "", ""],
    ]
    spans = [0, 2, len(rows) - 2, len(rows) - 1]
    extra = [("SPAN", (1, r), (3, r)) for r in spans]
    labels = [(0, r) for r in range(len(rows))] + [(2, 1)] + [(2, r) for r in (3, 4)]
    extra += label_cells(labels)
    heights = [0.0] * (len(rows) - 1) + [14 * mm]
    return grid(styles, rows, FORM, extra, min_heights=heights)


def _signatures(ts: Typesetter, styles: Styles, data: RevisitFormData) -> Flowable:
    blank = "________________"
    methods = "  ".join(f"{BOX}{m.value}" for m in RevisitMethod)
    rows: list[list[Any]] = [
        [para(ts, f"企业评价人（签字）：{blank}", styles.cell), para(ts, f"职务：{blank}", styles.cell)],
        [para(ts, f"联系电话：{blank}", styles.cell), para(ts, "日期：______年____月____日", styles.cell)],
        [para(ts, f"回访方式：{methods}", styles.cell), ""],
        [para(ts, f"回访单位：{data.issuer_unit or blank}", styles.cell), para(ts, f"回访人：{blank}", styles.cell)],
    ]
    return grid(styles, rows, [PORTRAIT.width / 2] * 2, [("SPAN", (0, 2), (1, 2))],
                min_heights=[10 * mm] * 4, ruled=False)
