"""Printing: produce a report's PDF off the GUI thread (reportlab is loaded only
then), save it where the user chose and open it with the system's viewer. The
reports themselves are built by app.reports; this module asks where and runs them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from app.paths import data_dir
from app.services.problems import ProblemFilter
from app.services.stats import StatsQuery
from ui.context import Context
from ui.operations import Job

if TYPE_CHECKING:
    from app.reports import ReportOptions


def tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def _options(ctx: Context) -> "ReportOptions":
    from app.reports import ReportOptions

    return ReportOptions(font=Path(ctx.settings.report_font) if ctx.settings.report_font else None)


def output_folder() -> Path:
    """Where PDFs are offered to be saved first."""
    return data_dir() / "reports"


def _produce(ctx: Context, parent: QWidget, title: str, file_name: str,
             build: Callable[[Path, Job], object]) -> None:
    start = Path(ctx.settings.last_folder or output_folder()) / file_name
    output_folder().mkdir(parents=True, exist_ok=True)
    chosen, _ = QFileDialog.getSaveFileName(parent, tr("保存 PDF"), str(start), tr("PDF 文件 (*.pdf)"))
    if chosen:
        produce_to(ctx, parent, title, Path(chosen), build)


def produce_to(ctx: Context, parent: QWidget, title: str, path: Path,
               build: Callable[[Path, Job], object]) -> None:
    """Build the PDF at `path` off the GUI thread, then open it with the system's viewer."""
    from app.reports import ReportCancelled

    ctx.settings.last_folder = str(path.parent)

    def done(_result: object) -> None:
        if ctx.settings.open_after_print:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def failed(exc: Exception) -> None:
        if not isinstance(exc, ReportCancelled):  # the person pressed 取消: nothing to report
            ctx.errors.report(parent, exc)

    ctx.ops.long(title, lambda job: build(path, job), done, failed=failed, parent=parent)


def print_ledger(ctx: Context, parent: QWidget, f: ProblemFilter) -> None:
    def build(path: Path, job: Job) -> object:
        from app.reports import problem_ledger

        return problem_ledger(ctx.services, f, path, options=_options(ctx), progress=job.progress,
                              cancel=lambda: job.cancelled)

    _produce(ctx, parent, tr("正在生成问题台账……"), tr("问题台账.pdf"), build)


def print_visit(ctx: Context, parent: QWidget, visit_id: str) -> None:
    def build(path: Path, _job: Job) -> object:
        from app.reports import visit_record

        return visit_record(ctx.services, visit_id, path, options=_options(ctx))

    _produce(ctx, parent, tr("正在生成走访记录……"), tr("走访记录.pdf"), build)


def print_enterprise(ctx: Context, parent: QWidget, enterprise_id: str) -> None:
    def build(path: Path, job: Job) -> object:
        from app.reports import enterprise_dossier

        return enterprise_dossier(ctx.services, enterprise_id, path, options=_options(ctx),
                                  progress=job.progress, cancel=lambda: job.cancelled)

    _produce(ctx, parent, tr("正在生成企业档案……"), tr("企业档案.pdf"), build)


def print_periodic(ctx: Context, parent: QWidget, q: StatsQuery) -> None:
    def build(path: Path, job: Job) -> object:
        from app.reports import periodic_report

        return periodic_report(ctx.services, q, path, options=_options(ctx), progress=job.progress,
                               cancel=lambda: job.cancelled)

    _produce(ctx, parent, tr("正在生成统计通报……"), tr("统计通报.pdf"), build)


def print_supervision(ctx: Context, parent: QWidget, problem_id: str) -> None:
    """The 督办单 of the problem's latest recorded 督办, with its number."""
    def build(path: Path, _job: Job) -> object:
        from app.reports import supervision_notice

        return supervision_notice(ctx.services, problem_id, path, options=_options(ctx))

    _produce(ctx, parent, tr("正在生成督办单……"), tr("督办单.pdf"), build)


def print_revisit_form(ctx: Context, parent: QWidget, *, problem_id: str | None = None,
                       visit_id: str | None = None) -> None:
    """回访评价表 for the company's signature: one problem, or every solved problem of a visit."""
    def build(path: Path, _job: Job) -> object:
        from app.reports import revisit_form

        return revisit_form(ctx.services, problem_id, path, visit_id=visit_id, options=_options(ctx))

    _produce(ctx, parent, tr("正在生成回访评价表……"), tr("回访评价表.pdf"), build)
