"""Records as plain dicts, read in bulk with Core statements (one query per
chunk of IDs, not one per row): the form both the export and the merge use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from app.exchange.schema import SheetSpec

CHUNK = 500


def chunks(ids: Collection[str], size: int = CHUNK) -> Iterator[list[str]]:
    items = list(ids)
    for i in range(0, len(items), size):
        yield items[i:i + size]


def child_lists(session: Session, spec: SheetSpec, ids: Collection[str] | None = None) -> dict[str, list[str]]:
    """Parent id → sorted list values (tags of enterprises, cadres of visits)."""
    out: dict[str, list[str]] = defaultdict(list)
    if spec.child is None:
        return out
    table = spec.child.table
    parent, value = table.c[spec.child.parent_column], table.c[spec.child.value_column]
    if ids is None:
        for p, v in session.execute(select(parent, value).order_by(parent, value)):
            out[p].append(v)
    else:
        for part in chunks(ids):
            for p, v in session.execute(select(parent, value).where(parent.in_(part)).order_by(parent, value)):
                out[p].append(v)
    return out


def iter_records(session: Session, spec: SheetSpec, condition: ColumnElement[bool] | None = None,
                 ids: Collection[str] | None = None,
                 columns: Collection[str] | None = None, yield_per: int | None = None) -> Iterator[dict[str, Any]]:
    """Every record of the sheet's table (tombstones included), as dicts with the child list;
    only `columns` (and the ID) when given. `yield_per`: the rows are fetched that many at a time
    (a server-side cursor on PostgreSQL, whose driver otherwise holds a whole table's result)."""
    table = spec.table
    children = child_lists(session, spec, ids) if spec.child else {}
    wanted = table.c if columns is None else [c for c in table.c if c.name in columns or c.name == "id"]
    q = select(*wanted).order_by(table.c.created_at, table.c.id)
    if condition is not None:
        q = q.where(condition)
    if yield_per:
        q = q.execution_options(yield_per=yield_per)
    if ids is None:
        parts: Iterator[list[str] | None] = iter([None])
    else:
        parts = chunks(ids)
    child = spec.child.field if spec.child is not None else None
    for part in parts:
        stmt = q if part is None else q.where(table.c.id.in_(part))
        result = session.execute(stmt)
        keys = tuple(result.keys())
        for row in result:
            record = dict(zip(keys, row))
            if child is not None:
                record[child] = children.get(record["id"], [])
            yield record


def fetch(session: Session, spec: SheetSpec, ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """The records with these IDs that exist here (tombstones included)."""
    return {r["id"]: r for r in iter_records(session, spec, ids=ids)}
