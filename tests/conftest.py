"""Shared fixtures: every test gets its own real database and a data folder under
tmp_path, so no test touches a real profile.

The database is a SQLite file; a module marked `backends` runs each of its tests that use
the `database` fixture (or `services`, or `make_database`) once on SQLite and once on
PostgreSQL: a throw-away cluster started for the run (tests/pgserver.py), a fresh database
per test. `--backends sqlite` runs SQLite only; when no server can be started the run says
why in its header and summary and runs SQLite only."""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from app.clock import FixedClock
from app.services import Services
from db.database import Database, open_database
from tests import pgserver

TODAY = date(2026, 6, 15)

# Property tests draw the same examples on every run, so CI does not turn red on the day a new
# example is drawn; `--hypothesis-profile explore` draws new ones, as a fuzzing session should.
hypothesis_settings.register_profile("repeatable", derandomize=True)
hypothesis_settings.register_profile("explore", derandomize=False)
hypothesis_settings.load_profile("repeatable")

_SERVER: dict[str, object] = {}
_NAMES = itertools.count(1)
TEMPLATE = "zhuqi_template"
#: The `make_database` fixture: opens another new database (installation) of the test's backend.
MakeDatabase = Callable[[str], Database]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backends", default="auto", choices=("auto", "sqlite", "postgresql"),
                     help="databases for tests marked `backends`: auto (SQLite, and PostgreSQL when a server "
                          "can be started), sqlite, or postgresql (fail when no server starts)")


def pytest_configure(config: pytest.Config) -> None:
    choice = config.getoption("--backends")
    _SERVER["backends"] = ["sqlite"] if choice in ("auto", "sqlite") else []
    if choice == "sqlite":
        _SERVER["reason"] = "--backends sqlite"
        return
    cluster: pgserver.Cluster | None = None
    try:
        cluster = pgserver.Cluster()
        admin_url = cluster.start()
        # One migrated database to copy for each test (CREATE DATABASE … TEMPLATE: a few ms), without
        # an installation ID, so each copy gets its own when opened.
        pgserver.admin(admin_url, f"CREATE DATABASE {TEMPLATE}")
        template = open_database(cluster.url(TEMPLATE))
        with template.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM app_meta")
        template.close()
    except (pgserver.ServerUnavailable, OSError, ImportError, subprocess.SubprocessError) as exc:
        if cluster is not None:
            cluster.stop()
        if choice == "postgresql":
            raise pytest.UsageError(f"PostgreSQL: {exc}") from exc
        _SERVER["reason"] = str(exc)
        return
    _SERVER.update(cluster=cluster, admin=admin_url)
    _SERVER["backends"] = [*_SERVER["backends"], "postgresql"]  # type: ignore[misc]


def pytest_unconfigure(config: pytest.Config) -> None:
    cluster = _SERVER.pop("cluster", None)
    if isinstance(cluster, pgserver.Cluster):
        cluster.stop()


def pytest_report_header(config: pytest.Config) -> str:
    cluster = _SERVER.get("cluster")
    if isinstance(cluster, pgserver.Cluster):
        return f"database backends: SQLite and {cluster.version()} at {_SERVER['admin']}"
    return f"database backends: SQLite only — no PostgreSQL server: {_SERVER.get('reason')}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "cluster" not in _SERVER and "reason" in _SERVER:
        terminalreporter.write_line(f"PostgreSQL 未测试（仅 SQLite）：{_SERVER['reason']}", yellow=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backends"):
        metafunc.parametrize("backend", _SERVER["backends"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def make_database(backend: str, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """Opens another new database of the test's backend (another installation), closed at the end."""
    opened: list[Database] = []
    created: list[str] = []

    def make(name: str) -> Database:
        if backend == "sqlite":
            db = open_database(tmp_path / f"{name}.sqlite")
        else:
            cluster = _SERVER["cluster"]
            assert isinstance(cluster, pgserver.Cluster)
            dbname = f"t{next(_NAMES)}_{name}".lower()
            pgserver.admin(str(_SERVER["admin"]), f"CREATE DATABASE {dbname} TEMPLATE {TEMPLATE}")
            created.append(dbname)
            db = open_database(cluster.url(dbname))
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()
    if created:
        pgserver.admin(str(_SERVER["admin"]), *(f"DROP DATABASE IF EXISTS {n} WITH (FORCE)" for n in created))


def database_url(database: Database) -> str:
    """What `--db` takes for this database (a file path or a server URL)."""
    return str(database.path) if database.path is not None else database.engine.url.render_as_string(
        hide_password=False)


@pytest.fixture(autouse=True)
def _isolated_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHUQI_HOME", str(tmp_path / "profile"))
    monkeypatch.delenv("ZHUQI_DB", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "zhuqi.sqlite"


@pytest.fixture
def database(backend: str, db_path: Path, make_database: Callable[[str], Database]) -> Iterator[Database]:
    if backend == "sqlite":
        db = open_database(db_path)
        yield db
        db.close()
    else:
        yield make_database("main")


@pytest.fixture
def services(database: Database) -> Services:
    services = Services(database, FixedClock(TODAY))
    # Imports, undos and workflow steps record who acted, and are refused without anyone named.
    services.profile.set("测试员", "营商办")
    return services
