"""Dialogs that are a form above 保存/取消 (FormDialog), and those that also save themselves
through ctx.ops and show a refusal in the dialog, which stays open (WriteDialog)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import UserError
from ui.context import Context
from ui.operations import REPORTED

V = TypeVar("V")


class FormDialog(QDialog):
    """`self.form` (rows added by the subclass), a refusal line (hidden until `refuse` shows one)
    and `self.buttons` (保存 = `self.ok`, 取消). 保存 calls `save`, which accepts; a dialog that
    checks or writes before closing overrides it."""

    def __init__(self, parent: QWidget | None, *, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet("color:#c62828;font-weight:bold")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        # translate, not self.tr: a subclass's tr would look in the subclass's context.
        self.ok.setText(QCoreApplication.translate("FormDialog", "保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("FormDialog", "取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._tab_order_set = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._tab_order_set:
            # The buttons were made before the form's boxes: move 保存 and 取消 after the last box in
            # the tab order, so the first box (not 保存) takes the focus on opening, as before.
            self._tab_order_set = True
            last = self.previousInFocusChain()
            while last is not None and last.parentWidget() not in (self, None):
                last = last.parentWidget()  # a spin box's own line: the box itself
            if last is not None and last is not self and not self.buttons.isAncestorOf(last):
                cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
                QWidget.setTabOrder(last, cancel)
                QWidget.setTabOrder(last, self.ok)  # last, 保存, 取消
        super().showEvent(event)

    def save(self) -> None:
        self.accept()

    def refuse(self, message: str) -> None:
        """Say in the dialog why it was not saved; it stays open."""
        self.error.setText(message)
        self.error.show()


class WriteDialog(FormDialog, Generic[V]):
    """A form that saves itself: `write(call)` runs the service call as a write (off the GUI thread,
    the buttons disabled meanwhile); its result is kept in `saved` and the dialog closes. A UserError
    (a rule broken, a record changed meanwhile) is shown in the dialog, which stays open with its
    buttons back; anything else is reported as a bug."""

    def __init__(self, ctx: Context, parent: QWidget | None, *, name: str) -> None:
        super().__init__(parent, name=name)
        self.ctx = ctx
        #: What the write returned (after 保存).
        self.saved: V | None = None

    def write(self, call: Callable[[], V]) -> None:
        self.buttons.setEnabled(False)
        self.ctx.ops.write(call, self._saved, changes=REPORTED, failed=self.failed)

    def failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, UserError):
            self.ctx.errors.report(self, exc)
            return
        self.refuse(str(exc))

    def _saved(self, value: V) -> None:
        self.saved = value
        self.buttons.setEnabled(True)
        self.accept()
