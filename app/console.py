"""Progress for long command-line work, on stderr, a line at a time.

Lines rather than a line rewritten in place: stderr is often a log file or a pipe
(a scheduled task, a script), where carriage returns pile up into one unreadable
line, and a rewritten line would also run into the result printed on stdout."""

from __future__ import annotations

import sys
import time

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
