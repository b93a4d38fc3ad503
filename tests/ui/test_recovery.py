"""Start-up recovery: a really damaged database file is refused untouched, the
dialog names the newest good backup with its time and counts, and 恢复此备份
restores it so the database opens normally; without a backup only 退出."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from app import backups
from app.errors import CorruptDatabaseError
from app.services import Services
from app.startup import open_user_database
from tests.factories import database_with, scribble_over_pages
from tests.ui.conftest import shown
from ui.application import _recovered
from ui.widgets.recovery import RecoveryDialog


def _damaged(path: Path) -> CorruptDatabaseError:
    with pytest.raises(CorruptDatabaseError) as exc:
        open_user_database(path)
    return exc.value


def test_restore_the_newest_backup_then_open(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, *[f"企业{i}" for i in range(300)])
    backups.make_backup(path, now=datetime(2026, 1, 1, 9, 30))
    scribble_over_pages(path)
    damaged = path.read_bytes()
    exc = _damaged(path)
    assert path.read_bytes() == damaged

    dialog = RecoveryDialog(path, exc)
    qtbot.addWidget(dialog)
    dialog.open()
    text = dialog.findChild(type(dialog.error), "message").text()
    assert "没有改动" in text and "2026-01-01 09:30" in text and "企业 300 家" in text
    with qtbot.waitSignal(dialog.accepted):
        dialog.restore_button.click()
    db = open_user_database(path)
    try:
        assert Services(db).enterprises.count() == 300
    finally:
        db.close()
    # The damaged file was set aside beside it, not lost.
    aside = [p for p in tmp_path.glob("zhuqi.sqlite.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert [p.read_bytes() for p in aside] == [damaged]


def test_start_up_path_waits_for_the_dialog_without_blocking(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, *[f"企业{i}" for i in range(300)])
    backups.make_backup(path, now=datetime(2026, 1, 1))
    scribble_over_pages(path)
    exc = _damaged(path)
    QTimer.singleShot(0, lambda: shown(RecoveryDialog).restore_button.click())
    assert _recovered(str(path), exc) is True
    open_user_database(path).close()


def test_without_a_backup_only_quit(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, *[f"企业{i}" for i in range(300)])
    scribble_over_pages(path)
    exc = _damaged(path)
    assert exc.newest_backup is None
    dialog = RecoveryDialog(path, exc)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.restore_button is None
    assert "没有找到可用的备份" in dialog.findChild(type(dialog.error), "message").text()
    dialog.findChild(QPushButton, "quit").click()
    assert dialog.result() == QDialog.DialogCode.Rejected
