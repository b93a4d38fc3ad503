"""The composition root: builds the application, opens the database (with the
daily backup first), the services, the context and the main window; one
running window per database (QLockFile); offers demo data and asks who I am
on the very first start; offers drafts left by a crash."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QEventLoop, QLockFile, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app import privacy
from app.cleanup import on_start
from app.drafts import DraftStore, default_folder
from app.errors import CorruptDatabaseError, DatabaseError
from app.paths import data_dir, resources_dir
from app.services import Services
from app.startup import database_file, open_user_database, window_lock_path
from ui.context import Context
from ui.errors import ErrorReporter
from ui.i18n import install_translators
from ui.look import apply_look
from ui.main_window import MainWindow
from ui.operations import Operations
from ui.settings import Settings
from ui.widgets.first_start import FirstStartDialog
from ui.widgets.recovery import RecoveryDialog

#: translate("Context", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate




def build(services: Services, settings: Settings) -> tuple[Context, MainWindow]:
    """The context and the main window over open services (also used by tests and the benchmark)."""
    errors = ErrorReporter(data_dir() / "logs")
    ops = Operations(errors)
    ctx = Context(services, ops, settings, DraftStore(default_folder(data_dir())), errors)
    return ctx, MainWindow(ctx)


def _fail(text: str) -> int:
    box = QMessageBox(QMessageBox.Icon.Critical, translate("Application", "助企走访台账"), text)
    box.exec()
    return 2


def _recovered(db_path_or_url: str, exc: CorruptDatabaseError) -> bool:
    """Offer the newest good backup of a damaged file; True once it has been restored."""
    path = database_file(db_path_or_url)
    if path is None:
        _fail(str(exc))
        return False
    dialog = RecoveryDialog(path, exc)
    loop = QEventLoop()  # no window yet: wait here for the (non-blocking) dialog to finish
    dialog.finished.connect(loop.quit)
    dialog.open()
    loop.exec()
    return dialog.result() == QDialog.DialogCode.Accepted


def run(db_path_or_url: str) -> int:
    privacy.restrict_umask()  # everything written from here on: the owner's only (POSIX)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("zhuqi")
    app.setApplicationDisplayName(translate("Application", "助企走访台账"))
    settings = Settings(data_dir())
    translators = install_translators(app, settings.language)  # noqa: F841 - kept alive until exit
    apply_look(app)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))

    lock_file = window_lock_path(db_path_or_url)
    privacy.make_folder(lock_file.parent)
    lock = QLockFile(str(lock_file))
    lock.setStaleLockTime(0)  # a lock left by a crash is detected by its dead process, not by age
    if not lock.tryLock(200):
        return _fail(translate("Application",
                               "该数据库已在另一个窗口中打开：{db}\n请切换到已打开的窗口。").format(db=db_path_or_url))
    warnings: list[str] = []
    try:
        try:
            db = open_user_database(db_path_or_url, warn=warnings.append)
        except CorruptDatabaseError as exc:
            if not _recovered(db_path_or_url, exc):
                return 2
            try:
                db = open_user_database(db_path_or_url, warn=warnings.append)
            except DatabaseError as again:
                return _fail(str(again))
        except DatabaseError as exc:
            return _fail(str(exc))
        on_start(db)  # litter of runs killed earlier, batches they left unfinished
        services = Services(db)
        ctx, window = build(services, settings)
        if window.starts_maximized:
            window.showMaximized()
        else:
            window.show()
        QTimer.singleShot(0, lambda: _after_show(ctx, window))
        for text in warnings:  # today's backup not written (a full disk): said, not in the way
            box = QMessageBox(QMessageBox.Icon.Warning, translate("Application", "助企走访台账"), text,
                              QMessageBox.StandardButton.Ok, window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        _smoke_test_hook(app, window)
        return app.exec()
    finally:
        lock.unlock()


def _smoke_test_hook(app: QApplication, window: MainWindow) -> None:
    """ZHUQI_QUIT_AFTER_MS (the packaged program's smoke test): report when the window
    was shown and its title (in the chosen language), then quit after that many milliseconds."""
    quit_after = os.environ.get("ZHUQI_QUIT_AFTER_MS")
    if not quit_after:
        return
    from app.cli import STARTED

    def report() -> None:
        print(f"window shown after {(time.perf_counter() - STARTED) * 1000:.0f} ms", flush=True)
        print(f"window title: {window.windowTitle()}", flush=True)

    QTimer.singleShot(0, report)
    QTimer.singleShot(int(quit_after), app.quit)


def _after_show(ctx: Context, window: MainWindow) -> None:
    """First start: demo data and who I am; a database nobody is named in: who I am; any start:
    drafts left by a crash."""
    if ctx.services.enterprises.count() == 0:
        dialog = FirstStartDialog(ctx, window)
    elif not ctx.services.profile.get().is_set:
        dialog = FirstStartDialog(ctx, window, offer_demo=False)
    else:
        window.visits.offer_drafts()
        return
    dialog.finished.connect(lambda _r: window.visits.offer_drafts())
    dialog.open()
