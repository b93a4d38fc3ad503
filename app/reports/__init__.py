"""Printed reports (PDF): the entry points the window and the `zhuqi report` command call.

Every function reads through the services, writes the PDF atomically (a crash or
a cancel never leaves a half-written file under `path`) and returns a
ReportResult. Long reports take progress(done, total, message) and cancel()
callables and may raise ReportCancelled; a user's mistake raises UserError."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.reports.common import RenderOptions, ReportResult
from app.reports.fonts import FontOptions, load_fonts
from app.reports.output import Cancel, Progress, ReportCancelled
from app.reports import visit_record as _visit
from app.services import Services

__all__ = [
    "Cancel", "Progress", "ReportCancelled", "ReportOptions", "ReportResult",
    "blank_visit_form", "visit_record",
]


@dataclass(frozen=True)
class ReportOptions:
    """How to print: a font file the user chose (.ttf/.ttc), whether to look for the
    official faces installed on this machine, and the print time (fixed in tests)."""

    font: Path | None = None
    system_fonts: bool = True
    printed_at: datetime | None = None


def _render_options(options: ReportOptions | None, progress: Progress | None = None,
                    cancel: Cancel | None = None) -> RenderOptions:
    o = options or ReportOptions()
    fonts = load_fonts(FontOptions(font=o.font, system=o.system_fonts))
    return RenderOptions(fonts, o.printed_at, progress, cancel)


def visit_record(services: Services, visit_id: str, path: Path, *,
                 options: ReportOptions | None = None) -> ReportResult:
    """走访记录表: one visit, A4 portrait, with signature lines and a QR code of its ID."""
    return _visit.render_record(_visit.gather(services, visit_id), Path(path), _render_options(options))


def blank_visit_form(path: Path, *, options: ReportOptions | None = None) -> ReportResult:
    """The 走访记录表 with empty boxes, to fill in by hand."""
    data = _visit.VisitRecordData(visit=None, enterprise=None, cadres=(), problems=())
    return _visit.render_record(data, Path(path), _render_options(options))
