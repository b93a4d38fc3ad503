"""Locks between processes that use one SQLite database file (part of the SQLite adapter).

SQLite orders single transactions; these order whole jobs, on every platform:

- `zhuqi.sqlite.lock` — held *shared* by every process that has the database
  open (the window, each command), *exclusive* by a restore, which swaps the
  file: a restore is refused while anyone has the database open, and a
  command started during a restore waits a few seconds, then is refused.
- `zhuqi.sqlite.writer.lock` — held *exclusive* by the long writers (import,
  undo of a batch, conflict resolution, demo data, restore): a second one waits
  its turn, saying so, instead of failing after SQLite's busy timeout.

The locks are the operating system's (flock on POSIX, LockFileEx on Windows):
a process that dies — even by SIGKILL — releases them, so they never go stale.
The lock files themselves stay (0600, empty)."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from db import privacy
from db.errors import DatabaseBusyError

#: How often a waiting job looks again, in seconds.
POLL = 0.2
#: How long opening the database waits for a restore to finish before saying so.
OPEN_WAIT = 5.0


class LockFile:
    """One lock file, held shared or exclusive by this object (not re-entrant across objects)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self, *, shared: bool) -> bool:
        assert self._fd is None, "already held"
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), privacy.FILE_MODE)
        try:
            ok = _lock(fd, shared=shared)
        except BaseException:
            os.close(fd)
            raise
        if not ok:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            try:
                _unlock(fd)
            finally:
                os.close(fd)


class DatabaseLocks:
    """The two locks of one database file, as one process holds them."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._open = LockFile(self.db_path.with_name(self.db_path.name + ".lock"))
        self._writer_path = self.db_path.with_name(self.db_path.name + ".writer.lock")
        #: The thread of this process running a long writer (an import that undoes itself nests).
        self._writer_owner: int | None = None

    # ---- having the database open --------------------------------------
    def hold_open(self, *, wait: float = OPEN_WAIT) -> None:
        """Share the database with the other processes that have it open; refused during a restore."""
        privacy.make_folder(self.db_path.parent)
        deadline = time.monotonic() + wait
        while not self._open.try_acquire(shared=True):
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(f"数据库正在从备份恢复，请稍后再试：{self.db_path}")
            time.sleep(POLL)

    def release(self) -> None:
        self._open.release()

    # ---- long writers ----------------------------------------------------
    @contextmanager
    def writer(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the writer lock for a job. While another job holds it (another process, or another
        thread here), `waiting()` is called at each look — to show progress; it may raise to give up."""
        me = threading.get_ident()
        if self._writer_owner == me:
            yield
            return
        lock = LockFile(self._writer_path)
        while not lock.try_acquire(shared=False):
            if waiting is not None:
                waiting()
            time.sleep(POLL)
        self._writer_owner = me
        try:
            yield
        finally:
            self._writer_owner = None
            lock.release()

    @contextmanager
    def writer_if_free(self) -> Iterator[bool]:
        """The writer lock if no job holds it now (True), without waiting (False)."""
        if self._writer_owner is not None:
            yield False
            return
        lock = LockFile(self._writer_path)
        if not lock.try_acquire(shared=False):
            yield False
            return
        self._writer_owner = threading.get_ident()
        try:
            yield True
        finally:
            self._writer_owner = None
            lock.release()

    # ---- restore -----------------------------------------------------------
    @contextmanager
    def exclusive(self, refused: str) -> Iterator[None]:
        """Nobody else has the database open nor runs a writer: for swapping the file. Refused at once
        (DatabaseBusyError with `refused`) otherwise, before anything is done."""
        privacy.make_folder(self.db_path.parent)
        writer, opened = LockFile(self._writer_path), LockFile(self._open.path)
        if not writer.try_acquire(shared=False):
            raise DatabaseBusyError(refused)
        try:
            if not opened.try_acquire(shared=False):
                raise DatabaseBusyError(refused)
            try:
                yield
            finally:
                opened.release()
        finally:
            writer.release()


if sys.platform == "win32":  # pragma: no cover - exercised by the Windows build
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [("Internal", ctypes.c_void_p), ("InternalHigh", ctypes.c_void_p),
                    ("Offset", wintypes.DWORD), ("OffsetHigh", wintypes.DWORD), ("hEvent", wintypes.HANDLE)]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _LockFileEx = _kernel32.LockFileEx
    _LockFileEx.argtypes = [wintypes.HANDLE, wintypes.DWORD, wintypes.DWORD, wintypes.DWORD, wintypes.DWORD,
                            ctypes.POINTER(_Overlapped)]
    _LockFileEx.restype = wintypes.BOOL
    _UnlockFileEx = _kernel32.UnlockFileEx
    _UnlockFileEx.argtypes = [wintypes.HANDLE, wintypes.DWORD, wintypes.DWORD, wintypes.DWORD,
                              ctypes.POINTER(_Overlapped)]
    _UnlockFileEx.restype = wintypes.BOOL
    _FAIL_IMMEDIATELY, _EXCLUSIVE = 0x1, 0x2
    _LOCK_VIOLATION = 33

    def _lock(fd: int, *, shared: bool) -> bool:
        flags = _FAIL_IMMEDIATELY | (0 if shared else _EXCLUSIVE)
        handle = msvcrt.get_osfhandle(fd)
        if _LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())):
            return True
        error = ctypes.get_last_error()
        if error == _LOCK_VIOLATION:
            return False
        raise OSError(error, ctypes.FormatError(error))

    def _unlock(fd: int) -> None:
        _UnlockFileEx(msvcrt.get_osfhandle(fd), 0, 1, 0, ctypes.byref(_Overlapped()))

else:
    import errno
    import fcntl

    def _lock(fd: int, *, shared: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
