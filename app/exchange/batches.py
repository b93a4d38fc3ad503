"""Import batches: who imported which files when and what each changed (undo
is in app.exchange.undo)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.exchange.report import CANCELLED_NOTE, FileReport, FileStatus
from app.services.common import starts_with
from db.database import Database
from db.exchange_models import CLOCK_ONLY, CONFLICT_OP, CREATED_MANY, ExchangeBatch, ExchangeChange, table_of

#: The entry that app.cleanup adds to a batch's files when it closes a batch an import left unfinished.
INTERRUPTED = FileStatus.INTERRUPTED


@dataclass(frozen=True)
class BatchView:
    id: str
    started_at: datetime
    finished_at: datetime | None
    actor: str
    #: What the import reported of each file, as kept with the batch: without the rejections and the
    #: notes (the batch keeps neither; its rejected rows went to the rejection workbook).
    files: tuple[FileReport, ...]
    #: Records the batch created or changed (what an undo would revert).
    changes: int
    undone_at: datetime | None
    #: The import stopped part-way (killed, a full disk …) and was closed on a later start.
    interrupted: bool = False


_STATUSES = {s.value: s for s in FileStatus}


def _file(f: dict[str, Any]) -> FileReport:
    """A file's entry in a batch's list (written by app.exchange.importer._file_entry)."""
    status = _STATUSES.get(f.get("status", ""), FileStatus.SKIPPED)  # the values have not changed since the first
    error = f.get("error") or ""
    # Batches written before the flag said so by the skipped file's text alone.
    cancelled = bool(f.get("cancelled")) or (status == FileStatus.SKIPPED and error == CANCELLED_NOTE)
    return FileReport(f.get("path", ""), status, error, f.get("kind", ""), f.get("source", ""),
                      f.get("counts", {}), (), digest=f.get("sha256", ""), same_as=f.get("same_as", ""),
                      cancelled=cancelled)


def _view(b: ExchangeBatch, changes: int) -> BatchView:
    entries = b.files or []
    files = tuple(_file(f) for f in entries if f.get("status") != INTERRUPTED)
    interrupted = any(f.get("status") == INTERRUPTED for f in entries)
    return BatchView(b.id, b.started_at, b.finished_at, b.actor, files, changes, b.undone_at, interrupted)


def list_batches(db: Database) -> list[BatchView]:
    with db.session() as s:
        batches = list(s.scalars(select(ExchangeBatch).order_by(ExchangeBatch.started_at.desc())))
        uncounted = [b.id for b in batches if b.records is None]
        counts = count_records(s, uncounted) if uncounted else {}
        return [_view(b, b.records if b.records is not None else counts.get(b.id, 0)) for b in batches]


def get_batch(db: Database, batch_id: str) -> BatchView:
    """The batch whose ID is `batch_id` or starts with it (taken literally), as listed."""
    with db.session() as s:
        b = find_batch(s, batch_id)
        return _view(b, b.records if b.records is not None else count_records(s, [b.id]).get(b.id, 0))


#: The undo-log operation of format 1's records whose bases alone moved (batches from before clocks).
_BEFORE_CLOCKS = "基线"


def count_records(s: Session, batch_ids: list[str]) -> dict[str, int]:
    """Records each batch created or changed. A record two of its files changed has two undo-log rows,
    and one whose clock alone moved (or a conflict the batch updated) one more: count records, not rows."""
    c = ExchangeChange
    out: dict[str, int] = {}
    not_counted = (CLOCK_ONLY, CONFLICT_OP, _BEFORE_CLOCKS, CREATED_MANY)
    for batch_id, n in s.execute(select(c.batch_id, func.count(c.record_id.distinct()))
                                 .where(c.batch_id.in_(batch_ids), c.operation.not_in(not_counted))
                                 .group_by(c.batch_id)):
        out[batch_id] = n
    # Records listed in grouped rows (one row for many a file created; a record is created once in a
    # batch): those a later file of the batch changed again have a row of their own too, and count once.
    counted: dict[str, set[str]] = {}
    t = table_of(ExchangeChange)
    # Core rows a few at a time: an ORM result holds all of them (30 MB for 125,000 records' clocks).
    for batch_id, before in s.connection().execute(
            select(t.c.batch_id, t.c.before).where(t.c.batch_id.in_(batch_ids), t.c.operation == CREATED_MANY)
            .execution_options(yield_per=20)):
        also = counted.get(batch_id)
        if also is None:
            # Few: the records it changed (updated ones, and those a roster or policy list created).
            also = counted[batch_id] = set(s.scalars(
                select(c.record_id).where(c.batch_id == batch_id, c.operation.not_in(not_counted)).distinct())) \
                if out.get(batch_id) else set()
        out[batch_id] = out.get(batch_id, 0) + sum(1 for rid, _clock in (before or {}).get("created", [])
                                                   if rid not in also)
    return out


def find_batch(s: Session, batch_id: str) -> ExchangeBatch:
    text = batch_id.strip()
    exact = s.get(ExchangeBatch, text) if text else None  # the window gives whole IDs: no scan
    if exact is not None:
        return exact
    matches = list(s.scalars(select(ExchangeBatch).where(starts_with(ExchangeBatch.id, text)).limit(2)))
    if not text or not matches:
        raise NotFoundError(f"没有编号为 {batch_id} 的导入批次（zhuqi batches 可列出全部）")
    if len(matches) > 1:
        raise UserError(f"编号 {batch_id} 对应不止一个批次，请多写几位")
    return matches[0]
