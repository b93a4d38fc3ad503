"""修改 a recorded visit: the form is filled from it, its problems are listed
read-only with their status, new problems can be added, Ctrl+S saves the
change (with the revision it was loaded at), unsaved typing is asked about,
and a visit changed elsewhere meanwhile is refused plainly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.drafts import Draft
from app.services import Services
from app.services.problems import ProblemInput
from app.services.visits import VisitInput
from tests.factories import cadre, enterprise
from tests.ui.conftest import idle, shown
from tests.ui.test_window import open_window
from ui.context import Context
from ui.main_window import MainWindow


def recorded(services: Services) -> tuple[str, str]:
    eid = enterprise(services, "河阳县恒达铝业有限公司")
    cid = cadre(services, "张伟", "工信局")
    services.cadres.assign(cid, eid)
    v = services.visits.create(
        VisitInput(enterprise_id=eid, visit_date=date(2026, 3, 2), cadre_ids=(cid,), discussion="了解用工情况",
                   employees=120),
        (ProblemInput(enterprise_id=eid, category="融资", description="流动资金紧张"),))
    return v.id, cid


def edit_row(qtbot: QtBot, window: MainWindow, row: int = 0) -> None:
    page = window.visits
    window.show_page(page)
    page.tabs.setCurrentIndex(1)
    idle(qtbot, window.ctx)
    page.table.selectRow(row)
    page.edit_button.click()
    idle(qtbot, window.ctx)


def test_edit_a_visit_and_add_a_problem(qtbot: QtBot, ctx: Context, services: Services) -> None:
    vid, cid = recorded(services)
    window = open_window(qtbot, ctx)
    edit_row(qtbot, window)
    form = window.visits.form
    assert window.visits.tabs.currentWidget() is form and form.editing is not None
    assert form.picker.text() == "河阳县恒达铝业有限公司" and not form.picker.isEnabled()
    assert form.date.date().toPython() == date(2026, 3, 2)
    assert form.discussion.toPlainText() == "了解用工情况" and form.employees.text() == "120"
    assert "流动资金紧张（待交办）" in form.existing_problems.text() and form.existing_problems.isVisible()
    assert [form.cadres.item(i).checkState() for i in range(form.cadres.count())] == [Qt.CheckState.Checked]
    assert not form.dirty
    form.discussion.setPlainText("了解用工和融资情况")
    card = form.add_problem()
    card.category.setCurrentIndex(card.category.findData("用工"))
    card.description.setPlainText("技术工人招不到")
    qtbot.keyClick(form.discussion, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, ctx)
    v = services.visits.get(vid)
    assert v.discussion == "了解用工和融资情况" and v.cadre_ids == (cid,) and v.employees == 120
    assert len(services.visits.list()) == 1 and len(v.problem_ids) == 2
    added = [services.problems.get(p) for p in v.problem_ids if services.problems.get(p).category == "用工"]
    assert added[0].received_date == date(2026, 3, 2)
    assert form.editing is None and form.is_empty() and not form.dirty
    assert "已保存修改" in form.draft_label.text()
    assert services.history.for_record(vid)[-1].operation == "修改"
    # The list shows the selected visit's history.
    page = window.visits
    page.tabs.setCurrentIndex(1)
    idle(qtbot, ctx)
    page.table.selectRow(0)
    idle(qtbot, ctx)
    top = page.history.topLevelItem(0)
    assert top.text(1) == "修改"
    assert "交流内容：了解用工情况 → 了解用工和融资情况" in [top.child(i).text(0) for i in range(top.childCount())]


def test_stale_visit_is_refused_plainly(qtbot: QtBot, ctx: Context, services: Services) -> None:
    vid, _cid = recorded(services)
    window = open_window(qtbot, ctx)
    edit_row(qtbot, window)
    form = window.visits.form
    v = services.visits.get(vid)
    services.visits.update(vid, VisitInput(enterprise_id=v.enterprise_id, visit_date=v.visit_date,
                                           cadre_ids=v.cadre_ids, discussion="另一个窗口改的"))
    form.discussion.setPlainText("本窗口改的")
    form.save()
    idle(qtbot, ctx)
    assert form.error.isVisible() and "已被其他窗口或导入修改" in form.error.text()
    assert services.visits.get(vid).discussion == "另一个窗口改的"
    assert form.editing is not None and form.dirty  # the typing is kept


def test_unsaved_change_is_asked_about_before_opening_another(qtbot: QtBot, ctx: Context,
                                                             services: Services) -> None:
    vid, _cid = recorded(services)
    v = services.visits.get(vid)
    services.visits.create(replace(VisitInput(enterprise_id=v.enterprise_id, visit_date=date(2026, 4, 1)),
                                   discussion="第二次走访"))
    window = open_window(qtbot, ctx)
    edit_row(qtbot, window, 1)  # newest first: the March visit
    form = window.visits.form
    assert form.discussion.toPlainText() == "了解用工情况"
    form.discussion.setPlainText("改了没保存")
    edit_row(qtbot, window, 0)
    box = shown(QMessageBox, "unsavedVisit")
    box.button(QMessageBox.StandardButton.Discard).click()
    idle(qtbot, ctx)
    assert form.discussion.toPlainText() == "第二次走访" and form.editing is not None
    assert services.visits.get(vid).discussion == "了解用工情况"


def _drafts(ctx: Context) -> list[Draft]:
    from ui.views.visits import DRAFT_KIND

    return ctx.drafts.pending(ctx.services.db.installation_id, DRAFT_KIND)[0]


def drafted_change(qtbot: QtBot, ctx: Context, services: Services, discussion: str,
                   problem: str | None = None) -> tuple[str, MainWindow, Draft]:
    """A recorded visit opened for changing, typed into and drafted; then the form is emptied as
    after a crash (the draft stays), ready for the draft to be restored."""
    vid, _cid = recorded(services)
    window = open_window(qtbot, ctx)
    edit_row(qtbot, window)
    form = window.visits.form
    form.discussion.setPlainText(discussion)
    if problem is not None:
        card = form.add_problem()
        card.category.setCurrentIndex(card.category.findData("用工"))
        card.description.setPlainText(problem)
    form.save_draft()
    idle(qtbot, ctx)
    [draft] = _drafts(ctx)
    form.reset()
    return vid, window, draft


def test_a_change_to_a_visit_is_drafted_and_restored_as_that_change(qtbot: QtBot, ctx: Context,
                                                                    services: Services) -> None:
    vid, window, draft = drafted_change(qtbot, ctx, services, "了解用工和融资情况", problem="技术工人招不到")
    assert draft.title.startswith("修改：河阳县恒达铝业有限公司")
    # The next start offers the draft, and restoring it reopens the change.
    form = window.visits.form
    window.visits.restore(draft)
    idle(qtbot, ctx)
    assert form.editing is not None and form.editing.id == vid and not form.picker.isEnabled()
    assert form.discussion.toPlainText() == "了解用工和融资情况" and len(form.cards) == 1
    assert "流动资金紧张" in form.existing_problems.text()
    assert form.draft_label.text() == "已恢复未保存的修改：河阳县恒达铝业有限公司 2026年3月2日"
    form.save()
    idle(qtbot, ctx)
    assert form.error.isHidden(), form.error.text()
    assert len(services.visits.list()) == 1
    v = services.visits.get(vid)
    assert v.discussion == "了解用工和融资情况" and len(v.problem_ids) == 2
    assert _drafts(ctx) == []


def test_a_drafted_change_to_a_visit_changed_since_is_refused_plainly(qtbot: QtBot, ctx: Context,
                                                                      services: Services) -> None:
    vid, window, draft = drafted_change(qtbot, ctx, services, "本窗口改的")
    v = services.visits.get(vid)
    services.visits.update(vid, VisitInput(enterprise_id=v.enterprise_id, visit_date=v.visit_date,
                                           cadre_ids=v.cadre_ids, discussion="导入改的"))
    form = window.visits.form
    window.visits.restore(draft)
    idle(qtbot, ctx)
    form.save()
    idle(qtbot, ctx)
    assert form.error.isVisible() and "已被其他窗口或导入修改" in form.error.text()
    assert services.visits.get(vid).discussion == "导入改的" and form.discussion.toPlainText() == "本窗口改的"


def test_a_drafted_change_to_a_deleted_visit_comes_back_as_a_new_visit(qtbot: QtBot, ctx: Context,
                                                                       services: Services) -> None:
    vid, window, draft = drafted_change(qtbot, ctx, services, "删除前在改的")
    services.visits.delete(vid)
    form = window.visits.form
    window.visits.restore(draft)
    idle(qtbot, ctx)
    assert form.editing is None and form.discussion.toPlainText() == "删除前在改的"
    assert "已不存在" in form.draft_label.text()
