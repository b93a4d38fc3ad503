"""Typed settings of this window, each declared once with its type, default and
meaning, stored through QSettings in an explicit INI file in the data folder
(never the platform registry), so tests under ZHUQI_HOME touch no real profile.

Who uses the installation is not here: it belongs to the database
(services.profile), because it is stamped on exports and reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generic, TypeVar, cast, overload

from PySide6.QtCore import QByteArray, QSettings

from app import privacy

T = TypeVar("T", str, int, bool)

FILE_NAME = "zhuqi-window.ini"


class _Setting(Generic[T]):
    def __init__(self, key: str, default: T, meaning: str) -> None:
        self.key = key
        self.default: T = default
        self.meaning = meaning

    @overload
    def __get__(self, obj: None, owner: type) -> _Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...

    def __get__(self, obj: Settings | None, owner: type) -> T | _Setting[T]:
        if obj is None:
            return self
        raw: object = obj.store.value(self.key, self.default)
        value: Any
        if isinstance(self.default, bool):
            value = raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
        elif isinstance(self.default, int):
            try:
                value = int(str(raw))
            except ValueError:
                value = self.default
        else:
            value = str(raw)
        return cast(T, value)  # the branch above matched the type of the default

    def __set__(self, obj: Settings, value: T) -> None:
        obj.store.setValue(self.key, value)


class Settings:
    language = _Setting("ui/language", "zh_CN", "language of the window (zh_CN or en); takes effect at the next start")
    autosave_seconds = _Setting("ui/autosave_seconds", 5, "seconds between autosaved drafts of the visit form")
    report_font = _Setting("reports/font_file", "",
                           "font file the reports are printed in (empty: chosen automatically)")
    open_after_print = _Setting("reports/open_after_print", True, "open a PDF with the system's viewer once it is made")
    last_folder = _Setting("files/last_folder", "", "folder a file was last saved to or imported from")

    def __init__(self, folder: Path) -> None:
        privacy.make_folder(folder)
        self.path = folder / FILE_NAME
        self.store = QSettings(str(self.path), QSettings.Format.IniFormat)

    # Window and table layouts are opaque Qt blobs, keyed by the widget they belong to.
    def state(self, name: str) -> QByteArray | None:
        value = self.store.value(f"layout/{name}")
        return value if isinstance(value, QByteArray) else None

    def set_state(self, name: str, value: QByteArray) -> None:
        self.store.setValue(f"layout/{name}", value)

    def sync(self) -> None:
        self.store.sync()
