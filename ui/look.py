"""The window's look, the same on every platform: the style the platform gives, with two
corrections that matter for Chinese text and for reading a sorted table.

- A combo box is made as wide as its widest item's *advance*: Qt sizes it by the glyphs'
  bounding boxes, and a full-width bracket's ink sits in one half of its advance, so
  "（未了解）" came out a bracket short ("（未了解").
- A column's sort arrow points up (▲) when the rows run from small to large (ascending) and
  down (▼) when they run from large to small. Qt hands styles the opposite sign (an old Mac
  convention) and each style draws it its own way: Fusion showed ▲ over newest-first dates."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionHeader,
    QWidget,
)

from ui.i18n import register_fonts


def combo_text_width(combo: QComboBox) -> int:
    """The advance of the combo's widest item, in its font."""
    fm = combo.fontMetrics()
    return max((fm.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)


class ZhuqiStyle(QProxyStyle):
    def sizeFromContents(self, kind: QStyle.ContentsType, option: QStyleOption | None, size: QSize,
                         widget: QWidget | None = None) -> QSize:
        if kind == QStyle.ContentsType.CT_ComboBox and isinstance(widget, QComboBox) \
                and widget.sizeAdjustPolicy() != QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon:
            # (A box told to size by a number of characters keeps that: its items are long by nature.)
            widest = combo_text_width(widget)
            if not widget.itemIcon(widget.currentIndex()).isNull():
                widest += widget.iconSize().width() + 4
            # A little room beyond the advance: styles inset the text by a pixel or two.
            size = QSize(max(size.width(), widest + 6), size.height())
        # Qt passes no option or widget for some sizes; PySide6's stubs do not allow for it.
        return super().sizeFromContents(kind, option, size, widget)  # type: ignore[arg-type]

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            draw_sort_arrow(painter, option)
            return
        super().drawPrimitive(element, option, painter, widget)


def draw_sort_arrow(painter: QPainter, option: QStyleOptionHeader) -> None:
    """▲ for an ascending column, ▼ for a descending one, centred in the arrow's rectangle.
    QHeaderView passes SortDown for Qt.AscendingOrder and SortUp for Qt.DescendingOrder."""
    if option.sortIndicator == QStyleOptionHeader.SortIndicator.None_:
        return
    ascending = option.sortIndicator == QStyleOptionHeader.SortIndicator.SortDown
    r = option.rect
    side = max(5, min(r.width(), r.height(), 9))
    half = side / 2
    cx, cy = r.center().x() + 0.5, r.center().y() + 0.5
    h = side * 0.55
    top, bottom = cy - h / 2, cy + h / 2
    if ascending:
        points = [QPointF(cx - half, bottom), QPointF(cx + half, bottom), QPointF(cx, top)]
    else:
        points = [QPointF(cx - half, top), QPointF(cx + half, top), QPointF(cx, bottom)]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(option.palette.color(QPalette.ColorRole.ButtonText))
    painter.drawPolygon(QPolygonF(points))
    painter.restore()


def apply_look(app: QApplication) -> None:
    """The style and the fonts of the window (once per application, before any window)."""
    if isinstance(app.style(), ZhuqiStyle):
        return
    app.setStyle(ZhuqiStyle(app.style().name()))
    register_fonts(app)
