"""The three-way merge of an exchange workbook's records into the database.

For each record, by UUID (or by an alias for an enterprise we already had):
  - absent here → created;
  - same content as here → unchanged;
  - a version we have already held, or the one this source sent last time →
    unchanged (our newer version stays);
  - our version is the one the incoming derives from (its 同步基线, its
    版本指纹 if edited by hand in the spreadsheet, or what this source sent us
    last) → updated;
  - otherwise both sides changed → a conflict keeping both versions.
Deletions are tombstones (删除时间) and merge like any other change.

What the decisions need (our records' content hashes, bases, versions held,
aliases, waiting conflicts) is read once per batch into a BatchState and kept
current as each file commits — 500 small files must not mean 500 times a dozen
queries — and read again if another connection wrote in between. Everything a
file changes is written in bulk inside that file's one transaction: the rows,
the History rows the ORM hooks would have written, the batch's undo log, and
the bases for the next merge."""

from __future__ import annotations

import os
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Insert, Table, delete, insert, select
from sqlalchemy.orm import Session

from app.exchange import values as V
from app.exchange.cells import shown
from app.exchange.parse import Incoming, RejectedRow, Rejection
from app.exchange.records import chunks, fetch, iter_records
from app.exchange.schema import BY_KEY, ENTERPRISES, SHEETS, K, SheetSpec
from app.standards.text import name_key
from db import audit, dialect
from db.exchange_models import (
    ExchangeAlias,
    ExchangeBase,
    ExchangeChange,
    ExchangeConflict,
    ExchangeVersion,
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
#: The undo log's operation for a record the merge left as it was, but whose bases or known versions it
#: changed (its after_hash: the version the bases moved to).
BASES_ONLY = "基线"


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

    #: table → record ID → content hash of our current version.
    #: (`versions` holds every version known here: the versions table and every base.)
    hashes: dict[str, dict[str, str]] = field(default_factory=dict)
    enterprise_codes: dict[str, str] = field(default_factory=dict)
    enterprise_names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    bases: dict[tuple[str, str], str] = field(default_factory=dict)
    versions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    open_conflicts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    loaded: bool = False
    #: Enterprises that have a credit code (built when first needed).
    enterprises_with_code: set[str] | None = None

    def load(self, s: Session) -> None:
        self.__init__()  # type: ignore[misc]
        for spec in SHEETS:
            table = self.hashes[spec.table.name] = {}
            # Only what the hash and the enterprise keys need: the sync columns cost most to read.
            columns = {c.field for c in spec.content_columns} | {"credit_code", "name_key", "deleted_at"}
            for r in iter_records(s, spec, columns=columns):
                table[r["id"]] = V.content_hash(spec, r)
                if spec is ENTERPRISES:
                    if r["credit_code"]:
                        self.enterprise_codes[r["credit_code"]] = r["id"]
                    if r["deleted_at"] is None:
                        self.enterprise_names.setdefault(r["name_key"], r["id"])
        a = table_of(ExchangeAlias)
        self.aliases = {f: loc for f, loc in s.execute(select(a.c.foreign_id, a.c.local_id))}
        b = table_of(ExchangeBase)
        self.bases = {(r, i): h for r, i, h in s.execute(select(b.c.record_id, b.c.installation_id,
                                                                b.c.content_hash))}
        for (rid, _installation), h in self.bases.items():
            self.versions[rid].add(h)
        v = table_of(ExchangeVersion)
        for rid, h in s.execute(select(v.c.record_id, v.c.content_hash)):
            self.versions[rid].add(h)
        c = table_of(ExchangeConflict)
        for rid, h in s.execute(select(c.c.record_id, c.c.incoming_hash).where(c.c.resolved_at.is_(None))):
            self.open_conflicts[rid].add(h)
        self.loaded = True


@dataclass
class FileChanges:
    """What one file's transaction changes in the BatchState: applied after it commits."""

    hashes: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    enterprise_codes: dict[str, str] = field(default_factory=dict)
    enterprise_names: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    bases: dict[tuple[str, str], str] = field(default_factory=dict)
    versions: list[tuple[str, str]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    # Rows to write at the end of the file.
    history: list[dict[str, Any]] = field(default_factory=list)
    undo: list[dict[str, Any]] = field(default_factory=list)
    conflict_rows: list[dict[str, Any]] = field(default_factory=list)
    alias_rows: list[dict[str, Any]] = field(default_factory=list)

    def apply_to(self, state: BatchState) -> None:
        for table, hashes in self.hashes.items():
            state.hashes.setdefault(table, {}).update(hashes)
        state.enterprise_codes.update(self.enterprise_codes)
        if state.enterprises_with_code is not None:
            state.enterprises_with_code.update(self.enterprise_codes.values())
        for key, eid in self.enterprise_names.items():
            state.enterprise_names.setdefault(key, eid)
        state.aliases.update(self.aliases)
        state.bases.update(self.bases)
        for (rid, _installation), h in self.bases.items():
            state.versions[rid].add(h)
        for rid, h in self.versions:
            state.versions[rid].add(h)
        for rid, h in self.conflicts:
            state.open_conflicts[rid].add(h)


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

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def local_hash(self, table: str, rid: str) -> str | None:
        return self.changes.hashes[table].get(rid) or self.state.hashes.get(table, {}).get(rid)

    def known(self, table: str, rid: str) -> bool:
        return self.local_hash(table, rid) is not None

    def base(self, rid: str, installation: str) -> str | None:
        key = (rid, installation)
        return self.changes.bases.get(key) or self.state.bases.get(key)


@dataclass
class _Decision:
    record: Incoming
    incoming: dict[str, Any]
    h_in: str
    h_local: str
    outcome: str


def merge_sheet(ctx: MergeContext, spec: SheetSpec, records: list[Incoming]) -> tuple[Counts, list[RejectedRow]]:
    counts = Counts()
    rejected: list[RejectedRow] = []
    records = _assign_ids(ctx, spec, records, rejected)
    if spec is ENTERPRISES:
        _match_enterprises(ctx, records, rejected)
    _resolve_references(ctx, spec, records)
    records = _check_references(ctx, spec, records, rejected)
    table = spec.table.name
    existing = [r.values["id"] for r in records if ctx.local_hash(table, r.values["id"]) is not None]
    # Our version is read only where it is needed: for columns the file lacks, and (below) for
    # the records the file changes (their History and undo log need the old values).
    wanted = (*spec.model_fields, *((spec.child.field,) if spec.child else ()))
    whole = not records or all(f in records[0].values for f in wanted)
    local = fetch(ctx.session, spec, existing) if existing and not whole else {}
    decisions: list[_Decision] = []
    for r in records:
        rid = r.values["id"]
        incoming = _complete(spec, r, local.get(rid))
        h_in = V.content_hash(spec, incoming)
        if r.fingerprint:
            # Edited by hand in the spreadsheet: the content no longer matches the fingerprint written with it.
            written = h_in if not r.aliased else V.content_hash(spec, {**incoming, **r.written_ids})
            edited = written != r.fingerprint
        else:
            edited = True
        _stamp(ctx, incoming, edited)
        h_local = ctx.local_hash(table, rid)
        src_base = ctx.base(rid, ctx.source)
        if h_local is None:
            outcome = CREATED
        elif h_in == h_local:
            outcome = UNCHANGED
        elif h_in == src_base or h_in in ctx.state.versions.get(rid, ()):
            outcome = UNCHANGED  # an old version: ours is newer
        elif h_local in {r.base, r.fingerprint, src_base} - {"", None}:
            outcome = UPDATED
        else:
            outcome = CONFLICT
        decisions.append(_Decision(r, incoming, h_in, h_local or "", outcome))
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    if whole:
        local = fetch(ctx.session, spec, [d.incoming["id"] for d in decisions if d.outcome == UPDATED])
    _apply(ctx, spec, decisions, local)
    counts.rejected = len(rejected)
    return counts, rejected


# ---- identities and references ---------------------------------------------

def _assign_ids(ctx: MergeContext, spec: SheetSpec, records: list[Incoming],
                rejected: list[RejectedRow]) -> list[Incoming]:
    """Rows typed without an ID get a stable one; a second row with the same ID is rejected."""
    seen: dict[str, int] = {}
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


def _match_enterprises(ctx: MergeContext, records: list[Incoming], rejected: list[RejectedRow]) -> None:
    """An enterprise we already have under another ID (same credit code, else same name) is
    never created twice: the incoming ID becomes an alias of ours."""
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    changes, state = ctx.changes, ctx.state
    for r in list(records):
        v = r.values
        alias = _alias_of(ctx, v["id"])
        if alias:
            _alias(r, "id", alias)
        code, key = v.get("credit_code"), name_key(v.get("name") or "")
        if code and code in codes:
            _reject(rejected, ctx, ENTERPRISES, r, "统一社会信用代码", code,
                    f"与第 {codes[code]} 行的统一社会信用代码相同（同一企业出现两次）")
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
            _reject(rejected, ctx, ENTERPRISES, r, "企业名称", v.get("name"),
                    f"与第 {names[key]} 行的企业名称相同（同一企业出现两次）")
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

def _complete(spec: SheetSpec, r: Incoming, mine: dict[str, Any] | None) -> dict[str, Any]:
    """The incoming record with every stored field: columns the file lacks keep our value (or the default)."""
    v = r.values
    out: dict[str, Any] = {}
    for name in spec.model_fields:
        if name in v:
            out[name] = v[name]
        elif mine is not None and name in mine:
            out[name] = mine[name]
        else:
            out[name] = _default(spec, name)
    if spec.child is not None:
        child = spec.child.field
        out[child] = v[child] if child in v else (mine or {}).get(child, [])
    if spec is ENTERPRISES:
        out["name_key"] = name_key(out["name"])
    return out


def _stamp(ctx: MergeContext, out: dict[str, Any], edited: bool) -> None:
    """Sync fields: who made this version and when. A hand edit is a new version by the sender."""
    if edited or not out.get("changed_by"):
        out["changed_by"] = ctx.source
    out["created_at"] = out.get("created_at") or ctx.now
    if edited or not out.get("updated_at"):
        out["updated_at"] = ctx.now
        out["revision"] = int(out.get("revision") or 0) + 1


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


def _apply(ctx: MergeContext, spec: SheetSpec, decisions: list[_Decision], local: dict[str, dict[str, Any]]) -> None:
    s = ctx.session
    table = spec.table
    # A plain str: the driver adapts a str subclass (SQLAlchemy's quoted_name) with a failing attribute
    # lookup in Python for each row, 4 % of writing the History and undo-log rows.
    record_type = str(table.name)
    changes = ctx.changes
    stored = [c.name for c in table.columns]
    writes = [d for d in decisions if d.outcome in (CREATED, UPDATED)]
    # The incoming dicts hold every stored column (extra keys are ignored by execute_many).
    # New records go in with a plain INSERT: SQLite's upsert costs a third more per row.
    for outcome, stmt in ((CREATED, _insert(table)), (UPDATED, _upsert(ctx.dialect, table, ("id",), None))):
        rows = [d.incoming for d in writes if d.outcome == outcome]
        if rows and any(k not in rows[0] for k in stored):
            rows = [{k: row.get(k) for k in stored} for row in rows]
        dialect.execute_many(s, stmt, rows)
    child = spec.child
    if child is not None and writes:
        ct = child.table
        for part in chunks([d.incoming["id"] for d in writes if d.outcome == UPDATED]):
            s.execute(delete(ct).where(ct.c[child.parent_column].in_(part)))
        dialect.execute_many(s, _insert(ct), [{child.parent_column: d.incoming["id"], child.value_column: v}
                                              for d in writes for v in d.incoming.get(child.field) or []])
    held = ctx.state.versions
    for d in decisions:
        rid = d.incoming["id"]
        if d.outcome == CONFLICT:
            if d.h_in not in ctx.state.open_conflicts.get(rid, ()) and (rid, d.h_in) not in changes.conflicts:
                changes.conflicts.append((rid, d.h_in))
                changes.conflict_rows.append({
                    "id": str(uuid.uuid4()), "batch_id": ctx.batch_id, "record_type": record_type, "record_id": rid,
                    "source_installation": ctx.source, "source_file": ctx.file, "sheet": spec.title,
                    "row": d.record.row, "local_hash": d.h_local, "incoming_hash": d.h_in,
                    "incoming": V.to_json(d.incoming), "created_at": ctx.now, "resolved_at": None,
                    "resolution": None,
                })
            continue
        source_before = ctx.base(rid, ctx.source)
        self_before = ctx.base(rid, ctx.self_id)
        # Versions we now hold or have moved past: a later copy of any of them is old news. A version
        # that is some installation's base is known from the bases; one that stops being a base is
        # remembered as a version.
        known = {d.h_local, source_before, self_before}
        if d.outcome in (CREATED, UPDATED):
            known |= {d.record.base, d.record.fingerprint}
        new_bases = {d.h_in}
        moved = False
        if source_before != d.h_in:
            changes.bases[(rid, ctx.source)] = d.h_in
            moved = True
        if (d.outcome != UNCHANGED or d.h_in == d.h_local) and self_before != d.h_in:
            changes.bases[(rid, ctx.self_id)] = d.h_in
            moved = True
        elif self_before:
            new_bases.add(self_before)
        have = held.get(rid, ())
        added = [h for h in known - new_bases if h and h not in have]
        changes.versions += [(rid, h) for h in added]
        if d.outcome == UNCHANGED:
            if moved or added:
                # The record stays, but what the merge knows of it changed: an undo sets that back too.
                changes.undo.append({
                    "batch_id": ctx.batch_id, "record_type": record_type, "record_id": rid,
                    "operation": BASES_ONLY, "before": None, "after_hash": d.h_in,
                    "source_installation": ctx.source, "source_base_before": source_before,
                    "self_base_before": self_before, "added_versions": added,
                })
            continue
        if d.outcome in (CREATED, UPDATED):
            changes.hashes[record_type][rid] = d.h_in
            mine = local.get(rid)
            before = _plain(spec, mine) if mine is not None else None
            if spec.child is not None:
                d.incoming[spec.child.field] = sorted(d.incoming[spec.child.field] or [])
            # A record the import creates gets an empty creation row: its values are the file's, and
            # the history service rebuilds them from the record and its later changes. Writing them
            # here would be a third of what a merge stores.
            diff = {} if mine is None else audit.diff(before, _plain(spec, d.incoming))
            changes.history.append({
                "id": new_history_id(), "record_id": rid, "record_type": record_type,
                "operation": audit.operation_for(before, diff), "changed_at": ctx.now,
                "installation_id": d.incoming.get("changed_by") or ctx.source, "actor": ctx.actor,
                "via": ctx.via, "changes": diff, "received": False,
            })
            changes.undo.append({
                "batch_id": ctx.batch_id, "record_type": record_type, "record_id": rid,
                "operation": audit.CREATE if mine is None else audit.UPDATE,
                "before": V.to_json(mine) if mine is not None else None, "after_hash": d.h_in,
                "source_installation": ctx.source, "source_base_before": source_before,
                "self_base_before": self_before, "added_versions": added,
            })


def finish_file(ctx: MergeContext) -> None:
    """Write the file's bookkeeping rows, in batches, before its transaction commits."""
    c = ctx.changes
    s, name = ctx.session, ctx.dialect
    known = ctx.state.bases
    fresh = [{"record_id": r, "installation_id": i, "content_hash": h} for (r, i), h in c.bases.items()
             if (r, i) not in known]
    dialect.execute_many(s, _insert(table_of(ExchangeBase)), fresh)
    bases = [{"record_id": r, "installation_id": i, "content_hash": h} for (r, i), h in c.bases.items()
             if (r, i) in known]
    write_rows(s, name, bases, [{"record_id": r, "content_hash": h} for r, h in c.versions], c.history, c.undo,
               c.conflict_rows)
    dialect.execute_many(s, _upsert(name, table_of(ExchangeAlias), ("foreign_id",), None), c.alias_rows)


def write_rows(s: Session, dialect_name: str, bases: list[dict[str, Any]], versions: list[dict[str, Any]],
               history: list[dict[str, Any]], changes: list[dict[str, Any]],
               conflicts: list[dict[str, Any]]) -> None:
    """The merge's bookkeeping, in batches."""
    statements = (
        (_upsert(dialect_name, table_of(ExchangeBase), ("record_id", "installation_id"), ("content_hash",)), bases),
        (_upsert(dialect_name, table_of(ExchangeVersion), ("record_id", "content_hash"), ()), versions),
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
