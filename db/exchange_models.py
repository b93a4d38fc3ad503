"""Tables of the Excel exchange: aliases of enterprises matched by credit code
or name, conflicts waiting for a person, import batches with an undo log, and
the last export to each destination. (What each record has seen of the others
is its own `clock` column: db.causal.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.types import UTCDateTime


def table_of(model: type[Any]) -> Table:
    """A mapped class's Table, typed as one (SQLAlchemy types `__table__` as a FromClause)."""
    return cast(Table, model.__table__)


class ExchangeAlias(Base):
    """Another installation's ID for a record we already had under our own ID
    (the same enterprise entered on two laptops, matched by credit code or name)."""

    __tablename__ = "exchange_aliases"
    foreign_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    local_id: Mapped[str] = mapped_column(String(36), index=True)
    record_type: Mapped[str] = mapped_column(String(40))


class ExchangeBatch(Base):
    """One run of `import`/`merge`: who, when, which files, what it changed."""

    __tablename__ = "exchange_batches"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    actor: Mapped[str] = mapped_column(String(200), default="")
    #: [{"path", "status", "error", "source", "counts"}], one per file, appended as each commits.
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: Records it created or changed, counted when it finished (None while it runs, or if it was cut short).
    records: Mapped[int | None] = mapped_column(Integer, default=None)


#: Undo-log operations besides 新增 and 修改: a record whose content stayed but whose clock moved
#: (another installation's write of the same value), and a waiting conflict updated or closed.
CLOCK_ONLY = "版本"
CONFLICT_OP = "冲突"
#: One undo-log row for many records a merged file created in one table: `before` holds
#: {"created": [[record ID, clock after the batch], ...]} (app.exchange.merge.created_rows). A first
#: merge creates nearly every record it writes; one row each was a tenth of the main process's work.
CREATED_MANY = "新增组"


class ExchangeChange(Base):
    """The undo log of a batch: one row per record the batch created or changed (or whose clock
    alone it moved), and one per waiting conflict it raised anew, updated or closed."""

    __tablename__ = "exchange_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("exchange_batches.id"), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    #: 新增, 修改, 版本 (the clock alone), or 冲突 (record_id is then a conflict's).
    operation: Mapped[str] = mapped_column(String(10))
    #: The row (and child lists) before the batch; None when the batch created it.
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    #: Content hash after the batch (rows from before clocks are checked by it).
    after_hash: Mapped[str] = mapped_column(String(32))
    #: The record's clock after the batch: an undo requires the record still to be that version.
    after_clock: Mapped[str] = mapped_column(Text, default="", server_default="")
    source_installation: Mapped[str] = mapped_column(String(36))


class ExchangeConflict(Base):
    """A record changed both here and at the source: both versions kept until a person chooses."""

    __tablename__ = "exchange_conflicts"
    __table_args__ = (Index("ix_exchange_conflicts_open", "resolved_at", "record_id"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("exchange_batches.id"), index=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    source_installation: Mapped[str] = mapped_column(String(36))
    source_file: Mapped[str] = mapped_column(Text, default="")
    sheet: Mapped[str] = mapped_column(String(40), default="")
    row: Mapped[int] = mapped_column(Integer, default=0)
    local_hash: Mapped[str] = mapped_column(String(32))
    incoming_hash: Mapped[str] = mapped_column(String(32))
    #: Both versions' causal histories (db.causal) when the conflict was raised or last updated.
    local_clock: Mapped[str] = mapped_column(Text, default="", server_default="")
    incoming_clock: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: 修改 (both sides changed the same fields) or 删除 (one side deleted what the other changed).
    kind: Mapped[str] = mapped_column(String(10), default="修改", server_default="修改")
    #: The incoming version, field by field (JSON-safe), applied if a person keeps it.
    incoming: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: local or incoming (a person's choice), or superseded (a later version settled it).
    resolution: Mapped[str | None] = mapped_column(String(10), default=None)


class ExchangeExport(Base):
    """The last export to a destination file, for --changed-since-last."""

    __tablename__ = "exchange_exports"
    #: A digest of the destination's normalised path (paths can be longer than a key may be).
    destination_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    destination: Mapped[str] = mapped_column(Text)
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime())
