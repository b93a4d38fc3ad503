"""Benchmark: the window's start and the ledger's responsiveness on big data.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui.py --db /tmp/ui10.sqlite --ledger-db /tmp/ui50.sqlite

Build the databases once with `zhuqi demo --scale 10 --db /tmp/ui10.sqlite` and
`zhuqi demo --scale 50 --db /tmp/ui50.sqlite`. Prints: time from start to the
window shown (and to its first screen filled), and for the 100,000-problem
ledger: first page shown, a filter, a text search, a sort, and a scroll that
fetches the next page — each from the user's action to the rows painted, wall
time and the process's CPU time (both threads)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

T0 = time.perf_counter()
#: How far the deep scroll goes (100 pages of 200).
DEEP_ROWS = 20_000
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("ZHUQI_HOME", tempfile.mkdtemp())

from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True, help="database for the start time (e.g. --scale 10)")
    ap.add_argument("--ledger-db", type=Path, required=True, help="database for the ledger (e.g. --scale 50)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    app = QApplication(sys.argv)

    from app.paths import data_dir
    from app.services import Services
    from db.database import open_database
    from ui.application import build
    from ui.settings import Settings

    services = Services(open_database(args.db))
    ctx, window = build(services, Settings(data_dir()))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - T0

    def settle(c: object = ctx) -> None:
        while c.ops.pending:  # type: ignore[attr-defined]
            app.processEvents()
            time.sleep(0.002)
        app.processEvents()

    settle()
    filled = time.perf_counter() - T0
    loaded = sorted(m for m in ("openpyxl", "reportlab") if m in sys.modules)
    print(f"start → window shown: {shown * 1000:.0f} ms; → 工作台 filled: {filled * 1000:.0f} ms "
          f"({services.enterprises.count()} enterprises); heavy modules loaded at start: {loaded or 'none'}")
    window.visits.form.dirty = False
    window.close()

    big = Services(open_database(args.ledger_db))
    ctx2, window2 = build(big, Settings(data_dir()))
    window2.resize(1366, 768)
    window2.show()
    settle(ctx2)
    page = window2.ledger

    def timed(label: str, act: Callable[[], None], reset: Callable[[], None] | None = None) -> None:
        runs, cpu = [], []
        for _ in range(args.repeat):
            if reset:
                reset()
                settle(ctx2)
            t, c = time.perf_counter(), time.process_time()
            act()
            page._debounce.stop()
            page._apply_filters() if label.startswith("text") else None
            settle(ctx2)
            page.table.viewport().repaint()
            runs.append((time.perf_counter() - t) * 1000)
            # CPU of the whole process (the GUI thread and the worker that queried): on a shared
            # machine the wall time is mostly waiting for a core, this is what the step costs.
            cpu.append((time.process_time() - c) * 1000)
        print(f"{label:<52} median {statistics.median(runs):7.0f} ms  max {max(runs):7.0f} ms  "
              f"cpu {statistics.median(cpu):5.0f} ms ({page.model.total} rows match)")

    def clear() -> None:
        page.status.setCurrentIndex(0)
        page.deadline.setCurrentIndex(0)
        page.text.clear()
        page._debounce.stop()
        page._apply_filters()

    timed("ledger opened (first page of all problems)", lambda: window2.show_page(page) or page._apply_filters())
    timed("filter: status 办理中", lambda: page.status.setCurrentIndex(page.status.findData("办理中")), clear)
    timed("filter: overdue", lambda: page.deadline.setCurrentIndex(page.deadline.findData("overdue")), clear)
    timed("text search: 融资 (typed, without the 250 ms debounce)", lambda: page.text.setText("融资"), clear)
    timed("sort by 企业 (SQL)", lambda: page.table.sortByColumn(1, page.table.horizontalHeader().sortIndicatorOrder()),
          clear)
    timed("scroll to the end: next page fetched", lambda: (page.table.scrollToBottom(), page.model.fetchMore()),
          clear)
    # Deep in the ledger: 100 pages in, the next page costs what the first did (pages seek past the
    # last row shown; an OFFSET of 20,000 rows had to skip them all on every page).
    clear()
    settle(ctx2)
    t = time.perf_counter()
    while page.model.rowCount() < DEEP_ROWS and (page.model.loading or page.model.canFetchMore()):
        page.model.fetchMore()  # the view may have asked for a page itself: then this does nothing
        settle(ctx2)
    print(f"{'scroll on to row ' + str(page.model.rowCount()):<52} total  {(time.perf_counter() - t):7.1f} s")
    timed(f"next page after row {DEEP_ROWS}", lambda: (page.table.scrollToBottom(), page.model.fetchMore()))
    print(f"ledger total: {page.model.total} problems")
    if hasattr(os, "getloadavg"):  # not on Windows
        print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    window2.close()


if __name__ == "__main__":
    main()
