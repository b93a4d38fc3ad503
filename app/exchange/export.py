"""Export: the exchange workbook of everything, of a filtered part, or of what
changed since the last export to the same file. Written atomically. Each row
carries its record's causal history (版本历史) and a check of each field as
written (版本指纹), by which the receiving side merges (app.exchange.merge)."""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError as SAOperationalError
from sqlalchemy.orm import Session

from app.domain import CodeListKind
from app.errors import StorageError, UserError, is_storage_failure, os_reason
from app.exchange import guide
from app.exchange import redact as redaction
from app.exchange.bulk import long_lived_objects, settle
from app.exchange.progress import Cancel, Cancelled, Progress, check_cancel
from app.exchange.records import chunks, iter_records
from app.exchange.schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HISTORY_COLUMNS,
    HISTORY_SHEET,
    HISTORY_TABLE,
    META_SHEET,
    SHEETS,
    K,
    SheetSpec,
)
from app.exchange.selection import ExportFilter, Selection, describe, select_records
from app.exchange.values import cell_maker, field_checks, to_cell
from app.exchange.versions import stored_clock
from app.exchange.xlsx_writer import TEXT, WRAP, Validation, XlsxWriter
from app.services import codelists
from app.services.history import FIELD_LABELS, RECORD_TYPES
from app.services.profile import Profile
from db import dialect
from db.audit import CREATE
from db.causal import format_clock
from db.database import Database
from db.exchange_models import ExchangeExport, table_of
from db.models import Cadre, Enterprise, Policy, Project
from db.types import utcnow

#: Rows fetched from the database at a time: each is written before the next block is read.
FETCH_ROWS = 2000


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    #: sheet key → rows written (and "history").
    counts: dict[str, int]
    exported_at: datetime
    #: The previous export to this destination, when only changes since then were written.
    since: datetime | None
    filters: str


def destination_key(path: Path) -> str:
    normal = str(path.expanduser().resolve()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def check_destination(path: Path) -> None:
    """Refuse, before any work, a destination the workbook cannot be written to."""
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件应以 .xlsx 结尾：{path}")
    if not path.parent.is_dir():
        raise UserError(f"导出文件夹不存在：{path.parent}")


def export_workbook(db: Database, profile: Profile, path: Path, filters: ExportFilter, *,
                    changed_since_last: bool = False, redact: bool = False, progress: Progress | None = None,
                    cancel: Cancel | None = None) -> ExportSummary:
    """`redact`: without personal data, for sharing outside the office (see app.exchange.redact)."""
    path = Path(path)
    check_destination(path)
    with long_lived_objects():
        return _export(db, profile, path, filters, changed_since_last, redact, progress, cancel)


def _export(db: Database, profile: Profile, path: Path, filters: ExportFilter, changed_since_last: bool,
            redact: bool, progress: Progress | None, cancel: Cancel | None) -> ExportSummary:
    say = progress or (lambda _d, _t, _m: None)
    key = destination_key(path)
    exported_at = utcnow()
    # A read transaction: one consistent snapshot of the database for the whole workbook, without
    # the write lock (it held it for 18 s at 50,000 problems, and a form save waiting 10 s failed).
    with db.reading() as s:
        s.info["installation_id"] = db.installation_id
        since = None
        if changed_since_last:
            last = s.get(ExchangeExport, key)
            since = last.exported_at if last else None
        sel = select_records(s, filters, since)
        described = describe(s, filters)
        writer = XlsxWriter(path)
        try:
            counts = _write_all(s, writer, sel, say, cancel, redact)
            _write_meta(writer, profile, db.installation_id, exported_at, described, since, changed_since_last, counts,
                        redact)
            check_cancel(cancel)
            writer.close()
        except Cancelled:
            writer.abort()
            raise Cancelled(f"已取消：未写入 {path.name}") from None
        except BaseException as exc:
            writer.abort()
            # The database's own temporary files (SQLite sorts a large sheet's rows in one) failing for
            # lack of room are the same full disk as the workbook's: named, not an internal error.
            if isinstance(exc, SAOperationalError) and is_storage_failure(exc):
                raise StorageError(f"无法写入文件 {path}（读取数据库时临时文件无法写入：{os_reason(exc)}），"
                                   "未生成该文件") from None
            raise
    if redact:  # shared with nobody who merges: no "since last export" to this file
        return ExportSummary(path, counts, exported_at, since, described)
    say(1, 1, "记录本次导出……")
    with db.session() as s:
        s.execute(dialect.upsert(s.get_bind().dialect.name, table_of(ExchangeExport), ["destination_key"]),
                  [{"destination_key": key, "destination": str(path.resolve()), "exported_at": exported_at}])
    return ExportSummary(path, counts, exported_at, since, described)


def _write_all(s: Session, writer: XlsxWriter, sel: Selection, say: Progress, cancel: Cancel | None,
               redact: bool = False) -> dict[str, int]:
    names = {"enterprises": dict(s.execute(select(Enterprise.id, Enterprise.name)).all()),
             "cadres": dict(s.execute(select(Cadre.id, Cadre.name)).all()),
             "policies": dict(s.execute(select(Policy.id, Policy.title)).all()),
             "projects": dict(s.execute(select(Project.id, Project.name)).all())}
    lists = {kind: tuple(codelists.values(s, kind)) for kind in CodeListKind}
    counts: dict[str, int] = {}
    exported: set[str] | None = set() if any(v is not None for v in sel.values()) else None
    total = len(SHEETS) + 1
    for step, spec in enumerate(SHEETS, start=1):
        check_cancel(cancel)
        say(step, total, f"写入“{spec.title}”……")
        ids = sel[spec.key]
        rows = _rows(s, spec, ids, names, exported, cancel, redact)
        counts[spec.key] = writer.add_sheet(
            spec.title, [c.header for c in spec.columns], rows,
            widths=[c.width for c in spec.columns],
            column_styles=[_column_style(c) for c in spec.columns],
            validations=_validations(spec, lists),
        )
        settle()
    say(total, total, f"写入“{HISTORY_SHEET}”……")
    counts["history"] = writer.add_sheet(
        HISTORY_SHEET, [c.header for c in HISTORY_COLUMNS], _history_rows(s, exported, redact),
        widths=[c.width for c in HISTORY_COLUMNS],
        column_styles=[_column_style(c) for c in HISTORY_COLUMNS],
    )
    return counts


def _column_style(c: Any) -> int:
    if c.kind in (K.CODE, K.ID, K.REF, K.REFS, K.META) and c.field not in (
            "deleted_at", "created_at", "updated_at", "revision"):
        return TEXT
    if c.kind is K.TEXT and c.width >= 30:
        return WRAP
    return 0


def _validations(spec: SheetSpec, lists: dict[CodeListKind, tuple[str, ...]]) -> list[Validation]:
    out = []
    for i, c in enumerate(spec.columns):
        if isinstance(c.choices, CodeListKind):
            if c.kind is not K.LIST and lists[c.choices]:
                out.append(Validation(i, lists[c.choices], strict=False))
        elif c.choices:
            out.append(Validation(i, c.choices, strict=True))
    return out


def _rows(s: Session, spec: SheetSpec, ids: set[str] | None, names: dict[str, dict[str, str]],
          exported: set[str] | None, cancel: Cancel | None, redact: bool = False) -> Iterator[list[Any]]:
    cells = [_cell_of(spec, c, names) for c in spec.columns]
    for n, record in enumerate(iter_records(s, spec, ids=ids, yield_per=FETCH_ROWS)):
        if n % 2000 == 0:
            check_cancel(cancel)
        if exported is not None:
            exported.add(record["id"])
        if not record["clock"]:  # a record from before clocks: its content stands for its history
            record["clock"] = format_clock(stored_clock(spec, record))
        record["fingerprint"] = field_checks(spec, record)
        if redact:
            record = redaction.record(spec, record)
        yield [cell(record) for cell in cells]


def _cell_of(spec: SheetSpec, c: Any, names: dict[str, dict[str, str]]) -> Callable[[dict[str, Any]], Any]:
    """How one column's cell is made from a record (chosen once per sheet; called for every row)."""
    if c.field in ("fingerprint", "clock"):
        return operator.itemgetter(c.field)
    if c.kind is not K.DISPLAY:
        return cell_maker(c.kind, c.field)
    source = c.shows or ""
    ref = next((x.ref for x in spec.columns if x.field == source), None)
    lookup = names.get(ref or "", {})

    def display(record: dict[str, Any]) -> str:
        value = record.get(source)
        if isinstance(value, list):
            return "、".join(lookup.get(v, "") for v in value)
        return lookup.get(value or "", "")
    return display


def _history_rows(s: Session, exported: set[str] | None, redact: bool = False) -> Iterator[list[Any]]:
    t = HISTORY_TABLE
    q = select(t).where(t.c.operation != CREATE).order_by(t.c.changed_at, t.c.id).execution_options(
        yield_per=FETCH_ROWS)
    parts: Iterator[list[str] | None] = iter([None]) if exported is None else chunks(exported)
    for part in parts:
        stmt = q if part is None else q.where(t.c.record_id.in_(part))
        for h in s.execute(stmt).mappings():
            changes = h["changes"] or {}
            if redact:
                changes = redaction.changes(h["record_type"], changes)
            yield [
                h["id"], h["record_id"], RECORD_TYPES.get(h["record_type"], h["record_type"]), h["operation"],
                to_cell(K.DATETIME, h["changed_at"]), h["installation_id"], h["actor"], h["via"],
                _readable(changes), json.dumps(changes, ensure_ascii=False, sort_keys=True),
            ]


def _readable(changes: dict[str, list[Any]]) -> str:
    def shown(v: Any) -> str:
        if v is None or v == "" or v == []:
            return "（空）"
        if isinstance(v, list):
            return "、".join(str(x) for x in v)
        if isinstance(v, bool):
            return "是" if v else "否"
        return str(v)

    return "；".join(f"{FIELD_LABELS.get(k, k)}：{shown(v[0])} → {shown(v[1])}" for k, v in changes.items())


def _write_meta(writer: XlsxWriter, profile: Profile, installation: str, exported_at: datetime,
                filters: str, since: datetime | None, changed_only: bool, counts: dict[str, int],
                redact: bool = False) -> None:
    rows: list[list[Any]] = [
        ["格式", FORMAT_NAME], ["格式版本", FORMAT_VERSION], ["导出安装ID", installation],
        ["导出人", profile.name], ["单位", profile.unit], ["角色", profile.role],
        ["导出时间", to_cell(K.DATETIME, exported_at)], ["筛选条件", filters],
        ["仅导出上次导出后的变化", "是" if changed_only else "否"],
        ["上次导出时间", to_cell(K.DATETIME, since) if since else ""],
    ]
    titles = {spec.key: spec.title for spec in SHEETS}
    titles["history"] = HISTORY_SHEET
    rows += [[f"记录数：{titles[k]}", v] for k, v in counts.items()]
    if redact:
        rows.append([redaction.META_KEY, redaction.META_VALUE])
    writer.add_sheet(guide.GUIDE_SHEET, guide.HEADER, guide.rows(), widths=guide.WIDTHS, freeze=True)
    writer.add_sheet(META_SHEET, ["项目", "值"], rows, widths=[28, 40], freeze=False)
