"""Compare two exchange workbooks' cell values, sheet by sheet, with python-calamine (as the importer
reads them); the export time in _meta is left out. Exit status 1 when any row differs.

    .venv/bin/python bench/compare_workbooks.py BEFORE.xlsx AFTER.xlsx"""

from __future__ import annotations

import sys

from python_calamine import CalamineWorkbook


def main(a_path: str, b_path: str) -> int:
    a, b = CalamineWorkbook.from_path(a_path), CalamineWorkbook.from_path(b_path)
    if a.sheet_names != b.sheet_names:
        print(f"sheets differ: {a.sheet_names} / {b.sheet_names}")
        return 1
    bad = 0
    for i, name in enumerate(a.sheet_names):
        ra = a.get_sheet_by_index(i).to_python(skip_empty_area=False)
        rb = b.get_sheet_by_index(i).to_python(skip_empty_area=False)
        diffs = [(n, x, y) for n, (x, y) in enumerate(zip(ra, rb)) if x != y]
        if name == "_meta":
            diffs = [d for d in diffs if d[1][0] != "导出时间"]
        print(f"{name}: {len(ra)} / {len(rb)} rows, {sum(len(r) for r in ra)} cells, {len(diffs)} rows differ")
        for d in diffs[:3]:
            print("   ", d)
        bad += len(diffs) + (len(ra) != len(rb))
    print("SAME" if not bad else f"DIFFERENT ({bad})")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
