"""The main window: a navigation list on the left (工作台, 企业, 走访, 问题台账,
政策库, 统计, 数据交换, 设置) and the screens on the right; the shortcuts users expect
(Ctrl+N new visit, Ctrl+F search, Ctrl+P print, Ctrl+S save); remembers its
size; never closes over unsaved typing without asking."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ui.context import Context
from ui.operations import Change
from ui.views.dashboard import DashboardPage
from ui.views.enterprises import EnterprisesPage
from ui.views.exchange import ExchangePage
from ui.views.ledger import LedgerPage
from ui.views.page import Page
from ui.views.policies import PoliciesPage
from ui.views.projects import ProjectsPage
from ui.views.settings_page import SettingsPage
from ui.views.stats import StatsPage
from ui.views.visits import VisitsPage

#: The window's size on first start, and the room its title bar and frame take around it.
FIRST_SIZE = QSize(1366, 768)
FRAME = QSize(16, 40)


class MainWindow(QMainWindow):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.ops.window = self
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("助企走访台账"))
        self.setMinimumSize(QSize(1024, 640))
        self._closing_confirmed = False

        self.dashboard = DashboardPage(ctx)
        self.enterprises = EnterprisesPage(ctx)
        self.visits = VisitsPage(ctx)
        self.ledger = LedgerPage(ctx)
        self.policies = PoliciesPage(ctx)
        self.projects = ProjectsPage(ctx)
        self.stats = StatsPage(ctx)
        self.exchange = ExchangePage(ctx)
        self.settings_page = SettingsPage(ctx)
        self.pages: list[Page] = [self.dashboard, self.enterprises, self.visits, self.ledger, self.policies,
                                  self.projects, self.stats, self.exchange, self.settings_page]
        self.dashboard.open_ledger.connect(self._open_ledger)
        self.dashboard.open_enterprise.connect(self._open_enterprise)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(132)
        self.nav.setSpacing(2)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; padding-top: 6px; }"
                               "QListWidget#navigation::item { padding: 9px 12px; }")
        self.stack = QStackedWidget()
        for page in self.pages:
            QListWidgetItem(page.title(), self.nav)
            self.stack.addWidget(page)
            page.show_requested.connect(lambda p=page: self.show_page(p))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.who = QLabel()
        self.who.setObjectName("whoAmI")
        self.statusBar().addPermanentWidget(self.who)
        self.statusBar().showMessage(self.tr("数据库：{path}").format(path=ctx.services.database_location))
        self._show_who()
        ctx.ops.changed.connect(self._profile_changed)

        self._shortcut("newVisit", self.tr("新建走访"), QKeySequence.StandardKey.New, self.new_visit)
        self._shortcut("find", self.tr("搜索"), QKeySequence.StandardKey.Find, lambda: self._current().focus_search())
        self._shortcut("print", self.tr("打印"), QKeySequence.StandardKey.Print,
                       lambda: self._current().print_current())
        self._shortcut("save", self.tr("保存"), QKeySequence.StandardKey.Save, lambda: self._current().save())

        geometry = ctx.settings.state("window/geometry")
        #: Shown maximized: the first start on a screen too small for the first size with its frame.
        self.starts_maximized = False
        if geometry is None or not self.restoreGeometry(geometry):
            self.starts_maximized = self._fit_first_size()
        self.nav.setCurrentRow(0)

    def _fit_first_size(self) -> bool:
        """The first start: 1366×768, within the screen's free area. True when that size with its
        title bar does not fit there: on a 1366×768 laptop the taskbar takes part of the height, and
        the window's last row (status bar, buttons) would sit under it, so it starts maximized."""
        screen = self.screen()
        room = screen.availableGeometry().size() if screen is not None else FIRST_SIZE + FRAME
        self.resize(FIRST_SIZE.boundedTo(room - FRAME))
        needed = FIRST_SIZE + FRAME
        return room.width() < needed.width() or room.height() < needed.height()

    def _shortcut(self, name: str, text: str, keys: QKeySequence.StandardKey, slot: object) -> None:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    def _current(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def _profile_changed(self, changes: Change, _source: object) -> None:
        if changes & Change.PROFILE:
            self._show_who()

    def _show_who(self) -> None:
        label = self.ctx.services.actor
        self.who.setText(self.tr("使用人：{who}").format(who=label) if label else self.tr("使用人：未设置（见“设置”）"))

    def show_page(self, page: Page) -> None:
        self.nav.setCurrentRow(self.pages.index(page))

    def new_visit(self) -> None:
        self.show_page(self.visits)
        self.visits.new_visit()

    def _open_ledger(self, f: object) -> None:
        self.show_page(self.ledger)
        self.ledger.set_filter(f)  # type: ignore[arg-type]

    def _open_enterprise(self, enterprise_id: str) -> None:
        self.show_page(self.enterprises)
        self.enterprises.open_enterprise(enterprise_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_confirmed:
            for page in self.pages:
                if not page.can_close(self._close_after_answer):
                    self.show_page(page)
                    event.ignore()
                    return
        for page in self.pages:
            page.save_layout()
        self.ctx.settings.set_state("window/geometry", self.saveGeometry())
        self.ctx.settings.sync()
        self.ctx.ops.wait_for_writes()  # a save in flight finishes before the window goes
        event.accept()

    def _close_after_answer(self) -> None:
        self._closing_confirmed = True
        self.close()
