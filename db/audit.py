"""The audit trail: before each flush, every new, changed or (soft-)deleted
record gets a History row naming the fields, old and new values, who, when and
through what. Runs inside the same transaction as the change, so the trail and
the data can never disagree."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from db.base import Record
from db.models import Enterprise, EnterpriseTag, History, Project, ProjectEnterprise, Visit, VisitCadre
from db.types import utcnow

#: Bookkeeping columns: they change with every edit and say nothing new.
_SKIP = frozenset({"id", "created_at", "updated_at", "changed_by", "revision", "name_key", "clock",
                   "problem_version", "superseded"})

#: Child collections shown as a list of one column of their rows.
_COLLECTIONS: dict[type[Any], tuple[str, str]] = {
    Enterprise: ("tags", "tag"),
    Visit: ("cadres", "cadre_id"),
    Project: ("enterprises", "enterprise_id"),
}

CREATE, UPDATE, DELETE, RESTORE = "新增", "修改", "删除", "恢复"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, EnterpriseTag):
        return value.tag
    if isinstance(value, (VisitCadre, ProjectEnterprise)):
        return value.cadre_id if isinstance(value, VisitCadre) else value.enterprise_id
    return value


def _column_changes(obj: Record, new: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _SKIP:
            continue
        hist = state.attrs[key].history
        if new:
            value = getattr(obj, key)
            if value is not None and value is not False and value != "" and value != []:
                changes[key] = [None, _plain(value)]
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            current = getattr(obj, key)
            if _plain(old) != _plain(current):
                changes[key] = [_plain(old), _plain(current)]
    collection = _COLLECTIONS.get(type(obj))
    if collection is not None:
        name, _column = collection
        hist = state.attrs[name].history
        if hist.has_changes() or (new and getattr(obj, name)):
            now = sorted(_plain(v) for v in getattr(obj, name))
            before = sorted(_plain(v) for v in (*hist.unchanged, *hist.deleted)) if not new else []
            if before != now:
                changes[name] = [before, now]
    return changes


def current_values(obj: Record) -> dict[str, Any]:
    """A record's non-empty fields as the trail shows them: the `changes` a History row of its
    creation would hold now, as {field: value}."""
    return {key: new for key, (_old, new) in _column_changes(obj, new=True).items()}


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields between two plain rows (None for a new record), as the trail shows them.

    For writers that bypass the ORM (bulk merges): the same skipped columns and
    value forms as the ORM path above."""
    changes: dict[str, list[Any]] = {}
    if old is None:
        for key, value in new.items():
            if key in _SKIP or value is None or value is False or value == "" or value == [] or value == ():
                continue
            kind = type(value)
            if kind is str or kind is int or kind is bool:
                changes[key] = [None, value]
            else:
                changes[key] = [[] if isinstance(value, (list, tuple)) else None, _plain(value)]
        return changes
    for key, value in new.items():
        if key not in _SKIP and _plain(old.get(key)) != _plain(value):
            changes[key] = [_plain(old.get(key)), _plain(value)]
    return changes


def operation_for(old: dict[str, Any] | None, changes: dict[str, list[Any]]) -> str:
    if old is None:
        return CREATE
    if "deleted_at" in changes:
        return DELETE if changes["deleted_at"][1] else RESTORE
    return UPDATE


#: A pending change of one record in a flush: the record, whether it is new, and its changed fields.
Pending = tuple[Record, bool, dict[str, list[Any]]]


def pending_changes(session: Session) -> list[Pending]:
    """The new, changed or (soft-)deleted records of `session` about to be flushed, with what changed."""
    out: list[Pending] = []
    # Session.new builds a new set at each call: asked once per object, a flush of a thousand
    # created records spent more time here than in its inserts.
    created = session.new
    for obj in list(created) + list(session.dirty):
        if not isinstance(obj, Record):
            continue
        new = obj in created
        if not new and not session.is_modified(obj):
            continue
        out.append((obj, new, _column_changes(obj, new)))
    return out


def record_changes(session: Session, pending: list[Pending]) -> None:
    """Add History rows for the pending changes of `session` (called before flush)."""
    now = utcnow()
    actor = session.info.get("actor", "")
    via = session.info.get("via", "")
    for obj, new, changes in pending:
        if not changes:
            continue
        operation = CREATE if new else UPDATE
        if "deleted_at" in changes:
            operation = DELETE if changes["deleted_at"][1] else RESTORE
        session.add(
            History(
                id=str(uuid.uuid4()),
                record_id=obj.id,
                record_type=type(obj).__tablename__,
                operation=operation,
                changed_at=now,
                # A merged record names the installation it came from, not ours.
                installation_id=obj.changed_by or session.info.get("installation_id", ""),
                actor=actor,
                via=via,
                changes=changes,
            )
        )
