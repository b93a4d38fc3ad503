"""Text search of problems through the trigram index (db.dialect): the same problems as LIKE
over every row, for one character, two, and more; the index follows every write."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import make_url, select, text

from app.clock import FixedClock
from app.services import Services
from app.services.problems import ProblemFilter, ProblemInput, _text_conditions
from db import dialect
from db.database import Database, open_database
from db.models import Problem
from tests import pgserver
from tests.conftest import TODAY, MakeDatabase, database_url
from tests.factories import acting, assign, enterprise

TEXTS = [
    ("流动资金紧张，原有贷款即将到期，续贷困难", "协调续贷"),
    ("厂区道路 ERP 系统升级", "申请技改补贴 100% 到位"),
    ("用工难", "招聘erp_专员"),
    ("续", ""),
    ("电力增容", "尽快办理续"),
]
QUERIES = ["续贷", "续", "贷款即将到期", "erp", "ERP", "Erp_", "100%", "%", "_", "难", "用工难", "恒达", "铝业有限",
           "金融", "工作局", "不存在的文字", "续贷困难x", "e", "r专"]


def _oracle(services: Services, query: str) -> set[str]:
    """Problems whose text contains the query, ASCII case folded as SQLite's LIKE."""
    def has(value: str | None) -> bool:
        return value is not None and query.lower() in value.lower() if query.isascii() else \
            value is not None and query in value
    out = set()
    for p in services.problems.search(ProblemFilter(), limit=1000).rows:
        if any(has(v) for v in (p.description, p.demand, p.resolution, p.lead_unit, p.enterprise_name)):
            out.add(p.id)
    return out


def _found(services: Services, query: str) -> tuple[set[str], int | None]:
    page = services.problems.search(ProblemFilter(text=query), limit=1000)
    return {p.id for p in page.rows}, page.total


@pytest.fixture
def searchable(services: Services) -> Services:
    acting(services)
    ents = [enterprise(services), enterprise(services, "河阳县宏图电子有限公司", code="91440300708461136T")]
    for i, (description, demand) in enumerate(TEXTS * 2):
        pid = services.problems.create(ProblemInput(enterprise_id=ents[i % 2], category="融资",
                                                    description=description, demand=demand,
                                                    received_date=date(2026, 6, 1))).id
        if i % 3 == 0:
            assign(services, pid, on=date(2026, 6, 2))
    return services


def test_the_index_finds_what_like_finds(searchable: Services, database: Database) -> None:
    with database.reading() as s:
        assert s.execute(text(f"SELECT count(*) FROM {dialect.TEXT_INDEX}")).scalar() == len(TEXTS) * 2
    for query in QUERIES:
        expected = _oracle(searchable, query)
        found, total = _found(searchable, query)
        assert (found, total) == (expected, len(expected)), query


def test_without_the_index_the_results_are_the_same(searchable: Services,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with_index = {q: _found(searchable, q) for q in QUERIES}
    monkeypatch.setattr(dialect, "text_candidates", lambda _s, _q, _p: None)
    assert {q: _found(searchable, q) for q in QUERIES} == with_index


def test_the_index_follows_writes(searchable: Services, database: Database) -> None:
    services = searchable
    pid = services.problems.search(ProblemFilter(text="用工难")).rows[0].id
    assert pid not in _found(services, "工商联")[0]
    assign(services, pid, unit="工商联", on=date(2026, 6, 10))  # lead_unit written
    assert pid in _found(services, "工商联")[0]
    view = services.problems.get(pid)
    services.problems.update_details(pid, ProblemInput(
        enterprise_id=view.enterprise_id, category=view.category, description="厂房漏雨", demand="",
        received_date=view.received_date), expected_revision=view.revision)
    assert pid in _found(services, "漏雨")[0]
    assert pid not in _found(services, "用工难")[0]
    with database.session() as s:
        before = s.execute(text(f"SELECT count(*) FROM {dialect.TEXT_INDEX}")).scalar()
        s.execute(text("DELETE FROM progress_entries WHERE problem_id = :id"), {"id": pid})
        s.execute(text("DELETE FROM problems WHERE id = :id"), {"id": pid})
        assert s.execute(text(f"SELECT count(*) FROM {dialect.TEXT_INDEX}")).scalar() == before - 1


def test_a_table_rebuilt_by_a_migration_gets_its_index_again(searchable: Services, database: Database) -> None:
    """SQLite's copy-and-move of the problems table drops the triggers: after migrations the
    index is filled again and kept again."""
    with database.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER problem_text_insert")
        conn.exec_driver_sql(f"DELETE FROM {dialect.TEXT_INDEX}")
        dialect.repair_text_index(conn)
    for query in QUERIES:
        assert _found(searchable, query)[0] == _oracle(searchable, query), query
    pid = searchable.problems.create(ProblemInput(
        enterprise_id=searchable.problems.search(ProblemFilter()).rows[0].enterprise_id, category="融资",
        description="新的诉求：物流通道", received_date=date(2026, 6, 3))).id
    assert _found(searchable, "物流通道")[0] == {pid}


def _index_intact(database: Database) -> None:
    """FTS5's own check of the index against its content, the insert trigger in place, one entry a problem."""
    with database.engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO {dialect.TEXT_INDEX} ({dialect.TEXT_INDEX}) VALUES ('integrity-check')")
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name = 'problem_text_insert'").scalar() == 1
        assert conn.exec_driver_sql(f"SELECT count(*) FROM {dialect.TEXT_INDEX}").scalar() == \
            conn.exec_driver_sql("SELECT count(*) FROM problems").scalar()


def test_problems_merged_from_a_workbook_are_found(searchable: Services, tmp_path: Path,
                                                  make_database: MakeDatabase) -> None:
    """The merge writes the index entries of the problems it creates in one statement (not by the
    trigger): the office finds them as the sender does, and its index stays whole and kept."""
    ent = searchable.problems.search(ProblemFilter()).rows[0].enterprise_id
    for i in range(30):  # enough for the bulk path (dialect._BULK_TEXT_ROWS)
        searchable.problems.create(ProblemInput(enterprise_id=ent, category="融资",
                                                description=f"第{i}号诉求：物流通道", received_date=date(2026, 6, 3)))
    path = tmp_path / "台账.xlsx"
    searchable.exchange.export(path)
    office = acting(Services(make_database("office"), FixedClock(TODAY)))
    assert office.exchange.import_paths([path]).all_read
    _index_intact(office.db)
    for query in [*QUERIES, "物流通道", "第7号诉求"]:
        assert _found(office, query) == _found(searchable, query), query
    pid = office.problems.create(ProblemInput(enterprise_id=ent, category="融资", description="厂房漏雨严重",
                                              received_date=date(2026, 6, 4))).id
    assert _found(office, "厂房漏雨")[0] == {pid}  # the trigger keeps the index again


def test_a_merge_that_fails_leaves_the_index_and_its_trigger(searchable: Services, tmp_path: Path,
                                                             make_database: MakeDatabase,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that fails after its problems were written goes back whole: the trigger dropped for
    its insert is there again, and the index holds no entry of it."""
    from app.exchange import merge

    ent = searchable.problems.search(ProblemFilter()).rows[0].enterprise_id
    for i in range(30):
        searchable.problems.create(ProblemInput(enterprise_id=ent, category="融资",
                                                description=f"第{i}号诉求：物流通道", received_date=date(2026, 6, 3)))
    path = tmp_path / "台账.xlsx"
    searchable.exchange.export(path)
    office = acting(Services(make_database("office"), FixedClock(TODAY)))

    def broken(*_args: object) -> None:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(merge, "write_rows", broken)
    with pytest.raises(Exception, match="磁盘已满"):
        office.exchange.import_paths([path])
    monkeypatch.undo()
    _index_intact(office.db)
    assert _found(office, "物流通道") == (set(), 0)
    assert office.exchange.import_paths([path]).all_read
    _index_intact(office.db)
    assert _found(office, "物流通道") == _found(searchable, "物流通道")


# ---- on both databases: PostgreSQL searches through pg_trgm's indexes (migration 26b) -----------

def _trigram_indexes(database: Database) -> set[str]:
    with database.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
                    if "trgm" in r[0]}
        return {r[0] for r in conn.exec_driver_sql(
            "SELECT indexname FROM pg_indexes WHERE strpos(indexname, 'trgm') > 0")}


@pytest.mark.backends
def test_every_database_finds_what_contains_the_text(searchable: Services, database: Database, backend: str) -> None:
    """The same problems on both databases: ASCII letters in either case (PostgreSQL's ILIKE where
    the query has letters, as SQLite's LIKE folds them), wildcards taken literally."""
    expected = {n for n, _t, _c in dialect.TRIGRAM_INDEXES} if backend == "postgresql" else set()
    assert _trigram_indexes(database) == expected
    for query in QUERIES:
        expected_found = _oracle(searchable, query)
        assert _found(searchable, query) == (expected_found, len(expected_found)), query


@pytest.mark.backends
def test_a_search_of_three_characters_takes_the_trigram_indexes(searchable: Services, database: Database,
                                                               backend: str) -> None:
    with database.reading() as s:
        candidates = dialect.text_candidates(s, "贷款即将到期", "%贷款即将到期%")
        if backend == "sqlite":  # SQLite asks its own index (above)
            assert candidates is not None and "MATCH" in str(candidates)
            return
        # The server's LIKE conditions go to the indexes themselves, one condition on the problems
        # (the enterprises whose name matches as an array), so that they can be OR-ed as bitmaps.
        assert candidates is None
        stmt = select(Problem.id).where(*_text_conditions(s, "贷款即将到期"))
        # Few rows here: without seq scans the planner shows which index it can take.
        s.execute(text("SET LOCAL enable_seqscan = off"))
        sql = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(s.execute(text(f"EXPLAIN {sql}")).scalars())
    assert "BitmapOr" in plan, plan
    assert "ix_enterprises_trgm_name" in plan, plan
    assert "ix_problems_trgm_description" in plan, plan
    assert "ix_problems_trgm_demand" in plan, plan


@pytest.mark.backends
def test_without_the_trigram_indexes_a_server_searches_as_before(searchable: Services, database: Database,
                                                                backend: str) -> None:
    """Dropped (the migration's downgrade), or never made: the same problems, found by LIKE alone."""
    with_indexes = {q: _found(searchable, q) for q in QUERIES}
    with database.engine.begin() as conn:
        dialect.drop_trigram_indexes(conn)
    dialect.forget_text_indexes()
    try:
        assert _trigram_indexes(database) == set()
        assert {q: _found(searchable, q) for q in QUERIES} == with_indexes
    finally:
        dialect.forget_text_indexes()


@pytest.mark.backends
def test_a_server_user_who_may_not_create_the_extension_still_gets_a_database(database: Database,
                                                                             backend: str) -> None:
    """pg_trgm needs the right to create in the database: without it the migration makes no trigram
    index, says nothing, and the program works with LIKE alone."""
    if backend != "postgresql":
        assert dialect.create_trigram_indexes(database.engine.connect()) is False
        return
    admin = database_url(database)
    tag = uuid.uuid4().hex[:8]
    name, role = f"plain_{tag}", f"desk_{tag}"
    pgserver.admin(admin, f"CREATE ROLE {role} LOGIN", f"CREATE DATABASE {name}",
                   f"REVOKE CREATE ON DATABASE {name} FROM PUBLIC")
    url = make_url(admin)
    plain = None
    try:
        pgserver.admin(url.set(database=name).render_as_string(hide_password=False),
                       f"GRANT CREATE ON SCHEMA public TO {role}")
        plain = open_database(url.set(database=name, username=role).render_as_string(hide_password=False))
        assert _trigram_indexes(plain) == set()
        services = acting(Services(plain, FixedClock(TODAY)))
        eid = enterprise(services)
        pid = services.problems.create(ProblemInput(enterprise_id=eid, category="融资", description="贷款即将到期",
                                                    received_date=date(2026, 6, 1))).id
        assert _found(services, "贷款即将到期") == ({pid}, 1)
        assert _found(services, "恒达铝业") == ({pid}, 1)
    finally:
        if plain is not None:
            plain.close()
        dialect.forget_text_indexes()
        pgserver.admin(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"DROP ROLE IF EXISTS {role}")
