"""What an import did, file by file: plain frozen dataclasses for the window,
and the JSON shape of `zhuqi import --json`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from app.changes import RECORD_CHANGES, Change
from app.exchange.schema import COUNT_KEYS


class FileStatus(StrEnum):
    """What became of one file of an import; stored by its value in the batch's list of files."""

    IMPORTED = "imported"
    FAILED = "failed"
    DRY_RUN = "dry-run"
    #: Not read: Excel's ~$ lock files, the ledger being written, the files after a cancel.
    SKIPPED = "skipped"
    #: The entry app.cleanup adds to a batch an import left unfinished (killed, power lost).
    INTERRUPTED = "interrupted"

    @property
    def label(self) -> str:
        """How the status reads (the window shows these words translated)."""
        return STATUS_LABELS[self]


STATUS_LABELS = {FileStatus.IMPORTED: "已导入", FileStatus.FAILED: "未导入", FileStatus.DRY_RUN: "预览（未写入）",
                 FileStatus.SKIPPED: "已跳过", FileStatus.INTERRUPTED: "导入中断"}
def status_label(status: str) -> str:
    """The label of a status as a batch stored it (its value); an unknown value as it is."""
    known = {s.value: s for s in FileStatus}
    return known[status].label if status in known else status


IMPORTED, FAILED, DRY_RUN, SKIPPED = FileStatus.IMPORTED, FileStatus.FAILED, FileStatus.DRY_RUN, FileStatus.SKIPPED
#: What a file is (FileReport.kind): a peer's exchange workbook, or a foreign roster (app.exchange.roster.ROSTER).
EXCHANGE = "交换工作簿"
COUNT_FIELDS = ("created", "updated", "unchanged", "conflicts", "rejected")
#: What a cancelled import says of the file it stopped at and those after it (status skipped).
CANCELLED_NOTE = "已取消，未导入"


@dataclass(frozen=True)
class Rejection:
    """Why a cell or row was refused: where (file, sheet, row, column), the value and the reason."""

    file: str
    sheet: str
    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class FileReport:
    path: str
    status: FileStatus
    error: str
    #: 交换工作簿 or 企业名录 (a foreign roster).
    kind: str
    #: The installation that exported an exchange workbook.
    source: str
    counts: dict[str, dict[str, int]]
    rejections: tuple[Rejection, ...]
    #: Things worth knowing that are not errors (new code-list values, formula cells read as values).
    notes: tuple[str, ...] = ()
    #: The SHA-256 of the file's bytes as imported ("" when unknown): how a later import knows it again.
    digest: str = ""
    #: The batch that imported a file with the same bytes, when this import did not read it again
    #: (see app.exchange.known_files); "" when the file was read.
    same_as: str = ""
    #: Not reached because the user cancelled the import (status skipped, error CANCELLED_NOTE);
    #: kept with the batch's entry as "cancelled" (see app.exchange.batches for rows written before).
    cancelled: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path, "status": self.status, "error": self.error or None,
            "counts": self.counts,
            "rejections": [{"sheet": r.sheet, "row": r.row, "column": r.column, "value": r.value,
                            "reason": r.reason} for r in self.rejections],
            "notes": list(self.notes),
            "same_as": self.same_as or None,
        }


def cancelled_report(path: str) -> FileReport:
    """The report of a file a cancelled import did not reach."""
    return FileReport(path, SKIPPED, CANCELLED_NOTE, "", "", empty_counts(), (), cancelled=True)


def same_as_text(batch_id: str) -> str:
    """What is said of a file an import knew again by its bytes (FileReport.same_as)."""
    return f"与批次 {batch_id[:8]} 导入的文件相同，未重新读取"


def empty_counts() -> dict[str, dict[str, int]]:
    return {k: dict.fromkeys(COUNT_FIELDS, 0) for k in COUNT_KEYS}


@dataclass(frozen=True)
class ImportReport:
    batch_id: str | None
    files: tuple[FileReport, ...]
    #: The rejection workbook(s) written (exchange rows; foreign roster rows).
    rejects_paths: tuple[Path, ...]
    dry_run: bool
    #: Stopped by the user: the files finished stay imported, the others are skipped (已取消，未导入).
    cancelled: bool = False

    @property
    def totals(self) -> dict[str, dict[str, int]]:
        out = empty_counts()
        for f in self.files:
            for kind, c in f.counts.items():
                for k, v in c.items():
                    out[kind][k] += v
        return out

    @property
    def changes(self) -> Change:
        """The kinds of records the import wrote (none for a dry run); new code-list values come
        with any file imported."""
        out = Change.NONE
        for f in self.files:
            if f.status != IMPORTED:
                continue
            out |= Change.CODE_LISTS
            for kind, c in f.counts.items():
                if c.get("created", 0) or c.get("updated", 0) or c.get("conflicts", 0):
                    out |= RECORD_CHANGES.get(kind, Change.ALL)
        return out

    @property
    def all_read(self) -> bool:
        return all(f.status != FAILED for f in self.files)

    @property
    def rejection_count(self) -> int:
        return sum(len(f.rejections) for f in self.files)

    def as_json(self) -> dict[str, Any]:
        return {"batch": self.batch_id, "dry_run": self.dry_run, "cancelled": self.cancelled,
                "files": [f.as_json() for f in self.files], "totals": self.totals,
                "rejects": [str(p) for p in self.rejects_paths]}
