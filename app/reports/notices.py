"""交办单 and 督办单: the one-page notice that hands a problem to its lead unit, and the
one that presses an overdue (or nearly due) problem. Each carries the problem's ID
and a QR code of it, so the signed copy that comes back can be traced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Spacer

from app.domain import OPEN_STATUSES, ProblemStatus
from app.errors import UserError
from app.fields import LABELS
from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, fit, grid, label_cells, render
from app.reports.fmt import cn_date, cn_dates_in, joined, short_id
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, Styles, Title, para
from app.services import Services
from app.services.enterprises import EnterpriseView
from app.services.problems import ExtensionView, ProblemView, SupervisionView, TimelineEntry
from app.services.profile import Profile

#: label, value, label, value: the 156 mm type area.
FORM = (30 * mm, 48 * mm, 30 * mm, 48 * mm)
QR_SIZE = 18 * mm


class NoticeKind(StrEnum):
    ASSIGNMENT = "交办单"
    SUPERVISION = "督办单"


@dataclass(frozen=True)
class NoticeData:
    kind: NoticeKind
    problem: ProblemView
    enterprise: EnterpriseView
    extensions: tuple[ExtensionView, ...]
    latest: TimelineEntry | None
    issuer: Profile
    as_of: date
    #: The recorded 督办 this 督办单 prints (its number, level and answer date).
    supervision: SupervisionView | None = None


def kind_for(p: ProblemView) -> NoticeKind:
    """交办单 for a problem not yet overdue, 督办单 for an overdue one; refuses a problem
    that is no longer being worked on."""
    if p.status not in OPEN_STATUSES:
        raise UserError(f"问题当前为“{p.status.value}”，不需要交办或督办（问题 {short_id(p.id)}）")
    return NoticeKind.SUPERVISION if p.overdue and p.status is ProblemStatus.IN_PROGRESS else NoticeKind.ASSIGNMENT


def gather(services: Services, problem_id: str, kind: NoticeKind | None = None) -> NoticeData:
    p = services.problems.get(problem_id)
    chosen = kind or kind_for(p)
    supervision = None
    if chosen is NoticeKind.SUPERVISION:
        if p.status is not ProblemStatus.IN_PROGRESS:
            raise UserError(f"只能督办已交办、正在办理的问题；该问题当前为“{p.status.value}”（问题 {short_id(p.id)}）")
        recorded = services.problems.supervisions(p.id)
        if not recorded:
            raise UserError(f"问题 {short_id(p.id)} 尚未登记督办：请先在问题台账中督办，"
                            f"或用 zhuqi problem supervise {short_id(p.id)} -o 文件夹 登记并打印督办单")
        supervision = recorded[-1]
    elif p.status not in OPEN_STATUSES:
        raise UserError(f"问题当前为“{p.status.value}”，不需要交办（问题 {short_id(p.id)}）")
    latest = services.problems.latest_progress([p.id]).get(p.id)
    return NoticeData(chosen, p, services.enterprises.get(p.enterprise_id),
                      tuple(services.problems.extensions(p.id)), latest, services.profile.get(),
                      services.clock.today(), supervision)


def render_notice(data: NoticeData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.SI_HAO)
    p, e, me = data.problem, data.enterprise, data.issuer
    title = f"问题{data.kind.value}"
    number = f"编号：{short_id(p.id)}"
    if data.kind is NoticeKind.ASSIGNMENT:
        date_label, dated = "交办日期", p.assigned_date or data.as_of
    else:
        assert data.supervision is not None
        date_label, dated = "督办日期", data.supervision.issued_date
        number = f"督办编号：{data.supervision.number}（{data.supervision.level}）"
    number_line = grid(styles, [[para(ts, number, styles.cell),
                                 para(ts, f"{date_label}：{cn_date(dated)}", styles.cell_right)]],
                       [PORTRAIT.width / 2] * 2, ruled=False)
    story: list[Flowable] = [
        Title(ts, title, space_after=layout.WU_HAO), number_line, Spacer(1, 3 * mm),
        para(ts, f"{p.lead_unit or '__________'}：", _flush(styles)),
        para(ts, _request(data), styles.body),
        Spacer(1, 3 * mm),
        _details(ts, styles, data),
        Spacer(1, 6 * mm),
        *_signatures(ts, styles, data.kind, me),
    ]
    meta = Meta(f"{title}：{e.name}", subject=f"问题 {p.id}", author=me.label, footer_right=f"问题 ID：{p.id}")

    def first_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        x = PORTRAIT.size[0] - PORTRAIT.right - QR_SIZE
        y = PORTRAIT.size[1] - 10 * mm - QR_SIZE
        layout.draw_qr(canvas, f"zhuqi:problem:{p.id}", x, y, QR_SIZE)

    return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options,
                  on_first=first_page)


def _flush(styles: Styles) -> ParagraphStyle:
    return ParagraphStyle("salutation", parent=styles.body, firstLineIndent=0)


def _request(data: NoticeData) -> str:
    p, e = data.problem, data.enterprise
    reply_to = data.issuer.unit or "交办单位"
    assists = f"，{joined(list(p.assist_units))}协办" if p.assist_units else ""
    if data.kind is NoticeKind.ASSIGNMENT:
        due = f"请于{cn_date(p.deadline)}前办结" if p.deadline else "请在规定时限内办结"
        return (f"现将{e.name}反映的{p.category}问题交由你单位主办{assists}。{due}，"
                f"并及时与企业沟通，将办理进展和结果反馈{reply_to}。")
    sup = data.supervision
    assert sup is not None
    since = f"已于{cn_date(p.assigned_date)}交由你单位主办{assists}，" if p.assigned_date else ""
    if sup.days_late and sup.stage:
        state = f"现{sup.stage}环节已逾期{sup.days_late}个工作日"
    elif p.deadline is not None:
        state = f"办结时限为{cn_date(p.deadline)}，尚未办结"
    else:
        state = "尚未办结"
    due = (f"于{cn_date(sup.due_date)}前" if sup.due_date else "于收到本单之日起3个工作日内")
    return (f"{e.name}反映的{p.category}问题{since}{state}。请高度重视，抓紧办理，"
            f"{due}将办理进展及结果书面反馈{reply_to}；确有困难的，请说明原因。")


def _details(ts: Typesetter, styles: Styles, data: NoticeData) -> Flowable:
    p, e = data.problem, data.enterprise

    def L(text: str) -> Flowable | str:  # noqa: N802 - a label cell, kept whole
        return fit(ts, styles, text, styles.label, FORM[0])

    def V(text: str) -> Flowable:  # noqa: N802 - a value cell
        return para(ts, text, styles.cell)

    rows: list[list[object]] = [
        [L(LABELS.enterprise_name), V(e.name), "", ""],
        [L(LABELS.credit_code), V(e.credit_code or ""), L("所属乡镇\n（街道）"), V(e.region_name)],
        [L("企业联系人"), V(joined([e.contact_person, e.contact_phone], "  ")), L("问题类别"),
         V(f"{p.category}（{p.scope}）")],
        [L("问题来源"), V(p.source), L("收到日期"), V(cn_date(p.received_date))],
        [L("问题描述"), V(p.description), "", ""],
        [L("企业诉求"), V(p.demand), "", ""],
        [L("主办单位"), V(p.lead_unit), L("协办单位"), V(joined(list(p.assist_units)))],
        [L("责任人"), V(joined([p.responsible_person, p.responsible_phone], "  ")), L("办结时限"),
         V(cn_date(p.deadline))],
    ]
    if data.kind is NoticeKind.SUPERVISION:
        extensions = "\n".join(f"{cn_date(x.requested_date)}申请：{x.reason}（由{cn_date(x.old_deadline) or '无'}"
                               f"延至{cn_date(x.new_deadline)}，{x.status.value}）" for x in data.extensions)
        latest = (f"{cn_date(data.latest.entry_date)}：{cn_dates_in(data.latest.content)}"
                  if data.latest else "无进展记录")
        opinion = data.supervision.note if data.supervision else ""
        tail = [("延期记录", extensions or "无", 0.0), ("最近办理进展", latest, 0.0), ("督办意见", opinion, 14 * mm),
                ("办理情况反馈", "", 16 * mm)]
    else:
        tail = [("办理要求", "收到后3个工作日内签收并首次反馈，协办单位3个工作日内反馈意见；一般问题7个工作日、"
                             "复杂问题30个工作日内办结，确需延期的须在时限届满前申请并经批准；办结后由企业评价。", 0.0),
                ("办理情况反馈", "", 24 * mm)]
    heights = [0.0] * len(rows)
    for label, value, height in tail:
        rows.append([L(label), V(value), "", ""])
        heights.append(height)
    wide = [0, 4, 5, *range(8, len(rows))]
    extra = [("SPAN", (1, r), (3, r)) for r in wide]
    extra += label_cells([(0, r) for r in range(len(rows))] + [(2, r) for r in (1, 2, 3, 6, 7)])
    return grid(styles, rows, FORM, extra, min_heights=heights)


def _signatures(ts: Typesetter, styles: Styles, kind: NoticeKind, me: Profile) -> list[Flowable]:
    sender = "交办单位（盖章）" if kind is NoticeKind.ASSIGNMENT else "督办单位（盖章）"
    blank = "________________"
    rows = [
        [para(ts, f"{sender}：{me.unit or blank}", styles.cell), para(ts, f"签收单位：{blank}", styles.cell)],
        [para(ts, f"经办人：{me.name or blank}  电话：{me.phone or '__________'}", styles.cell),
         para(ts, f"签收人：{blank}", styles.cell)],
        [para(ts, "日期：______年____月____日", styles.cell), para(ts, "签收日期：______年____月____日", styles.cell)],
    ]
    return [grid(styles, rows, [PORTRAIT.width / 2] * 2, min_heights=[9 * mm] * 3, ruled=False)]
