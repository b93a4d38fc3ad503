"""Conflicts: records whose fields were changed to different values both here
and at the source since their common past (or deleted on one side and changed
on the other). Both versions are kept until a person chooses which side's
values of those fields to keep; the other fields merge by themselves. The
choice is a new version that descends from both (app.exchange.versions.settle):
every installation holding either side takes it without asking, and the
timeline entries of the side not chosen become history (superseded)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import RECORD_CHANGES, Change
from app.errors import NotFoundError, UserError
from app.exchange import apply, superseded
from app.exchange import values as V
from app.exchange.progress import Cancel, Cancelled, Progress, check_cancel
from app.exchange.records import chunks, fetch
from app.exchange.schema import BY_TABLE, PROBLEMS, K, SheetSpec
from app.exchange.versions import (
    ConflictKind,
    Resolution,
    Version,
    differing_fields,
    join,
    read_clock,
    settle,
    stored_clock,
    tracked,
)
from app.services.common import starts_with
from app.services.history import FIELD_LABELS, RECORD_TYPES
from app.standards.text import clip, name_key
from db import causal
from db.database import Database
from db.exchange_models import ExchangeConflict
from db.models import Enterprise, Problem
from db.types import utcnow

LOCAL, INCOMING, SUPERSEDED = Resolution.LOCAL, Resolution.INCOMING, Resolution.SUPERSEDED


@dataclass(frozen=True)
class ConflictField:
    field: str
    label: str
    local: Any
    incoming: Any


@dataclass(frozen=True)
class ConflictView:
    id: str
    record_type: str
    record_label: str
    record_id: str
    #: What the record is, for a person (enterprise name, problem description …).
    title: str
    source_installation: str
    source_file: str
    sheet: str
    row: int
    created_at: datetime
    fields: tuple[ConflictField, ...]
    resolved_at: datetime | None = None
    resolution: str | None = None
    #: The enterprise a visit, problem, assignment or progress entry belongs to (which of many it is).
    enterprise: str = ""
    #: 修改 (both changed the same fields) or 删除 (one side deleted what the other changed).
    kind: ConflictKind = ConflictKind.EDIT

    @property
    def changes(self) -> Change:
        """What settling it wrote: the kind of its record (app.changes.RECORD_CHANGES); nothing while it waits."""
        return RECORD_CHANGES.get(BY_TABLE[self.record_type].key, Change.ALL) if self.resolved_at else Change.NONE


class SettledConflicts(tuple[ConflictView, ...]):
    """The conflicts one choice settled (app.exchange.conflicts.resolve_many), and what that changed."""

    @property
    def changes(self) -> Change:
        out = Change.NONE
        for c in self:
            out |= c.changes
        return out


def record_title(spec: SheetSpec, record: dict[str, Any]) -> str:
    """A record as a person recognises it: its name or the start of its text (else its ID)."""
    for key in ("name", "description", "content", "reason"):
        if record.get(key):
            return clip(str(record[key]), 31)
    return str(record.get("id", ""))


def _fields(spec: SheetSpec, local: dict[str, Any] | None, incoming: dict[str, Any],
            names: list[str] | None = None) -> tuple[ConflictField, ...]:
    out = []
    for c in spec.content_columns:
        if names is not None and c.field not in names:
            continue
        a = local.get(c.field) if local else None
        b = incoming.get(c.field)
        if V.canonical(c.kind, a) != V.canonical(c.kind, b) or names is not None:
            out.append(ConflictField(c.field, c.header if c.kind is not K.META else FIELD_LABELS.get(c.field, c.header),
                                     V.to_cell(c.kind, a), V.to_cell(c.kind, b)))
    return tuple(out)


def _incoming_clock(spec: SheetSpec, c: ExchangeConflict) -> causal.Clock | None:
    try:
        return read_clock(tracked(spec), c.incoming_clock) if c.incoming_clock else None
    except causal.ClockError:
        return None


def conflicting(spec: SheetSpec, c: ExchangeConflict, local: dict[str, Any] | None,
                incoming: dict[str, Any]) -> list[str] | None:
    """The fields in conflict between our version now and the incoming one; None where the
    incoming has no history (a roster's values) or the conflict is settled: then every field
    that differs is shown."""
    clock = _incoming_clock(spec, c)
    if clock is None or local is None or c.resolved_at is not None:
        return None
    return join(spec, Version(local, stored_clock(spec, local)), Version(incoming, clock)).conflicts


def _view(c: ExchangeConflict, local: dict[str, Any] | None, enterprise: str = "") -> ConflictView:
    spec = BY_TABLE[c.record_type]
    incoming = V.from_json(spec, c.incoming)
    names = conflicting(spec, c, local, incoming)
    return ConflictView(
        c.id, c.record_type, RECORD_TYPES.get(c.record_type, c.record_type), c.record_id,
        record_title(spec, local or incoming), c.source_installation, c.source_file, c.sheet, c.row, c.created_at,
        _fields(spec, local, incoming, names or None), c.resolved_at, c.resolution, enterprise, ConflictKind(c.kind),
    )


def _enterprises_of(s: Session, records: list[dict[str, Any]]) -> dict[str, str]:
    """Record ID → the name of its enterprise (through its problem for progress entries and extensions)."""
    problem_ids = {r["problem_id"] for r in records if r.get("problem_id")}
    via_problem: dict[str, str] = {}
    for part in chunks(problem_ids):
        for pid, eid in s.execute(select(Problem.id, Problem.enterprise_id).where(Problem.id.in_(part))):
            via_problem[pid] = eid
    owner = {r["id"]: r.get("enterprise_id") or via_problem.get(r.get("problem_id") or "") for r in records}
    names: dict[str, str] = {}
    for part in chunks({e for e in owner.values() if e}):
        for eid, name in s.execute(select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(part))):
            names[eid] = name
    return {rid: names.get(eid or "", "") for rid, eid in owner.items()}


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[ConflictView]:
    with db.session() as s:
        q = select(ExchangeConflict).order_by(ExchangeConflict.created_at, ExchangeConflict.sheet,
                                              ExchangeConflict.row)
        if not include_resolved:
            q = q.where(ExchangeConflict.resolved_at.is_(None))
        conflicts = list(s.scalars(q))
        # Our versions, one query per kind of record (a merge can leave hundreds of conflicts).
        ours: dict[str, dict[str, dict[str, Any]]] = {}
        for record_type in {c.record_type for c in conflicts}:
            ours[record_type] = fetch(s, BY_TABLE[record_type],
                                      {c.record_id for c in conflicts if c.record_type == record_type})
        mine = [ours[c.record_type].get(c.record_id) for c in conflicts]
        enterprise = _enterprises_of(s, [m or V.from_json(BY_TABLE[c.record_type], c.incoming)
                                         for c, m in zip(conflicts, mine, strict=True)])
        return [_view(c, m, enterprise.get(c.record_id, "")) for c, m in zip(conflicts, mine, strict=True)]


def _find(s: Session, conflict_id: str) -> ExchangeConflict:
    text = conflict_id.strip()
    exact = s.get(ExchangeConflict, text) if text else None  # the window gives whole IDs: no scan
    if exact is not None:
        return exact
    matches = list(s.scalars(select(ExchangeConflict).where(starts_with(ExchangeConflict.id, text)).limit(2)))
    if not text or not matches:
        raise NotFoundError(f"没有编号为 {conflict_id} 的冲突（zhuqi conflicts 可列出全部）")
    if len(matches) > 1:
        raise UserError(f"编号 {conflict_id} 对应不止一个冲突，请多写几位")
    return matches[0]


def _check_keep(keep: str) -> str:
    if keep not in (LOCAL, INCOMING):
        raise UserError(f"“{keep}”不是有效的选择：应为 local（保留本机版本）或 incoming（采用来件版本）")
    return "冲突处理：" + Resolution(keep).label


def resolve(db: Database, conflict_id: str, keep: str) -> ConflictView:
    via = _check_keep(keep)
    with db.session(via=via, preserve_sync_fields=True) as s:
        c = _find(s, conflict_id)
        if c.resolved_at is not None:
            raise UserError(f"冲突 {c.id[:8]} 已于 {c.resolved_at.astimezone():%Y-%m-%d %H:%M} 处理过")
        return _settle(s, db, c, keep, utcnow(), via)


def resolve_many(db: Database, conflict_ids: Sequence[str], keep: str, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> SettledConflicts:
    """The same choice for many waiting conflicts (IDs or their first digits), in one transaction:
    all of them or (on a cancel or an error) none. Conflicts settled on the way by an earlier one
    (the same incoming version) and those already settled are left as they are."""
    via = _check_keep(keep)
    say = progress or (lambda _d, _t, _m: None)
    now = utcnow()
    out: list[ConflictView] = []
    try:
        with db.session(via=via, preserve_sync_fields=True) as s:
            for n, conflict_id in enumerate(conflict_ids):
                check_cancel(cancel)
                c = _find(s, conflict_id)
                if c.resolved_at is None:
                    out.append(_settle(s, db, c, keep, now, via))
                say(n + 1, len(conflict_ids), f"处理冲突 {n + 1}/{len(conflict_ids)}……")
    except Cancelled:
        raise Cancelled("已取消：没有处理任何冲突") from None
    return SettledConflicts(out)


def _settle(s: Session, db: Database, c: ExchangeConflict, keep: str, now: datetime, via: str) -> ConflictView:
    spec = BY_TABLE[c.record_type]
    current = fetch(s, spec, [c.record_id]).get(c.record_id)
    view = _view(c, current)
    incoming = V.from_json(spec, c.incoming)
    actor = causal.actor_of(db.installation_id)
    new = _settled(spec, c, current, incoming, keep, actor)
    if new is not None:
        new.update(updated_at=now, changed_by=db.installation_id,
                   revision=int((current or new).get("revision") or 0) + 1)
        apply.write_record(s, spec, current, new, now=now, actor=db.actor, via=via,
                           installation=db.installation_id, always=True)
    c.resolved_at, c.resolution = now, keep
    # Other waiting conflicts of the record that this version settles too (their side is in it).
    settled_clock = stored_clock(spec, new or current or incoming)
    for other in s.scalars(select(ExchangeConflict).where(
            ExchangeConflict.record_id == c.record_id, ExchangeConflict.resolved_at.is_(None),
            ExchangeConflict.id != c.id)):
        theirs = _incoming_clock(spec, other)
        if theirs is not None and settled_clock.descends_from(theirs):
            other.resolved_at, other.resolution = now, SUPERSEDED
        elif theirs is None and other.incoming_hash == c.incoming_hash:  # no history: the same values, the same choice
            other.resolved_at, other.resolution = now, keep
    s.flush()
    if spec is PROBLEMS:
        superseded.refresh(s, [c.record_id])
    return ConflictView(**{**view.__dict__, "resolved_at": now, "resolution": keep})


def _settled(spec: SheetSpec, c: ExchangeConflict, current: dict[str, Any] | None, incoming: dict[str, Any],
             keep: str, actor: str) -> dict[str, Any] | None:
    """The record as the choice leaves it (with its clock), or None when nothing is to be written."""
    if current is None:
        # Our record is gone (an undone batch created it): taking theirs brings it back as it came.
        return {**incoming, "clock": c.incoming_clock} if keep == INCOMING else None
    ours = stored_clock(spec, current)
    theirs = _incoming_clock(spec, c)
    if theirs is not None:
        version = settle(spec, Version(current, ours), Version(incoming, theirs), keep == INCOMING, actor)
        return _named({**version.values, "clock": causal.format_clock(version.clock)})
    # No history came with it (a roster's values, or a conflict from before clocks): taking theirs is
    # an edit here; keeping ours is too, after the version it knew (by content), so it is not asked again.
    values = dict(current)
    changed = differing_fields(spec, current, incoming) if keep == INCOMING else []
    for name in changed:
        values[name] = incoming.get(name)
    vv = dict(ours.vv)
    if c.incoming_hash:
        vv[causal.legacy_actor(c.incoming_hash)] = 1
    clock = causal.tick(causal.Clock(vv, ours.fields, ours.lost), actor, changed)
    return _named({**values, "clock": causal.format_clock(clock)})


def _named(record: dict[str, Any]) -> dict[str, Any]:
    """An enterprise's name key follows its name (which the choice may have taken from the other side)."""
    if "name_key" in record and record.get("name"):
        record["name_key"] = name_key(str(record["name"]))
    return record
