"""Print how long the PDF reports take on demo data (bundled fonts, a temporary database).

    .venv/bin/python bench/bench_reports.py                 # scale 1 for the records, 50 for the periodic report
    .venv/bin/python bench/bench_reports.py --periodic-scale 10

Targets (issue #4): a visit record under 100 ms warm, 500 of them under 30 s, the periodic
report over --scale 50 under 5 s, a two-page visit record under 150 KB."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import reports  # noqa: E402
from app.clock import FixedClock  # noqa: E402
from app.reports import periods  # noqa: E402
from app.reports.fonts import FontOptions, load_fonts  # noqa: E402
from app.services import Services  # noqa: E402
from app.services.demo import generate  # noqa: E402
from app.services.problems import ProblemFilter  # noqa: E402
from app.services.stats import StatsQuery  # noqa: E402
from db.database import open_database  # noqa: E402

TODAY = date(2026, 6, 15)
OPTIONS = reports.ReportOptions(system_fonts=False, printed_at=datetime(2026, 6, 15, 9, 0))


def demo(folder: Path, scale: float) -> Services:
    db = open_database(folder / f"demo-{scale:g}.sqlite")
    started = time.perf_counter()
    generate(db, scale=scale, seed=1, today=TODAY)
    print(f"demo data, scale {scale:g}: {time.perf_counter() - started:.1f} s")
    return Services(db, FixedClock(TODAY))


def timed(label: str, run: object) -> float:
    started = time.perf_counter()
    result = run()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    pages = getattr(result, "pages", None)
    print(f"{label}: {seconds:.2f} s" + (f" ({pages} pages)" if pages else ""))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--periodic-scale", type=float, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        load_fonts(FontOptions(system=False))
        print(f"fonts loaded: {(time.perf_counter() - started) * 1000:.0f} ms")
        s = demo(folder, 1)
        visits = s.visits.list(limit=None)
        two_page = [v for v in visits if 1 <= len(v.problem_ids) <= 3]
        times = []
        for v in two_page[:30]:
            t = time.perf_counter()
            r = reports.visit_record(s, v.id, folder / "visit.pdf", options=OPTIONS)
            times.append(time.perf_counter() - t)
        print(f"visit record, warm: median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms over {len(times)} records")
        sizes = []
        for v in two_page[:30]:
            r = reports.visit_record(s, v.id, folder / "visit.pdf", options=OPTIONS)
            sizes.append((r.pages, (folder / "visit.pdf").stat().st_size))
        two = [size for pages, size in sizes if pages == 2] or [size for _, size in sizes]
        print(f"visit record size: {statistics.median(two) / 1024:.0f} KB median, {max(two) / 1024:.0f} KB max "
              f"({Counter(p for p, _ in sizes)} records by page count)")
        newest_500 = visits[:500]
        batch = folder / "batch"
        batch.mkdir()
        start, end = newest_500[-1].visit_date, newest_500[0].visit_date
        n = len(s.visits.list(limit=None, date_from=start, date_to=end))
        timed(f"{n} visit records in one batch",
              lambda: reports.visit_records(s, start, end, batch, options=OPTIONS))
        total = s.problems.search(ProblemFilter(), limit=1).total
        timed(f"problem ledger, {total} problems",
              lambda: reports.problem_ledger(s, ProblemFilter(), folder / "ledger.pdf", options=OPTIONS))
        busiest = Counter(p.enterprise_id for p in s.problems.search(ProblemFilter(), limit=total).rows)
        eid, count = busiest.most_common(1)[0]
        timed(f"enterprise dossier, {count} problems",
              lambda: reports.enterprise_dossier(s, eid, folder / "dossier.pdf", options=OPTIONS))
        s.db.close()
        big = demo(folder, args.periodic_scale)
        for label, (a, b) in (("month", periods.month_range("2026-05")), ("quarter", periods.quarter_range("2026Q2"))):
            timed(f"periodic report, {label}, scale {args.periodic_scale:g}",
                  lambda a=a, b=b: reports.periodic_report(big, StatsQuery(a, b), folder / "p.pdf", options=OPTIONS))
        timed(f"periodic report, all time, scale {args.periodic_scale:g}",
              lambda: reports.periodic_report(big, StatsQuery(), folder / "p.pdf", options=OPTIONS))
        big.db.close()


if __name__ == "__main__":
    main()
