"""The reader's column-at-a-time paths give exactly what the cell-by-cell rules give: the fields'
checks (values.field_checks_many against field_checks), each column's fast path against its full
rule (parse._fast against parse._converter), and the row tags' fast pattern against the general one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.domain import CodeListKind
from app.errors import ValidationError
from app.exchange import parse, reading
from app.exchange.cells import CellError, UncachedFormula
from app.exchange.schema import SHEETS, K
from app.exchange.values import WORKBOOK_TZ, field_checks, field_checks_many, field_checks_of_columns

ID = "1b4e28ba-2fa1-41d2-883f-0000f00ba1c3"
ID2 = "2b4e28ba-2fa1-41d2-883f-0000f00ba1c3"
TODAY = date(2026, 12, 4)

#: Values a record's field may hold after reading, by the field's canonical form; some equal across
#: types (1, True, "1"), a list where none belongs (checked one by one), repeated and long texts.
TEXTS: list[Any] = [None, "", "是", "1", 1, 0, True, 1.5, "x" * 70, "x" * 70, "长文本" * 30, "\u3000 带空格 ", ID,
                    ID.upper(), ["a"], "是"]
DATES: list[Any] = [None, "", date(2026, 1, 2), date(2026, 1, 2), datetime(2026, 1, 2, 8, 0, tzinfo=WORKBOOK_TZ),
                    datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 2, 8, 0, tzinfo=WORKBOOK_TZ)]
BOOLS: list[Any] = [None, True, False, 1, 0, "", True]
LISTS: list[Any] = [None, [], ["b", "a"], [ID], ["a", "b"], ""]


def _values_for(kind: K, field: str) -> list[Any]:
    if field == "deleted_at" or kind in (K.DATE, K.DATETIME):
        return DATES
    return {K.BOOL: BOOLS, K.LIST: LISTS, K.REFS: LISTS}.get(kind, TEXTS)


def test_the_checks_of_a_column_at_a_time_are_the_checks_of_each_record() -> None:
    for spec in SHEETS:
        records = []
        for i in range(60):
            # Each field takes its values in its own order, so the rows differ.
            records.append({c.field: (vals := _values_for(c.kind, c.field))[(i * (k + 1)) % len(vals)]
                            for k, c in enumerate(spec.content_columns)})
        for _ in range(2):  # the second time from what the first kept
            assert field_checks_many(spec, records) == [field_checks(spec, r) for r in records], spec.key
        # The same records as columns, one field missing from the sheet (None in every record).
        absent = spec.content_columns[0].field
        columns = {c.field: [r[c.field] for r in records] for c in spec.content_columns if c.field != absent}
        as_read = [dict(r, **{absent: None}) for r in records]
        assert field_checks_of_columns(spec, columns, len(records)) == [field_checks(spec, r) for r in as_read]
    assert field_checks_many(SHEETS[0], []) == []


def test_what_the_checks_keep_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.exchange import values

    monkeypatch.setattr(values, "_KEPT_MAX", 10)
    spec = next(s for s in SHEETS if s.key == "problems")
    records = [{c.field: f"值{i}" if _values_for(c.kind, c.field) is TEXTS else None for c in spec.content_columns}
               for i in range(40)]
    assert field_checks_many(spec, records) == [field_checks(spec, r) for r in records]
    assert all(len(memo) <= 10 + 40 for _type, memo in values._KEPT.values())
    assert field_checks_many(spec, records[:3]) == [field_checks(spec, r) for r in records[:3]]
    assert all(len(memo) <= 10 + 3 for _type, memo in values._KEPT.values())


#: Cells as a workbook may hold them: what exports write, and what people and other programs put there.
CELLS: list[Any] = [
    None, "", " ", "\u3000", "是", "否", "是 ", "大型", "小型", "x", " 文本 ", "文\u3000本", "a\x07b", "x" * 250,
    ID, ID.upper(), f" {ID}", f"{ID}、{ID2}", f"{ID}、{ID}", f"{ID},{ID2}", f"{ID}、", f"{ID}、bad",
    1.0, 2.5, -1.0, 0.0, 3.0e7, 1e16, True, False, date(2026, 1, 2), date(1800, 1, 1), date(2030, 1, 1),
    datetime(2026, 1, 2, 3, 4, 5, 600_000), datetime(1899, 12, 31), "2026-01-02", "13800138000",
    "0371-65432100", "1380013800", UncachedFormula("A1"), "A", "Z", "a、b", "标签1、标签2", " 标签1 、、标签2、标签1、",
    "标签1,标签2", "标签1\u3000、x", "标签1\x07", "a" * 101, "标签1\n标签2", ["a"],
]


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.key)
def test_each_columns_fast_path_reads_as_the_full_rules_do(spec: Any) -> None:
    # Code lists that know some of the cells' values (a list of them is read fast), not others.
    known: dict[Any, set[str]] = {kind: {"标签1", "标签2", "a", "x", "是", "大型"} for kind in CodeListKind}
    for col in spec.columns:
        if col.kind is K.DISPLAY or col.field in parse._SYNC_TEXTS:
            continue  # sync texts of the program's own making are read as written (see parse._fast)
        fast = parse._fast(col, TODAY, known)(list(CELLS))
        convert = parse._converter(col, TODAY, known, {})
        for cell, got in zip(CELLS, fast, strict=True):
            if got is parse._SLOW:
                continue
            try:
                expected = convert(cell)
            except (CellError, ValidationError):
                pytest.fail(f"{spec.key}.{col.field}: {cell!r} read fast as {got!r}, refused by the rules")
            assert got == expected and type(got) is type(expected), f"{spec.key}.{col.field}: {cell!r}"


@pytest.mark.parametrize("piece", [
    b'<row r="1" spans="1:3"><c r="A1"/></row><row r="12"><c r="B12"/></row>',
    b'<row spans="1:3" r="7"><c r="A7"/></row><row r="3"></row>',
    b'<x:row r="9"><x:c r="A9"/></x:row><row r="2"></row>',
    b'<rowBreaks count="1"/><row r="4"></row>',
    b'<row  r="5"></row><row r="6"></row>',
    b'<row r="12345678"></row><row r="8"></row>',
    b"<c r=\"A1\"/>",
])
def test_the_highest_row_is_found_as_the_general_pattern_finds_it(piece: bytes) -> None:
    general = max(map(int, reading._ROW_TAGS.findall(piece)), default=0)
    assert reading._highest_row(piece)[0] == general
    # The digits a scan finds are those the search of each length finds.
    scan = reading._SheetScan()
    scan.add(piece)
    assert scan.digits == next((n for n in range(12, -1, -1)
                                if n == 0 or reading._DIGITS[n - 1].search(piece)), 0)


def test_a_one_piece_sheet_counts_its_values_when_asked() -> None:
    scan = reading._SheetScan()
    piece = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>2</v></c></row>'
    scan.add(piece)
    scan.finish()
    assert scan.valued == 2 and scan.valued == 2  # counted once
    many = reading._SheetScan()
    for _ in range(3):
        many.add(piece)
    many.finish()
    assert many.valued == 6
