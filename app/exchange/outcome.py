"""What importing one file came to, and the writes every kind of import makes in its batch:
shared by the exchange workbook's import (importer) and the roster's (roster), so neither
reaches into the other."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.domain import CodeListKind
from app.exchange.merge import FileChanges
from app.exchange.parse import RejectedRow
from app.exchange.report import FileReport
from app.services import codelists
from db.exchange_models import ExchangeBatch
from db.models import CodeListEntry
from db.types import utcnow


@dataclass
class FileResult:
    report: FileReport
    rejected: list[RejectedRow] = field(default_factory=list)
    #: What the file changed in the merge state, applied once the file is merged.
    changes: FileChanges = field(default_factory=FileChanges)
    #: Code-list values the file added.
    new_codes: dict[CodeListKind, set[str]] = field(default_factory=dict)


def open_batch(s: Session, batch_id: str, actor: str) -> None:
    """The batch row (a dry run adds it inside the transaction it rolls back)."""
    s.add(ExchangeBatch(id=batch_id, started_at=utcnow(), actor=actor, files=[]))
    s.flush()


@contextmanager
def file_transaction(open_session: Callable[[str], Any], actor: str, batch_id: str, dry_run: bool, *,
                     what: str, name: str, namespace: uuid.UUID) -> Iterator[tuple[Session, str]]:
    """One foreign file's transaction (a roster, a problem ledger, a policy list — `what`, as the audit trail
    names it) and the source ID its rows are logged under, the same for the same file name. The transaction is
    named "试导入名录：…" for a dry run, else "导入名录：…（批次 …）"; a dry run adds its batch row inside it
    and rolls everything back once the body is done."""
    source_id = str(uuid.uuid5(namespace, name))
    via = f"试导入{what}：{name}" if dry_run else f"导入{what}：{name}（批次 {batch_id[:8]}）"
    with open_session(via) as s:
        if dry_run:
            open_batch(s, batch_id, actor)
        yield s, source_id
        if dry_run:
            s.rollback()


def add_codes(s: Session, new_codes: dict[CodeListKind, set[str]]) -> None:
    """Code-list values another installation added (a new category, unit or tag) are added here too."""
    for kind, values in new_codes.items():
        existing = set(codelists.values(s, kind))
        for value in sorted(values - existing):
            s.add(CodeListEntry(kind=kind.value, value=value, builtin=False, sort_order=1000))
    s.flush()
