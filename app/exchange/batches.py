"""Import batches: who imported which files when and what each changed, and
undo — exact, as long as nothing changed those records since."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import NotFoundError, UserError
from app.exchange import apply
from app.exchange import values as V
from app.exchange.records import fetch
from app.exchange.schema import BY_TABLE, SHEETS
from app.services.history import RECORD_TYPES
from db.database import Database
from db.exchange_models import ExchangeBatch, ExchangeChange, ExchangeConflict, ExchangeVersion
from db.types import utcnow


@dataclass(frozen=True)
class BatchFile:
    path: str
    status: str
    error: str
    kind: str
    source: str
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True)
class BatchView:
    id: str
    started_at: datetime
    finished_at: datetime | None
    actor: str
    files: tuple[BatchFile, ...]
    #: Records the batch created or changed (what an undo would revert).
    changes: int
    undone_at: datetime | None


@dataclass(frozen=True)
class UndoResult:
    batch_id: str
    #: Records the batch had created, now removed.
    removed: int
    #: Records the batch had changed, now as before.
    restored: int
    #: Conflicts the batch had left waiting, now dropped.
    conflicts_dropped: int


def _view(b: ExchangeBatch, changes: int) -> BatchView:
    files = tuple(BatchFile(f.get("path", ""), f.get("status", ""), f.get("error") or "", f.get("kind", ""),
                            f.get("source", ""), f.get("counts", {})) for f in b.files or [])
    return BatchView(b.id, b.started_at, b.finished_at, b.actor, files, changes, b.undone_at)


def list_batches(db: Database) -> list[BatchView]:
    with db.session() as s:
        counts = dict(s.execute(select(ExchangeChange.batch_id, func.count()).group_by(ExchangeChange.batch_id))
                      .all())
        batches = s.scalars(select(ExchangeBatch).order_by(ExchangeBatch.started_at.desc()))
        return [_view(b, counts.get(b.id, 0)) for b in batches]


def _find(s: Session, batch_id: str) -> ExchangeBatch:
    text = batch_id.strip()
    matches = list(s.scalars(select(ExchangeBatch).where(ExchangeBatch.id.like(f"{text}%")).limit(2)))
    if not text or not matches:
        raise NotFoundError(f"没有编号为 {batch_id} 的导入批次（zhuqi batches 可列出全部）")
    if len(matches) > 1:
        raise UserError(f"编号 {batch_id} 对应不止一个批次，请多写几位")
    return matches[0]


_ORDER = {spec.table.name: i for i, spec in enumerate(SHEETS)}


def undo(db: Database, batch_id: str) -> UndoResult:
    now = utcnow()
    with db.session(preserve_sync_fields=True) as s:
        batch = _find(s, batch_id)
        if batch.undone_at is not None:
            raise UserError(f"批次 {batch.id[:8]} 已于 {batch.undone_at.astimezone():%Y-%m-%d %H:%M} 撤销过")
        via = f"撤销导入批次 {batch.id[:8]}"
        changes = list(s.scalars(select(ExchangeChange).where(ExchangeChange.batch_id == batch.id)
                                 .order_by(ExchangeChange.id)))
        by_type: dict[str, list[ExchangeChange]] = defaultdict(list)
        for c in changes:
            by_type[c.record_type].append(c)
        current: dict[str, dict[str, Any]] = {}
        changed_since = []
        for record_type, items in by_type.items():
            spec = BY_TABLE[record_type]
            found = fetch(s, spec, [c.record_id for c in items])
            for c in items:
                record = found.get(c.record_id)
                current[c.record_id] = record or {}
                if record is None or V.content_hash(spec, record) != c.after_hash:
                    changed_since.append(f"{RECORD_TYPES.get(record_type, record_type)} {c.record_id}")
        if changed_since:
            more = f"等 {len(changed_since)} 条" if len(changed_since) > 1 else ""
            raise UserError(f"批次 {batch.id[:8]} 导入后，{changed_since[0]}{more}记录又被修改过，不能撤销；未做任何修改")
        try:
            removed = restored = 0
            # Children before parents when taking records back, parents before children when restoring.
            for c in sorted(changes, key=lambda c: (-_ORDER[c.record_type], -c.id)):
                if c.before is not None:
                    continue
                spec = BY_TABLE[c.record_type]
                apply.remove_record(s, spec, current[c.record_id], now=now, actor=db.actor, via=via,
                                    installation=db.installation_id)
                removed += 1
            for c in sorted(changes, key=lambda c: (_ORDER[c.record_type], c.id)):
                spec = BY_TABLE[c.record_type]
                if c.before is not None:
                    apply.write_record(s, spec, current[c.record_id], V.from_json(spec, c.before), now=now,
                                       actor=db.actor, via=via, installation=db.installation_id)
                    restored += 1
                apply.set_base(s, c.record_id, c.source_installation, c.source_base_before)
                apply.set_base(s, c.record_id, db.installation_id, c.self_base_before)
                if c.added_versions:
                    s.execute(delete(ExchangeVersion).where(ExchangeVersion.record_id == c.record_id,
                                                            ExchangeVersion.content_hash.in_(c.added_versions)))
            waiting = s.scalars(select(ExchangeConflict.id).where(ExchangeConflict.batch_id == batch.id,
                                                                   ExchangeConflict.resolved_at.is_(None))).all()
            s.execute(delete(ExchangeConflict).where(ExchangeConflict.id.in_(waiting)))
            dropped = len(waiting)
            batch.undone_at = now
            s.flush()
        except IntegrityError:
            raise UserError(f"批次 {batch.id[:8]} 新增的记录已被其他记录引用（如之后录入的问题），不能撤销；未做任何修改") from None
        return UndoResult(batch.id, removed, restored, dropped or 0)
