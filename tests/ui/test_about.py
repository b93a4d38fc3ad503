"""设置 → 关于: version, installation ID, data folder and the licences shipped."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot

from app import __version__
from app.paths import data_dir
from tests.ui.conftest import idle, shown
from ui.context import Context
from ui.views.settings_page import SettingsPage
from ui.widgets.about import AboutDialog


def test_about_box_names_version_installation_folder_and_licences(qtbot: QtBot, ctx: Context) -> None:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    idle(qtbot, ctx)
    page.findChild(QPushButton, "aboutButton").click()
    dialog = shown(AboutDialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert __version__ in text and ctx.services.db.installation_id in text and str(data_dir()) in text
    licences = dialog.findChild(QTextBrowser, "licences").toPlainText()
    assert "Arphic Public License" in licences and "LGPL" in licences
    dialog.reject()
