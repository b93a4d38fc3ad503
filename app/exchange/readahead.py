"""Reading the files of an import ahead of the merge, in worker processes.

Opening, checking (bombs, entity attacks, formulas) and parsing a workbook
needs no database, and it is a third of an import's work: with 500 workbooks
it runs in other processes while the merge writes the files already read, so
both cores of an office laptop are busy. Results come back in file order. A
small import, a machine with one core, or a pool that cannot start or dies
(killed by the system) reads in this process instead — same results."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Self

from app.domain import CodeListKind
from app.errors import UserError
from app.exchange import cells
from app.exchange.known_files import Stamp, stamp
from app.exchange.parse import Meta, SheetResult, iter_sheet, read_meta, supported
from app.exchange.progress import Cancel, check_cancel
from app.exchange.reading import Book, UnreadableFile, open_book
from app.exchange.schema import (
    FORMAT_VERSION,
    GUIDE_SHEET,
    HISTORY_SHEET,
    META_SHEET,
    SHEETS,
    SheetSpec,
)

#: Below this many files, starting worker processes costs more than it saves.
MIN_FILES_FOR_WORKERS = 6
#: A file this big (a county's whole database, not a cadre's workbook) is never read ahead by a worker,
#: which would hand all its records over at once: it is read here, a piece at a time as it merges.
STREAM_BYTES = 4 * 1024 * 1024


class NoData(UserError):
    """A readable file with nothing to import (or not what it claims to be)."""


@dataclass
class FileRead:
    """A file opened, checked and (for an exchange workbook) parsed, before its merge."""

    path: Path
    #: Why the file cannot be imported at all; None when it can.
    failure: str | None = None
    #: The exchange workbook's _meta; None for a foreign roster (read in the merge, which asks the database).
    meta: Meta | None = None
    parsed: list[tuple[SheetSpec, SheetResult]] = field(default_factory=list)
    history_rows: list[list[Any]] = field(default_factory=list)
    #: The file's size and modification time while it was read (see app.exchange.known_files).
    seen: Stamp | None = None
    #: What a person importing it should know about the workbook as a whole (sheets not read).
    notes: list[str] = field(default_factory=list)
    #: A foreign spreadsheet (a roster) read in this process: handed over open and checked, so that
    #: it is not opened and checked twice; the merge closes it. Never set by a worker process.
    #: Also an exchange workbook read as it merges (`streamed`), open until its merge ends.
    book: Book | None = None
    #: An exchange workbook checked but parsed only as the merge takes its pieces (see chunks): a
    #: county's whole database is never held as records at once. `parsed` and `history_rows` stay empty.
    streamed: Iterator[tuple[SheetSpec, SheetResult]] | None = None
    #: Data rows the pieces taken so far held (records and rejections), counted as they are parsed.
    rows_read: int = 0

    def chunks(self) -> Iterator[tuple[SheetSpec, SheetResult]]:
        """The parsed sheets, a piece at a time when streamed (a sheet may come in several)."""
        if self.streamed is None:
            yield from self.parsed
        else:
            yield from self.streamed

    def history(self) -> Iterator[list[Any]]:
        """The rows of 修改历史 (header first), streamed or as read."""
        if self.streamed is not None and self.book is not None and HISTORY_SHEET in self.book.sheet_names:
            return self.book.sheet(HISTORY_SHEET).iter_rows()
        return iter(self.history_rows)


def read_file(path: Path, known: dict[CodeListKind, set[str]], today: date, cancel: Cancel | None = None,
              keep_book: bool = False) -> FileRead:
    """Open and check a file, and parse it if it is an exchange workbook (no database access).
    `keep_book` (a read in the merging process): a file that is not an exchange workbook comes back
    open in `FileRead.book`, and an exchange workbook comes back checked and open, parsed as its
    merge takes the pieces (`FileRead.streamed`); the merge closes it."""
    seen = stamp(path)
    read = _read_file(path, known, today, cancel, keep_book)
    if read.streamed is not None:
        read.streamed = _stamped(read, read.streamed, seen)
        return read
    # Saved while we read it: what was read has no known size and time.
    read.seen = seen if stamp(path) == seen else None
    return read


def _stamped(read: FileRead, pieces: Iterator[tuple[SheetSpec, SheetResult]],
             seen: Stamp | None) -> Iterator[tuple[SheetSpec, SheetResult]]:
    """A streamed read's pieces; its size and time are known once the last is read."""
    yield from pieces
    read.seen = seen if stamp(read.path) == seen else None


def _read_file(path: Path, known: dict[CodeListKind, set[str]], today: date, cancel: Cancel | None,
               keep_book: bool) -> FileRead:
    try:
        book = open_book(path)
        kept = False
        try:
            meta = read_meta(book.sheet(META_SHEET)) if META_SHEET in book.sheet_names else None
            if meta is None:
                kept = keep_book
                return FileRead(path, book=book if kept else None)
            read = _read_exchange(path, book, meta, known, today, cancel, keep_book)
            kept = read.book is not None
            return read
        finally:
            if not kept:
                book.close()
    except UnreadableFile as exc:
        return FileRead(path, failure=exc.reason)
    except NoData as exc:
        return FileRead(path, failure=str(exc))


def _read_exchange(path: Path, book: Book, meta: Meta, known: dict[CodeListKind, set[str]], today: date,
                   cancel: Cancel | None, stream: bool = False) -> FileRead:
    if not supported(meta):
        raise NoData(f"交换格式版本 {meta.version} 不受支持（本程序支持至版本 {FORMAT_VERSION}），请升级程序")
    if meta.redacted:
        raise NoData("是隐去了个人信息的导出文件（导出时选了“隐去个人信息”），只供报送，不能导入："
                     "导入会把其中清空的电话、姓名写进台账")
    if not meta.installation_id:
        raise NoData("“_meta”工作表缺少导出安装ID")
    if not cells.UUID_PATTERN.fullmatch(meta.installation_id.lower()):
        raise NoData(f"“_meta”工作表的导出安装ID“{cells.shown(meta.installation_id)[:40]}”{cells.NOT_AN_ID}")
    present = [spec for spec in SHEETS if spec.title in book.sheet_names]
    notes = _strange_sheets(book.sheet_names)
    if not present:
        raise NoData("工作簿中没有可识别的工作表（企业名录、问题台账等）")
    read = FileRead(path, meta=meta, notes=notes)
    if stream:
        read.book = book
        read.streamed = _pieces(read, book, present, meta, known, today, cancel)
        return read
    for spec, result in _pieces(read, book, present, meta, known, today, cancel):
        read.parsed.append((spec, result))
    read.history_rows = book.sheet(HISTORY_SHEET).rows if HISTORY_SHEET in book.sheet_names else []
    if read.rows_read == 0 and len(read.history_rows) <= 1:
        raise NoData(NO_ROWS)
    return read


NO_ROWS = "工作簿中没有数据行"


def _pieces(read: FileRead, book: Book, present: list[SheetSpec], meta: Meta, known: dict[CodeListKind, set[str]],
            today: date, cancel: Cancel | None) -> Iterator[tuple[SheetSpec, SheetResult]]:
    """The record sheets parsed a piece (CHUNK_ROWS rows) at a time; a small file is one piece a sheet."""
    for spec in present:
        check_cancel(cancel)
        for result in iter_sheet(spec, book.sheet(spec.title), read.path.name, known, today, meta.version):
            for rejected_row in result.rejected:
                rejected_row.source = rejected_row.source or meta.installation_id
            read.rows_read += len(result.records) + len(result.rejected)
            for kind, values in result.new_codes.items():
                known.setdefault(kind, set()).update(values)
            yield spec, result
            check_cancel(cancel)


#: Sheets an exchange workbook has besides the sheets of records.
_OTHER_SHEETS = frozenset({META_SHEET, GUIDE_SHEET, HISTORY_SHEET, "_lists"})
_TITLES = (*(spec.title for spec in SHEETS), HISTORY_SHEET)


def _strange_sheets(names: list[str]) -> list[str]:
    """Sheets that are not the format's. One that looks like a sheet of ours which is missing (问题台帐 for
    问题台账, renamed by hand) fails the file: read without it, its problems would be missing and every
    progress entry rejected as pointing nowhere. Any other is noted as not read."""
    notes = []
    known = set(names)
    for name in names:
        if name in _TITLES or name in _OTHER_SHEETS:
            continue
        like = _resembles(name)
        if like is not None and like not in known:
            raise NoData(f"工作表“{name}”不是交换格式的工作表名，像是“{like}”被改了名：请改回“{like}”后再导入"
                         "（整个文件未导入，以免只导入一部分）")
        notes.append(f"工作表“{name}”不是交换格式的工作表，未读取")
    return notes


def _resembles(name: str) -> str | None:
    """The title of ours a sheet name is most like, when it is close (a character changed, added or lost)."""
    import difflib
    import unicodedata

    folded = unicodedata.normalize("NFKC", name).replace(" ", "").replace("帐", "账")
    best = max(_TITLES, key=lambda title: difflib.SequenceMatcher(None, folded, title).ratio())
    return best if folded == best or difflib.SequenceMatcher(None, folded, best).ratio() >= 0.6 else None


def default_workers(files: int) -> int:
    """Worker processes for an import of this many files. As many as cores: they read only a few
    files ahead, so while the merge is the slower side they wait, and when it is not (a re-import
    of files already merged) they all read."""
    if files < MIN_FILES_FOR_WORKERS:
        return 0
    return min(4, os.cpu_count() or 1)


class ReadAhead:
    """The reads of `paths` in order, `workers` processes ahead of the caller (0: in this process).

    `known()` gives a copy of the code lists as they stand. A file read ahead may find a
    code value new that an earlier file has just added: the merge compares again."""

    def __init__(self, paths: list[Path], known: Callable[[], dict[CodeListKind, set[str]]], today: date,
                 workers: int, cancel: Cancel | None = None) -> None:
        self._paths = paths
        self._known = known
        self._today = today
        self._cancel = cancel
        self._pool: ProcessPoolExecutor | None = None
        #: (index in paths, future) of the reads submitted and not yet taken; a path may be given twice.
        #: No future: a big file, read in this process when its turn comes (see STREAM_BYTES).
        self._pending: deque[tuple[int, Future[FileRead] | None]] = deque()
        self._next = 0
        if workers > 0 and len(paths) > 1:
            try:
                # spawn on every platform: the import may run beside the window's threads, which fork must not copy.
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
            except (OSError, ValueError, NotImplementedError):
                self._pool = None
        self._depth = 2 * workers + 2

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()

    def _fill(self) -> None:
        while self._pool is not None and len(self._pending) < self._depth and self._next < len(self._paths):
            if _big(self._paths[self._next]):
                self._pending.append((self._next, None))
                self._next += 1
                continue
            try:
                future = self._pool.submit(read_file, self._paths[self._next], self._known(), self._today)
            except (BrokenProcessPool, RuntimeError):
                self._give_up_pool()
                return
            self._pending.append((self._next, future))
            self._next += 1

    def _give_up_pool(self) -> None:
        """The pool died (a worker killed by the system, say): read the rest here, from where it stood."""
        if self._pending:
            self._next = self._pending[0][0]
        self._pending.clear()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def read(self, path: Path) -> FileRead:
        """The read of `path`, which must be the next of the paths not yet read."""
        self._fill()
        if self._pending:
            index, future = self._pending.popleft()
            assert self._paths[index] == path, f"read out of order: {path} before {self._paths[index]}"
            if future is None:
                return read_file(path, self._known(), self._today, self._cancel, keep_book=True)
            try:
                return future.result()
            except BrokenProcessPool:
                self._pending.appendleft((index, future))
                self._give_up_pool()
        assert self._paths[self._next] == path, f"read out of order: {path}"
        self._next += 1
        return read_file(path, self._known(), self._today, self._cancel, keep_book=True)


def _big(path: Path) -> bool:
    try:
        return path.stat().st_size >= STREAM_BYTES
    except OSError:
        return False  # the worker's read reports it
