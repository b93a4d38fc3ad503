"""月度通报 / periodic report: for a month, quarter or range (optionally one region or
unit), the key figures of the statistics service, the tables by unit, region and
category with charts, and the lists of overdue problems and of assigned enterprises
not visited. Units are ranked by problems solved and satisfaction (把评价权交给企业),
never by the number of visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.reports import layout, periods
from app.reports.common import RenderOptions, ReportResult, cell, grid, render
from app.reports.fmt import cn_date, num, pct
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, ProgressMark, Styles, Title, para
from app.reports.output import Cancel, Progress, check_cancel
from app.services import Services
from app.services.problems import ProblemFilter, ProblemView
from app.services.stats import GroupRow, NeverVisited, StatsQuery, StatsReport

#: Longest lists printed in full; the rest are counted and left to the ledger.
MAX_OVERDUE = 200
MAX_NEVER_VISITED = 300
CHART_UNITS = 12
SOLVED = HexColor("#2F5597")
RAISED = HexColor("#BDD7EE")
PIE = [HexColor(c) for c in ("#2F5597", "#C55A11", "#548235", "#7F6000", "#7030A0", "#BF9000", "#1F7A7A",
                             "#A9444A", "#5B6770", "#8FAADC", "#F4B183", "#A9D18E", "#FFD966")]


@dataclass(frozen=True)
class PeriodicData:
    query: StatsQuery
    title: str
    report: StatsReport
    ranking: tuple[GroupRow, ...]
    #: The overdue problems raised in the period, longest overdue first (at most MAX_OVERDUE).
    overdue: tuple[ProblemView, ...]
    overdue_total: int
    never_visited: tuple[NeverVisited, ...]
    issuer_unit: str = ""
    issuer: str = ""


def default_title(q: StatsQuery) -> str:
    scope = "、".join(x for x in (q.region, q.unit, q.category) if x)
    return f"{periods.label(q.date_from, q.date_to)}{scope}助企走访工作情况通报"


def gather(services: Services, q: StatsQuery, title: str | None = None, *, progress: Progress | None = None,
           cancel: Cancel | None = None) -> PeriodicData:
    def step(i: int, message: str) -> None:
        check_cancel(cancel)
        if progress is not None:
            progress(i, 5, message)

    step(0, "统计主要指标")
    report = services.stats.report(q)
    step(1, "单位排名")
    ranking = tuple(services.stats.unit_ranking(q))
    step(2, "逾期问题")
    f = ProblemFilter(overdue_only=True, region=q.region, unit=q.unit, received_from=q.date_from,
                      received_to=q.date_to, categories=(q.category,) if q.category else (), cadre_id=q.cadre_id)
    page = services.problems.search(f, limit=MAX_OVERDUE, sort="deadline", descending=False)
    step(3, "未走访企业")
    never = tuple(services.stats.never_visited(q))
    step(4, "排版")
    profile = services.profile.get()
    return PeriodicData(q, title or default_title(q), report, ranking, tuple(page.rows), page.total or 0, never,
                        profile.unit, profile.label)


def render_periodic(data: PeriodicData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.SAN_HAO)
    r = data.report
    sign = "  ".join(x for x in (data.issuer_unit, cn_date(r.as_of)) if x)
    story: list[Flowable] = [
        Title(ts, data.title, space_after=4),
        para(ts, sign, styles.subtitle),
        Spacer(1, 6 * mm),
        para(ts, "一、总体情况", styles.h1),
        para(ts, _summary(data), styles.body),
        Spacer(1, 2 * mm),
        _key_figures(ts, styles, r),
        para(ts, "二、各单位办理情况", styles.h1),
        para(ts, "按问题办结数排序，办结数相同的按企业满意率排序；走访次数不作为排名依据。", styles.body),
        Spacer(1, 2 * mm),
        _ranking(ts, styles, data.ranking),
    ]
    if data.ranking:
        story.append(KeepTogether([Spacer(1, 3 * mm), _unit_chart(ts, data.ranking),
                                   para(ts, f"图1  问题办结情况（办结数前{min(CHART_UNITS, len(data.ranking))}位单位）",
                                        styles.cell_center)]))
    story.append(ProgressMark(1, 4, "排版单位排名"))
    story += [para(ts, "三、各乡镇（街道）情况", styles.h1), _regions(ts, styles, r.by_region)]
    if r.by_region:
        story.append(KeepTogether([Spacer(1, 3 * mm), _coverage_chart(ts, r.by_region),
                                   para(ts, "图2  包联企业走访覆盖率", styles.cell_center)]))
    story += [para(ts, "四、问题分类情况", styles.h1), _categories(ts, styles, r)]
    if r.totals.raised:
        story.append(KeepTogether([Spacer(1, 3 * mm), _category_chart(ts, r.by_category),
                                   para(ts, "图3  问题类别构成", styles.cell_center)]))
    story.append(ProgressMark(2, 4, "排版分类情况"))
    story += [para(ts, f"五、逾期问题清单（共{data.overdue_total}个）", styles.h1), *_overdue(ts, styles, data)]
    story.append(ProgressMark(3, 4, "排版逾期问题"))
    story += [para(ts, f"六、未走访的包联企业（共{len(data.never_visited)}家）", styles.h1),
              *_never_visited(ts, styles, data.never_visited)]
    story += [Spacer(1, 4 * mm), para(ts, _notes(r), styles.note)]
    meta = Meta(data.title, subject=periods.label(data.query.date_from, data.query.date_to), author=data.issuer,
                footer_right=data.title)
    return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options)


def _summary(data: PeriodicData) -> str:
    r, t, c = data.report, data.report.totals, data.report.coverage
    period = periods.label(data.query.date_from, data.query.date_to)
    avg = f"，平均办结用时{t.avg_days_to_solve}天" if t.avg_days_to_solve is not None else ""
    top = f"办结问题最多的是{data.ranking[0].key}（{data.ranking[0].problems.solved}个）。" if data.ranking else ""
    return (f"{period}，包联企业{c.assigned}家，已走访{c.covered}家，走访覆盖率{pct(c.rate)}，"
            f"开展走访{r.visits}次。收集企业反映问题{t.raised}个，已办结{t.solved}个，办结率{pct(t.solve_rate)}；"
            f"已销号{t.closed}个，销号率{pct(t.close_rate)}；按期办结率{pct(t.on_time_rate)}；"
            f"办理中{t.in_progress}个，待交办{t.listed}个，暂不具备条件{t.deferred}个；逾期未办结{t.overdue}个。"
            f"企业评价{t.evaluated}个，满意率{pct(t.satisfaction_rate)}{avg}。{top}")


def _table(ts: Typesetter, styles: Styles, head: list[str], rows: list[list[str]], widths: list[float],
           left: tuple[int, ...] = (1,)) -> Flowable:
    """A figures table: header shaded, numbers centred, the named columns left-aligned."""
    body = [[cell(ts, styles, v, styles.cell if i in left else styles.cell_center, widths[i])
             for i, v in enumerate(r)] for r in rows]
    extra: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL),
                                    ("ALIGN", (0, 1), (-1, -1), "CENTER")]
    extra += [("ALIGN", (i, 1), (i, -1), "LEFT") for i in left]
    return grid(styles, [[para(ts, h, styles.cell_head) for h in head], *body], widths, extra, repeat=1)


def _key_figures(ts: Typesetter, styles: Styles, r: StatsReport) -> Flowable:
    t, c = r.totals, r.coverage
    first = [("包联企业", str(c.assigned)), ("已走访", str(c.covered)), ("走访覆盖率", pct(c.rate)),
             ("走访次数", str(r.visits)), ("收集问题", str(t.raised)), ("已办结", str(t.solved))]
    second = [("办结率", pct(t.solve_rate)), ("已销号", str(t.closed)), ("销号率", pct(t.close_rate)),
              ("逾期未办结", str(t.overdue)), ("企业满意率", pct(t.satisfaction_rate)),
              ("平均办结天数", num(t.avg_days_to_solve))]
    rows: list[list[Any]] = []
    for pairs in (first, second):
        rows.append([para(ts, k, styles.cell_head) for k, _ in pairs])
        rows.append([cell(ts, styles, v, styles.cell_center, PORTRAIT.width / 6) for _, v in pairs])
    extra = [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL), ("BACKGROUND", (0, 2), (-1, 2), layout.LABEL_FILL),
             ("ALIGN", (0, 0), (-1, -1), "CENTER")]
    return grid(styles, rows, [PORTRAIT.width / 6] * 6, extra)


def _ranking(ts: Typesetter, styles: Styles, rows: tuple[GroupRow, ...]) -> Flowable:
    if not rows:
        return para(ts, "本期没有交办到单位的问题。", styles.body)
    head = ["排名", "主办单位", "问题", "办结", "办结率", "销号", "企业满意率", "逾期", "平均办结天数"]
    widths = [w * mm for w in (12, 34, 14, 14, 17, 14, 19, 14, 18)]
    body = [[str(i), g.key, str(g.problems.raised), str(g.problems.solved), pct(g.problems.solve_rate),
             str(g.problems.closed), pct(g.problems.satisfaction_rate), str(g.problems.overdue),
             num(g.problems.avg_days_to_solve)] for i, g in enumerate(rows, start=1)]
    return _table(ts, styles, head, body, widths)


def _regions(ts: Typesetter, styles: Styles, rows: list[GroupRow]) -> Flowable:
    if not rows:
        return para(ts, "本期没有数据。", styles.body)
    head = ["乡镇（街道）", "包联企业", "已走访", "覆盖率", "问题", "办结", "办结率", "逾期", "企业满意率"]
    widths = [w * mm for w in (28, 18, 15, 17, 14, 14, 17, 14, 19)]
    body = [[g.key or "（未填）", num(g.assigned), num(g.covered), pct(g.coverage_rate), str(g.problems.raised),
             str(g.problems.solved), pct(g.problems.solve_rate), str(g.problems.overdue),
             pct(g.problems.satisfaction_rate)] for g in rows]
    return _table(ts, styles, head, body, widths, left=(0,))


def _categories(ts: Typesetter, styles: Styles, r: StatsReport) -> Flowable:
    if not r.by_category:
        return para(ts, "本期没有收集到问题。", styles.body)
    head = ["问题类别", "问题", "占比", "办结", "办结率", "逾期", "企业满意率", "平均办结天数"]
    widths = [w * mm for w in (36, 15, 16, 15, 18, 15, 20, 21)]
    total = r.totals.raised or 1
    rows = sorted(r.by_category, key=lambda g: -g.problems.raised)
    body = [[g.key, str(g.problems.raised), pct(g.problems.raised / total), str(g.problems.solved),
             pct(g.problems.solve_rate), str(g.problems.overdue), pct(g.problems.satisfaction_rate),
             num(g.problems.avg_days_to_solve)] for g in rows]
    return _table(ts, styles, head, body, widths, left=(0,))


def _overdue(ts: Typesetter, styles: Styles, data: PeriodicData) -> list[Flowable]:
    if not data.overdue:
        return [para(ts, "本期收集的问题中没有逾期未办结的问题。", styles.body)]
    head = ["序号", "企业名称", "类别", "问题描述", "主办单位", "办结时限", "逾期天数"]
    widths = [w * mm for w in (11, 32, 17, 39, 20, 24, 13)]  # 办结时限: a whole date
    as_of = data.report.as_of
    body = [[str(i), p.enterprise_name, p.category, p.description, p.lead_unit, cn_date(p.deadline),
             str((as_of - p.deadline).days) if p.deadline else ""] for i, p in enumerate(data.overdue, start=1)]
    out: list[Flowable] = [_table(ts, styles, head, body, widths, left=(1, 3))]
    if data.overdue_total > len(data.overdue):
        out.append(para(ts, f"（列出逾期最久的{len(data.overdue)}个，其余{data.overdue_total - len(data.overdue)}个"
                            "见问题台账：zhuqi report ledger --overdue）", styles.note))
    return out


def _never_visited(ts: Typesetter, styles: Styles, rows: tuple[NeverVisited, ...]) -> list[Flowable]:
    if not rows:
        return [para(ts, "本期所有包联企业均已走访。", styles.body)]
    head = ["序号", "乡镇（街道）", "企业名称", "包联干部"]
    widths = [w * mm for w in (12, 30, 70, 44)]
    shown = rows[:MAX_NEVER_VISITED]
    body = [[str(i), n.region_name, n.name, n.cadres] for i, n in enumerate(shown, start=1)]
    out: list[Flowable] = [_table(ts, styles, head, body, widths, left=(1, 2, 3))]
    if len(rows) > len(shown):
        out.append(para(ts, f"（列出前{len(shown)}家，其余{len(rows) - len(shown)}家可用 zhuqi stats --never-visited 查看）",
                        styles.note))
    return out


def _notes(r: StatsReport) -> str:
    return ("说明：问题按收到日期计入统计期；办结包括已办结和已销号，“暂不具备条件”单独统计、不计为办结；"
            "办结率、销号率以本期收集的问题为分母，按期办结率以已办结问题为分母，满意率 =（非常满意 + 满意 + 基本满意）÷ 已评价问题；"
            f"逾期按{cn_date(r.as_of)}计；覆盖率为统计期内走访过的包联企业占包联企业的比例。")


# ---- charts (reportlab graphics, labels in the report's table face) -------------------
def _unit_chart(ts: Typesetter, rows: tuple[GroupRow, ...]) -> Drawing:
    shown = list(rows[:CHART_UNITS])[::-1]  # the chart draws from the bottom up
    font = ts.fonts.table
    height = 22 + 13 * len(shown) + 30
    d = layout.drawing(PORTRAIT.width, height, ts.fonts)
    chart = HorizontalBarChart()
    chart.x, chart.y = 80, 30
    chart.width, chart.height = PORTRAIT.width - 120, height - 45
    chart.data = [[g.problems.raised for g in shown], [g.problems.solved for g in shown]]
    chart.categoryAxis.categoryNames = [ts.plain(g.key, font) for g in shown]
    chart.categoryAxis.labels.fontName = font.name
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = font.name
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor, chart.bars[1].fillColor = RAISED, SOLVED
    chart.bars.strokeWidth = 0.3
    chart.barLabels.fontName = font.name
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = "%d"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    d.add(chart)
    d.add(_legend(ts, [(RAISED, "收集问题"), (SOLVED, "已办结")], PORTRAIT.width - 150, 12))
    return d


def _coverage_chart(ts: Typesetter, rows: list[GroupRow]) -> Drawing:
    font = ts.fonts.table
    shown = [g for g in rows if g.assigned]
    d = layout.drawing(PORTRAIT.width, 190, ts.fonts)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 35, 55, PORTRAIT.width - 50, 120
    chart.data = [[round((g.coverage_rate or 0) * 100, 1) for g in shown]]
    chart.categoryAxis.categoryNames = [ts.plain(g.key or "（未填）", font) for g in shown]
    chart.categoryAxis.labels.fontName = font.name
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.angle = 40
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = font.name
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = SOLVED
    chart.bars.strokeWidth = 0.3
    chart.barLabels.fontName = font.name
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.nudge = 6
    d.add(chart)
    return d


def _category_chart(ts: Typesetter, rows: list[GroupRow]) -> Drawing:
    font = ts.fonts.table
    ordered = sorted((g for g in rows if g.problems.raised), key=lambda g: -g.problems.raised)
    if len(ordered) > len(PIE):  # the smallest slices share one, so colours stay distinct
        rest = sum(g.problems.raised for g in ordered[len(PIE) - 1:])
        slices = [(g.key, g.problems.raised) for g in ordered[:len(PIE) - 1]] + [("其他类别合计", rest)]
    else:
        slices = [(g.key, g.problems.raised) for g in ordered]
    total = sum(v for _, v in slices) or 1
    d = layout.drawing(PORTRAIT.width, 190, ts.fonts)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 40, 15, 160, 160
    pie.data = [v for _, v in slices]
    pie.slices.strokeWidth = 0.5
    pie.slices.strokeColor = HexColor("#FFFFFF")
    for i in range(len(slices)):
        pie.slices[i].fillColor = PIE[i]
    d.add(pie)
    items = [(PIE[i], f"{ts.plain(k, font)}  {v}个（{v / total * 100:.1f}%）") for i, (k, v) in enumerate(slices)]
    d.add(_legend(ts, items, 240, 180, columns=1))
    return d


def _legend(ts: Typesetter, items: list[tuple[Any, str]], x: float, y: float, columns: int = 2) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName = ts.fonts.table.name
    legend.fontSize = 8
    legend.alignment = "right"
    legend.boxAnchor = "nw"
    legend.columnMaximum = max(1, -(-len(items) // columns))
    legend.dx = legend.dy = 8
    legend.deltay = 12
    legend.colorNamePairs = [(c, ts.plain(t, ts.fonts.table)) for c, t in items]
    return legend
