"""Turning exceptions into words: a UserError is shown as it is (one complete
Chinese sentence); anything else is a bug, logged with its traceback in the
data folder and shown as "程序出现错误，详细信息已保存到 …"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app import errorlog
from app.errors import UserError

#: translate("Context", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate

LOG_NAME = errorlog.LOG_NAME




class ErrorReporter:
    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        #: Boxes shown without a parent window must outlive the call that opened them.
        self._open: set[QMessageBox] = set()

    def log(self, exc: BaseException) -> Path:
        """Append the traceback (without the user's data, see app.errorlog) to the error log."""
        return errorlog.write(self.log_dir, exc)

    def message_for(self, exc: BaseException) -> tuple[str, str]:
        """(text shown, details) — logging the bug as a side effect."""
        if isinstance(exc, UserError):
            return str(exc), ""
        path = self.log(exc)
        text = translate("ErrorReporter", "程序出现错误，详细信息已保存到 {path}").format(path=path)
        return text, errorlog.format_exception(exc)

    def report(self, parent: QWidget | None, exc: BaseException) -> QMessageBox:
        """Show the error without blocking (window-modal); returns the box."""
        text, details = self.message_for(exc)
        icon = QMessageBox.Icon.Warning if isinstance(exc, UserError) else QMessageBox.Icon.Critical
        box = QMessageBox(icon, translate("ErrorReporter", "助企走访台账"), text, QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("errorBox")
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._open.add(box)
        box.finished.connect(lambda _r: self._open.discard(box))
        box.open()
        return box
