"""问题台账: paged model, filters, workflow buttons enabled exactly when legal, bulk 交办."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialogButtonBox, QLineEdit, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.domain import ProblemStatus
from app.services import Services
from app.services.demo import generate
from app.workflow import Action, allowed_actions
from tests.conftest import TODAY
from tests.factories import enterprise, problem
from tests.ui.conftest import idle, ok, shown
from ui.context import Context
from ui.views.ledger import BUTTONS, LedgerPage
from ui.widgets.workflow_dialogs import ActionDialog

#: The window on SQLite and on PostgreSQL (see tests/conftest.py).
pytestmark = pytest.mark.backends


def open_ledger(qtbot: QtBot, ctx: Context) -> LedgerPage:
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    idle(qtbot, ctx)
    return page


def enabled_actions(page: LedgerPage) -> set[Action]:
    return {a for a, b in page.buttons.items() if b.isEnabled()}


def act(qtbot: QtBot, page: LedgerPage, action: Action) -> ActionDialog:
    """Click the action's button; returns the dialog it opened."""
    page.buttons[action].click()
    return shown(ActionDialog)


def fill_text(qtbot: QtBot, page: LedgerPage, action: Action, text: str) -> None:
    dialog = act(qtbot, page, action)
    dialog.findChild(QPlainTextEdit, "text").setPlainText(text)
    ok(dialog)
    idle(qtbot, page.ctx)


def select_row(qtbot: QtBot, page: LedgerPage, row: int) -> None:
    page.table.selectRow(row)
    idle(qtbot, page.ctx)


def test_problem_goes_through_its_workflow_with_buttons_enabled_only_when_legal(
        qtbot: QtBot, ctx: Context, services: Services) -> None:
    eid = enterprise(services)
    problem(services, eid)
    page = open_ledger(qtbot, ctx)
    assert page.model.rowCount() == 1
    assert enabled_actions(page) == set()  # nothing selected
    select_row(qtbot, page, 0)
    assert enabled_actions(page) == set(allowed_actions(ProblemStatus.LISTED))
    assert not page.buttons[Action.SOLVE].isEnabled()

    dialog = act(qtbot, page, Action.ASSIGN)
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert not button.isEnabled()  # no lead unit yet
    lead = dialog.findChild(QComboBox, "leadUnit")
    lead.setCurrentIndex(lead.findData("金融工作局"))
    assert button.isEnabled()
    ok(dialog)
    idle(qtbot, ctx)
    p = page.model.rows[0]
    assert p.status is ProblemStatus.IN_PROGRESS and p.lead_unit == "金融工作局"
    assert enabled_actions(page) == set(allowed_actions(ProblemStatus.IN_PROGRESS))
    assert page.timeline_model.rowCount() == 2  # 列单, 交办

    fill_text(qtbot, page, Action.SOLVE, "已协调县农商行办理无还本续贷")
    assert page.model.rows[0].status is ProblemStatus.SOLVED
    # Solved but not yet evaluated: 销号 is not legal.
    assert not page.buttons[Action.CLOSE].isEnabled()
    assert page.buttons[Action.EVALUATE].isEnabled()

    dialog = evaluate(qtbot, page, "满意", checks=True)
    assert page.buttons[Action.CLOSE].isEnabled()

    dialog = act(qtbot, page, Action.CLOSE)
    assert dialog.findChildren(QCheckBox) == []  # the four checks were made at 回访
    ok(dialog)
    idle(qtbot, ctx)
    assert page.model.rows[0].status is ProblemStatus.CLOSED
    assert services.problems.get(page.model.rows[0].id).status is ProblemStatus.CLOSED
    assert enabled_actions(page) == set()
    assert [e.kind for e in page.timeline_model.rows] == ["列单", "交办", "办结", "企业评价", "销号"]


def evaluate(qtbot: QtBot, page: LedgerPage, result: str, *, checks: bool) -> ActionDialog:
    """The 回访评价 dialog: no result is chosen until the person chooses one."""
    dialog = act(qtbot, page, Action.EVALUATE)
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    combo = dialog.findChild(QComboBox, "evaluation")
    assert combo.currentData() == "" and not button.isEnabled()
    dialog.findChild(QLineEdit, "evaluator").setText("王建国")
    dialog.findChild(QLineEdit, "evaluatorPosition").setText("总经理")
    method = dialog.findChild(QComboBox, "method")
    method.setCurrentIndex(method.findData("电话"))
    assert not button.isEnabled()  # still no result
    combo.setCurrentIndex(combo.findData(result))
    assert button.isEnabled()
    for box in dialog.findChildren(QCheckBox):
        box.setChecked(checks)
    ok(dialog)
    idle(qtbot, page.ctx)
    return dialog


def test_unsatisfied_company_sends_it_back(qtbot: QtBot, ctx: Context, services: Services) -> None:
    eid = enterprise(services)
    pid = problem(services, eid)
    from tests.factories import assign

    assign(services, pid)
    services.problems.solve(pid, "已答复")
    page = open_ledger(qtbot, ctx)
    select_row(qtbot, page, 0)
    assert not page.buttons[Action.CLOSE].isEnabled()
    evaluate(qtbot, page, "不满意", checks=False)
    p = page.model.rows[0]
    assert p.status is ProblemStatus.IN_PROGRESS and p.evaluation is not None
    assert page.buttons[Action.SOLVE].isEnabled() and not page.buttons[Action.CLOSE].isEnabled()
    assert [e.kind for e in page.timeline_model.rows][-2:] == ["企业评价", "退回重办"]


def test_a_refused_action_is_shown_plainly(qtbot: QtBot, ctx: Context, services: Services) -> None:
    eid = enterprise(services)
    pid = problem(services, eid)
    page = open_ledger(qtbot, ctx)
    select_row(qtbot, page, 0)
    services.problems.defer(pid, "涉及基本农田", "《基本农田保护条例》")  # someone else acted meanwhile

    dialog = act(qtbot, page, Action.ASSIGN)
    dialog.findChild(QComboBox, "leadUnit").setCurrentIndex(1)
    ok(dialog)
    idle(qtbot, ctx)
    box = shown(QMessageBox, "errorBox")
    assert "暂不具备条件" in box.text() and "不能交办" in box.text()
    box.close()


def test_bulk_assign(qtbot: QtBot, ctx: Context, services: Services) -> None:
    eid = enterprise(services)
    for _ in range(3):
        problem(services, eid)
    page = open_ledger(qtbot, ctx)
    page.table.selectRow(0)
    assert not page.bulk_button.isEnabled()
    page.table.selectAll()
    idle(qtbot, ctx)
    assert page.bulk_button.isEnabled()

    page.bulk_button.click()
    dialog = shown(ActionDialog)
    lead = dialog.findChild(QComboBox, "leadUnit")
    lead.setCurrentIndex(lead.findData("工信局"))
    ok(dialog)
    idle(qtbot, ctx)
    assert [p.status for p in page.model.rows] == [ProblemStatus.IN_PROGRESS] * 3
    assert {p.lead_unit for p in page.model.rows} == {"工信局"}
    assert not page.bulk_button.isEnabled()  # no longer all 待交办


def test_filters_and_paging_on_demo_data(qtbot: QtBot, ctx: Context, services: Services, qtmodeltester) -> None:
    generate(services.db, scale=0.3, seed=3, today=TODAY)
    page = open_ledger(qtbot, ctx)
    total = services.problems.search(page.current_filter(), limit=1).total
    assert total > 400
    assert page.model.total == total and page.model.rowCount() == 200
    assert page.model.canFetchMore()
    page.model.fetchMore()
    idle(qtbot, ctx)
    assert page.model.rowCount() == 400
    qtmodeltester.check(page.model, force_py=True)

    page.status.setCurrentIndex(page.status.findData("办理中"))
    idle(qtbot, ctx)
    assert page.model.rowCount() > 0
    assert {p.status for p in page.model.rows} == {ProblemStatus.IN_PROGRESS}

    page.deadline.setCurrentIndex(page.deadline.findData("overdue"))
    idle(qtbot, ctx)
    assert page.model.rows and all(p.overdue for p in page.model.rows)
    red = page.model.data(page.model.index(0, 7), Qt.ItemDataRole.ForegroundRole)
    assert red is not None and red.color().name() == "#c62828"

    page.deadline.setCurrentIndex(0)
    page.status.setCurrentIndex(0)
    name = page.model.rows[0].enterprise_name
    page.text.insert(name)  # QTest cannot type CJK characters; insert() emits textChanged as typing does
    qtbot.waitUntil(lambda: page.model.rows and all(
        name in (p.enterprise_name + p.description + p.demand + p.resolution + p.lead_unit)
        for p in page.model.rows), timeout=5000)
    idle(qtbot, ctx)
    assert page.model.total == services.problems.search(page.current_filter(), limit=1).total

    # Sort by a column: asked of SQL, not done on the loaded rows.
    page.text.clear()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.model.total == total)
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    idle(qtbot, ctx)
    categories = [p.category for p in page.model.rows]
    assert categories == sorted(categories)


def test_every_workflow_action_has_a_button() -> None:
    assert set(BUTTONS) == set(Action)


def test_scrolling_to_the_end_shows_every_problem_once(qtbot: QtBot, ctx: Context, services: Services) -> None:
    generate(services.db, scale=0.3, seed=3, today=TODAY)
    page = open_ledger(qtbot, ctx)
    page.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # 类别: many equal values across page ends
    idle(qtbot, ctx)
    whole = services.problems.search(page.current_filter(), limit=1_000_000, sort="category", descending=False)
    # A problem deleted after the first page was shown: an offset would now skip the next one.
    gone = page.model.rows[5].id
    services.problems.delete(gone)
    while page.model.canFetchMore():
        page.model.fetchMore()
        idle(qtbot, ctx)
    shown = [p.id for p in page.model.rows]
    assert len(shown) == len(set(shown))
    assert shown == [p.id for p in whole.rows]
    assert page.model.total == len(shown)
    assert page.count_label.text() == f"共 {len(shown)} 个问题，已显示 {len(shown)} 个"
