"""关于: version, this installation, where the data is, and the licences of what we ship."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from app import __version__
from app.paths import data_dir, resources_dir


class AboutDialog(QDialog):
    def __init__(self, installation_id: str, database: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于助企走访台账"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        facts = QLabel(self.tr(
            "<h3>助企走访台账 {version}</h3>"
            "<p>企业走访、问题办理台账（离线使用）。</p>"
            "<p>本机安装编号：{installation}<br>数据文件夹：{folder}<br>数据库：{database}</p>"
        ).format(version=__version__, installation=installation_id, folder=data_dir(), database=database))
        facts.setWordWrap(True)
        facts.setTextInteractionFlags(facts.textInteractionFlags() | facts.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(facts)
        licences = QTextBrowser()
        licences.setObjectName("licences")
        path = resources_dir() / "THIRD-PARTY.md"
        licences.setMarkdown(path.read_text(encoding="utf-8") if path.is_file() else self.tr("（许可说明文件缺失）"))
        layout.addWidget(licences, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
