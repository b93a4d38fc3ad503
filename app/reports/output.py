"""Writing a report file safely, and the progress/cancel contract of long reports.

A PDF is built into a temporary file in the target folder and moved over the
real name only when complete, so a crash, an error or a cancel never leaves a
half-written PDF under the name the user asked for."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app import tempfiles
from app.errors import StorageError, UserError, is_storage_failure, os_reason

#: progress(done, total, message): `message` is a short Chinese description of the step.
Progress = Callable[[int, int, str], None]
#: cancel() → True when the user asked to stop.
Cancel = Callable[[], bool]

T = TypeVar("T")


class ReportCancelled(UserError):
    """The user cancelled; nothing was written under the report's name."""

    def __init__(self) -> None:
        super().__init__("已取消，未生成报表文件")


def check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise ReportCancelled()


def write_atomically(path: Path, write: Callable[[Path], T]) -> T:
    """Call write(temporary path) and move the result to `path` only if it succeeded."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"保存报表的文件夹不存在：{folder}")
    if path.is_dir():
        raise UserError(f"{path} 是一个文件夹，请给出 PDF 文件名")
    tmp = tempfiles.claim(path, tempfiles.registry())  # PDFs of a run killed earlier go first
    try:
        tempfiles.open_private(tmp).close()  # 0600: a report holds names and what companies said
    except PermissionError:
        raise UserError(f"没有权限在文件夹 {folder} 中保存文件，请换一个位置") from None
    except OSError as exc:
        raise StorageError(f"无法写入文件 {path}（{os_reason(exc)}），未生成该报表") from None
    try:
        result = write(tmp)
        with tmp.open("rb+") as fh:  # on disk before it takes the real name
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except PermissionError:
            raise UserError(f"无法覆盖 {path}：文件可能正在 PDF 阅读器中打开，请关闭后重试") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if is_storage_failure(exc):
            raise StorageError(f"无法写入文件 {path}（{os_reason(exc)}），未生成该报表") from None
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result
