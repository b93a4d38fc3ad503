"""Moving a whole database to another (`zhuqi copy`): a cadre's SQLite file up to the office
server, or a server database down to a file. Every table, with all history, the installation's
identity, import batches and conflicts: the copy is the same installation on another database.

The target must hold no records yet (a new database; the code lists its migrations seed are
replaced by the source's). The copy is one transaction on the target: it is there entirely
or not at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Table, func, select

from db import dialect
from db.base import Base
from db.database import Database
from db.engine import WRITE_OPTION
from db.errors import UserError

#: Rows read and written at a time.
CHUNK = 5_000
#: Tables a new database already fills (its migrations' code lists, its own identity):
#: emptied on the target and filled with the source's.
SEEDED = ("app_meta", "code_list")


@dataclass
class CopyResult:
    #: Rows per table, as read from the source and as counted on the target afterwards.
    source: dict[str, int] = field(default_factory=dict)
    target: dict[str, int] = field(default_factory=dict)

    @property
    def equal(self) -> bool:
        return self.source == self.target


def tables() -> list[Table]:
    import db.exchange_models
    import db.models  # noqa: F401

    return list(Base.metadata.sorted_tables)  # parents before the rows that point to them


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as conn:
        return {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in tables()}


def copy_database(source: Database, target: Database,
                  progress: Callable[[str], None] | None = None) -> CopyResult:
    """Copy every row of `source` into the empty `target` (both open and migrated)."""
    result = CopyResult(source=counts(source))
    occupied = {name: n for name, n in counts(target).items() if n and name not in SEEDED}
    if occupied:
        name, n = next(iter(occupied.items()))
        raise UserError(f"目标数据库 {target.path or target.url} 已有数据（{name} 表 {n} 行），"
                        "只能复制到新建的空数据库；未做任何修改")
    writer = target.engine.execution_options(**{WRITE_OPTION: True})
    with target.long_writer(), writer.begin() as out, source.engine.connect() as src:
        for table in reversed(tables()):
            if table.name in SEEDED:
                out.execute(table.delete())
        for table in tables():
            total = result.source[table.name]
            done = 0
            rows = src.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            while chunk := rows.fetchmany(CHUNK):
                out.execute(table.insert(), [dict(r) for r in chunk])
                done += len(chunk)
                if progress is not None:
                    progress(f"复制 {table.name}：{done}/{total}")
            dialect.after_explicit_keys(out, table)
    result.target = counts(target)
    return result
