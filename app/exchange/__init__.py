"""The Excel exchange: the exchange workbook (export), its three-way merge (import), foreign
rosters, rejection reports, batches with undo.

This module is the package's one public door: the window (ui/) and the command line import
from `app.exchange` only, never from one of its modules (tests/test_architecture.py). Inside,
one module per job:

- reading files: `reading` (formats, safety checks), `readahead` (worker processes), `cells`, `values`;
- the exchange workbook's schema: `schema`, `xlsx_writer`, `export`, `selection`, `guide`, `redact`;
- the three-way merge: `parse`, `merge`, `apply`, `versions`, `superseded`, `bulk`, `records`;
- rosters (enterprise lists in other layouts): `roster`; problem ledgers in other layouts: `problem_ledger`;
  offices' lists of policies (政策汇编): `policy_list`;
- what happened: `report`, `rejects`, `outcome`, `batches`, `conflicts`, `known_files`;
- undo: `undo`;
- the entry points: `service` (ExchangeService, for the window and the commands), `commands`
  (the `zhuqi export/import/merge/conflicts/batches` sub-commands)."""

from app.exchange.batches import BatchView
from app.exchange.commands import HANDLERS as COMMAND_HANDLERS
from app.exchange.commands import register as register_commands
from app.exchange.conflicts import ConflictField, ConflictView, SettledConflicts
from app.exchange.export import ExportSummary
from app.exchange.policy_list import POLICY_LIST
from app.exchange.problem_ledger import LEDGER
from app.exchange.progress import Cancel, Cancelled, Progress
from app.exchange.report import FileReport, FileStatus, ImportReport, Rejection, same_as_text
from app.exchange.roster import HEADER_SCAN_ROWS, ROSTER, RosterMapping, RosterPreview, SheetGuess
from app.exchange.schema import HISTORY_SHEET, SHEETS
from app.exchange.selection import ExportFilter
from app.exchange.service import ExchangeService, MergeResult
from app.exchange.undo import UndoResult
from app.exchange.versions import ConflictKind, Resolution

__all__ = [
    "COMMAND_HANDLERS",
    "HEADER_SCAN_ROWS",
    "HISTORY_SHEET",
    "LEDGER",
    "POLICY_LIST",
    "ROSTER",
    "SHEETS",
    "BatchView",
    "Cancel",
    "Cancelled",
    "ConflictField",
    "ConflictKind",
    "ConflictView",
    "SettledConflicts",
    "ExchangeService",
    "ExportFilter",
    "ExportSummary",
    "FileReport",
    "FileStatus",
    "ImportReport",
    "MergeResult",
    "Progress",
    "Rejection",
    "Resolution",
    "RosterMapping",
    "RosterPreview",
    "SheetGuess",
    "UndoResult",
    "register_commands",
    "same_as_text",
]
