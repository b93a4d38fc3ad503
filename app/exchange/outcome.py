"""What importing one file came to, and the writes every kind of import makes in its batch:
shared by the exchange workbook's import (importer) and the roster's (roster), so neither
reaches into the other."""

from __future__ import annotations

from dataclasses import dataclass, field

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


def add_codes(s: Session, new_codes: dict[CodeListKind, set[str]]) -> None:
    """Code-list values another installation added (a new category, unit or tag) are added here too."""
    for kind, values in new_codes.items():
        existing = set(codelists.values(s, kind))
        for value in sorted(values - existing):
            s.add(CodeListEntry(kind=kind.value, value=value, builtin=False, sort_order=1000))
    s.flush()
