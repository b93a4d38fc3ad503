"""Where reading one exchange workbook costs memory and time: open and check it, then read and parse
each sheet, keeping the parsed records as an import does (until the file's transaction ends).

    .venv/bin/python -m bench.bench_read_phases FILE.xlsx

Prints VmRSS and VmHWM (Linux; ru_maxrss elsewhere) and the process's CPU time after each step.
Run a checkout from before a change with PYTHONPATH=<that checkout> from its folder; the old
reader refused a county's whole database, so `--lift-limits` raises its cell and text limits."""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date
from pathlib import Path
from typing import Any


def memory() -> str:
    try:
        with open("/proc/self/status") as f:
            d = {line.split(":")[0]: int(line.split()[1]) // 1024 for line in f
                 if line.startswith(("VmRSS", "VmHWM"))}
        return f"rss {d['VmRSS']} MB hwm {d['VmHWM']} MB cpu {time.process_time():.1f} s"
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        return f"peak {peak} MB cpu {time.process_time():.1f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file", type=Path)
    ap.add_argument("--lift-limits", action="store_true", help="raise the cell and text limits (old reader)")
    args = ap.parse_args()
    from app.exchange import reading
    from app.exchange.parse import parse_sheet, read_meta
    from app.exchange.schema import SHEETS

    if args.lift_limits:
        for name in ("MAX_CELLS", "MAX_SHEET_CELLS", "MAX_TEXT_CHARS"):
            if hasattr(reading, name):
                setattr(reading, name, 10 ** 10)
    start = time.perf_counter()
    book = reading.open_book(args.file)
    print(f"checked and opened: {memory()}, wall {time.perf_counter() - start:.1f} s", flush=True)
    meta = read_meta(book.sheet("_meta"))
    assert meta is not None, "not an exchange workbook"
    kept: list[Any] = []
    for spec in SHEETS:
        if spec.title not in book.sheet_names:
            continue
        result = parse_sheet(spec, book.sheet(spec.title), args.file.name, {}, date.today(), meta.version)
        kept.append(result)
        print(f"  {spec.title}: {len(result.records)} records, {len(result.rejected)} rejected; {memory()}",
              flush=True)
    book.close()
    print(f"read: {memory()}, wall {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
