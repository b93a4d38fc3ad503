"""合并重复企业: pick the duplicate of the enterprise being kept (search as
you type), see both side by side and what will move to the kept one, then
confirm. The merge itself is run by the caller on `accepted`."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.enterprises import EnterpriseView, MergePreview
from ui.context import Context
from ui.domain_text import shown
from ui.widgets.enterprise_picker import EnterprisePicker

#: The profile lines compared side by side: (label, attribute); labels marked for lupdate.
_ROWS: tuple[tuple[object, str], ...] = (  # QT_TRANSLATE_NOOP is typed `object`
    (QT_TRANSLATE_NOOP("MergeDialog", "企业名称"), "name"),
    (QT_TRANSLATE_NOOP("MergeDialog", "统一社会信用代码"), "credit_code"),
    (QT_TRANSLATE_NOOP("MergeDialog", "乡镇/街道"), "region_name"), (QT_TRANSLATE_NOOP("MergeDialog", "地址"),
                                                                 "address"),
    (QT_TRANSLATE_NOOP("MergeDialog", "行业"), "industry_label"), (QT_TRANSLATE_NOOP("MergeDialog", "企业规模"),
                                                                 "size"),
    (QT_TRANSLATE_NOOP("MergeDialog", "法定代表人"), "legal_representative"),
    (QT_TRANSLATE_NOOP("MergeDialog", "联系人"), "contact_person"),
    (QT_TRANSLATE_NOOP("MergeDialog", "联系电话"), "contact_phone"),
    (QT_TRANSLATE_NOOP("MergeDialog", "产业链"), "industrial_chain"), (QT_TRANSLATE_NOOP("MergeDialog", "标签"),
                                                                    "tags"),
)


def _text(e: EnterpriseView, attr: str) -> str:
    value = getattr(e, attr)
    if isinstance(value, tuple):
        return QCoreApplication.translate("MergeDialog", "、").join(value)
    if attr == "size":
        return shown(value)
    return str(value or "")


class MergeDialog(QDialog):
    def __init__(self, ctx: Context, keep: EnterpriseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.keep = keep
        self.preview: MergePreview | None = None
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("合并重复企业"))
        self.setMinimumSize(720, 520)
        v = QVBoxLayout(self)
        intro = QLabel(self.tr("保留“{name}”。请选择与它重复的企业：").format(name=keep.name))
        intro.setWordWrap(True)
        v.addWidget(intro)
        self.picker = EnterprisePicker(ctx)
        self.picker.chosen.connect(self._chosen)
        v.addWidget(self.picker)
        self.table = QTableWidget(len(_ROWS), 2)
        self.table.setObjectName("mergeComparison")
        self.table.setHorizontalHeaderLabels([self.tr("保留"), self.tr("重复（合并后删除）")])
        self.table.setVerticalHeaderLabels([QCoreApplication.translate("MergeDialog", str(label)) for label,
                                            _ in _ROWS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        v.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确认合并"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)
        self._fill(0, keep)
        self._show_preview(None)

    def _fill(self, column: int, e: EnterpriseView | None) -> None:
        for row, (_label, attr) in enumerate(_ROWS):
            self.table.setItem(row, column, QTableWidgetItem(_text(e, attr) if e else ""))

    def _chosen(self, enterprise_id: str) -> None:
        self._show_preview(None)
        if not enterprise_id:
            return
        keep_id = self.keep.id
        self.ctx.ops.read(lambda: self.ctx.services.enterprises.merge_preview(keep_id, enterprise_id),
                          self._show_preview, key=f"merge-preview-{id(self)}", failed=self._refused)

    def _refused(self, exc: Exception) -> None:
        if not isinstance(exc, UserError):
            self.ctx.errors.report(self, exc)
            return
        self.summary.setStyleSheet("color:#c62828;font-weight:bold")
        self.summary.setText(str(exc))

    def _show_preview(self, preview: MergePreview | None) -> None:
        self.preview = preview
        self.ok_button.setEnabled(preview is not None)
        self._fill(1, preview.duplicate if preview else None)
        if preview is None:
            self.summary.setStyleSheet("")
            self.summary.setText(self.tr("选择重复的企业后，这里显示将移到保留企业的记录。"))
            return
        self.keep = preview.keep
        self._fill(0, preview.keep)
        self.summary.setStyleSheet("color:#8a4b00")
        self.summary.setText(self.tr(
            "合并后，“{dup}”的走访 {visits} 次、问题 {problems} 个、包联关系 {assignments} 条移到“{keep}”；"
            "保留企业的空白信息和标签由重复企业补全；“{dup}”随后删除（记录保留，可由管理员恢复）。"
            "每一处改动都记入修改历史。确认合并吗？").format(
            dup=preview.duplicate.name, keep=preview.keep.name, visits=preview.visits,
            problems=preview.problems, assignments=preview.assignments))
