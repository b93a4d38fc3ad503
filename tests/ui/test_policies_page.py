"""The 政策库 page: lists the demo's policies with the expired ones marked 失效, searches by text,
tag and validity, shows the selected one's content, and imports an office's 政策汇编."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.demo import generate
from tests.conftest import TODAY
from tests.test_policies import policy_xlsx
from tests.ui.conftest import idle
from ui.context import Context
from ui.views.policies import PoliciesPage

pytestmark = pytest.mark.backends


def _page(qtbot: QtBot, ctx: Context) -> PoliciesPage:
    page = PoliciesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1220, 700)
    page.show()
    idle(qtbot, ctx)
    return page


def _states(page: PoliciesPage) -> list[str]:
    return [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())]


def test_the_page_lists_searches_and_marks_the_expired(qtbot: QtBot, ctx: Context, services: Services,
                                                       tmp_path: Path) -> None:
    generate(services.db, scale=0.05, seed=1, today=TODAY)
    page = _page(qtbot, ctx)
    assert page.model.rowCount() == 12
    assert _states(page).count("失效") == 2
    assert "共 12 项政策，其中失效 2 项" == page.count.text()
    page.table.selectRow(0)
    idle(qtbot, ctx)
    assert "支持内容" in page.detail.toPlainText()
    reach = services.policies.reach(page.model.rows[0].id)
    assert f"已向 {reach.explained} 家企业宣讲，{reach.applied} 家申报" in page.detail.toPlainText()
    page.grab().save(str(tmp_path / "policies.png"))

    page.search.setText("专精特新")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.rows[0].title == "关于支持专精特新中小企业高质量发展的若干措施"
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 12, timeout=5000)
    page.valid_only.setChecked(True)
    idle(qtbot, ctx)
    assert page.model.rowCount() == 10 and "失效" not in _states(page)
    page.valid_only.setChecked(False)
    page.tag.setCurrentIndex(page.tag.findData("外贸型"))
    idle(qtbot, ctx)
    assert [p.title for p in page.model.rows] == ["河阳县促进外贸稳规模优结构若干措施"]


def test_the_page_imports_an_office_list(qtbot: QtBot, ctx: Context, services: Services, tmp_path: Path) -> None:
    page = _page(qtbot, ctx)
    assert page.model.rowCount() == 0
    page.import_file(policy_xlsx(tmp_path / "政策汇编.xlsx"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=20_000)
    text = page.import_summary.text()
    assert "新增 2 项" in text and "未导入 2 行" in text and "政策名称为空" in text
    assert _states(page).count("失效") == 1


def test_the_visit_form_offers_the_policies_that_fit_and_records_those_ticked(
        qtbot: QtBot, ctx: Context, services: Services, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from app.services.enterprises import EnterpriseInput
    from tests.test_policies import _library
    from tests.ui.test_visit_form_flow import active_window, pick

    ids = _library(services)
    eid = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", industry_code="C", size="小型",
                                                      above_scale=True, tags=("专精特新",))).id
    window = active_window(qtbot, ctx)
    window.new_visit()
    pick(qtbot, window, "河阳县恒达铝业有限公司")
    form = window.visits.form
    offered = [form.library.item(i).text() for i in range(form.library.count())]
    assert offered == ["河南省促进工业稳增长若干政策措施",
                       "关于支持专精特新中小企业高质量发展的若干措施（豫政办〔2025〕12号）",
                       "河阳县小微企业首贷贴息办法", "河阳县研发费用后补助办法"]
    form.library.item(1).setCheckState(Qt.CheckState.Checked)
    form.library.item(2).setCheckState(Qt.CheckState.Checked)
    form.discussion.setPlainText("宣讲专精特新奖补和首贷贴息政策")
    window.grab().save(str(tmp_path / "visit-form.png"))
    form.save()
    idle(qtbot, ctx)
    [v] = services.visits.list(enterprise_id=eid)
    assert set(v.policy_ids) == {ids["关于支持专"], ids["河阳县小微"]}
    assert {p.title for p in services.policies.explained(enterprise_id=eid)} == {
        "关于支持专精特新中小企业高质量发展的若干措施", "河阳县小微企业首贷贴息办法"}


def test_a_visit_that_explained_a_policy_reloads_the_policy_library(qtbot: QtBot, ctx: Context,
                                                                    services: Services) -> None:
    """The visit form declares nothing: the visit service says it changed the visits and, with a policy of
    the library ticked, the policies (whose reach the 政策库 page shows)."""
    from PySide6.QtCore import Qt

    from app.changes import Change
    from app.services.policies import PolicyInput
    from tests.factories import enterprise
    from tests.ui.test_visit_form_flow import active_window, pick

    services.policies.add(PolicyInput(title="河阳县小微企业首贷贴息办法"))
    enterprise(services, "河阳县恒达铝业有限公司")
    window = active_window(qtbot, ctx)
    said: list[Change] = []
    ctx.ops.changed.connect(lambda changes, _source: said.append(changes))
    for tick in (False, True):
        window.new_visit()
        pick(qtbot, window, "河阳县恒达铝业有限公司")
        form = window.visits.form
        if tick:
            form.library.item(0).setCheckState(Qt.CheckState.Checked)
        form.discussion.setPlainText("了解经营情况")
        form.save()
        idle(qtbot, ctx)
    assert said == [Change.VISITS, Change.VISITS | Change.POLICIES]
