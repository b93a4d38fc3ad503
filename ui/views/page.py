"""What every screen of the main window shares: reload when data it shows has
changed (at once if visible, else when next shown), and the hooks for the
window's shortcuts (Ctrl+F, Ctrl+P, Ctrl+S) and for closing."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QMenu, QMessageBox, QTableView, QWidget

from ui.context import Context
from ui.models.table import RowTableModel
from ui.operations import Change

R = TypeVar("R")


class Page(QWidget):
    #: The changes that make this screen's data stale.
    watches: Change = Change.ALL
    #: The screen asks the window to be shown (e.g. a draft restored at start).
    show_requested = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.ops.changed.connect(self._on_changed)

    def title(self) -> str:
        raise NotImplementedError

    def _on_changed(self, changes: Change, source: object) -> None:
        if not changes & self.watches or source is self:
            return
        self._stale = True
        if self.isVisible():
            self.activate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activate()

    def activate(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        """Fetch what the screen shows (off the GUI thread)."""

    # ---- shortcut hooks: False means "nothing to do here" --------------------
    def focus_search(self) -> bool:
        return False

    def print_current(self) -> bool:
        return False

    def save(self) -> bool:
        return False

    def can_close(self, proceed: Callable[[], None]) -> bool:
        """True if nothing would be lost. Otherwise ask (without blocking), call
        `proceed` once the person has saved or discarded, and return False."""
        return True

    def save_layout(self) -> None:
        """Remember column widths and splitter positions."""


def setup_table(view: QTableView, *, stretch_column: int | None = None, widths: Mapping[int,
                                                                                        int] | None = None) -> None:
    """The look shared by the window's tables: whole rows, alternate colours, compact rows, and
    the starting widths of some columns (column → pixels)."""
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_column is None)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    for column, width in (widths or {}).items():
        view.setColumnWidth(column, width)


def sortable(view: QTableView, column: int | None = None,
             order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
    """Let a person sort the table by a header click. The arrow shows the order the rows are
    in: `column` and `order` when the rows arrive sorted that way, no arrow when they arrive
    in an order no column holds (a ranking, the order of work) until a header is clicked."""
    header = view.horizontalHeader()
    # Before sorting is enabled: enabling sorts at once by whatever the header shows.
    header.setSortIndicator(-1 if column is None else column, order)
    view.setSortingEnabled(True)
    header.setSortIndicatorShown(True)


def column_menu(view: QTableView, *, keep: Sequence[int] = ()) -> None:
    """A right click on the header lists the columns, each shown or hidden by a tick
    (the columns in `keep` always stay). The header's saved state keeps the choice."""
    header = view.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def menu(at: QPoint) -> None:
        model = view.model()
        m = QMenu(view)
        m.setObjectName("columnMenu")
        for col in range(model.columnCount()):
            action = m.addAction(str(model.headerData(col, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not view.isColumnHidden(col))
            action.setEnabled(col not in keep)
            action.toggled.connect(lambda on, c=col: view.setColumnHidden(c, not on))
        m.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        m.popup(header.mapToGlobal(at))

    header.customContextMenuRequested.connect(menu)


def selected_row(view: QTableView, model: RowTableModel[R]) -> R | None:
    """The row of a single-selection table that is selected, if any."""
    rows = view.selectionModel().selectedRows()
    return model.row_at(rows[0]) if rows else None


def confirm(parent: QWidget, name: str, title: str, text: str, yes: str, on_yes: Callable[[], object], *,
            icon: QMessageBox.Icon = QMessageBox.Icon.Question) -> QMessageBox:
    """Ask before something weighty (window-modal, non-blocking): `yes` names the action, 取消 is the default."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, parent)
    box.setObjectName(name)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    # Named here, as in the window's other dialogs: Qt's own word follows the system's language.
    box.button(QMessageBox.StandardButton.Cancel).setText(QCoreApplication.translate("Page", "取消"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.accepted.connect(on_yes)
    box.open()
    return box
