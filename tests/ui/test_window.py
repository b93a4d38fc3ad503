"""The real main window on a real temporary database: every screen opens, an
enterprise is checked as typed, a visit with two problems is saved by Ctrl+S,
a draft survives a crash, closing asks before losing typing, an import runs
in the background and shows its summary."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.exchange.readahead import default_workers
from app.services import Services
from app.services.demo import generate
from tests.conftest import TODAY
from tests.factories import VALID_CODES, acting, cadre, enterprise
from tests.ui.conftest import idle, shown
from ui.context import Context
from ui.main_window import MainWindow
from ui.views.exchange import ExchangePage
from ui.views.visits import ProblemCard

#: The window on SQLite and on PostgreSQL (see tests/conftest.py).
pytestmark = pytest.mark.backends


def open_window(qtbot: QtBot, ctx: Context) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    idle(qtbot, ctx)
    return window


def test_every_screen_opens_on_demo_data(qtbot: QtBot, ctx: Context, services: Services) -> None:
    generate(services.db, scale=0.2, seed=2, today=TODAY)
    window = open_window(qtbot, ctx)
    for row, page in enumerate(window.pages):
        window.nav.setCurrentRow(row)
        idle(qtbot, ctx)
        assert window.stack.currentWidget() is page
    assert window.dashboard.due_model.rowCount() > 0
    assert window.dashboard.never_model.rowCount() >= 0
    assert window.enterprises.model.rowCount() == services.enterprises.count()
    assert window.visits.model.rowCount() > 0
    assert window.ledger.model.rowCount() > 0
    assert window.stats.models["unit"].rowCount() > 0
    assert "覆盖率" in window.stats.summary.text()


def test_enterprise_credit_code_checked_as_typed(qtbot: QtBot, ctx: Context, services: Services) -> None:
    window = open_window(qtbot, ctx)
    page = window.enterprises
    window.show_page(page)
    page.new_button.click()
    page.form.name.setText("河阳县新创科技有限公司")
    page.form.code.setText("914403001922038217")  # check character wrong
    page.form.code.textEdited.emit(page.form.code.text())
    assert page.form.code_error.isVisible() and "校验位" in page.form.code_error.text()
    page.form.phone.setText("1234")
    page.form.phone.textEdited.emit("1234")
    assert page.form.phone_error.isVisible()
    page.save_button.click()
    idle(qtbot, ctx)
    assert services.enterprises.count() == 0
    assert page.form_error.isVisible()
    page.form.code.setText(VALID_CODES[0])
    page.form.code.textEdited.emit(VALID_CODES[0])
    page.form.phone.setText("13812345678")
    page.form.phone.textEdited.emit("13812345678")
    assert not page.form.code_error.isVisible() and not page.form.phone_error.isVisible()
    qtbot.keyClick(page.form.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, ctx)
    assert [e.credit_code for e in services.enterprises.search("新创")] == [VALID_CODES[0]]
    assert page.model.rowCount() == 1
    # A duplicate code is refused by the service and shown beside the field.
    page.new_button.click()
    page.form.name.setText("另一家公司")
    page.form.code.setText(VALID_CODES[0])
    page.save_button.click()
    idle(qtbot, ctx)
    assert page.form.code_error.isVisible() and "已被" in page.form.code_error.text()
    assert services.enterprises.count() == 1


def fill_visit(qtbot: QtBot, window: MainWindow, name: str) -> None:
    form = window.visits.form
    form.picker.setFocus()
    form.picker.insert(name[:4])
    form.picker.textEdited.emit(form.picker.text())
    qtbot.waitUntil(lambda: form.picker.completer().completionModel().rowCount() > 0, timeout=5000)
    form.picker.completer().activated.emit(name)
    assert form.picker.enterprise is not None
    idle(qtbot, window.ctx)
    form.people.setText("王建国（总经理）")
    form.discussion.setPlainText("企业订单下降，希望拓展销售渠道")
    for i, (category, text) in enumerate((("融资", "流动资金紧张"), ("用工", "技术工人短缺"))):
        form.add_problem_button.click()
        card = form.cards[i]
        card.category.setCurrentIndex(card.category.findData(category))
        card.description.setPlainText(text)


def test_visit_with_two_problems_saved_by_ctrl_s(qtbot: QtBot, ctx: Context, services: Services) -> None:
    eid = enterprise(services, "河阳县恒达铝业有限公司")
    cid = cadre(services, "张伟", "工信局")
    services.cadres.assign(cid, eid)
    services.profile.set("张伟", "工信局")
    window = open_window(qtbot, ctx)
    window.new_visit()
    form = window.visits.form
    assert form.date.date().toPython() == TODAY  # defaults to today
    assert window.focusWidget() is form.picker or form.picker.hasFocus()
    fill_visit(qtbot, window, "河阳县恒达铝业有限公司")
    assert [form.cadres.item(i).checkState() for i in range(form.cadres.count())] == [Qt.CheckState.Checked]
    qtbot.keyClick(form.discussion, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, ctx)
    visits = services.visits.list()
    assert len(visits) == 1 and len(visits[0].problem_ids) == 2
    assert visits[0].cadre_names == ("张伟",)
    assert {services.problems.get(p).category for p in visits[0].problem_ids} == {"融资", "用工"}
    assert form.is_empty() and not form.dirty and form.cards == []
    assert ctx.drafts.pending(services.db.installation_id) == ([], [])


def test_visit_refused_inline_when_a_problem_has_no_category(qtbot: QtBot, ctx: Context,
                                                              services: Services) -> None:
    enterprise(services, "河阳县恒达铝业有限公司")
    window = open_window(qtbot, ctx)
    window.new_visit()
    fill_visit(qtbot, window, "河阳县恒达铝业有限公司")
    form = window.visits.form
    form.cards[1].category.setCurrentIndex(0)
    form.save()
    idle(qtbot, ctx)
    assert form.error.isVisible() and "第 2 个问题" in form.error.text()
    assert services.visits.list() == []


def test_draft_survives_a_crash_and_is_restored(qtbot: QtBot, ctx: Context, services: Services) -> None:
    enterprise(services, "河阳县恒达铝业有限公司")
    window = open_window(qtbot, ctx)
    window.new_visit()
    fill_visit(qtbot, window, "河阳县恒达铝业有限公司")
    form = window.visits.form
    with qtbot.waitSignal(ctx.ops.busy_changed, timeout=15_000):
        pass  # the autosave timer fires within a few seconds
    qtbot.waitUntil(lambda: bool(ctx.drafts.pending(services.db.installation_id)[0]), timeout=15_000)
    idle(qtbot, ctx)
    # The crash: the window disappears without closing, nothing saved.
    window.hide()
    form._autosave.stop()
    window._closing_confirmed = True  # the process is gone: nothing is asked, nothing saved
    assert services.visits.list() == []

    again = open_window(qtbot, ctx)
    again.visits.offer_drafts()
    box = shown(QMessageBox, "restoreDrafts")
    assert "河阳县恒达铝业有限公司" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    idle(qtbot, ctx)
    restored = again.visits.form
    assert restored.picker.enterprise is not None
    assert restored.discussion.toPlainText() == "企业订单下降，希望拓展销售渠道"
    assert [c.description.toPlainText() for c in restored.cards] == ["流动资金紧张", "技术工人短缺"]
    restored.save()
    idle(qtbot, ctx)
    assert len(services.visits.list()[0].problem_ids) == 2
    assert ctx.drafts.pending(services.db.installation_id) == ([], [])
    assert form is not restored


def test_closing_with_unsaved_typing_asks(qtbot: QtBot, ctx: Context, services: Services) -> None:
    window = open_window(qtbot, ctx)
    window.new_visit()
    window.visits.form.discussion.setPlainText("刚记下的一句话")
    window.close()
    assert window.isVisible()  # not closed yet: it asks
    box = shown(QMessageBox, "unsavedVisit")
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()
    assert window.visits.form.discussion.toPlainText() == "刚记下的一句话"
    window.close()
    shown(QMessageBox, "unsavedVisit").button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible())


def exchange_page(qtbot: QtBot, ctx: Context) -> ExchangePage:
    """The window opened on its 数据交换 page, settled."""
    window = open_window(qtbot, ctx)
    window.show_page(window.exchange)
    idle(qtbot, ctx)
    return window.exchange


def test_import_runs_in_the_background_and_shows_its_summary(qtbot: QtBot, ctx: Context, services: Services,
                                                              tmp_path: Path) -> None:
    generate(services.db, scale=0.05, seed=5, today=TODAY)
    page = exchange_page(qtbot, ctx)
    book = tmp_path / "交换.xlsx"
    page.export_to_path(book)
    idle(qtbot, ctx)
    assert book.exists() and "已导出" in page.export_result.text()
    page.choose_paths([book])
    page.dry_run.setChecked(True)
    page.import_button.click()
    idle(qtbot, ctx)
    assert "预览结果" in page.import_summary.text()
    assert page.file_model.rowCount() == 1
    assert page.confirm_button.isVisible() or page.file_model.rows[0].status == "failed"
    assert page.conflict_model.rowCount() == 0


def test_a_folder_of_workbooks_is_read_by_worker_processes_from_the_window(qtbot: QtBot, ctx: Context,
                                                                           services: Services, tmp_path: Path) -> None:
    """Enough files for the import to start reader processes, from the window's background job."""
    generate(services.db, scale=0.05, seed=6, today=TODAY)
    page = exchange_page(qtbot, ctx)
    inbox = tmp_path / "收件"
    inbox.mkdir()
    page.export_to_path(inbox / "干部台账-0.xlsx")
    idle(qtbot, ctx)
    for n in range(1, 8):
        shutil.copy(inbox / "干部台账-0.xlsx", inbox / f"干部台账-{n}.xlsx")
    assert default_workers(8) > 0
    page.choose_paths([inbox])
    page.dry_run.setChecked(False)
    page.import_button.click()
    idle(qtbot, ctx)
    assert page.file_model.rowCount() == 8
    assert all(row.status == "imported" for row in page.file_model.rows), [r.error for r in page.file_model.rows]
    # The same folder again: every file is known by its bytes and not read again; the table says so.
    first = services.exchange.batches()[0].id
    page.import_button.click()
    idle(qtbot, ctx)
    assert [row.same_as for row in page.file_model.rows] == [first] * 8
    assert page.file_model.index(0, 2).data() == f"已导入（与批次 {first[:8]} 导入的文件相同，未重新读取）"
    assert "其中 8 个文件与之前导入的文件完全相同，未重新读取" in page.import_summary.text()


def test_ledger_combo_boxes_are_filled(qtbot: QtBot, ctx: Context, services: Services) -> None:
    enterprise(services)
    window = open_window(qtbot, ctx)
    window.show_page(window.ledger)
    idle(qtbot, ctx)
    assert window.ledger.findChild(QComboBox, "unitFilter").count() > 5
    assert isinstance(window.findChild(QLabel, "whoAmI"), QLabel)
    assert isinstance(window.visits.form.discussion, QPlainTextEdit)
    assert all(isinstance(c, ProblemCard) for c in window.visits.form.cards)


def test_cancel_keeps_the_progress_dialog_until_the_work_has_stopped(qtbot: QtBot, ctx: Context) -> None:
    """Stopping at a safe point can take seconds (an import keeps the files it finished): the dialog
    says so meanwhile, instead of vanishing while the buttons behind it are still disabled."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from app.exchange.progress import Cancelled
    from ui.operations import Job

    window = open_window(qtbot, ctx)
    release = threading.Event()
    failures: list[Exception] = []

    def work(job: Job) -> None:
        while not job.cancelled:
            time.sleep(0.01)
        release.wait(10)  # still stopping
        raise Cancelled()

    ctx.ops.long("正在导入……", work, lambda _r: None, failed=failures.append, parent=window)
    qtbot.waitUntil(lambda: any(isinstance(w, QProgressDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    dialog = shown(QProgressDialog)
    [button] = dialog.findChildren(QPushButton)
    button.click()
    qtbot.wait(100)
    assert dialog.isVisible() and dialog.labelText() == "正在停止……"
    assert not [b for b in dialog.findChildren(QPushButton) if b.isVisible()]  # nothing left to press
    release.set()
    idle(qtbot, ctx)
    assert len(failures) == 1 and isinstance(failures[0], Cancelled)
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_work_that_cannot_stop_offers_no_cancel_button(qtbot: QtBot, ctx: Context) -> None:
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    window = open_window(qtbot, ctx)
    release = threading.Event()
    ctx.ops.long("正在生成演示数据……", lambda _job: release.wait(10), lambda _r: None, parent=window,
                 cancellable=False)
    qtbot.waitUntil(lambda: any(isinstance(w, QProgressDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    assert not [b for b in shown(QProgressDialog).findChildren(QPushButton) if b.isVisible()]
    release.set()
    idle(qtbot, ctx)


def test_first_start_with_demo_data(qtbot: QtBot, ctx: Context, services: Services) -> None:
    from ui.widgets.first_start import FirstStartDialog

    dialog = FirstStartDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("王芳")
    dialog.unit.setText("营商办")
    assert dialog.demo.isChecked()
    with qtbot.waitSignal(dialog.accepted, timeout=60_000):
        dialog._start()
    idle(qtbot, ctx)
    assert services.enterprises.count() > 100 and services.profile.get().name == "王芳"


def test_a_workbook_known_again_with_its_conflicts_says_they_still_wait(qtbot: QtBot, ctx: Context,
                                                                        services: Services, tmp_path: Path) -> None:
    from app.clock import FixedClock
    from db.database import open_database
    from tests.test_exchange_merge import conflicts_on

    laptop = acting(Services(open_database(tmp_path / "a.sqlite"), FixedClock(TODAY)))
    try:
        conflicts_on(laptop, services, tmp_path, 2)  # 2.xlsx met two conflicts here
    finally:
        laptop.db.close()
    page = exchange_page(qtbot, ctx)
    page.choose_paths([tmp_path / "2.xlsx"])
    page.dry_run.setChecked(False)
    page.import_button.click()
    idle(qtbot, ctx)
    assert page.file_model.rows[0].same_as
    assert page.file_model.rows[0].counts["problems"]["conflicts"] == 2
    assert "其中 1 个文件与之前导入的文件完全相同，未重新读取（其中的行计为未变，仍待处理的冲突照旧计为冲突）" \
        in page.import_summary.text()


def test_the_first_start_fits_the_screen_and_later_starts_keep_the_last_size(qtbot: QtBot, ctx: Context) -> None:
    from PySide6.QtCore import QSize

    room = QApplication.primaryScreen().availableGeometry().size()  # offscreen: 800×800
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    # 1366×768 and a title bar do not fit: maximized (a laptop's taskbar would hide the last row).
    assert window.starts_maximized
    # Within the screen's room, but never below the window's own minimum (1024×640).
    assert window.height() <= max(room.height() - 40, window.minimumHeight())
    assert window.width() <= max(room.width() - 16, window.minimumWidth())
    window.show()
    window.resize(1024, 700)
    window.close()  # closing keeps the size for the next start
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert not again.starts_maximized and again.size() == QSize(1024, 700)


def test_a_database_with_nobody_named_asks_who_i_am(qtbot: QtBot, tmp_path: Path) -> None:
    """A database the command line made (demo, import …) opens in the window with nobody named: the
    window asks, as 交办 and imports are refused without an identity."""
    from app.drafts import DraftStore
    from app.paths import data_dir
    from db.database import open_database
    from ui.application import _after_show
    from ui.errors import ErrorReporter
    from ui.main_window import MainWindow
    from ui.operations import Operations
    from ui.settings import Settings
    from ui.widgets.first_start import FirstStartDialog

    db = open_database(tmp_path / "cli.sqlite")
    services = Services(db)
    enterprise(services)
    errors = ErrorReporter(data_dir() / "logs")
    ops = Operations(errors)
    context = Context(services, ops, Settings(data_dir()), DraftStore(data_dir() / "drafts"), errors)
    window = MainWindow(context)
    qtbot.addWidget(window)
    _after_show(context, window)
    dialog = shown(FirstStartDialog, "whoAmI")
    assert not dialog.demo.isVisible()
    dialog._start()  # nothing typed: refused, the dialog stays
    assert dialog.isVisible() and "姓名和单位" in dialog.error.text()
    dialog.name.setText("王芳")
    dialog.unit.setText("营商办")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog._start()
    assert services.profile.get().label == "王芳（营商办）" and db.actor == "王芳（营商办）"
    ops.wait_all()
    db.close()


def test_a_read_that_comes_back_after_its_widget_closed_is_dropped(qtbot: QtBot, ctx: Context) -> None:
    """A screen closed while its read is still running (a draft save, a page of rows on a slow laptop):
    the answer is dropped, never a 'C++ object already deleted' error in the GUI thread."""
    label = QLabel()
    gate = threading.Event()
    ctx.ops.read(lambda: gate.wait(10) and "答复", lambda text: label.setText(text))
    label.deleteLater()
    qtbot.waitUntil(lambda: not still_exists(label), timeout=5000)
    gate.set()
    idle(qtbot, ctx)  # pytest-qt fails the test on an exception raised in the event loop


def still_exists(widget: QLabel) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
