"""Tidying up on start after runs that were killed or failed: temporaries of
ours older than an hour (an export's .~台账.1a2b3c4d.tmp, a backup's .partial)
are removed, the data folder is made the owner's only (an earlier version
wrote it 0755/0644), and import batches left unfinished — none is running, the
database's writer lock says so — are closed as interrupted. Their records stay
as they are and the batch can still be undone; the list of batches says what
happened instead of "文件 0 个（未完成）" for ever."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update

from app import privacy, tempfiles
from app.exchange.batches import INTERRUPTED, count_records
from app.paths import data_dir
from db.database import Database
from db.exchange_models import ExchangeBatch
from db.types import utcnow


@dataclass(frozen=True)
class Tidied:
    removed: tuple[Path, ...]
    closed_batches: tuple[str, ...]


def on_start(db: Database) -> Tidied:
    home = data_dir()
    folders = [home, home / "backups", home / "drafts", *tempfiles.remembered(home / tempfiles.REGISTRY)]
    if db.path is not None:
        folders += [db.path.parent, db.path.parent / "backups"]
    removed = tempfiles.remove_stale(folders)
    # A data folder an earlier version wrote (0755 folders, 0644 files) is made the owner's only.
    privacy.protect_tree(home)
    if db.path is not None:
        privacy.protect_tree(db.path.parent / "backups")
    return Tidied(tuple(removed), tuple(close_interrupted_batches(db)))


def close_interrupted_batches(db: Database) -> list[str]:
    """Close the batches no import is running any more; returns their IDs. Nothing for a server
    database (another computer may be importing) or while a job holds the writer lock."""
    if db.locks is None:
        return []
    with db.locks.writer_if_free() as free:
        if not free:
            return []
        with db.session(via="启动时整理") as s:
            batches = list(s.scalars(select(ExchangeBatch).where(ExchangeBatch.finished_at.is_(None),
                                                                 ExchangeBatch.undone_at.is_(None))))
            if not batches:
                return []
            counts = count_records(s, [b.id for b in batches])
            now = utcnow()
            for b in batches:
                files = [*(b.files or []), {"path": "", "status": INTERRUPTED, "error": "", "kind": "",
                                            "source": "", "counts": {}}]
                s.execute(update(ExchangeBatch).where(ExchangeBatch.id == b.id).values(
                    finished_at=now, files=files, records=counts.get(b.id, 0)))
            return [b.id for b in batches]
