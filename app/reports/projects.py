"""地企合作项目台账: the projects an office follows, as a landscape table in the house style of
the 问题台账 (header row repeated on every page, text wrapping in its cell), with the figures
on top — 签约数, 开工率, 投产率, 资金到位率 in total and by 责任单位."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, cell, fit, grid
from app.reports.fmt import cn_date, pct
from app.reports.fonts import Typesetter
from app.reports.layout import Meta, Styles, Title, para
from app.reports.table_report import TableReport
from app.services import Services
from app.services.projects import ProjectFigures, ProjectStats, ProjectView

TITLE = "地企合作项目台账"
HEADINGS = ("序号", "项目名称", "合作方\n合作类型", "涉及企业", "所属行业", "计划总投资\n（万元）",
            "签约日期", "开工日期", "投产日期", "达效日期", "当前阶段", "计划投资\n到位资金\n（万元）", "资金\n到位率",
            "责任领导\n责任单位", "项目问题")
#: Column widths: the 261 mm of the landscape type area.
WIDTHS = tuple(w * mm for w in (9, 30, 26, 24, 16, 15, 16, 16, 16, 16, 12, 18, 13, 21, 13))
CENTRED = (0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)
FIGURE_HEADINGS = ("责任单位", "签约数", "开工数", "开工率", "投产数", "投产率", "达效数", "计划投资（万元）",
                   "到位资金（万元）", "资金到位率")


@dataclass(frozen=True)
class ProjectLedgerData:
    rows: tuple[ProjectView, ...]
    stats: ProjectStats
    as_of: date
    unit: str = ""
    stage: str = ""
    issuer: str = ""


def gather(services: Services, *, unit: str = "", stage: str = "", date_from: date | None = None,
           date_to: date | None = None) -> ProjectLedgerData:
    rows = tuple(services.projects.list(unit=unit, stage=stage))
    return ProjectLedgerData(rows, services.projects.figures(date_from, date_to), services.clock.today(), unit,
                             stage, services.profile.get().label)


def describe(data: ProjectLedgerData) -> str:
    parts = []
    if data.unit:
        parts.append(f"责任单位：{data.unit}")
    if data.stage:
        parts.append(f"阶段：{data.stage}")
    return "；".join(parts) or "全部项目"


def period_text(stats: ProjectStats) -> str:
    if stats.date_from is None and stats.date_to is None:
        return "全部年度"
    return f"{cn_date(stats.date_from) or '最早'}至{cn_date(stats.date_to) or '今'}"


def render_projects(data: ProjectLedgerData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, cell_size=layout.XIAO_WU)
    table: TableReport[ProjectView] = TableReport(ts, styles, HEADINGS, WIDTHS, CENTRED)
    note = ("注：签约数为统计期内签约的项目数；开工率 = 其中截至期末已开工的 ÷ 签约数，投产率 = 已投产的 ÷ 签约数；"
            "资金到位率 = 到位资金 ÷ 计划投资（按统计期内各年度的投资计划）。金额单位：万元。")
    story: list[Flowable] = [
        Title(ts, TITLE, space_after=4),
        para(ts, f"（{describe(data)}；截至{cn_date(data.as_of)}，共{len(data.rows)}个项目）", styles.subtitle),
        Spacer(1, 3 * mm),
        *_figures(ts, styles, data.stats),
        Spacer(1, 4 * mm),
        para(ts, "项目明细", styles.section),
        Spacer(1, 2 * mm),
        table.header(),
        *table.body(data.rows, lambda number, p: _row(ts, styles, number, p), empty="没有符合条件的项目。"),
        Spacer(1, 3 * mm),
        para(ts, note, styles.note),
    ]
    meta = Meta(f"{TITLE}（{describe(data)}）", subject=f"截至{cn_date(data.as_of)}", author=data.issuer,
                footer_right=f"{TITLE} · 截至{cn_date(data.as_of)}")
    return table.render(path, story, meta, options)


def _figure_row(ts: Typesetter, styles: Styles, f: ProjectFigures, label: str) -> list[Any]:
    values = (label, f.signed, f.started, pct(f.start_rate), f.producing, pct(f.production_rate), f.effective,
              f.planned, f.paid_in, pct(f.paid_in_rate))
    return [para(ts, str(v), styles.cell_center) for v in values]


def _figures(ts: Typesetter, styles: Styles, stats: ProjectStats) -> list[Flowable]:
    rows: list[list[Any]] = [[para(ts, h, styles.cell_head) for h in FIGURE_HEADINGS]]
    rows.append(_figure_row(ts, styles, stats.total, "合计"))
    rows += [_figure_row(ts, styles, f, f.unit or "（未填单位）") for f in stats.by_unit]
    widths = [sum(WIDTHS) / len(FIGURE_HEADINGS)] * len(FIGURE_HEADINGS)
    table = grid(styles, rows, widths, [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL),
                                        ("BACKGROUND", (0, 1), (-1, 1), layout.LABEL_FILL)])
    stages = "，".join(f"{name} {n} 个" for name, n in stats.by_stage)
    return [KeepTogether([para(ts, f"主要指标（统计期间：{period_text(stats)}）", styles.section),
                          Spacer(1, 2 * mm), table, Spacer(1, 2 * mm),
                          para(ts, f"各阶段项目：{stages}。", styles.note)])]


def _day(d: date | None) -> str:
    """A stage date on two lines, broken after the year (never inside the month or the day)."""
    return f"{d.year}年\n{d.month}月{d.day}日" if d is not None else "—"


def _row(ts: Typesetter, styles: Styles, number: int, p: ProjectView) -> list[Any]:
    c, center, small = styles.cell, styles.cell_center, styles.cell_small
    w = WIDTHS
    money = f"{p.planned}\n{p.paid_in}" if p.investments else "—"
    problems = f"{p.problems}个" + (f"\n未销号{p.open_problems}个" if p.open_problems else "") if p.problems else "—"
    return [
        cell(ts, styles, str(number), center, w[0]),
        para(ts, p.name, c),
        para(ts, "\n".join(x for x in (p.partner, p.cooperation_type) if x) or "—", c),
        para(ts, "、".join(p.enterprise_names) or "—", c),
        para(ts, p.sector or "—", center),
        fit(ts, styles, str(p.total_investment) if p.total_investment is not None else "—", center, w[5]),
        fit(ts, styles, _day(p.signed_date), small, w[6]),
        fit(ts, styles, _day(p.started_date), small, w[7]),
        fit(ts, styles, _day(p.producing_date), small, w[8]),
        fit(ts, styles, _day(p.effective_date), small, w[9]),
        cell(ts, styles, p.stage.value, center, w[10]),
        fit(ts, styles, money, center, w[11]),
        cell(ts, styles, pct(p.paid_in_rate), center, w[12]),
        para(ts, "\n".join(x for x in (p.leader, p.unit) if x) or "—", center),
        cell(ts, styles, problems, center, w[14]),
    ]
