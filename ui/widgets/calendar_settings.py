"""设置 → 工作日历和时限规则: the year's holidays and 调休 workdays (built in, or entered by
the office once the State Council announces them each December), and the stage time
limits in working days. Changes move the stage deadlines of the problems they affect."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.calendar import DeadlinesMoved, YearView
from app.stages import LIMIT_LABELS, TimeLimits
from app.workdays import BUILTIN_SOURCE, OWN_SOURCE, SpecialDay
from ui.context import Context
from ui.format import day
from ui.models.table import Column, RowTableModel
from ui.operations import REPORTED
from ui.views.page import setup_table
from ui.widgets.date_field import DateField

CONTEXT = "CalendarSettings"
#: Monday to Sunday, as the table names a day.
WEEKDAYS = (QT_TRANSLATE_NOOP("CalendarSettings", "周一"), QT_TRANSLATE_NOOP("CalendarSettings", "周二"),
            QT_TRANSLATE_NOOP("CalendarSettings", "周三"), QT_TRANSLATE_NOOP("CalendarSettings", "周四"),
            QT_TRANSLATE_NOOP("CalendarSettings", "周五"), QT_TRANSLATE_NOOP("CalendarSettings", "周六"),
            QT_TRANSLATE_NOOP("CalendarSettings", "周日"))
#: app.stages.LIMIT_LABELS as the window shows them.
LIMIT_TEXT = {
    "handover": QT_TRANSLATE_NOOP("CalendarSettings", "交办时限"),
    "feedback": QT_TRANSLATE_NOOP("CalendarSettings", "首次反馈时限"),
    "ordinary": QT_TRANSLATE_NOOP("CalendarSettings", "一般问题办结时限"),
    "complex": QT_TRANSLATE_NOOP("CalendarSettings", "复杂问题办结时限"),
    "assist": QT_TRANSLATE_NOOP("CalendarSettings", "协办反馈时限"),
    "revisit": QT_TRANSLATE_NOOP("CalendarSettings", "回访时限"),
    "report": QT_TRANSLATE_NOOP("CalendarSettings", "月度报告间隔"),
}
#: The official holidays' names (app.workdays, from chinesecalendar), and their make-up workdays.
HOLIDAYS = (
    QT_TRANSLATE_NOOP("CalendarSettings", "元旦"), QT_TRANSLATE_NOOP("CalendarSettings", "春节"),
    QT_TRANSLATE_NOOP("CalendarSettings", "清明"), QT_TRANSLATE_NOOP("CalendarSettings", "劳动节"),
    QT_TRANSLATE_NOOP("CalendarSettings", "端午"), QT_TRANSLATE_NOOP("CalendarSettings", "中秋"),
    QT_TRANSLATE_NOOP("CalendarSettings", "国庆节"),
)
#: Where a day's arrangement comes from (app.workdays).
SOURCE_TEXT = {BUILTIN_SOURCE: QT_TRANSLATE_NOOP("CalendarSettings", "国务院通知（内置）"),
               OWN_SOURCE: QT_TRANSLATE_NOOP("CalendarSettings", "本单位录入")}


def _translated(text: object) -> str:
    """`text` marked by QT_TRANSLATE_NOOP (typed `object` by PySide6), in the window's language."""
    return QCoreApplication.translate(CONTEXT, str(text))


def _day_name(d: SpecialDay) -> str:
    """A built-in day's holiday in the window's language (an office's own names as typed)."""
    if d.source != BUILTIN_SOURCE:
        return d.name
    holiday = d.name.removesuffix("调休")  # not shown
    if holiday not in HOLIDAYS:
        return d.name
    name = _translated(holiday)
    return QCoreApplication.translate("CalendarSettings",
                                      "{holiday}调休").format(holiday=name) if d.name != holiday else name


class CalendarSettings(QGroupBox):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("工作日历和时限规则（工作日，含调休）"))
        self.setObjectName("calendarSettings")
        self.ctx = ctx
        v = QVBoxLayout(self)
        self.warning = QLabel()
        self.warning.setObjectName("calendarWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color:#c62828")
        v.addWidget(self.warning)
        top = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setObjectName("calendarYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.services.clock.today().year)
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.state = QLabel()
        self.state.setObjectName("calendarState")
        top.addWidget(QLabel(self.tr("年份")))
        top.addWidget(self.year)
        top.addWidget(self.state, 1)
        v.addLayout(top)
        self.model: RowTableModel[SpecialDay] = RowTableModel([
            Column(self.tr("日期"), lambda d: day(d.day)),
            Column(self.tr("星期"), lambda d: _translated(WEEKDAYS[d.day.weekday()])),
            Column(self.tr("安排"), lambda d: self.tr("上班") if d.workday else self.tr("放假")),
            Column(self.tr("名称"), _day_name),
            Column(self.tr("来源"), lambda d: _translated(SOURCE_TEXT.get(d.source, d.source))),
        ], parent=self)
        self.table = QTableView()
        self.table.setObjectName("calendarDays")
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=3)
        self.table.setFixedHeight(130)
        v.addWidget(self.table)
        entry = QHBoxLayout()
        self.day = DateField(ctx.services.clock.today(), what=self.tr("日期"))
        self.day.setObjectName("calendarDay")
        self.kind = QComboBox()
        self.kind.setObjectName("calendarKind")
        self.kind.addItem(self.tr("放假"), False)
        self.kind.addItem(self.tr("上班（调休）"), True)
        self.name = QLineEdit()
        self.name.setObjectName("calendarName")
        self.name.setMaxLength(50)
        self.name.setPlaceholderText(self.tr("名称，如 春节"))
        self.add = QPushButton(self.tr("录入"))
        self.add.setObjectName("calendarAdd")
        self.add.clicked.connect(self._add)
        self.remove = QPushButton(self.tr("删除本单位录入"))
        self.remove.setObjectName("calendarRemove")
        self.remove.clicked.connect(self._remove)
        for w in (self.day, self.kind, self.name, self.add, self.remove):
            entry.addWidget(w)
        v.addLayout(entry)
        limits = QHBoxLayout()
        form = QFormLayout()
        form2 = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for i, key in enumerate(LIMIT_LABELS):
            spin = QSpinBox()
            spin.setObjectName(f"limit-{key}")
            spin.setRange(1, 250)
            spin.setSuffix(self.tr(" 个工作日"))
            (form if i < 4 else form2).addRow(_translated(LIMIT_TEXT[key]), spin)
            self.spins[key] = spin
        limits.addLayout(form)
        limits.addLayout(form2)
        v.addLayout(limits)
        save_row = QHBoxLayout()
        self.result = QLabel()
        self.result.setObjectName("calendarResult")
        self.result.setWordWrap(True)
        self.save_limits = QPushButton(self.tr("保存时限规则"))
        self.save_limits.setObjectName("saveLimits")
        self.save_limits.clicked.connect(self._save_limits)
        save_row.addWidget(self.result, 1)
        save_row.addWidget(self.save_limits, 0, Qt.AlignmentFlag.AlignRight)
        v.addLayout(save_row)
        self._limits = TimeLimits()

    def reload(self) -> None:
        cal, year = self.ctx.services.calendar, self.year.value()
        self.ctx.ops.read(lambda: (cal.year(year), cal.limits(), cal.warning()), self._show, key="calendar")

    def _show(self, data: tuple[YearView, TimeLimits, str | None]) -> None:
        view, limits, warning = data
        self.model.set_rows(list(view.days))
        self.state.setText(self.tr("国务院通知已内置") if view.builtin else self.tr("本单位已录入") if view.covered
                           else self.tr("尚未录入：暂按周一至周五计算"))
        self.warning.setText(warning or "")
        self.warning.setVisible(bool(warning))
        self._limits = limits
        for key, spin in self.spins.items():
            spin.setValue(int(getattr(limits, key)))

    def _add(self) -> None:
        d, workday, name = self.day.value(), bool(self.kind.currentData()), self.name.text()
        cal = self.ctx.services.calendar
        self.ctx.ops.write(lambda: cal.set_day(d, workday, name), self._moved, changes=REPORTED, source=self)

    def _remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        chosen = [self.model.rows[r] for r in rows if r < len(self.model.rows)
                  and self.model.rows[r].source == OWN_SOURCE]
        d = chosen[0].day if chosen else self.day.value()
        cal = self.ctx.services.calendar
        self.ctx.ops.write(lambda: cal.remove_day(d), self._moved, changes=REPORTED, source=self)

    def _save_limits(self) -> None:
        days: dict[str, Any] = {k: spin.value() for k, spin in self.spins.items()}  # the int fields only
        limits = replace(self._limits, **days)
        cal = self.ctx.services.calendar
        self.ctx.ops.write(lambda: cal.set_limits(limits), self._moved, changes=REPORTED, source=self)

    def _moved(self, done: DeadlinesMoved) -> None:
        self.result.setText(self.tr("已保存；{n} 个问题的环节时限随之调整").format(n=done.moved))
        self.reload()
