"""Where things live. Data (database, backups, drafts, settings, logs) is in the
user's data folder, or — in portable mode — in a `data` folder beside the
program, so the whole thing runs from a USB stick. ZHUQI_HOME (all data) and
ZHUQI_DB (the database) override both, so tests never touch a real profile.
Shipped resources (fonts, icons, translations, migrations) are found beside the
code in a source checkout and inside the bundle in a frozen build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "zhuqi"
APP_AUTHOR = "zhuqi"
DB_FILENAME = "zhuqi.sqlite"
#: A file with one of these names beside the executable turns on portable mode.
PORTABLE_MARKERS = ("portable", "portable.txt")


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def install_dir() -> Path:
    """The folder holding the program: the executable's folder when frozen, else the checkout."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_data_dir() -> Path | None:
    """The `data` folder beside the program when a portable marker file is there."""
    if not is_frozen():
        return None
    base = install_dir()
    if any((base / marker).is_file() for marker in PORTABLE_MARKERS):
        return base / "data"
    return None


def data_dir() -> Path:
    home = os.environ.get("ZHUQI_HOME")
    if home:
        return Path(home).expanduser()
    portable = portable_data_dir()
    if portable is not None:
        return portable
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_database() -> str:
    """The database to open when none is given: ZHUQI_DB, else the data folder's file."""
    return os.environ.get("ZHUQI_DB") or str(data_dir() / DB_FILENAME)


def resources_dir() -> Path:
    """Shipped fonts, icons, translations and templates."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base / "resources"
