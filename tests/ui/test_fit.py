"""The window at 1366×768 as a cadre reads it (issue 23): drop-downs show their items whole,
the ledger leaves room for 问题描述 and its tooltips read the whole problem, a column's sort
arrow tells the order the rows are really in (▲ ascending, ▼ descending), a message in the
企业 form opens no gap, and the workflow buttons do not move when a problem's details grow."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionHeader,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain import ProblemStatus
from app.services import Services
from app.services.demo import generate
from app.services.problems import ProblemFilter
from app.workflow import Action
from tests.conftest import TODAY
from tests.factories import assign, enterprise, problem
from tests.ui.conftest import idle, ok, shown
from tests.ui.test_window import open_window
from ui.context import Context
from ui.look import draw_sort_arrow
from ui.main_window import MainWindow
from ui.models.columns import problem_summary
from ui.widgets.first_start import FirstStartDialog
from ui.widgets.workflow_dialogs import ActionDialog


def clipped_items(root: QWidget) -> list[tuple[str, str, int, int]]:
    """(combo, item, width it needs, width it has) for every item of a visible combo box that
    would not show whole in the box's text field."""
    # A list filled by a background read has asked for a new layout; let it run before measuring,
    # as it does before the window paints.
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    out = []
    for combo in root.findChildren(QComboBox):
        if not combo.isVisible():
            continue
        opt = QStyleOptionComboBox()
        combo.initStyleOption(opt)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo).width()
        fm = combo.fontMetrics()
        for i in range(combo.count()):
            need = fm.horizontalAdvance(combo.itemText(i))
            if need > field:
                out.append((combo.objectName(), combo.itemText(i), need, field))
    return out


def demo_window(qtbot: QtBot, ctx: Context, services: Services) -> MainWindow:
    generate(services.db, scale=0.2, seed=2, today=TODAY)
    return open_window(qtbot, ctx)


def test_drop_downs_show_every_item_whole(qtbot: QtBot, ctx: Context, services: Services) -> None:
    window = demo_window(qtbot, ctx, services)
    for page in window.pages:
        window.show_page(page)
        idle(qtbot, ctx)
        if page is window.enterprises:
            page.table.selectRow(0)
            idle(qtbot, ctx)
            page.form.size_box.setCurrentIndex(0)  # （未填）
        if page is window.visits:
            page.form.add_problem()
            qtbot.waitUntil(page.form.cards[0].isVisible)
        assert clipped_items(window) == [], page.objectName()
    units = [f"单位{i}" for i in range(3)]
    for action in (Action.ASSIGN, Action.EVALUATE, Action.EXTEND):
        p = services.problems.search(ProblemFilter(), limit=1).rows[0]
        dialog = ActionDialog(action, [p], TODAY, units, window)
        qtbot.addWidget(dialog)
        dialog.show()
        assert clipped_items(dialog) == [], action
    first = FirstStartDialog(ctx, window)
    qtbot.addWidget(first)
    first.show()
    assert clipped_items(first) == []


def test_ledger_at_1366_leaves_room_for_the_description_and_every_cell_reads_whole(
        qtbot: QtBot, ctx: Context, services: Services) -> None:
    window = demo_window(qtbot, ctx, services)
    window.show_page(window.ledger)
    idle(qtbot, ctx)
    table, model = window.ledger.table, window.ledger.model
    # Measured as a cadre sees a ledger of any length: with the vertical scroll bar shown.
    qtbot.waitUntil(table.verticalScrollBar().isVisible)
    assert table.columnWidth(4) >= 240
    fm = table.fontMetrics()
    assert table.columnWidth(0) >= fm.horizontalAdvance("2026-12-31") + 8
    for col, values in ((3, ["要素保障(水电气暖)", "审批手续/证照", "科技创新/人才"]),
                        (6, ["首次反馈", "协办反馈", "月度报告"]),
                        (9, ["暂不具备条件", "办理中（延期待批）"])):
        assert table.columnWidth(col) >= max(fm.horizontalAdvance(v) for v in values) + 8, col
    for row in range(min(model.rowCount(), 50)):
        p = model.rows[row]
        for col in range(model.columnCount()):
            index = model.index(row, col)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            assert model.data(index) in tip and p.description in tip and p.enterprise_name in tip
    assert "状态：" in problem_summary(model.rows[0])


def test_the_sort_arrow_tells_the_order_of_the_rows(qtbot: QtBot, ctx: Context, services: Services) -> None:
    window = demo_window(qtbot, ctx, services)
    ledger = window.ledger
    window.show_page(ledger)
    idle(qtbot, ctx)
    header = ledger.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.DescendingOrder)
    dates = [p.received_date for p in ledger.model.rows]
    assert dates == sorted(dates, reverse=True)
    header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # a click on 企业
    idle(qtbot, ctx)
    names = [p.enterprise_name for p in ledger.model.rows]
    assert ledger._sort == ("enterprise", False) and names == sorted(names)
    # Opened again: the arrow and the rows keep the sort the person left.
    window.ledger.save_layout()
    again = open_window(qtbot, ctx)
    again.show_page(again.ledger)
    idle(qtbot, ctx)
    h2 = again.ledger.table.horizontalHeader()
    assert (h2.sortIndicatorSection(), h2.sortIndicatorOrder()) == (1, Qt.SortOrder.AscendingOrder)
    assert again.ledger._sort == ("enterprise", False)

    # 走访记录: newest first, and the arrow says so.
    window.show_page(window.visits)
    idle(qtbot, ctx)
    vh = window.visits.table.horizontalHeader()
    assert (vh.sortIndicatorSection(), vh.sortIndicatorOrder()) == (0, Qt.SortOrder.DescendingOrder)
    days = [v.visit_date for v in window.visits.model.rows]
    assert days == sorted(days, reverse=True)

    # 统计's 单位排名: ranked by results (app.ranking), which no column holds: no arrow until a
    # header is clicked, then the rows follow it, also when the figures are read again.
    window.show_page(window.stats)
    idle(qtbot, ctx)
    view = window.stats.findChild(QWidget, "stats-ranking")
    sh = view.horizontalHeader()
    assert sh.sortIndicatorSection() == -1
    ranked = [r.row.key for r in window.stats.ranking_model.rows]
    assert ranked == [r.key for r in services.stats.unit_ranking(window.stats.query())]
    sh.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # 主办单位
    keys = [r.row.key for r in window.stats.ranking_model.rows]
    assert keys == sorted(keys)
    window.stats.reload()
    idle(qtbot, ctx)
    assert [r.row.key for r in window.stats.ranking_model.rows] == sorted(keys)


def _arrow_pixels(option: QStyleOptionHeader.SortIndicator) -> list[int]:
    """The dark pixels of each row of a drawn sort arrow (top row first)."""
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    opt = QStyleOptionHeader()
    opt.rect = QRect(0, 0, 20, 20)
    opt.palette = QApplication.palette()
    opt.sortIndicator = option
    draw_sort_arrow(painter, opt)
    painter.end()
    rows = [sum(1 for x in range(20) if QColor(image.pixel(x, y)).lightness() < 128) for y in range(20)]
    return [n for n in rows if n]


def test_an_ascending_column_shows_an_arrow_pointing_up() -> None:
    # QHeaderView hands styles SortDown for Qt.AscendingOrder.
    up = _arrow_pixels(QStyleOptionHeader.SortIndicator.SortDown)
    down = _arrow_pixels(QStyleOptionHeader.SortIndicator.SortUp)
    assert up[0] < up[-1]  # narrow at the top: ▲
    assert down[0] > down[-1]  # ▼


def test_the_header_draws_the_arrow_through_the_window_style(qtbot: QtBot, ctx: Context,
                                                             services: Services) -> None:
    window = demo_window(qtbot, ctx, services)
    window.show_page(window.visits)
    window.visits.tabs.setCurrentIndex(1)
    idle(qtbot, ctx)
    header = window.visits.table.horizontalHeader()
    section = QRect(header.sectionViewportPosition(0), 0, header.sectionSize(0), header.height())

    def dark_rows(order: Qt.SortOrder) -> list[int]:
        header.setSortIndicator(0, order)
        image = header.grab(section).toImage()
        return [sum(1 for x in range(image.width()) if QColor(image.pixel(x, y)).lightness() < 110)
                for y in range(image.height())]

    asc, desc = dark_rows(Qt.SortOrder.AscendingOrder), dark_rows(Qt.SortOrder.DescendingOrder)
    diff = [a - d for a, d in zip(asc, desc)]
    changed = [i for i, d in enumerate(diff) if d]
    assert changed, "the arrow is drawn"
    top, bottom = changed[0], changed[-1]
    assert diff[top] < 0 < diff[bottom]  # ascending: less ink at the top and more at the bottom


def test_a_message_in_the_enterprise_form_opens_no_gap(qtbot: QtBot, ctx: Context, services: Services) -> None:
    window = demo_window(qtbot, ctx, services)
    page = window.enterprises
    window.show_page(page)
    idle(qtbot, ctx)
    page.table.selectRow(0)
    idle(qtbot, ctx)
    form = page.form

    def gap() -> int:
        below = form.code.parentWidget().mapTo(form, QPoint(0, form.code.parentWidget().height())).y()
        next_top = form.region.mapTo(form, QPoint(0, 0)).y()
        return next_top - below

    before = gap()
    first_rows = form.region.mapTo(form, QPoint(0, 0)).y() - form.name.mapTo(form, QPoint(0, 0)).y()
    assert first_rows < 3 * form.name.height()  # rows at their natural height, not spread out
    form.code.setText("914403001922038217")
    form.code.textEdited.emit(form.code.text())
    QApplication.processEvents()
    assert form.code_error.isVisible()
    assert gap() == before
    assert form.code_error.height() <= 2 * form.code_error.fontMetrics().height() + 4


def test_workflow_buttons_stay_put_when_the_details_grow(qtbot: QtBot, ctx: Context, services: Services) -> None:
    eid = enterprise(services)
    pid = problem(services, eid)
    assign(services, pid)
    window = open_window(qtbot, ctx)
    ledger = window.ledger
    window.show_page(ledger)
    idle(qtbot, ctx)
    ledger.table.selectRow(0)
    idle(qtbot, ctx)

    def where() -> dict[Action, QRect]:
        return {a: QRect(b.mapTo(window, QPoint(0, 0)), b.size()) for a, b in ledger.buttons.items()}

    before = where()
    ledger.buttons[Action.SOLVE].click()
    dialog = shown(ActionDialog)
    dialog.findChild(QPlainTextEdit, "text").setPlainText("已协调银行续贷 500 万元，企业资金周转恢复正常。" * 3)
    ok(dialog)
    idle(qtbot, ctx)
    QApplication.processEvents()
    assert services.problems.get(pid).status is ProblemStatus.SOLVED
    assert "已协调银行续贷" in ledger.detail.text()
    assert where() == before


def test_the_window_reads_in_its_own_faces_not_the_report_ones(qapp: QApplication) -> None:
    """The 通报's heavy title Song and its 仿宋 (issue 21) are for the printed page: registered for
    the window, the first would become every label's face."""
    from ui.i18n import register_fonts

    register_fonts(qapp)
    families = qapp.font().families()
    assert "AR PL UMing CN" in families
    assert not {"Zhuqi Title Serif", "Zhuque Fangsong"} & set(families)
