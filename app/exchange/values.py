"""Values between the database and the workbook: how each column is written,
and the canonical form a record's content hash is computed from, so that a
record read back from a workbook hashes exactly as it does in the database."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
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
_HASHERS: dict[str, Callable[[dict[str, Any]], str]] = {}


def content_hash(spec: SheetSpec, record: dict[str, Any]) -> str:
    """A digest of the record's content: every content column, not IDs or sync data."""
    hasher = _HASHERS.get(spec.key)
    if hasher is None:
        hasher = _HASHERS[spec.key] = _compile_hasher(spec)
    return hasher(record)


def _compile_hasher(spec: SheetSpec) -> Callable[[dict[str, Any]], str]:
    """The sheet's hash function with each column's canonical form written inline.

    A merge hashes every incoming row and an export every record (150,000 each in the office's
    merge): a function call per field was half the cost. The expressions below are exactly
    the _text, _bool, _date and _list forms above, with their common case first."""
    parts = []
    for c in spec.content_columns:
        get = f"g({c.field!r})"
        form = _date if c.field in _DATETIME_FIELDS else _CANONICAL.get(c.kind, _text)
        if form is _text:
            parts.append(f"(v if type(v := {get}) is str else _text(v))")
        elif form is _bool:
            parts.append(f"('' if (v := {get}) is None else '1' if v else '0')")
        elif form is _date:
            parts.append(f"(v.isoformat() if type(v := {get}) is date else _date(v))")
        else:
            parts.append(f"(_list(v) if (v := {get}) else '')")
    source = (
        "def content_hash(record):\n"
        "    g = record.get\n"
        f"    text = '\\x1e'.join(({', '.join(parts)},))\n"
        "    return blake2b(text.encode('utf-8'), digest_size=16).hexdigest()\n"
    )
    scope: dict[str, Any] = {"_text": _text, "_date": _date, "_list": _list, "date": date,
                             "blake2b": hashlib.blake2b}
    exec(compile(source, f"<content_hash {spec.key}>", "exec"), scope)  # noqa: S102 - our own fixed source
    return scope["content_hash"]  # type: ignore[no-any-return]


#: A field's check in 版本指纹: 18 bits of the CRC-32 of its canonical text, as three URL-safe base64
#: characters. A hand edit of a field goes unnoticed by its check once in 262,144 edits; the merge
#: then still sees the row's own history disagree with the value wherever that field was not changed
#: since (app.exchange.versions), so only an edit of a field also changed elsewhere can pass unseen.
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_PAIRS = tuple(a + b for a in _B64 for b in _B64)
_EMPTY_CHECK = "AAA"
_CHECKERS: dict[str, Callable[[dict[str, Any]], str]] = {}


def field_checks(spec: SheetSpec, record: dict[str, Any]) -> str:
    """One check per content column, in the sheet's order: which fields a person edited by hand."""
    checker = _CHECKERS.get(spec.key)
    if checker is None:
        checker = _CHECKERS[spec.key] = _compile_checker(spec)
    return checker(record)


def _check(text: str) -> str:
    if not text:
        return _EMPTY_CHECK
    c = zlib.crc32(text.encode("utf-8"))
    return _PAIRS[c & 4095] + _B64[(c >> 12) & 63]


def _compile_checker(spec: SheetSpec) -> Callable[[dict[str, Any]], str]:
    """Like _compile_hasher: the canonical form of each column inline, one check per column."""
    lines = []
    for i, c in enumerate(spec.content_columns):
        get = f"g({c.field!r})"
        form = _date if c.field in _DATETIME_FIELDS else _CANONICAL.get(c.kind, _text)
        if form is _text:
            text = f"(v if type(v := {get}) is str else _text(v))"
        elif form is _bool:
            text = f"('' if (v := {get}) is None else '1' if v else '0')"
        elif form is _date:
            text = f"(v.isoformat() if type(v := {get}) is date else _date(v))"
        else:
            text = f"(_list(v) if (v := {get}) else '')"
        # _check, written inline: a merge checks every field of every row it reads.
        lines.append(f"    t = {text}\n"
                     f"    c{i} = P[(c := crc(t.encode())) & 4095] + B[(c >> 12) & 63] if t else E\n")
    source = (
        "def field_checks(record):\n"
        "    g = record.get\n"
        + "".join(lines)
        + f"    return {' + '.join(f'c{i}' for i in range(len(lines)))}\n"
    )
    scope: dict[str, Any] = {"_text": _text, "_date": _date, "_list": _list, "date": date, "P": _PAIRS,
                             "B": _B64, "E": _EMPTY_CHECK, "crc": zlib.crc32}
    exec(compile(source, f"<field_checks {spec.key}>", "exec"), scope)  # noqa: S102 - our own fixed source
    return scope["field_checks"]  # type: ignore[no-any-return]


def field_checks_many(spec: SheetSpec, records: list[dict[str, Any]]) -> list[str]:
    """field_checks of each record, the same strings, worked out a column at a time: a reader checks
    every field of every row it reads (a fifth of its parsing, per row through field_checks), and most
    values repeat — empty cells, a status, a date, a problem's ID in each of its entries, across the
    files a reader process reads — so a short value's check is kept (_KEPT) and worked out once."""
    if not records:
        return []
    return field_checks_of_columns(spec, {c.field: [r.get(c.field) for r in records] for c in spec.content_columns},
                                   len(records))


def field_checks_of_columns(spec: SheetSpec, values: dict[str, list[Any]], count: int) -> list[str]:
    """field_checks_many of `count` records given as columns (field → its values; a field absent is
    None in every record), as a reader holds them before it makes each row's dict."""
    if not count:
        return []
    columns = []
    for c in spec.content_columns:
        form = _date if c.field in _DATETIME_FIELDS else _CANONICAL.get(c.kind, _text)
        column = values.get(c.field)
        columns.append(_column_checks(form, column if column is not None else [None] * count))
    return ["".join(parts) for parts in zip(*columns, strict=True)]


#: Per canonical form, values → their check, for the one type whose form depends on the value alone:
#: str (up to _KEPT_LENGTH characters; longer texts seldom repeat) for text, date (not datetime, which
#: never equals a date) for dates, bool for yes/no. No value of another type equals a kept one (a text
#: column's values are str, int or None; 1 == True is why bools are kept only for bool columns).
_KEPT: dict[Callable[[Any], str], tuple[type, dict[Any, str]]] = {_text: (str, {}), _date: (date, {}),
                                                                 _bool: (bool, {})}
_KEPT_LENGTH = 64
#: Values kept per form at most (cleared when past it: a bound on a reader's memory, a few megabytes).
_KEPT_MAX = 20_000


def _column_checks(form: Callable[[Any], str], values: list[Any]) -> list[str]:
    """Each value's check by `form` (one of the canonical forms above); None is empty in every form."""

    def check(v: Any) -> str:
        t = form(v)
        ck = _PAIRS[(c := zlib.crc32(t.encode())) & 4095] + _B64[(c >> 12) & 63] if t else _EMPTY_CHECK
        if (type(v) is str and len(v) <= _KEPT_LENGTH) if keep is str else type(v) is keep:
            memo[v] = ck
        return ck

    kept = _KEPT.get(form)
    if kept is None:  # lists: not kept
        keep: type | None = None
        return [_EMPTY_CHECK if v is None else check(v) for v in values]
    keep, memo = kept
    if len(memo) > _KEPT_MAX or not memo:
        memo.clear()
        memo[None] = _EMPTY_CHECK
    get = memo.get
    try:
        return [ck if (ck := get(v)) is not None else check(v) for v in values]
    except TypeError:  # an unhashable value where none is expected: checked one by one
        return [_EMPTY_CHECK if v is None else check(v) for v in values]


def edited_fields(spec: SheetSpec, written: str, now: str) -> list[str]:
    """The content fields whose check differs between the row as exported and as read. A check
    string of another length (another version's columns) names no field: unknown is not edited."""
    if written == now or len(written) != len(now):
        return []
    return [c.field for i, c in enumerate(spec.content_columns) if written[3 * i:3 * i + 3] != now[3 * i:3 * i + 3]]


def content_hash_reference(spec: SheetSpec, record: dict[str, Any]) -> str:
    """The same digest, field by field through canonical(): the definition the fast one is tested against."""
    text = "\x1e".join(
        (_date if c.field in _DATETIME_FIELDS else _CANONICAL.get(c.kind, _text))(record.get(c.field))
        for c in spec.content_columns)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


_TO_WORKBOOK_TIME = timedelta(hours=8)


def local_time(value: datetime) -> datetime:
    """A stored (UTC) time as the workbook shows it: Beijing wall-clock time to the second, no zone."""
    if value.tzinfo is UTC:
        return (value + _TO_WORKBOOK_TIME).replace(tzinfo=None, microsecond=0)  # the common case, cheaper
    return value.astimezone(WORKBOOK_TZ).replace(tzinfo=None, microsecond=0)


def to_cell(kind: K, value: Any) -> Any:
    """A database value as the workbook cell shows it."""
    if value is None:
        return None
    if kind is K.BOOL:
        return YES if value else NO
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


_SYNC_TIMES = frozenset({"deleted_at", "created_at", "updated_at"})


def cell_maker(kind: K, name: str) -> Callable[[dict[str, Any]], Any]:
    """to_cell for one column, chosen once: the cell of field `name` from a record. An export
    makes millions of cells, and the column's kind already says which case of to_cell applies."""
    if kind is K.BOOL:
        return lambda record: None if (v := record.get(name)) is None else YES if v else NO
    if kind in (K.LIST, K.REFS):
        return lambda record: LIST_SEPARATOR.join(str(x) for x in v) if (v := record.get(name)) else None
    if name in _SYNC_TIMES or kind is K.DATETIME:
        return lambda record: None if (v := record.get(name)) is None else local_time(v)
    return lambda record: record.get(name)


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
