"""The form dialogs' base (ui/widgets/form_dialog.py): the first box, not 保存, has the focus on
opening and 保存, 取消 come last in the tab order though they are made first; a write refused by
the service is said in the dialog, which stays open with its buttons back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.errors import UserError
from tests.ui.conftest import idle
from ui.context import Context
from ui.widgets.form_dialog import WriteDialog


class _NameDialog(WriteDialog[str]):
    def __init__(self, ctx: Context, outcome: Exception | None) -> None:
        super().__init__(ctx, None, name="nameDialog")
        self.outcome = outcome
        self.name = QLineEdit("河阳县恒达铝业有限公司")
        self.other = QLineEdit()
        self.form.addRow("名称", self.name)
        self.form.addRow("备注", self.other)

    def save(self) -> None:
        def call() -> str:
            if self.outcome is not None:
                raise self.outcome
            return self.name.text()
        self.write(call)


def _chain(dialog: QWidget) -> list[QWidget]:
    out, w = [], dialog.nextInFocusChain()
    while w is not dialog:
        out.append(w)
        w = w.nextInFocusChain()
    return out


def test_the_first_box_has_the_focus_and_the_buttons_come_last(qtbot: QtBot, ctx: Context) -> None:
    dialog = _NameDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # What takes the focus when the window is activated: the first in the chain that accepts it.
    focusable = [w for w in _chain(dialog) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert focusable == [dialog.name, dialog.other, dialog.ok, cancel]


def test_a_refused_write_is_said_in_the_dialog_and_a_saved_one_closes_it(qtbot: QtBot, ctx: Context) -> None:
    refused = _NameDialog(ctx, UserError(f"名称已被其他窗口修改（{dt.date(2026, 6, 15)}）"))
    qtbot.addWidget(refused)
    refused.show()
    refused.ok.click()
    idle(qtbot, ctx)
    assert refused.isVisible() and refused.error.isVisible() and "已被其他窗口修改" in refused.error.text()
    assert refused.buttons.isEnabled() and refused.saved is None
    saved = _NameDialog(ctx, None)
    qtbot.addWidget(saved)
    saved.show()
    saved.ok.click()
    idle(qtbot, ctx)
    assert not saved.isVisible() and saved.saved == "河阳县恒达铝业有限公司"
    assert saved.result() == saved.DialogCode.Accepted
