"""A simple horizontal bar chart drawn with QPainter (QtCharts is not in
PySide6-Essentials): one bar per label, the value written at its end."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor("#1e88e5")


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("barChart")
        self.title = ""
        self.bars: list[tuple[str, float, str]] = []  # label, value, text shown
        self.maximum: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, title: str, bars: Sequence[tuple[str, float, str]], maximum: float | None = None) -> None:
        self.title = title
        self.bars = list(bars)
        self.maximum = maximum
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 260)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height()
        p.drawText(QRectF(0, 0, self.width(), line + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        if not self.bars:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("没有数据"))
            return
        top = line + 10
        label_w = min(max(fm.horizontalAdvance(b[0]) for b in self.bars) + 8, self.width() // 3)
        value_w = max(fm.horizontalAdvance(b[2]) for b in self.bars) + 8
        bar_area = max(10, self.width() - label_w - value_w - 4)
        step = max(line + 2, min(line * 2, (self.height() - top) / len(self.bars)))
        shown = int((self.height() - top) // step)
        top_value = self.maximum or max((b[1] for b in self.bars), default=1) or 1
        for i, (label, value, text) in enumerate(self.bars[:shown]):
            y = top + i * step
            p.setPen(self.palette().text().color())
            p.drawText(QRectF(0, y, label_w - 6, step), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 6))
            width = bar_area * max(0.0, value) / top_value
            p.fillRect(QRectF(label_w, y + step * 0.18, width, step * 0.64), BAR_COLOR)
            p.drawText(QRectF(label_w + width + 4, y, value_w, step),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        p.end()
