"""统计: the statistics service's figures (point 6 of issue 21: 化解率, 办结率, 按期办结率,
销号率, 回访率, 满意率, working days per stage, 上级交办 vs 自查) for a period, region, unit,
category and 包联领导, coverage of a chosen list; units ranked by results (app.ranking),
never by visits; tables by region, category, cadre and 包联领导; 地企合作 and 政策宣传兑现 tabs;
the 通报."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import CodeListKind
from app.ranking import Ranked, rank
from app.services import Services
from app.services.policy_stats import UNEXPLAINED, PolicyFigureRow, PolicyFigures
from app.services.projects import ProjectFigures, ProjectStats
from app.services.stats import LIST_ABOVE_SCALE, GroupRow, StatsQuery, StatsReport
from ui.context import Context
from ui.domain_text import shown
from ui.format import from_qdate, pct, to_qdate
from ui.models.columns import group_columns, ranking_columns
from ui.models.table import Column, RowTableModel
from ui.operations import Change
from ui.printing import print_periodic
from ui.views.page import Page, setup_table, sortable
from ui.widgets.bar_chart import BarChart


@dataclass(frozen=True)
class StatsData:
    report: StatsReport
    ranking: list[Ranked]
    #: 政策宣传与兑现 under the same query.
    policies: PolicyFigures | None = None
    # 地企合作: 签约数, 开工率, 投产率, 资金到位率 of the period, by 责任单位.
    projects: ProjectStats | None = None


#: translate("Stats", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate


def policy_figure_columns(heading: str) -> list[Column[PolicyFigureRow]]:
    def key(r: PolicyFigureRow) -> str:
        if r.key == UNEXPLAINED:
            return translate("Stats", "（未经走访宣讲）")
        return r.key or translate("Stats", "（未填）")

    def number(title: str, value: Callable[[PolicyFigureRow], int]) -> Column[PolicyFigureRow]:
        return Column(title, lambda r: f"{value(r):,}", sort_value=value, align_right=True)

    return [
        Column(heading, key, tooltip=key),
        number(translate("Stats", "宣讲次数"), lambda r: r.explained),
        number(translate("Stats", "覆盖企业"), lambda r: r.reached),
        number(translate("Stats", "申报"), lambda r: r.applied),
        number(translate("Stats", "兑现"), lambda r: r.granted),
        number(translate("Stats", "兑现金额（元）"), lambda r: r.amount),
    ]


def project_figure_columns() -> list[Column[ProjectFigures]]:
    def number(title: str, value: Callable[[ProjectFigures], int]) -> Column[ProjectFigures]:
        return Column(title, lambda f: f"{value(f):,}", sort_value=value, align_right=True)

    def rate(title: str, value: Callable[[ProjectFigures], float | None]) -> Column[ProjectFigures]:
        return Column(title, lambda f: pct(value(f)), sort_value=lambda f: value(f) or -1.0, align_right=True)

    def unit(f: ProjectFigures) -> str:
        return f.unit or translate("Stats", "（未填单位）")

    return [
        Column(translate("Stats", "责任单位"), unit, tooltip=unit),
        number(translate("Stats", "签约"), lambda f: f.signed),
        number(translate("Stats", "开工"), lambda f: f.started),
        rate(translate("Stats", "开工率"), lambda f: f.start_rate),
        number(translate("Stats", "投产"), lambda f: f.producing),
        rate(translate("Stats", "投产率"), lambda f: f.production_rate),
        number(translate("Stats", "达效"), lambda f: f.effective),
        # 万元: said once in the summary above, so the unit's name keeps its width.
        number(translate("Stats", "计划投资"), lambda f: f.planned),
        number(translate("Stats", "到位资金"), lambda f: f.paid_in),
        rate(translate("Stats", "资金到位率"), lambda f: f.paid_in_rate),
    ]


@dataclass(frozen=True)
class _Lists:
    regions: list[str]
    units: list[str]
    categories: list[str]
    leaders: list[tuple[str, str]]
    coverage_lists: list[str]


class StatsPage(Page):
    watches = (Change.PROBLEMS | Change.VISITS | Change.ENTERPRISES | Change.CADRES | Change.POLICIES
               | Change.PROJECTS)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("statsPage")
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        today = ctx.services.clock.today()
        self.period = QCheckBox(self.tr("统计期间"))
        self.period.setObjectName("statsPeriod")
        self.period.setChecked(True)
        self.date_from = QDateEdit(to_qdate(today.replace(month=1, day=1)))
        self.date_to = QDateEdit(to_qdate(today))
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.region = QComboBox()
        self.region.setObjectName("statsRegion")
        self.unit = QComboBox()
        self.unit.setObjectName("statsUnit")
        self.category = QComboBox()
        self.category.setObjectName("statsCategory")
        self.leader = QComboBox()
        self.leader.setObjectName("statsLeader")
        self.coverage_list = QComboBox()
        self.coverage_list.setObjectName("coverageList")
        self.coverage_list.setToolTip(self.tr("覆盖率按哪个名单计算"))
        for combo in (self.region, self.unit, self.category, self.leader, self.coverage_list):
            # Filled after the first show: each list resizes the box to its longest name.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.refresh = QPushButton(self.tr("统计"))
        self.refresh.setObjectName("runStats")
        self.refresh.clicked.connect(self.reload)
        self.print_button = QPushButton(self.tr("打印统计通报…"))
        self.print_button.setObjectName("printStats")
        self.print_button.clicked.connect(self.print_current)
        # Two rows at 1366 px: the period and the place, unit and category; then whose enterprises,
        # the list coverage is counted on, and the buttons.
        for w in (self.period, self.date_from, QLabel("—"), self.date_to, self.region, self.unit, self.category):
            bar.addWidget(w)
        bar.addStretch(1)
        second = QHBoxLayout()
        for control in (self.leader, self.coverage_list, self.refresh):
            second.addWidget(control)
        second.addStretch(1)
        second.addWidget(self.print_button)
        root.addLayout(bar)
        root.addLayout(second)
        self.summary = QLabel()
        self.summary.setObjectName("statsSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 11pt; padding: 4px 0;")
        root.addWidget(self.summary)

        self.tabs = QTabWidget()
        self.ranking_model: RowTableModel[Ranked] = RowTableModel(ranking_columns(), sort_in_python=True, parent=self)
        ranking_view = QTableView()
        ranking_view.setObjectName("stats-ranking")
        ranking_view.setModel(self.ranking_model)
        setup_table(ranking_view, stretch_column=None)
        sortable(ranking_view)  # in the ranking's order until a column is clicked
        ranking_view.horizontalHeader().setDefaultSectionSize(72)
        ranking_view.setColumnWidth(1, 120)
        _fit_headers(ranking_view)
        self.tabs.addTab(ranking_view, self.tr("单位排名"))
        self.models: dict[str, RowTableModel[GroupRow]] = {}
        for key, title, heading, coverage in (
                ("unit", self.tr("按主办单位"), self.tr("主办单位"), False),
                ("origin", self.tr("按来源"), self.tr("来源"), False),
                ("region", self.tr("按乡镇/街道"), self.tr("乡镇/街道"), True),
                ("category", self.tr("按问题类别"), self.tr("问题类别"), False),
                ("leader", self.tr("按包联领导"), self.tr("包联领导"), True),
                ("cadre", self.tr("按包联干部"), self.tr("包联干部"), True)):
            model: RowTableModel[GroupRow] = RowTableModel(
                group_columns(heading, coverage=coverage, coded=key == "origin"), sort_in_python=True, parent=self)
            view = QTableView()
            view.setObjectName(f"stats-{key}")
            view.setModel(model)
            setup_table(view, stretch_column=None)
            sortable(view)  # ranked (units) or in the service's order: no column's arrow until clicked
            view.horizontalHeader().setDefaultSectionSize(72)  # every figure column visible at 1366×768
            view.setColumnWidth(0, 120)
            _fit_headers(view)
            self.models[key] = model
            self.tabs.addTab(view, title)
        self.tabs.addTab(self._project_tab(), self.tr("地企合作"))
        self.tabs.addTab(self._policy_tab(), self.tr("政策宣传兑现"))
        charts = QWidget()
        cv = QVBoxLayout(charts)
        cv.setContentsMargins(0, 0, 0, 0)
        self.solve_chart = BarChart()
        self.solve_chart.setObjectName("solveChart")
        self.category_chart = BarChart()
        self.category_chart.setObjectName("categoryChart")
        cv.addWidget(self.solve_chart, 1)
        cv.addWidget(self.category_chart, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(charts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([720, 460])
        root.addWidget(split, 1)
        self._lists_loaded = False

    def _policy_tab(self) -> QWidget:
        """政策宣传与兑现: the totals, then tables by policy, by the explaining cadre's unit, by region."""
        tab, v, self.policy_summary = _summary_tab("stats-policies", "policySummary")
        inner = QTabWidget()
        self.policy_models: dict[str, RowTableModel[PolicyFigureRow]] = {}
        for key, title, heading in (("policy", self.tr("按政策"), self.tr("政策名称")),
                                    ("unit", self.tr("按宣讲单位"), self.tr("宣讲干部所在单位")),
                                    ("region", self.tr("按乡镇/街道"), self.tr("乡镇/街道"))):
            model: RowTableModel[PolicyFigureRow] = RowTableModel(policy_figure_columns(heading),
                                                                  sort_in_python=True, parent=self)
            view = QTableView()
            view.setObjectName(f"stats-policies-{key}")
            view.setModel(model)
            setup_table(view, stretch_column=0)
            sortable(view)
            view.horizontalHeader().setDefaultSectionSize(64)  # the figures narrow, the name the rest
            _fit_headers(view)
            self.policy_models[key] = model
            inner.addTab(view, title)
        v.addWidget(inner, 1)
        return tab

    def _project_tab(self) -> QWidget:
        """地企合作: the period's 签约数, 开工率, 投产率, 资金到位率 in a line, then by 责任单位."""
        tab, v, self.project_summary = _summary_tab("stats-projects", "projectSummary")
        self.project_model: RowTableModel[ProjectFigures] = RowTableModel(project_figure_columns(),
                                                                          sort_in_python=True, parent=self)
        view = QTableView()
        view.setObjectName("stats-projects-unit")
        view.setModel(self.project_model)
        setup_table(view, stretch_column=0)
        sortable(view)
        view.horizontalHeader().setDefaultSectionSize(56)  # ten columns beside the charts at 1366 px
        _fit_headers(view)
        v.addWidget(view, 1)
        return tab

    def _show_projects(self, stats: ProjectStats | None) -> None:
        if stats is None:
            return
        t = stats.total
        stages = self.tr("，").join(self.tr("{stage} {n}").format(stage=shown(name), n=n)
                                   for name, n in stats.by_stage)
        self.project_summary.setText(self.tr(
            "期内签约项目 {signed} 个，截至期末开工 {started} 个（开工率 {start}），投产 {producing} 个（投产率 "
            "{production}），达效 {effective} 个；计划投资 {planned} 万元，到位 {paid} 万元（资金到位率 {paid_rate}）。"
            "现有项目各阶段：{stages}。按项目责任单位统计（不受乡镇、单位、类别筛选影响），金额单位：万元。").format(
            signed=t.signed, started=t.started, start=pct(t.start_rate), producing=t.producing,
            production=pct(t.production_rate), effective=t.effective, planned=f"{t.planned:,}",
            paid=f"{t.paid_in:,}", paid_rate=pct(t.paid_in_rate), stages=stages or "—"))
        self.project_model.set_rows(list(stats.by_unit))

    def _show_policies(self, f: PolicyFigures | None) -> None:
        if f is None:
            return
        t = f.totals
        self.policy_summary.setText(self.tr(
            "期内走访宣讲政策 {policies} 项、{explained} 次，覆盖企业 {reached} 家；企业申报 {applied} 件，"
            "兑现 {granted} 件、{amount} 元。申报、兑现计入向该企业宣讲过该政策的干部所在单位。").format(
            policies=f.policies_explained, explained=t.explained, reached=t.reached, applied=t.applied,
            granted=t.granted, amount=f"{t.amount:,}"))
        self.policy_models["policy"].set_rows(f.by_policy)
        self.policy_models["unit"].set_rows(f.by_unit)
        self.policy_models["region"].set_rows(f.by_region)

    def title(self) -> str:
        return self.tr("统计")

    def query(self) -> StatsQuery:
        on = self.period.isChecked()
        return StatsQuery(
            date_from=from_qdate(self.date_from.date()) if on else None,
            date_to=from_qdate(self.date_to.date()) if on else None,
            region=self.region.currentData(), unit=self.unit.currentData(), category=self.category.currentData(),
            leader_id=self.leader.currentData(), coverage_list=self.coverage_list.currentData() or LIST_ABOVE_SCALE,
        )

    def reload(self) -> None:
        services = self.ctx.services
        if not self._lists_loaded:
            self.ctx.ops.read(lambda: _Lists(services.enterprises.regions(),
                                             services.code_lists.values(CodeListKind.UNIT),
                                             services.code_lists.values(CodeListKind.CATEGORY),
                                             services.stats.leaders(), services.stats.coverage_lists()),
                              self._fill_lists, key="stats-lists")
        q = self.query()
        self.summary.setText(self.tr("正在统计……"))
        self.ctx.ops.read(lambda: _load(services, q), self._show, key="stats")

    def _fill_lists(self, lists: _Lists) -> None:
        self._lists_loaded = True
        for combo, values, everything in ((self.region, lists.regions, self.tr("全部乡镇")),
                                          (self.unit, lists.units, self.tr("全部单位")),
                                          (self.category, lists.categories, self.tr("全部类别"))):
            combo.clear()
            combo.addItem(everything, None)
            for v in values:
                combo.addItem(v, v)
        self.leader.clear()
        self.leader.addItem(self.tr("全部包联领导"), None)
        for cid, name in lists.leaders:
            self.leader.addItem(self.tr("包联领导：{name}").format(name=name), cid)
        self.coverage_list.clear()
        for name in lists.coverage_lists:
            self.coverage_list.addItem(self.tr("覆盖率名单：{name}").format(name=shown(name)), name)

    def _show(self, d: StatsData) -> None:
        r, t, c = d.report, d.report.totals, d.report.coverage
        stages = self.tr("，").join(self.tr("{stage} {days}").format(stage=shown(a.stage), days=a.average)
                                   for a in r.stage_days if a.average is not None)
        self.summary.setText(self.tr(
            "期内在办问题 {raised} 个（新收集 {received} 个）：问题化解率 {resolve}，办结率 {solve}，按期办结率 "
            "{on_time}"
            "（经批准延期 {extended} 个另计），销号率 {close}，回访率 {revisit}，企业满意率 {satisfaction}。"
            "各环节平均工作日：{stages}。今天逾期 {overdue} 个，期内督办 {supervisions} 次。"
            "{list} {listed} 家，已走访 {covered} 家，覆盖率 {coverage}；走访 {visits} 次。").format(
            raised=t.raised, received=t.received, resolve=pct(t.resolve_rate), solve=pct(t.solve_rate),
            on_time=pct(t.on_time_rate), extended=t.extended, close=pct(t.close_rate), revisit=pct(t.revisit_rate),
            satisfaction=pct(t.satisfaction_rate), stages=stages or "—", overdue=r.overdue_now,
            supervisions=r.supervisions, list=shown(c.list_name), listed=c.listed, covered=c.covered,
            coverage=pct(c.rate), visits=r.visits))
        self.ranking_model.set_rows(d.ranking)
        self.models["unit"].set_rows(r.by_unit)
        self.models["origin"].set_rows(r.by_origin)
        self.models["region"].set_rows(r.by_region)
        self.models["category"].set_rows(r.by_category)
        self.models["leader"].set_rows(r.by_leader)
        self.models["cadre"].set_rows(r.by_cadre)
        self._show_policies(d.policies)
        self._show_projects(d.projects)
        top = [x for x in d.ranking if x.place][:12]
        self.solve_chart.set_data(self.tr("各主办单位综合得分（排名前 12 位）"),
                                  [(x.row.key, x.score / 100, f"{x.score:.1f}") for x in top], maximum=1.0)
        cats = sorted(r.by_category, key=lambda g: -g.problems.raised)[:12]
        self.category_chart.set_data(self.tr("各类问题数量"),
                                     [(g.key, float(g.problems.raised), str(g.problems.raised)) for g in cats])

    def print_current(self) -> bool:
        print_periodic(self.ctx, self, self.query())
        return True


def _summary_tab(name: str, summary_name: str) -> tuple[QWidget, QVBoxLayout, QLabel]:
    """A figures tab: its layout, with a wrapped summary line on top."""
    tab = QWidget()
    tab.setObjectName(name)
    v = QVBoxLayout(tab)
    v.setContentsMargins(4, 4, 4, 4)
    summary = QLabel()
    summary.setObjectName(summary_name)
    summary.setWordWrap(True)
    v.addWidget(summary)
    return tab, v, summary


def _fit_headers(view: QTableView) -> None:
    """A header longer than its figures (in English) is read whole."""
    model, fm = view.model(), view.fontMetrics()
    for col in range(model.columnCount()):
        header = str(model.headerData(col, Qt.Orientation.Horizontal))
        view.setColumnWidth(col, max(view.columnWidth(col), fm.horizontalAdvance(header) + 18))


def _load(services: Services, q: StatsQuery) -> StatsData:
    report = services.stats.report(q)
    ranking = rank(report.by_unit)
    return StatsData(report, [*ranking.ranked, *ranking.apart], services.policies.figures(q),
                     services.projects.figures(q.date_from, q.date_to))
