"""Files an earlier import merged already, known again by their bytes.

An office merges a folder, the late workbooks arrive, and it runs the merge on
the same folder once more. Reading and merging every file again would change
nothing for the files merged before — the merge is idempotent — and it is
most of the time. So a file with the same bytes (SHA-256) as one an earlier
batch imported, and that batch not undone, is not read again: the report
counts its rows 未变, which is what merging them again would say, and names
the batch.

Only a file whose earlier import read it and rejected no row is known again:
a row it rejected may pass now (its enterprise has arrived since, or today has
reached its date). A file that met conflicts is known again while no conflict
has been settled since that import: each of its conflicts still waits, and
merging it again would count the same conflicts and record none anew (in the
benchmark, 205 of 500 workbooks met one, and a second merge of the folder read
them all) — as long as no record in conflict has changed here since either (a
person who deleted or edited it too may have made the two versions agree). Files imported
before the last undo of a batch are read again: the
undo may have removed or set back records that the file brought or found as
they were (the batch that created them, or an earlier one, undone after the
file)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.exchange.reading import MAX_FILE_BYTES
from app.exchange.report import COUNT_FIELDS, DRY_RUN, EXCHANGE, IMPORTED, FileReport
from app.exchange.schema import SHEETS
from db.exchange_models import ExchangeBatch, ExchangeConflict, table_of

_BLOCK = 1 << 20

#: What identifies the bytes read: size and modification time, taken when the digest is and when
#: the file is read. A file saved in between is not known by the digest taken before.
Stamp = tuple[int, int]


@dataclass(frozen=True)
class FileDigest:
    sha256: str
    stamp: Stamp


def stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def digest(path: Path) -> FileDigest | None:
    """The file's SHA-256, or None when it cannot be read or is too big to import (the import
    then says why)."""
    before = stamp(path)
    if before is None or before[0] > MAX_FILE_BYTES:
        return None
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                h.update(block)
    except OSError:
        return None
    if stamp(path) != before:
        return None  # saved while we read it
    return FileDigest(h.hexdigest(), before)


@dataclass(frozen=True)
class EarlierImport:
    batch_id: str
    source: str
    counts: dict[str, dict[str, int]]


def earlier_imports(s: Session) -> dict[str, EarlierImport]:
    """SHA-256 → the earliest import of those bytes that is known again (see the module's text)."""
    out: dict[str, EarlierImport] = {}
    batches = select(ExchangeBatch.id, ExchangeBatch.started_at, ExchangeBatch.files) \
        .where(ExchangeBatch.undone_at.is_(None)).order_by(ExchangeBatch.started_at)
    last_undo = s.scalar(select(func.max(ExchangeBatch.undone_at)))
    if last_undo is not None:
        batches = batches.where(ExchangeBatch.started_at > last_undo)
    last_settled = s.scalar(select(func.max(ExchangeConflict.resolved_at)))
    # A record in conflict changed here since (a person edited or deleted it too): merging the file again
    # may now join where it conflicted, so files that met conflicts are read again.
    moved = _conflicted_records_moved(s)
    for batch_id, started_at, files in s.execute(batches):
        # Its conflicts all still wait when none was settled after the batch began and their records stand.
        conflicts_wait = (last_settled is None or last_settled < started_at) and not moved
        for f in files or ():
            sha = f.get("sha256")
            counts = f.get("counts") or {}
            if sha and sha not in out and f.get("status") == IMPORTED and f.get("kind") == EXCHANGE \
                    and counts and not _count(counts, "rejected") \
                    and (conflicts_wait or not _count(counts, "conflicts")):
                out[sha] = EarlierImport(batch_id, f.get("source", ""), counts)
    return out


def _conflicted_records_moved(s: Session) -> bool:
    """Whether any record with a waiting conflict is no longer the version the conflict was raised against."""
    c = table_of(ExchangeConflict)
    for spec in SHEETS:
        t = spec.table
        moved = s.scalar(select(c.c.id).join(t, t.c.id == c.c.record_id).where(
            c.c.resolved_at.is_(None), c.c.record_type == t.name, c.c.local_clock != "",
            t.c.clock != c.c.local_clock).limit(1))
        if moved is not None:
            return True
    return False


def _count(counts: dict[str, dict[str, Any]], field: str) -> int:
    return sum(int(c.get(field) or 0) for c in counts.values())


def known_again(path: Path, earlier: EarlierImport, dry_run: bool) -> FileReport:
    """The report of a file known again: every row it holds 未变, but for the conflicts it met, which
    still wait. It carries no digest: the batch that read the file is the one a later import names too."""
    counts = {kind: {**dict.fromkeys(COUNT_FIELDS, 0),
                     "unchanged": c.get("created", 0) + c.get("updated", 0) + c.get("unchanged", 0),
                     "conflicts": c.get("conflicts", 0)}
              for kind, c in earlier.counts.items()}
    return FileReport(str(path), DRY_RUN if dry_run else IMPORTED, "", EXCHANGE, earlier.source, counts, (),
                      same_as=earlier.batch_id)
