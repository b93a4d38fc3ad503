"""Operations: every service call runs off the GUI thread and its result (or a
typed error) is delivered back on the GUI thread; workers never touch widgets.

Reads run on a small pool; writes run on a pool of one thread, so SQLite
writes never overlap. A read given a `key` delivers only its newest result, so
search-as-you-type never paints stale rows. Long work receives a `Job` to
report progress and notice a cancel, and is shown in a progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from app.changes import Change as Change  # re-exported: the window names changes as ui.operations.Change
from app.changes import reported_changes
from ui.errors import ErrorReporter

T = TypeVar("T")


class Reported:
    """`changes=REPORTED`: a write whose result says what it changed (its `changes`, see app.changes),
    as the exchange's import, merge, undo and settling of conflicts do; the window declares nothing."""


REPORTED = Reported()


class Job:
    """Handed to long work: report progress, notice a cancel. Thread-safe."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, message: str = "") -> None:
        self._relay.progressed.emit(done, total, message)

    def message(self, message: str) -> None:
        self._relay.progressed.emit(-1, -1, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


def _settled(*_args: Any) -> None:
    """What a settled relay does with anything still queued for it: nothing."""


class _Relay(QObject):
    """Lives on the GUI thread. A worker emits its signals; because the relay's
    own slots receive them, Qt queues each call to the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.on_finished: Callable[[Any], None] = lambda _r: None
        self.on_failed: Callable[[Exception], None] = lambda _e: None
        self.on_progress: Callable[[int, int, str], None] = lambda _n, _t, _m: None
        self.finished.connect(self._finished)
        self.failed.connect(self._failed)
        self.progressed.connect(self._progressed)

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self.on_finished(result)

    @Slot(object)
    def _failed(self, exc: Exception) -> None:
        self.on_failed(exc)

    @Slot(int, int, str)
    def _progressed(self, n: int, total: int, message: str) -> None:
        self.on_progress(n, total, message)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the GUI thread, which decides how to show it
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class Operations(QObject):
    #: Emitted on the GUI thread after a successful write: what it changed, and who asked
    #: (a screen that already shows the result need not reload).
    changed = Signal(object, object)
    #: Number of operations not yet delivered (tests wait for 0).
    busy_changed = Signal(int)

    def __init__(self, errors: ErrorReporter, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.errors = errors
        self.window: QWidget | None = None
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._latest: dict[str, int] = {}
        self._serial = 0
        self._live: set[_Relay] = set()
        self.pending = 0

    # ---- public -----------------------------------------------------------
    def read(self, fn: Callable[[], T], done: Callable[[T], None], *, key: str | None = None,
             failed: Callable[[Exception], None] | None = None) -> None:
        self._start(self._reads, _Relay(self), fn, done, failed or self._report, key, Change.NONE)

    def write(self, fn: Callable[[], T], done: Callable[[T], None], *, changes: Change | Reported,
              failed: Callable[[Exception], None] | None = None, source: object = None) -> None:
        self._start(self._writes, _Relay(self), fn, done, failed or self._report, None, changes, source)

    def long(self, title: str, fn: Callable[[Job], T], done: Callable[[T], None], *,
             changes: Change | Reported = Change.NONE, failed: Callable[[Exception], None] | None = None,
             parent: QWidget | None = None, cancellable: bool = True) -> Job:
        """Long work with a progress dialog and a cancel button (writes if `changes`). Work that never
        looks at `job.cancelled` passes cancellable=False: no button that would do nothing."""
        relay = _Relay(self)
        job = Job(relay)
        dialog = QProgressDialog(title, self.tr("取消"), 0, 0, parent or self.window)
        dialog.setObjectName("progressDialog")
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setMinimumWidth(420)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        # 取消 asks the work to stop at its next safe point, which can take seconds (an import keeps
        # the files it finished): the dialog stays, saying so, until the work has stopped.
        dialog.canceled.disconnect(dialog.cancel)

        def on_cancel() -> None:
            job.cancel()
            dialog.setLabelText(self.tr("正在停止……"))
            # Hidden, not removed: this may run inside the button's own click.
            for button in dialog.findChildren(QPushButton):
                button.hide()

        dialog.canceled.connect(on_cancel)
        if not cancellable:
            dialog.setCancelButton(None)

        def on_progress(n: int, total: int, message: str) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(n, total))
            if message:
                dialog.setLabelText(message)

        relay.on_progress = on_progress

        def close_dialog() -> None:
            dialog.canceled.disconnect(on_cancel)
            dialog.close()
            dialog.deleteLater()

        def finish(result: T) -> None:
            close_dialog()
            done(result)

        def fail(exc: Exception) -> None:
            close_dialog()
            (failed or self._report)(exc)

        pool = self._writes if changes is REPORTED or changes != Change.NONE else self._reads
        # Long work may keep part of what it did when it fails or is cancelled (an import keeps the
        # files it finished): the screens reload either way.
        self._start(pool, relay, lambda: fn(job), finish, fail, None, changes, changed_if_failed=True)
        return job

    def wait_for_writes(self, msecs: int = 30_000) -> bool:
        return self._writes.waitForDone(msecs)

    def wait_all(self, msecs: int = 30_000) -> bool:
        return self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)

    # ---- internals --------------------------------------------------------
    def _report(self, exc: Exception) -> None:
        self.errors.report(self.window, exc)

    def _start(self, pool: QThreadPool, relay: _Relay, fn: Callable[[], T], done: Callable[[T], None],
               failed: Callable[[Exception], None], key: str | None, changes: Change | Reported,
               source: object = None, *, changed_if_failed: bool = False) -> None:
        self._serial += 1
        serial = self._serial
        if key is not None:
            self._latest[key] = serial

        def current() -> bool:
            return key is None or self._latest.get(key) == serial

        def on_finished(result: T) -> None:
            self._settle(relay)
            # `changes` is what the write may change; a service that says what it did is believed.
            reported = reported_changes(result)
            if isinstance(changes, Reported):
                done_changes = Change.ALL if reported is None else reported
            else:
                done_changes = changes if reported is None else changes & reported
            if done_changes != Change.NONE:
                self.changed.emit(done_changes, source)
            if current() and _alive(done):
                done(result)

        def on_failed(exc: Exception) -> None:
            self._settle(relay)
            if changed_if_failed and changes != Change.NONE:
                # What a failed write kept (an import keeps the files it finished) it cannot say.
                self.changed.emit(Change.ALL if isinstance(changes, Reported) else changes, source)
            if current() and _alive(failed):
                failed(exc)

        relay.on_finished = on_finished
        relay.on_failed = on_failed
        self._live.add(relay)
        self.pending += 1
        self.busy_changed.emit(self.pending)
        pool.start(_Task(fn, relay))

    def _settle(self, relay: _Relay) -> None:
        self._live.discard(relay)
        # Its callbacks refer to it (a reference cycle): broken here, the wrapper goes with its last
        # reference instead of waiting for a cycle collection, which may start in any worker thread.
        relay.on_finished = relay.on_failed = relay.on_progress = _settled
        relay.deleteLater()
        self.pending -= 1
        self.busy_changed.emit(self.pending)


def _alive(fn: Callable[..., Any]) -> bool:
    """False for a method of a widget already deleted, or a lambda holding one (a dialog closed
    before its read came back): calling it would raise in the GUI thread."""
    owner = getattr(fn, "__self__", None)
    if isinstance(owner, QObject):
        return shiboken6.isValid(owner)
    # A lambda that calls a widget's method holds the widget in its closure.
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            held = cell.cell_contents
        except ValueError:  # a cell not filled yet
            continue
        if isinstance(held, QObject) and not shiboken6.isValid(held):
            return False
    return True
