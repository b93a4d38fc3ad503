"""The window in both languages (issue 23): 设置 offers 简体中文 and English; in English every
label, button, tab, header and coded value of the screens is English; in Chinese, Qt's own
file dialog is Chinese too (its Chinese translation leaves "Look in:" and "Files of type:")."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.services import Services
from build_spec import translations
from tests.ui.conftest import idle
from tests.ui.test_window import open_window
from ui.context import Context
from ui.i18n import available_languages, install_translators, remove_translators

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def language(qapp: QApplication) -> Iterator[object]:
    """Install a language's translators as the program does at start; removed afterwards."""
    if not translations.compiled("en").exists():
        translations.release()
    installed: list[object] = []

    def use(code: str) -> None:
        installed.extend(install_translators(qapp, code))

    yield use
    remove_translators(qapp, installed)  # type: ignore[arg-type]
    QLocale.setDefault(QLocale("zh_CN"))


def visible_words(root: QWidget) -> list[str]:
    """The words of the screen itself: labels, buttons, group and tab titles, placeholders,
    table headers, the items of combo boxes listing coded values."""
    words: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel) and w.objectName() not in ("whoAmI",) or isinstance(w, QAbstractButton):
            words.append(w.text())
        elif isinstance(w, QGroupBox):
            words.append(w.title())
        elif isinstance(w, QLineEdit):
            words.append(w.placeholderText())
        elif isinstance(w, QTabWidget):
            words += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QTableView) and w.model() is not None:
            m = w.model()
            words += [str(m.headerData(c, w.horizontalHeader().orientation())) for c in range(m.columnCount())]
        elif isinstance(w, QComboBox) and w.objectName() in ("way", "operationStatus", "statusFilter", "profileRole",
                                                              "enterpriseSize", "deadlineFilter"):
            words += [w.itemText(i) for i in range(w.count())]
    return [t for t in words if t]


def test_settings_offers_both_languages(qtbot: QtBot, ctx: Context, language: object) -> None:
    assert available_languages() == {"zh_CN": "简体中文", "en": "English"}
    window = open_window(qtbot, ctx)
    combo = window.settings_page.language
    assert [combo.itemData(i) for i in range(combo.count())] == ["zh_CN", "en"]


def test_the_english_window_reads_english(qtbot: QtBot, ctx: Context, services: Services, language: object) -> None:
    language("en")  # type: ignore[operator]
    ctx.settings.language = "en"
    window = open_window(qtbot, ctx)
    assert window.windowTitle() == "Zhuqi Visit Ledger"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "Dashboard", "Companies", "Visits", "Ledger", "Policies", "Projects", "Statistics", "Exchange", "Settings"]
    chinese: list[str] = []
    for page in window.pages:
        window.show_page(page)
        idle(qtbot, ctx)
        if page is window.visits:
            page.form.add_problem()
            qtbot.waitUntil(page.form.cards[0].isVisible)
        chinese += [f"{page.objectName()}: {t}" for t in visible_words(page) if CJK.search(t)]
    assert chinese == [], "\n".join(chinese)
    tabs = window.stats.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Ranking", "By lead unit", "By origin", "By township",
                                                               "By category", "By leader in charge",
                                                               "By assigned cadre", "Projects", "Policies"]
    statuses = window.ledger.status
    assert [statuses.itemText(i) for i in range(statuses.count())] == [
        "All statuses", "To hand over", "In progress", "Solved", "Closed", "Cannot be solved now"]
    assert [statuses.itemData(i) for i in range(1, statuses.count())] == ["待交办", "办理中", "已办结", "已销号",
                                                                          "暂不具备条件"]


def test_the_english_ledger_leaves_room_for_the_problem(qtbot: QtBot, ctx: Context, services: Services,
                                                        language: object) -> None:
    """At 1366×768 the workflow pane keeps about its Chinese width in English (short button words,
    the action's full name in the tooltip), so the Problem column is not squeezed to ~100 px."""
    from app.services.demo import generate
    from app.workflow import Action
    from tests.conftest import TODAY
    from ui.domain_text import shown

    language("en")  # type: ignore[operator]
    ctx.settings.language = "en"
    generate(services.db, scale=0.2, seed=2, today=TODAY)
    window = open_window(qtbot, ctx)
    window.show_page(window.ledger)
    idle(qtbot, ctx)
    table = window.ledger.table
    qtbot.waitUntil(table.verticalScrollBar().isVisible)
    assert table.columnWidth(4) >= 180
    buttons = window.ledger.buttons
    assert buttons[Action.DECIDE_EXTENSION].text() == "Decide ext."
    assert buttons[Action.DECIDE_EXTENSION].toolTip() == shown(Action.DECIDE_EXTENSION) == "Decide extension"
    assert buttons[Action.SOLVE].text() == "Solve"
    for action, button in buttons.items():
        assert not CJK.search(button.text()) and button.toolTip() in ("", shown(action)), action


def test_qt_file_dialog_is_chinese_in_the_chinese_window(qtbot: QtBot, language: object) -> None:
    language("zh_CN")  # type: ignore[operator]
    for mode in (QFileDialog.AcceptMode.AcceptSave, QFileDialog.AcceptMode.AcceptOpen):
        dialog = QFileDialog(None, "保存 PDF")
        qtbot.addWidget(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        dialog.show()
        english = [t for t in visible_words(dialog) if LATIN_WORD.search(t) and "*." not in t and "/" not in t]
        assert english == [], english
        texts = " ".join(visible_words(dialog))
        assert "查找范围" in texts and "文件类型" in texts
