"""Timeline entries superseded by a settled conflict.

When a person settles a conflict on a problem, the writes of the side not
chosen are recorded in the problem's clock as lost, with the fields they lost
(db.causal.Lost). A timeline entry made with one of those writes, of a kind
that writes one of those fields (app.workflow.ENTRY_FIELDS), no longer describes
the problem's course: it stays as history, marked superseded — not counted, not
shown as current. The mark is derived from the problem's clock, which travels
with every version, so it holds wherever and in whatever order the entries and
the settled version arrive."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.exchange.records import chunks
from app.workflow import ENTRY_FIELDS
from db import causal
from db.exchange_models import table_of
from db.models import Problem, ProgressEntry


def is_superseded(clock: causal.Clock, kind: str, problem_version: str) -> bool:
    dot = causal.parse_dot(problem_version) if problem_version else None
    if dot is None:
        return False
    fields = ENTRY_FIELDS.get(kind, frozenset())
    return any(lost.covers(dot) and lost.fields & fields for lost in clock.lost)


def refresh(s: Session, problem_ids: Collection[str]) -> int:
    """Mark the entries of these problems as their clocks say; the number of entries whose mark changed."""
    changed = 0
    p, e = table_of(Problem), table_of(ProgressEntry)
    fields = causal.tracked_fields(p)
    for part in chunks(problem_ids):
        with_lost: dict[str, causal.Clock] = {}
        for pid, text in s.execute(select(p.c.id, p.c.clock).where(p.c.id.in_(part), p.c.clock.like("%| x %"))):
            try:
                with_lost[pid] = causal.parse_clock(text, fields)
            except causal.ClockError:
                continue
        flips: list[tuple[str, bool]] = []
        rows = s.execute(select(e.c.id, e.c.problem_id, e.c.kind, e.c.problem_version, e.c.superseded)
                         .where(e.c.problem_id.in_(part),
                                (e.c.superseded.is_(True)) | e.c.problem_id.in_(list(with_lost))))
        for eid, pid, kind, version, superseded in rows:
            clock = with_lost.get(pid)
            now = clock is not None and is_superseded(clock, kind, version)
            if now != bool(superseded):
                flips.append((eid, now))
        for value in (True, False):
            ids = [eid for eid, v in flips if v is value]
            for ids_part in chunks(ids):
                s.execute(update(e).where(e.c.id.in_(ids_part)).values(superseded=value))
        changed += len(flips)
    return changed
