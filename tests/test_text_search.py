"""Text search of problems through the trigram index (db.dialect): the same problems as LIKE
over every row, for one character, two, and more; the index follows every write."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from app.services import Services
from app.services.problems import ProblemFilter, ProblemInput
from db import dialect
from db.database import Database
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
    monkeypatch.setattr(dialect, "text_candidates", lambda _s, _q: None)
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
