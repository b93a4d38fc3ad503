"""The very first start with demo data (issue 23): the name and unit given become one of the
demo's cadres, so 我包联的企业 lists their companies and a visit to one of them offers and
ticks them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.services import Services
from tests.ui.conftest import idle
from tests.ui.test_visit_form_flow import active_window, pick
from ui.context import Context
from ui.widgets.first_start import FirstStartDialog


def test_the_person_at_first_start_is_one_of_the_demo_cadres(qtbot: QtBot, ctx: Context, services: Services) -> None:
    window = active_window(qtbot, ctx)
    dialog = FirstStartDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.name.setText("李明")
    dialog.unit.setText("工信局")
    assert dialog.demo.isChecked()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    idle(qtbot, ctx)
    me = services.cadres.find("李明", "工信局")
    assert me is not None
    mine = services.cadres.assignments(cadre_id=me.id, active_on=services.clock.today())
    assert len(mine) >= 3

    window.show_page(window.dashboard)
    idle(qtbot, ctx)
    assert window.dashboard.mine_model.rowCount() == len(mine)
    assert "（" in window.dashboard.mine_box.title() and str(len(mine)) in window.dashboard.mine_box.title()

    window.new_visit()
    pick(qtbot, window, mine[0].enterprise_name)
    form = window.visits.form
    ticked = [form.cadres.item(i).text() for i in range(form.cadres.count())
              if form.cadres.item(i).checkState() == Qt.CheckState.Checked]
    assert ticked == ["李明（工信局）"]
