"""The 地企合作 page: the demo's projects with their stage and 资金到位率, the figures above, filters
by 责任单位 and stage, the selected project's details with the problem it raised, and the dialogs
that add a project, record its stages and a year's investment — a refused stage shown, nothing
saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.demo import generate
from tests.conftest import TODAY
from tests.ui.conftest import idle
from ui.context import Context
from ui.views.projects import ProjectsPage

pytestmark = pytest.mark.backends


def _page(qtbot: QtBot, ctx: Context) -> ProjectsPage:
    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1230, 700)
    page.show()
    idle(qtbot, ctx)
    return page


def test_the_page_lists_filters_and_shows_a_project_with_its_problem(qtbot: QtBot, ctx: Context,
                                                                      services: Services, tmp_path: Path) -> None:
    generate(services.db, scale=0.05, seed=1, today=TODAY)
    page = _page(qtbot, ctx)
    assert page.model.rowCount() == 8
    assert "签约 7 个" in page.figures.text() and "资金到位率" in page.figures.text()
    page.stage.setCurrentIndex(page.stage.findData("已投产"))
    idle(qtbot, ctx)
    assert {p.stage.value for p in page.model.rows} == {"已投产"} and page.model.rowCount() == 2
    page.stage.setCurrentIndex(0)
    page.unit.setCurrentIndex(page.unit.findData("发改委"))
    idle(qtbot, ctx)
    assert {p.unit for p in page.model.rows} == {"发改委"}
    page.unit.setCurrentIndex(0)
    idle(qtbot, ctx)
    row = next(i for i, p in enumerate(page.model.rows) if p.problems)
    page.table.selectRow(row)
    idle(qtbot, ctx)
    text = page.detail.toPlainText()
    assert "中国建材集团有限公司" in text and "项目问题" in text and "[已销号]" in text
    page.grab().save(str(tmp_path / "projects.png"))


def test_adding_a_project_recording_stages_and_investment(qtbot: QtBot, ctx: Context, services: Services) -> None:
    from tests.factories import enterprise

    eid = enterprise(services)
    page = _page(qtbot, ctx)
    dialog = page.open_editor(None)
    dialog.name.setText("与中国建材集团合作的新型建材产业园项目")
    dialog.partner.setText("中国建材集团有限公司")
    dialog.unit.setCurrentText("发改委")
    dialog._add_enterprise(eid, "河阳县恒达铝业有限公司")
    dialog.signed.setChecked(True)
    dialog.signed_day.set_value(dt.date(2026, 3, 1))
    dialog.accept()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.rows[0].enterprise_ids == (eid,) and page.model.rows[0].stage.value == "已签约"
    page.table.selectRow(0)
    idle(qtbot, ctx)
    assert page.stage_button.isEnabled()

    stage = page.open_stage_dialog()
    assert stage is not None and stage.stage_word() == "开工"  # the next stage offered first
    stage.day.set_value(dt.date(2026, 2, 1))  # before 签约: refused, shown, nothing saved
    stage.accept()
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=10_000)
    assert "早于签约日期" in page.message.text()
    assert services.projects.list()[0].started_date is None

    stage = page.open_stage_dialog()
    assert stage is not None
    stage.day.set_value(dt.date(2026, 4, 1))
    stage.accept()
    qtbot.waitUntil(lambda: page.model.rows[0].stage.value == "已开工", timeout=10_000)

    page.table.selectRow(0)
    idle(qtbot, ctx)
    invest = page.open_investment_dialog()
    assert invest is not None
    invest.year.setValue(2026)
    invest.planned.setValue(50_000)
    invest.paid_in.setValue(20_000)
    invest.accept()
    qtbot.waitUntil(lambda: page.model.rows[0].paid_in_rate == 0.4, timeout=10_000)
    assert page.model.data(page.model.index(0, 7)) == "40.0%"


def test_linking_a_problem_through_the_dialog_shows_it_in_the_ledger_and_unlinking_it(
        qtbot: QtBot, ctx: Context, services: Services, tmp_path: Path) -> None:
    from PySide6.QtCore import QUrl

    from app.services.projects import ProjectInput
    from tests.factories import enterprise, problem
    from tests.ui.test_ledger import open_ledger, select_row

    eid = enterprise(services)
    other = enterprise(services, name="河阳县宏远机械有限公司")
    name = "与中国建材集团合作的新型建材产业园项目"
    pid = services.projects.add(ProjectInput(name, partner="中国建材集团有限公司", enterprise_ids=(eid,),
                                             unit="发改委")).id
    qid = problem(services, eid, received=dt.date(2026, 5, 1))
    problem(services, other, received=dt.date(2026, 5, 2))  # not the project's enterprise: not offered
    page = _page(qtbot, ctx)
    page.resize(1366, 768)
    assert not page.link_button.isEnabled()  # no project selected
    page.table.selectRow(0)
    idle(qtbot, ctx)
    assert page.link_button.isEnabled()
    dialog = page.open_link_dialog()
    assert dialog is not None
    idle(qtbot, ctx)
    assert dialog.problems.count() == 1 and "河阳县恒达铝业有限公司" in dialog.problems.item(0).text()
    dialog.grab().save(str(tmp_path / "link-dialog.png"))
    dialog.accept()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.rows[0].problems == 1, timeout=10_000)
    assert services.projects.name_of_problem(qid) == name and services.projects.problems(pid)[0].id == qid
    assert "已关联到项目" in page.message.text()
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "流动资金紧张" in page.detail.toPlainText(), timeout=10_000)
    assert "取消关联" in page.detail.toPlainText()
    page.grab().save(str(tmp_path / "projects-linked.png"))

    ledger = open_ledger(qtbot, ctx)
    row = next(i for i, p in enumerate(ledger.model.rows) if p.id == qid)
    select_row(qtbot, ledger, row)
    qtbot.waitUntil(lambda: "地企合作项目" in ledger.detail.text(), timeout=10_000)
    assert name in ledger.detail.text()
    ledger.grab().save(str(tmp_path / "ledger-project.png"))
    # Renaming the project in the window: the ledger's detail follows.
    editor = page.open_editor(page.model.rows[0])
    editor.name.setText("新型建材产业园项目")
    editor.accept()
    qtbot.waitUntil(lambda: "新型建材产业园项目" in ledger.detail.text() and name not in ledger.detail.text(),
                    timeout=10_000)
    row = next(i for i, p in enumerate(ledger.model.rows) if p.id != qid)
    select_row(qtbot, ledger, row)  # the other enterprise's problem: raised by no project
    assert "地企合作项目" not in ledger.detail.text()
    page.table.selectRow(0)
    idle(qtbot, ctx)

    page.detail.anchorClicked.emit(QUrl(f"unlink:{qid}"))
    qtbot.waitUntil(lambda: page.model.rows[0].problems == 0, timeout=10_000)
    assert services.projects.name_of_problem(qid) == ""
    assert "已取消关联" in page.message.text()
    dialog = page.open_link_dialog()
    assert dialog is not None
    idle(qtbot, ctx)
    assert dialog.problems.count() == 1  # offered again


def test_a_leader_may_not_link_problems(qtbot: QtBot, ctx: Context, services: Services) -> None:
    from app.services.projects import ProjectInput
    from tests.factories import acting, enterprise, problem

    acting(services)
    eid = enterprise(services)
    pid = services.projects.add(ProjectInput("与中国建材集团合作的新型建材产业园项目", enterprise_ids=(eid,))).id
    services.projects.link_problem(pid, problem(services, eid))
    services.access.add("测试员", "办公室")
    services.access.add("王芳", "领导")
    ctx.services.db.actor = "王芳"
    page = _page(qtbot, ctx)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "流动资金紧张" in page.detail.toPlainText(), timeout=10_000)
    assert not page.link_button.isEnabled() and not page.edit_button.isEnabled()
    assert "取消关联" not in page.detail.toPlainText()


def test_the_stats_page_shows_the_project_figures_of_its_period(qtbot: QtBot, ctx: Context,
                                                                services: Services, tmp_path: Path) -> None:
    from ui.views.stats import StatsPage

    generate(services.db, scale=0.05, seed=1, today=TODAY)
    page = StatsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    idle(qtbot, ctx)
    page.tabs.setCurrentWidget(page.findChild(QWidget, "stats-projects"))
    assert page.tabs.tabText(page.tabs.currentIndex()) == "地企合作"
    q = page.query()
    stats = services.projects.figures(q.date_from, q.date_to)
    t = stats.total
    assert t.signed and page.project_summary.text().startswith(
        f"期内签约项目 {t.signed} 个，截至期末开工 {t.started} 个（开工率 {t.start_rate * 100:.1f}%）")
    m = page.project_model
    rows = [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]
    assert [r[0] for r in rows] == [f.unit for f in stats.by_unit]
    first = stats.by_unit[0]
    assert rows[0][1:3] == [str(first.signed), str(first.started)] and rows[0][-2] == f"{first.paid_in:,}"
    # Another period: the figures follow it.
    page.period.setChecked(False)
    page.reload()
    idle(qtbot, ctx)
    assert page.project_summary.text().startswith(f"期内签约项目 {services.projects.figures().total.signed} 个")
    page.grab().save(str(tmp_path / "stats-projects.png"))
