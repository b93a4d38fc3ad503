"""The database file: pragmas, migrations from the first schema, refusal of bad files."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine

from app.errors import DatabaseError
from db import dialect
from db.base import Base
from db.database import Database, alembic_config, head_revision, open_database


def test_sqlite_pragmas(database) -> None:  # type: ignore[no-untyped-def]
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.backends
def test_migrated_schema_equals_models(database) -> None:  # type: ignore[no-untyped-def]
    with database.engine.connect() as conn:
        # The text indexes are made by SQL (db.dialect), not by the models.
        context = MigrationContext.configure(conn, opts={"include_name": lambda name, kind, _p: (
            dialect.in_models(name, kind))})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


@contextmanager
def database_at(path: Path, revision: str) -> Iterator[Connection]:
    """A database file at an older schema revision, to write old data into (committed on leaving)."""
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            yield conn
    finally:
        engine.dispose()


def test_upgrade_from_first_migration_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    with database_at(path, "0001") as conn:
        conn.exec_driver_sql(
            "INSERT INTO enterprises (id, created_at, updated_at, changed_by, revision, name, name_key,"
            " credit_code_override, region_name, address, industry_text, above_scale, legal_representative,"
            " contact_person, contact_phone, industrial_chain, notes) VALUES ('e1', '2025-01-01 00:00:00',"
            " '2025-01-01 00:00:00', 'old', 3, '老企业有限公司', '老企业有限公司', 0, '城关镇', '', '', 0, '', '',"
            " '', '', '')"
        )
    db = open_database(path)
    from app.services import Services

    e = Services(db).enterprises.get("e1")
    assert (e.name, e.revision, e.region_name) == ("老企业有限公司", 3, "城关镇")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    db.close()


def test_an_up_to_date_database_opens_without_alembic(tmp_path: Path) -> None:
    """The head read from the migration files' lines is alembic's own, and a database at it is opened
    without importing alembic (one behind is upgraded: see the test above)."""
    import subprocess
    import sys

    from db.database import quick_head

    assert quick_head() == head_revision()
    path = tmp_path / "office.sqlite"
    open_database(path).close()
    code = ("import sys; from db.database import open_database; open_database(sys.argv[1]).close(); "
            "print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip() == "False"


def test_database_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(path)
    assert path.read_bytes() == before


def test_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="不是 SQLite"):
        open_database(path)
    assert path.read_bytes() == before


def test_installation_id_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "z.sqlite"
    first = open_database(path)
    second = open_database(path)
    assert first.installation_id == second.installation_id and len(first.installation_id) == 36
    first.close()
    second.close()


def test_records_are_stamped(services) -> None:  # type: ignore[no-untyped-def]
    from app.services.enterprises import EnterpriseInput

    e = services.enterprises.create(EnterpriseInput(name="甲公司"))
    assert e.revision == 1 and e.updated_at.tzinfo is not None
    e2 = services.enterprises.update(e.id, EnterpriseInput(name="甲公司", address="人民路 1 号"))
    assert e2.revision == 2 and e2.updated_at >= e.updated_at
    with services.db.session() as s:
        from db.models import Enterprise

        assert s.get(Enterprise, e.id).changed_by == services.db.installation_id  # type: ignore[union-attr]


def test_upgrade_counts_the_records_of_finished_import_batches(tmp_path: Path) -> None:
    """0006 counts each finished batch's records once: a record two files changed counts once, a
    record whose bases only moved not at all; a batch cut short is counted when listed."""
    path = tmp_path / "old.sqlite"
    with database_at(path, "0005") as conn:
        for batch, finished in (("b1", "'2026-11-01 08:00:00'"), ("b2", "NULL")):
            conn.exec_driver_sql(f"INSERT INTO exchange_batches (id, started_at, finished_at, actor, files) VALUES "
                                 f"('{batch}', '2026-11-01 07:00:00', {finished}, '王芳', '[]')")
        for batch, record, operation in (("b1", "p1", "新增"), ("b1", "p1", "修改"), ("b1", "p2", "修改"),
                                         ("b1", "p3", "基线"), ("b2", "p4", "新增")):
            conn.exec_driver_sql(
                "INSERT INTO exchange_changes (batch_id, record_type, record_id, operation, after_hash,"
                f" source_installation, added_versions) VALUES ('{batch}', 'problems', '{record}', '{operation}',"
                " 'h', 'i', '[]')")
    db = open_database(path)
    with db.engine.connect() as conn:
        assert dict(conn.exec_driver_sql("SELECT id, records FROM exchange_batches").all()) == {"b1": 2, "b2": None}
    from app.exchange.batches import list_batches

    assert {b.id: b.changes for b in list_batches(db)} == {"b1": 2, "b2": 1}
    db.close()


@pytest.mark.backends
def test_a_filled_database_of_the_last_release_upgrades_with_every_row(
        make_database: Callable[[str], Database], backend: str) -> None:
    """A user's database full of records that refer to each other (problems, their timelines,
    visits …) upgrades when a migration copies a referenced table in batch mode (27b adds a key
    to problems): with SQLite's foreign keys on, dropping the old table failed and the program
    refused the file as damaged. On a server the same upgrade must keep every row too."""
    from datetime import date

    from app.services.demo import generate
    from app.services.integrity import check_database
    from tests.conftest import database_url

    db = make_database("user")
    generate(db, scale=0.1, seed=3, today=date(2026, 6, 15))
    url = database_url(db)
    db.close()
    engine = create_engine(url if backend != "sqlite" else f"sqlite:///{url}")
    tables = ("enterprises", "problems", "progress_entries", "visits")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "27a_policies")  # where the last release left a user's database
            before = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in tables}
    finally:
        engine.dispose()
    assert before["problems"] and before["progress_entries"]
    db = open_database(url if backend != "sqlite" else Path(url))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
        assert {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t in tables} == before
        if backend == "sqlite":
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()
    if backend == "sqlite":
        assert check_database(Path(url)).ok


@pytest.mark.backends
def test_a_server_session_runs_without_jit(database: Database, backend: str) -> None:
    """PostgreSQL's JIT compiled each ledger and search statement at a million problems for 200 ms
    and more, more than it saved: the program's sessions turn it off."""
    if backend != "postgresql":
        return
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW jit").scalar() == "off"
