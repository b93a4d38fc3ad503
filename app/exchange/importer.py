"""Import: files and folders → one batch. Each file is read and checked
before anything is written, then merged all or nothing, so a file that fails
(or a kill mid-file) leaves the database as it was before that file while the
files before it stay imported."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, NestedTransaction, RootTransaction, select, update
from sqlalchemy.orm import Session

from app import tempfiles
from app.domain import CodeListKind
from app.errors import StorageError, UserError, os_reason
from app.exchange import cells, known_files, policy_list, roster
from app.exchange.batches import count_records
from app.exchange.bulk import long_lived_objects, settle
from app.exchange.merge import (
    PENDING_ROWS,
    BatchState,
    Counts,
    FileChanges,
    MergeContext,
    SheetSeen,
    finish_file,
    merge_sheet,
    write_pending,
    write_rows,
)
from app.exchange.outcome import FileResult, add_codes, open_batch
from app.exchange.parse import RejectedRow
from app.exchange.progress import Cancel, Cancelled, Progress, check_cancel
from app.exchange.readahead import NO_ROWS, FileRead, NoData, ReadAhead, default_workers, read_file
from app.exchange.reading import UNREADABLE_FORMATS, Book, UnreadableFile, open_book
from app.exchange.report import (
    DRY_RUN,
    EXCHANGE,
    FAILED,
    IMPORTED,
    SKIPPED,
    FileReport,
    ImportReport,
    Rejection,
    cancelled_report,
    empty_counts,
)
from app.exchange.schema import HISTORY_SHEET
from app.services import codelists
from app.services.history import RECORD_TYPES
from db import dialect
from db.database import Database
from db.exchange_models import ExchangeBatch, table_of
from db.models import History
from db.types import utcnow

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
#: Found in a folder too: each is reported as not imported, with what to do (see reading.py).
FOLDER_SUFFIXES = (*SPREADSHEET_SUFFIXES, *UNREADABLE_FORMATS)
#: Files are committed together until this many rows: every commit rewrites each index page
#: the files touched (random UUID keys), so 500 commits would cost more than the merge itself.
#: Each file still goes in all or nothing (see _Run.redo_group); a kill loses at most the open group.
GROUP_ROWS = 20_000
_TYPES_BY_LABEL = {label: table for table, label in RECORD_TYPES.items()}


@dataclass
class ImportOptions:
    dry_run: bool = False
    rejects_path: Path | None = None
    #: A person's mapping of roster headers to fields, when the guess is wrong.
    roster_mapping: roster.RosterMapping | None = None
    today: date | None = None
    #: Processes reading files ahead of the merge; None chooses by the number of files and cores.
    read_workers: int | None = None
    #: Files to leave out (resolved path → the note shown), e.g. the ledger a merge is about to write.
    skip: dict[Path, str] = field(default_factory=dict)


def discover(paths: Iterable[Path]) -> Iterator[tuple[Path, str | None]]:
    """Files to import, with a note for those skipped: folders recursively, Excel lock files skipped."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            children = sorted(c for c in p.rglob("*") if c.is_file() and c.suffix.lower() in FOLDER_SUFFIXES)
            if not children:
                raise UserError(f"文件夹中没有电子表格文件（.xlsx、.xls、.csv）：{p}")
            for c in children:
                yield c, _skip_reason(c)
        elif p.exists():
            yield p, _skip_reason(p)
        else:
            raise UserError(f"文件或文件夹不存在：{p}")


def _skip_reason(p: Path) -> str | None:
    if p.name.startswith("~$"):
        return "Excel 打开文件时产生的临时锁定文件，已跳过"
    return None


@dataclass(frozen=True)
class _Fixed:
    """What stays the same for the whole batch: its database connection (held for all files), who
    imports, the batch and its options, and where progress and cancels go."""

    db: Database
    actor: str
    batch_id: str
    options: ImportOptions
    today: date
    say: Progress
    cancel: Cancel | None
    conn: Connection

    def session(self, via: str = "导入", *, preserve_sync_fields: bool = False) -> Any:
        return self.db.session(via=via, preserve_sync_fields=preserve_sync_fields, bind=self.conn)


@dataclass
class _Tally:
    """What the batch gathers as it goes: the merge state, the code lists, the files' results."""

    total: int = 0
    state: BatchState = field(default_factory=BatchState)
    watch: dialect.ChangeWatch | None = None
    #: The code lists as they stand (values a file adds are added here as it commits).
    known: dict[CodeListKind, set[str]] = field(default_factory=dict)
    #: The batch's file entries, written with the group that imported them.
    file_entries: list[dict[str, Any]] = field(default_factory=list)
    #: Every file's result so far, in order.
    results: list[FileResult] = field(default_factory=list)
    #: The files' SHA-256, taken before reading them (see app.exchange.known_files).
    digests: dict[Path, known_files.FileDigest] = field(default_factory=dict)

    def known_copy(self) -> dict[CodeListKind, set[str]]:
        return {kind: set(values) for kind, values in self.known.items()}


@dataclass
class _Group:
    """The open commit group (see GROUP_ROWS): its transaction and the rows it holds, the files it
    has merged (place in the results, number, path), and the code lists and the lengths of the
    results and file entries when it began: what _Run.redo_group needs."""

    transaction: RootTransaction | None = None
    rows: int = 0
    files: list[tuple[int, int, Path]] = field(default_factory=list)
    known: dict[CodeListKind, set[str]] = field(default_factory=dict)
    start: tuple[int, int] = (0, 0)
    #: The text index's insert trigger, paused for the group: its problems are indexed at its commit
    #: in one statement instead of one index segment each (see dialect.pause_text_index).
    text_index: dialect.TextIndexPause | None = None

    def begin(self, conn: Connection, known: dict[CodeListKind, set[str]], start: tuple[int, int]) -> None:
        self.transaction = conn.begin()
        self.rows = 0
        self.files = []
        self.known = known
        self.start = start
        self.text_index = dialect.pause_text_index(conn)

    def roll_back(self) -> None:
        if self.transaction is not None and self.transaction.is_active:
            self.transaction.rollback()  # the paused trigger is back with it
        self.transaction = None
        self.text_index = None

    def commit(self, conn: Connection) -> None:
        assert self.transaction is not None
        if self.text_index is not None:
            dialect.resume_text_index(conn, self.text_index)
            self.text_index = None
        self.transaction.commit()
        self.transaction = None
        self.files = []


@dataclass
class _Run:
    """One import batch: what is fixed for it, what it has gathered, and its open commit group."""

    fixed: _Fixed
    tally: _Tally
    group: _Group = field(default_factory=_Group)

    def begin_file(self) -> NestedTransaction | None:
        """Files are committed in groups (see GROUP_ROWS). A dry run undoes each file with a savepoint
        of its own; an import writes without one, and a file that fails takes its group with it (see
        redo_group): a savepoint copies each index page the file touches once more, 6–13 % of the time
        of a 500-workbook import."""
        fixed, tally = self.fixed, self.tally
        if self.group.transaction is None:
            assert tally.watch is not None
            if tally.watch.changed_elsewhere():
                tally.state.loaded = False
            self.group.begin(fixed.conn, tally.known_copy(), (len(tally.results), len(tally.file_entries)))
        return fixed.conn.begin_nested() if fixed.options.dry_run else None

    def merged(self, index: int, n: int, read: FileRead, result: FileResult) -> None:
        """A file merged (not a dry run): its changes join the merge state, and it joins the group."""
        if result.report.status == IMPORTED:
            result.changes.apply_to(self.tally.state)
            for kind, values in result.new_codes.items():
                self.tally.known.setdefault(kind, set()).update(values)
        result.changes = FileChanges()  # the rows written are not needed any more
        self.group.files.append((index, n, read.path))

    def redo_group(self) -> None:
        """A file failed (or was cancelled) part-way, and its writes went back with the group's
        transaction: read the files the group had finished again, merge them again and commit them,
        so that they stay imported as if each had had a transaction of its own. Should that fail
        too, they are reported as not imported. (Keeping what was read instead would hold 50 MB
        more for the rare case.)"""
        tally, group = self.tally, self.group
        group.roll_back()
        done, group.files = group.files, []
        tally.known = group.known
        tally.state.loaded = False
        first_result, first_entry = group.start
        if not done:
            return
        self.fixed.say(0, 0, f"正在保留之前已完成的 {len(done)} 个文件……")
        # Then quietly, and past the user's cancel: it stops the files after these.
        quiet = replace(self.fixed, say=lambda _d, _t, _m: None, cancel=None)
        try:
            self.begin_file()
            for index, n, path in done:
                read = read_file(path, tally.known_copy(), quiet.today, keep_book=True)
                result = _import_file(quiet, tally, read, n)
                tally.results[index] = result
                self.merged(index, n, read, result)
            tally.file_entries[first_entry:] = [_file_entry(r.report) for r in tally.results[first_result:]]
            self.commit_group()
        except BaseException as exc:
            # Nothing of the group may stay half-merged in an open transaction that a caller commits.
            group.roll_back()
            tally.state.loaded = False
            for index, _n, path in done:
                tally.results[index] = _failed(path,
                                               f"同一组导入中后面的文件出错，本文件已随之撤回（{exc}），请重新导入")
            # The batch lists them so, with the group's files that were not read (skipped, known again).
            tally.file_entries[first_entry:] = [_file_entry(r.report) for r in tally.results[first_result:]]
            if not isinstance(exc, Exception):
                raise  # Ctrl+C again, say: stop here. Otherwise the file that failed first is the error raised.

    def not_read(self, report: FileReport) -> None:
        """A file the import leaves unread (skipped, known again, or not reached before a cancel)."""
        self.tally.results.append(FileResult(report))
        if not self.fixed.options.dry_run:
            self.tally.file_entries.append(_file_entry(report))

    def end_file(self, rows: int) -> None:
        self.group.rows += rows
        if self.group.rows >= GROUP_ROWS:
            self.commit_group()

    def commit_group(self) -> None:
        if self.group.transaction is None:
            return
        fixed = self.fixed
        if not fixed.options.dry_run:
            batches = table_of(ExchangeBatch)
            fixed.conn.execute(update(batches).where(batches.c.id == fixed.batch_id)
                               .values(files=list(self.tally.file_entries)))
        self.group.commit(fixed.conn)


def run_import(db: Database, actor: str, paths: list[Path], options: ImportOptions,
               progress: Progress | None = None, cancel: Cancel | None = None) -> ImportReport:
    with long_lived_objects():
        return _run_import(db, actor, paths, options, progress, cancel)


def _run_import(db: Database, actor: str, paths: list[Path], options: ImportOptions,
                progress: Progress | None, cancel: Cancel | None) -> ImportReport:
    say = progress or (lambda _d, _t, _m: None)
    files = [(p, skip or options.skip.get(p.resolve())) for p, skip in discover(paths)]
    batch_id = str(uuid.uuid4())
    with db.engine.connect() as conn:
        run = _Run(_Fixed(db, actor, batch_id, options, options.today or date.today(), say, cancel, conn),
                   _Tally(total=len(files)))
        fixed, tally = run.fixed, run.tally
        results = tally.results
        if not options.dry_run:
            with fixed.session() as s:
                open_batch(s, batch_id, actor)
        tally.watch = dialect.ChangeWatch(conn)
        with fixed.session() as s:
            tally.known = {kind: set(codelists.values(s, kind)) for kind in CodeListKind}
        to_read = [path for path, skip in files if not skip]
        recognised = _known_again(fixed, tally, to_read)
        to_read = [path for path in to_read if path not in recognised]
        workers = options.read_workers if options.read_workers is not None else default_workers(len(to_read))
        cancelled = False
        with dialect.batched_commits(conn), ReadAhead(to_read, tally.known_copy, fixed.today, workers,
                                                      cancel) as reads:
            try:
                for n, (path, skip) in enumerate(files, start=1):
                    check_cancel(cancel)
                    say(n - 1, len(files), f"读取 {path.name}")
                    if skip:
                        run.not_read(FileReport(str(path), SKIPPED, skip, "", "", empty_counts(), ()))
                        continue
                    again = recognised.get(path)
                    if again is not None:
                        run.not_read(known_files.known_again(path, again, options.dry_run))
                        continue
                    # Read and checked before anything is written (no database access).
                    read = reads.read(path)
                    savepoint = run.begin_file()
                    try:
                        result = _import_file(fixed, tally, read, n)
                    except UnreadableFile as exc:
                        # A file parsed as it merged (read.streamed) found unreadable part-way: what it
                        # wrote goes back (with its group, whose other files are merged again), and it
                        # is reported as not imported, as when the reader finds it so before the merge.
                        if savepoint is not None:
                            savepoint.rollback()
                            savepoint = None
                        else:
                            run.redo_group()
                        result = _failed(path, exc.reason)
                    except BaseException:
                        if savepoint is not None:
                            savepoint.rollback()
                        else:
                            run.redo_group()
                        raise
                    if savepoint is not None:
                        savepoint.commit()
                    if options.dry_run:
                        result.changes = FileChanges()
                    else:
                        tally.file_entries.append(_file_entry(result.report))
                        run.merged(len(results), n, read, result)
                    results.append(result)
                    settle()
                    run.end_file(sum(sum(c.values()) for c in result.report.counts.values()))
            except Cancelled:
                # Files finished so far stay imported; the report says which were not.
                cancelled = True
                for path, _skip in files[len(results):]:
                    run.not_read(cancelled_report(str(path)))
            finally:
                run.commit_group()
        if not options.dry_run:
            # The first commit with full sync again: the whole batch is now durable. A cancelled batch
            # is over too (its files say which were not reached): unfinished means running, or killed.
            with fixed.session() as s:
                s.execute(update(ExchangeBatch).where(ExchangeBatch.id == batch_id).values(
                    files=list(tally.file_entries), finished_at=utcnow(),
                    records=count_records(s, [batch_id]).get(batch_id, 0)))
    if cancelled:
        say(sum(1 for r in results if not r.report.cancelled), len(files), "已取消")
    else:
        say(len(files), len(files), "完成")
    _note_duplicates(results, tally.digests)
    rejects: tuple[Path, ...] = ()
    all_rejected = [r for res in results for r in res.rejected]
    if options.rejects_path is not None and all_rejected:
        rejects = _write_rejects(db, batch_id, options, results)
    return ImportReport(None if options.dry_run else batch_id, tuple(r.report for r in results), rejects,
                        options.dry_run, cancelled)


def _write_rejects(db: Database, batch_id: str, options: ImportOptions, results: list[FileResult]) -> tuple[Path, ...]:
    """The rejection workbook, once the batch is in. Should it fail (a full disk), the batch is taken back:
    the person asked for the rows to fix, and an import without them would leave them nothing to work on."""
    from app.exchange.rejects import write_rejects

    assert options.rejects_path is not None
    try:
        return write_rejects(options.rejects_path, [(Path(res.report.path).name, res.rejected)
                                                    for res in results if res.rejected])
    except (UserError, OSError) as exc:
        reason = str(exc) if isinstance(exc, UserError) else f"无法写入 {options.rejects_path}（{os_reason(exc)}）"
        if options.dry_run:
            raise StorageError(f"被拒绝的行未能写入：{reason}；试导入，数据库未改变") from None
        from app.exchange.undo import undo_batch

        try:
            undo_batch(db, batch_id)
        except UserError as undo:
            raise StorageError(f"被拒绝的行未能写入：{reason}；导入已完成（批次 {batch_id[:8]}），"
                               f"但未能自动撤销（{undo}）") from None
        raise StorageError(f"被拒绝的行未能写入：{reason}；本次导入已撤销，数据库保持导入前的状态") from None


def check_rejects_destination(path: Path) -> None:
    """Refuse, before importing anything, a rejection workbook that could not be written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"被拒绝行工作簿应以 .xlsx 结尾：{path}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"被拒绝行工作簿的文件夹不存在：{folder}")
    if path.is_dir():
        raise UserError(f"{path} 是一个文件夹，请给出 .xlsx 文件名")
    probe = tempfiles.beside(path)
    try:
        tempfiles.open_private(probe).close()
    except OSError as exc:
        raise StorageError(f"无法在文件夹 {folder} 中写入被拒绝行工作簿（{os_reason(exc)}），未导入任何内容") from None
    finally:
        probe.unlink(missing_ok=True)


def _note_duplicates(results: list[FileResult], digests: dict[Path, known_files.FileDigest]) -> None:
    """A file sent twice (张伟.xlsx and 张伟(1).xlsx) merges as all 未变 the second time: say why."""
    first: dict[str, Path] = {}
    for result in results:
        path = Path(result.report.path)
        d = digests.get(path)
        if d is None or result.report.status == SKIPPED:
            continue
        if d.sha256 not in first:
            first[d.sha256] = path
            continue
        result.report = replace(result.report, notes=(
            *result.report.notes, f"与本次导入的“{first[d.sha256].name}”内容完全相同（重复报送的文件）"))


def _known_again(fixed: _Fixed, tally: _Tally, paths: list[Path]) -> dict[Path, known_files.EarlierImport]:
    """The files an earlier batch imported with the same bytes, which need not be read again."""
    if not paths:
        return {}
    # At disk speed (0.05 s for the benchmark's 500 workbooks): a cancel is seen at the first file.
    fixed.say(0, tally.total, "检查哪些文件已导入过……")
    for path in paths:
        if path not in tally.digests and (d := known_files.digest(path)) is not None:
            tally.digests[path] = d
    with fixed.session() as s:
        earlier = known_files.earlier_imports(s)
    return {path: earlier[d.sha256] for path, d in tally.digests.items() if d.sha256 in earlier}


def _import_file(fixed: _Fixed, tally: _Tally, read: FileRead, n: int) -> FileResult:
    result = _read_and_merge(fixed, tally, read, n)
    d = tally.digests.get(read.path)
    # The digest names these bytes only if the file was not saved between the digest and the read.
    if d is not None and read.seen == d.stamp and result.report.kind == EXCHANGE:
        result.report = replace(result.report, digest=d.sha256)
    return result


def _read_and_merge(fixed: _Fixed, tally: _Tally, read: FileRead, n: int) -> FileResult:
    path = read.path
    if read.failure is not None:
        return _failed(path, read.failure)
    if read.meta is not None:
        return _merge_exchange(fixed, tally, read, n)
    book: Book | None = read.book
    try:
        if book is None:
            book = open_book(path)
        # The bar counts files, or the rows of a roster imported alone; the rows are in the message.
        def rows_done(done: int, total: int, message: str) -> None:
            if tally.total == 1:
                fixed.say(done, total, message)
            else:
                fixed.say(n - 1, tally.total, message)

        policy_sheets = policy_list.find_sheets(book)
        if policy_sheets:
            return policy_list.import_policies(fixed.session, fixed.actor, path, book, policy_sheets, fixed.batch_id,
                                               fixed.options.dry_run, rows_done, fixed.cancel)
        result: FileResult = roster.import_roster(path, book, roster.RosterImport(
            fixed.session, fixed.actor, fixed.batch_id, fixed.options.dry_run, fixed.options.roster_mapping, rows_done,
            fixed.cancel, fixed.today, _import_ledger))
        tally.state.loaded = False  # enterprises changed outside the merge state
        return result
    except UnreadableFile as exc:
        return _failed(path, exc.reason)
    except NoData as exc:  # a spreadsheet, read as a roster, whose header or rows could not be used
        return _failed(path, str(exc), roster.ROSTER)
    finally:
        if book is not None:
            book.close()


def _import_ledger(run: roster.RosterImport, path: Path, sheets: dict[str, roster.SheetGuess],
                   rows: list[roster._Row], rejected: list[RejectedRow], notes: list[str]) -> FileResult:
    # Imported when a spreadsheet turns out to be a problem ledger: a roster needs none of it.
    from app.exchange import problem_ledger

    return problem_ledger.import_ledger(run, path, sheets, rows, rejected, notes)


def _failed(path: Path, reason: str, kind: str = "") -> FileResult:
    return FileResult(FileReport(str(path), FAILED, f"文件“{path.name}”无法导入：{reason}；未导入其中任何内容",
                                  kind, "", empty_counts(), ()))


def _merge_exchange(fixed: _Fixed, tally: _Tally, read: FileRead, n: int) -> FileResult:
    try:
        return _merge_pieces(fixed, tally, read, n)
    finally:
        if read.book is not None:  # a streamed read: open until its last piece is merged
            read.book.close()


def _merge_pieces(fixed: _Fixed, tally: _Tally, read: FileRead, n: int) -> FileResult:
    """Merge the file's sheets a piece at a time (one piece a sheet unless streamed) in its one
    transaction: each piece's records, and the audit and undo rows they make, are written and dropped
    before the next is parsed, so a county's whole workbook is never held at once."""
    path, meta = read.path, read.meta
    assert meta is not None
    name = path.name
    check_cancel(fixed.cancel)
    fixed.say(n - 1, tally.total, f"合并 {name}")
    counts = empty_counts()
    sheet_counts: dict[str, Counts] = {}
    rejected: list[RejectedRow] = []
    dry_run = fixed.options.dry_run
    via = f"试导入：{name}" if dry_run else f"导入：{name}（批次 {fixed.batch_id[:8]}）"
    changes = FileChanges()
    # Code-list values new here (compared now: a file read ahead did not see the files merged since).
    new_codes: dict[CodeListKind, set[str]] = {}
    sheet_notes: list[str] = []
    with fixed.session(via, preserve_sync_fields=True) as s:
        if not tally.state.loaded:
            tally.state.load(s)
        if dry_run:
            open_batch(s, fixed.batch_id, fixed.actor)
        ctx = MergeContext(s, tally.state, changes, fixed.db.installation_id, meta.installation_id, name,
                           fixed.batch_id, fixed.actor, via, utcnow(), meta.version, meta.exported)
        # What each sheet's pieces so far leave for the next, by sheet and installation.
        seen: dict[tuple[str, str], SheetSeen] = {}
        merged_rows: dict[str, int] = {}
        for spec, result in read.chunks():
            check_cancel(fixed.cancel)
            if any(key != spec.key for key, _source in seen):
                seen.clear()  # a sheet's pieces come together: the IDs of the sheets before are done with
            fresh = {kind: values - tally.known.get(kind, set()) - new_codes.get(kind, set())
                     for kind, values in result.new_codes.items()}
            fresh = {kind: values for kind, values in fresh.items() if values}
            add_codes(s, fresh)  # before the rows that use them
            for kind, values in fresh.items():
                new_codes.setdefault(kind, set()).update(values)
            sheet_notes += result.notes
            # A county's whole workbook merges for minutes: say how far, a piece at a time.
            merged_rows[spec.key] = merged_rows.get(spec.key, 0) + len(result.records) + len(result.rejected)
            fixed.say(n - 1, tally.total, f"合并 {name}：{spec.title} {merged_rows[spec.key]} 行")
            c = sheet_counts.setdefault(spec.key, Counts())
            c.rejected += len(result.rejected)
            rejected += result.rejected
            # A rejection workbook gathers rows of several installations: each merges as from its own.
            groups: dict[str, list[Any]] = {}
            for record in result.records:
                groups.setdefault(record.source or meta.installation_id, []).append(record)
            result.records = []
            for source, records in groups.items():
                more_counts, more = merge_sheet(replace(ctx, source=source), spec, records,
                                                seen.setdefault((spec.key, source), SheetSeen()))
                c.add(more_counts)
                rejected += more
            groups.clear()  # the piece's records go before the next piece is parsed
            records = []
            counts[spec.key] = c.as_dict()
            write_pending(ctx, at_least=PENDING_ROWS)
        if read.streamed is not None and read.rows_read == 0 and not _has_history(read):
            if dry_run:
                s.rollback()
            return _failed(path, NO_ROWS)  # nothing was written: it had nothing to write
        finish_file(ctx)
        fixed.say(n - 1, tally.total, f"合并 {name}：修改历史")
        h, more = _merge_history(s, read.history(), name)
        counts["history"] = h.as_dict()
        rejected += more
        notes = (*read.notes, *sheet_notes,
                 *(f"代码表“{kind.value}”新增：{'、'.join(sorted(values))}" for kind, values in new_codes.items()))
        report = FileReport(str(path), DRY_RUN if dry_run else IMPORTED, "", EXCHANGE,
                            meta.installation_id, counts, _views(rejected), notes)
        if dry_run:
            s.rollback()
    return FileResult(report, rejected, changes, new_codes)


def _has_history(read: FileRead) -> bool:
    rows = read.history()
    return next(rows, None) is not None and next(rows, None) is not None


def _merge_history(s: Session, rows: Iterable[list[Any]], file: str) -> tuple[Counts, list[RejectedRow]]:
    """修改历史 is append-only: rows are added by their UUID, never duplicated or changed (a piece of
    HISTORY_PIECE rows at a time: a county's history is as long as its records)."""
    counts = Counts()
    rejected: list[RejectedRow] = []
    stream = iter(rows)
    first = next(stream, None)
    if first is None:
        return counts, rejected
    header = [cells.as_text(h) for h in first]
    pos = {h: i for i, h in enumerate(header)}
    needed = ("ID", "记录ID", "记录类型", "操作", "修改时间", "安装ID", "修改数据（JSON）")
    if any(h not in pos for h in needed):
        return counts, rejected
    new: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(stream, start=2):
        def cell(h: str, raw: list[Any] = raw) -> Any:
            i = pos.get(h, -1)
            return raw[i] if 0 <= i < len(raw) else None
        try:
            hid = cells.as_uuid(cell("ID"))
            record_type = _TYPES_BY_LABEL.get(cells.as_text(cell("记录类型")), cells.as_text(cell("记录类型")))
            changes = json.loads(cells.as_text(cell("修改数据（JSON）")) or "{}")
            changed_at = cells.as_datetime(cell("修改时间"))
            if not hid or len(hid) > 36 or not isinstance(changes, dict) or changed_at is None:
                raise ValueError
            entry = {"id": hid, "record_id": cells.as_uuid(cell("记录ID")), "record_type": record_type,
                     "operation": cells.no_controls(cells.as_text(cell("操作"))), "changed_at": changed_at,
                     "installation_id": cells.as_uuid(cell("安装ID")),
                     "actor": cells.no_controls(cells.as_text(cell("修改人"))),
                     "via": cells.no_controls(cells.as_text(cell("经由"))), "changes": changes, "received": True}
            if not entry["record_id"]:
                raise ValueError
        except (ValueError, cells.CellError):
            rejected.append(RejectedRow(HISTORY_SHEET, number, header, list(raw), [Rejection(
                file, HISTORY_SHEET, number, "修改数据（JSON）", cells.shown(cell("修改数据（JSON）")),
                "修改历史行不完整或内容无法识别")]))
            continue
        new[hid] = entry
        if len(new) >= HISTORY_PIECE:
            _add_history(s, new, counts)
            new = {}
    _add_history(s, new, counts)
    counts.rejected = len(rejected)
    return counts, rejected


#: Rows of 修改历史 checked against the database and written at a time.
HISTORY_PIECE = 20_000


def _add_history(s: Session, new: dict[str, dict[str, Any]], counts: Counts) -> None:
    existing: set[str] = set()
    ids = list(new)
    for i in range(0, len(ids), 500):
        existing.update(s.scalars(select(History.id).where(History.id.in_(ids[i:i + 500]))))
    fresh = [row for hid, row in new.items() if hid not in existing]
    write_rows(s, s.get_bind().dialect.name, fresh, [], [])
    counts.created += len(fresh)
    counts.unchanged += len(existing)


def _views(rejected: list[RejectedRow]) -> tuple[Rejection, ...]:
    return tuple(r for row in rejected for r in row.reasons)


def _file_entry(report: FileReport) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": report.path, "status": report.status, "error": report.error, "kind": report.kind,
                             "source": report.source, "counts": report.counts}
    if report.digest:
        entry["sha256"] = report.digest
    if report.same_as:
        entry["same_as"] = report.same_as
    if report.cancelled:
        entry["cancelled"] = True
    return entry
