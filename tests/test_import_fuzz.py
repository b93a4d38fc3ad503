"""Hostile and random input for the importer, as a fuzzer would feed it
(hypothesis): random cell values and types, sheet shapes, header spellings,
encodings and broken files. The importer must never crash, every file is either
imported or refused with one line, a refused file writes nothing, and every row
of an imported roster is accounted for: created, updated, unchanged, a conflict,
or rejected with a reason."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import textwrap
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clock import FixedClock
from app.exchange.roster import FIELDS
from app.services import Services
from db.database import open_database
from tests.factories import acting

TODAY = date(2026, 6, 15)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ALIASES = [a for _label, aliases in FIELDS.values() for a in aliases]
cell_values = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY０１２３-— ", min_size=15, max_size=20),
    st.sampled_from(["=1+1", "+86 138", "-", "@SUM(A1)", "\t制表符", "#N/A", "不详", "无", "合计",
                     "914403001922038216", "91440300708461136T", "9144030019220382I6", "2021年9月28日",
                     "２０２１／９／２８", "44467", "河阳县恒达铝业有限公司", "河阳县恒达铝业有限公司 "]),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
)
headers = st.lists(st.one_of(st.sampled_from(ALIASES), st.text(max_size=12)), min_size=1, max_size=12)


@pytest.fixture
def services(tmp_path: Path) -> Services:
    db = open_database(tmp_path / "fuzz.sqlite")
    s = acting(Services(db, FixedClock(TODAY)))
    s.profile.set("王芳", "营商办")
    return s


def _writable(value: Any) -> Any:
    """What openpyxl can store: naive datetimes, finite floats, no control characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _snapshot(services: Services) -> list[tuple[Any, ...]]:
    path = services.db.path
    assert path is not None
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT id, name, credit_code, revision FROM enterprises ORDER BY id").fetchall()
    finally:
        con.close()


def _accounted(report_file: Any) -> int:
    """The most rows any one kind of record accounts for. Counted per kind: a roster with a
    problem column (反映问题) gives each row an enterprise, a problem and its first progress
    entry, so a sum over the kinds would count one row up to three times."""
    return max((c.get("created", 0) + c.get("updated", 0) + c.get("unchanged", 0) + c.get("conflicts", 0)
                + c.get("rejected", 0) for c in report_file.counts.values()), default=0)


def _import_and_check(services: Services, path: Path, data_rows: int | None) -> None:
    before = _snapshot(services)
    report = services.exchange.import_paths([path])
    assert len(report.files) == 1
    f = report.files[0]
    assert f.status in ("imported", "failed", "skipped"), f
    if f.status == "failed":
        assert f.error and "\n" not in f.error.strip()
        assert _snapshot(services) == before  # a refused file writes nothing
        return
    for r in f.rejections:
        assert r.reason and r.row >= 1
    if data_rows is not None:
        assert _accounted(f) <= data_rows
    # The database stays sound whatever came in.
    path_db = services.db.path
    assert path_db is not None
    con = sqlite3.connect(path_db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


@FUZZ
@given(head=headers, rows=st.lists(st.lists(cell_values, max_size=14), max_size=25),
       title_rows=st.integers(0, 3))
def test_random_xlsx_rosters(services: Services, tmp_path_factory: pytest.TempPathFactory, head: list[str],
                             rows: list[list[Any]], title_rows: int) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for i in range(title_rows):
        ws.append([f"2026年企业名录（第{i + 1}行标题）"])
    ws.append([_writable(h) for h in head])
    for row in rows:
        ws.append([_writable(v) for v in row])
    path = tmp_path_factory.mktemp("x") / "名录.xlsx"
    wb.save(path)
    _import_and_check(services, path, len(rows))


@FUZZ
@given(head=headers, rows=st.lists(st.lists(st.text(max_size=30), max_size=10), max_size=20),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"]),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_random_csv_rosters_in_any_encoding(services: Services, tmp_path_factory: pytest.TempPathFactory,
                                            head: list[str], rows: list[list[str]], encoding: str,
                                            delimiter: str) -> None:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(head)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("c") / "名录.csv"
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
    _import_and_check(services, path, len(rows))


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".xlsm"]))
def test_random_bytes_are_refused_cleanly(services: Services, tmp_path_factory: pytest.TempPathFactory,
                                          data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("b") / f"随机{suffix}"
    path.write_bytes(data)
    _import_and_check(services, path, None)


@pytest.fixture(scope="module")
def exported_workbook(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from app.services.demo import generate

    folder = tmp_path_factory.mktemp("src")
    db = open_database(folder / "src.sqlite")
    generate(db, scale=0.05, seed=3, today=TODAY)
    out = folder / "交换.xlsx"
    acting(Services(db, FixedClock(TODAY))).exchange.export(out)
    db.close()
    return out.read_bytes()


@FUZZ
@given(cut=st.floats(0.05, 0.99))
def test_truncated_workbooks_are_refused_whole(services: Services, tmp_path_factory: pytest.TempPathFactory,
                                               exported_workbook: bytes, cut: float) -> None:
    path = tmp_path_factory.mktemp("t") / "截断.xlsx"
    path.write_bytes(exported_workbook[: int(len(exported_workbook) * cut)])
    _import_and_check(services, path, None)


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, 8), st.integers(1, 40), st.integers(1, 30), cell_values),
                      min_size=1, max_size=15))
def test_hand_edited_exchange_workbooks(services: Services, tmp_path_factory: pytest.TempPathFactory,
                                        exported_workbook: bytes, edits: list[tuple[int, int, int, Any]]) -> None:
    """Cells overwritten with anything, anywhere, as a person with a spreadsheet might."""
    wb = openpyxl.load_workbook(io.BytesIO(exported_workbook))
    for sheet_no, row, col, value in edits:
        ws = wb.worksheets[sheet_no % len(wb.worksheets)]
        ws.cell(row=row, column=col, value=_writable(value))
    path = tmp_path_factory.mktemp("e") / "改过的交换.xlsx"
    wb.save(path)
    _import_and_check(services, path, None)


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


MIN_XLSX = {
    "[Content_Type"
    "s].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Defau'
              b'lt Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
              b'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
              b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
              b'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreads'
              b'heetml.worksheet+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relation'
                   b'ships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relatio'
                   b'nships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    # A sheet name no exchange workbook uses: these are foreign rosters.
    "xl/workbo"
    "ok.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
              'name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode(),
    "xl/_rels/workbook.xm"
    "l.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships'
              b'"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/wor'
              b'ksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def test_a_row_of_ten_thousand_columns(services: Services, tmp_path: Path) -> None:
    head = "".join(f'<c r="{_col(i)}1" t="inlineStr"><is><t>{"企业名称" if i == 1 else f"列{i}"}</t></is></c>'
                   for i in range(1, 10_001))
    body = '<c r="A2" t="inlineStr"><is><t>河阳县宽表测试有限公司</t></is></c>'
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData><row r="1">{head}</row><row r="2">{body}</row></sheetData></worksheet>')
    path = tmp_path / "宽表.xlsx"
    _zip(path, {**MIN_XLSX, "xl/worksheets/sheet1.xml": sheet.encode()})
    _import_and_check(services, path, 1)


MILLION = textwrap.dedent(
    """
    import resource, sys
    from datetime import date
    from pathlib import Path
    from app.clock import FixedClock
    from app.services import Services
    from db.database import open_database
    s = Services(open_database(sys.argv[1]), FixedClock(date(2026, 6, 15)))
    s.profile.set("测试员", "营商办")
    report = s.exchange.import_paths([Path(sys.argv[2])])
    f = report.files[0]
    # VmHWM is this process's own peak; ru_maxrss would carry over the (large) parent's peak
    # through fork + exec on Linux.
    status = open("/proc/self/status").read() if sys.platform.startswith("linux") else ""
    hwm = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
    peak_mb = int(hwm[0]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f.status, round(peak_mb), f.error.replace(chr(10), " "))
    """
)


@pytest.mark.skipif(os.name == "nt", reason="peak memory read with resource.getrusage")
def test_a_million_row_sheet_stays_within_memory(tmp_path: Path) -> None:
    """A 1,000,000-row roster is either imported or refused plainly, within 500 MB."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>河阳县企业{r}有限公司</t></is></c>'
                   f'<c r="B{r}" t="inlineStr"><is><t>法人{r % 97}</t></is></c></row>' for r in range(2, 1_000_002))
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>法定代表人</t></is></c></row>'
             f'{rows}</sheetData></worksheet>')
    path = tmp_path / "百万行.xlsx"
    _zip(path, {**MIN_XLSX, "xl/worksheets/sheet1.xml": sheet.encode()})
    del rows, sheet
    r = subprocess.run([sys.executable, "-c", MILLION, str(tmp_path / "m.sqlite"), str(path)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    status, peak_mb, *error = r.stdout.split(" ", 2)
    assert status in ("imported", "failed")
    assert int(peak_mb) < 500, r.stdout
    if status == "failed":
        assert error and error[0].strip()


@pytest.mark.skipif(os.name == "nt", reason="peak memory read with resource.getrusage")
def test_a_sheet_of_near_empty_rows_is_refused_before_its_grid_is_built(tmp_path: Path) -> None:
    """An exchange workbook whose 延期记录 has one column filled down to row 1,048,576: the reader would
    build the 13 × 1,048,576 grid (49 s and 1.6 GB here before this check), to reject every row."""
    import re

    from app.services.demo import generate

    db = open_database(tmp_path / "source.sqlite")
    generate(db, scale=0.05, seed=1, today=TODAY)
    acting(Services(db, FixedClock(TODAY))).exchange.export(tmp_path / "export.xlsx")
    db.close()
    with zipfile.ZipFile(tmp_path / "export.xlsx") as zin:
        names = re.findall(r'<sheet name="([^"]+)" sheetId="(\d+)"', zin.read("xl/workbook.xml").decode())
        member = f"xl/worksheets/sheet{dict(names)['延期记录']}.xml"
        data = zin.read(member).decode()
        head = data[:data.index("<sheetData>") + len("<sheetData>")]
        header = re.search(r'<row r="1">.*?</row>', data)
        assert header is not None
        rows = "".join(f'<row r="{n}"><c r="D{n}" t="inlineStr"><is><t>x</t></is></c></row>'
                       for n in range(2, 1_048_577))
        parts = {i.filename: zin.read(i.filename) for i in zin.infolist()}
    parts[member] = (head + header.group(0) + rows + "</sheetData></worksheet>").encode()
    del rows
    path = tmp_path / "整列.xlsx"
    _zip(path, parts)
    r = subprocess.run([sys.executable, "-c", MILLION, str(tmp_path / "m.sqlite"), str(path)],
                       capture_output=True, text=True, timeout=900, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    status, peak_mb, error = r.stdout.split(" ", 2)
    assert status == "failed" and "延伸到第 1048576 行" in error, r.stdout
    assert int(peak_mb) < 500, r.stdout
