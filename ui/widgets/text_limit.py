"""Length limits while typing: a text box takes at most `limit` characters from the keyboard,
an input method or a paste, and a note under it says how much room is left near the limit
and what was held back when a paste went beyond it. Text already there (a recorded visit,
an import, a restored draft) is kept whole even when longer: only what is typed or pasted
is held back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

#: The note appears once this share of the limit is used.
NEAR = 0.9


class LimitedTextEdit(QPlainTextEdit):
    """A plain-text box whose typing and pasting stop at its limit (see `limited`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit: TextLimit | None = None

    def _user_input(self, call: Callable[[], None]) -> None:
        """Run one keyboard, input-method or paste handler, then hold back what went beyond."""
        before = self.toPlainText()
        call()
        if self.limit is not None:
            self.limit.inserted(inserted_span(before, self.toPlainText()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._user_input(lambda: super(LimitedTextEdit, self).keyPressEvent(event))

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self._user_input(lambda: super(LimitedTextEdit, self).inputMethodEvent(event))

    def insertFromMimeData(self, source: QMimeData) -> None:
        self._user_input(lambda: super(LimitedTextEdit, self).insertFromMimeData(source))


def inserted_span(before: str, after: str) -> tuple[int, int] | None:
    """Where `after` has text that `before` has not: (start, end) in `after`, or None when
    nothing was added. An edit replaces one stretch: the common head and tail stay."""
    if len(after) <= len(before):
        return None
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, len(after) - tail


class TextLimit(QObject):
    """Holds one box to its limit and keeps its note up to date."""

    def __init__(self, box: QLineEdit | LimitedTextEdit, limit: int) -> None:
        super().__init__(box)
        self.box = box
        self.limit = limit
        self.note = QLabel()
        self.note.setObjectName(f"{box.objectName() or 'text'}Limit")
        self.note.setWordWrap(True)
        self.note.hide()
        #: Characters held back by the last typing or paste.
        self.cut = 0
        if isinstance(box, QLineEdit):
            self._previous = box.text()
            box.textEdited.connect(self._line_edited)  # the user's edits only, before textChanged
            box.textChanged.connect(self._remember)
        else:
            box.limit = self
            box.textChanged.connect(self._show)

    def length(self) -> int:
        return len(self.box.text() if isinstance(self.box, QLineEdit) else self.box.toPlainText())

    # ---- QLineEdit ------------------------------------------------------------
    def _remember(self, _text: str) -> None:
        # The box's text, not the signal's: a cut made in _line_edited is signalled before the
        # edit's own textChanged arrives with the uncut text.
        assert isinstance(self.box, QLineEdit)
        self._previous = self.box.text()
        self._show()

    def _line_edited(self, text: str) -> None:
        assert isinstance(self.box, QLineEdit)
        excess = len(text) - max(self.limit, len(self._previous))
        self.cut = 0
        if excess > 0:
            end = self.box.cursorPosition()  # the inserted text ends at the cursor
            start = max(0, end - excess)
            self.cut = end - start
            self.box.setText(text[:start] + text[end:])
            self.box.setCursorPosition(start)
        self._show()

    # ---- LimitedTextEdit --------------------------------------------------------
    def inserted(self, span: tuple[int, int] | None) -> None:
        """After typing or a paste that inserted `span` (start, end): cut its tail beyond the limit."""
        assert isinstance(self.box, LimitedTextEdit)
        self.cut = 0
        excess = self.length() - self.limit
        if span is not None and excess > 0:
            start, end = span
            excess = min(excess, end - start)
            cursor = self.box.textCursor()
            cursor.joinPreviousEditBlock()  # one undo takes back the paste and the cut together
            cursor.setPosition(end - excess)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.endEditBlock()
            self.box.setTextCursor(cursor)
            self.cut = excess
        self._show()

    def _show(self) -> None:
        n = self.length()
        if self.cut:
            self.note.setStyleSheet("color:#c62828")
            self.note.setText(self.tr("最多 {limit} 字，超出的 {cut} 字没有输入").format(
                limit=self.limit, cut=self.cut))
        elif n > self.limit:
            self.note.setStyleSheet("color:#c62828")
            self.note.setText(self.tr("已有 {n} 字，超过填写上限 {limit} 字：可以删减，不能再增加").format(
                n=n, limit=self.limit))
        elif n >= self.limit * NEAR:
            self.note.setStyleSheet("color:#8a4b00" if n >= self.limit else "color:#666")
            self.note.setText(self.tr("{n} / {limit} 字").format(n=n, limit=self.limit))
        else:
            self.note.clear()
        self.note.setVisible(bool(self.note.text()))


def limited(box: QLineEdit | LimitedTextEdit, limit: int) -> TextLimit:
    """Hold `box` to `limit` characters; place the returned limit's `note` under it."""
    return TextLimit(box, limit)


def with_note(box: QWidget, limit: TextLimit) -> QWidget:
    """The box with its limit note under it, as one widget for a form row."""
    holder = QWidget()
    v = QVBoxLayout(holder)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(2)
    v.addWidget(box)
    v.addWidget(limit.note)
    return holder
