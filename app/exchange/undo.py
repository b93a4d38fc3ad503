"""Undo of an import batch: exact, as long as nothing changed its records since.

Every record the batch created is taken back and every record it changed gets
its values and its clock from before the batch again, so the same files
imported again are judged as the first time; conflicts the batch raised and
left waiting are dropped, and those it updated or closed are as they were. A
record two of the batch's files changed has two undo-log rows: it must still be
as the last left it (the same clock), and goes back to how it was before the
first. A record whose content the batch left as it was, but whose clock it
moved (another installation's version of the same content), has a row too: its
clock goes back unless it moved again since, and a change made to it here
since is no obstacle. All of it is one transaction, written in bulk (a batch
of 500 workbooks holds a hundred thousand records), with progress and a cancel
that leaves everything as it was."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Insert, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.changes import RECORD_CHANGES, Change
from app.errors import UserError
from app.exchange import superseded
from app.exchange import values as V
from app.exchange.apply import plain
from app.exchange.batches import find_batch
from app.exchange.conflicts import record_title
from app.exchange.merge import new_history_id
from app.exchange.progress import Cancel, Cancelled, Progress, check_cancel
from app.exchange.records import chunks, fetch
from app.exchange.schema import BY_TABLE, PROBLEMS, SHEETS, SheetSpec
from app.exchange.versions import Resolution
from app.services.history import RECORD_TYPES
from db import audit, dialect
from db.database import Database
from db.exchange_models import CLOCK_ONLY, CONFLICT_OP, CREATED_MANY, ExchangeChange, ExchangeConflict, table_of
from db.models import History
from db.types import utcnow

_ORDER = {spec.table.name: i for i, spec in enumerate(SHEETS)}
#: Undo-log operations that leave the record's content as it was: its clock alone moved (before clocks:
#: its bases).
_CONTENT_KEPT = frozenset({CLOCK_ONLY, "基线"})
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
    #: The kinds of records the undo wrote (those of the records taken back and of the dropped
    #: conflicts' records); the screens showing them reload.
    changes: Change = Change.ALL


@dataclass
class _Record:
    """What the batch did to one record: its undo-log rows, oldest first."""

    record_type: str
    record_id: str
    rows: list[Any]

    @property
    def first_change(self) -> Any:
        """The first row that changed the record itself (the others only moved its clock)."""
        return next((c for c in self.rows if c.operation not in _CONTENT_KEPT), None)

    @property
    def last_change(self) -> Any:
        """The last row that changed the record itself: the record must still be as it left it."""
        return next((c for c in reversed(self.rows) if c.operation not in _CONTENT_KEPT), None)

    @property
    def created(self) -> bool:
        first = self.first_change
        return first is not None and first.before is None

    @property
    def changed(self) -> bool:
        first = self.first_change
        return first is not None and first.before is not None

    @property
    def clock_moved(self) -> bool:
        """Only its clock moved (a version of the same content): set back unless it moved again since."""
        return self.first_change is None and any(c.operation == CLOCK_ONLY for c in self.rows)


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
        moved = [r for r in records if r.clock_moved]
        u = _Undo(s, db, utcnow(), f"撤销导入批次 {batch.id[:8]}", say, cancel, 2 * len(records) + len(moved))
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
            _reset_clocks(u, moved)
            waiting = s.scalars(select(ExchangeConflict.id).where(ExchangeConflict.batch_id == batch.id,
                                                                   ExchangeConflict.resolved_at.is_(None))).all()
            for part in chunks(waiting):
                s.execute(delete(ExchangeConflict).where(ExchangeConflict.id.in_(part)))
            _restore_conflicts(u, batch.id, set(waiting))
            superseded.refresh(s, _problems_of(s, records))
            batch.undone_at = u.now
            s.flush()
        except Cancelled:
            raise Cancelled("已取消撤销：未做任何修改") from None
        kinds = {r.record_type for r in records} | set(s.scalars(
            select(ExchangeConflict.record_type).where(ExchangeConflict.batch_id == batch.id).distinct()))
        return UndoResult(batch.id, len(removed), len(restored), len(waiting), _changes_of(kinds))


def _changes_of(tables: set[str]) -> Change:
    """What undoing writes to records of these tables means for the screens."""
    out = Change.NONE
    for table in tables:
        out |= RECORD_CHANGES.get(BY_TABLE[table].key, Change.ALL) if table in BY_TABLE else Change.ALL
    return out


class _Logged(NamedTuple):
    """One record's undo-log row, as read (a grouped row of created records gives one each)."""

    id: int
    record_type: str
    record_id: str
    operation: str
    before: dict[str, Any] | None
    after_hash: str
    after_clock: str
    source_installation: str


def _records(s: Session, batch_id: str) -> list[_Record]:
    c = table_of(ExchangeChange)
    out: dict[str, _Record] = {}
    for row in s.execute(select(c.c.id, c.c.record_type, c.c.record_id, c.c.operation, c.c.before, c.c.after_hash,
                                c.c.after_clock, c.c.source_installation)
                         .where(c.c.batch_id == batch_id, c.c.operation != CONFLICT_OP).order_by(c.c.id)):
        for logged in _expand(row):
            record = out.get(logged.record_id)
            if record is None:
                record = out[logged.record_id] = _Record(logged.record_type, logged.record_id, [])
            record.rows.append(logged)
    return list(out.values())


def _expand(row: Any) -> list[Any]:
    """A grouped row of records a file created (CREATED_MANY) as one 新增 row per record, in its place."""
    if row.operation != CREATED_MANY:
        return [row]
    return [_Logged(row.id, row.record_type, rid, audit.CREATE, None, "", clock, row.source_installation)
            for rid, clock in (row.before or {}).get("created", [])]


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
                # Its clock as the batch's last row left it (a later file may have moved the clock alone).
                last = r.rows[-1] if r.rows[-1].after_clock else r.last_change
                record = found.get(r.record_id)
                if record is None or not _as_left(spec, record, last):
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
                new = V.from_json(spec, r.rows[0].before or r.first_change.before)
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


def _as_left(spec: SheetSpec, record: dict[str, Any], row: Any) -> bool:
    """The record still as the batch left it: the same version (batches from before clocks: the same content)."""
    if row.after_clock:
        return bool(record.get("clock") == row.after_clock)
    return bool(V.content_hash(spec, record) == row.after_hash)


def _reset_clocks(u: _Undo, records: list[_Record]) -> None:
    """Records whose clock alone the batch moved: their clock (and who and when) from before it, unless
    they moved again since — then that later knowledge stays."""
    for spec, items in _by_type(records, children_first=False):
        table = spec.table
        stmt = update(table).where(table.c.id == bindparam("rid"), table.c.clock == bindparam("left")).values(
            clock=bindparam("clock"), updated_at=bindparam("updated_at"), changed_by=bindparam("changed_by"),
            revision=bindparam("revision"))
        for part in _parts(items):
            rows = []
            for r in part:
                before = V.from_json(spec, r.rows[0].before or {})
                if not before:
                    continue  # logged before clocks: bases, which are gone
                rows.append({"rid": r.record_id, "left": r.rows[-1].after_clock, "clock": before.get("clock") or "",
                             "updated_at": before.get("updated_at"), "changed_by": before.get("changed_by") or "",
                             "revision": before.get("revision") or 1})
            if rows:
                u.s.execute(stmt, rows)
            u.step(len(part), "恢复版本历史……")


def _restore_conflicts(u: _Undo, batch_id: str, dropped: set[str]) -> None:
    """Waiting conflicts the batch updated or closed, as they were before it — unless a person has
    settled them since (that choice stays)."""
    c = table_of(ExchangeChange)
    t = table_of(ExchangeConflict)
    first: dict[str, dict[str, Any]] = {}
    for cid, before in u.s.execute(select(c.c.record_id, c.c.before).where(
            c.c.batch_id == batch_id, c.c.operation == CONFLICT_OP).order_by(c.c.id)):
        if cid not in dropped and before is not None:
            first.setdefault(cid, before)
    for cid, before in first.items():
        now = u.s.execute(select(t.c.resolution).where(t.c.id == cid)).first()
        if now is None or now.resolution in (Resolution.LOCAL, Resolution.INCOMING):
            continue
        values = dict(before)
        for key in ("resolved_at",):
            if values.get(key):
                values[key] = datetime.fromisoformat(values[key])
        u.s.execute(update(t).where(t.c.id == cid).values(**values))


def _problems_of(s: Session, records: list[_Record]) -> set[str]:
    """Problems whose timeline's supersession the undo may change: those it touched, and those of the
    timeline entries it took back or restored."""
    out = {r.record_id for r in records if r.record_type == PROBLEMS.table.name}
    entries = [r.record_id for r in records if r.record_type == "progress_entries"]
    from db.models import ProgressEntry

    for part in chunks(entries):
        out.update(s.scalars(select(ProgressEntry.problem_id).where(ProgressEntry.id.in_(part))))
    for r in records:
        for row in r.rows:
            if r.record_type == "progress_entries" and row.before and row.before.get("problem_id"):
                out.add(row.before["problem_id"])
    return out


@lru_cache(maxsize=16)
def _insert(table: Table) -> Insert:
    """One statement object per table, so that execute_many compiles it once."""
    return insert(table)


def _parts(records: list[_Record]) -> Iterable[list[_Record]]:
    for i in range(0, len(records), _STEP):
        yield records[i:i + _STEP]
