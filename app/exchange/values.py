"""Values between the database and the workbook: how each column is written,
and the canonical form a record's content hash is computed from, so that a
record read back from a workbook hashes exactly as it does in the database."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from app.exchange.schema import LIST_SEPARATOR, NO, YES, K, SheetSpec

#: Workbooks show wall-clock times in China Standard Time; the database keeps UTC.
WORKBOOK_TZ = timezone(timedelta(hours=8), "北京时间")


def utc_seconds(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(microsecond=0)


def canonical(kind: K, value: Any) -> str:
    """One field's value as the content hash sees it."""
    return _CANONICAL.get(kind, _text)(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _bool(value: Any) -> str:
    return "" if value is None else "1" if value else "0"


def _date(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return utc_seconds(value).isoformat()
    return str(value.isoformat())


def _list(value: Any) -> str:
    # Lists are sets to a reader: the order of tags or units is not a change.
    return "\x1f".join(sorted(str(v) for v in value)) if value else ""


_CANONICAL = {K.BOOL: _bool, K.DATE: _date, K.DATETIME: _date, K.LIST: _list, K.REFS: _list}
_DATETIME_FIELDS = frozenset({"deleted_at"})
_HASHERS: dict[str, list[tuple[str, Any]]] = {}


def content_hash(spec: SheetSpec, record: dict[str, Any]) -> str:
    """A digest of the record's content: every content column, not IDs or sync data."""
    columns = _HASHERS.get(spec.key)
    if columns is None:
        columns = _HASHERS[spec.key] = [
            (c.field, _date if c.field in _DATETIME_FIELDS else _CANONICAL.get(c.kind, _text))
            for c in spec.content_columns
        ]
    text = "\x1e".join(fn(record.get(name)) for name, fn in columns)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def to_cell(kind: K, value: Any) -> Any:
    """A database value as the workbook cell shows it."""
    if value is None:
        return None
    if kind is K.BOOL:
        return YES if value else NO
    if isinstance(value, datetime):
        return value.astimezone(WORKBOOK_TZ).replace(tzinfo=None, microsecond=0)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value



def to_json(record: dict[str, Any]) -> dict[str, Any]:
    """A record as JSON-safe values (for the undo log and waiting conflicts)."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, datetime):
            out[key] = value.astimezone(UTC).isoformat()
        elif isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, tuple):
            out[key] = list(value)
        else:
            out[key] = value
    return out


def from_json(spec: SheetSpec, data: dict[str, Any]) -> dict[str, Any]:
    """The inverse of to_json, typed by the sheet's table columns."""
    from sqlalchemy import Date

    from db.types import UTCDateTime

    columns = spec.table.c
    out: dict[str, Any] = {}
    for key, value in data.items():
        column = columns.get(key)
        if value is not None and column is not None:
            if isinstance(column.type, UTCDateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                value = date.fromisoformat(value)
        out[key] = value
    return out
