"""The raw floor of an import: the least any import of these files can cost on this machine.

    .venv/bin/python -m bench.floor DB FILE_OR_FOLDER...

Reads every sheet of every workbook with python-calamine in one process and stores every
row once in SQLite (one table per sheet name, one `executemany` per sheet, one commit,
WAL with synchronous=FULL as the program's database) — no checks, no matching, no merge,
no audit. The benchmarks run it on the same files in the same run as `zhuqi import` and
print each import's ratio to it, which holds on any machine (a shared one included)."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date, datetime, time
from pathlib import Path

from python_calamine import CalamineWorkbook


def _cell(value: object) -> object:
    # sqlite3 has no adapter for dates (deprecated in 3.12): store them as ISO text, as a
    # reader that keeps them would.
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def load(db: Path, files: list[Path]) -> int:
    """Every row of every sheet of `files` stored in `db`; returns the number of rows."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    widths: dict[str, int] = {}
    total = 0
    con.execute("BEGIN")
    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for index, name in enumerate(book.sheet_names):
            rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
            if not rows:
                continue
            width = max(len(r) for r in rows)
            table = f"s_{name}".replace('"', "")
            have = widths.get(table)
            if have is None:
                cols = ", ".join(f"c{i}" for i in range(width))
                con.execute(f'CREATE TABLE "{table}" ({cols})')
                widths[table] = have = width
            for i in range(have, width):
                con.execute(f'ALTER TABLE "{table}" ADD COLUMN c{i}')
            widths[table] = width = max(have, width)
            marks = ", ".join("?" * width)
            con.executemany(f'INSERT INTO "{table}" VALUES ({marks})',
                            ([_cell(v) for v in r] + [None] * (width - len(r)) for r in rows))
            total += len(rows)
        book.close()
    con.execute("COMMIT")
    con.close()
    return total


def files_of(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(f for f in p.iterdir() if f.suffix in (".xlsx", ".xls")) if p.is_dir() else [p])
    return out


def main(argv: list[str]) -> int:
    db, *paths = (Path(a) for a in argv)
    for f in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        f.unlink(missing_ok=True)
    rows = load(db, files_of(paths))
    print(f"合计 floor: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
