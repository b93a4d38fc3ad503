"""db.dialect.read_through: a statement reads a table through a named index — SQLite's INDEXED BY,
rendered by a FROM element of our own (SQLAlchemy's SQLite compiler is not patched, so with_hint
still renders nothing there); nothing on PostgreSQL; the index name is part of the statement's
cache key, so two statements differing only in it never share a compiled form."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from app.services import Services
from db import dialect
from db.models import Enterprise, Problem


def _per_day(index: str) -> Any:
    stmt = (select(Problem.received_date, func.count())
            .where(Problem.deleted_at.is_(None),
                   Problem.enterprise_id.in_(select(Enterprise.id).where(Enterprise.deleted_at.is_(None))))
            .group_by(Problem.received_date))
    return dialect.read_through(stmt, Problem, index)


def test_sqlite_reads_through_the_index_and_postgresql_plans_for_itself() -> None:
    lite = str(_per_day("ix_problems_stage_handover").compile(dialect=sqlite.dialect()))
    assert "FROM problems INDEXED BY ix_problems_stage_handover \nWHERE" in lite
    assert "FROM enterprises \nWHERE" in lite  # the subquery's table untouched
    pg = str(_per_day("ix_problems_stage_handover").compile(dialect=postgresql.dialect()))
    assert "INDEXED" not in pg and "FROM problems \nWHERE" in pg
    # SQLAlchemy's own table hints stay as SQLAlchemy renders them on SQLite: not at all.
    hinted = select(Problem.id).with_hint(Problem, "INDEXED BY ix_problems_stage_handover", "sqlite")
    assert "INDEXED" not in str(hinted.compile(dialect=sqlite.dialect()))


def test_the_index_named_is_the_one_sqlite_reads(services: Services) -> None:
    if services.db.engine.dialect.name != "sqlite":
        pytest.skip("INDEXED BY is SQLite's")
    with services.db.reading() as s:
        conn = s.connection()
        for index in ("ix_problems_stage_handover", "ix_problems_stage_feedback"):
            sql = str(_per_day(index).compile(dialect=conn.dialect))
            plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert f"INDEX {index}" in plan, plan
            assert conn.execute(_per_day(index)).all() == []
        # Compiled once each (the index is in the cache key): a wrong name reaches SQLite and is refused.
        with pytest.raises(OperationalError, match="no such index"):
            conn.execute(_per_day("ix_no_such_index"))
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_a_join_starts_from_the_indexed_table_and_one_made_before_is_refused() -> None:
    stmt = dialect.read_through(select(Problem.id, Enterprise.name), Problem, "ix_problems_stage_handover") \
        .join(Enterprise, Enterprise.id == Problem.enterprise_id)
    assert ("FROM problems INDEXED BY ix_problems_stage_handover JOIN enterprises ON enterprises.id = "
            "problems.enterprise_id") in str(stmt.compile(dialect=sqlite.dialect()))
    joined = select(Problem.id).join(Enterprise, Enterprise.id == Problem.enterprise_id)
    with pytest.raises(ValueError, match="already joined"):
        dialect.read_through(joined, Problem, "ix_problems_stage_handover")
