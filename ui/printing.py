"""Printing: produce a report's PDF off the GUI thread (reportlab is loaded only then),
save it where the user chose (offered under a name that says what it holds and the day)
and open it with the system's viewer. The window always says where the PDF went; on a
machine with no PDF viewer it says so and offers the folder. The reports themselves are
built by app.reports; this module asks where and runs them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from app import filenames, privacy
from app.paths import data_dir
from app.services.problems import ProblemFilter
from app.services.stats import StatsQuery
from app.services.visits import VisitView
from ui.context import Context
from ui.operations import Job

if TYPE_CHECKING:
    from app.reports import ReportOptions, ReportResult

#: How long the status bar keeps "已生成 …" (ms).
STATUS_MS = 30_000


def _options(ctx: Context) -> ReportOptions:
    from app.reports import ReportOptions

    return ReportOptions(font=Path(ctx.settings.report_font) if ctx.settings.report_font else None)


def output_folder() -> Path:
    """Where PDFs are offered to be saved first."""
    return data_dir() / "reports"


def _produce(ctx: Context, parent: QWidget, title: str, file_name: str,
             build: Callable[[Path, Job], ReportResult]) -> None:
    start = Path(ctx.settings.last_folder or output_folder()) / file_name
    privacy.make_folder(output_folder())
    chosen, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("Printing", "保存 PDF"), str(start),
                                            QCoreApplication.translate("Printing", "PDF 文件 (*.pdf)"))
    if chosen:
        produce_to(ctx, parent, title, Path(chosen), build)


def produce_to(ctx: Context, parent: QWidget, title: str, path: Path,
               build: Callable[[Path, Job], ReportResult]) -> None:
    """Build the PDF at `path` off the GUI thread, then say where it is and open it."""
    from app.reports import ReportCancelled

    ctx.settings.last_folder = str(path.parent)

    def done(result: ReportResult) -> None:
        made(ctx, parent, result.path, result.pages)

    def failed(exc: Exception) -> None:
        if not isinstance(exc, ReportCancelled):  # the person pressed 取消: nothing to report
            ctx.errors.report(parent, exc)

    ctx.ops.long(title, lambda job: build(path, job), done, failed=failed, parent=parent)


def made(ctx: Context, parent: QWidget, path: Path, pages: int) -> QMessageBox | None:
    """A PDF was written: the status bar names it; it is opened when the setting says so, and
    when no program opens it a message says where it is (returned, for tests)."""
    said = QCoreApplication.translate("Printing", "已生成 PDF：{path}（{pages} 页）").format(path=path, pages=pages)
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(said, STATUS_MS)
    if not ctx.settings.open_after_print:
        return None
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return None
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("Printing", "PDF 已生成"),
                      QCoreApplication.translate(
                          "Printing", "PDF 已保存到：\n{path}\n（{pages} 页）\n\n这台电脑上没有找到打开 PDF 的程序。"
                          "可以打开所在文件夹，用其他电脑打印，或安装 PDF 阅读器后再打开。").format(path=path,
                                                                       pages=pages),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("pdfMade")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    folder = box.addButton(QCoreApplication.translate("Printing", "打开所在文件夹"),
                           QMessageBox.ButtonRole.ActionRole)
    folder.setObjectName("openFolder")
    folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("Printing", "确定"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def print_ledger(ctx: Context, parent: QWidget, f: ProblemFilter) -> None:
    def build(path: Path, job: Job) -> ReportResult:
        from app.reports import problem_ledger

        return problem_ledger(ctx.services, f, path, options=_options(ctx), progress=job.progress,
                              cancel=lambda: job.cancelled)

    what = QCoreApplication.translate("Printing", "已逾期") if f.overdue_only else ""
    _produce(ctx, parent, QCoreApplication.translate("Printing", "正在生成问题台账……"),
             filenames.ledger(ctx.services.clock.today(), what), build)


def print_visit(ctx: Context, parent: QWidget, visit: VisitView) -> None:
    def build(path: Path, _job: Job) -> ReportResult:
        from app.reports import visit_record

        return visit_record(ctx.services, visit.id, path, options=_options(ctx))

    _produce(ctx, parent, QCoreApplication.translate("Printing", "正在生成走访记录……"),
             filenames.visit_record(visit.visit_date, visit.enterprise_name, visit.id), build)


def print_enterprise(ctx: Context, parent: QWidget, enterprise_id: str, name: str) -> None:
    def build(path: Path, job: Job) -> ReportResult:
        from app.reports import enterprise_dossier

        return enterprise_dossier(ctx.services, enterprise_id, path, options=_options(ctx),
                                  progress=job.progress, cancel=lambda: job.cancelled)

    _produce(ctx, parent, QCoreApplication.translate("Printing", "正在生成企业档案……"),
             filenames.dossier(name, ctx.services.clock.today()), build)


def print_policy_sheet(ctx: Context, parent: QWidget, enterprise_id: str, name: str) -> None:
    """惠企政策明白纸 for one company (a company no policy fits is told so, and no file is made)."""
    def build(path: Path, _job: Job) -> ReportResult:
        from app.reports import policy_sheet

        return policy_sheet(ctx.services, enterprise_id, path, options=_options(ctx))

    _produce(ctx, parent, QCoreApplication.translate("Printing", "正在生成政策明白纸……"),
             filenames.policy_sheet(name, ctx.services.clock.today()), build)


def print_periodic(ctx: Context, parent: QWidget, q: StatsQuery) -> None:
    def build(path: Path, job: Job) -> ReportResult:
        from app.reports import periodic_report

        return periodic_report(ctx.services, q, path, options=_options(ctx), progress=job.progress,
                               cancel=lambda: job.cancelled)

    _produce(ctx, parent, QCoreApplication.translate("Printing", "正在生成统计通报……"),
             filenames.periodic(q.date_from, q.date_to, ctx.services.clock.today()), build)


def print_supervision(ctx: Context, parent: QWidget, problem_id: str, enterprise: str) -> None:
    """The 督办单 of the problem's latest recorded 督办, with its number."""
    def build(path: Path, _job: Job) -> ReportResult:
        from app.reports import supervision_notice

        return supervision_notice(ctx.services, problem_id, path, options=_options(ctx))

    _produce(ctx, parent, QCoreApplication.translate("Printing", "正在生成督办单……"),
             filenames.supervision(enterprise, ctx.services.clock.today()), build)


def print_revisit_form(ctx: Context, parent: QWidget, enterprise: str, *, problem_id: str | None = None,
                       visit_id: str | None = None) -> None:
    """回访评价表 for the company's signature: one problem, or every solved problem of a visit."""
    def build(path: Path, _job: Job) -> ReportResult:
        from app.reports import revisit_form

        return revisit_form(ctx.services, problem_id, path, visit_id=visit_id, options=_options(ctx))

    _produce(ctx, parent, QCoreApplication.translate("Printing", "正在生成回访评价表……"),
             filenames.revisit_form(enterprise, ctx.services.clock.today()), build)
