"""The three-way merge of one sheet of incoming records into the database.

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

Everything is written in bulk with Core statements inside the caller's
transaction (one per file), including the History rows the ORM hooks would
have written, an undo log for the batch, and the bases for the next merge."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from app.exchange import values as V
from app.exchange.cells import shown
from app.exchange.parse import Incoming, RejectedRow, Rejection
from app.exchange.records import chunks, fetch
from app.exchange.schema import BY_KEY, K, SheetSpec
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
from db.models import Enterprise, History

#: Row IDs made up for rows typed without an ID: the same row gives the same ID on every import.
ROW_NAMESPACE = uuid.UUID("6f1c0e1e-3b8e-4a52-9d61-6a0e2b7c5d10")
BATCH = 2000
CREATED, UPDATED, UNCHANGED, CONFLICT = "created", "updated", "unchanged", "conflicts"


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
class MergeContext:
    session: Session
    self_id: str
    #: The installation that exported the file.
    source: str
    file: str
    batch_id: str
    actor: str
    via: str
    now: datetime
    #: sheet key → local IDs of records present here or accepted from this file.
    known: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: foreign ID → local ID (enterprises matched by credit code or name).
    aliases: dict[str, str] = field(default_factory=dict)

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name


@dataclass
class _Decision:
    record: Incoming
    local: dict[str, Any] | None
    incoming: dict[str, Any]
    h_in: str
    h_local: str
    outcome: str


def merge_sheet(ctx: MergeContext, spec: SheetSpec, records: list[Incoming]) -> tuple[Counts, list[RejectedRow]]:
    counts = Counts()
    rejected: list[RejectedRow] = []
    s = ctx.session
    records = _assign_ids(ctx, spec, records, rejected)
    if spec.key == "enterprises":
        _match_enterprises(ctx, records, rejected)
    _resolve_references(ctx, spec, records)
    local = fetch(s, spec, [r.values["id"] for r in records])
    ctx.known[spec.key].update(local)
    records = _check_references(ctx, spec, records, rejected)
    ids = [r.values["id"] for r in records]
    src_bases = _bases(s, ids, ctx.source)
    self_bases = _bases(s, ids, ctx.self_id)
    versions = _versions(s, ids)
    open_conflicts = _open_conflicts(s, ids)
    decisions: list[_Decision] = []
    for r in records:
        rid = r.values["id"]
        mine = local.get(rid)
        incoming = _complete(spec, r, mine)
        h_in = V.content_hash(spec, incoming)
        if r.fingerprint:
            # Edited by hand in the spreadsheet: the content no longer matches the fingerprint written with it.
            as_written = _as_written(spec, r, incoming) if r.aliased else incoming
            edited = (h_in if as_written is incoming else V.content_hash(spec, as_written)) != r.fingerprint
        else:
            edited = True
        _stamp(ctx, incoming, edited)
        h_local = V.content_hash(spec, mine) if mine is not None else ""
        if mine is None:
            outcome = CREATED
        elif h_in == h_local:
            outcome = UNCHANGED
        elif h_in == src_bases.get(rid) or h_in in versions.get(rid, ()):
            outcome = UNCHANGED  # an old version: ours is newer
        elif h_local in {r.base, r.fingerprint, src_bases.get(rid)} - {""}:
            outcome = UPDATED
        else:
            outcome = CONFLICT
        decisions.append(_Decision(r, mine, incoming, h_in, h_local, outcome))
        ctx.known[spec.key].add(rid)
    _apply(ctx, spec, decisions, src_bases, self_bases, versions, open_conflicts)
    for d in decisions:
        setattr(counts, d.outcome, getattr(counts, d.outcome) + 1)
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


def _load_aliases(ctx: MergeContext, ids: Iterable[str]) -> None:
    t = table_of(ExchangeAlias)
    wanted = [i for i in set(ids) if i and i not in ctx.aliases]
    for part in chunks(wanted):
        ctx.aliases.update(ctx.session.execute(
            select(t.c.foreign_id, t.c.local_id).where(t.c.foreign_id.in_(part))).all())


def _match_enterprises(ctx: MergeContext, records: list[Incoming], rejected: list[RejectedRow]) -> None:
    """An enterprise we already have under another ID (same credit code, else same name) is
    never created twice: the incoming ID becomes an alias of ours."""
    s = ctx.session
    _load_aliases(ctx, (r.values["id"] for r in records))
    for r in records:
        if r.values["id"] in ctx.aliases:
            _alias(r, "id", ctx.aliases[r.values["id"]])
    present = set(fetch(s, BY_KEY["enterprises"], [r.values["id"] for r in records]))
    e = table_of(Enterprise)
    codes: dict[str, int] = {}
    names: dict[str, int] = {}
    for r in list(records):
        v = r.values
        code, key = v.get("credit_code"), name_key(v.get("name") or "")
        if code and code in codes:
            _reject(rejected, ctx, BY_KEY["enterprises"], r, "统一社会信用代码", code,
                    f"与第 {codes[code]} 行的统一社会信用代码相同（同一企业出现两次）")
            records.remove(r)
            continue
        if code:
            codes[code] = r.row
        if v["id"] in present:
            continue
        match = None
        if code:
            match = s.execute(select(e.c.id, e.c.credit_code).where(e.c.credit_code == code)).first()
        if match is None:
            for row in s.execute(select(e.c.id, e.c.credit_code).where(e.c.name_key == key, e.c.deleted_at.is_(None))):
                if not code or not row.credit_code:
                    match = row
                    break
        if match is None and not code and key in names:
            _reject(rejected, ctx, BY_KEY["enterprises"], r, "企业名称", v.get("name"),
                    f"与第 {names[key]} 行的企业名称相同（同一企业出现两次）")
            records.remove(r)
            continue
        names.setdefault(key, r.row)
        if match is not None:
            ctx.aliases[v["id"]] = match.id
            s.execute(dialect.upsert(ctx.dialect, table_of(ExchangeAlias), ["foreign_id"]),
                      [{"foreign_id": v["id"], "local_id": match.id, "record_type": "enterprises"}])
            _alias(r, "id", match.id)


def _resolve_references(ctx: MergeContext, spec: SheetSpec, records: list[Incoming]) -> None:
    refs = [c.field for c in spec.columns if c.kind is K.REF and c.ref == "enterprises"]
    if not refs:
        return
    _load_aliases(ctx, (r.values.get(f) or "" for r in records for f in refs))
    for r in records:
        for f in refs:
            value = r.values.get(f)
            if value and value in ctx.aliases:
                _alias(r, f, ctx.aliases[value])


def _alias(r: Incoming, name: str, local_id: str) -> None:
    r.written_ids.setdefault(name, r.values[name])
    r.values[name] = local_id


def _check_references(ctx: MergeContext, spec: SheetSpec, records: list[Incoming],
                      rejected: list[RejectedRow]) -> list[Incoming]:
    refs = [c for c in spec.columns if c.kind in (K.REF, K.REFS) and c.ref]
    if not refs:
        return records
    for c in refs:
        wanted: set[str] = set()
        for r in records:
            value = r.values.get(c.field)
            wanted.update(value if isinstance(value, list) else [value] if value else [])
        _load_known(ctx, BY_KEY[c.ref or ""], wanted)
    out = []
    for r in records:
        bad = None
        for c in refs:
            value = r.values.get(c.field)
            for ref in value if isinstance(value, list) else [value] if value else []:
                if ref not in ctx.known[c.ref or ""]:
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


def _load_known(ctx: MergeContext, spec: SheetSpec, ids: set[str]) -> None:
    missing = [i for i in ids if i not in ctx.known[spec.key]]
    table = spec.table
    for part in chunks(missing):
        ctx.known[spec.key].update(ctx.session.scalars(select(table.c.id).where(table.c.id.in_(part))))


def _reject(rejected: list[RejectedRow], ctx: MergeContext, spec: SheetSpec, r: Incoming, column: str,
            value: Any, reason: str) -> None:
    rejected.append(RejectedRow(spec.title, r.row, r.header, r.raw,
                                [Rejection(ctx.file, spec.title, r.row, column, shown(value), reason)],
                                r.source or ctx.source))


# ---- versions -----------------------------------------------------------------

def _bases(s: Session, ids: list[str], installation: str) -> dict[str, str]:
    t = table_of(ExchangeBase)
    out: dict[str, str] = {}
    for part in chunks(ids):
        out.update(s.execute(select(t.c.record_id, t.c.content_hash).where(
            t.c.installation_id == installation, t.c.record_id.in_(part))).all())
    return out


def _versions(s: Session, ids: list[str]) -> dict[str, set[str]]:
    t = table_of(ExchangeVersion)
    out: dict[str, set[str]] = defaultdict(set)
    for part in chunks(ids):
        for rid, h in s.execute(select(t.c.record_id, t.c.content_hash).where(t.c.record_id.in_(part))):
            out[rid].add(h)
    return out


def _open_conflicts(s: Session, ids: list[str]) -> dict[str, set[str]]:
    t = table_of(ExchangeConflict)
    out: dict[str, set[str]] = defaultdict(set)
    for part in chunks(ids):
        for rid, h in s.execute(select(t.c.record_id, t.c.incoming_hash).where(
                t.c.resolved_at.is_(None), t.c.record_id.in_(part))):
            out[rid].add(h)
    return out


def _complete(spec: SheetSpec, r: Incoming, mine: dict[str, Any] | None) -> dict[str, Any]:
    """The incoming record with every stored field: columns the file lacks keep our value (or the default)."""
    v = r.values
    out: dict[str, Any] = {}
    child = spec.child.field if spec.child else None
    for name in spec.model_fields:
        if name in v:
            out[name] = v[name]
        elif mine is not None and name in mine:
            out[name] = mine[name]
        else:
            out[name] = _default(spec, name)
    if child:
        out[child] = v[child] if child in v else (mine or {}).get(child, [])
    if spec.key == "enterprises":
        out["name_key"] = name_key(out["name"])
    return out


def _as_written(spec: SheetSpec, r: Incoming, incoming: dict[str, Any]) -> dict[str, Any]:
    """The record with the IDs the file wrote (before aliases), as its fingerprint was computed."""
    return {**incoming, **r.written_ids}


def _stamp(ctx: MergeContext, out: dict[str, Any], edited: bool) -> None:
    """Sync fields: who made this version and when. A hand edit is a new version by the sender."""
    if edited or not out.get("changed_by"):
        out["changed_by"] = ctx.source
    out["created_at"] = out.get("created_at") or ctx.now
    if edited or not out.get("updated_at"):
        out["updated_at"] = ctx.now
        out["revision"] = int(out.get("revision") or 0) + 1


def _default(spec: SheetSpec, name: str) -> Any:
    column = spec.table.c.get(name)
    if column is None:
        return None
    default: Any = column.default
    if default is not None and default.is_scalar:
        return default.arg
    if default is not None and default.is_callable and name not in ("id", "created_at", "updated_at"):
        return default.arg(None)
    return None


# ---- writing ------------------------------------------------------------------

def _apply(ctx: MergeContext, spec: SheetSpec, decisions: list[_Decision], src_bases: dict[str, str],
           self_bases: dict[str, str], versions: dict[str, set[str]], open_conflicts: dict[str, set[str]]) -> None:
    s = ctx.session
    name = ctx.dialect
    table = spec.table
    child = spec.child
    stored = [c.name for c in table.columns]
    writes = [d for d in decisions if d.outcome in (CREATED, UPDATED)]
    rows = [{k: d.incoming.get(k) for k in stored} for d in writes]
    upsert = dialect.upsert(name, table, ["id"])
    for i in range(0, len(rows), BATCH):
        s.execute(upsert, rows[i:i + BATCH])
    if child is not None and writes:
        ct = child.table
        for part in chunks([d.incoming["id"] for d in writes if d.outcome == UPDATED]):
            s.execute(delete(ct).where(ct.c[child.parent_column].in_(part)))
        children = [{child.parent_column: d.incoming["id"], child.value_column: v}
                    for d in writes for v in d.incoming.get(child.field) or []]
        for i in range(0, len(children), BATCH):
            s.execute(insert(ct), children[i:i + BATCH])
    history, changes, base_rows, version_rows, conflicts = [], [], [], [], []
    for d in decisions:
        rid = d.incoming["id"]
        if d.outcome == CONFLICT:
            if d.h_in not in open_conflicts.get(rid, set()):
                conflicts.append({
                    "id": str(uuid.uuid4()), "batch_id": ctx.batch_id, "record_type": table.name, "record_id": rid,
                    "source_installation": ctx.source, "source_file": ctx.file, "sheet": spec.title,
                    "row": d.record.row, "local_hash": d.h_local, "incoming_hash": d.h_in,
                    "incoming": V.to_json(d.incoming), "created_at": ctx.now, "resolved_at": None,
                    "resolution": None,
                })
            continue
        base_rows.append({"record_id": rid, "installation_id": ctx.source, "content_hash": d.h_in})
        if d.outcome != UNCHANGED or d.h_in == d.h_local:
            base_rows.append({"record_id": rid, "installation_id": ctx.self_id, "content_hash": d.h_in})
        held = versions.get(rid, set())
        # Versions we now hold or have moved past: a later copy of any of them is old news.
        known = {d.h_in, d.h_local}
        if d.outcome in (CREATED, UPDATED):
            known |= {d.record.base, d.record.fingerprint}
        added = [h for h in known - {""} if h not in held]
        version_rows += [{"record_id": rid, "content_hash": h} for h in added]
        if d.outcome in (CREATED, UPDATED):
            before = _plain(spec, d.local) if d.local is not None else None
            after = _plain(spec, d.incoming)
            diff = audit.diff(before, after)
            history.append({
                "id": str(uuid.uuid4()), "record_id": rid, "record_type": table.name,
                "operation": audit.operation_for(before, diff), "changed_at": ctx.now,
                "installation_id": d.incoming.get("changed_by") or ctx.source, "actor": ctx.actor,
                "via": ctx.via, "changes": diff,
            })
            changes.append({
                "batch_id": ctx.batch_id, "record_type": table.name, "record_id": rid,
                "operation": audit.CREATE if d.local is None else audit.UPDATE,
                "before": V.to_json(d.local) if d.local is not None else None, "after_hash": d.h_in,
                "source_installation": ctx.source, "source_base_before": src_bases.get(rid),
                "self_base_before": self_bases.get(rid), "added_versions": added,
            })
    write_rows(s, name, base_rows, version_rows, history, changes, conflicts)


def write_rows(s: Session, dialect_name: str, bases: list[dict[str, Any]], versions: list[dict[str, Any]],
               history: list[dict[str, Any]], changes: list[dict[str, Any]],
               conflicts: list[dict[str, Any]]) -> None:
    """The merge's bookkeeping, in batches."""
    statements = (
        (dialect.upsert(dialect_name, table_of(ExchangeBase), ["record_id", "installation_id"], ["content_hash"]),
         bases),
        (dialect.upsert(dialect_name, table_of(ExchangeVersion), ["record_id", "content_hash"], ()), versions),
        (insert(table_of(History)), history),
        (insert(table_of(ExchangeChange)), changes),
        (insert(table_of(ExchangeConflict)), conflicts),
    )
    for stmt, rows in statements:
        for i in range(0, len(rows), BATCH):
            s.execute(stmt, rows[i:i + BATCH])


def _plain(spec: SheetSpec, record: dict[str, Any]) -> dict[str, Any]:
    """The fields the audit trail compares (the table's own, plus the child list)."""
    keys = [c.name for c in spec.table.columns]
    out = {k: record.get(k) for k in keys}
    if spec.child is not None:
        out[spec.child.field] = sorted(record.get(spec.child.field) or [])
    return out
