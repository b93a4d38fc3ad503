"""Progress and cancellation for long exchange work, so a window can run it
off the GUI thread: progress(done, total, message); cancel() → True to stop."""

from __future__ import annotations

from collections.abc import Callable

from app.errors import UserError

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


class Cancelled(UserError):
    """The user stopped the work; what was committed before stays, the rest is rolled back."""

    def __init__(self, message: str = "已取消：当前文件未写入任何内容，之前已完成的文件保留") -> None:
        super().__init__(message)


def check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()
