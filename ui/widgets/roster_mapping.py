"""设置列对应: when a roster's header row or columns are not recognised (or
recognised wrongly), a person says where the header is and which column holds
which field, sees the first rows as they will be read, and imports with that
mapping. Previews run off the GUI thread; the import is run by the caller on
`accepted`, with `mapping()`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.exchange import HEADER_SCAN_ROWS, RosterMapping, RosterPreview, SheetGuess
from ui.context import Context

#: The sample rows shown under each column.
_SAMPLES = 3


class RosterMappingDialog(QDialog):
    def __init__(self, ctx: Context, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.guess: SheetGuess | None = None
        self._choices: tuple[tuple[str, str], ...] = ()
        self._loading = False
        self.setObjectName("rosterMapping")
        self.setWindowTitle(self.tr("设置企业名录的列对应"))
        self.setMinimumSize(760, 520)
        v = QVBoxLayout(self)
        intro = QLabel(self.tr("文件“{name}”：请指定表头所在的行，并为每一列选择对应的字段（不需要的列选“不导入”）。"
                               "必须有“企业名称”列。").format(name=path.name))
        intro.setWordWrap(True)
        v.addWidget(intro)
        form = QFormLayout()
        self.sheet = QComboBox()
        self.sheet.setObjectName("rosterSheet")
        self.header_row = QSpinBox()
        self.header_row.setObjectName("rosterHeaderRow")
        self.header_row.setRange(1, HEADER_SCAN_ROWS * 10)
        form.addRow(self.tr("工作表"), self.sheet)
        form.addRow(self.tr("表头在第几行"), self.header_row)
        v.addLayout(form)
        self.table = QTableWidget(0, 2 + _SAMPLES)
        self.table.setObjectName("rosterColumns")
        self.table.setHorizontalHeaderLabels([self.tr("原表中的列名"), self.tr("对应字段")]
                                             + [self.tr("第 {n} 行数据").format(n=n) for n in range(1, _SAMPLES + 1)])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 150)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        v.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("rosterStatus")
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("按此对应导入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self.sheet.currentIndexChanged.connect(lambda _i: self._reload(header_row=None))
        self.header_row.editingFinished.connect(lambda: self._reload(header_row=self.header_row.value()))
        self._reload(header_row=None)

    # ---- reading ------------------------------------------------------------------
    def _reload(self, *, header_row: int | None) -> None:
        """Read the file again with the sheet and header row chosen (the guess when None)."""
        if self._loading:
            return
        sheet = self.sheet.currentText() or None
        mapping = RosterMapping(header_row=header_row, columns=self.columns(), sheet=sheet)
        self.status.setText(self.tr("正在读取……"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        exchange, path = self.ctx.services.exchange, self.path
        self.ctx.ops.read(lambda: exchange.preview_roster(path, mapping), self._show, key=f"roster-{path}",
                          failed=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.status.setText(str(exc))

    def _show(self, preview: RosterPreview) -> None:
        self._loading = True
        try:
            self._choices = preview.choices
            if self.sheet.count() == 0:
                for g in preview.sheets:
                    self.sheet.addItem(g.sheet)
            chosen = self.sheet.currentText()
            guess = next((g for g in preview.sheets if g.sheet == chosen), preview.sheets[0] if preview.sheets
                         else None)
            self.guess = guess
            if guess is None:
                self.table.setRowCount(0)
                self.status.setText(self.tr("文件中没有工作表"))
                return
            if guess.header_row:
                self.header_row.setValue(guess.header_row)
            self.table.setRowCount(len(guess.columns))
            for r, c in enumerate(guess.columns):
                self.table.setItem(r, 0, QTableWidgetItem(c.header
                                                          or self.tr("（无列名，第 {n} 列）").format(n=c.index + 1)))
                combo = QComboBox()
                combo.addItem(self.tr("不导入"), None)
                for f, label in self._choices:
                    combo.addItem(label, f)
                combo.setCurrentIndex(max(0, combo.findData(c.field)))
                combo.currentIndexChanged.connect(lambda _i: self._check())
                self.table.setCellWidget(r, 1, combo)
                for n, row in enumerate(guess.sample[:_SAMPLES]):
                    self.table.setItem(r, 2 + n, QTableWidgetItem(row[c.index] if c.index < len(row) else ""))
            self._check()
        finally:
            self._loading = False

    # ---- the answer ---------------------------------------------------------------
    def _combo(self, row: int) -> QComboBox | None:
        widget = self.table.cellWidget(row, 1)
        return widget if isinstance(widget, QComboBox) else None

    def columns(self) -> dict[str, str]:
        """Header → field as chosen now ("" for 不导入; columns without a header keep the guess)."""
        out: dict[str, str] = {}
        if self.guess is None:
            return out
        for r, c in enumerate(self.guess.columns):
            combo = self._combo(r)
            if combo is not None and c.header:
                out[c.header] = combo.currentData() or ""
        return out

    def mapping(self) -> RosterMapping:
        return RosterMapping(header_row=self.header_row.value(), columns=self.columns(),
                             sheet=self.sheet.currentText() or None)

    def _check(self) -> None:
        fields = [f for f in self.columns().values() if f]
        doubled = sorted({f for f in fields if fields.count(f) > 1})
        labels = dict(self._choices)
        ok = False
        if self.guess is None:
            text = ""
        elif "name" not in fields:
            text = self.tr("请为“企业名称”选择一列")
        elif doubled:
            text = self.tr("“{fields}”对应了不止一列，请只保留一列").format(
                fields=self.tr("、").join(labels.get(f, f) for f in doubled))
        elif not self.guess.data_rows:
            text = self.tr("表头下没有数据行：请检查表头所在的行")
        else:
            ok = True
            g = self.guess
            rows = str(g.header_row) if g.header_rows == 1 else f"{g.header_row}–{g.first_data_row - 1}"
            text = self.tr("表头在第 {rows} 行，其下有 {n} 行数据；导入时逐行检查，有问题的行会列出原因。").format(
                rows=rows, n=g.data_rows)
        self.status.setText(text)
        self.status.setStyleSheet("" if ok else "color:#c62828")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
