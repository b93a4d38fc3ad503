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

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.exchange.arguments import register as register_commands
    from app.exchange.batches import BatchView
    from app.exchange.commands import HANDLERS as COMMAND_HANDLERS
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

# Each name's module is imported when the name is first used (PEP 562): `zhuqi import` needs
# neither the export, the undo nor the policy lists, and importing the whole package took a
# fifth of a second at every start of the program.
_NAMES: dict[str, tuple[str, str]] = {
    "BatchView": ("app.exchange.batches", "BatchView"),
    "COMMAND_HANDLERS": ("app.exchange.commands", "HANDLERS"),
    "register_commands": ("app.exchange.arguments", "register"),
    "ConflictField": ("app.exchange.conflicts", "ConflictField"),
    "ConflictView": ("app.exchange.conflicts", "ConflictView"),
    "SettledConflicts": ("app.exchange.conflicts", "SettledConflicts"),
    "ExportSummary": ("app.exchange.export", "ExportSummary"),
    "POLICY_LIST": ("app.exchange.policy_list", "POLICY_LIST"),
    "LEDGER": ("app.exchange.problem_ledger", "LEDGER"),
    "Cancel": ("app.exchange.progress", "Cancel"),
    "Cancelled": ("app.exchange.progress", "Cancelled"),
    "Progress": ("app.exchange.progress", "Progress"),
    "FileReport": ("app.exchange.report", "FileReport"),
    "FileStatus": ("app.exchange.report", "FileStatus"),
    "ImportReport": ("app.exchange.report", "ImportReport"),
    "Rejection": ("app.exchange.report", "Rejection"),
    "same_as_text": ("app.exchange.report", "same_as_text"),
    "HEADER_SCAN_ROWS": ("app.exchange.roster", "HEADER_SCAN_ROWS"),
    "ROSTER": ("app.exchange.roster", "ROSTER"),
    "RosterMapping": ("app.exchange.roster", "RosterMapping"),
    "RosterPreview": ("app.exchange.roster", "RosterPreview"),
    "SheetGuess": ("app.exchange.roster", "SheetGuess"),
    "HISTORY_SHEET": ("app.exchange.schema", "HISTORY_SHEET"),
    "SHEETS": ("app.exchange.schema", "SHEETS"),
    "ExportFilter": ("app.exchange.selection", "ExportFilter"),
    "ExchangeService": ("app.exchange.service", "ExchangeService"),
    "MergeResult": ("app.exchange.service", "MergeResult"),
    "UndoResult": ("app.exchange.undo", "UndoResult"),
    "ConflictKind": ("app.exchange.versions", "ConflictKind"),
    "Resolution": ("app.exchange.versions", "Resolution"),
}


def __getattr__(name: str) -> Any:
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _NAMES[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # found directly next time
    return value


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
