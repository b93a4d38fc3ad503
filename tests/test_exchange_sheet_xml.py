"""A workbook with a sheet part too big for python-calamine (which loads a sheet whole) is read by a
streaming XML parse (app.exchange.sheet_xml): the same rows, cell for cell and type for type, as
calamine gives; the same records; hostile and broken files refused with one line. The threshold is
lowered through reading.STREAM_PART_BYTES, so real small workbooks take the big-sheet path here."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.clock import FixedClock
from app.exchange import parse, reading, sheet_xml
from app.exchange.report import FAILED
from app.exchange.schema import SHEETS
from app.services import Services
from tests.conftest import TODAY, MakeDatabase
from tests.factories import acting
from tests.test_exchange_hostile import HEAD_ROW, HOSTILE, raw_xlsx
from tests.test_exchange_pieces import snapshot
from tests.test_exchange_streaming import _workbook


def _read(path: Path, *, xml: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], dict[str, list[list[Any]]]]:
    monkeypatch.setattr(reading, "STREAM_PART_BYTES", -1 if xml else 1 << 40)
    book = reading.open_book(path)
    try:
        assert (book._xml is not None) is xml
        return book.sheet_names, {name: list(book.sheet(name).iter_rows()) for name in book.sheet_names}
    finally:
        book.close()


def _typed(sheets: dict[str, list[list[Any]]]) -> dict[str, list[list[tuple[type, Any]]]]:
    """Each cell with its type: 1.0 == True == 1 and a date is no datetime, but the readers must agree."""
    return {name: [[(type(v), v) for v in row] for row in rows] for name, rows in sheets.items()}


def _odd_cells(path: Path) -> Path:
    """Every kind of value a person's spreadsheet program writes, away from A1, with styled empty cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "各种值"
    ws["C3"] = "文字"
    ws["D3"] = 1
    ws["E3"] = 2.5
    ws["F3"] = True
    ws["G3"] = False
    ws["H3"] = date(2025, 1, 2)
    ws["I3"] = datetime(2025, 1, 2, 3, 4, 5)
    ws["J3"] = datetime(2025, 1, 2)  # midnight in a datetime format: calamine gives a date
    ws["K3"] = time(3, 4, 5)
    ws["L3"] = 0.5
    ws["L3"].number_format = "yyyy-mm-dd"  # under a day: a time
    ws["M3"] = 30
    ws["M3"].number_format = "[h]:mm:ss"  # a duration
    ws["N3"] = "_x000D_换行&<>"
    ws["O3"] = 5
    ws["O3"].number_format = '0.00"d"'  # quoted letters: not a date
    ws["P3"] = 45000
    ws["P3"].number_format = "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"
    ws["Q3"] = 45000.25
    ws["Q3"].number_format = "m/d/yy h:mm AM/PM"
    ws["R3"] = 1e20
    ws["S3"] = -0.0
    ws["T3"] = 12345678901234567890
    ws["U3"] = datetime(1900, 1, 1, 12)  # before Excel's phantom 29 February 1900
    ws["Z5"].font = openpyxl.styles.Font(bold=True)  # styled, empty: outside the sheet's range
    ws["B9"] = "末行"
    wb.create_sheet("空表")
    wb.save(path)
    return path


def test_every_kind_of_cell_reads_as_calamine_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in (_odd_cells(tmp_path / "各种值.xlsx"), _workbook(tmp_path / "样表.xlsx")):
        names, whole = _read(path, xml=False, monkeypatch=monkeypatch)
        assert _read(path, xml=True, monkeypatch=monkeypatch) == (names, whole)
        assert _typed(_read(path, xml=True, monkeypatch=monkeypatch)[1]) == _typed(whole)
    # What calamine gives (so the comparison above is not of two empty lists).
    row = _read(tmp_path / "各种值.xlsx", xml=True, monkeypatch=monkeypatch)[1]["各种值"][2]
    assert row[2:13] == ["文字", 1.0, 2.5, True, False, date(2025, 1, 2), datetime(2025, 1, 2, 3, 4, 5),
                               date(2025, 1, 2), time(3, 4, 5), time(12), timedelta(days=30)]
    assert row[13] == "\r换行&<>" and type(row[14]) is float


def test_a_real_exchange_workbook_gives_the_same_rows_and_records(services: Services, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.demo import generate

    generate(services.db, scale=0.2, seed=4, today=TODAY)
    path = services.exchange.export(tmp_path / "全部.xlsx").path
    names, whole = _read(path, xml=False, monkeypatch=monkeypatch)
    xml_names, streamed = _read(path, xml=True, monkeypatch=monkeypatch)
    assert xml_names == names and len(whole["办理进展"]) > 100
    assert _typed(streamed) == _typed(whole)

    def parsed(xml: bool) -> list[tuple[object, ...]]:
        monkeypatch.setattr(reading, "STREAM_PART_BYTES", -1 if xml else 1 << 40)
        book = reading.open_book(path)
        try:
            meta = parse.read_meta(book.sheet("_meta"))
            assert meta is not None
            out: list[tuple[object, ...]] = []
            for spec in SHEETS:
                if spec.title in book.sheet_names:
                    r = parse.parse_sheet(spec, book.sheet(spec.title), path.name, {}, date(2026, 6, 15),
                                          meta.version)
                    out.append((spec.key, [(i.row, i.values, i.fingerprint, i.clock, i.check, i.raw)
                                           for i in r.records], [(x.row, x.values) for x in r.rejected]))
            return out
        finally:
            book.close()

    assert parsed(xml=True) == parsed(xml=False)


def test_small_workbooks_keep_calamine(tmp_path: Path) -> None:
    """The default threshold: cadre workbooks (bench_merge's are tens of KB) never take the XML parse."""
    book = reading.open_book(_workbook(tmp_path / "样表.xlsx"))
    try:
        assert book._xml is None and reading.STREAM_PART_BYTES >= 32 << 20
    finally:
        book.close()


@pytest.mark.parametrize("kind", sorted(k for k in HOSTILE if k not in ("pdf", "html", "text", "empty", "docx",
                                                                        "encrypted", "word-in-ole")))
def test_hostile_workbooks_are_refused_on_the_xml_path_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           kind: str) -> None:
    make, reason = HOSTILE[kind]
    monkeypatch.setattr(reading, "STREAM_PART_BYTES", -1)
    with pytest.raises(reading.UnreadableFile) as err:
        book = reading.open_book(make(tmp_path / f"{kind}.xlsx"))
        for name in book.sheet_names:
            list(book.sheet(name).iter_rows())
    assert reason in str(err.value) and "\n" not in str(err.value)


def _replace_part(path: Path, member: str, data: str) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts[member] = data.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return path


@pytest.mark.parametrize(("rows", "reason"), [
    (HEAD_ROW + '<row r="2"><c r="A2" t="s"><v>7</v></c></row>', "共享文字编号 7 超出范围"),
    (HEAD_ROW + '<row r="2"><c r="A2"><v>十二</v></c></row>', "数值“十二”无效"),
    (HEAD_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>未完', "XML 格式错误"),
])
def test_a_broken_sheet_is_one_line_naming_the_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     rows: str, reason: str) -> None:
    path = raw_xlsx(tmp_path / "坏.xlsx", rows, shared='<sst xmlns="http://schemas.openxmlformats.org/'
                    'spreadsheetml/2006/main"><si><t>企业名称</t></si></sst>')
    if rows.endswith("未完"):  # a part cut short: the zip is whole, the XML is not
        with zipfile.ZipFile(path) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode()
        _replace_part(path, "xl/worksheets/sheet1.xml", sheet[:sheet.index("未完") + 2])
    monkeypatch.setattr(reading, "STREAM_PART_BYTES", -1)
    book = reading.open_book(path)
    try:
        with pytest.raises(reading.UnreadableFile) as err:
            list(book.sheet("企业名录").iter_rows())
    finally:
        book.close()
    message = str(err.value)
    assert "坏.xlsx" in message and "企业名录" in message and reason in message and "\n" not in message


def test_a_doctype_is_refused_by_the_parser_itself(tmp_path: Path) -> None:
    """The checks refuse one in a part's prolog; the parser refuses it wherever it is."""
    path = tmp_path / "x.xml"
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as z:
        z.writestr("s.xml", '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "b">]><s>&a;</s>')
    with zipfile.ZipFile(tmp_path / "z.zip") as z, pytest.raises(sheet_xml.SheetXmlError, match="DTD"):
        sheet_xml.SharedStrings.read(z, "s.xml")
    assert not path.exists()


def test_format_codes_as_calamine_classifies_them() -> None:
    kind = sheet_xml.custom_format_kind
    assert kind("yyyy\\-mm\\-dd") == kind("m/d/yy h:mm AM/PM") == kind("[$-F800]dddd") == sheet_xml._DATETIME
    assert kind("[h]:mm:ss") == kind("[mm]:ss") == sheet_xml._DURATION
    assert kind('0.00"d"') == kind("#,##0") == kind("0.00_);[Red](0.00)") == kind("General") == sheet_xml._OTHER


def test_a_county_imported_through_the_xml_path_and_a_broken_one_leaves_nothing(
        services: Services, make_database: MakeDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole import (merged a piece at a time) on the XML path gives the county's records; the same
    workbook with a cell unreadable in its last sheet's last row goes back whole, with one line."""
    from app.services.demo import generate

    generate(services.db, scale=0.3, seed=3, today=TODAY)
    county = services.exchange.export(tmp_path / "县.xlsx").path
    monkeypatch.setattr(reading, "STREAM_PART_BYTES", -1)
    monkeypatch.setattr(parse, "CHUNK_ROWS", 40)
    streamed = reading.Book._stream
    sheets_read: list[str] = []

    def seen(self: reading.Book, name: str) -> Iterator[list[Any]]:
        assert self._xml is not None  # every sheet of the county goes by the XML parse
        sheets_read.append(name)
        return streamed(self, name)

    monkeypatch.setattr(reading.Book, "_stream", seen)
    city = acting(Services(make_database("city"), FixedClock(TODAY)))
    report = city.exchange.import_paths([county])
    assert report.all_read and report.rejection_count == 0 and "办理进展" in sheets_read
    assert snapshot(city) == snapshot(services)

    with zipfile.ZipFile(county) as z:
        member = reading._sheet_files(z)["办理进展"]
        part = z.read(member).decode()
    last = part.rindex("<row ")
    broken = part[:last] + part[last:].replace('t="s"><v>', 't="s"><v>9', 1)  # an index past the table
    bad = _replace_part(_copy(county, tmp_path), member, broken)
    again = acting(Services(make_database("again"), FixedClock(TODAY)))
    failed = again.exchange.import_paths([bad])
    assert failed.files[0].status == FAILED
    assert "办理进展" in failed.files[0].error and "超出范围" in failed.files[0].error
    assert "\n" not in failed.files[0].error
    assert all(not records for records in snapshot(again).values())


def _copy(path: Path, folder: Path) -> Path:
    target = folder / "县（坏）.xlsx"
    target.write_bytes(path.read_bytes())
    return target
