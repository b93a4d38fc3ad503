"""One table model for rows returned by the services (frozen dataclasses).

Columns are declared once (title, text, colour). Big tables are paged: the
model knows the total, `canFetchMore` says whether rows remain, and
`fetchMore` asks its owner (through `more_requested`) to load the next page
off the GUI thread, then `append` adds it. Sorting is asked of the owner too
(`sort_requested`), which sorts in SQL; small tables sort in Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")

Index = QModelIndex | QPersistentModelIndex

OVERDUE_RED = QColor("#c62828")

# The roles data() answers, as plain ints: a view asks a dozen roles of every cell it paints (a
# page of the ledger, 1,500 calls a paint), and comparing with Qt's enum members, or building an
# alignment flag, cost more than the answers.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_ANSWERED = frozenset((_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT))
_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    #: The service's name for sorting by this column (SQL); None: not sortable there.
    sort_key: str | None = None
    #: For tables sorted in Python: the value to sort by (default: the text).
    sort_value: Callable[[R], Any] | None = None
    align_right: bool = False
    color: Callable[[R], QColor | None] | None = None
    tooltip: Callable[[R], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[R]):
    more_requested = Signal(int)  # offset of the next page
    sort_requested = Signal(str, bool)  # sort key, descending

    def __init__(self, columns: Sequence[Column[R]], *, sort_in_python: bool = False,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []
        #: Rows matching in all (None: every row is loaded).
        self.total: int | None = None
        #: Set by the owner while a page is being fetched.
        self.loading = False
        self._sort_in_python = sort_in_python
        #: The column and order a person sorted a Python-sorted table by (kept for new rows).
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None

    # ---- filling -----------------------------------------------------------
    def set_rows(self, rows: Sequence[R], total: int | None = None) -> None:
        """New rows, in the order given; a table a person sorted keeps that sort (its arrow stays true)."""
        rows = list(rows)
        if self._sort_in_python and self.sorted_by is not None:
            column, order = self.sorted_by
            rows = self._sorted(rows, column, order)
        self.beginResetModel()
        self.rows = rows
        self.total = total
        self.loading = False
        self.endResetModel()

    def append(self, rows: Sequence[R]) -> None:
        if not rows:
            self.all_loaded()
            return
        first = len(self.rows)
        # Still "loading" while views react to the insertion, so none asks for this page again.
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()
        self.loading = False

    def all_loaded(self) -> None:
        """No more rows to fetch: the rows shown are the whole (some may have gone since it was counted)."""
        self.total = len(self.rows)
        self.loading = False

    def replace_row(self, row: int, value: R) -> None:
        self.rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def row_at(self, index: Index) -> R | None:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return self.rows[index.row()]

    # ---- Qt model interface -------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self.rows) or c >= len(self.columns):
            return None
        row = self.rows[r]
        col = self.columns[c]
        if role == _DISPLAY:
            return col.text(row)
        if role == _TOOLTIP:
            return col.tooltip(row) if col.tooltip else col.text(row)
        if role == _FOREGROUND:
            color = col.color(row) if col.color is not None else None
            return QBrush(color) if color is not None else None
        return _RIGHT if col.align_right else _LEFT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def _sorted(self, rows: list[R], column: int, order: Qt.SortOrder) -> list[R]:
        col = self.columns[column]
        key = col.sort_value or col.text
        return sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or self.total is None or self.loading:
            return False
        return len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self.more_requested.emit(len(self.rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        col = self.columns[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if self._sort_in_python:
            self.sorted_by = (column, order)
            key = col.sort_value or col.text
            self.layoutAboutToBeChanged.emit()
            order_ = sorted(range(len(self.rows)), key=lambda i: key(self.rows[i]), reverse=descending)
            moved_to = {old: new for new, old in enumerate(order_)}
            self.rows = [self.rows[i] for i in order_]
            persistent = self.persistentIndexList()
            self.changePersistentIndexList(
                persistent, [self.index(moved_to[i.row()], i.column()) for i in persistent])
            self.layoutChanged.emit()
        elif col.sort_key is not None:
            self.sort_requested.emit(col.sort_key, descending)
