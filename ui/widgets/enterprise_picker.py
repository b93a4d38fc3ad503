"""Enterprise picker: type part of a name (or credit code, or contact) and pick
from the matches, which are searched off the GUI thread as you type."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.services.enterprises import EnterpriseView
from ui.context import Context

MATCHES = 30


class EnterprisePicker(QLineEdit):
    #: The chosen enterprise's id, or "" when the text no longer names one.
    chosen = Signal(str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("enterprisePicker")
        self.setPlaceholderText(self.tr("输入企业名称、信用代码或联系人的一部分"))
        self.setClearButtonEnabled(True)
        self._matches: dict[str, EnterpriseView] = {}
        self.enterprise: EnterpriseView | None = None
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.activated.connect(self._picked)
        self.setCompleter(completer)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._search)
        self.textEdited.connect(self._edited)

    def _edited(self, _text: str) -> None:
        if self.enterprise is not None:
            self.enterprise = None
            self.chosen.emit("")
        self._debounce.start()

    def _search(self) -> None:
        text = self.text().strip()
        if not text:
            self._names.setStringList([])
            return
        search = self.ctx.services.enterprises.search
        self.ctx.ops.read(lambda: search(text, limit=MATCHES), self._show, key=f"picker-{id(self)}")

    def _show(self, rows: list[EnterpriseView]) -> None:
        self._matches = {e.name: e for e in rows}
        self._names.setStringList(list(self._matches))
        exact = self._matches.get(self.text().strip())
        if exact is not None:
            self.set_enterprise(exact)
        elif rows and self.hasFocus():
            self.completer().complete()

    def _picked(self, name: str) -> None:
        e = self._matches.get(name)
        if e is not None:
            self.set_enterprise(e)

    def set_enterprise(self, e: EnterpriseView | None) -> None:
        self.enterprise = e
        if e is not None and self.text() != e.name:
            self.setText(e.name)
        self.chosen.emit(e.id if e else "")
