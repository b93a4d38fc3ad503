"""历史: one record's audit trail (issue #6 §5), newest first: when (local
time), what was done, who, through what, from which installation when not this
one, and each changed field as "label: old → new". Read off the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from app.services.history import HistoryEntry
from ui.context import Context


class HistoryView(QTreeWidget):
    """One line per change; its changed fields beneath it (expanded)."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("history")
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("时间"), self.tr("操作"), self.tr("经办人"), self.tr("经由")])
        self.setColumnWidth(0, 160)
        self.setColumnWidth(1, 50)
        self.setColumnWidth(2, 110)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.record_id: str | None = None

    def load(self, record_id: str | None) -> None:
        """Show that record's history (or nothing)."""
        self.record_id = record_id
        self.clear()
        if record_id is None:
            return
        self.ctx.ops.read(lambda: self.ctx.services.history.for_record(record_id),
                          lambda entries: self._show(record_id, entries), key=f"history-{id(self)}")

    def _show(self, record_id: str, entries: list[HistoryEntry]) -> None:
        if record_id != self.record_id:
            return
        self.clear()
        if not entries:
            self.addTopLevelItem(QTreeWidgetItem([self.tr("暂无修改记录")]))
            return
        here = self.ctx.services.installation_id
        for e in reversed(entries):
            via = e.via or "—"
            if e.installation_id != here:
                via += self.tr("（来自安装 {id}）").format(id=e.installation_id)
            item = QTreeWidgetItem([e.changed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                                    e.operation, e.actor or self.tr("（未设置使用人）"), via])
            item.setToolTip(3, via)
            self.addTopLevelItem(item)
            for c in e.changes:
                child = QTreeWidgetItem([c.text])
                child.setToolTip(0, child.text(0))
                item.addChild(child)
                child.setFirstColumnSpanned(True)  # only takes effect once in the tree
            item.setExpanded(True)
