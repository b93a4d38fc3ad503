"""Fixtures for the window's tests: a real temporary database with the fixed
day of tests/conftest.py, the window's context, and helpers to find the
(window-modal, non-blocking) dialogs the window opens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from app.drafts import DraftStore
from app.paths import data_dir
from app.services import Services
from ui.context import Context
from ui.errors import ErrorReporter
from ui.look import apply_look
from ui.operations import Operations
from ui.settings import Settings

D = TypeVar("D", bound=QWidget)


@pytest.fixture(autouse=True)
def window_look(qapp: QApplication) -> None:
    """The style and fonts the program starts with (ui.look): what the tests measure."""
    apply_look(qapp)


@pytest.fixture
def ctx(services: Services, qtbot: QtBot) -> Iterator[Context]:
    errors = ErrorReporter(data_dir() / "logs")
    ops = Operations(errors)
    context = Context(services, ops, Settings(data_dir()), DraftStore(data_dir() / "drafts"), errors)
    yield context
    ops.wait_all()
    QApplication.processEvents()


@pytest.fixture(autouse=True)
def no_key_held_after_the_test(qtbot: QtBot) -> Iterator[None]:
    """QTest's key clicks with a modifier (Ctrl+S) leave the application believing Ctrl is still
    held, and the next test's selectRow() then toggles rows as a Ctrl+click would. A real
    keyboard sends the release: so do we."""
    yield
    widget = QWidget()
    QTest.keyRelease(widget, Qt.Key.Key_Control)
    widget.deleteLater()


def idle(qtbot: QtBot, ctx: Context) -> None:
    """Wait until every background operation has been delivered."""
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=20_000)


def shown(cls: type[D], name: str | None = None) -> D:
    """The visible top-level dialog (or message box) of that class the window just opened."""
    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, cls) and w.isVisible() and (name is None or w.objectName() == name)]
    assert len(found) == 1, f"expected one visible {cls.__name__} {name or ''}, found {len(found)}"
    return found[0]


def ok(dialog: QWidget) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def no_dialog_open() -> bool:
    return not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
