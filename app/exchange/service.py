"""The exchange as one service for the window (数据交换) and the command line.
Every method takes plain arguments, an optional progress(done, total, message)
and cancel() callable, and returns frozen dataclasses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import OperationalError as SAOperationalError

from app.changes import Change
from app.clock import Clock
from app.errors import StorageError, UserError, is_storage_failure, os_reason
from app.exchange import batches, roster
from app.exchange.batches import BatchView
from app.exchange.importer import ImportOptions, check_rejects_destination, run_import
from app.exchange.progress import Cancel, Cancelled, Progress, check_cancel
from app.exchange.report import ImportReport
from app.exchange.roster import RosterMapping, RosterPreview
from app.services.access import require
from app.services.profile import ProfileService, require_actor
from db.database import Database

# The export, the conflicts and the undo are imported by the methods that use them: `zhuqi import`
# starts without them.
if TYPE_CHECKING:
    from app.exchange.conflicts import ConflictView, SettledConflicts
    from app.exchange.export import ExportSummary
    from app.exchange.selection import ExportFilter
    from app.exchange.undo import UndoResult

CANCELLED_LEDGER = "已取消，汇总台账未写入（已完成的文件保留）"


@dataclass(frozen=True)
class MergeResult:
    imported: ImportReport
    #: None when the ledger could not be written (the import stays: its files are in the database).
    exported: ExportSummary | None
    export_error: str = ""

    @property
    def changes(self) -> Change:
        return self.imported.changes


class ExchangeService:
    def __init__(self, db: Database, clock: Clock, profile: ProfileService) -> None:
        self._db = db
        self._clock = clock
        self._profile = profile

    def export(self, path: Path, filters: ExportFilter | None = None, *, changed_since_last: bool = False,
               redact: bool = False, progress: Progress | None = None,
               cancel: Cancel | None = None) -> ExportSummary:
        """The exchange workbook: everything, filtered, or what changed since the last export to `path`;
        `redact`: without personal data, for sharing outside the office (not importable)."""
        from app.exchange.export import export_workbook
        from app.exchange.selection import ExportFilter

        return export_workbook(self._db, self._profile.get(), Path(path), filters or ExportFilter(),
                               changed_since_last=changed_since_last, redact=redact, progress=progress,
                               cancel=cancel)

    def import_paths(self, paths: Sequence[Path], *, dry_run: bool = False, rejects_path: Path | None = None,
                     roster_mapping: RosterMapping | None = None, progress: Progress | None = None,
                     cancel: Cancel | None = None, skip: dict[Path, str] | None = None) -> ImportReport:
        """Import files and folders as one batch; each file all or nothing (`skip`: files left out, with why)."""
        if not dry_run:
            require_actor(self._db, "导入")
            self._require("导入数据")
        if rejects_path is not None:
            check_rejects_destination(Path(rejects_path))
        options = ImportOptions(dry_run, Path(rejects_path) if rejects_path else None, roster_mapping,
                                self._clock.today(), skip=skip or {})
        try:
            with self._db.long_writer(_waiting(progress, cancel)):
                return run_import(self._db, self._db.actor, [Path(p) for p in paths], options, progress, cancel)
        except (SAOperationalError, OSError) as exc:
            if not is_storage_failure(exc):
                raise
            raise StorageError(f"导入中断：数据库 {self._db.path or self._db.url} 无法写入（{os_reason(exc)}）；"
                               "此前已完成的文件保留（zhuqi batches 可查看、撤销），其余文件未导入") from exc

    def merge(self, paths: Sequence[Path], output: Path, *, rejects_path: Path | None = None,
              roster_mapping: RosterMapping | None = None, progress: Progress | None = None,
              cancel: Cancel | None = None) -> MergeResult:
        """The office's one step: import everything, then export the consolidated ledger."""
        # A ledger written into the folder it merges (the last run's) is not read back into itself.
        skip = {Path(output).resolve(): "这是本次要写入的汇总台账文件，已跳过"}
        from app.exchange.export import check_destination

        check_destination(Path(output))  # before the import, not after it
        self._require("合并汇总台账")
        imported = self.import_paths(paths, rejects_path=rejects_path, roster_mapping=roster_mapping,
                                     progress=progress, cancel=cancel, skip=skip)
        if imported.cancelled:
            return MergeResult(imported, None, CANCELLED_LEDGER)
        try:
            return MergeResult(imported, self.export(output, progress=progress, cancel=cancel))
        except Cancelled:
            return MergeResult(imported, None, CANCELLED_LEDGER)
        except UserError as exc:  # e.g. last month's ledger still open in Excel: say so, keep the import's report
            return MergeResult(imported, None, str(exc))

    def preview_roster(self, path: Path, mapping: RosterMapping | None = None) -> RosterPreview:
        """How a foreign roster's header row and columns are understood (with a person's mapping applied)."""
        return roster.preview(Path(path), mapping)

    def conflicts(self, *, include_resolved: bool = False) -> list[ConflictView]:
        from app.exchange import conflicts

        return conflicts.list_conflicts(self._db, include_resolved=include_resolved)

    def resolve_conflict(self, conflict_id: str, keep: str) -> ConflictView:
        """keep: "local" (ours stays) or "incoming" (theirs is taken)."""
        from app.exchange import conflicts

        require_actor(self._db, "处理冲突")
        self._require("处理冲突")
        with self._db.long_writer():
            return conflicts.resolve(self._db, conflict_id, keep)

    def resolve_conflicts(self, conflict_ids: Sequence[str], keep: str, *, progress: Progress | None = None,
                          cancel: Cancel | None = None) -> SettledConflicts:
        """The same choice for many waiting conflicts, all in one transaction."""
        from app.exchange import conflicts

        require_actor(self._db, "处理冲突")
        self._require("处理冲突")
        with self._db.long_writer(_waiting(progress, cancel)):
            return conflicts.resolve_many(self._db, conflict_ids, keep, progress, cancel)

    def batches(self) -> list[BatchView]:
        return batches.list_batches(self._db)

    def batch(self, batch_id: str) -> BatchView:
        """One batch by its ID or the start of it (NotFoundError when none or several match)."""
        return batches.get_batch(self._db, batch_id)

    def undo_batch(self, batch_id: str, *, progress: Progress | None = None,
                   cancel: Cancel | None = None) -> UndoResult:
        """Take an import batch back exactly (refused, changing nothing, if its records changed since)."""
        from app.exchange.undo import undo_batch

        require_actor(self._db, "撤销导入批次")
        self._require("撤销导入批次")
        with self._db.long_writer(_waiting(progress, cancel)):
            return undo_batch(self._db, batch_id, progress, cancel)


    def _require(self, what: str) -> None:
        """Office staff only, once users are named (app.services.access)."""
        with self._db.reading() as s:
            require(s, self._db.actor, what, today=self._clock.today())


WAITING = "等待同一数据库上的另一项导入、撤销或冲突处理结束……（一次只运行一项，按 取消 可放弃）"


def _waiting(progress: Progress | None, cancel: Cancel | None) -> Callable[[], None]:
    """What a job does while another holds the database's writer lock: says so, and may be cancelled."""
    def waiting() -> None:
        if progress is not None:
            progress(0, 0, WAITING)
        check_cancel(cancel)
    return waiting
