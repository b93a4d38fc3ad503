"""Undo of an import batch: exact, as long as nothing changed its records since.

Every record the batch created is taken back and every record it changed gets
its values from before the batch again; the bases and known versions are set
back, so the same files imported again are judged as the first time; conflicts
the batch left waiting are dropped. A record two of the batch's files changed
has two undo-log rows: it must still be as the last left it, and goes back to
how it was before the first. A record the batch left as it was, but whose
bases it moved (a second installation sent the same version), has a row too:
its bases go back unless a later batch moved them again, and a change made
to it here since is no obstacle. All of it is one transaction, written in bulk (a
batch of 500 workbooks holds a hundred thousand records), with progress and a
cancel that leaves everything as it was."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Insert, Table, delete, insert, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import UserError
from app.exchange import values as V
from app.exchange.apply import plain
from app.exchange.batches import find_batch
from app.exchange.conflicts import record_title
from app.exchange.merge import BASES_ONLY, new_history_id
from app.exchange.progress import Cancel, Cancelled, Progress, check_cancel
from app.exchange.records import chunks, fetch
from app.exchange.schema import BY_TABLE, SHEETS, SheetSpec
from app.services.history import RECORD_TYPES
from db import audit, dialect
from db.database import Database
from db.exchange_models import (
    ExchangeBase,
    ExchangeChange,
    ExchangeConflict,
    ExchangeVersion,
    table_of,
)
from db.models import History
from db.types import utcnow

_ORDER = {spec.table.name: i for i, spec in enumerate(SHEETS)}
#: Records per statement and per progress step.
_STEP = 2000


@dataclass(frozen=True)
class UndoResult:
    batch_id: str
    #: Records the batch had created, now removed.
    removed: int
    #: Records the batch had changed, now as before.
    restored: int
    #: Conflicts the batch had left waiting, now dropped.
    conflicts_dropped: int


@dataclass
class _Record:
    """What the batch did to one record: its undo-log rows, oldest first."""

    record_type: str
    record_id: str
    rows: list[Any]

    @property
    def first_change(self) -> Any:
        """The first row that changed the record itself (the others only moved its bases)."""
        return next((c for c in self.rows if c.operation != BASES_ONLY), None)

    @property
    def last_change(self) -> Any:
        """The last row that changed the record itself: the record must still be as it left it."""
        return next((c for c in reversed(self.rows) if c.operation != BASES_ONLY), None)

    @property
    def created(self) -> bool:
        first = self.first_change
        return first is not None and first.before is None

    @property
    def changed(self) -> bool:
        first = self.first_change
        return first is not None and first.before is not None

    def bases_before(self, self_id: str) -> dict[str, str | None]:
        """Each installation's base as it was before the batch: from the first row that set it."""
        out: dict[str, str | None] = {self_id: self.rows[0].self_base_before}
        for c in self.rows:
            out.setdefault(c.source_installation, c.source_base_before)
        return out


@dataclass
class _Undo:
    s: Session
    db: Database
    now: datetime
    via: str
    say: Progress
    cancel: Cancel | None
    total: int
    done: int = 0

    def step(self, n: int, message: str) -> None:
        check_cancel(self.cancel)
        self.done += n
        self.say(min(self.done, self.total), self.total, message)

    def history(self, rows: list[dict[str, Any]]) -> None:
        dialect.execute_many(self.s, _insert(table_of(History)), rows)

    def trail(self, record_id: str, table: str, operation: str, changes: dict[str, list[Any]]) -> dict[str, Any]:
        return {"id": new_history_id(), "record_id": record_id, "record_type": table, "operation": operation,
                "changed_at": self.now, "installation_id": self.db.installation_id, "actor": self.db.actor,
                "via": self.via, "changes": changes}


def undo_batch(db: Database, batch_id: str, progress: Progress | None = None,
               cancel: Cancel | None = None) -> UndoResult:
    say = progress or (lambda _d, _t, _m: None)
    with db.session(preserve_sync_fields=True) as s:
        batch = find_batch(s, batch_id)
        if batch.undone_at is not None:
            raise UserError(f"批次 {batch.id[:8]} 已于 {batch.undone_at.astimezone():%Y-%m-%d %H:%M} 撤销过")
        records = _records(s, batch.id)
        u = _Undo(s, db, utcnow(), f"撤销导入批次 {batch.id[:8]}", say, cancel, 3 * len(records))
        try:
            _check_unchanged(u, batch.id, records)
            removed = [r for r in records if r.created]
            restored = [r for r in records if r.changed]
            try:
                _take_back(u, removed)
                _restore(u, restored)
            except IntegrityError:
                raise UserError(f"批次 {batch.id[:8]} 新增的记录已被其他记录引用（如之后录入的问题），不能撤销；"
                                "未做任何修改") from None
            _reset_exchange_state(u, records)
            waiting = s.scalars(select(ExchangeConflict.id).where(ExchangeConflict.batch_id == batch.id,
                                                                   ExchangeConflict.resolved_at.is_(None))).all()
            for part in chunks(waiting):
                s.execute(delete(ExchangeConflict).where(ExchangeConflict.id.in_(part)))
            batch.undone_at = u.now
            s.flush()
        except Cancelled:
            raise Cancelled("已取消撤销：未做任何修改") from None
        return UndoResult(batch.id, len(removed), len(restored), len(waiting))


def _records(s: Session, batch_id: str) -> list[_Record]:
    c = table_of(ExchangeChange)
    out: dict[str, _Record] = {}
    for row in s.execute(select(c.c.id, c.c.record_type, c.c.record_id, c.c.operation, c.c.before, c.c.after_hash,
                                c.c.source_installation, c.c.source_base_before, c.c.self_base_before,
                                c.c.added_versions).where(c.c.batch_id == batch_id).order_by(c.c.id)):
        record = out.get(row.record_id)
        if record is None:
            record = out[row.record_id] = _Record(row.record_type, row.record_id, [])
        record.rows.append(row)
    return list(out.values())


def _by_type(records: Iterable[_Record], *, children_first: bool) -> list[tuple[SheetSpec, list[_Record]]]:
    groups: dict[str, list[_Record]] = defaultdict(list)
    for r in records:
        groups[r.record_type].append(r)
    order = sorted(groups, key=lambda t: -_ORDER[t] if children_first else _ORDER[t])
    return [(BY_TABLE[t], groups[t]) for t in order]


def _check_unchanged(u: _Undo, batch_id: str, records: list[_Record]) -> None:
    """Each record still as the batch's last file left it. (Not kept: read again, a part at a
    time, where needed — a big batch's records would double what an undo holds in memory.)"""
    changed: list[str] = []
    # A record the batch only saw unchanged (it learnt what others hold) may have changed here since.
    changed_by_batch = [r for r in records if r.last_change is not None]
    u.step(len(records) - len(changed_by_batch), "核对该批次导入的记录……")
    for spec, items in _by_type(changed_by_batch, children_first=False):
        for part in _parts(items):
            found = fetch(u.s, spec, [r.record_id for r in part])
            for r in part:
                last = r.last_change
                record = found.get(r.record_id)
                if record is None or V.content_hash(spec, record) != last.after_hash:  # as the batch left it?
                    title = record_title(spec, record) if record is not None else r.record_id
                    changed.append(f"{RECORD_TYPES.get(spec.table.name, spec.table.name)}“{title}”")
            u.step(len(part), "核对该批次导入的记录……")
    if changed:
        more = f"等 {len(changed)} 条" if len(changed) > 1 else ""
        raise UserError(f"批次 {batch_id[:8]} 导入后，{changed[0]}{more}记录又被修改过，不能撤销；未做任何修改")


def _take_back(u: _Undo, records: list[_Record]) -> None:
    """Records the batch created go (children before parents); their trail remains, with a deletion."""
    for spec, items in _by_type(records, children_first=True):
        table = spec.table
        for part in _parts(items):
            ids = [r.record_id for r in part]
            current = fetch(u.s, spec, ids)
            if spec.child is not None:
                ct = spec.child.table
                u.s.execute(delete(ct).where(ct.c[spec.child.parent_column].in_(ids)))
            u.s.execute(delete(table).where(table.c.id.in_(ids)))
            trail = []
            for rid in ids:
                before = plain(spec, current[rid])
                assert before is not None
                gone = {k: [v[1], None] for k, v in audit.diff(None, before).items()}
                trail.append(u.trail(rid, table.name, audit.DELETE, gone))
            u.history(trail)
            u.step(len(part), f"删除该批次新增的{spec.noun}……")


def _restore(u: _Undo, records: list[_Record]) -> None:
    """Records the batch changed get their values from before its first file again (parents first)."""
    name = u.s.get_bind().dialect.name
    for spec, items in _by_type(records, children_first=False):
        table = spec.table
        upsert = dialect.upsert(name, table, ["id"])
        for part in _parts(items):
            rows, trail, lists = [], [], {}
            current = fetch(u.s, spec, [r.record_id for r in part])
            for r in part:
                new = V.from_json(spec, r.first_change.before)
                rows.append({c.name: new.get(c.name) for c in table.columns})
                before, after = plain(spec, current[r.record_id]), plain(spec, new)
                assert after is not None
                changes = audit.diff(before, after)
                if changes:
                    trail.append(u.trail(r.record_id, table.name, audit.operation_for(before, changes), changes))
                if spec.child is not None:
                    lists[r.record_id] = new.get(spec.child.field) or []
            dialect.execute_many(u.s, upsert, rows)
            if spec.child is not None:
                child = spec.child
                ids = [r.record_id for r in part]
                u.s.execute(delete(child.table).where(child.table.c[child.parent_column].in_(ids)))
                dialect.execute_many(u.s, _insert(child.table), [
                    {child.parent_column: rid, child.value_column: v} for rid, values in lists.items() for v in values])
            u.history(trail)
            u.step(len(part), f"恢复被该批次修改的{spec.noun}……")


def _reset_exchange_state(u: _Undo, records: list[_Record]) -> None:
    """Bases and known versions as before the batch: the same files imported again are judged as the first time."""
    s, self_id = u.s, u.db.installation_id
    bases = table_of(ExchangeBase)
    versions = table_of(ExchangeVersion)
    upsert = dialect.upsert(s.get_bind().dialect.name, bases, ["record_id", "installation_id"], ["content_hash"])
    for part in _parts(records):
        gone: dict[str, list[str]] = defaultdict(list)
        kept = []
        now = _bases_of(s, [r.record_id for r in part if r.last_change is None])
        for r in part:
            moved_to = {c.after_hash for c in r.rows}
            for installation, base in r.bases_before(self_id).items():
                if r.last_change is None and now.get((r.record_id, installation)) not in moved_to:
                    continue  # not moved by this batch, or moved again since: that later knowledge stays
                if base is None:
                    gone[installation].append(r.record_id)
                else:
                    kept.append({"record_id": r.record_id, "installation_id": installation, "content_hash": base})
        for installation, ids in gone.items():
            for ids_part in chunks(ids):
                s.execute(delete(bases).where(bases.c.installation_id == installation,
                                              bases.c.record_id.in_(ids_part)))
        dialect.execute_many(s, upsert, kept)
        added = sorted({(r.record_id, h) for r in part for c in r.rows for h in c.added_versions or ()})
        for i in range(0, len(added), 400):
            pairs = added[i:i + 400]
            s.execute(delete(versions).where(tuple_(versions.c.record_id, versions.c.content_hash).in_(pairs)))
        u.step(len(part), "恢复同步基线……")


def _bases_of(s: Session, record_ids: list[str]) -> dict[tuple[str, str], str]:
    t = table_of(ExchangeBase)
    out: dict[tuple[str, str], str] = {}
    for part in chunks(record_ids):
        for rid, installation, h in s.execute(select(t.c.record_id, t.c.installation_id, t.c.content_hash)
                                              .where(t.c.record_id.in_(part))):
            out[(rid, installation)] = h
    return out


@lru_cache(maxsize=16)
def _insert(table: Table) -> Insert:
    """One statement object per table, so that execute_many compiles it once."""
    return insert(table)


def _parts(records: list[_Record]) -> Iterable[list[_Record]]:
    for i in range(0, len(records), _STEP):
        yield records[i:i + _STEP]
