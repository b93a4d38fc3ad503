"""Start-up recovery (issue #6 §2): the database file is damaged. Say so
plainly (the file was not changed), and when a good backup exists offer to
restore it (its time and record counts shown); otherwise only 退出."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app import backups
from app.backups import BackupInfo
from app.errors import CorruptDatabaseError, UserError


def newest_good_backup(db_path: Path, exc: CorruptDatabaseError) -> BackupInfo | None:
    """The backup the error names, with its record counts."""
    if exc.newest_backup is None:
        return None
    found = [b for b in backups.list_backups(db_path, with_counts=True) if b.path == exc.newest_backup]
    return found[0] if found else None


class RecoveryDialog(QDialog):
    """Accepted only once the backup has been restored (and checked)."""

    def __init__(self, db_path: Path, exc: CorruptDatabaseError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.backup = newest_good_backup(db_path, exc)
        self.setObjectName("recovery")
        self.setWindowTitle(self.tr("数据库文件已损坏"))
        self.setMinimumWidth(560)
        v = QVBoxLayout(self)
        text = self.tr("数据库文件已损坏，无法打开：{path}\n原因：{reason}\n程序没有改动这个文件。").format(
            path=db_path, reason=exc.reason)
        if self.backup is not None:
            b = self.backup
            counts = self.tr("企业 {enterprises} 家，走访 {visits} 次，问题 {problems} 个").format(
                enterprises=b.counts.get("enterprises", 0), visits=b.counts.get("visits", 0),
                problems=b.counts.get("problems", 0))
            text += "\n\n" + self.tr(
                "可以恢复最新的完好备份：\n{time}（{kind}备份），其中有{counts}。\n"
                "恢复前，损坏的文件会另存在它旁边，不会丢失。之后在备份时间以后录入的内容需要重新录入。").format(
                time=f"{b.created:%Y-%m-%d %H:%M}", kind=b.kind_label, counts=counts)
        else:
            text += "\n\n" + self.tr("没有找到可用的备份。请联系管理员，或从其他电脑导入工作簿。")
        message = QLabel(text)
        message.setObjectName("message")
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(message)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color:#c62828;font-weight:bold")
        self.error.setWordWrap(True)
        self.error.hide()
        v.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.restore_button: QPushButton | None = None
        if self.backup is not None:
            self.restore_button = buttons.addButton(self.tr("恢复此备份"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.setObjectName("restore")
            self.restore_button.clicked.connect(self.restore)
        quit_button = buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        quit_button.clicked.connect(self.reject)
        v.addWidget(buttons)

    def restore(self) -> None:
        """Restore the backup (a file copy, before any window exists), then accept."""
        assert self.backup is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            backups.restore(self.db_path, self.backup.path)
        except UserError as exc:
            self.error.setText(self.tr("未能恢复：{reason}").format(reason=str(exc)))
            self.error.show()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
