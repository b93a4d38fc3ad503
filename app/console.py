"""Progress for long command-line work, on stderr, a line at a time.

Lines rather than a line rewritten in place: stderr is often a log file or a pipe
(a scheduled task, a script), where carriage returns pile up into one unreadable
line, and a rewritten line would also run into the result printed on stdout."""

from __future__ import annotations

import re
import sys
import time
from typing import Any, TextIO

#: As a shell reports a command stopped by Ctrl+C.
EXIT_CANCELLED = 130


class ProgressLines:
    """progress(done, total, message) that prints only once the work has taken more than
    a second, and then at most twice a second: quick work prints nothing."""

    def __init__(self, *, after: float = 1.0, every: float = 0.5) -> None:
        self.started = time.perf_counter()
        self.last = 0.0
        self._after, self._every = after, every

    def __call__(self, done: int, total: int, message: str) -> None:
        now = time.perf_counter()
        if now - self.started < self._after or now - self.last < self._every:
            return
        self.last = now
        print(self.line(done, total, message), file=sys.stderr, flush=True)

    @staticmethod
    def line(done: int, total: int, message: str) -> str:
        """`[3/20] message`, unless the message already says how far it is (读取问题 3/20)."""
        if not total or f"{done}/{total}" in message:
            return message
        return f"[{done}/{total}] {message}"


class SafeText:
    """A text stream that shows control characters instead of passing them to the terminal:
    a name or a description holding ESC [2J (stored before they were refused, or arriving from
    another installation's history) would otherwise clear the screen or retitle the window."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_CONTROLS.sub(_shown, text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(m: re.Match[str]) -> str:
    return f"\\x{ord(m.group()):02x}"
