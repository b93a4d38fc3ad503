"""Read one workbook with python-calamine and with the streaming XML parse (app/exchange/sheet_xml.py)
and compare every row of every sheet, value and type; prints each sheet's rows and the CPU both took.

    .venv/bin/python -m bench.compare_readers FILE.xlsx

Exits 1 at the first row that differs (printed)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from app.exchange import reading


def main() -> int:
    path = Path(sys.argv[1])
    reading.STREAM_PART_BYTES = 1 << 40
    whole = reading.open_book(path)
    reading.STREAM_PART_BYTES = -1
    streamed = reading.open_book(path)
    assert whole._xml is None and streamed._xml is not None
    if whole.sheet_names != streamed.sheet_names:
        print("sheets differ:", whole.sheet_names, streamed.sheet_names)
        return 1
    for name in whole.sheet_names:
        started = time.process_time()
        n = 0
        for n, (a, x) in enumerate(zip(whole.sheet(name).iter_rows(), streamed.sheet(name).iter_rows(),
                                       strict=True), start=1):
            if a != x or list(map(type, a)) != list(map(type, x)):
                print(f"{name} row {n} differs:\n  calamine {a!r}\n  xml      {x!r}")
                return 1
        print(f"{name}: {n} rows equal ({time.process_time() - started:.1f} s CPU, both readers)", flush=True)
    whole.close()
    streamed.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
