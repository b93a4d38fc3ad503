"""A formula saved without its result (a workbook written by a program and never opened in Excel)
reads as an empty cell: the import names it for what it is instead of calling the cell empty, in a
policy list and in a roster alike; a formula with its saved result is read as that result (the
reader's own behaviour, unchanged)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.exchange.cells import UNCACHED_FORMULA, UncachedFormula
from app.exchange.reading import open_book, uncached_formulas
from app.services import Services
from tests.factories import acting
from tests.test_policies import HEADER, ROWS, policy_xlsx


def test_a_policy_title_that_is_a_formula_without_a_result_is_named_as_such(services: Services,
                                                                              tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS[:2]]
    rows[1][1] = '=CONCATENATE("河阳县","稳岗就业补贴实施办法")'
    path = policy_xlsx(tmp_path / "政策汇编.xlsx", rows, HEADER)
    [f] = acting(services).exchange.import_paths([path]).files
    assert f.counts["policies"]["created"] == 1 and f.counts["policies"]["rejected"] == 1
    [r] = f.rejections
    assert (r.row, r.column, r.reason) == (5, "政策名称", UNCACHED_FORMULA)
    assert r.value == '=CONCATENATE("河阳县","稳岗就业补贴实施办法")'


def test_a_roster_cell_that_is_a_formula_without_a_result_is_rejected_not_taken_as_empty(
        services: Services, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "企业名单"
    ws.append(["企业名称", "统一社会信用代码", "所属乡镇"])
    ws.append(["河阳县恒达铝业有限公司", "914403001922038216", "城关镇"])
    ws.append(['=A2&"分公司"', "91440300708461136T", "城关镇"])
    path = tmp_path / "名单.xlsx"
    wb.save(path)
    [f] = acting(services).exchange.import_paths([path]).files
    [r] = f.rejections
    assert (r.row, r.column, r.reason) == (3, "企业名称", UNCACHED_FORMULA)
    assert f.counts["enterprises"]["created"] == 1


@pytest.mark.parametrize(("cell", "expected"), [
    (b'<c r="B3"><f>SUM(A1:A2)</f></c>', {(2, 1): "SUM(A1:A2)"}),
    (b'<c r="AA10" s="1"><f>A1&amp;"x"</f><v/></c>', {(9, 26): 'A1&"x"'}),
    (b'<c r="C1"><f t="shared" si="0"/><v></v></c>', {(0, 2): ""}),
    (b'<c r="C1"><f>A1*2</f><v>4</v></c>', {}),
    (b'<c r="C1" t="str"><f>IF(A1,"","")</f><v></v></c>', {}),  # the formula's result is empty text
    (b'<x:c r="D2"><x:f>NOW()</x:f></x:c>', {(1, 3): "NOW()"}),
])
def test_formula_cells_without_a_saved_result_are_found(cell: bytes, expected: dict[tuple[int, int], str]) -> None:
    assert uncached_formulas(b"<sheetData><row>" + cell + b"</row></sheetData>") == expected


def test_the_sheet_holds_the_formula_where_the_reader_saw_an_empty_cell(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["政策名称", "=1+1"])
    wb.save(path)
    sheet = open_book(path).sheet("Sheet")
    assert sheet.rows[0] == ["政策名称", UncachedFormula("1+1")]
    assert sheet.formula_cells == ["B1"]
