"""通报: the period's report as an office issues it (GB/T 9704-2012): the red 发文机关标志,
文号 and separator, a 小标宋-like title, 主送机关, a 仿宋 body in sections (总体情况; 各单位
办理情况 ranked by results; 表扬; 通报批评和督办 listing every problem overdue on the report
date, oldest first, with its unit, stage and working days late; 走访覆盖情况; 政策宣传和兑现情况
and 地企合作项目情况 when the period has any; 下一步工作),
the 落款 and date over room for the seal, and "— 1 —" page numbers at the outer edge.

The period covers every problem open at any time in it (app.services.stats); units are
ranked by the composite of app.ranking, never by counts of visits or problems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from app.fields import LABELS
from app.ranking import Ranking, rank
from app.reports import layout, periods
from app.reports.common import RenderOptions, ReportResult, cell, fit, grid, render
from app.reports.fmt import cn_date, cn_number, pct
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, ProgressMark, Styles, Title, draw_runs, para, text_width
from app.reports.output import Cancel, Progress, check_cancel
from app.services import Services
from app.services.policy_stats import PolicyFigureRow, PolicyFigures
from app.services.problems import ProblemFilter, ProblemView
from app.services.projects import ProjectFigures, ProjectStats
from app.services.stats import NeverVisited, StatsQuery, StatsReport

MAX_NEVER_VISITED = 300
RED = HexColor("#C00000")
DEFAULT_ISSUER = "助企服务工作专班办公室"
DEFAULT_RECIPIENTS = "各乡镇人民政府、街道办事处，县直有关单位："


@dataclass(frozen=True)
class PeriodicData:
    query: StatsQuery
    title: str
    report: StatsReport
    ranking: Ranking
    #: Every problem overdue on the report date under the report's filters, oldest due first.
    overdue: tuple[ProblemView, ...]
    never_visited: tuple[NeverVisited, ...]
    issuer_unit: str = ""
    issuer: str = ""
    #: The 文号's number (〔2026〕N号); None leaves it blank to be filled in by hand.
    number: int | None = None
    #: 政策宣传与兑现 in the period (a section of its own when anything was explained or claimed).
    policies: PolicyFigures | None = None
    #: 地企合作 in the period (a section of its own when a project was signed or investment planned).
    projects: ProjectStats | None = None

    @property
    def overdue_total(self) -> int:
        return len(self.overdue)


def default_title(q: StatsQuery) -> str:
    scope = "、".join(x for x in (q.region, q.unit, q.category) if x)
    return f"关于{periods.label(q.date_from, q.date_to)}{scope}助企纾困问题办理情况的通报"


def gather(services: Services, q: StatsQuery, title: str | None = None, *, progress: Progress | None = None,
           cancel: Cancel | None = None, number: int | None = None, min_problems: int = 3) -> PeriodicData:
    def step(i: int, message: str) -> None:
        check_cancel(cancel)
        if progress is not None:
            progress(i, 5, message)

    step(0, "统计主要指标")
    report = services.stats.report(q)
    step(1, "单位排名")
    ranking = rank(report.by_unit, min_problems)
    step(2, "逾期问题")
    f = ProblemFilter(overdue_only=True, region=q.region, unit=q.unit,
                      categories=(q.category,) if q.category else (), cadre_id=q.cadre_id, leader_id=q.leader_id)
    overdue = [p for page in services.problems.pages(f, size=2000, sort="stage_due", descending=False, count=False)
               for p in page.rows]
    step(3, "未走访企业")
    never = tuple(services.stats.never_visited(q))
    policies = services.policies.figures(q)
    projects = services.projects.figures(q.date_from, q.date_to)
    step(4, "排版")
    profile = services.profile.get()
    return PeriodicData(q, title or default_title(q), report, ranking, tuple(overdue), never, profile.unit,
                        profile.label, number, policies, projects)


class _Masthead(Flowable):
    """发文机关标志 (red, the title face), the 文号 under it and the red separator line."""

    def __init__(self, ts: Typesetter, issuer: str, number_text: str) -> None:
        super().__init__()
        self._runs = ts.runs(issuer, ts.fonts.title)
        self._number = ts.runs(number_text, ts.fonts.body)
        self._size = 28.0 if len(issuer) <= 14 else 22.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        self._size = min(self._size, avail_width / max(1.0, text_width(self._runs, 1.0)))
        return avail_width, self._size + 18 * mm

    def draw(self) -> None:
        c = self.canv
        top = self._size + 18 * mm
        y = top - self._size
        x = (self._width - text_width(self._runs, self._size)) / 2
        draw_runs(c, self._runs, x, y, self._size, color=RED)
        y -= 10 * mm
        size = layout.SAN_HAO
        x = (self._width - text_width(self._number, size)) / 2
        draw_runs(c, self._number, x, y, size)
        c.saveState()
        c.setStrokeColor(RED)
        c.setLineWidth(1.2)
        c.line(0, y - 4 * mm, self._width, y - 4 * mm)
        c.restoreState()


class _BalancedTitle(Title):
    """The title in lines of about equal length (GB/T 9704 titles do not leave one character
    alone on the last line)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        total = text_width(self._runs, self._size)
        lines = max(1, -(-int(total) // int(avail_width)))
        width = min(avail_width, total / lines + self._size * 1.2) if lines > 1 else avail_width
        self._width = avail_width
        self._lines = layout.break_runs(self._runs, self._size, width)
        return avail_width, self._leading * len(self._lines)


class _Signature(Flowable):
    """落款: the issuer centred over the date, the date four characters in from the right, with
    room above for the seal."""

    def __init__(self, ts: Typesetter, issuer: str, day: str) -> None:
        super().__init__()
        self._issuer = ts.runs(issuer, ts.fonts.body)
        self._day = ts.runs(day, ts.fonts.body)
        self._size = layout.SAN_HAO

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self._size * 3.6

    def draw(self) -> None:
        size = self._size
        day_w, issuer_w = text_width(self._day, size), text_width(self._issuer, size)
        day_x = self._width - 4 * size - day_w
        centre = day_x + day_w / 2
        issuer_x = min(centre - issuer_w / 2, self._width - 2 * size - issuer_w)
        draw_runs(self.canv, self._issuer, issuer_x, size * 2, size)
        draw_runs(self.canv, self._day, day_x, size * 0.2, size)


def _page_numbers(ts: Typesetter) -> Any:
    """"— 1 —" in 4号 Song, 7 mm below the type area, at the outer edge (odd right, even left),
    one character in from the margin."""
    size = layout.SI_HAO

    def draw(canvas: Canvas, number: int, total: int) -> None:
        runs = ts.runs(f"— {number} —", ts.fonts.table)
        y = PORTRAIT.bottom - 7 * mm - size
        width = text_width(runs, size)
        if number % 2:
            x = PORTRAIT.size[0] - PORTRAIT.right - size - width
        else:
            x = PORTRAIT.left + size
        canvas.saveState()
        draw_runs(canvas, runs, x, y, size)
        canvas.restoreState()

    return draw


def render_periodic(data: PeriodicData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.SAN_HAO)
    flush = ParagraphStyle("flush", parent=styles.body, firstLineIndent=0)
    r, year = data.report, (data.query.date_to or data.report.as_of).year
    issuer = data.issuer_unit or DEFAULT_ISSUER
    number = f"{issuer}〔{year}〕{data.number}号" if data.number else f"{issuer}〔{year}〕    号"
    extra = _extra_sections(ts, styles, data)
    story: list[Flowable] = [
        _Masthead(ts, f"{issuer}文件", number),
        Spacer(1, 6 * mm),
        _BalancedTitle(ts, data.title, space_after=layout.SAN_HAO),
        para(ts, DEFAULT_RECIPIENTS, flush),
        para(ts, _opening(data), styles.body),
        para(ts, "一、总体情况", styles.h1),
        *[para(ts, text, styles.body) for text in _summary(data)],
        Spacer(1, 2 * mm),
        _key_figures(ts, styles, r),
        ProgressMark(1, 4, "排版总体情况"),
        para(ts, "二、各单位办理情况", styles.h1),
        para(ts, data.ranking.method, styles.body),
        Spacer(1, 2 * mm),
        *_ranking(ts, styles, data.ranking),
        para(ts, "三、表扬", styles.h1),
        para(ts, _praise(data.ranking), styles.body),
        ProgressMark(2, 4, "排版单位排名"),
        para(ts, "四、通报批评和督办", styles.h1),
        *_overdue(ts, styles, data),
        ProgressMark(3, 4, "排版逾期问题"),
        para(ts, "五、走访覆盖情况", styles.h1),
        *_coverage(ts, styles, data),
        *[f for section in extra for f in section],
        para(ts, f"{cn_number(6 + len(extra))}、下一步工作", styles.h1),
        *[para(ts, text, styles.body) for text in _next_steps(data)],
        Spacer(1, 14 * mm),
        _Signature(ts, issuer, cn_date(r.as_of)),
        Spacer(1, 4 * mm),
        para(ts, _notes(r), styles.note),
    ]
    meta = Meta(data.title, subject=periods.label(data.query.date_from, data.query.date_to), author=data.issuer,
                footer_right=number)
    return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options,
                  footer=_page_numbers(ts))


def _opening(data: PeriodicData) -> str:
    period = periods.label(data.query.date_from, data.query.date_to)
    return (f"为压实问题办理责任，把评价权交给企业，现将{period}企业反映问题办理情况通报如下。"
            f"本通报统计{period}内任一天处于未办结状态的全部问题，逾期情况截至{cn_date(data.report.as_of)}。")


def _summary(data: PeriodicData) -> list[str]:
    r, t, c = data.report, data.report.totals, data.report.coverage
    origin = {g.key: g.problems for g in r.by_origin}
    above = origin.get("上级交办")
    own = origin.get("自查")
    stages = "，".join(f"{a.stage.value}平均{a.average}个工作日" for a in r.stage_days if a.average is not None)
    first = (f"本期在办问题{t.raised}个，其中本期新收集{t.received}个。已交办{t.assigned}个，已办结{t.solved}个，"
             f"问题化解率{pct(t.resolve_rate)}，办结率{pct(t.solve_rate)}；按原定时限办结{t.solved_on_time}个，"
             f"按期办结率{pct(t.on_time_rate)}（经批准延期的{t.extended}个另行统计，仍按原定时限计算）；"
             f"已销号{t.closed}个，销号率{pct(t.close_rate)}。")
    second = (f"已办结问题中企业已评价{t.revisited}个，回访率{pct(t.revisit_rate)}；企业评价{t.evaluated}个，"
              f"满意（含基本满意）{t.satisfied}个，企业满意率{pct(t.satisfaction_rate)}。")
    if above and own:
        second += (f"上级交办问题{above.raised}个，化解率{pct(above.resolve_rate)}；自查发现问题{own.raised}个，"
                   f"化解率{pct(own.resolve_rate)}。")
    third = (f"截至{cn_date(r.as_of)}，逾期未完成的问题{r.overdue_now}个"
             + (f"（{'，'.join(f'{k}环节{v}个' for k, v in r.overdue_by_stage.items())}）" if r.overdue_by_stage
                else "")
             + f"；本期共督办{r.supervisions}次。" + (f"各环节用时：{stages}。" if stages else "")
             + f"{c.list_name}{c.listed}家，本期走访{c.covered}家，覆盖率{pct(c.rate)}。")
    return [first, second, third]


def _table(ts: Typesetter, styles: Styles, head: list[str], rows: Sequence[Sequence[object]], widths: list[float],
           left: tuple[int, ...] = (1,)) -> Flowable:
    """A figures table: header shaded, numbers centred, the named columns left-aligned; a cell
    given as flowables is taken as it is."""
    body = [[cell(ts, styles, v, styles.cell if i in left else styles.cell_center, widths[i])
             if isinstance(v, str) else v for i, v in enumerate(r)] for r in rows]
    extra: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL),
                                    ("ALIGN", (0, 1), (-1, -1), "CENTER")]
    extra += [("ALIGN", (i, 1), (i, -1), "LEFT") for i in left]
    return grid(styles, [[para(ts, h, styles.cell_head) for h in head], *body], widths, extra, repeat=1)


def _key_figures(ts: Typesetter, styles: Styles, r: StatsReport) -> Flowable:
    t = r.totals
    pairs = [("在办问题", str(t.raised)), ("已办结", str(t.solved)), ("问题化解率", pct(t.resolve_rate)),
             ("按期办结率", pct(t.on_time_rate)), ("回访率", pct(t.revisit_rate)),
             ("企业满意率", pct(t.satisfaction_rate))]
    width = PORTRAIT.width / len(pairs)
    rows: list[list[Any]] = [[para(ts, k, styles.cell_head) for k, _ in pairs],
            [cell(ts, styles, v, styles.cell_center, width) for _, v in pairs]]
    return grid(styles, rows, [width] * len(pairs), [("BACKGROUND", (0, 0), (-1, 0), layout.LABEL_FILL),
                                                    ("ALIGN", (0, 0), (-1, -1), "CENTER")])


def _unit_rows(ranked: Any, *, place: bool) -> list[list[str]]:
    out = []
    for r in ranked:
        p = r.row.problems
        out.append([str(r.place) if place else "—", r.row.key, str(p.raised), str(p.solved), pct(p.resolve_rate),
                    pct(p.on_time_rate), pct(p.satisfaction_rate), f"{r.score:.1f}", str(p.overdue),
                    str(r.row.supervisions or 0)])
    return out


UNIT_HEAD = ["名次", "主办单位", "问题", "办结", "化解率", "按期办结率", "满意率", "得分", "逾期", "督办"]
UNIT_WIDTHS = [w * mm for w in (11, 33, 11, 11, 15, 18, 15, 13, 11, 11)]


def _ranking(ts: Typesetter, styles: Styles, ranking: Ranking) -> list[Flowable]:
    if not ranking.ranked and not ranking.apart:
        return [para(ts, "本期没有交办到单位的问题。", styles.body)]
    out: list[Flowable] = []
    if ranking.ranked:
        out.append(_table(ts, styles, UNIT_HEAD, _unit_rows(ranking.ranked, place=True), UNIT_WIDTHS))
    if ranking.apart:
        out += [Spacer(1, 3 * mm),
                para(ts, f"以下单位本期问题少于{ranking.minimum}个，单列，不参加排名：", styles.body),
                _table(ts, styles, UNIT_HEAD, _unit_rows(ranking.apart, place=False), UNIT_WIDTHS)]
    return out


def _praise(ranking: Ranking) -> str:
    good = [r.row for r in ranking.ranked if r.row.problems.all_done_well]
    if not good:
        return "本期没有问题全部按期办结且企业全部满意的单位。"
    names = "、".join(f"{g.key}（{g.problems.raised}个）" for g in good)
    return f"{names}本期承办的问题全部按期办结，企业评价全部为满意，予以通报表扬。"


def _overdue(ts: Typesetter, styles: Styles, data: PeriodicData) -> list[Flowable]:
    if not data.overdue:
        return [para(ts, f"截至{cn_date(data.report.as_of)}，没有逾期未完成的问题。", styles.body)]
    by_unit: dict[str, int] = {}
    for p in data.overdue:
        by_unit[p.lead_unit or "（待交办）"] = by_unit.get(p.lead_unit or "（待交办）", 0) + 1
    worst = sorted(by_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    text = (f"截至{cn_date(data.report.as_of)}，逾期未完成的问题共{len(data.overdue)}个，逾期较多的是"
            + "、".join(f"{u}（{n}个）" for u, n in worst)
            + "。对下列问题予以通报批评并督办，请责任单位于5个工作日内办结或书面说明原因；"
              "待交办环节逾期的，由交办单位即时交办。清单按逾期时间由长到短排列：")
    head = ["序号", "责任单位", LABELS.enterprise_name, "问题", "逾期环节", "环节时限", "逾期工作日"]
    widths = [w * mm for w in (10, 30, 28, 36, 16, 24, 12)]  # a unit (10 characters) and a date whole
    # 问题: its category on a line of its own, kept whole (or cut before its bracket), then the text.
    body = [[str(i), p.lead_unit or "（待交办）", p.enterprise_name,
             [fit(ts, styles, p.category, styles.cell, widths[3], flowable=True), para(ts, p.description, styles.cell)],
             p.stage.value if p.stage else "", cn_date(p.stage_due), str(p.days_late)]
            for i, p in enumerate(data.overdue, start=1)]
    return [para(ts, text, styles.body), Spacer(1, 2 * mm), _table(ts, styles, head, body, widths, left=(1, 2, 3))]


def _coverage(ts: Typesetter, styles: Styles, data: PeriodicData) -> list[Flowable]:
    c = data.report.coverage
    rows = data.never_visited
    text = (f"{c.list_name}{c.listed}家，本期走访{c.covered}家，覆盖率{pct(c.rate)}。"
            + (f"本期未走访的{len(rows)}家如下，请包联领导和首席服务员下期内走访：" if rows else "本期已全部走访。"))
    out: list[Flowable] = [para(ts, text, styles.body)]
    if rows:
        head = ["序号", "乡镇（街道）", LABELS.enterprise_name, "包联领导", "首席服务员"]
        widths = [w * mm for w in (11, 26, 67, 26, 26)]
        shown = rows[:MAX_NEVER_VISITED]
        body = [[str(i), n.region_name, n.name, n.leader, n.chief] for i, n in enumerate(shown, start=1)]
        out += [Spacer(1, 2 * mm), _table(ts, styles, head, body, widths, left=(1, 2, 3, 4))]
        if len(rows) > len(shown):
            out.append(para(ts,
                            f"（列出前{len(shown)}家，其余{len(rows) - len(shown)}家可用 zhuqi stats "
                            f"--never-visited 查看）",
                            styles.note))
    return out


def wan_yuan(amount: int) -> str:
    """Yuan as 万元 with up to two decimals: 250000 → 25, 12345 → 1.23."""
    return f"{amount / 10000:.2f}".rstrip("0").rstrip(".")


POLICY_HEAD = ["宣讲次数", "覆盖企业", "申报", "兑现", "兑现金额（万元）"]
POLICY_WIDTHS = [w * mm for w in (60, 18, 18, 16, 16, 28)]


def _policy_rows(rows: list[PolicyFigureRow]) -> list[list[str]]:
    return [[r.key or "（未填）", str(r.explained), str(r.reached), str(r.applied), str(r.granted), wan_yuan(r.amount)]
            for r in rows]


def _extra_sections(ts: Typesetter, styles: Styles, data: PeriodicData) -> list[list[Flowable]]:
    """The sections printed only when the period has something to say (policies, then 地企合作),
    numbered on from 五."""
    out: list[list[Flowable]] = []
    for section in (_policies, _projects):
        if flowables := section(ts, styles, data, 6 + len(out)):
            out.append(flowables)
    return out


def _policies(ts: Typesetter, styles: Styles, data: PeriodicData, number: int) -> list[Flowable]:
    """政策宣传和兑现情况: totals, then tables by policy, by the explaining unit and by region
    (nothing when nothing was explained, applied for or granted in the period)."""
    f = data.policies
    if f is None or f.empty:
        return []
    t = f.totals
    text = (f"本期走访中宣讲惠企政策{f.policies_explained}项、{t.explained}次，覆盖企业{t.reached}家；"
            f"企业申报{t.applied}件，兑现{t.granted}件，兑现金额{wan_yuan(t.amount)}万元。"
            "分政策、分宣讲单位、分乡镇（街道）情况如下（申报、兑现计入向该企业宣讲过该政策的干部所在单位）：")
    out: list[Flowable] = [para(ts, f"{cn_number(number)}、政策宣传和兑现情况", styles.h1),
                           para(ts, text, styles.body)]
    for label, rows in (("政策名称", f.by_policy), ("宣讲单位", f.by_unit), ("乡镇（街道）", f.by_region)):
        if rows:
            out += [Spacer(1, 2 * mm),
                    _table(ts, styles, [label, *POLICY_HEAD], _policy_rows(rows), POLICY_WIDTHS, left=(0,))]
    return out


PROJECT_HEAD = ["责任单位", "签约", "开工", "开工率", "投产", "投产率", "达效", "计划投资\n（万元）",
                "到位资金\n（万元）", "资金\n到位率"]
PROJECT_WIDTHS = [w * mm for w in (30, 11, 11, 15, 11, 15, 11, 19, 19, 14)]


def _project_row(f: ProjectFigures, label: str) -> list[str]:
    return [label, str(f.signed), str(f.started), pct(f.start_rate), str(f.producing), pct(f.production_rate),
            str(f.effective), str(f.planned), str(f.paid_in), pct(f.paid_in_rate)]


def _projects(ts: Typesetter, styles: Styles, data: PeriodicData, number: int) -> list[Flowable]:
    """地企合作项目情况: 签约数, 开工率, 投产率, 资金到位率 in total and by 责任单位 (app.services.projects;
    nothing when no project was signed in the period and no investment planned for its years)."""
    p = data.projects
    if p is None or not (p.total.signed or p.total.planned):
        return []
    t = p.total
    # A rate over no signed project is no figure: the prose leaves it out (the table shows "—").
    if t.signed:
        signed = (f"本期签约地企合作项目{t.signed}个，截至期末已开工{t.started}个，开工率{pct(t.start_rate)}；"
                  f"已投产{t.producing}个，投产率{pct(t.production_rate)}；已达效{t.effective}个。")
    else:
        signed = "本期未签约地企合作项目。"
    paid_in = f"，资金到位率{pct(t.paid_in_rate)}" if t.paid_in_rate is not None else ""
    text = (f"{signed}本期各年度计划投资{t.planned}万元，到位资金{t.paid_in}万元{paid_in}。"
            "分责任单位情况如下：")
    rows = [_project_row(t, "合计"), *(_project_row(f, f.unit or "（未填单位）") for f in p.by_unit)]
    return [para(ts, f"{cn_number(number)}、地企合作项目情况", styles.h1), para(ts, text, styles.body),
            Spacer(1, 2 * mm), _table(ts, styles, PROJECT_HEAD, rows, PROJECT_WIDTHS, left=(0,))]


def _next_steps(data: PeriodicData) -> list[str]:
    limits = "“13710”"
    return [
        f"（{cn_number(1)}）严格落实办理时限。各责任单位要按{limits}工作机制，1个工作日内交办、3个工作日内首次反馈，"
        "一般问题7个工作日、复杂问题30个工作日内办结；确需延期的，须在时限届满前提出申请，经批准后方可延期。",
        f"（{cn_number(2)}）把评价权交给企业。问题办结后及时回访，由企业负责人或联系人评价；"
        "企业不满意的一律退回重办，不计入办结。",
        f"（{cn_number(3)}）加强督导问效。对逾期问题实行督办，督办情况纳入月度评价，结果与年度考核挂钩。",
    ]


def _notes(r: StatsReport) -> str:
    return ("说明：问题化解率＝已办结（含已销号）÷在办问题；办结率＝已办结÷已交办；"
            "按期办结率＝按原定时限办结÷有时限的已办结问题，经批准延期的问题另计；"
            "回访率＝企业已评价的已办结问题÷已办结；企业满意率＝（非常满意＋满意＋基本满意）÷已评价；"
            "“暂不具备条件”的问题单独统计，不计为办结；环节时限按工作日（含调休）计算；"
            f"逾期按{cn_date(r.as_of)}计。")

