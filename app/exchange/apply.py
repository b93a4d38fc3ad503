"""Writing one record's whole state (row and child list) with Core statements,
with its History row: used when a person settles a conflict."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.exchange.schema import SheetSpec
from db import audit, dialect
from db.exchange_models import table_of
from db.models import History


def plain(spec: SheetSpec, record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    out = {c.name: record.get(c.name) for c in spec.table.columns}
    if spec.child is not None:
        out[spec.child.field] = sorted(record.get(spec.child.field) or [])
    return out


def write_record(s: Session, spec: SheetSpec, current: dict[str, Any] | None, new: dict[str, Any], *,
                 now: datetime, actor: str, via: str, installation: str, always: bool = False) -> None:
    """Replace the record's row and child list by `new`, with a History row of the difference."""
    table = spec.table
    row = {c.name: new.get(c.name) for c in table.columns}
    s.execute(dialect.upsert(s.get_bind().dialect.name, table, ["id"]), [row])
    if spec.child is not None:
        ct, child = spec.child.table, spec.child
        s.execute(delete(ct).where(ct.c[child.parent_column] == new["id"]))
        values = new.get(child.field) or []
        if values:
            s.execute(ct.insert(), [{child.parent_column: new["id"], child.value_column: v} for v in values])
    history(s, spec, current, new, now=now, actor=actor, via=via, installation=installation, always=always)


def history(s: Session, spec: SheetSpec, current: dict[str, Any] | None, new: dict[str, Any], *, now: datetime,
            actor: str, via: str, installation: str, always: bool = False) -> None:
    before, after = plain(spec, current), plain(spec, new)
    assert after is not None
    changes = audit.diff(before, after)
    if not changes and not always:
        return
    s.execute(table_of(History).insert(), [{
        "id": str(uuid.uuid4()), "record_id": new["id"], "record_type": spec.table.name,
        "operation": audit.operation_for(before, changes), "changed_at": now, "installation_id": installation,
        "actor": actor, "via": via, "changes": changes,
    }])
