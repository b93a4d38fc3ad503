"""Language and fonts: install the translators for the chosen language, and
register the fonts shipped in resources/fonts so Chinese renders even on a
machine without a CJK system font."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.resources import resources_dir

#: Languages offered in 设置: code → name shown (each in its own language).
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}  # untranslated: each in its own language
SOURCE_LANGUAGE = "zh_CN"


def available_languages() -> dict[str, str]:
    """The source language, plus every language whose compiled translation ships."""
    folder = resources_dir() / "translations"
    return {code: name for code, name in LANGUAGES.items()
            if code == SOURCE_LANGUAGE or (folder / f"zhuqi_{code}.qm").exists()}


class QtGaps(QTranslator):
    """Words of Qt's own dialogs that its Chinese translation (qtbase_zh_CN) leaves in English:
    the file dialog's "Look in:" and "Files of type:" (it has them only without the mnemonic)."""

    WORDS: ClassVar[dict[tuple[str, str], str]] = {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",  # untranslated: Qt's own words, in Chinese
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",  # untranslated: Qt's own words, in Chinese
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        # None (a null string) lets Qt ask the next translator.
        return self.WORDS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Qt's own strings (buttons, file dialogs) and ours, for the chosen language; returns the
    translators to keep them alive. Chinese is the source language: Qt's Chinese and the gaps
    it leaves; English: Qt's English and zhuqi_en.qm."""
    if language not in available_languages():
        language = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_folder) or qt.load(f"qt_{language}", qt_folder):
        app.installTranslator(qt)
        installed.append(qt)
    if language == SOURCE_LANGUAGE:
        gaps = QtGaps(app)
        app.installTranslator(gaps)
        installed.append(gaps)
    else:
        ours = QTranslator(app)
        if ours.load(f"zhuqi_{language}", str(resources_dir() / "translations")):
            app.installTranslator(ours)
            installed.append(ours)
    return installed


def remove_translators(app: QApplication, translators: list[QTranslator]) -> None:
    for t in translators:
        app.removeTranslator(t)


#: The shipped faces the window falls back to for Chinese, in order. The others in resources/fonts
#: (the 通报's heavy title Song and its 仿宋) are for printed reports only: the first CJK face
#: registered would become the whole window's text face.
WINDOW_FONTS = ("uming.ttc", "wqy-microhei.ttc")


def register_fonts(app: QApplication) -> list[str]:
    """Add the shipped window fonts; if one has CJK glyphs, make it the window's fallback."""
    families: list[str] = []
    folder = resources_dir() / "fonts"
    for name in WINDOW_FONTS:
        path = folder / name
        if path.is_file():
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    cjk = [f for f in families if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(f)]
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)  # readable on a 1366×768 laptop
    if cjk:
        font.setFamilies([font.family(), *cjk])
    app.setFont(font)
    return families

