"""The merge of an exchange workbook's records into the database, by each
record's causal history (db.causal, app.exchange.versions).

For each record, by UUID (or by an alias for an enterprise we already had):
  - absent here → created;
  - the incoming version is one ours descends from (we have seen every write
    it holds) → unchanged;
  - ours is one the incoming descends from → updated (a fast-forward);
  - otherwise the two are concurrent and merge field by field: a field only
    one side wrote since their common past takes that side's value; a field
    both wrote, to different values, is a conflict (as is a deletion on one
    side against changes on the other) and the record waits, as it is here,
    for a person to choose.
A row edited by hand in the spreadsheet (its cells no longer match their
checks in 版本指纹) is one more write, by a stand-in for its sender named after
the row, so every installation that imports the file sees the same edit.
Rows of format 1 (before clocks) stand for a version known by its content
hash, which descends from its 同步基线.

A conflict is raised once: a version that a waiting conflict already holds, or
an older one, is counted against it without recording it again; a newer one
replaces it; and a version that settles it (it descends from both sides) closes
it. What the decisions need (every record's clock, aliases, waiting conflicts)
is read once per batch into a BatchState and kept current as each file commits.
Everything a file changes is written in bulk inside that file's one
transaction: the rows, the History rows the ORM hooks would have written, the
batch's undo log."""

from __future__ import annotations

import os
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Insert, Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from app.exchange import values as V
from app.exchange.cells import shown
from app.exchange.parse import Incoming, RejectedRow
from app.exchange.records import chunks, fetch
from app.exchange.report import Rejection
from app.exchange.schema import BY_KEY, ENTERPRISES, PROBLEMS, SHEETS, K, SheetSpec
from app.exchange.versions import (
    ConflictKind,
    Relation,
    Resolution,
    Version,
    canonical_text,
    differing_fields,
    join,
    read_clock,
    relation,
    same_value,
    stored_clock,
    tracked,
)
from app.fields import LABELS
from app.standards.text import name_key
from db import audit, causal, dialect
from db.causal import Clock, ClockError
from db.exchange_models import (
    CLOCK_ONLY,
    CONFLICT_OP,
    CREATED_MANY,
    ExchangeAlias,
    ExchangeChange,
    ExchangeConflict,
    table_of,
)
from db.models import History

#: History IDs need to be unique, not secret: one random source seeded from the OS, instead of an
#: os.urandom call for each of a merge's hundred thousand rows.
_IDS = random.Random(int.from_bytes(os.urandom(32), "big"))


#: The version (4) and variant (RFC 4122) bits of a random UUID.
_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (0x4000 << 64) | (0x8000 << 48)


def new_history_id() -> str:
    """A random (version 4) UUID as text, without building a UUID object for each."""
    h = "%032x" % (_IDS.getrandbits(128) & _V4_CLEAR | _V4_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


#: Row IDs made up for rows typed without an ID: the same row gives the same ID on every import.
ROW_NAMESPACE = uuid.UUID("6f1c0e1e-3b8e-4a52-9d61-6a0e2b7c5d10")
BATCH = 5000
CREATED, UPDATED, UNCHANGED, CONFLICT = "created", "updated", "unchanged", "conflicts"
#: What closes a waiting conflict that a later version settled.
SUPERSEDED = Resolution.SUPERSEDED
#: Sync fields written with a clock that moved: who and when, merged the same everywhere.
_WHO_AND_WHEN = ("created_at", "updated_at", "changed_by", "revision")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: int = 0

    def add(self, other: Counts) -> None:
        for k in ("created", "updated", "unchanged", "conflicts", "rejected"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "conflicts": self.conflicts, "rejected": self.rejected}


@dataclass
class BatchState:
    """This database as the merge sees it, kept across the files of one batch."""

    #: table → record ID → its clock as stored.
    clocks: dict[str, dict[str, str]] = field(default_factory=dict)
    enterprise_codes: dict[str, str] = field(default_factory=dict)
    enterprise_names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    #: record ID → its waiting conflicts: conflict ID → the incoming version's clock.
    open_conflicts: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    loaded: bool = False
    #: Enterprises that have a credit code (built when first needed).
    enterprises_with_code: set[str] | None = None

    def load(self, s: Session) -> None:
        self.__init__()  # type: ignore[misc]
        for spec in SHEETS:
            t = spec.table
            self.clocks[t.name] = {rid: clock for rid, clock in s.execute(select(t.c.id, t.c.clock))}
        e = ENTERPRISES.table
        for rid, code, key, deleted in s.execute(select(e.c.id, e.c.credit_code, e.c.name_key, e.c.deleted_at)):
            if code:
                self.enterprise_codes[code] = rid
            if deleted is None:
                self.enterprise_names.setdefault(key, rid)
        a = table_of(ExchangeAlias)
        self.aliases = {f: loc for f, loc in s.execute(select(a.c.foreign_id, a.c.local_id))}
        c = table_of(ExchangeConflict)
        for cid, rid, clock in s.execute(select(c.c.id, c.c.record_id, c.c.incoming_clock)
                                         .where(c.c.resolved_at.is_(None))):
            self.open_conflicts[rid][cid] = clock
        self.loaded = True


@dataclass
class FileChanges:
    """What one file's transaction changes in the BatchState: applied after it commits."""

    clocks: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    enterprise_codes: dict[str, str] = field(default_factory=dict)
    enterprise_names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    #: record ID → conflict ID → incoming clock, for conflicts raised or updated (None: closed).
    conflicts: dict[str, dict[str, str | None]] = field(default_factory=lambda: defaultdict(dict))
    #: Problems whose clock or timeline the file changed (their entries' supersession is refreshed).
    problems: set[str] = field(default_factory=set)
    #: Of those, the problems this file created with no lost writes in their clock: all their entries
    #: are this file's, new and not superseded, so there is nothing to refresh (most of a first merge).
    fresh_problems: set[str] = field(default_factory=set)
    # Rows to write at the end of the file.
    history: list[dict[str, Any]] = field(default_factory=list)
    undo: list[dict[str, Any]] = field(default_factory=list)
    #: Records the file created, by table: [record ID, clock] each, logged for undo in a few rows
    #: (created_rows) instead of one each.
    created: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    #: The History rows of the records the file created: (ID, record ID, table, installation). A created
    #: record gets an empty creation row: its values are the file's, and the history service rebuilds them
    #: from the record and its later changes (writing them would be a third of what a merge stores).
    created_history: list[tuple[str, str, str, str]] = field(default_factory=list)
    conflict_rows: list[dict[str, Any]] = field(default_factory=list)
    conflict_updates: list[dict[str, Any]] = field(default_factory=list)
    alias_rows: list[dict[str, Any]] = field(default_factory=list)

    def apply_to(self, state: BatchState) -> None:
        for table, clocks in self.clocks.items():
            state.clocks.setdefault(table, {}).update(clocks)
        state.enterprise_codes.update(self.enterprise_codes)
        if state.enterprises_with_code is not None:
            state.enterprises_with_code.update(self.enterprise_codes.values())
        for key, eid in self.enterprise_names.items():
            state.enterprise_names.setdefault(key, eid)
        state.aliases.update(self.aliases)
        for rid, conflicts in self.conflicts.items():
            waiting = state.open_conflicts[rid]
            for cid, clock in conflicts.items():
                if clock is None:
                    waiting.pop(cid, None)
                else:
                    waiting[cid] = clock


@dataclass
class MergeContext:
    session: Session
    state: BatchState
    changes: FileChanges
    self_id: str
    #: The installation that exported the file.
    source: str
    file: str
    batch_id: str
    actor: str
    via: str
    now: datetime
    #: The exchange format the file was written in (1: before clocks).
    format_version: int = 2
    #: When the file was exported: the time of rows a person added by hand (the same on every import).
    exported_at: datetime | None = None

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def local_clock(self, table: str, rid: str) -> str | None:
        mine = self.changes.clocks[table].get(rid)
        return mine if mine is not None else self.state.clocks.get(table, {}).get(rid)

    def known(self, table: str, rid: str) -> bool:
        return self.local_clock(table, rid) is not None

    def waiting(self, rid: str) -> dict[str, str]:
        """The record's waiting conflicts (conflict ID → incoming clock), this file's changes included."""
        out = dict(self.state.open_conflicts.get(rid, {}))
        for cid, clock in self.changes.conflicts.get(rid, {}).items():
            if clock is None:
                out.pop(cid, None)
            else:
                out[cid] = clock
        return out


@dataclass
class _Decision:
    record: Incoming
    #: The incoming version, completed with our values for columns the file lacks.
    incoming: dict[str, Any]
    outcome: str
    #: What is written: the new version (created, updated, clock only) or the incoming one (conflict).
    result: dict[str, Any] | None = None
    clock: str = ""
    conflict_kind: str = ConflictKind.EDIT.value
    local_clock: str = ""


@dataclass
class SheetSeen:
    """What the rows of one sheet (from one installation) merged so far leave for its next piece: the
    row of each ID, and of each enterprise's credit code and name, so that a second row of the same
    record is rejected whichever piece it comes in."""

    ids: dict[str, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)


def merge_sheet(ctx: MergeContext, spec: SheetSpec, records: list[Incoming],
                seen: SheetSeen | None = None) -> tuple[Counts, list[RejectedRow]]:
    """Merge a sheet's rows, or a piece of them (`seen`: what its earlier pieces left)."""
    counts = Counts()
    rejected: list[RejectedRow] = []
    seen = seen if seen is not None else SheetSeen()
    records = _assign_ids(ctx, spec, records, rejected, seen.ids)
    if spec is ENTERPRISES:
        _match_enterprises(ctx, records, rejected, seen)
    _resolve_references(ctx, spec, records)
    records = _check_references(ctx, spec, records, rejected)
    table = spec.table.name
    current = ctx.format_version >= 2
    # A row with our clock and its cells as exported is ours unchanged, and needs no more: the usual
    # case of a folder merged again. The others need our version read (in one query per part).
    checks: list[str] = []
    need: list[str] = []
    for r in records:
        rid = r.values["id"]
        check = (r.check or V.field_checks(spec, _written(r))) if current else ""
        checks.append(check)
        mine = ctx.local_clock(table, rid)
        if mine is not None and not (current and r.clock == mine and check == r.fingerprint):
            need.append(rid)
    local = fetch(ctx.session, spec, need) if need else {}
    sheet = _lacking(spec, records)
    decisions: list[_Decision] = []
    for r, check in zip(records, checks, strict=True):
        rid = r.values["id"]
        mine_clock = ctx.local_clock(table, rid)
        if mine_clock is not None and rid not in local:
            decisions.append(_Decision(r, r.values, UNCHANGED))
            counts.unchanged += 1
            continue
        d = _decide(ctx, spec, r, local.get(rid), check, sheet)
        if isinstance(d, str):
            _reject(rejected, ctx, spec, r, d.split("\x1f")[0], "", d.split("\x1f")[1])
            continue
        decisions.append(d)
        outcome = UNCHANGED if d.outcome == CLOCK_ONLY else d.outcome
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    _apply(ctx, spec, decisions, local)
    counts.rejected = len(rejected)
    return counts, rejected


def _written(r: Incoming) -> dict[str, Any]:
    """The row's values as the file wrote them (IDs an alias replaced by ours put back)."""
    return {**r.values, **r.written_ids} if r.written_ids else r.values


# ---- deciding ------------------------------------------------------------------

def _decide(ctx: MergeContext, spec: SheetSpec, r: Incoming, mine: dict[str, Any] | None,
            check: str, sheet: tuple[tuple[str, ...], frozenset[str]]) -> _Decision | str:
    """What becomes of one incoming row; a str is a rejection (column, reason joined by \\x1f)."""
    lacking, provided = sheet
    incoming = _complete(spec, r, mine, lacking)
    if ctx.format_version >= 2:
        found = _incoming_clock(ctx, spec, r, incoming, mine, check, provided)
    else:
        found = _format_1_clock(ctx, spec, r, incoming, mine)
    if isinstance(found, str):
        return found
    clock_in, edited = found
    # The file's own text when it holds the history as it is (usually: a cache of texts read), else written anew.
    text_in = canonical_text(tracked(spec), r.clock) if not edited and r.clock and ctx.format_version >= 2 \
        else causal.format_clock(clock_in)
    if edited:
        # A hand edit is one more change by the sender, made when the file was exported.
        incoming["changed_by"] = ctx.source
        # Its revision counts the writes its history holds: a 修改次数 lowered by hand cannot take it back.
        incoming["revision"] = max(int(incoming.get("revision") or 0) + 1, sum(clock_in.vv.values()))
    _stamp_new(ctx, incoming)
    if mine is None:
        return _Decision(r, incoming, CREATED, incoming, text_in)
    ours = stored_clock(spec, mine)
    rel = relation(ours, clock_in)
    if rel in (Relation.SAME, Relation.OLD):
        return _Decision(r, incoming, UNCHANGED)
    if rel is Relation.NEWER:
        result = {**mine, **incoming}
        # A later version's revision is never lower than ours (unless typed so by hand).
        result["revision"] = max(int(mine.get("revision") or 1), int(incoming.get("revision") or 1))
        outcome = UPDATED if differing_fields(spec, mine, result) else CLOCK_ONLY
        return _Decision(r, incoming, outcome, result, text_in)
    joined = join(spec, Version(mine, ours), Version(incoming, clock_in))
    if joined.conflicts:
        return _Decision(r, incoming, CONFLICT, incoming, text_in, joined.kind.value,
                         mine.get("clock") or causal.format_clock(ours))
    result = joined.version.values
    if spec is ENTERPRISES:
        result["name_key"] = name_key(result["name"])  # the name may be theirs
    outcome = UPDATED if differing_fields(spec, mine, result) else CLOCK_ONLY
    return _Decision(r, incoming, outcome, result, causal.format_clock(joined.version.clock))


def _child(spec: SheetSpec) -> str | None:
    return spec.child.field if spec.child is not None else None


def _incoming_clock(ctx: MergeContext, spec: SheetSpec, r: Incoming, incoming: dict[str, Any],
                    mine: dict[str, Any] | None, check: str, provided: frozenset[str]) -> tuple[Clock, bool] | str:
    """The history of a row of format 2: its clock, with the fields a person edited in the spreadsheet
    as one more write by the sender."""
    fields = tracked(spec)
    rid = incoming["id"]
    try:
        clock = read_clock(fields, r.clock) if r.clock else None
    except ClockError:
        clock = None
    if clock is None:
        # Typed by hand (no ID, or its history cleared): all of it one write by the sender.
        return causal.single(causal.hand_actor(ctx.source, rid, "", check), 1, fields), True
    missing = [c.field for c in spec.content_columns if c.field not in provided] if len(provided) < \
        len(spec.content_columns) else []
    edited = set(V.edited_fields(spec, r.fingerprint, check)) & provided if r.fingerprint else set()
    if mine is not None:
        ours = stored_clock(spec, mine)
        for c in spec.content_columns:
            name = c.field
            if name in provided and name not in edited and clock.fields[name] == ours.fields[name] \
                    and not same_value(spec, name, incoming.get(name), mine.get(name)):
                edited.add(name)  # the same write cannot hold two values: a hand edit its check missed
        for name in missing:
            if any(not ours.seen(d) for d in clock.fields[name]):
                header = next(c.header for c in spec.content_columns if c.field == name)
                return (f"{header}\x1f工作表缺少“{header}”列，而该记录在来件中的这一字段有本机没有的修改，无法读取；"
                        "请用完整的导出文件")
    else:
        edited |= set(missing)  # a new record's missing column is empty here: the sender's edit
    if edited:
        clock = causal.tick(clock, causal.hand_actor(ctx.source, rid, r.clock, check), edited)
    return clock, bool(edited)


def _format_1_clock(ctx: MergeContext, spec: SheetSpec, r: Incoming, incoming: dict[str, Any],
                    mine: dict[str, Any] | None) -> tuple[Clock, bool]:
    """A row of format 1 (before clocks): a version known by its content hash, which descends from its
    同步基线 (and from its 版本指纹 when edited by hand). Ours is its ancestor when our content is either."""
    fields = tracked(spec)
    table = spec.table.name
    written = causal.v1_hash(table, {**incoming, **r.written_ids})
    own = causal.legacy_actor(written)
    edited = bool(r.fingerprint) and written != r.fingerprint
    vv = {own: 1}
    for h in (r.base, r.fingerprint if edited else ""):
        if h:
            vv[causal.legacy_actor(h)] = 1
    clock = Clock(vv, dict.fromkeys(fields, frozenset({(own, 1)})))
    if mine is None:
        return clock, edited
    ours = stored_clock(spec, mine)
    if ours.seen((own, 1)):
        return ours, False  # a version we hold or have moved past
    if causal.v1_hash(table, mine) in {r.base, r.fingerprint} - {""}:
        dots = {name: ours.fields[name] if same_value(spec, name, incoming.get(name), mine.get(name))
                else frozenset({(own, 1)}) for name in fields}
        return Clock(causal.max_vv(ours.vv, vv), dots, ours.lost), edited
    return clock, edited


def _stamp_new(ctx: MergeContext, out: dict[str, Any]) -> None:
    """Who and when, for a row a person added by hand: the sender, when the file was exported."""
    when = ctx.exported_at or ctx.now
    out["changed_by"] = out.get("changed_by") or ctx.source
    out["created_at"] = out.get("created_at") or when
    out["updated_at"] = out.get("updated_at") or when
    out["revision"] = int(out.get("revision") or 1)


# ---- identities and references ---------------------------------------------

def _assign_ids(ctx: MergeContext, spec: SheetSpec, records: list[Incoming],
                rejected: list[RejectedRow], seen: dict[str, int]) -> list[Incoming]:
    """Rows typed without an ID get a stable one; a second row with the same ID is rejected."""
    out = []
    for r in records:
        rid = r.values.get("id") or ""
        if not rid:
            content = "\x1f".join(V.canonical(c.kind, r.values.get(c.field)) for c in spec.content_columns)
            rid = str(uuid.uuid5(ROW_NAMESPACE, f"{ctx.source}\x1e{spec.key}\x1e{content}"))
        if rid in seen:
            _reject(rejected, ctx, spec, r, "ID", rid, f"与第 {seen[rid]} 行的 ID 重复")
            continue
        seen[rid] = r.row
        r.values["id"] = rid
        out.append(r)
    return out


def _alias_of(ctx: MergeContext, foreign: str) -> str | None:
    return ctx.changes.aliases.get(foreign) or ctx.state.aliases.get(foreign)


def _match_enterprises(ctx: MergeContext, records: list[Incoming], rejected: list[RejectedRow],
                       seen: SheetSeen) -> None:
    """An enterprise we already have under another ID (same credit code, else same name) is
    never created twice: the incoming ID becomes an alias of ours."""
    codes, names = seen.codes, seen.names
    changes, state = ctx.changes, ctx.state
    for r in list(records):
        v = r.values
        alias = _alias_of(ctx, v["id"])
        if alias:
            _alias(r, "id", alias)
        code, key = v.get("credit_code"), name_key(v.get("name") or "")
        if code and code in codes:
            _reject(rejected, ctx, ENTERPRISES, r, LABELS.credit_code, code,
                    f"与第 {codes[code]} 行的{LABELS.credit_code}相同（同一企业出现两次）")
            records.remove(r)
            continue
        if code:
            codes[code] = r.row
        if ctx.known("enterprises", v["id"]):
            continue
        match = None
        if code:
            match = changes.enterprise_codes.get(code) or state.enterprise_codes.get(code)
        if match is None:
            candidate = changes.enterprise_names.get(key) or state.enterprise_names.get(key)
            # The same name with two different credit codes is two enterprises.
            if candidate and not (code and _has_code(ctx, candidate)):
                match = candidate
        if match is None and not code and key in names:
            _reject(rejected, ctx, ENTERPRISES, r, LABELS.enterprise_name, v.get("name"),
                    f"与第 {names[key]} 行的{LABELS.enterprise_name}相同（同一企业出现两次）")
            records.remove(r)
            continue
        names.setdefault(key, r.row)
        if match is not None:
            changes.aliases[v["id"]] = match
            changes.alias_rows.append({"foreign_id": v["id"], "local_id": match, "record_type": "enterprises"})
            _alias(r, "id", match)
        else:
            if code:
                changes.enterprise_codes[code] = v["id"]
            changes.enterprise_names.setdefault(key, v["id"])


def _has_code(ctx: MergeContext, enterprise_id: str) -> bool:
    state = ctx.state
    if state.enterprises_with_code is None:
        state.enterprises_with_code = set(state.enterprise_codes.values())
    return enterprise_id in state.enterprises_with_code or enterprise_id in ctx.changes.enterprise_codes.values()


def _resolve_references(ctx: MergeContext, spec: SheetSpec, records: list[Incoming]) -> None:
    refs = [c.field for c in spec.columns if c.kind is K.REF and c.ref == "enterprises"]
    if not refs or not (ctx.state.aliases or ctx.changes.aliases):
        return
    for r in records:
        for f in refs:
            value = r.values.get(f)
            alias = _alias_of(ctx, value) if value else None
            if alias:
                _alias(r, f, alias)


def _alias(r: Incoming, name: str, local_id: str) -> None:
    r.written_ids.setdefault(name, r.values[name])
    r.values[name] = local_id


def _check_references(ctx: MergeContext, spec: SheetSpec, records: list[Incoming],
                      rejected: list[RejectedRow]) -> list[Incoming]:
    refs = [(c, BY_KEY[c.ref].table.name) for c in spec.columns if c.kind in (K.REF, K.REFS) and c.ref]
    if not refs:
        return records
    out = []
    for r in records:
        bad = None
        for c, table in refs:
            value = r.values.get(c.field)
            for ref in value if isinstance(value, list) else [value] if value else []:
                if not ctx.known(table, ref):
                    bad = (c, ref)
                    break
            if bad:
                break
        if bad:
            c, ref = bad
            noun = BY_KEY[c.ref or ""].noun
            _reject(rejected, ctx, spec, r, c.header, ref, f"引用的{noun}在本数据库和本文件中都不存在（或该行被拒绝）")
        else:
            out.append(r)
    return out


def _reject(rejected: list[RejectedRow], ctx: MergeContext, spec: SheetSpec, r: Incoming, column: str,
            value: Any, reason: str) -> None:
    rejected.append(RejectedRow(spec.title, r.row, r.header, r.raw,
                                [Rejection(ctx.file, spec.title, r.row, column, shown(value), reason)],
                                r.source or ctx.source))


# ---- the incoming version -------------------------------------------------------

def _complete(spec: SheetSpec, r: Incoming, mine: dict[str, Any] | None, lacking: tuple[str, ...]) -> dict[str, Any]:
    """The incoming record with every stored field: columns the file lacks (`lacking`, the same for every
    row of a sheet) keep our value (or the default)."""
    out = dict(r.values)
    for name in lacking:
        if mine is not None and name in mine:
            out[name] = mine[name]
        else:
            out[name] = _default(spec, name) if name != _child(spec) else []
    if spec is ENTERPRISES:
        out["name_key"] = name_key(out["name"])
    for name in _OURS_ONLY[spec.key]:  # bookkeeping of ours (a timeline entry's supersession)
        out[name] = mine[name] if mine is not None else _default(spec, name)
    return out


def _lacking(spec: SheetSpec, records: list[Incoming]) -> tuple[tuple[str, ...], frozenset[str]]:
    """What the sheet's rows leave out (stored fields and the list field), and the content fields they
    give: the same for every row of a sheet, which has one header."""
    if not records:
        return (), frozenset()
    present = records[0].values
    child = _child(spec)
    lacking = tuple(f for f in (*spec.model_fields, *((child,) if child else ())) if f not in present)
    return lacking, frozenset(c.field for c in spec.content_columns if c.field in present)


#: Stored columns no sheet carries, but for the enterprise's name key (made from its name).
_OURS_ONLY = {spec.key: tuple(c.name for c in spec.table.columns
                              if c.name not in spec.model_fields and c.name != "name_key") for spec in SHEETS}


def _default(spec: SheetSpec, name: str) -> Any:
    """A column the file lacks, for a record new here: the table's default (IDs and times are the file's
    to give, or are stamped)."""
    generated = name not in ("id", "created_at", "updated_at")
    return dialect.column_default(spec.table.c.get(name), generated=generated)


# ---- writing ------------------------------------------------------------------

@lru_cache(maxsize=64)
def _upsert(dialect_name: str, table: Table, keys: tuple[str, ...], update: tuple[str, ...] | None) -> Insert:
    return dialect.upsert(dialect_name, table, keys, update)


@lru_cache(maxsize=64)
def _insert(table: Table) -> Insert:
    return insert(table)


@lru_cache(maxsize=16)
def _set_clock(table: Table) -> Any:
    """The clock and who-and-when of records whose content stays (executed with many rows)."""
    return update(table).where(table.c.id == bindparam("rid")).values(
        clock=bindparam("clock"), **{name: bindparam(name) for name in _WHO_AND_WHEN})


def _apply(ctx: MergeContext, spec: SheetSpec, decisions: list[_Decision], local: dict[str, dict[str, Any]]) -> None:
    s = ctx.session
    table = spec.table
    # A plain str: the driver adapts a str subclass (SQLAlchemy's quoted_name) with a failing attribute
    # lookup in Python for each row, 4 % of writing the History and undo-log rows.
    record_type = str(table.name)
    changes = ctx.changes
    clocks = changes.clocks[record_type]
    stored = [c.name for c in table.columns]
    child = spec.child
    for d in decisions:
        if d.result is not None and d.outcome != CONFLICT:
            d.result["clock"] = d.clock
            if child is not None:
                d.result[child.field] = sorted(d.result.get(child.field) or [])
    # New records go in with a plain INSERT: SQLite's upsert costs a third more per row.
    for outcome, stmt in ((CREATED, _insert(table)), (UPDATED, _upsert(ctx.dialect, table, ("id",), None))):
        rows = [d.result for d in decisions if d.outcome == outcome and d.result is not None]
        if rows and any(k not in rows[0] for k in stored):
            rows = [{k: row.get(k) for k in stored} for row in rows]
        dialect.execute_many(s, stmt, rows)
    moved = [(d.result, d.clock) for d in decisions if d.outcome == CLOCK_ONLY and d.result is not None]
    if moved:
        s.execute(_set_clock(table), [{"rid": result["id"], "clock": clock,
                                       **{k: result.get(k) for k in _WHO_AND_WHEN}} for result, clock in moved])
    if child is not None:
        ct = child.table
        rewritten = [d for d in decisions if d.outcome in (CREATED, UPDATED) and d.result is not None]
        for part in chunks([d.result["id"] for d in rewritten if d.outcome == UPDATED]):  # type: ignore[index]
            s.execute(delete(ct).where(ct.c[child.parent_column].in_(part)))
        dialect.execute_many(s, _insert(ct), [{child.parent_column: d.result["id"], child.value_column: v}
                                              for d in rewritten if d.result is not None
                                              for v in d.result.get(child.field) or []])
    for d in decisions:
        rid = d.incoming["id"]
        if d.outcome == UNCHANGED:
            continue
        if d.outcome == CONFLICT:
            _raise_conflict(ctx, spec, d)
            continue
        assert d.result is not None
        clocks[rid] = d.clock
        if spec is PROBLEMS:
            changes.problems.add(rid)
            if d.outcome == CREATED and "| x " not in d.clock:
                changes.fresh_problems.add(rid)
        elif spec.key == "progress" and d.result.get("problem_id"):
            changes.problems.add(d.result["problem_id"])
        mine = local.get(rid)
        if mine is None:
            # Its creation row and its undo: the same for every record the file creates but for these.
            who = d.result.get("changed_by") or ctx.source
            changes.created_history.append((new_history_id(), rid, record_type, who))
            changes.created[record_type].append([rid, d.clock])
        else:
            if d.outcome != CLOCK_ONLY:
                diff = audit.diff(_plain(spec, mine), _plain(spec, d.result))
                changes.history.append({
                    "id": new_history_id(), "record_id": rid, "record_type": record_type,
                    "operation": audit.operation_for(mine, diff), "changed_at": ctx.now,
                    "installation_id": d.result.get("changed_by") or ctx.source, "actor": ctx.actor,
                    "via": ctx.via, "changes": diff, "received": False,
                })
            changes.undo.append({
                "batch_id": ctx.batch_id, "record_type": record_type, "record_id": rid,
                "operation": audit.UPDATE if d.outcome == UPDATED else CLOCK_ONLY,
                "before": V.to_json(mine), "after_hash": "", "after_clock": d.clock,
                "source_installation": ctx.source,
            })
        _close_settled(ctx, spec, rid, d.clock)


def _raise_conflict(ctx: MergeContext, spec: SheetSpec, d: _Decision) -> None:
    """A conflict is recorded once: a version a waiting conflict holds (or one it descends from) is
    counted against it; a newer version of the same side replaces the one it holds."""
    rid = d.incoming["id"]
    fields = tracked(spec)
    incoming = read_clock(fields, d.clock)
    for cid, text in ctx.waiting(rid).items():
        held = _readable(fields, text)
        if held is None:
            continue
        if held.descends_from(incoming):
            return
        if incoming.descends_from(held):
            values = {"incoming": V.to_json(d.incoming), "incoming_clock": d.clock, "local_clock": d.local_clock,
                      "incoming_hash": V.content_hash(spec, d.incoming), "kind": d.conflict_kind,
                      "source_installation": ctx.source, "source_file": ctx.file, "sheet": spec.title,
                      "row": d.record.row}
            _change_conflict(ctx, rid, cid, values, text)
            return
    cid = str(uuid.uuid4())
    ctx.changes.conflicts[rid][cid] = d.clock
    ctx.changes.conflict_rows.append({
        "id": cid, "batch_id": ctx.batch_id, "record_type": str(spec.table.name), "record_id": rid,
        "source_installation": ctx.source, "source_file": ctx.file, "sheet": spec.title,
        "row": d.record.row, "local_hash": "", "incoming_hash": V.content_hash(spec, d.incoming),
        "incoming": V.to_json(d.incoming), "created_at": ctx.now, "resolved_at": None, "resolution": None,
        "local_clock": d.local_clock, "incoming_clock": d.clock, "kind": d.conflict_kind,
    })


def _readable(fields: tuple[str, ...], text: str) -> Clock | None:
    try:
        return read_clock(fields, text) if text else None
    except ClockError:
        return None


def _close_settled(ctx: MergeContext, spec: SheetSpec, rid: str, clock: str) -> None:
    """Waiting conflicts that the record's new version settles (it descends from their incoming side)."""
    if rid not in ctx.state.open_conflicts and rid not in ctx.changes.conflicts:
        return
    waiting = ctx.waiting(rid)
    if not waiting:
        return
    fields = tracked(spec)
    now = read_clock(fields, clock)
    for cid, text in waiting.items():
        held = _readable(fields, text)
        if held is not None and now.descends_from(held):
            _change_conflict(ctx, rid, cid, {"resolved_at": ctx.now, "resolution": SUPERSEDED}, None)


_CONFLICT_STATE = ("incoming", "incoming_clock", "local_clock", "incoming_hash", "kind", "source_installation",
                   "source_file", "sheet", "row", "resolved_at", "resolution")


def _change_conflict(ctx: MergeContext, rid: str, cid: str, values: dict[str, Any], clock: str | None) -> None:
    """Update or close a waiting conflict, its state before logged for an undo."""
    ctx.changes.conflicts[rid][cid] = clock
    pending = next((row for row in ctx.changes.conflict_rows if row["id"] == cid), None)
    if pending is not None:  # raised by this file: not written yet
        pending.update(values)
        return
    c = table_of(ExchangeConflict)
    before = ctx.session.execute(select(*(c.c[k] for k in _CONFLICT_STATE)).where(c.c.id == cid)).one()
    ctx.changes.conflict_updates.append({"cid": cid, **{k: values.get(k, getattr(before, k)) for k in _CONFLICT_STATE}})
    ctx.changes.undo.append({
        "batch_id": ctx.batch_id, "record_type": "exchange_conflicts", "record_id": cid, "operation": CONFLICT_OP,
        "before": V.to_json(dict(before._mapping)), "after_hash": "", "after_clock": "",
        "source_installation": ctx.source,
    })


@lru_cache(maxsize=4)
def _update_conflict(_dialect: str) -> Any:
    c = table_of(ExchangeConflict)
    return update(c).where(c.c.id == bindparam("cid")).values(**{k: bindparam(k) for k in _CONFLICT_STATE})


#: Audit-trail and undo-log rows a file's merge holds before writing them (see write_pending).
PENDING_ROWS = 20_000


def write_pending(ctx: MergeContext, *, at_least: int = 0) -> None:
    """Write the audit-trail and undo-log rows gathered so far (when there are `at_least` of them), inside
    the file's transaction, and drop them: a big file's merge holds them a piece at a time. Conflicts wait
    for finish_file (a later row of the file may still change one it raised)."""
    c = ctx.changes
    if len(c.history) + len(c.undo) + len(c.created_history) < max(at_least, 1):
        return
    s, name = ctx.session, ctx.dialect
    # The grouped rows first: a record the file created has no other undo-log row of this file, and
    # an undo reads each record's rows in the order written.
    write_rows(s, name, c.history, created_rows(ctx.batch_id, ctx.source, c.created) + c.undo, [])
    for i in range(0, len(c.created_history), BATCH):
        dialect.insert_many(s, table_of(History), _CREATION_COLUMNS, c.created_history[i:i + BATCH], {
            "operation": audit.CREATE, "changed_at": ctx.now, "actor": ctx.actor, "via": ctx.via, "changes": {},
            "received": False})
    c.history, c.undo, c.created_history = [], [], []
    c.created.clear()


def finish_file(ctx: MergeContext) -> None:
    """Write the file's bookkeeping rows, in batches, before its transaction commits."""
    c = ctx.changes
    s, name = ctx.session, ctx.dialect
    write_pending(ctx)
    write_rows(s, name, [], [], c.conflict_rows)
    if c.conflict_updates:
        s.execute(_update_conflict(name), c.conflict_updates)
    dialect.execute_many(s, _upsert(name, table_of(ExchangeAlias), ("foreign_id",), None), c.alias_rows)
    problems = c.problems - c.fresh_problems
    if problems:
        from app.exchange.superseded import refresh

        refresh(s, problems)


#: What differs between the creation rows of a file's records in the audit trail (see created_history).
_CREATION_COLUMNS = ("id", "record_id", "record_type", "installation_id")
#: Records per grouped undo-log row: its JSON stays a few hundred kilobytes for a file of any size.
CREATED_PER_ROW = 5000


def created_rows(batch_id: str, source: str, created: dict[str, list[list[str]]]) -> list[dict[str, Any]]:
    """The undo log of the records a file created: one row per table (and per CREATED_PER_ROW records)
    listing each record's ID and clock, which is all an undo needs of a record it takes back (that it is
    still that version). app.exchange.undo reads them as one 新增 row per record."""
    return [{"batch_id": batch_id, "record_type": table, "record_id": pairs[i][0], "operation": CREATED_MANY,
             "before": {"created": pairs[i:i + CREATED_PER_ROW]}, "after_hash": "", "after_clock": "",
             "source_installation": source}
            for table, pairs in created.items() for i in range(0, len(pairs), CREATED_PER_ROW)]


def write_rows(s: Session, dialect_name: str, history: list[dict[str, Any]], changes: list[dict[str, Any]],
               conflicts: list[dict[str, Any]]) -> None:
    """The merge's bookkeeping, in batches."""
    statements = (
        (_insert(table_of(History)), history),
        (_insert(table_of(ExchangeChange)), changes),
        (_insert(table_of(ExchangeConflict)), conflicts),
    )
    for stmt, rows in statements:
        for i in range(0, len(rows), BATCH):
            dialect.execute_many(s, stmt, rows[i:i + BATCH])


def _plain(spec: SheetSpec, record: dict[str, Any]) -> dict[str, Any]:
    """The fields the audit trail compares (the table's own, plus the child list)."""
    out = {c.name: record.get(c.name) for c in spec.table.columns}
    if spec.child is not None:
        out[spec.child.field] = sorted(record.get(spec.child.field) or [])
    return out
