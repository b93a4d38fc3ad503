"""The reader streams: a county's whole database (a 378 MiB sheet, 670,000 rows) is checked a few
megabytes at a time and read a row at a time, with the same checks and the same rows as when each
part was read whole. The limits are per part and per sheet, and ratios, never an absolute total."""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.exchange import parse, reading
from app.exchange.cells import UncachedFormula
from app.exchange.schema import SHEETS
from app.services import Services
from tests.conftest import TODAY


def _workbook(path: Path) -> Path:
    """Sheets starting away from A1, an empty one, shared strings, formulas with and without a result."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "远处"
    ws["C3"] = "河阳县"
    ws["E5"] = 2
    wb.create_sheet("空表")
    ws = wb.create_sheet("公式")
    for r in range(1, 400):
        ws.append([f"企业{r % 17}", r, f"乡镇{r % 5}"])
    ws["D7"] = "=B7*2"  # openpyxl saves no result: the reader sees an empty cell
    ws["B450"] = "=SUM(B1:B399)"  # beyond every row holding a value
    wb.save(path)
    return path


def test_streamed_rows_are_the_rows_as_read_whole(tmp_path: Path) -> None:
    book = reading.open_book(_workbook(tmp_path / "样表.xlsx"))
    try:
        far = list(book.sheet("远处").iter_rows())
        assert far == [["", "", "", "", ""], ["", "", "", "", ""], ["", "", "河阳县", "", ""],
                       ["", "", "", "", ""], ["", "", "", "", 2.0]]
        assert list(book.sheet("空表").iter_rows()) == []
        rows = list(book.sheet("公式").iter_rows())
        assert rows[0][:3] == ["企业1", 1.0, "乡镇1"]
        assert rows[6][3] == UncachedFormula("B7*2")
        assert len(rows) == 450 and rows[449][1] == UncachedFormula("SUM(B1:B399)")
        assert sorted(book.sheet("公式").formula_cells) == ["B450", "D7"]
        # `rows` makes the same stream whole (for the callers that read a sheet twice).
        assert book.sheet("公式").rows == rows
    finally:
        book.close()


def _scan(path: Path) -> list[tuple[object, ...]]:
    with zipfile.ZipFile(path) as z:
        lengths = list(reading._shared_string_lengths(path, z, set(z.namelist())))
        out: list[tuple[object, ...]] = [tuple(lengths)]
        for member in reading._sheet_files(z).values():
            s = reading._scan_sheet(path, z, member)
            out.append((s.rows, s.digits, s.columns, s.extent, s.valued, s.shared_cells, s.formulas, s.uncached,
                        reading._exact_extent(z, member)))
    return out


def test_pieces_are_cut_between_cells_so_the_checks_see_what_a_whole_part_shows(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.demo import generate

    generate(services.db, scale=0.2, seed=4, today=TODAY)
    exported = services.exchange.export(tmp_path / "全部.xlsx").path
    for path in (_workbook(tmp_path / "样表.xlsx"), exported):
        whole = _scan(path)
        monkeypatch.setattr(reading, "_PIECE_BYTES", 97)  # a few cells a piece, cut anywhere
        assert _scan(path) == whole
        monkeypatch.undo()
    assert whole[1][6] == []  # an export has no formula


def _sheets_xlsx(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_the_cell_limit_is_per_sheet_not_summed_over_the_workbook(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Sheets are read one at a time; summed bounds refused a county's whole database (20 M cells,
    its bounds 30 M and more)."""
    grid = [[f"{r}-{c}" for c in range(10)] for r in range(100)]  # 1,000 cells
    path = _sheets_xlsx(tmp_path / "三表.xlsx", {"甲": grid, "乙": grid, "丙": grid})
    monkeypatch.setattr(reading, "MAX_SHEET_CELLS", 1_500)
    book = reading.open_book(path)
    assert [len(book.sheet(n).rows) for n in book.sheet_names] == [100, 100, 100]
    book.close()
    monkeypatch.setattr(reading, "MAX_SHEET_CELLS", 999)
    with pytest.raises(reading.UnreadableFile, match="单元格范围过大"):
        reading.open_book(path)


def test_a_workbook_over_the_old_total_is_read_when_its_ratio_is_honest(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """No absolute total: a part is bounded alone (scaled down here to the largest part), the whole by
    its compression ratio. Three honest sheets unpack to three times a part; the old total (twice a
    part) refused a county's whole database. Many small parts of zeros, each under the 1 MB a part's
    own ratio is checked from, are still a bomb."""
    grid = [[f"河阳县第{r}号企业", r * 7919 % 100_003, f"城关镇{r % 13}"] for r in range(3000)]
    path = _sheets_xlsx(tmp_path / "三表.xlsx", {"甲": grid, "乙": grid, "丙": grid})
    with zipfile.ZipFile(path) as z:
        parts = [i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/")]
        unpacked = sum(i.file_size for i in z.infolist())
    monkeypatch.setattr(reading, "MAX_MEMBER_BYTES", max(parts))
    assert unpacked > 2 * max(parts)
    book = reading.open_book(path)
    assert len(book.sheet("丙").rows) == 3000
    book.close()
    monkeypatch.setattr(reading, "MAX_MEMBER_BYTES", max(parts) - 1)
    with pytest.raises(reading.UnreadableFile, match="解压后过大"):
        reading.open_book(path)
    monkeypatch.undo()

    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        for n in range(40):
            z.writestr(f"xl/media/image{n}.xml", b"\x00" * 900_000)  # 36 MB of zeros, about 35 KB packed
    with pytest.raises(reading.UnreadableFile, match="压缩比异常"):
        reading.open_book(path)


def test_a_sheet_parsed_in_chunks_gives_the_same_records(services: Services, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services.demo import generate

    generate(services.db, scale=0.2, seed=4, today=TODAY)
    path = services.exchange.export(tmp_path / "全部.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb["问题台账"]
    ws.cell(3, 1).value = "不是ID"  # a rejected row inside the first chunk
    ws.cell(ws.max_row, 1).value = "也不是"  # and in the last
    wb.save(path)

    def parsed() -> list[tuple[object, ...]]:
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
                                           for i in r.records],
                                [(x.row, x.values, [y.reason for y in x.reasons]) for x in r.rejected],
                                r.new_codes, r.notes))
            return out
        finally:
            book.close()

    whole = parsed()
    monkeypatch.setattr(parse, "CHUNK_ROWS", 7)
    assert parsed() == whole
    records, rejected = next((p[1], p[2]) for p in whole if p[0] == "problems")
    assert isinstance(records, list) and isinstance(rejected, list)
    assert len(rejected) == 2 and len(records) > 7
