"""问题台账: every problem, filtered and sorted in SQL and fetched a page at a
time; the selected problem's details, its workflow actions (enabled only when
legal) and its timeline beside the table; bulk 交办 of several problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import cast

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import CodeListKind, ExtensionStatus, ProblemStatus
from app.services.access import Permissions
from app.services.problems import PageCursor, ProblemFilter, ProblemPage, ProblemView, SupervisionView, TimelineEntry
from app.stages import Stage
from app.workflow import Action
from ui.context import Context
from ui.domain_text import fill, shown
from ui.format import day, from_qdate, to_qdate
from ui.models.columns import problem_columns, timeline_columns
from ui.models.table import RowTableModel
from ui.operations import REPORTED, Change
from ui.views.page import Page, column_menu, setup_table
from ui.widgets.history import HistoryView
from ui.widgets.workflow_dialogs import ActionDialog, ActionRequest, perform

PAGE_SIZE = 200
#: Starting widths of 收到日期, 企业, 乡镇/街道, 类别, 问题描述 (stretched), 主办单位, 当前环节, 环节时限,
#: 逾期 (working days), 状态, 企业评价.
COLUMN_WIDTHS = (82, 96, 70, 116, 240, 80, 64, 82, 44, 100, 76)
DATE_COLUMNS = (0, 7)
#: 乡镇/街道, 环节时限 and 企业评价 start hidden: the stage awaited and how late it is show, and every
#: cell's tooltip gives the stage's due day.
HIDDEN_AT_FIRST = (2, 7, 10)
STAGE_COLUMN = 6
STATUS_COLUMN = 9
#: The workflow buttons in three columns: the pane beside the table stays about 300 px wide.
BUTTON_COLUMNS = 3
#: Where the header's widths, hidden columns and sort are kept; "-3" since the stage columns, so a
#: layout saved with other columns (问题描述 squeezed to ~125 px in "-1") is not brought back.
LAYOUT_KEY = "ledger/header-3"
#: The workflow buttons, in the order of the work (列单、领单、办单、清单).
BUTTONS = (Action.ASSIGN, Action.CLAIM, Action.RECORD_PROGRESS, Action.ASSIST_REPLY, Action.SOLVE,
           Action.EVALUATE, Action.CLOSE, Action.REOPEN, Action.EXTEND, Action.DECIDE_EXTENSION,
           Action.SUPERVISE, Action.DEFER, Action.RESUME, Action.ESCALATE)


@dataclass(frozen=True)
class _StatusOnly:
    """Enough of a problem for the 状态 column's text (to measure its width)."""

    status: ProblemStatus
    pending_extension: bool


@dataclass(frozen=True)
class _Lists:
    categories: list[str]
    units: list[str]
    regions: list[str]
    levels: list[str]
    leaders: list[tuple[str, str]]


class LedgerPage(Page):
    watches = Change.PROBLEMS | Change.VISITS | Change.ENTERPRISES | Change.CODE_LISTS | Change.PROJECTS

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("ledgerPage")
        self._filter = ProblemFilter()
        self._sort = ("received_date", True)
        self._generation = 0
        #: Where the next page of the shown query starts; None when every row is shown.
        self._next_page: PageCursor | None = None
        self._units: list[str] = []
        self._levels: list[str] = []
        self._selected: ProblemView | None = None
        #: What the acting person may do (app.services.access): the rest is shown disabled.
        self._permissions = Permissions(restricted=False)

        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        root.addWidget(self._filters())

        self.model: RowTableModel[ProblemView] = RowTableModel(problem_columns(), parent=self)
        self.model.more_requested.connect(self._fetch_more)
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=4)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.model.sort_requested.connect(self._sort_by)  # after the view's initial sort call
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # At 1366 px the detail pane beside the table leaves it about 860 px: the standard values of
        # 类别, 主办单位, 当前环节, 状态 and the dates fit whole, 问题描述 takes the rest (about
        # 240 px), and 乡镇/街道, 环节时限 and 企业评价 start hidden (a right click on the header shows
        # them). Every cell's tooltip reads the whole problem.
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        # The dates as wide as a date in this font and no wider: with the vertical scroll bar a
        # ledger of any length shows, every pixel saved goes to 问题描述.
        date_width = self.table.fontMetrics().horizontalAdvance("2026-12-31") + 14
        for col in DATE_COLUMNS:
            self.table.setColumnWidth(col, date_width)
        # 状态 as wide as its longest word in the window's language ("Cannot be solved now"); an
        # extension awaiting approval is marked only on a problem in progress.
        # (_StatusOnly stands in for a ProblemView: the column reads only these two fields.)
        statuses = [self.model.columns[STATUS_COLUMN].text(
                        cast(ProblemView, _StatusOnly(s, s is ProblemStatus.IN_PROGRESS)))
                    for s in ProblemStatus]
        widest = max(self.table.fontMetrics().horizontalAdvance(t) for t in statuses) + 14
        self.table.setColumnWidth(STATUS_COLUMN, max(COLUMN_WIDTHS[STATUS_COLUMN], widest))
        # 当前环节 as wide as its longest stage in the window's language ("Monthly report").
        widest = max(self.table.fontMetrics().horizontalAdvance(shown(s)) for s in Stage) + 14
        self.table.setColumnWidth(STAGE_COLUMN, max(COLUMN_WIDTHS[STAGE_COLUMN], widest))
        for col in HIDDEN_AT_FIRST:
            self.table.setColumnHidden(col, True)
        column_menu(self.table, keep=(4,))

        self.count_label = QLabel()
        self.count_label.setObjectName("ledgerCount")
        self.bulk_button = QPushButton(self.tr("批量交办…"))
        self.bulk_button.setObjectName("bulkAssign")
        self.bulk_button.setEnabled(False)
        self.bulk_button.clicked.connect(self._bulk_assign)
        self.bulk_supervise = QPushButton(self.tr("批量督办…"))
        self.bulk_supervise.setObjectName("bulkSupervise")
        self.bulk_supervise.setEnabled(False)
        self.bulk_supervise.clicked.connect(self._bulk_supervise)
        self.unit_supervise = QPushButton(self.tr("督办单位逾期问题…"))
        self.unit_supervise.setObjectName("unitSupervise")
        self.unit_supervise.clicked.connect(self._supervise_unit)
        self.print_notice = QPushButton(self.tr("打印督办单"))
        self.print_notice.setObjectName("printSupervision")
        self.print_notice.setEnabled(False)
        self.print_notice.clicked.connect(self._print_supervision)
        self.print_revisit = QPushButton(self.tr("打印回访评价表"))
        self.print_revisit.setToolTip(self.tr("打印回访评价表，供企业签字"))
        self.print_revisit.setObjectName("printRevisit")
        self.print_revisit.setEnabled(False)
        self.print_revisit.clicked.connect(self._print_revisit)
        self.print_button = QPushButton(self.tr("打印台账…"))
        self.print_button.setObjectName("printLedger")
        self.print_button.clicked.connect(self.print_current)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table)
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        for b in (self.bulk_button, self.bulk_supervise, self.unit_supervise, self.print_button):
            bar.addWidget(b)
        lv.addLayout(bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._detail_pane())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([920, 300])
        root.addWidget(self.splitter, 1)
        self._restore_layout()

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._apply_filters)

    def title(self) -> str:
        return self.tr("问题台账")

    # ---- building -------------------------------------------------------------
    def _filters(self) -> QWidget:
        box = QWidget()
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        first, grid = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(first)
        rows.addLayout(grid)
        self.text = QLineEdit()
        self.text.setObjectName("ledgerSearch")
        self.text.setPlaceholderText(self.tr("搜索企业、问题、诉求、办理结果、单位（Ctrl+F）"))
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.addItem(self.tr("全部状态"), None)
        fill(self.status, ProblemStatus)
        self.category = QComboBox()
        self.category.setObjectName("categoryFilter")
        self.region = QComboBox()
        self.region.setObjectName("regionFilter")
        self.unit = QComboBox()
        self.unit.setObjectName("unitFilter")
        self.deadline = QComboBox()
        self.deadline.setObjectName("deadlineFilter")
        self.deadline.addItem(self.tr("全部时限"), "")
        self.deadline.addItem(self.tr("已逾期"), "overdue")
        self.deadline.addItem(self.tr("7 天内到期"), "week")
        self.deadline.addItem(self.tr("延期待审批"), "pending")
        self.stage = QComboBox()
        self.stage.setObjectName("stageFilter")
        self.stage.addItem(self.tr("全部环节"), None)
        fill(self.stage, Stage)
        self.leader = QComboBox()
        self.leader.setObjectName("leaderFilter")
        self.leader.addItem(self.tr("全部包联领导"), None)
        self.period = QCheckBox(self.tr("收到日期"))
        self.period.setObjectName("periodFilter")
        today = self.ctx.services.clock.today()
        self.date_from = QDateEdit(to_qdate(today.replace(month=1, day=1)))
        self.date_to = QDateEdit(to_qdate(today))
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
            d.dateChanged.connect(lambda _d: self._debounce.start())
        self.date_from.setObjectName("dateFrom")
        self.date_to.setObjectName("dateTo")
        self.period.toggled.connect(self._period_toggled)
        for combo in (self.status, self.category, self.region, self.unit, self.deadline, self.stage, self.leader):
            combo.currentIndexChanged.connect(lambda _i: self._apply_filters())
        # Two rows at 1366 px: the search, the period and the short lists (each as wide as its
        # longest item), then the lists of names, sharing the width (a township's full name fits).
        first.addWidget(self.text, 1)
        for w in (self.period, self.date_from, QLabel("—"), self.date_to):
            first.addWidget(w)
        for combo in (self.stage, self.deadline, self.leader):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            first.addWidget(combo)
        for names in (self.status, self.category, self.region, self.unit):
            grid.addWidget(names, 1)
        return box

    def _period_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self._apply_filters()

    def _detail_pane(self) -> QWidget:
        pane = QWidget()
        v = QVBoxLayout(pane)
        v.setContentsMargins(6, 0, 0, 0)
        self.detail = QLabel(self.tr("在左侧选择一个问题"))
        self.detail.setObjectName("problemDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The buttons come first and never move: a problem's details grow (a 结果 line after 办结)
        # below them, in a box of their own that scrolls when they are long.
        detail_scroll = QScrollArea()
        detail_scroll.setObjectName("problemDetailArea")
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setFrameShape(QFrame.Shape.NoFrame)
        detail_scroll.setWidget(self.detail)
        actions = QGroupBox(self.tr("办理"))
        grid = QGridLayout(actions)
        grid.setSpacing(4)
        self.buttons: dict[Action, QPushButton] = {}
        words = button_words()
        for i, action in enumerate(BUTTONS):
            b = QPushButton(words[action])
            if words[action] != shown(action):
                b.setToolTip(shown(action))
            b.setObjectName(f"do-{action.name.lower()}")
            b.setEnabled(False)
            b.clicked.connect(lambda _c=False, a=action: self._do(a))
            grid.addWidget(b, i // BUTTON_COLUMNS, i % BUTTON_COLUMNS)
            self.buttons[action] = b
        self.actions_box = actions
        row = (len(BUTTONS) + BUTTON_COLUMNS - 1) // BUTTON_COLUMNS
        # The longer label spans two columns: the pane stays as narrow as the workflow buttons make it.
        grid.addWidget(self.print_notice, row, 0, 1, BUTTON_COLUMNS - 1)
        grid.addWidget(self.print_revisit, row, BUTTON_COLUMNS - 1)
        v.addWidget(actions)
        v.addWidget(detail_scroll, 2)
        self.timeline_model: RowTableModel[TimelineEntry] = RowTableModel(timeline_columns(), parent=self)
        self.timeline = QTableView()
        self.timeline.setObjectName("timeline")
        self.timeline.setModel(self.timeline_model)
        setup_table(self.timeline, stretch_column=1)
        self.timeline.setColumnWidth(0, 84)
        # 内容 is read whole: it wraps, and each row is as tall as its text.
        self.timeline.setWordWrap(True)
        self.timeline.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history = HistoryView(self.ctx)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("problemTabs")
        self.detail_tabs.addTab(self.timeline, self.tr("办理过程"))
        self.detail_tabs.addTab(self.history, self.tr("历史"))
        v.addWidget(self.detail_tabs, 3)
        return pane

    # ---- loading ------------------------------------------------------------
    def reload(self) -> None:
        services = self.ctx.services

        def lists() -> _Lists:
            return _Lists(services.code_lists.values(CodeListKind.CATEGORY),
                          services.code_lists.values(CodeListKind.UNIT), services.enterprises.regions(),
                          services.code_lists.values(CodeListKind.SUPERVISION_LEVEL), services.stats.leaders())

        self.ctx.ops.read(lists, self._fill_lists, key="ledger-lists")
        self.ctx.ops.read(services.access.permissions, self._set_permissions, key="ledger-permissions")
        self._apply_filters()

    def _fill_lists(self, lists: _Lists) -> None:
        self._units = lists.units
        self._levels = lists.levels
        current = self.leader.currentData()
        self.leader.blockSignals(True)
        self.leader.clear()
        self.leader.addItem(self.tr("全部包联领导"), None)
        for cid, name in lists.leaders:
            self.leader.addItem(self.tr("包联领导：{name}").format(name=name), cid)
        self.leader.setCurrentIndex(max(0, self.leader.findData(current)))
        self.leader.blockSignals(False)
        for combo, values, everything in ((self.category, lists.categories, self.tr("全部类别")),
                                          (self.region, lists.regions, self.tr("全部乡镇")),
                                          (self.unit, lists.units, self.tr("全部主办单位"))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(value, value)
            i = combo.findData(current)
            combo.setCurrentIndex(max(i, 0))
            combo.blockSignals(False)
        if not self._layout_restored:
            # First start: 类别 and 主办单位 as wide as the longest of their lists (within reason).
            fm = self.table.fontMetrics()
            pad = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
            for col, values, cap in ((3, lists.categories, 140), (5, lists.units, 104)):
                widest = max((fm.horizontalAdvance(v) for v in values), default=0) + pad
                self.table.setColumnWidth(col, min(cap, max(COLUMN_WIDTHS[col], widest)))

    def current_filter(self) -> ProblemFilter:
        today = self.ctx.services.clock.today()
        status = self.status.currentData()
        category = self.category.currentData()
        deadline = self.deadline.currentData()
        stage = self.stage.currentData()
        return ProblemFilter(
            statuses=(ProblemStatus(status),) if status else (),
            categories=(category,) if category else (),
            region=self.region.currentData(),
            unit=self.unit.currentData(),
            overdue_only=deadline == "overdue",
            due_by=today + timedelta(days=7) if deadline == "week" else None,
            pending_extension=deadline == "pending",
            stage=Stage(stage) if stage else None,
            leader_id=self.leader.currentData(),
            received_from=from_qdate(self.date_from.date()) if self.period.isChecked() else None,
            received_to=from_qdate(self.date_to.date()) if self.period.isChecked() else None,
            text=self.text.text(),
        )

    def set_filter(self, f: ProblemFilter) -> None:
        """Show the ledger filtered (used by the 工作台 links)."""
        self._filter = f
        self.status.setCurrentIndex(max(0, self.status.findData(f.statuses[0].value if f.statuses else None)))
        key = "overdue" if f.overdue_only else "week" if f.due_by else "pending" if f.pending_extension else ""
        self.deadline.setCurrentIndex(max(0, self.deadline.findData(key)))
        self.stage.setCurrentIndex(max(0, self.stage.findData(f.stage.value if f.stage else None)))
        self._apply_filters()

    def _apply_filters(self) -> None:
        self._filter = self.current_filter()
        self._generation += 1
        generation = self._generation
        f, (sort, desc) = self._filter, self._sort
        self.model.loading = True  # no page of the old query may be appended meanwhile
        self.count_label.setText(self.tr("正在查询……"))
        self.ctx.ops.read(lambda: self.ctx.services.problems.search(f, limit=PAGE_SIZE, sort=sort, descending=desc),
                          lambda page: self._show_page(page, generation), key="ledger")

    def _show_page(self, page: ProblemPage, generation: int) -> None:
        if generation != self._generation:
            return
        selected = self._selected.id if self._selected else None
        self._next_page = page.next_page
        self.model.set_rows(page.rows, page.total)
        if page.next_page is None:
            self.model.all_loaded()
        self._update_count()
        if selected is not None:
            for row, p in enumerate(self.model.rows):
                if p.id == selected:
                    self.table.selectRow(row)
                    break
            else:
                self._show_problem(None)

    def _fetch_more(self, _offset: int) -> None:
        after = self._next_page
        if after is None:
            self.model.all_loaded()
            return
        self.model.loading = True
        generation = self._generation
        f, (sort, desc) = self._filter, self._sort

        def arrived(page: ProblemPage) -> None:
            if generation == self._generation:
                self._next_page = page.next_page
                self.model.append(page.rows)
                if page.next_page is None:
                    self.model.all_loaded()
                self._update_count()

        # Later pages seek past the last row shown and are not counted again: each costs what the
        # first does, at any depth of a 100,000-problem ledger.
        self.ctx.ops.read(lambda: self.ctx.services.problems.search(
            f, limit=PAGE_SIZE, after=after, sort=sort, descending=desc, count=False), arrived, key="ledger-more")

    def _sort_by(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self._apply_filters()

    def _update_count(self) -> None:
        total = self.model.total or 0
        self.count_label.setText(self.tr("共 {total} 个问题，已显示 {shown} 个").format(
            total=total, shown=len(self.model.rows)))

    # ---- selection and detail -----------------------------------------------
    def selected_problems(self) -> list[ProblemView]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def _set_permissions(self, permissions: Permissions) -> None:
        self._permissions = permissions
        self.unit_supervise.setEnabled(permissions.office)
        self._selection_changed(QItemSelection(), QItemSelection())

    def _may(self, action: Action, p: ProblemView) -> bool:
        """The action is legal in the problem's state and the acting person's role allows it."""
        return action in p.actions and self._permissions.may_act(action, p.enterprise_id)

    def _selection_changed(self, _a: QItemSelection, _b: QItemSelection) -> None:
        chosen = self.selected_problems()
        self.bulk_button.setEnabled(len(chosen) > 1 and all(self._may(Action.ASSIGN, p) for p in chosen))
        self.bulk_supervise.setEnabled(len(chosen) > 1 and all(self._may(Action.SUPERVISE, p) for p in chosen))
        self._show_problem(chosen[0] if len(chosen) == 1 else None)

    def _show_problem(self, p: ProblemView | None) -> None:
        self._selected = p
        for action, button in self.buttons.items():
            button.setEnabled(p is not None and self._may(action, p))
        self.print_notice.setEnabled(p is not None and p.status is ProblemStatus.IN_PROGRESS)
        self.print_revisit.setEnabled(p is not None and p.status is ProblemStatus.SOLVED)
        if p is None:
            self.detail.setText(self.tr("在左侧选择一个问题"))
            self.timeline_model.set_rows([])
            self.history.load(None)
            return
        self.detail.setText(self._describe(p))
        self.history.load(p.id)
        pid = p.id
        # The 地企合作 project that raised it is read for the selected problem only, not every row.
        self.ctx.ops.read(lambda: self.ctx.services.projects.name_of_problem(pid),
                          lambda name: self._show_project(p, name), key="ledger-project")
        self.ctx.ops.read(lambda: self.ctx.services.problems.timeline(pid),
                          lambda entries: self._show_timeline(pid, entries), key="ledger-timeline")

    def _show_project(self, p: ProblemView, name: str) -> None:
        if name and self._selected is not None and self._selected.id == p.id:
            self.detail.setText(self._describe(self._selected, project=name))

    def _show_timeline(self, pid: str, entries: list[TimelineEntry]) -> None:
        if self._selected is not None and self._selected.id == pid:
            self.timeline_model.set_rows(entries)

    def _describe(self, p: ProblemView, *, project: str = "") -> str:
        from html import escape

        category = self.tr("{category}（{scope}，{source}，{level}级）").format(
            category=p.category, scope=shown(p.scope), source=shown(p.source), level=shown(p.level))
        lead = p.lead_unit
        if p.assist_units:
            lead = self.tr("{lead}；协办：{assists}").format(lead=p.lead_unit,
                                                         assists=self.tr("、").join(p.assist_units))
        status = shown(p.status)
        if p.evaluation:
            status = self.tr("{status}，{evaluation}").format(status=status, evaluation=shown(p.evaluation))
        rows = [
            (self.tr("企业"), p.enterprise_name),
            (self.tr("类别"), category),
            (self.tr("问题"), p.description),
            (self.tr("诉求"), p.demand),
            (self.tr("主办"), lead),
            (self.tr("责任人"), " ".join(x for x in (p.responsible_person, p.responsible_phone) if x)),
            (self.tr("办理类型"), shown(p.handling)),
            (self.tr("当前环节"), self._stage_text(p)),
            (self.tr("环节时限"), self._dues_text(p)),
            (self.tr("办结时限"),
             day(p.deadline) + (self.tr("（原定{d}，经批准延期）").format(d=day(p.original_deadline))
                                                 if p.extended and p.original_deadline != p.deadline else "")
             + (self.tr("；有延期申请待审批") if p.pending_extension else "")),
            (self.tr("状态"), status),
            (self.tr("结果"), p.resolution or p.deferred_reason),
            (self.tr("地企合作项目"), project),
        ]
        def value(k: str, v: str) -> str:
            late = k == self.tr("当前环节") and p.overdue
            return f"<span style='color:#c62828'>{escape(v)}</span>" if late else escape(v)

        body = "".join(f"<tr><td style='color:#555;padding-right:8px' valign='top'>{escape(k)}</td>"
                       f"<td>{value(k, v)}</td></tr>" for k, v in rows if v)
        return f"<table cellspacing='2'>{body}</table>"

    def _stage_text(self, p: ProblemView) -> str:
        if p.stage is None:
            return ""
        if p.overdue:
            return self.tr("{stage}（时限 {due}，已逾期 {n} 个工作日）").format(
                stage=shown(p.stage), due=day(p.stage_due), n=p.days_late)
        return self.tr("{stage}（时限 {due}）").format(stage=shown(p.stage), due=day(p.stage_due))

    def _dues_text(self, p: ProblemView) -> str:
        parts = []
        for label, due, done in ((self.tr("交办"), p.handover_due, p.assigned_date),
                                 (self.tr("首次反馈"), p.feedback_due, p.feedback_date),
                                 (self.tr("协办"), p.assist_due, p.assist_answered_date),
                                 (self.tr("回访"), p.revisit_due, p.evaluated_date)):
            if due:
                state = self.tr("已完成 {d}").format(d=day(done)) if done else self.tr("未完成")
                parts.append(self.tr("{label} {due}（{state}）").format(label=label, due=day(due), state=state))
        return self.tr("；").join(parts)

    # ---- actions ------------------------------------------------------------
    def _actor(self) -> str:
        return self.ctx.services.actor

    def _do(self, action: Action) -> None:
        p = self._selected
        if p is None or action not in p.actions:
            return
        pid, services, today = p.id, self.ctx.services, self.ctx.services.clock.today()
        run = (lambda request: self._run(pid, request, supervised=True)) if action is Action.SUPERVISE \
            else (lambda request: self._run(pid, request))
        if action is Action.DECIDE_EXTENSION:
            def pending() -> object:
                return next((x for x in services.problems.extensions(pid) if x.status is ExtensionStatus.PENDING), None)

            self.ctx.ops.read(pending, lambda x: self._open_dialog(
                ActionDialog(action, [p], today, self._units, self,
                             pending=x), run), key="ledger-pending")  # type: ignore[arg-type]
            return
        if action is Action.ASSIST_REPLY:
            self.ctx.ops.read(lambda: services.problems.assists_answered(pid), lambda answered: self._open_dialog(
                ActionDialog(action, [p], today, self._units, self, answered=answered), run), key="ledger-assists")
            return
        self._open_dialog(ActionDialog(action, [p], today, self._units, self, levels=self._levels), run)

    def _open_dialog(self, dialog: ActionDialog, then: Callable[[ActionRequest], None]) -> None:
        """Window-modal and non-blocking: the action runs when the dialog is accepted."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: then(dialog.request()))
        dialog.open()

    def _run(self, pid: str, request: ActionRequest, *, supervised: bool = False) -> None:
        services, actor = self.ctx.services, self._actor()

        def done(p: ProblemView) -> None:
            self._updated(p)
            if supervised:
                self.count_label.setText(self.tr("已登记督办；点“打印督办单”打印带编号的督办单"))

        self.ctx.ops.write(lambda: perform(services, pid, request, actor), done, changes=REPORTED, source=self)

    def _updated(self, p: ProblemView) -> None:
        for row, old in enumerate(self.model.rows):
            if old.id == p.id:
                self.model.replace_row(row, p)
        if self._selected is not None and self._selected.id == p.id:
            self._show_problem(p)

    def _bulk_assign(self) -> None:
        chosen = [p for p in self.selected_problems() if Action.ASSIGN in p.actions]
        if not chosen:
            return
        ids = [p.id for p in chosen]
        self._open_dialog(ActionDialog(Action.ASSIGN, chosen, self.ctx.services.clock.today(), self._units, self),
                          lambda request: self._assign_all(ids, request))

    def _assign_all(self, ids: list[str], request: ActionRequest) -> None:
        services, actor = self.ctx.services, self._actor()

        def assign_all() -> list[ProblemView]:
            return [perform(services, pid, request, actor) for pid in ids]

        def done(views: list[ProblemView]) -> None:
            for v in views:
                self._updated(v)
            self._selection_changed(QItemSelection(), QItemSelection())

        def failed(exc: Exception) -> None:
            self.ctx.errors.report(self, exc)
            self.reload()  # some may have been assigned before the one that failed

        self.ctx.ops.write(assign_all, done, changes=REPORTED, source=self, failed=failed)

    def _bulk_supervise(self) -> None:
        chosen = [p for p in self.selected_problems() if Action.SUPERVISE in p.actions]
        if chosen:
            self._supervise_many(chosen, [p.id for p in chosen])

    def _supervise_unit(self) -> None:
        """督办 every problem of one lead unit that is late today."""
        from PySide6.QtWidgets import QInputDialog

        current = self._selected.lead_unit if self._selected and self._selected.lead_unit else ""
        units = self._units or [current]
        unit, ok = QInputDialog.getItem(self, self.tr("督办单位逾期问题"), self.tr("主办单位"), units,
                                        max(0, units.index(current)) if current in units else 0, False)
        if not ok or not unit:
            return
        services = self.ctx.services

        def found(ids: list[str]) -> None:
            if not ids:
                self.count_label.setText(self.tr("{unit}今天没有逾期的办理中问题").format(unit=unit))
                return
            views = [p for p in self.model.rows if p.id in set(ids)]
            self._supervise_many(views or [], ids, about=self.tr("{unit}今天逾期的 {n} 个问题").format(
                unit=unit, n=len(ids)))

        self.ctx.ops.read(lambda: services.problems.overdue_of_unit(unit), found, key="ledger-unit-overdue")

    def _supervise_many(self, rows: list[ProblemView], ids: list[str], about: str = "") -> None:
        text = about or self.tr("已选择 {n} 个问题").format(n=len(ids))
        dialog = ActionDialog(Action.SUPERVISE, rows, self.ctx.services.clock.today(), self._units, self,
                              levels=self._levels, about=text)
        services, actor = self.ctx.services, self._actor()

        def run(request: ActionRequest) -> None:
            assert request.supervise is not None
            data = request.supervise

            def done(records: list[SupervisionView]) -> None:
                self.count_label.setText(self.tr("已登记督办 {n} 个问题，可逐个打印督办单").format(n=len(records)))
                self.reload()

            self.ctx.ops.write(lambda: services.problems.supervise(ids, data, actor=actor, on=request.on), done,
                               changes=REPORTED, source=self)

        self._open_dialog(dialog, run)

    def _print_supervision(self) -> None:
        from ui.printing import print_supervision

        if self._selected is not None:
            print_supervision(self.ctx, self, self._selected.id, self._selected.enterprise_name)

    def _print_revisit(self) -> None:
        from ui.printing import print_revisit_form

        if self._selected is not None:
            print_revisit_form(self.ctx, self, self._selected.enterprise_name, problem_id=self._selected.id)

    # ---- shortcuts and layout ------------------------------------------------
    def focus_search(self) -> bool:
        self.text.setFocus()
        self.text.selectAll()
        return True

    def print_current(self) -> bool:
        from ui.printing import print_ledger

        print_ledger(self.ctx, self, replace(self._filter))
        return True

    def _restore_layout(self) -> None:
        header = self.table.horizontalHeader()
        state = self.ctx.settings.state(LAYOUT_KEY)
        self._layout_restored = state is not None and header.restoreState(state)
        # The rows follow the arrow: the sort the person left the ledger in, if its column sorts.
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        key = self.model.columns[column].sort_key if 0 <= column < len(self.model.columns) else None
        if key is None:
            column, key, order = 0, "received_date", Qt.SortOrder.DescendingOrder
            header.setSortIndicator(column, order)
        self._sort = (key, order == Qt.SortOrder.DescendingOrder)
        split = self.ctx.settings.state("ledger/splitter")
        if split is not None:
            self.splitter.restoreState(split)

    def save_layout(self) -> None:
        self.ctx.settings.set_state(LAYOUT_KEY, self.table.horizontalHeader().saveState())
        self.ctx.settings.set_state("ledger/splitter", self.splitter.saveState())


# translate("LedgerButtons", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate


def button_words() -> dict[Action, str]:
    """The workflow buttons' own words: in Chinese the actions' names; in English shorter ones
    ("Decide ext." for "Decide extension"), so the pane beside the table is no wider than in
    Chinese and 问题描述 keeps its room at 1366 px. Each button's tooltip names its action whole."""
    return {
        Action.ASSIGN: translate("LedgerButtons", "交办"),
        Action.CLAIM: translate("LedgerButtons", "领单"),
        Action.RECORD_PROGRESS: translate("LedgerButtons", "记录进展"),
        Action.ASSIST_REPLY: translate("LedgerButtons", "协办反馈"),
        Action.SOLVE: translate("LedgerButtons", "办结"),
        Action.EVALUATE: translate("LedgerButtons", "回访评价"),
        Action.CLOSE: translate("LedgerButtons", "销号"),
        Action.REOPEN: translate("LedgerButtons", "退回重办"),
        Action.EXTEND: translate("LedgerButtons", "申请延期"),
        Action.DECIDE_EXTENSION: translate("LedgerButtons", "审批延期"),
        Action.SUPERVISE: translate("LedgerButtons", "督办"),
        Action.DEFER: translate("LedgerButtons", "暂不具备条件"),
        Action.RESUME: translate("LedgerButtons", "恢复办理"),
        Action.ESCALATE: translate("LedgerButtons", "上报"),
    }
