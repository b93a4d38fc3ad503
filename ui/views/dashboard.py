"""工作台: the key figures (coverage, 办结率, 满意率, overdue), my assigned
enterprises, problems due this week and overdue (red), recent visits, and the
assigned enterprises never visited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import Services
from app.services.cadres import AssignmentView
from app.services.problems import ProblemFilter, ProblemView
from app.services.stats import NeverVisited, StatsQuery, StatsReport
from app.services.visits import VisitView
from app.stages import Stage
from ui.context import Context
from ui.domain_text import shown
from ui.format import day, long_day, pct
from ui.models.columns import my_enterprise_columns, never_visited_columns, problem_summary
from ui.models.table import OVERDUE_RED, Column, RowTableModel
from ui.operations import Change
from ui.views.page import Page, setup_table

#: translate("Context", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate

DUE_DAYS = 7


@dataclass(frozen=True)
class DashboardData:
    report: StatsReport
    mine: list[AssignmentView] | None  # None: the profile names no cadre
    due: list[ProblemView]
    due_total: int
    recent: list[VisitView]
    never: list[NeverVisited]
    never_total: int


def period_query(services: Services) -> StatsQuery:
    """The 工作台's period: this year to today, the 统计 page's default too (so they agree)."""
    today = services.clock.today()
    return StatsQuery(date_from=today.replace(month=1, day=1), date_to=today)


def load(services: Services) -> DashboardData:
    """Everything the 工作台 shows, read off the GUI thread."""
    today = services.clock.today()
    q = period_query(services)
    profile = services.profile.get()
    me = services.cadres.find(profile.name, profile.unit)
    mine = services.cadres.assignments(cadre_id=me.id, active_on=today) if me else None
    due = services.problems.search(ProblemFilter(due_by=today + timedelta(days=DUE_DAYS),
                                                 cadre_id=me.id if me else None),
                                   limit=200, sort="stage_due", descending=False)
    never = services.stats.never_visited(q)
    due_total = due.total if due.total is not None else len(due.rows)  # a first page is always counted
    return DashboardData(services.stats.report(q, groups=False), mine, due.rows, due_total,
                         services.visits.list(limit=30), never[:200], len(never))


def _stage_text(p: ProblemView) -> str:
    """The stage awaited, and how late it is: 交办逾期2个工作日."""
    if p.overdue and p.stage:
        return translate("Dashboard", "{stage}逾期{n}个工作日").format(stage=shown(p.stage), n=p.days_late)
    return shown(p.stage)


def _due_columns() -> list[Column[ProblemView]]:
    red = lambda p: OVERDUE_RED if p.overdue else None  # noqa: E731
    # Every cell's tooltip reads the whole problem (a cut stage or name included), as in the ledger.
    return [
        Column(translate("Dashboard", "环节时限"), lambda p: day(p.stage_due), color=red, tooltip=problem_summary),
        Column(translate("Dashboard", "环节"), _stage_text, color=red, tooltip=problem_summary),
        Column(translate("Dashboard", "企业"), lambda p: p.enterprise_name, tooltip=problem_summary),
        Column(translate("Dashboard", "问题"), lambda p: p.description, tooltip=problem_summary),
        Column(translate("Dashboard", "主办单位"), lambda p: p.lead_unit, tooltip=problem_summary),
    ]


def _recent_columns() -> list[Column[VisitView]]:
    return [
        Column(translate("Dashboard", "日期"), lambda v: day(v.visit_date)),
        Column(translate("Dashboard", "企业"), lambda v: v.enterprise_name),
        Column(translate("Dashboard", "问题"), lambda v: str(len(v.problem_ids)), align_right=True),
    ]


class Figure(QFrame):
    """One key figure: a big number and what it is."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("Figure { background: palette(base); border-radius: 4px; }")
        v = QVBoxLayout(self)
        v.setContentsMargins(12, 8, 12, 8)
        self.value = QLabel("—")
        self.value.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #555;")
        self.detail = QLabel()
        self.detail.setStyleSheet("color: #777;")
        for w in (self.value, self.caption, self.detail):
            v.addWidget(w)

    def show_value(self, value: str, detail: str = "", *, alarm: bool = False) -> None:
        self.value.setText(value)
        self.value.setStyleSheet("font-size: 20pt; font-weight: bold;" + (" color: #c62828;" if alarm else ""))
        self.detail.setText(detail)


class DashboardPage(Page):
    watches = Change.ALL
    open_ledger = Signal(object)  # ProblemFilter
    open_enterprise = Signal(str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("dashboardPage")
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        self.period = QLabel()
        self.period.setObjectName("dashboardPeriod")
        self.period.setStyleSheet("color:#555;")
        root.addWidget(self.period)
        figures = QHBoxLayout()
        self.coverage = Figure(self.tr("规上企业走访覆盖率"))
        self.solve_rate = Figure(self.tr("问题化解率"))
        self.close_rate = Figure(self.tr("按期办结率"))
        self.satisfaction = Figure(self.tr("企业满意率"))
        self.overdue = Figure(self.tr("今天逾期的问题"))
        for f in (self.coverage, self.solve_rate, self.close_rate, self.satisfaction, self.overdue):
            figures.addWidget(f)
        root.addLayout(figures)

        grid = QGridLayout()
        root.addLayout(grid, 1)
        self.due_model: RowTableModel[ProblemView] = RowTableModel(_due_columns(), parent=self)
        self.due_box, self.due_table = self._table_box(self.tr("本周到期和逾期的问题"), self.due_model, 3,
                                                       (84, 146, 136, 0, 80))
        self.due_table.doubleClicked.connect(self._due_clicked)
        self.mine_model: RowTableModel[AssignmentView] = RowTableModel(
            my_enterprise_columns(), sort_in_python=True, parent=self)
        self.mine_box, self.mine_table = self._table_box(self.tr("我包联的企业"), self.mine_model, 0, (0, 90))
        self.mine_table.doubleClicked.connect(
            lambda i: self._open_enterprise_of(self.mine_model.row_at(i)))
        self.recent_model: RowTableModel[VisitView] = RowTableModel(_recent_columns(), parent=self)
        self.recent_box, self.recent_table = self._table_box(self.tr("最近的走访"), self.recent_model, 1,
                                                             (92, 0, 40))
        count_title = str(self.recent_model.headerData(2, Qt.Orientation.Horizontal))
        self.recent_table.setColumnWidth(2, max(40,
                                                self.recent_table.fontMetrics().horizontalAdvance(count_title) + 18))
        self.never_model: RowTableModel[NeverVisited] = RowTableModel(
            never_visited_columns(), sort_in_python=True, parent=self)
        self.never_box, self.never_table = self._table_box(self.tr("本期未走访的规上企业"), self.never_model, 0,
                                                           (0, 80, 80, 80))
        self.never_table.doubleClicked.connect(
            lambda i: self._open_enterprise_of(self.never_model.row_at(i)))
        grid.addWidget(self.due_box, 0, 0)
        grid.addWidget(self.mine_box, 0, 1)
        grid.addWidget(self.recent_box, 1, 0)
        grid.addWidget(self.never_box, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    def _table_box(self, title: str, model: RowTableModel[Any], stretch: int,
                   widths: tuple[int, ...]) -> tuple[QGroupBox, QTableView]:
        box = QGroupBox(title)
        v = QVBoxLayout(box)
        v.setContentsMargins(4, 4, 4, 4)
        table = QTableView()
        table.setModel(model)
        setup_table(table, stretch_column=stretch)
        for col, width in enumerate(widths):
            if width:
                table.setColumnWidth(col, width)
        v.addWidget(table)
        return box, table

    def title(self) -> str:
        return self.tr("工作台")

    def reload(self) -> None:
        self.ctx.ops.read(lambda: load(self.ctx.services), self._show, key="dashboard")

    def _show(self, d: DashboardData) -> None:
        r, t, c = d.report, d.report.totals, d.report.coverage
        q = r.query
        self.period.setText(self.tr(
            "统计期间：{start} 至 {end}（本年；期内任一天未办结的问题均计入，与“统计”页默认期间相同）；"
            "逾期截至今天").format(
            start=long_day(q.date_from), end=long_day(q.date_to)))
        self.coverage.show_value(pct(c.rate), self.tr("已走访 {covered} / {name} {listed} 家").format(
            covered=c.covered, name=shown(c.list_name), listed=c.listed))
        self.solve_rate.show_value(pct(t.resolve_rate), self.tr("办结 {solved} / 问题 {raised} 个").format(
            solved=t.solved, raised=t.raised))
        self.close_rate.show_value(pct(t.on_time_rate), self.tr("按原定时限办结 {n} 个；回访率 {rate}").format(
            n=t.solved_on_time, rate=pct(t.revisit_rate)))
        self.satisfaction.show_value(pct(t.satisfaction_rate), self.tr("已评价 {n} 个").format(n=t.evaluated))
        stages = self.tr("，").join(self.tr("{stage}{n}个").format(stage=shown(Stage(k)), n=v)
                                   for k, v in r.overdue_by_stage.items())
        self.overdue.show_value(str(r.overdue_now), stages or self.tr("没有逾期的环节"), alarm=r.overdue_now > 0)
        self.due_model.set_rows(d.due)
        self.due_box.setTitle(self.tr("本周到期和逾期的问题（{n} 个）").format(n=d.due_total))
        if d.mine is None:
            self.mine_model.set_rows([])
            self.mine_box.setTitle(self.tr("我包联的企业（“设置”中的使用人须与干部名单中的姓名、单位一致）"))
        else:
            self.mine_model.set_rows(d.mine)
            self.mine_box.setTitle(self.tr("我包联的企业（{n} 家）").format(n=len(d.mine)))
        self.recent_model.set_rows(d.recent)
        self.never_model.set_rows(d.never)
        self.never_box.setTitle(self.tr("本期未走访的{name}（{n} 家）").format(name=shown(d.report.coverage.list_name),
                                                                          n=d.never_total))

    def _due_clicked(self, index: QModelIndex) -> None:
        p = self.due_model.row_at(index)
        if p is not None:
            today = self.ctx.services.clock.today()
            self.open_ledger.emit(ProblemFilter(overdue_only=p.overdue,
                                                due_by=None if p.overdue else today + timedelta(days=DUE_DAYS)))

    def _open_enterprise_of(self, row: AssignmentView | NeverVisited | None) -> None:
        if row is None:
            return
        self.open_enterprise.emit(row.enterprise_id)
