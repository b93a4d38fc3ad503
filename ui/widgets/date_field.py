"""A date typed as the forms expect it: Tab leaves the field (a QDateEdit's Tab steps through
year, month and day first, and the next words typed land in the wrong fields), the
separators "-", "/", "." move between year, month and day, and a date outside the allowed
range is kept as typed and marked with a plain reason instead of silently turning into
the nearest allowed day."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from ui.format import day, from_qdate, to_qdate

_MARKED = "QDateEdit { border: 1px solid #c62828; }"
#: Typed between year, month and day: each moves on to the next part.
SEPARATORS = "-/.年月,， "  # not shown: keys typed


class DateField(QDateEdit):
    #: The reason the date is refused ("" once it is acceptable again).
    problem_changed = Signal(str)

    def __init__(self, value: date, parent: QWidget | None = None, *, what: str = "") -> None:
        super().__init__(to_qdate(value), parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        # The whole range Qt allows: a date beyond our limits is shown as typed and refused here.
        self.setDateRange(QDate(1900, 1, 1), QDate(2999, 12, 31))
        self.what = what or self.tr("日期")
        self.earliest: date | None = None
        self.latest: date | None = None
        self._problem = ""
        self._advanced = False
        self.dateChanged.connect(lambda _d: self._check())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A separator moves on to the next part; a part reached as the previous one fills up
        is selected, so the digits typed next replace it (2026-06-10 typed as it is written)."""
        i = self.currentSectionIndex()
        advanced, self._advanced = self._advanced, False
        if event.text() and event.text() in SEPARATORS:
            # Right after a part filled up and moved on by itself, the separator is already behind.
            if not advanced and i < self.sectionCount() - 1:
                self._select(i + 1)
            event.accept()
            return
        super().keyPressEvent(event)
        if event.text().isdigit() and self.currentSectionIndex() != i:
            self._select(self.currentSectionIndex())
            self._advanced = True

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                              Qt.FocusReason.ShortcutFocusReason, Qt.FocusReason.OtherFocusReason):
            self._select(0)  # the year first, whichever way the field was reached

    def _select(self, index: int) -> None:
        self.setCurrentSectionIndex(index)
        self.setSelectedSection(self.sectionAt(index))

    def focusNextPrevChild(self, forward: bool) -> bool:
        # QDateTimeEdit's own version moves between its sections first; Tab leaves the field.
        return QWidget.focusNextPrevChild(self, forward)

    def value(self) -> date:
        return from_qdate(self.date())

    def set_value(self, value: date) -> None:
        self.setDate(to_qdate(value))

    def set_limits(self, earliest: date | None = None, latest: date | None = None) -> None:
        self.earliest, self.latest = earliest, latest
        self._check()

    def problem(self) -> str:
        """Why the date cannot be used, or ""."""
        return self._problem

    def _check(self) -> None:
        d = self.value()
        problem = ""
        if self.latest is not None and d > self.latest:
            problem = self.tr("{what}不能晚于{limit}（填的是 {value}）").format(
                what=self.what, limit=day(self.latest), value=day(d))
        elif self.earliest is not None and d < self.earliest:
            problem = self.tr("{what}不能早于{limit}（填的是 {value}）").format(
                what=self.what, limit=day(self.earliest), value=day(d))
        if problem != self._problem:
            self._problem = problem
            self.setStyleSheet(_MARKED if problem else "")
            self.setToolTip(problem)
            self.problem_changed.emit(problem)
