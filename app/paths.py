"""Where data lives: the platform's user data folder, overridable by ZHUQI_HOME
(all data) or ZHUQI_DB (the database), so tests never touch a real profile."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "zhuqi"
APP_AUTHOR = "zhuqi"
DB_FILENAME = "zhuqi.sqlite"


def data_dir() -> Path:
    home = os.environ.get("ZHUQI_HOME")
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_database() -> str:
    """The database to open when none is given: ZHUQI_DB, else the data folder's file."""
    return os.environ.get("ZHUQI_DB") or str(data_dir() / DB_FILENAME)
