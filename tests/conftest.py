"""Shared fixtures: every test gets its own real SQLite file and a data folder
under tmp_path, so no test touches a real profile."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.services import Services
from db.database import Database, open_database

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHUQI_HOME", str(tmp_path / "profile"))
    monkeypatch.delenv("ZHUQI_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "zhuqi.sqlite"


@pytest.fixture
def database(db_path: Path) -> Database:
    db = open_database(db_path)
    yield db
    db.close()


@pytest.fixture
def services(database: Database) -> Services:
    services = Services(database, FixedClock(TODAY))
    # Imports, undos and workflow steps record who acted, and are refused without anyone named.
    services.profile.set("测试员", "营商办")
    return services
