"""Issue 21 in the window: the 工作台 and 统计 show the same figures for the same stated period;
the ledger shows the stage late and refuses an extension after the deadline; 督办 from the
ledger; the office enters a calendar day in 设置."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from app.services import Services
from app.services.demo import generate
from app.services.problems import AssignInput
from app.workflow import Action
from tests.conftest import TODAY
from tests.factories import enterprise, problem
from tests.ui.conftest import idle, ok, shown
from ui.context import Context
from ui.views.dashboard import DashboardPage, period_query
from ui.views.ledger import LedgerPage
from ui.views.stats import StatsPage
from ui.widgets.calendar_settings import CalendarSettings
from ui.widgets.workflow_dialogs import ActionDialog


def test_dashboard_and_stats_page_agree_for_the_same_period(qtbot: QtBot, ctx: Context,
                                                            services: Services) -> None:
    generate(services.db, scale=0.3, seed=3, today=TODAY)
    report = services.stats.report(period_query(services))
    dashboard = DashboardPage(ctx)
    qtbot.addWidget(dashboard)
    dashboard.reload()
    idle(qtbot, ctx)
    assert "2026年1月1日 至 2026年6月15日" in dashboard.period.text()
    assert dashboard.overdue.value.text() == str(report.overdue_now)
    assert dashboard.satisfaction.value.text() == f"{report.totals.satisfaction_rate * 100:.1f}%"
    stats = StatsPage(ctx)
    qtbot.addWidget(stats)
    stats.reload()
    idle(qtbot, ctx)
    assert stats.query() == period_query(services)
    text = stats.summary.text()
    assert f"期内在办问题 {report.totals.raised} 个" in text and f"今天逾期 {report.overdue_now} 个" in text
    ranked = [r for r in stats.ranking_model.rows if r.place]
    assert [r.place for r in ranked] == list(range(1, len(ranked) + 1))


def test_ledger_shows_the_late_stage_and_supervises(qtbot: QtBot, ctx: Context, services: Services) -> None:
    pid = problem(services, enterprise(services), received=date(2026, 6, 1))
    services.problems.assign(pid, AssignInput("住建局"), on=date(2026, 6, 1))
    page = LedgerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    idle(qtbot, ctx)
    page.table.selectRow(0)
    idle(qtbot, ctx)
    p = page.model.rows[0]
    headers = [page.model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    row = {h: page.model.index(0, c).data() for c, h in enumerate(headers)}
    assert row["当前环节"] == "首次反馈" and row["环节时限"] == "2026-06-04" and row["逾期"] == str(p.days_late)
    assert "已逾期" in page.detail.text()
    assert not page.buttons[Action.EXTEND].isEnabled()  # the 办结 deadline (10 June) has passed
    page.buttons[Action.SUPERVISE].click()
    dialog = shown(ActionDialog)
    assert dialog.findChild(QComboBox, "level").currentText() == "督办"
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert button.isEnabled()
    ok(dialog)
    idle(qtbot, ctx)
    [sup] = services.problems.supervisions(pid)
    assert sup.number == "督〔2026〕1号" and sup.stage == "首次反馈"
    assert page.timeline_model.rows[-1].kind == "督办" and "打印督办单" in page.count_label.text()
    assert page.print_notice.isEnabled()


def test_an_office_enters_a_calendar_day_in_settings(qtbot: QtBot, ctx: Context, services: Services) -> None:
    widget = CalendarSettings(ctx)
    qtbot.addWidget(widget)
    widget.year.setValue(2027)
    idle(qtbot, ctx)
    assert "尚未录入" in widget.state.text() and widget.model.rowCount() == 0
    widget.day.setDate(__import__("ui.format", fromlist=["to_qdate"]).to_qdate(date(2027, 2, 6)))
    widget.kind.setCurrentIndex(widget.kind.findData(True))
    widget.findChild(QLineEdit, "calendarName").setText("春节调休")
    widget.add.click()
    idle(qtbot, ctx)
    assert widget.model.rowCount() == 1 and "本单位已录入" in widget.state.text()
    assert services.calendar.calendar().is_workday(date(2027, 2, 6))
