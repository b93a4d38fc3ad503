"""合并重复…: pick the duplicate as you type, see both and what will move,
confirm; the merge runs in the background and the list refreshes."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.visits import VisitInput
from tests.factories import enterprise, problem
from tests.ui.conftest import idle, no_dialog_open, ok, shown
from ui.context import Context
from ui.views.enterprises import EnterprisesPage
from ui.widgets.merge_dialog import MergeDialog


def open_page(qtbot: QtBot, ctx: Context) -> EnterprisesPage:
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    idle(qtbot, ctx)
    return page


def pick(qtbot: QtBot, dialog: MergeDialog, name: str) -> None:
    dialog.picker.setText(name)
    dialog.picker.textEdited.emit(name)
    qtbot.waitUntil(lambda: dialog.preview is not None or "不能" in dialog.summary.text(), timeout=10_000)


def test_merge_a_duplicate_from_the_enterprise_page(qtbot: QtBot, ctx: Context, services: Services) -> None:
    keep = enterprise(services, "河阳县恒达铝业有限公司")
    dup = enterprise(services, "河阳县恒达铝业（重复）", region="马集镇")
    services.visits.create(VisitInput(enterprise_id=dup, visit_date=date(2026, 3, 1)))
    problem(services, dup)
    problem(services, dup)
    page = open_page(qtbot, ctx)
    assert page.model.rowCount() == 2
    page.table.selectRow([e.id for e in page.model.rows].index(keep))
    idle(qtbot, ctx)
    page.merge_button.click()
    dialog = shown(MergeDialog)
    assert not dialog.ok_button.isEnabled()
    # Itself is refused plainly.
    pick(qtbot, dialog, "河阳县恒达铝业有限公司")
    assert dialog.preview is None and "它自己" in dialog.summary.text() and not dialog.ok_button.isEnabled()
    pick(qtbot, dialog, "河阳县恒达铝业（重复）")
    assert "走访 1 次、问题 2 个、包联关系 0 条" in dialog.summary.text()
    assert dialog.table.item(2, 1).text() == "马集镇" and dialog.table.item(0, 0).text() == "河阳县恒达铝业有限公司"
    ok(dialog)
    idle(qtbot, ctx)
    assert no_dialog_open()
    assert services.enterprises.count() == 1
    assert len(services.visits.list(enterprise_id=keep)) == 1
    assert page.model.rowCount() == 1 and page.current is not None and page.current.id == keep
    assert page.form_error.isVisible() and "已合并" in page.form_error.text()
    assert page.timeline_model.rowCount() == 3  # the moved visit and problems
    assert [e.operation for e in services.history.for_record(dup)][-1] == "删除"


def test_cancel_leaves_both(qtbot: QtBot, ctx: Context, services: Services) -> None:
    enterprise(services, "甲公司")
    enterprise(services, "甲公司（重复）")
    page = open_page(qtbot, ctx)
    page.table.selectRow(0)
    idle(qtbot, ctx)
    page.merge_button.click()
    dialog = shown(MergeDialog)
    pick(qtbot, dialog, "甲公司（重复）")
    dialog.reject()
    idle(qtbot, ctx)
    assert services.enterprises.count() == 2
