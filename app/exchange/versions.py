"""Two versions of one record, compared by their causal histories (db.causal):
the incoming one is old news, a fast-forward, or concurrent with ours; two
concurrent versions merge field by field, and only a field written on both
sides since their common past, to different values, conflicts — or a deletion
on one side against changes on the other.

The merge of two concurrent versions is a join: it does not depend on which
version is ours, nor on the order in which versions arrive, so installations
that have seen the same versions hold the same record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from app.exchange import values as V
from app.exchange.schema import SHEETS, SheetSpec
from db import causal
from db.causal import Clock, ClockError, Dots


class Relation(StrEnum):
    SAME = "same"  # the same version
    OLD = "old"  # the incoming version is one ours descends from
    NEWER = "newer"  # ours is one the incoming descends from: take it
    CONCURRENT = "concurrent"


class ConflictKind(StrEnum):
    EDIT = "修改"  # both sides wrote the same fields
    DELETE = "删除"  # one side deleted what the other changed


class Resolution(StrEnum):
    """How a conflict was settled; stored by its value."""

    LOCAL = "local"  # ours stays
    INCOMING = "incoming"  # theirs is taken
    SUPERSEDED = "superseded"  # a later version descends from both sides: closed without a person

    @property
    def label(self) -> str:
        return RESOLUTION_LABELS[self]


RESOLUTION_LABELS = {Resolution.LOCAL: "保留本机版本", Resolution.INCOMING: "采用来件版本",
                     Resolution.SUPERSEDED: "已由后来的版本解决"}


@dataclass(frozen=True)
class Version:
    values: dict[str, Any]
    clock: Clock


@dataclass
class Joined:
    """The merge of two concurrent versions: the merged version, or the fields in conflict."""

    version: Version
    conflicts: list[str] = field(default_factory=list)
    kind: ConflictKind = ConflictKind.EDIT


@lru_cache(maxsize=8192)
def read_clock(fields: tuple[str, ...], text: str) -> Clock:
    """A clock's text, read (many rows share one: every record an installation created and left)."""
    return causal.parse_clock(text, fields)


@lru_cache(maxsize=8192)
def canonical_text(fields: tuple[str, ...], text: str) -> str:
    """A clock read from a file, written as this program writes it (a person may have re-spaced it)."""
    return causal.format_clock(read_clock(fields, text))


_TRACKED = {spec.key: causal.tracked_fields(spec.table) for spec in SHEETS}


def tracked(spec: SheetSpec) -> tuple[str, ...]:
    return _TRACKED[spec.key]


def stored_clock(spec: SheetSpec, record: dict[str, Any]) -> Clock:
    """A record's clock as stored here; one from before clocks (or unreadable) stands for its content."""
    text = record.get("clock") or ""
    if text:
        try:
            return read_clock(tracked(spec), text)
        except ClockError:
            pass
    return causal.legacy_clock(spec.table.name, record, tracked(spec))


def relation(local: Clock, incoming: Clock) -> Relation:
    mine_has_all = local.descends_from(incoming)
    theirs_has_all = incoming.descends_from(local)
    if mine_has_all and theirs_has_all:
        return Relation.SAME
    if mine_has_all:
        return Relation.OLD
    if theirs_has_all:
        return Relation.NEWER
    return Relation.CONCURRENT


def same_value(spec: SheetSpec, name: str, a: Any, b: Any) -> bool:
    if name == "deleted_at":
        return (a is None) == (b is None)  # deleted twice is deleted: the times may differ
    kind = _KINDS[spec.key][name]
    return V.canonical(kind, a) == V.canonical(kind, b)


_KINDS = {spec.key: {c.field: c.kind for c in spec.content_columns} for spec in SHEETS}


def differing_fields(spec: SheetSpec, a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """The content fields whose values differ as the workbook carries them (a deletion's time included:
    unlike same_value, which takes two deletions for one)."""
    return [c.field for c in spec.content_columns
            if _exact(c.field, _KINDS[spec.key][c.field], a.get(c.field)) !=
            _exact(c.field, _KINDS[spec.key][c.field], b.get(c.field))]


def _exact(name: str, kind: Any, value: Any) -> str:
    if name == "deleted_at":
        return "" if value is None else V.utc_seconds(value).isoformat()
    return V.canonical(kind, value)


def join(spec: SheetSpec, local: Version, incoming: Version) -> Joined:
    """Field by field: the side with writes the other has not seen wins; writes on both sides to
    the same value merge; to different values, conflict."""
    lc, ic = local.clock, incoming.clock
    values = dict(local.values)
    dots: dict[str, Dots] = {}
    conflicts: list[str] = []
    changed_here: list[str] = []  # fields only our side wrote since the common past
    changed_there: list[str] = []
    for c in spec.content_columns:
        name = c.field
        mine, theirs = lc.fields[name], ic.fields[name]
        mine_new = frozenset(d for d in mine if not ic.seen(d))
        theirs_new = frozenset(d for d in theirs if not lc.seen(d))
        if not theirs_new:
            dots[name] = mine
            if mine_new:
                changed_here.append(name)
            continue
        if not mine_new:
            dots[name] = theirs
            values[name] = incoming.values.get(name)
            changed_there.append(name)
            continue
        a, b = local.values.get(name), incoming.values.get(name)
        if same_value(spec, name, a, b):
            dots[name] = mine_new | theirs_new | (mine & theirs)
            if name == "deleted_at" and a is not None and b is not None:
                values[name] = min(a, b)  # both deleted: the earlier deletion, whichever side is ours
        else:
            conflicts.append(name)
            dots[name] = mine
    lost = lc.lost | ic.lost
    clock = Clock(causal.max_vv(lc.vv, ic.vv), dots, lost)
    _merge_who_and_when(values, local.values, incoming.values)
    joined = Joined(Version(values, clock), conflicts)
    deleted_here = local.values.get("deleted_at") is not None and "deleted_at" in changed_here
    deleted_there = incoming.values.get("deleted_at") is not None and "deleted_at" in changed_there
    if (deleted_here and any(f != "deleted_at" for f in changed_there + conflicts)) or \
            (deleted_there and any(f != "deleted_at" for f in changed_here + conflicts)):
        joined.kind = ConflictKind.DELETE
        joined.conflicts = sorted(set(conflicts) | {"deleted_at"} | {
            f for f in (changed_there if deleted_here else changed_here) if f != "deleted_at"},
            key=_order(spec))
    return joined


def _order(spec: SheetSpec) -> Any:
    position = {c.field: i for i, c in enumerate(spec.content_columns)}
    return lambda name: position.get(name, len(position))


def _merge_who_and_when(out: dict[str, Any], a: dict[str, Any], b: dict[str, Any]) -> None:
    """The later change names its installation and time; the revision is the higher; creation the earlier.
    Times compare to the second, as workbooks carry them: every installation must choose alike."""
    ka = (V.utc_seconds(a.get("updated_at") or _EPOCH), a.get("changed_by") or "")
    kb = (V.utc_seconds(b.get("updated_at") or _EPOCH), b.get("changed_by") or "")
    later = a if ka >= kb else b
    out["updated_at"], out["changed_by"] = later.get("updated_at"), later.get("changed_by")
    out["revision"] = max(int(a.get("revision") or 1), int(b.get("revision") or 1))
    created = [v for v in (a.get("created_at"), b.get("created_at")) if v is not None]
    out["created_at"] = min(created) if created else None


_EPOCH = datetime.min.replace(tzinfo=UTC)


def settle(spec: SheetSpec, local: Version, incoming: Version, keep_incoming: bool, actor: str) -> Version:
    """A person's choice for a conflict: the merge of both versions with the conflicting fields from
    the side chosen, written as a new write of `actor` — a version that descends from both, so that
    every installation holding either takes it without asking. The writes of the side not chosen
    that wrote those fields are recorded as lost (their timeline entries are superseded)."""
    joined = join(spec, local, incoming)
    chosen, other = (incoming, local) if keep_incoming else (local, incoming)
    values = dict(joined.version.values)
    for name in joined.conflicts:
        values[name] = chosen.values.get(name)
    lost = set(joined.version.clock.lost)
    fields = frozenset(joined.conflicts)
    for a, n in other.clock.vv.items():
        seen = chosen.clock.counter(a)
        if n > seen and fields:  # (nothing is lost when the two no longer differ)
            lost.add(causal.Lost(a, seen + 1, n, fields))
    clock = Clock(joined.version.clock.vv, joined.version.clock.fields, frozenset(lost))
    clock = causal.tick(clock, actor, joined.conflicts)
    return Version(values, clock)
