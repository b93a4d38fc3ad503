"""A big exchange workbook (a county's whole database, imported at a city) is merged a piece at a time
inside its one transaction: each piece's records, and the audit-trail and undo-log rows they make, are
written and dropped before the next piece is parsed. Here the pieces are made small, so that a small
county's workbook comes in many: the merge must hold one piece at a time, and give exactly what the
whole file merged at once gives — the same records, counts, undo, rejections and all-or-nothing."""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from app.clock import FixedClock
from app.exchange import importer, merge, parse, reading
from app.exchange.importer import ImportOptions, run_import
from app.exchange.merge import MergeContext
from app.exchange.parse import Incoming
from app.exchange.records import iter_records
from app.exchange.report import FAILED, IMPORTED
from app.exchange.schema import SHEETS, SheetSpec
from app.exchange.values import content_hash
from app.services import Services
from app.services.demo import generate
from db.exchange_models import ExchangeChange
from db.models import History
from tests.conftest import TODAY, MakeDatabase
from tests.factories import VALID_CODES, acting, enterprise

pytestmark = pytest.mark.backends

PIECE = 40
PENDING = 60


def snapshot(services: Services) -> dict[str, dict[str, str]]:
    with services.db.session() as s:
        return {spec.key: {r["id"]: content_hash(spec, r) for r in iter_records(s, spec)} for spec in SHEETS}


def bookkeeping(services: Services) -> tuple[int, int]:
    with services.db.session() as s:
        return (s.scalar(select(func.count()).select_from(History)) or 0,
                s.scalar(select(func.count()).select_from(ExchangeChange)) or 0)


@pytest.fixture
def county(services: Services, tmp_path: Path) -> Path:
    generate(services.db, scale=0.3, seed=3, today=TODAY)
    path = tmp_path / "县.xlsx"
    services.exchange.export(path)
    return path


class Watch:
    """Seams on the merge of each piece: how many parsed records are alive then, and how many audit and
    undo rows the file's merge still holds after each piece is written."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pieces = 0
        self.records = 0
        self.most_alive = 0
        self.most_pending = 0
        merge_sheet = merge.merge_sheet
        write_pending = merge.write_pending

        def counted(ctx: MergeContext, spec: SheetSpec, records: list[Incoming], *rest: Any) -> Any:
            self.pieces += 1
            self.records += len(records)
            self.most_alive = max(self.most_alive, sum(1 for o in gc.get_objects() if type(o) is Incoming))
            return merge_sheet(ctx, spec, records, *rest)

        def written(ctx: MergeContext, *, at_least: int = 0) -> None:
            write_pending(ctx, at_least=at_least)
            c = ctx.changes
            self.most_pending = max(self.most_pending, len(c.history) + len(c.undo) + len(c.created_history))

        monkeypatch.setattr(importer, "merge_sheet", counted)
        monkeypatch.setattr(importer, "write_pending", written)


def small_pieces(monkeypatch: pytest.MonkeyPatch) -> Watch:
    monkeypatch.setattr(parse, "CHUNK_ROWS", PIECE)
    monkeypatch.setattr(importer, "PENDING_ROWS", PENDING)
    return Watch(monkeypatch)


def test_a_county_workbook_merges_a_piece_at_a_time_as_it_would_whole(
        county: Path, services: Services, make_database: MakeDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = acting(Services(make_database("whole"), FixedClock(TODAY)))
    at_once = whole.exchange.import_paths([county])
    assert at_once.all_read and at_once.rejection_count == 0

    watch = small_pieces(monkeypatch)
    city = acting(Services(make_database("city"), FixedClock(TODAY)))
    report = city.exchange.import_paths([county])
    assert report.all_read and report.rejection_count == 0
    # Many pieces, each merged while only its own records were alive (never the file's).
    assert watch.records > 20 * PIECE and watch.pieces > 20
    assert watch.most_alive <= PIECE
    assert watch.most_pending < PENDING
    # The same records, counts and bookkeeping as the file merged whole.
    assert report.totals == at_once.totals
    assert snapshot(city) == snapshot(whole) == snapshot(services)
    # The same audit trail; the undo log lists the created records in a row per piece and table.
    assert bookkeeping(city)[0] == bookkeeping(whole)[0]

    # The batch is undone exactly, its undo log written piece by piece.
    assert report.batch_id is not None
    city.exchange.undo_batch(report.batch_id)
    assert all(not records for records in snapshot(city).values())
    # Imported again, it is judged as the first time; a second export (other bytes, the same records)
    # merged after it changes nothing.
    assert city.exchange.import_paths([county]).totals == at_once.totals
    second = county.with_name("县（再次导出）.xlsx")
    services.exchange.export(second)
    again = city.exchange.import_paths([second])
    assert again.all_read and again.rejection_count == 0
    assert all(c["created"] == c["updated"] == c["conflicts"] == 0 for c in again.totals.values())
    assert {k: c["unchanged"] for k, c in again.totals.items() if k != "history"} == \
        {k: c["created"] for k, c in at_once.totals.items() if k != "history"}
    assert snapshot(city) == snapshot(services)


def test_a_record_twice_in_two_pieces_is_rejected_once(county: Path, services: Services,
                                                       make_database: MakeDatabase, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.load_workbook(county)
    sheet = book["办理进展"]
    assert sheet.max_row > 3 * PIECE
    sheet.append([cell.value for cell in sheet[2]])  # the first entry again, in the sheet's last piece
    twice = tmp_path / "县（重复）.xlsx"
    book.save(twice)

    small_pieces(monkeypatch)
    city = acting(Services(make_database("city"), FixedClock(TODAY)))
    report = city.exchange.import_paths([twice])
    [reason] = report.files[0].rejections
    assert reason.sheet == "办理进展" and reason.row == sheet.max_row and "与第 2 行的 ID 重复" in reason.reason
    assert snapshot(city) == snapshot(services)


def test_a_file_stopped_after_some_pieces_leaves_nothing(county: Path, make_database: MakeDatabase,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    watch = small_pieces(monkeypatch)
    city = acting(Services(make_database("city"), FixedClock(TODAY)))
    before = bookkeeping(city)
    stop: Callable[[], bool] = lambda: watch.pieces >= 30  # noqa: E731
    report = run_import(city.db, "测试员", [county], ImportOptions(today=TODAY), cancel=stop)
    assert report.cancelled and watch.pieces >= 30
    # Pieces were written inside the file's transaction; stopped, it went back whole.
    assert all(not records for records in snapshot(city).values())
    assert bookkeeping(city) == before


def test_a_sheet_found_unreadable_part_way_fails_its_file_alone(county: Path, make_database: MakeDatabase,
                                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed as it merges, a workbook may turn out unreadable after some of it is written (the reader
    loads a sheet only when its turn comes): that file goes back whole and is reported as not imported;
    the file before it in the same commit group stays imported, and the batch goes on."""
    laptop = acting(Services(make_database("laptop"), FixedClock(TODAY)), "张伟", "工信局")
    enterprise(laptop, "甲公司", code=VALID_CODES[0])
    cadre_file = tmp_path / "张伟.xlsx"
    laptop.exchange.export(cadre_file)
    real = reading.Book._stream

    def broken(self: reading.Book, name: str) -> Iterator[list[Any]]:
        rows = real(self, name)
        if self.path == county and name == "办理进展":
            yield from itertools.islice(rows, 3 * PIECE)
            raise reading.UnreadableFile(self.path, "工作表“办理进展”已损坏（测试）")
        yield from rows

    monkeypatch.setattr(reading.Book, "_stream", broken)
    watch = small_pieces(monkeypatch)
    city = acting(Services(make_database("city"), FixedClock(TODAY)))
    report = city.exchange.import_paths([cadre_file, county])
    assert [f.status for f in report.files] == [IMPORTED, FAILED]
    assert "办理进展" in report.files[1].error and watch.pieces > 10
    assert snapshot(city) == snapshot(laptop)
