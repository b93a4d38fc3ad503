"""The visit form in a cadre's hands (issue 23): Tab leaves the date for the next field, a
future date is refused with a message, typing stops at the box's limit and says so, a
refused save takes the person to the box at fault and a good one starts the form again at
its top, a draft restored at start opens the 走访 screen, and the cadre using the window is
offered (and ticked) on a visit to a company assigned to someone else."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.fields import TYPING
from app.services import Services
from tests.conftest import TODAY
from tests.factories import cadre, enterprise
from tests.ui.conftest import idle, shown
from tests.ui.test_window import fill_visit, open_window
from ui.context import Context
from ui.main_window import MainWindow


def active_window(qtbot: QtBot, ctx: Context) -> MainWindow:
    """The window, active, so that focus and key presses reach its fields as a person's would."""
    window = open_window(qtbot, ctx)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def pick(qtbot: QtBot, window: MainWindow, name: str) -> None:
    form = window.visits.form
    form.picker.setFocus()
    form.picker.insert(name[:4])
    form.picker.textEdited.emit(form.picker.text())
    qtbot.waitUntil(lambda: form.picker.completer().completionModel().rowCount() > 0, timeout=5000)
    form.picker.completer().activated.emit(name)
    idle(qtbot, window.ctx)


def test_tab_leaves_the_date_and_typing_lands_in_the_next_fields(qtbot: QtBot, ctx: Context,
                                                                  services: Services) -> None:
    enterprise(services, "河阳县恒达铝业有限公司")
    window = active_window(qtbot, ctx)
    window.new_visit()
    form = window.visits.form
    pick(qtbot, window, "河阳县恒达铝业有限公司")
    form.date.setFocus()  # the year is selected, as when Tab reaches the field
    qtbot.keyClicks(form.date, "2026-06-10")  # the separators move from year to month to day
    assert form.date.value() == TODAY - timedelta(days=5)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.way  # not the date's month or day
    qtbot.keyClick(form.way, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.cadres
    qtbot.keyClick(form.cadres, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.people
    qtbot.keyClicks(form.people, "Wang Jianguo")
    assert form.people.text() == "Wang Jianguo"
    assert form.way.currentIndex() == 0
    qtbot.keyClick(form.people, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is form.date  # Shift+Tab comes back in one step too


def test_a_future_date_is_refused_with_a_message_not_turned_into_today(qtbot: QtBot, ctx: Context,
                                                                       services: Services) -> None:
    enterprise(services, "河阳县恒达铝业有限公司")
    window = active_window(qtbot, ctx)
    window.new_visit()
    form = window.visits.form
    pick(qtbot, window, "河阳县恒达铝业有限公司")
    form.date.setFocus()
    qtbot.keyClicks(form.date, "2026-06-25")
    qtbot.keyClick(form.date, Qt.Key.Key_Tab)
    assert form.date.value() == TODAY + timedelta(days=10)  # kept as typed
    assert form.error.isVisible() and "不能晚于" in form.error.text() and "2026-06-25" in form.error.text()
    form.save()
    idle(qtbot, ctx)
    assert services.visits.list() == []
    assert "不能晚于" in form.error.text()
    assert QApplication.focusWidget() is form.date
    form.date.set_value(TODAY)
    assert not form.error.isVisible()


def test_typing_stops_at_the_limit_and_says_so(qtbot: QtBot, ctx: Context, services: Services) -> None:
    enterprise(services, "河阳县恒达铝业有限公司")
    window = active_window(qtbot, ctx)
    window.new_visit()
    form = window.visits.form
    pick(qtbot, window, "河阳县恒达铝业有限公司")
    form.add_problem_button.click()
    card = form.cards[0]
    qtbot.waitUntil(card.isVisible)
    card.category.setCurrentIndex(1)
    card.description.setFocus()
    QGuiApplication.clipboard().setText("厂区道路破损严重。" * 600)  # 5,400 characters pasted
    card.description.paste()
    assert len(card.description.toPlainText()) == TYPING.description
    note = card.description_limit.note
    assert note.isVisible() and f"最多 {TYPING.description} 字" in note.text()
    # An input method's commit beyond the limit is held back too.
    card.description.selectAll()
    card.description.textCursor().removeSelectedText()
    card.description.insertPlainText("字" * (TYPING.description - 2))
    event = QInputMethodEvent("", [])
    event.setCommitString("流动资金")
    QApplication.sendEvent(card.description, event)
    assert card.description.toPlainText().endswith("字流动")
    assert len(card.description.toPlainText()) == TYPING.description
    # A line field as well.
    form.people.setFocus()
    QGuiApplication.clipboard().setText("王" * (TYPING.people_met + 50))
    form.people.paste()
    assert len(form.people.text()) == TYPING.people_met
    form.save()
    idle(qtbot, ctx)
    [v] = services.visits.list()
    assert len(services.problems.get(v.problem_ids[0]).description) == TYPING.description


def test_text_longer_than_the_limit_from_a_record_is_kept_whole(qtbot: QtBot, ctx: Context,
                                                               services: Services) -> None:
    window = active_window(qtbot, ctx)
    form = window.visits.form
    form.discussion.setPlainText("长" * (TYPING.discussion + 20))  # as an imported visit could have
    assert len(form.discussion.toPlainText()) == TYPING.discussion + 20


def test_a_refused_save_takes_the_person_to_the_box_at_fault(qtbot: QtBot, ctx: Context,
                                                             services: Services) -> None:
    enterprise(services, "河阳县恒达铝业有限公司")
    window = active_window(qtbot, ctx)
    window.new_visit()
    fill_visit(qtbot, window, "河阳县恒达铝业有限公司")
    form = window.visits.form
    form.follow_up.setFocus()
    form.scroll_area.verticalScrollBar().setValue(form.scroll_area.verticalScrollBar().maximum())
    form.draft_label.setText("已保存：河阳县某公司 2026年6月14日，问题 1 个")  # an earlier visit's
    second = form.cards[1]
    second.description.clear()
    form.save()
    idle(qtbot, ctx)
    assert services.visits.list() == []
    assert form.error.isVisible() and "第 2 个问题" in form.error.text()
    assert form.draft_label.text() == ""
    assert QApplication.focusWidget() is second.description
    top = second.description.mapTo(form.scroll_area.widget(), second.description.rect().topLeft()).y()
    shown_from = form.scroll_area.verticalScrollBar().value()
    assert shown_from <= top <= shown_from + form.scroll_area.viewport().height()
    # Mended and saved: the emptied form starts again at its top, the picker has the focus.
    second.description.insertPlainText("技术工人短缺")
    form.save()
    idle(qtbot, ctx)
    assert len(services.visits.list()) == 1
    assert not form.error.isVisible() and form.draft_label.text().startswith("已保存")
    assert form.scroll_area.verticalScrollBar().value() == 0
    assert QApplication.focusWidget() is form.picker


def test_a_draft_restored_at_start_opens_the_visit_form(qtbot: QtBot, ctx: Context, services: Services) -> None:
    enterprise(services, "河阳县恒达铝业有限公司")
    window = active_window(qtbot, ctx)
    window.new_visit()
    fill_visit(qtbot, window, "河阳县恒达铝业有限公司")
    window.visits.form.save_draft()
    idle(qtbot, ctx)
    window.visits.form._autosave.stop()
    window._closing_confirmed = True
    window.hide()

    again = active_window(qtbot, ctx)
    assert again.stack.currentWidget() is again.dashboard
    again.visits.offer_drafts()
    shown(QMessageBox, "restoreDrafts").button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, ctx)
    assert again.stack.currentWidget() is again.visits
    assert again.nav.currentRow() == again.pages.index(again.visits)
    assert again.visits.tabs.currentWidget() is again.visits.form
    assert again.visits.form.discussion.toPlainText() == "企业订单下降，希望拓展销售渠道"


def test_the_cadre_using_the_window_is_offered_on_any_company(qtbot: QtBot, ctx: Context,
                                                               services: Services) -> None:
    eid = enterprise(services, "河阳县恒达铝业有限公司")
    services.cadres.assign(cadre(services, "郑杰", "生态环境局"), eid)
    me = cadre(services, "李明", "工信局")
    services.profile.set("李明", "工信局")
    window = active_window(qtbot, ctx)
    window.new_visit()
    pick(qtbot, window, "河阳县恒达铝业有限公司")
    form = window.visits.form
    items = {form.cadres.item(i).text(): form.cadres.item(i).checkState() for i in range(form.cadres.count())}
    assert items == {"郑杰（生态环境局）": Qt.CheckState.Unchecked, "李明（工信局）": Qt.CheckState.Checked}
    form.discussion.setPlainText("了解生产经营情况")
    form.save()
    idle(qtbot, ctx)
    assert services.visits.list()[0].cadre_ids == (me,)
