"""历史 tab: the enterprise page and the ledger's side panel list the record's
audit trail (newest first) with each changed field as "label: old → new"."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.enterprises import EnterpriseInput
from tests.factories import assign, enterprise, problem
from tests.ui.conftest import idle
from ui.context import Context
from ui.views.enterprises import EnterprisesPage
from ui.views.ledger import LedgerPage
from ui.widgets.history import HistoryView


def lines(view: HistoryView) -> list[tuple[str, list[str]]]:
    """(operation, changed-field lines) of each top-level entry."""
    out = []
    for i in range(view.topLevelItemCount()):
        item = view.topLevelItem(i)
        out.append((item.text(1), [item.child(j).text(0) for j in range(item.childCount())]))
    return out


def test_enterprise_history_tab_lists_changes_newest_first(qtbot: QtBot, ctx: Context, services: Services) -> None:
    eid = enterprise(services, "河阳县旧名有限公司")
    e = services.enterprises.get(eid)
    services.enterprises.update(eid, EnterpriseInput(name="河阳县新名有限公司", region_name=e.region_name,
                                                     contact_person="李四"))
    page = EnterprisesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    idle(qtbot, ctx)
    page.table.selectRow(0)
    idle(qtbot, ctx)
    history = lines(page.history)
    assert [op for op, _ in history] == ["修改", "新增"]
    assert "名称：河阳县旧名有限公司 → 河阳县新名有限公司" in history[0][1]
    assert "联系人：（空） → 李四" in history[0][1]
    assert page.history.topLevelItem(0).text(3) == "表单"
    # Choosing nothing empties it.
    page.new_enterprise()
    assert page.history.topLevelItemCount() == 0


def test_ledger_side_panel_history_of_the_selected_problem(qtbot: QtBot, ctx: Context, services: Services) -> None:
    pid = problem(services, enterprise(services))
    assign(services, pid, unit="金融工作局")
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    idle(qtbot, ctx)
    page.table.selectRow(0)
    idle(qtbot, ctx)
    history = lines(page.history)
    assert len(history) >= 2 and history[-1][0] == "新增"
    assert any("主办单位：（空） → 金融工作局" in line for line in history[0][1])
    assert page.history.record_id == pid
