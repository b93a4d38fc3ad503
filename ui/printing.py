"""Printing: produce a report's PDF off the GUI thread, then open it with the
system's viewer or leave it where the user chose to save it. The reports
themselves are built by app.reports; this module only asks where and runs them."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.paths import data_dir
from app.services.problems import ProblemFilter
from app.services.stats import StatsQuery
from ui.context import Context
from ui.operations import Job


def tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def reports_available() -> bool:
    return importlib.util.find_spec("app.reports") is not None


def _not_available(parent: QWidget) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, tr("打印"),
                      tr("此版本尚不包含打印（PDF 报表）功能。"), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("notAvailableBox")
    box.open()


def output_folder() -> Path:
    """Where PDFs go when the user just wants to look at them."""
    return data_dir() / "reports"


def _produce(ctx: Context, parent: QWidget, title: str, file_name: str,
             build: Callable[[Path, Job], object]) -> None:
    if not reports_available():
        _not_available(parent)
        return
    start = Path(ctx.settings.last_folder or output_folder()) / file_name
    output_folder().mkdir(parents=True, exist_ok=True)
    chosen, _ = QFileDialog.getSaveFileName(parent, tr("保存 PDF"), str(start), tr("PDF 文件 (*.pdf)"))
    if not chosen:
        return
    path = Path(chosen)
    ctx.settings.last_folder = str(path.parent)

    def done(_result: object) -> None:
        if ctx.settings.open_after_print:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    ctx.ops.long(title, lambda job: build(path, job), done, parent=parent)


def print_ledger(ctx: Context, parent: QWidget, f: ProblemFilter) -> None:
    def build(path: Path, job: Job) -> object:
        from app.reports import problem_ledger  # type: ignore[import-not-found]

        return problem_ledger(ctx.services, f, path, job.progress, lambda: job.cancelled)

    _produce(ctx, parent, tr("正在生成问题台账……"), tr("问题台账.pdf"), build)


def print_visit(ctx: Context, parent: QWidget, visit_id: str) -> None:
    def build(path: Path, _job: Job) -> object:
        from app.reports import visit_record  # type: ignore[import-not-found]

        return visit_record(ctx.services, visit_id, path)

    _produce(ctx, parent, tr("正在生成走访记录……"), tr("走访记录.pdf"), build)


def print_enterprise(ctx: Context, parent: QWidget, enterprise_id: str) -> None:
    def build(path: Path, _job: Job) -> object:
        from app.reports import enterprise_dossier  # type: ignore[import-not-found]

        return enterprise_dossier(ctx.services, enterprise_id, path)

    _produce(ctx, parent, tr("正在生成企业档案……"), tr("企业档案.pdf"), build)


def print_periodic(ctx: Context, parent: QWidget, q: StatsQuery) -> None:
    def build(path: Path, _job: Job) -> object:
        from app.reports import periodic_report  # type: ignore[import-not-found]

        return periodic_report(ctx.services, q, path)

    _produce(ctx, parent, tr("正在生成统计通报……"), tr("统计通报.pdf"), build)
