"""问题台账: the problem ledger, filtered like the window's, as a landscape table laid
on the table at the weekly meeting. The header row is repeated on every page, long
text wraps inside its cell (a row taller than a page continues on the next),
overdue rows are shaded and marked, and totals by state close the ledger."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, Spacer

from app.domain import ProblemStatus
from app.fields import LABELS
from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, cell, fit, grid
from app.reports.fmt import cn_date, cn_dates_in, joined
from app.reports.fonts import Typesetter
from app.reports.layout import Meta, Styles, Title, para
from app.reports.output import Cancel, Progress, check_cancel
from app.reports.table_report import TableReport
from app.services import Services
from app.services.problems import ProblemFilter, ProblemView, TimelineEntry

TITLE = "问题台账"
HEADINGS = ("序号", LABELS.enterprise_name, "类别", "问题描述", "企业诉求", "收到日期\n来源", "主办单位\n协办单位",
            "办结时限", "办理状态", "办理进展 / 办理结果")
#: Column widths: the 261 mm of the landscape type area.
WIDTHS = tuple(w * mm for w in (9, 30, 17, 42, 26, 27, 30, 27, 19, 34))
#: Columns whose text is centred (序号, 类别, dates, units, 状态).
CENTRED = (0, 2, 5, 6, 7, 8)
#: Problems read per query: each page seeks past the last (see ProblemService.search); 20 queries
#: for a county's 100,000 problems instead of 200 (59 s of reading against 33 s).
PAGE_SIZE = 5000


@dataclass(frozen=True)
class LedgerData:
    filter: ProblemFilter
    as_of: date
    rows: tuple[ProblemView, ...]
    #: Problem id → its newest 办理进展 entry.
    progress: dict[str, TimelineEntry]
    issuer: str = ""


def gather(services: Services, f: ProblemFilter, *, progress: Progress | None = None,
           cancel: Cancel | None = None) -> LedgerData:
    """Every problem matching `f`, oldest first (the order they were received in)."""
    rows: list[ProblemView] = []
    total = 0
    check_cancel(cancel)
    for page in services.problems.pages(f, size=PAGE_SIZE, sort="received_date", descending=False):
        check_cancel(cancel)
        # Counted on the first page; rows added since then may take the figure past it.
        total = max(page.total or 0, total, len(rows) + len(page.rows))
        rows.extend(page.rows)
        if progress is not None:
            progress(len(rows), max(total, 1), f"读取问题 {len(rows)}/{total}")
    check_cancel(cancel)
    latest = services.problems.latest_progress([p.id for p in rows])
    return LedgerData(f, services.clock.today(), tuple(rows), latest, services.profile.get().label)


def describe(f: ProblemFilter) -> str:
    """The filter in words, for the ledger's subtitle."""
    parts = []
    if f.statuses:
        parts.append("状态：" + "、".join(s.value for s in f.statuses))
    if f.categories:
        parts.append("类别：" + "、".join(f.categories))
    if f.region:
        parts.append(f"乡镇（街道）：{f.region}")
    if f.unit:
        parts.append(f"主办单位：{f.unit}")
    if f.received_from or f.received_to:
        parts.append(f"收到日期：{cn_date(f.received_from) or '最早'}至{cn_date(f.received_to) or '今'}")
    if f.due_by:
        parts.append(f"{cn_date(f.due_by)}前到期")
    if f.overdue_only:
        parts.append("仅逾期问题")
    if f.text.strip():
        parts.append(f"含“{f.text.strip()}”")
    return "；".join(parts) or "全部问题"


def render_ledger(data: LedgerData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, cell_size=layout.XIAO_WU)
    table: TableReport[ProblemView] = TableReport(ts, styles, HEADINGS, WIDTHS, CENTRED)

    def row(number: int, p: ProblemView) -> list[Any]:
        return _row(ts, styles, number, p, data.progress.get(p.id), data.as_of)

    story: list[Flowable] = [
        Title(ts, TITLE, space_after=4),
        para(ts, f"（{describe(data.filter)}；截至{cn_date(data.as_of)}，共{len(data.rows)}个问题）",
             styles.subtitle),
        Spacer(1, 4 * mm),
        table.header(),
        *table.body(data.rows, row, empty="没有符合条件的问题。", shade=_overdue_shade,
                    progress=lambda done, total: f"排版第 {done}/{total} 行"),
        NextPageTemplate("plain"),
        *_totals(ts, styles, data),
    ]
    meta = Meta(f"{TITLE}（{describe(data.filter)}）", subject=f"截至{cn_date(data.as_of)}", author=data.issuer,
                footer_right=f"{TITLE} · 截至{cn_date(data.as_of)}")
    return table.render(path, story, meta, options)


def _overdue_shade(i: int, p: ProblemView) -> list[tuple[Any, ...]]:
    """An overdue row shaded, its 办理状态 in the overdue colour."""
    if not p.overdue:
        return []
    return [("BACKGROUND", (0, i), (-1, i), layout.OVERDUE_FILL), ("TEXTCOLOR", (8, i), (8, i), layout.OVERDUE_TEXT)]


def _row(ts: Typesetter, styles: Styles, number: int, p: ProblemView, latest: TimelineEntry | None,
         as_of: date) -> list[Any]:
    c, center, small = styles.cell, styles.cell_center, styles.cell_small
    w = WIDTHS
    units = joined([p.lead_unit, "协办：" + joined(list(p.assist_units)) if p.assist_units else "",
                    "责任人：" + p.responsible_person if p.responsible_person else ""], "\n")
    status = p.status.value
    if p.overdue and p.stage is not None:
        status += f"\n{p.stage.value}逾期\n{p.days_late}个工作日"  # three short lines: the number kept whole
    elif p.evaluation is not None:
        status += f"\n{p.evaluation.value}"
    return [
        cell(ts, styles, str(number), center, w[0]),
        # The company's name wraps like text; its 乡镇 under it is a name kept whole.
        [para(ts, p.enterprise_name, c), fit(ts, styles, f"（{p.region_name}）", c, w[1], flowable=True)]
        if p.region_name else para(ts, p.enterprise_name, c),
        cell(ts, styles, f"{p.category}\n{p.scope}", center, w[2]),
        para(ts, p.description, c),
        para(ts, p.demand, c),
        cell(ts, styles, f"{cn_date(p.received_date)}\n{p.source}", small, w[5]),
        fit(ts, styles, units, center, w[6]),  # unit names: cut between them, never inside one
        cell(ts, styles, cn_date(p.deadline), small, w[7]),
        cell(ts, styles, status, center, w[8]),
        para(ts, _outcome(p, latest), c),
    ]


def _outcome(p: ProblemView, latest: TimelineEntry | None) -> str:
    """What the ledger says was done: the result, the reason it cannot be done, or the
    newest progress."""
    if p.status in (ProblemStatus.SOLVED, ProblemStatus.CLOSED):
        closed = f"（{cn_date(p.closed_date)}销号）" if p.closed_date else ""
        return f"{p.resolution}{closed}"
    if p.status is ProblemStatus.DEFERRED:
        return f"暂不具备条件：{p.deferred_reason}（依据：{p.deferred_policy}）"
    if latest is not None:
        return f"{cn_date(latest.entry_date)}：{cn_dates_in(latest.content)}"
    return ""


def _totals(ts: Typesetter, styles: Styles, data: LedgerData) -> list[Flowable]:
    counts = Counter(p.status for p in data.rows)
    overdue = sum(1 for p in data.rows if p.overdue)
    solved = counts[ProblemStatus.SOLVED] + counts[ProblemStatus.CLOSED]
    head = ["合计", *[s.value for s in ProblemStatus], "其中逾期", "办结率"]
    rate = f"{solved / len(data.rows) * 100:.1f}%" if data.rows else "—"
    values = [str(len(data.rows)), *[str(counts[s]) for s in ProblemStatus], str(overdue), rate]
    widths = [sum(WIDTHS) / len(head)] * len(head)
    table = grid(styles, [[para(ts, h, styles.cell_head) for h in head],
                          [para(ts, v, styles.cell_center) for v in values]], widths,
                 [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL)])
    note = ("注：办结率 =（已办结 + 已销号）÷ 问题总数；“暂不具备条件”单独统计，不计为办结。"
            "逾期指当前环节（交办、首次反馈、协办反馈、办结、月度报告、回访）超过时限，按工作日计至打印当日，以浅红底色标出。")
    return [Spacer(1, 5 * mm), KeepTogether([para(ts, "合计", styles.section), Spacer(1, 2 * mm), table,
                                             Spacer(1, 2 * mm), para(ts, note, styles.note)])]
