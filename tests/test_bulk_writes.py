"""The bulk writer (db.dialect.execute_many, used by the merge) stores exactly
the text SQLAlchemy's own path stores: dates, UTC times from any zone, times
with and without microseconds, a datetime in a date column, NULLs, JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import JSON, Column, Date, Integer, MetaData, String, Table, insert, text

from db import dialect
from db.database import open_database
from db.types import UTCDateTime

_CST = timezone(timedelta(hours=8))
ROWS = [
    {"id": 1, "d": date(2026, 1, 2), "t": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "j": {"状态": [None, "办理中"]},
     "s": "甲"},
    {"id": 2, "d": date(999, 12, 31), "t": datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC), "j": [], "s": ""},
    {"id": 3, "d": datetime(2026, 5, 6, 7, 8, 9), "t": datetime(2026, 1, 2, 3, 4, 5, tzinfo=_CST), "j": None,
     "s": None},
    {"id": 4, "d": None, "t": None, "j": {"n": 1}, "s": "乙"},
]


def test_bulk_rows_are_stored_as_the_orm_stores_them(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bulk.sqlite")
    tables = []
    for name in ("by_sqlalchemy", "by_bulk_writer"):
        t = Table(name, MetaData(), Column("id", Integer, primary_key=True), Column("d", Date),
                  Column("t", UTCDateTime), Column("j", JSON), Column("s", String(10)))
        t.create(db.engine)
        tables.append(t)
    with db.session() as s:
        s.execute(insert(tables[0]), ROWS)
        dialect.execute_many(s, insert(tables[1]), [dict(r) for r in ROWS])
    with db.engine.connect() as c:
        stored = [c.execute(text(f"SELECT id, d, t, j, s FROM {t.name} ORDER BY id")).all() for t in tables]
    assert stored[0] == stored[1]
    assert stored[1][1][1:3] == ("0999-12-31", "2026-01-02 03:04:05.123456")
    assert stored[1][2][1:3] == ("2026-05-06", "2026-01-01 19:04:05.000000")  # the date of a datetime; UTC
    db.close()


def test_a_naive_time_is_refused_by_the_bulk_writer_too(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bulk.sqlite")
    t = Table("times", MetaData(), Column("id", Integer, primary_key=True), Column("t", UTCDateTime))
    t.create(db.engine)
    with pytest.raises(ValueError, match="naive"), db.session() as s:
        dialect.execute_many(s, insert(t), [{"id": 1, "t": datetime(2026, 1, 2, 3, 4, 5)}])
    db.close()


def test_columns_a_row_leaves_out_get_their_defaults_as_with_the_orm(tmp_path: Path) -> None:
    """A row without a column gets the column's default (a flag's False, a callable's value), not NULL."""
    from sqlalchemy import Boolean

    db = open_database(tmp_path / "bulk.sqlite")
    t = Table("defaults", MetaData(), Column("id", Integer, primary_key=True),
              Column("flag", Boolean, nullable=False, default=False), Column("j", JSON, default=dict),
              Column("s", String(10)))
    t.create(db.engine)
    with db.session() as s:
        dialect.execute_many(s, insert(t), [{"id": 1, "s": "甲"}, {"id": 2, "s": "乙", "flag": True}])
    with db.engine.connect() as c:
        assert c.execute(text("SELECT id, flag, j, s FROM defaults ORDER BY id")).all() == [
            (1, 0, "{}", "甲"), (2, 1, "{}", "乙")]
    db.close()
