"""数据交换: export the exchange workbook (with filters), import files or whole
folders (drag and drop or a dialog) with a dry-run preview, a progress bar
with cancel, the per-file summary and the rejected rows (open or save the
rejection workbook), the office's one step (import, then the consolidated
ledger), the conflicts, both versions side by side, where a person keeps one,
and the import batches with their files, where a batch is undone. The work
itself is app.exchange's; this screen asks and shows."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import privacy
from app.domain import CodeListKind, ProblemSource
from app.errors import UserError
from app.exchange import (
    HISTORY_SHEET,
    LEDGER,
    ROSTER,
    SHEETS,
    BatchView,
    Cancelled,
    ConflictField,
    ConflictKind,
    ConflictView,
    ExportFilter,
    ExportSummary,
    FileReport,
    FileStatus,
    ImportReport,
    MergeResult,
    Rejection,
    Resolution,
    RosterMapping,
    UndoResult,
    same_as_text,
)
from app.paths import data_dir
from app.services.access import Permissions
from ui import domain_text
from ui.context import Context
from ui.format import from_qdate, to_qdate
from ui.models.table import Column, RowTableModel
from ui.operations import REPORTED, Change, Job
from ui.views.page import Page, confirm, selected_row, setup_table
from ui.widgets.enterprise_picker import EnterprisePicker
from ui.widgets.roster_mapping import RosterMappingDialog

#: translate("Context", "…"): the context spelled out, so pyside6-lupdate files each string under it.
translate = QCoreApplication.translate
#: Count keys of the import report as a person reads them (the workbook's sheet names, as in Excel).
KIND_LABELS = {**{spec.key: spec.title for spec in SHEETS}, "history": HISTORY_SHEET}


def _status_label(status: str) -> str:
    """FileStatus.label in the window's language."""
    labels: dict[str, str] = {
        FileStatus.IMPORTED: translate("ExchangePage", "已导入"),
        FileStatus.FAILED: translate("ExchangePage", "未导入"),
        FileStatus.DRY_RUN: translate("ExchangePage", "预览（未写入）"),
        FileStatus.SKIPPED: translate("ExchangePage", "已跳过")}
    return labels.get(status, status)


def _counted(counts: dict[str, dict[str, int]], field: str) -> int:
    """Records (the trail rows a file brought are not records)."""
    return sum(c.get(field, 0) for kind, c in counts.items() if kind != "history")


def _file_columns() -> list[Column[FileReport]]:
    """An import's report of each file, or the same kept with its batch."""
    return [
        Column(translate("ExchangePage", "文件"), lambda f: Path(f.path).name, tooltip=lambda f: f.path),
        Column(translate("ExchangePage", "类型"), lambda f: f.kind),
        Column(translate("ExchangePage", "结果"), _result_text,
               tooltip=lambda f: "\n".join((f.error, *f.notes)).strip()),
        _count_column(translate("ExchangePage", "新增"), "created"),
        _count_column(translate("ExchangePage", "更新"), "updated"),
        _count_column(translate("ExchangePage", "未变"), "unchanged"),
        _count_column(translate("ExchangePage", "冲突"), "conflicts"),
        _count_column(translate("ExchangePage", "拒收"), "rejected"),
    ]


def _result_text(f: FileReport) -> str:
    if f.cancelled:
        return f.error  # 已取消，未导入 (not 已跳过：已取消，未导入)
    text = _status_label(f.status)
    if f.same_as:
        return translate("ExchangePage", "{status}（{reason}）").format(status=text, reason=same_as_text(f.same_as))
    if f.error:
        return translate("ExchangePage", "{status}：{error}").format(status=text, error=f.error)
    notes = f.notes
    return translate("ExchangePage", "{status}，{n} 条说明见下方").format(status=text, n=len(notes)) if notes \
        else text


#: Notes shown under the file list when no file is selected (the rest: select a file).
NOTES_SHOWN = 6


def notes_text(files: list[FileReport], selected: FileReport | None) -> str:
    """What the import said about how it read the files (old 注册号 kept in 备注, rows that are not
    enterprises …): the selected file's notes, or the first of all files'."""
    if selected is not None:
        return "\n".join(f"· {n}" for n in selected.notes)
    lines = [translate("ExchangePage", "· {file}：{note}").format(file=Path(f.path).name, note=n)
             for f in files for n in f.notes]
    if len(lines) > NOTES_SHOWN:
        lines = [*lines[:NOTES_SHOWN], translate("ExchangePage",
                                                 "…… 另有 {n} 条，在上表中选中文件可看该文件的全部说明").format(
            n=len(lines) - NOTES_SHOWN)]
    return "\n".join(lines)


def _count_column(label: str, field: str) -> Column[Any]:
    return Column(label, lambda f: str(_counted(f.counts, field)), align_right=True)


def _rejection_columns() -> list[Column[Rejection]]:
    return [
        Column(translate("ExchangePage", "文件"), lambda r: Path(r.file).name),
        Column(translate("ExchangePage", "工作表"), lambda r: r.sheet),
        Column(translate("ExchangePage", "行"), lambda r: str(r.row), align_right=True),
        Column(translate("ExchangePage", "列"), lambda r: r.column),
        Column(translate("ExchangePage", "值"), lambda r: r.value),
        Column(translate("ExchangePage", "原因"), lambda r: r.reason),
    ]


def _batch_state(b: BatchView) -> str:
    if b.undone_at is not None:
        return translate("ExchangePage", "已于 {time} 撤销").format(time=f"{b.undone_at.astimezone():%Y-%m-%d %H:%M}")
    if b.interrupted:
        return translate("ExchangePage", "导入中断，已在之后启动时结束（已完成的文件保留，可撤销）")
    if b.finished_at is None:
        return translate("ExchangePage", "未完成（正在导入，或导入被强行终止）")
    if any(f.cancelled for f in b.files):
        return translate("ExchangePage", "已取消（已完成的文件保留）")
    return translate("ExchangePage", "已完成")


def _batch_columns() -> list[Column[BatchView]]:
    return [
        Column(translate("ExchangePage", "批次"), lambda b: b.id[:8], tooltip=lambda b: b.id),
        Column(translate("ExchangePage", "导入时间"), lambda b: b.started_at.astimezone().strftime("%Y-%m-%d %H:%M")),
        Column(translate("ExchangePage", "导入人"), lambda b: b.actor or translate("ExchangePage", "（未设置使用人）")),
        Column(translate("ExchangePage", "文件"), lambda b: str(len(b.files)), align_right=True),
        # Files that could not be read, and those a cancel left out (Excel's lock files are no loss).
        Column(translate("ExchangePage", "未导入"),
               lambda b: str(sum(f.status == FileStatus.FAILED or f.cancelled
                                 for f in b.files)), align_right=True),
        Column(translate("ExchangePage", "新增或修改记录"), lambda b: str(b.changes), align_right=True),
        Column(translate("ExchangePage", "状态"), _batch_state),
    ]


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return translate("ExchangePage", "（空）")
    if isinstance(value, (list, tuple)):
        return translate("ExchangePage", "、").join(str(v) for v in value)
    if isinstance(value, bool):
        return translate("ExchangePage", "是") if value else translate("ExchangePage", "否")
    return str(value)


def _conflict_columns() -> list[Column[ConflictView]]:
    return [
        Column(translate("ExchangePage", "记录"), lambda c: translate("ExchangePage", "{kind}：{title}").format(
            kind=c.record_label, title=c.title) + (translate("ExchangePage", "（一方删除、一方修改）")
                                                   if c.kind == ConflictKind.DELETE else ""),
               tooltip=lambda c: translate("ExchangePage", "一处删除了这条记录，另一处同时修改了它：请选择保留哪一方")
               if c.kind == ConflictKind.DELETE else
               translate("ExchangePage",
                         "两处都修改了这条记录的相同字段，改成了不同的内容：请选择保留哪一方（其余字段已自动合并）")),
        Column(translate("ExchangePage", "企业"), lambda c: c.enterprise, tooltip=lambda c: c.enterprise),
        Column(translate("ExchangePage", "来自"), lambda c: Path(c.source_file).name,
               tooltip=lambda c: translate("ExchangePage", "{file} {sheet} 第 {row} 行").format(
                   file=c.source_file, sheet=c.sheet, row=c.row)),
        Column(translate("ExchangePage", "时间"), lambda c: c.created_at.astimezone().strftime("%Y-%m-%d %H:%M")),
    ]


def _field_columns() -> list[Column[ConflictField]]:
    return [
        Column(translate("ExchangePage", "字段"), lambda f: f.label),
        Column(translate("ExchangePage", "本机版本"), lambda f: _shown(f.local), tooltip=lambda f: _shown(f.local)),
        Column(translate("ExchangePage", "来件版本"), lambda f: _shown(f.incoming),
               tooltip=lambda f: _shown(f.incoming)),
    ]


class DropArea(QFrame):
    """Drop files and folders here."""

    dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropArea")
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(70)
        self.setStyleSheet("QFrame#dropArea { border: 2px dashed #90a4ae; border-radius: 6px; }")
        v = QVBoxLayout(self)
        label = QLabel(self.tr("把 Excel 文件或整个文件夹拖到这里"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color:#546e7a; font-size: 11pt;")
        v.addWidget(label)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.dropped.emit(paths)
            event.acceptProposedAction()


@dataclass(frozen=True)
class _Lists:
    regions: list[str]
    units: list[str]
    #: (ID, name（unit）) of every cadre.
    cadres: list[tuple[str, str]]
    tags: list[str]


class ExchangePage(Page):
    watches = Change.ALL

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("exchangePage")
        self._paths: list[Path] = []
        self._report: ImportReport | None = None
        #: The consolidated ledger the last merge wrote.
        self._ledger: Path | None = None
        #: What the last import read (a preview's 正式导入 imports the same, with the same mapping).
        self._last_paths: list[Path] = []
        self._last_mapping: RosterMapping | None = None
        #: What the acting person may do (app.services.access): only office staff import for real,
        #: undo and settle conflicts; anyone may preview an import and export.
        self._permissions = Permissions(restricted=False)
        root = QVBoxLayout(self)
        root.setContentsMargins(8, 8, 8, 8)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._import_tab(), self.tr("导入"))
        self.tabs.addTab(self._export_tab(), self.tr("导出"))
        self.tabs.addTab(self._conflicts_tab(), self.tr("冲突处理"))
        self.tabs.addTab(self._batches_tab(), self.tr("导入批次"))
        root.addWidget(self.tabs)

    def title(self) -> str:
        return self.tr("数据交换")

    # ---- export -------------------------------------------------------------------
    def _export_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        box = QGroupBox(self.tr("导出交换工作簿（报送或交给其他电脑）"))
        form = QFormLayout(box)
        today = self.ctx.services.clock.today()
        self.export_period = QCheckBox(self.tr("只导出此期间"))
        self.export_from = QDateEdit(to_qdate(today.replace(day=1)))
        self.export_to = QDateEdit(to_qdate(today))
        period = QHBoxLayout()
        period.addWidget(self.export_period)
        for d in (self.export_from, self.export_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            period.addWidget(d)
        period.addStretch(1)
        form.addRow(self.tr("期间"), period)
        self.export_region = QComboBox()
        self.export_unit = QComboBox()
        self.export_cadre = QComboBox()
        self.export_cadre.setObjectName("exportCadre")
        self.export_enterprise = EnterprisePicker(self.ctx)
        self.export_enterprise.setObjectName("exportEnterprise")
        self.export_enterprise.setPlaceholderText(self.tr("全部企业（或输入企业名称、信用代码，只导出这一家）"))
        form.addRow(self.tr("乡镇/街道"), self.export_region)
        form.addRow(self.tr("包联干部所在单位"), self.export_unit)
        form.addRow(self.tr("包联干部"), self.export_cadre)
        form.addRow(self.tr("企业"), self.export_enterprise)
        self.changed_only = QCheckBox(self.tr("只导出上次导出到同一文件以来的变化"))
        form.addRow("", self.changed_only)
        self.redact = QCheckBox(self.tr("隐去个人信息（电话号码、身份证号码、企业人员姓名），供对外报送；"
                                        "这样的文件不能再导入"))
        self.redact.setObjectName("redact")
        form.addRow("", self.redact)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export)
        form.addRow("", self.export_button)
        v.addWidget(box)
        self.export_result = QLabel()
        self.export_result.setObjectName("exportResult")
        self.export_result.setWordWrap(True)
        v.addWidget(self.export_result)
        v.addStretch(1)
        return w

    def export_filter(self) -> ExportFilter:
        on = self.export_period.isChecked()
        return ExportFilter(date_from=from_qdate(self.export_from.date()) if on else None,
                            date_to=from_qdate(self.export_to.date()) if on else None,
                            region=self.export_region.currentData(), unit=self.export_unit.currentData(),
                            cadre=self.export_cadre.currentData(), enterprise=self._export_enterprise())

    def _export_enterprise(self) -> str | None:
        """The enterprise picked, or the text typed (resolved by the export, which says if it names none)."""
        picker = self.export_enterprise
        if picker.enterprise is not None:
            return picker.enterprise.id
        return picker.text().strip() or None

    def export(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d")
        folder = Path(self.ctx.settings.last_folder or Path.home())
        start = folder / self.tr("走访台账交换_{date}.xlsx").format(date=stamp)
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("导出交换工作簿"), str(start),
                                                self.tr("Excel 工作簿 (*.xlsx)"))
        if chosen:
            self.export_to_path(Path(chosen))

    def export_to_path(self, path: Path) -> None:
        self.ctx.settings.last_folder = str(path.parent)
        f, changed, redact = self.export_filter(), self.changed_only.isChecked(), self.redact.isChecked()
        exchange = self.ctx.services.exchange
        self.export_result.setText(self.tr("正在导出……"))
        self.ctx.ops.long(self.tr("正在导出交换工作簿……"),
                          lambda job: exchange.export(path, f, changed_since_last=changed, redact=redact,
                                                      progress=job.progress, cancel=lambda: job.cancelled),
                          self._exported, failed=lambda exc: self._failed(exc, self.export_result), parent=self)

    def _exported(self, s: ExportSummary) -> None:
        counts = self.tr("，").join(self.tr("{kind} {n}").format(kind=KIND_LABELS.get(k, k), n=n)
                                   for k, n in s.counts.items() if n)
        self.export_result.setText(self.tr("已导出到 {path}（{filters}）：{counts}").format(
            path=s.path, filters=s.filters, counts=counts or self.tr("没有需要导出的记录")))

    # ---- import -------------------------------------------------------------------
    def _import_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.drop = DropArea()
        self.drop.dropped.connect(self.choose_paths)
        v.addWidget(self.drop)
        bar = QHBoxLayout()
        pick_files = QPushButton(self.tr("选择文件…"))
        pick_files.clicked.connect(self._pick_files)
        pick_folder = QPushButton(self.tr("选择文件夹…"))
        pick_folder.clicked.connect(self._pick_folder)
        self.dry_run = QCheckBox(self.tr("先预览（不写入数据库）"))
        self.dry_run.setObjectName("dryRun")
        self.dry_run.setChecked(True)
        self.chosen_label = QLabel(self.tr("尚未选择文件"))
        self.chosen_label.setObjectName("chosenFiles")
        self.import_button = QPushButton(self.tr("开始导入"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(lambda: self.run_import(self.dry_run.isChecked()))
        self.confirm_button = QPushButton(self.tr("预览无误，正式导入"))
        self.confirm_button.setObjectName("confirmImport")
        self.confirm_button.setVisible(False)
        # What was previewed, as it was previewed (the tag chosen then, not one chosen since).
        self.confirm_button.clicked.connect(lambda: self.run_import(False, self._last_paths, self._last_mapping,
                                                                    as_previewed=True))
        self.merge_button = QPushButton(self.tr("导入并生成汇总台账…"))
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setToolTip(self.tr("一步完成：导入所选文件，"
                                             "再把本机的全部数据导出为一份汇总台账（交换工作簿）"))
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self._pick_ledger)
        for wdg in (pick_files, pick_folder, self.dry_run):
            bar.addWidget(wdg)
        bar.addWidget(self.chosen_label, 1)
        bar.addWidget(self.import_button)
        bar.addWidget(self.confirm_button)
        bar.addWidget(self.merge_button)
        v.addLayout(bar)
        self.role_note = QLabel()
        self.role_note.setObjectName("roleNote")
        self.role_note.setWordWrap(True)
        self.role_note.setVisible(False)
        v.addWidget(self.role_note)
        tag_row = QHBoxLayout()
        tag_row.addWidget(QLabel(self.tr("企业名录中的企业加标签：")))
        self.roster_tag = QComboBox()
        self.roster_tag.setObjectName("rosterTag")
        self.roster_tag.setEditable(True)
        self.roster_tag.setMinimumWidth(160)
        typed = self.roster_tag.lineEdit()
        if typed is not None:  # always, for an editable combo box
            typed.setPlaceholderText(self.tr("不加标签"))
            typed.setMaxLength(50)
        tag_row.addWidget(self.roster_tag)
        tag_hint = QLabel(self.tr("导入专精特新、高新技术企业等名单时选择或输入标签，"
                                  "名单中的企业（含本机已有的）都会加上；"
                                  "交换工作簿不受影响"))
        tag_hint.setObjectName("hint")
        tag_hint.setStyleSheet("color:#666")
        tag_hint.setWordWrap(True)  # never what keeps a small screen from fitting the window
        tag_row.addWidget(tag_hint, 1)
        tag_row.addWidget(QLabel(self.tr("问题台账的问题来源：")))
        self.ledger_source = QComboBox()
        self.ledger_source.setObjectName("ledgerSource")
        self.ledger_source.setToolTip(self.tr("台账中没有“问题来源”列（或该格为空）时问题的来源，不选则为走访发现；"
                                              "上级交办的问题在统计中单列"))
        # As narrow as its values: the tag's hint beside it keeps the room to stay on two lines.
        self.ledger_source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.ledger_source.setMinimumContentsLength(20)
        self.ledger_source.addItem(self.tr("按台账"), "")
        domain_text.fill(self.ledger_source, ProblemSource)
        tag_row.addWidget(self.ledger_source)
        v.addLayout(tag_row)
        self.import_summary = QLabel()
        self.import_summary.setObjectName("importSummary")
        self.import_summary.setWordWrap(True)
        v.addWidget(self.import_summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.file_model: RowTableModel[FileReport] = RowTableModel(_file_columns(), parent=self)
        files = self.import_files = QTableView()
        files.setObjectName("importFiles")
        files.setModel(self.file_model)
        setup_table(files, stretch_column=2, widths={0: 220, 1: 90})
        self.reject_model: RowTableModel[Rejection] = RowTableModel(_rejection_columns(), parent=self)
        rejects = QTableView()
        rejects.setObjectName("rejections")
        rejects.setModel(self.reject_model)
        setup_table(rejects, stretch_column=5, widths=dict(enumerate((180, 80, 50, 100, 140))))
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(files, 1)
        self.file_notes = QLabel()
        self.file_notes.setObjectName("fileNotes")
        self.file_notes.setWordWrap(True)
        self.file_notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.file_notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_notes.setVisible(False)
        tv.addWidget(self.file_notes)
        split.addWidget(top)
        split.addWidget(rejects)
        v.addWidget(split, 1)
        rb = QHBoxLayout()
        self.open_rejects = QPushButton(self.tr("打开拒收工作簿"))
        self.open_rejects.setObjectName("openRejects")
        self.open_rejects.clicked.connect(self._open_rejects)
        self.save_rejects = QPushButton(self.tr("另存拒收工作簿…"))
        self.save_rejects.clicked.connect(self._save_rejects)
        for b in (self.open_rejects, self.save_rejects):
            b.setEnabled(False)
            rb.addWidget(b)
        self.open_ledger = QPushButton(self.tr("打开汇总台账"))
        self.open_ledger.setObjectName("openLedger")
        self.open_ledger.setVisible(False)
        self.open_ledger.clicked.connect(self._open_ledger)
        self.roster_button = QPushButton(self.tr("设置名录或台账的列对应…"))
        self.roster_button.setObjectName("rosterMapButton")
        self.roster_button.setToolTip(self.tr("所选文件的表头或列没有被正确识别时，指定表头所在的行和各列对应的"
                                              "字段，再导入"))
        self.roster_button.setEnabled(False)
        self.roster_button.clicked.connect(self.map_roster)
        files.selectionModel().selectionChanged.connect(lambda *_a: self._file_selected())
        rb.addWidget(self.roster_button)
        rb.addStretch(1)
        rb.addWidget(self.open_ledger)
        v.addLayout(rb)
        return w

    def _pick_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("选择要导入的文件"), self.ctx.settings.last_folder,
                                                 self.tr("Excel 或 CSV (*.xlsx *.xlsm *.xls *.csv)"))
        if chosen:
            self.choose_paths([Path(c) for c in chosen])

    def _pick_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择包含报送文件的文件夹"),
                                                  self.ctx.settings.last_folder)
        if chosen:
            self.choose_paths([Path(chosen)])

    def choose_paths(self, paths: list[Path]) -> None:
        self._paths = paths
        self.ctx.settings.last_folder = str(paths[0] if paths[0].is_dir() else paths[0].parent)
        names = self.tr("、").join(self.tr("{name}（文件夹）").format(name=p.name) if p.is_dir() else p.name
                                   for p in paths[:4])
        more = self.tr(" 等 {n} 项").format(n=len(paths)) if len(paths) > 4 else ""
        self.chosen_label.setText(names + more)
        self._enable_import(True)
        self.confirm_button.setVisible(False)

    def run_import(self, dry_run: bool, paths: list[Path] | None = None,
                   mapping: RosterMapping | None = None, *, as_previewed: bool = False) -> None:
        """Import the chosen files (or `paths`, e.g. one roster with a person's column mapping), with
        the tag chosen for rosters unless `as_previewed`."""
        paths = list(paths or self._paths)
        if not paths:
            return
        if not as_previewed:
            mapping = self._tagged(mapping)
        self._last_paths, self._last_mapping = paths, mapping
        rejects = self._rejects_path()
        exchange = self.ctx.services.exchange
        self._started(self.tr("正在预览……") if dry_run else self.tr("正在导入……"))

        def work(job: Job) -> ImportReport:
            return exchange.import_paths(paths, dry_run=dry_run, rejects_path=rejects, roster_mapping=mapping,
                                         progress=job.progress, cancel=lambda: job.cancelled)

        self.ctx.ops.long(self.tr("正在读取和核对文件……") if dry_run else self.tr("正在导入……"), work,
                          self._imported, changes=Change.NONE if dry_run else REPORTED,
                          failed=self._import_failed, parent=self)

    def _tagged(self, mapping: RosterMapping | None) -> RosterMapping | None:
        """The mapping with the tag chosen for rosters and the source chosen for problem ledgers."""
        tag = self.roster_tag.currentText().strip()
        source = self.ledger_source.currentData() or ""
        if tag:
            mapping = replace(mapping or RosterMapping(), tags=(tag,))
        if source:
            mapping = replace(mapping or RosterMapping(), problem_source=source)
        return mapping

    def _file_selected(self) -> None:
        f = selected_row(self.import_files, self.file_model)
        self._show_notes(f)
        # A roster read (perhaps wrongly) or one that could not be used; not a broken or hostile file.
        self.roster_button.setEnabled(f is not None and f.kind in (ROSTER, LEDGER) and Path(f.path).is_file())

    def _show_notes(self, selected: FileReport | None) -> None:
        text = notes_text(self.file_model.rows, selected)
        self.file_notes.setText(self.tr("说明：") + "\n" + text if text else "")
        self.file_notes.setVisible(bool(text))

    def map_roster(self) -> None:
        """Ask how the selected file's columns are read, then import it (a preview first if 先预览 is ticked)."""
        f = selected_row(self.import_files, self.file_model)
        if f is None:
            return
        dialog = RosterMappingDialog(self.ctx, Path(f.path), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run_import(self.dry_run.isChecked(), [Path(f.path)], dialog.mapping()))
        dialog.open()

    def _pick_ledger(self) -> None:
        start = Path(self.ctx.settings.last_folder or Path.home()) / self.tr("汇总台账_{date}.xlsx").format(
            date=datetime.now().strftime("%Y%m%d"))
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("汇总台账保存为"), str(start),
                                                self.tr("Excel 工作簿 (*.xlsx)"))
        if chosen:
            self.run_merge(Path(chosen))

    def run_merge(self, ledger: Path) -> None:
        """The office's one step: import the chosen files, then export the consolidated ledger."""
        if not self._paths:
            return
        if ledger.suffix.lower() != ".xlsx":
            ledger = ledger.with_name(ledger.name + ".xlsx")
        paths = list(self._paths)
        rejects = self._rejects_path()
        exchange = self.ctx.services.exchange
        mapping = self._tagged(None)
        self._started(self.tr("正在导入并生成汇总台账……"))

        def work(job: Job) -> MergeResult:
            return exchange.merge(paths, ledger, rejects_path=rejects, roster_mapping=mapping, progress=job.progress,
                                  cancel=lambda: job.cancelled)

        self.ctx.ops.long(self.tr("正在导入并生成汇总台账……"), work, self._merged, changes=REPORTED,
                          failed=self._import_failed, parent=self)

    def _rejects_path(self) -> Path:
        folder = data_dir() / "rejects"
        privacy.make_folder(folder)
        return folder / f"拒收_{datetime.now():%Y%m%d-%H%M%S}.xlsx"  # untranslated: a file name, as in the CLI

    def _started(self, text: str) -> None:
        self._enable_import(False)
        self.confirm_button.setVisible(False)
        self.open_ledger.setVisible(False)
        self._ledger = None
        self.import_summary.setText(text)

    def _import_failed(self, exc: Exception) -> None:
        self._enable_import(True)
        self._failed(exc, self.import_summary)

    def _merged(self, r: MergeResult) -> None:
        self._imported(r.imported)
        if r.exported is None:
            self.import_summary.setText(self.import_summary.text() + "\n" + self.tr("汇总台账未保存：{why}").format(
                why=r.export_error))
            return
        self._ledger = r.exported.path
        self.open_ledger.setVisible(True)
        self.import_summary.setText(self.import_summary.text() + "\n" + self.tr("汇总台账已保存到 {path}").format(
            path=r.exported.path))

    def _open_ledger(self) -> None:
        if self._ledger is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._ledger)))

    def _imported(self, r: ImportReport) -> None:
        self._report = r
        self._enable_import(True)
        self.file_model.set_rows(list(r.files))
        self._show_notes(None)
        rejections = [x for f in r.files for x in f.rejections]
        self.reject_model.set_rows(rejections)
        totals = r.totals
        parts = []
        for kind, c in totals.items():
            n = sum(c.values())
            if n:
                parts.append(self.tr("{kind}：新增 {created}，更新 {updated}，未变 {unchanged}，冲突 {conflicts}，拒收 "
                                     "{rejected}").format(
                    kind=KIND_LABELS.get(kind, kind), **{k: c.get(k, 0) for k in
                                                         ("created", "updated", "unchanged", "conflicts", "rejected")}))
        failed = [f for f in r.files if f.status == FileStatus.FAILED]
        # The table cuts long reasons short: the first few are spelled out here.
        parts += [f.error for f in failed[:3]]
        if len(failed) > 3:
            parts.append(self.tr("另有 {n} 个文件未导入，"
                                 "原因见上表（鼠标停在“结果”上可看全文）").format(n=len(failed) - 3))
        known = [f for f in r.files if f.same_as]
        if known:
            waiting = any(c.get("conflicts") for f in known for c in f.counts.values())
            counted = self.tr("其中的行计为未变，仍待处理的冲突照旧计为冲突") if waiting else self.tr("全部计为未变")
            parts.append(self.tr("其中 {n} 个文件与之前导入的文件完全相同，未重新读取（{counted}）").format(
                n=len(known), counted=counted))
        if any(f.kind == ROSTER for f in failed):
            parts.append(self.tr("提示：表头或列没有被识别的企业名录或问题台账，可在上表中选中该文件，"
                                 "点“设置名录或台账的列对应…”指定后再导入。"))
        if r.cancelled:
            stopped = sum(1 for f in r.files if f.cancelled)
            head = self.tr("已取消：{done} 个文件已处理，其余 {stopped} 个未导入").format(
                done=len(r.files) - stopped, stopped=stopped) + (self.tr("（预览，尚未写入）") if r.dry_run else "")
            self.import_summary.setText(self.tr("{head}。\n{parts}").format(head=head, parts="\n".join(parts)))
        else:
            head = self.tr("预览结果（尚未写入）") if r.dry_run else self.tr("导入完成")
            self.import_summary.setText(self.tr("{head}：{n} 个文件。\n{parts}").format(
                head=head, n=len(r.files), parts="\n".join(parts)))
        has_rejects = bool(r.rejects_paths) and any(p.exists() for p in r.rejects_paths)
        self.open_rejects.setEnabled(has_rejects)
        self.save_rejects.setEnabled(has_rejects)
        previewed = r.dry_run and any(f.status != FileStatus.FAILED for f in r.files)
        self.confirm_button.setVisible(previewed and self._permissions.office)
        if not r.dry_run:
            self._load_conflicts()
            self._load_batches()

    def _open_rejects(self) -> None:
        if self._report:
            for p in self._report.rejects_paths:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(p)))

    def _save_rejects(self) -> None:
        if not self._report or not self._report.rejects_paths:
            return
        source = self._report.rejects_paths[0]
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("另存拒收工作簿"),
                                                str(Path(self.ctx.settings.last_folder or Path.home()) / source.name),
                                                self.tr("Excel 工作簿 (*.xlsx)"))
        if chosen:
            shutil.copyfile(source, chosen)

    def _failed(self, exc: Exception, label: QLabel) -> None:
        if isinstance(exc, Cancelled):  # an export (an import reports its cancel like its other results)
            label.setText(str(exc))
        elif isinstance(exc, UserError):
            label.setText(str(exc))
            self.ctx.errors.report(self, exc)
        else:
            self.ctx.errors.report(self, exc)

    # ---- conflicts ----------------------------------------------------------------
    def _conflicts_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("conflictCount")
        v.addWidget(self.conflict_label)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.conflict_model: RowTableModel[ConflictView] = RowTableModel(_conflict_columns(), parent=self)
        self.conflicts = QTableView()
        self.conflicts.setObjectName("conflicts")
        self.conflicts.setModel(self.conflict_model)
        setup_table(self.conflicts, stretch_column=0, widths={1: 150, 2: 110, 3: 130})  # 时间 in full
        # An import can leave hundreds: several are selected (Shift, Ctrl, 全部选中) and settled at once.
        self.conflicts.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.conflicts.selectionModel().selectionChanged.connect(self._conflict_selected)
        self.conflicts.selectionModel().currentRowChanged.connect(lambda *_a: self._show_current_conflict())
        self.field_model: RowTableModel[ConflictField] = RowTableModel(_field_columns(), parent=self)
        fields = QTableView()
        fields.setObjectName("conflictFields")
        fields.setModel(self.field_model)
        setup_table(fields, stretch_column=None, widths={0: 110, 1: 200})
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.fields_label = QLabel()
        self.fields_label.setObjectName("conflictFieldsLabel")
        rv.addWidget(self.fields_label)
        rv.addWidget(fields, 1)
        buttons = QHBoxLayout()
        select_all = QPushButton(self.tr("全部选中"))
        select_all.clicked.connect(self.conflicts.selectAll)
        buttons.addWidget(select_all)
        self.keep_local = QPushButton(self.tr("保留本机版本"))
        self.keep_local.setObjectName("keepLocal")
        self.keep_incoming = QPushButton(self.tr("采用来件版本"))
        self.keep_incoming.setObjectName("keepIncoming")
        self.keep_local.clicked.connect(lambda: self._resolve(Resolution.LOCAL))
        self.keep_incoming.clicked.connect(lambda: self._resolve(Resolution.INCOMING))
        buttons.addStretch(1)
        buttons.addWidget(self.keep_local)
        buttons.addWidget(self.keep_incoming)
        rv.addLayout(buttons)
        split.addWidget(self.conflicts)
        split.addWidget(right)
        split.setSizes([640, 440])
        v.addWidget(split, 1)
        self._conflict_selected(QItemSelection(), QItemSelection())
        return w

    def reload(self) -> None:
        services = self.ctx.services
        self.ctx.ops.read(lambda: _Lists(services.enterprises.regions(), services.code_lists.values(CodeListKind.UNIT),
                                         [(c.id, self.tr("{name}（{unit}）").format(name=c.name, unit=c.unit)
                                           if c.unit else c.name) for c in services.cadres.list()],
                                         services.code_lists.values(CodeListKind.TAG)),
                          self._fill_lists, key="exchange-lists")
        self._load_conflicts()
        self._load_batches()
        self.ctx.ops.read(services.access.permissions, self._set_permissions, key="exchange-permissions")

    def _enable_import(self, on: bool) -> None:
        """The import buttons once files are chosen (and no import runs): a real import and the
        merge only for office staff, the preview for everyone."""
        self.import_button.setEnabled(on)
        self.merge_button.setEnabled(on and self._permissions.office)

    def _set_permissions(self, permissions: Permissions) -> None:
        self._permissions = permissions
        if not permissions.office:
            self.dry_run.setChecked(True)
            self.confirm_button.setVisible(False)
            user = permissions.user
            who = self.tr("{name}（{role}）").format(name=user.name, role=domain_text.shown(user.role)) \
                if user is not None else self.tr("当前使用人")
            self.role_note.setText(self.tr("{who}不能导入、撤销导入或处理冲突（只有办公室、经办人员可以）；"
                                           "可以预览导入文件，也可以导出").format(who=who))
        self.dry_run.setEnabled(permissions.office)
        self.role_note.setVisible(not permissions.office)
        self._enable_import(self.import_button.isEnabled())
        self._conflict_selected(QItemSelection(), QItemSelection())
        self._batch_selected(QItemSelection(), QItemSelection())

    def _fill_lists(self, lists: _Lists) -> None:
        for combo, values, everything in ((self.export_region, lists.regions, self.tr("全部乡镇")),
                                          (self.export_unit, lists.units, self.tr("全部单位"))):
            current = combo.currentData()
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        current = self.export_cadre.currentData()
        self.export_cadre.clear()
        self.export_cadre.addItem(self.tr("全部干部"), None)
        for cadre_id, label in lists.cadres:
            self.export_cadre.addItem(label, cadre_id)
        self.export_cadre.setCurrentIndex(max(0, self.export_cadre.findData(current)))
        typed = self.roster_tag.currentText()
        self.roster_tag.clear()
        self.roster_tag.addItems(["", *lists.tags])
        self.roster_tag.setCurrentText(typed)

    def _load_conflicts(self) -> None:
        self.ctx.ops.read(self.ctx.services.exchange.conflicts, self._show_conflicts, key="conflicts")

    def _show_conflicts(self, rows: list[ConflictView]) -> None:
        self.conflict_model.set_rows(rows)
        self.conflict_label.setText(self.tr("待处理的冲突：{n} 个（同一字段在本机和来件中被改成了不同内容，"
                                            "请选择保留哪一方；其余修改已自动合并）").format(
            n=len(rows)) if rows else self.tr("没有待处理的冲突"))
        self.tabs.setTabText(2, self.tr("冲突处理（{n}）").format(n=len(rows)) if rows else self.tr("冲突处理"))
        self._conflict_selected(QItemSelection(), QItemSelection())

    def _selected_conflicts(self) -> list[ConflictView]:
        rows = sorted(i.row() for i in self.conflicts.selectionModel().selectedRows())
        return [self.conflict_model.rows[r] for r in rows if r < len(self.conflict_model.rows)]

    def _conflict_selected(self, _a: QItemSelection, _b: QItemSelection) -> None:
        n = len(self._selected_conflicts())
        for button, text in ((self.keep_local, self.tr("保留本机版本")), (self.keep_incoming, self.tr("采用来件版本"))):
            button.setEnabled(n > 0 and self._permissions.office)
            button.setText(text if n <= 1 else self.tr("{text}（{n} 个）").format(text=text, n=n))
        self._show_current_conflict()

    def _show_current_conflict(self) -> None:
        """The fields of the row with the focus (of the only one selected, usually)."""
        chosen = self._selected_conflicts()
        current = self.conflict_model.row_at(self.conflicts.currentIndex())
        c = current if current in chosen else chosen[0] if chosen else None
        self.field_model.set_rows(list(c.fields) if c else [])
        if len(chosen) > 1:
            self.fields_label.setText(self.tr("已选中 {n} 个冲突；下面是“{title}”有冲突的字段（左：本机，右：来件；"
                                              "其余字段已自动合并）").format(
                n=len(chosen), title=c.title if c else ""))
        else:
            self.fields_label.setText(self.tr("有冲突的字段（左：本机，右：来件；其余字段已自动合并）"))

    def _resolve(self, keep: str) -> None:
        chosen = self._selected_conflicts()
        if not chosen:
            return
        exchange = self.ctx.services.exchange
        if len(chosen) == 1:
            c = chosen[0]
            self.ctx.ops.write(lambda: exchange.resolve_conflict(c.id, keep), lambda _v: self._load_conflicts(),
                               changes=REPORTED, source=self)
            return
        choice = self.tr("保留本机版本") if keep == Resolution.LOCAL else self.tr("采用来件版本")
        ids = [c.id for c in chosen]
        confirm(self, "confirmResolve", self.tr("处理冲突"),
                self.tr("选中的 {n} 个冲突都{choice}？\n各条记录的修改历史中会记下这次选择。").format(n=len(chosen),
                                                                                          choice=choice),
                choice, lambda: self.ctx.ops.long(
                    self.tr("正在处理冲突……"),
                    lambda job: exchange.resolve_conflicts(ids, keep, progress=job.progress,
                                                           cancel=lambda: job.cancelled),
                    lambda _v: self._load_conflicts(), changes=REPORTED, parent=self))

    # ---- batches ------------------------------------------------------------------
    def _batches_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        hint = QLabel(self.tr("每次导入是一个批次。撤销批次会删除该批次新增的记录、把被它修改的记录恢复原样，"
                              "并撤销它留下的冲突；只要这些记录之后没有再被修改，就能撤销，"
                              "撤销后可以重新导入同样的文件。"))
        hint.setWordWrap(True)
        v.addWidget(hint)
        split = QSplitter(Qt.Orientation.Vertical)
        self.batch_model: RowTableModel[BatchView] = RowTableModel(_batch_columns(), parent=self)
        self.batch_table = QTableView()
        self.batch_table.setObjectName("batches")
        self.batch_table.setModel(self.batch_model)
        setup_table(self.batch_table, stretch_column=6, widths=dict(enumerate((80, 130, 130, 50, 60, 110))))
        self.batch_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.batch_table.selectionModel().selectionChanged.connect(self._batch_selected)
        self.batch_file_model: RowTableModel[FileReport] = RowTableModel(_file_columns(), parent=self)
        files = QTableView()
        files.setObjectName("batchFiles")
        files.setModel(self.batch_file_model)
        setup_table(files, stretch_column=2, widths={0: 240, 1: 90})
        split.addWidget(self.batch_table)
        split.addWidget(files)
        v.addWidget(split, 1)
        bar = QHBoxLayout()
        self.batch_result = QLabel()
        self.batch_result.setObjectName("batchResult")
        self.batch_result.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("撤销此批次…"))
        self.undo_button.setObjectName("undoBatch")
        self.undo_button.clicked.connect(self.confirm_undo)
        bar.addWidget(self.batch_result, 1)
        bar.addWidget(self.undo_button)
        v.addLayout(bar)
        self._batch_selected(QItemSelection(), QItemSelection())
        return w

    def _load_batches(self) -> None:
        self.ctx.ops.read(self.ctx.services.exchange.batches, self._show_batches, key="batches")

    def _show_batches(self, rows: list[BatchView]) -> None:
        chosen = self._selected_batch()
        self.batch_model.set_rows(rows)
        for n, b in enumerate(rows):
            if chosen is not None and b.id == chosen.id:
                self.batch_table.selectRow(n)
        self._batch_selected(QItemSelection(), QItemSelection())

    def _selected_batch(self) -> BatchView | None:
        return selected_row(self.batch_table, self.batch_model)

    def _batch_selected(self, _a: QItemSelection, _b: QItemSelection) -> None:
        b = self._selected_batch()
        self.batch_file_model.set_rows(list(b.files) if b else [])
        self.undo_button.setEnabled(b is not None and b.undone_at is None and self._permissions.office)

    def confirm_undo(self) -> None:
        b = self._selected_batch()
        if b is None or b.undone_at is not None:
            return
        when = b.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        confirm(self, "confirmUndo", self.tr("撤销导入批次"),
                self.tr("撤销 {when} 导入的批次 {id}（{files} 个文件，新增或修改记录 {n} 条）？\n"
                        "该批次新增的记录将被删除，被修改的记录恢复原样，它留下的冲突一并撤销。"
                        "修改历史中会记下这次撤销。").format(when=when, id=b.id[:8], files=len(b.files), n=b.changes),
                self.tr("撤销批次"), lambda: self.undo_batch(b.id), icon=QMessageBox.Icon.Warning)

    def undo_batch(self, batch_id: str) -> None:
        exchange = self.ctx.services.exchange
        self.undo_button.setEnabled(False)
        self.batch_result.setText(self.tr("正在撤销……"))

        def failed(exc: Exception) -> None:
            self._batch_selected(QItemSelection(), QItemSelection())
            if isinstance(exc, UserError):  # refused or cancelled: nothing changed, said in the label
                self.batch_result.setText(str(exc))
            else:
                self.ctx.errors.report(self, exc)

        self.ctx.ops.long(self.tr("正在撤销导入批次……"),
                          lambda job: exchange.undo_batch(batch_id, progress=job.progress,
                                                          cancel=lambda: job.cancelled),
                          self._undone, changes=REPORTED, failed=failed, parent=self)

    def _undone(self, r: UndoResult) -> None:
        self.batch_result.setText(self.tr("已撤销批次 {id}：删除该批次新增的记录 {removed} 条，恢复被修改的记录 "
                                          "{restored} 条，"
                                          "撤销等待处理的冲突 {dropped} 条。").format(
            id=r.batch_id[:8], removed=r.removed, restored=r.restored, dropped=r.conflicts_dropped))
