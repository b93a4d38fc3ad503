"""The one place for SQL that differs between databases. Everything else in the
code is portable SQLAlchemy; SQLite-only details live here and in engine.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Float, Insert, Table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FunctionElement


class days_between(FunctionElement[float]):
    """Days from the first date to the second (both DATE columns)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"


def days(start: ColumnElement[Any], end: ColumnElement[Any]) -> days_between:
    return days_between(start, end)


def upsert(dialect_name: str, table: Table, keys: Sequence[str], update: Sequence[str] | None = None) -> Insert:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET the `update` columns (all others by default);
    with `update=()` DO NOTHING. Execute it with a list of rows: one statement per batch."""
    from sqlalchemy.dialects import postgresql, sqlite

    module = postgresql if dialect_name == "postgresql" else sqlite
    stmt = module.insert(table)
    columns = [c.name for c in table.columns if c.name not in keys] if update is None else list(update)
    if not columns:
        return stmt.on_conflict_do_nothing(index_elements=list(keys))  # type: ignore[no-any-return]
    return stmt.on_conflict_do_update(  # type: ignore[no-any-return]
        index_elements=list(keys), set_={c: getattr(stmt.excluded, c) for c in columns}
    )
