"""The streaming writer's memory stays flat: of the shared-string table (spooled to a temporary file) it
remembers only the texts of columns that repeat themselves, and every value still reads back as written
(python-calamine, as the importer reads, and openpyxl)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from app.exchange import xlsx_writer
from app.exchange.xlsx_writer import QUOTED, SHARE_TRIAL, XlsxWriter

STATUSES = ("待交办", "办理中", "已办结", "已销号", "暂不具备条件")
#: Texts whose writing needs care: spaces kept, an OOXML escape kept literal, a control character,
#: markup characters, a formula's lead, a line break.
TRICKY = (" 前后有空格 ", "_x0041_ 不是 A", "控制\x01字符", '<a href="x">&amp;</a>', "=SUM(A1:A2)",
          "第一行\n第二行", "-5 万元")


def _rows(n: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(n):
        text = TRICKY[i % len(TRICKY)] + f" {i}" if i % 3 == 0 else f"企业诉求第{i}条：资金周转困难"
        rows.append([f"ID-{i:06d}", STATUSES[i % len(STATUSES)], text, i])
    return rows


def _expected(v: object) -> object:
    """A text as a reader gives it back: control characters are not XML, they come back escaped."""
    return v.replace("\x01", "_x0001_") if isinstance(v, str) else v


def test_mostly_new_texts_are_not_remembered_and_read_back_the_same(tmp_path: Path) -> None:
    n = 5 * SHARE_TRIAL
    rows = _rows(n)
    path = tmp_path / "book.xlsx"
    writer = XlsxWriter(path)
    assert writer.add_sheet("问题", ["ID", "状态", "描述", "序号"], rows) == n
    # The header, the statuses and the first texts of the two unique columns until each stopped being
    # remembered; remembering them all would be about 2 * n.
    assert len(writer._strings) <= 4 + len(STATUSES) + 2 * (SHARE_TRIAL + 1)
    writer.close()
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["book.xlsx"]  # the spool is gone

    with zipfile.ZipFile(path) as z:
        shared = z.read("xl/sharedStrings.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    # Every text is still a shared string (no inline strings: they would make the parts bigger).
    assert int(re.search(r'uniqueCount="(\d+)"', shared).group(1)) >= 2 * n  # type: ignore[union-attr]
    assert "inlineStr" not in sheet
    # A formula's lead still gets the quote prefix in a column no longer remembered.
    last_formula = max(i for i in range(n) if i % 3 == 0 and TRICKY[i % len(TRICKY)].startswith("="))
    assert f'<c r="C{last_formula + 2}" t="s" s="{QUOTED}">' in sheet

    book = CalamineWorkbook.from_path(str(path))
    got = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    book.close()
    assert got[0] == ["ID", "状态", "描述", "序号"]
    assert [[_expected(v) if i < 3 else int(v) for i, v in enumerate(r)] for r in got[1:]] == \
        [[_expected(v) for v in r] for r in rows]

    ws = openpyxl.load_workbook(path, read_only=True)["问题"]
    by_openpyxl = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r[:3] for r in by_openpyxl] == [[_expected(v) for v in r[:3]] for r in rows]


def test_the_remembered_texts_stop_at_their_bound(tmp_path: Path, monkeypatch: object) -> None:
    # A column that repeats itself just enough to stay remembered (each text twice) would grow them row
    # by row: past the bound, its new texts are written as new entries each time, and still read back.
    setattr_ = monkeypatch.setattr  # type: ignore[attr-defined]
    setattr_(xlsx_writer, "SHARED_MAX_STRINGS", 1000)
    rows = [[f"名称{i // 2}"] for i in range(6000)]
    path = tmp_path / "book.xlsx"
    writer = XlsxWriter(path)
    writer.add_sheet("表", ["名称"], rows)
    assert len(writer._strings) <= 1000
    writer.close()
    book = CalamineWorkbook.from_path(str(path))
    got = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    book.close()
    assert got[1:] == rows


def test_abort_leaves_nothing(tmp_path: Path) -> None:
    writer = XlsxWriter(tmp_path / "book.xlsx")
    writer.add_sheet("问题", ["ID", "描述"], ([f"ID-{i}", f"描述{i}"] for i in range(5000)))
    assert len([p for p in tmp_path.iterdir() if p.is_file()]) == 2  # the workbook's and the strings' temporaries
    writer.abort()
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []
