"""Benchmark: `zhuqi export` of the whole ledger against its floor, xlsxwriter's constant-memory write.

    .venv/bin/python bench/bench_export.py --db FILE [--runs 3] [--dir PATH] [--profile] [--before PATH] [--no-floor]
    .venv/bin/python bench/bench_export.py --scale N [--runs 3]

`--db` is copied into the working folder first (the export records itself in the database, and a
benchmark never writes to the file it was given); `--scale N` builds one with `zhuqi demo --scale N`.

The floor: the rows `zhuqi export` wrote — every sheet, every column, read back from its own workbook
with python-calamine before the clock starts — written again by xlsxwriter with
`{"constant_memory": True}` (inline strings, one row in memory at a time). Only the write is timed.
It does less than the export (no database, no styles, widths or validations), so it is the least any
writer of these rows can cost on this machine.

Each run times, in separate processes, `zhuqi export` and the floor, alternately (each goes first in
turn); prints wall time, CPU time and peak memory (VmHWM; see _PEAK) of both and the ratio, medians of the
`--runs` paired runs. The floor's peak includes the rows it holds in memory (printed apart).
`--profile` also writes a cProfile of one `zhuqi export` (the 30 costliest functions by own time).
`--before PATH`: a checkout of the code before a change (`git archive REV | tar -x -C PATH`), whose
`zhuqi export` runs in turn too, so that a change is measured against it in the same conditions;
`--no-floor` leaves the floor out (over 4 minutes a run at county scale)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The process's own peak memory in KB. ru_maxrss is not: Linux keeps across exec the peak of the
#: process image replaced, which after a fork is the parent's size — this script's, holding the
#: rows it read back with calamine (1.7 GB at county scale with history), so every child reported
#: at least that. /proc/self/status's VmHWM belongs to the new image alone.
_PEAK = (
    "def peak_kb():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            return next(float(x.split()[1]) for x in f if x.startswith('VmHWM:'))\n"
    "    except OSError:\n"
    "        import resource\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)

#: `zhuqi` in a process that reports its CPU time and peak memory on stderr.
_EXPORT = _PEAK + (
    "import resource, sys, time\n"
    "from app.cli import main\n"
    "t0 = time.perf_counter()\n"
    "code = main(sys.argv[1:])\n"
    "wall = time.perf_counter() - t0\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print('BENCH', wall, use.ru_utime + use.ru_stime, peak_kb(), 0, file=sys.stderr)\n"
    "sys.exit(code)\n"
)

#: The floor: reads the exported workbook (untimed), then writes its rows with xlsxwriter (timed).
_FLOOR = _PEAK + (
    "import resource, sys, time\n"
    "from python_calamine import CalamineWorkbook\n"
    "import xlsxwriter\n"
    "src, out = sys.argv[1], sys.argv[2]\n"
    "book = CalamineWorkbook.from_path(src)\n"
    "sheets = [(n, book.get_sheet_by_index(i).to_python(skip_empty_area=False))\n"
    "          for i, n in enumerate(book.sheet_names)]\n"
    "book.close()\n"
    "held = peak_kb()\n"
    "cpu0 = time.process_time()\n"
    "t0 = time.perf_counter()\n"
    "wb = xlsxwriter.Workbook(out, {'constant_memory': True, 'default_date_format': 'yyyy-mm-dd'})\n"
    "for name, rows in sheets:\n"
    "    ws = wb.add_worksheet(name)\n"
    "    for r, row in enumerate(rows):\n"
    "        ws.write_row(r, 0, row)\n"
    "wb.close()\n"
    "wall = time.perf_counter() - t0\n"
    "cpu = time.process_time() - cpu0\n"
    "peak = peak_kb()\n"
    "print('BENCH', wall, cpu, peak, held, file=sys.stderr)\n"
)


def _run(code: str, args: list[str], home: Path, root: Path = ROOT) -> tuple[float, float, float, float]:
    """Wall s, CPU s, peak MB and held MB (the floor's rows in memory) reported by the process."""
    env = dict(os.environ, ZHUQI_HOME=str(home), PYTHONIOENCODING="utf-8", PYTHONPATH=str(root))
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                       env=env, cwd=root, check=False)
    if r.returncode != 0:
        raise SystemExit(f"failed ({r.returncode}): {' '.join(args)}\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    line = next(x for x in r.stderr.splitlines() if x.startswith("BENCH"))
    wall, cpu, peak_kb, held_kb = (float(v) for v in line.split()[1:])
    return wall, cpu, peak_kb / 1024, held_kb / 1024


def _rows(path: Path) -> dict[str, int]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    counts = {n: len(book.get_sheet_by_index(i).to_python(skip_empty_area=False))
              for i, n in enumerate(book.sheet_names)}
    book.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--db", type=Path, help="a database (copied first, never written)")
    src.add_argument("--scale", type=float, help="build one with `zhuqi demo --scale N`")
    ap.add_argument("--runs", type=int, default=3, help="paired runs (default 3)")
    ap.add_argument("--dir", type=Path, help="working folder (default: a temporary one, removed)")
    ap.add_argument("--profile", action="store_true", help="cProfile one `zhuqi export` after the runs")
    ap.add_argument("--before", type=Path, help="a checkout of the code before a change, run in turn too")
    ap.add_argument("--no-floor", action="store_true", help="leave the floor (xlsxwriter) out")
    args = ap.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.sqlite"
    for f in work.glob("bench.sqlite*"):
        f.unlink()
    if args.db:
        shutil.copyfile(args.db, db)
    else:
        subprocess.run([sys.executable, "-m", "app", "demo", "--scale", str(args.scale), "--db", str(db)],
                       check=True, capture_output=True, env=dict(os.environ, ZHUQI_HOME=str(work)), cwd=ROOT)
    exported, floor_out = work / "export.xlsx", work / "floor.xlsx"
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(f"database {db.stat().st_size / 1e6:.0f} MB; {os.cpu_count()} cores"
          + (f"; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start" if load else ""))
    export_args = ["export", str(exported), "--db", str(db)]
    # One export first: the floor's rows are read back from it, and it warms the page cache for both.
    _run(_EXPORT, export_args, work)
    counts = _rows(exported)
    print("rows per sheet (header included): " + ", ".join(f"{n} {c}" for n, c in counts.items())
          + f"; {exported.stat().st_size / 1e6:.1f} MB")
    before_args = ["export", str(work / "before.xlsx"), "--db", str(db)]
    who_runs = ["export"] + (["before"] if args.before else []) + ([] if args.no_floor else ["floor"])
    results: dict[str, list[tuple[float, float, float, float]]] = {who: [] for who in who_runs}
    for i in range(args.runs):
        order = who_runs if i % 2 == 0 else who_runs[::-1]
        line = []
        for who in order:
            if who == "export":
                results[who].append(_run(_EXPORT, export_args, work))
            elif who == "before":
                results[who].append(_run(_EXPORT, before_args, work, args.before.resolve()))
            else:
                results[who].append(_run(_FLOOR, [str(exported), str(floor_out)], work))
            r = results[who][-1]
            held = f" (rows held {r[3]:5.0f} MB)" if who == "floor" else ""
            line.append(f"{who} {r[0]:6.2f} s cpu {r[1]:6.2f} s peak {r[2]:5.0f} MB{held}")
        load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
        print(f"run {i + 1}: " + " | ".join(line) + f" | load {load[0]:.2f}")
    if args.runs and args.before:
        e, b = results["export"], results["before"]
        med = {k: [statistics.median(r[j] for r in v) for j in range(3)] for k, v in (("export", e), ("before", b))}
        print(f"median of {args.runs} paired runs: export {med['export'][0]:6.2f} s cpu {med['export'][1]:6.2f} s"
              f" peak {med['export'][2]:5.0f} MB | before {med['before'][0]:6.2f} s cpu {med['before'][1]:6.2f} s"
              f" peak {med['before'][2]:5.0f} MB")
        print(f"  ratio export/before: wall {statistics.median(x[0] / y[0] for x, y in zip(e, b, strict=True)):.2f}×,"
              f" cpu {statistics.median(x[1] / y[1] for x, y in zip(e, b, strict=True)):.2f}×,"
              f" peak {statistics.median(x[2] / y[2] for x, y in zip(e, b, strict=True)):.2f}×")
    if args.runs and not args.no_floor:
        med = {k: [statistics.median(r[j] for r in v) for j in range(4)] for k, v in results.items()}
        wall_ratio = statistics.median(e[0] / f[0] for e, f in zip(results["export"], results["floor"], strict=True))
        cpu_ratio = statistics.median(e[1] / f[1] for e, f in zip(results["export"], results["floor"], strict=True))
        print(f"median of {args.runs} paired runs:")
        print(f"  zhuqi export                  {med['export'][0]:6.2f} s   cpu {med['export'][1]:6.2f} s"
              f"   peak {med['export'][2]:5.0f} MB")
        print(f"  floor (xlsxwriter, const mem) {med['floor'][0]:6.2f} s   cpu {med['floor'][1]:6.2f} s"
              f"   peak {med['floor'][2]:5.0f} MB (of which rows held {med['floor'][3]:.0f} MB)")
        print(f"  ratio export/floor: wall {wall_ratio:.2f}×, cpu {cpu_ratio:.2f}× (target ≤ 1.5×)")
    if args.profile:
        stats = work / "export.prof"
        env = dict(os.environ, ZHUQI_HOME=str(work), PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "app", *export_args],
                       check=True, capture_output=True, env=env, cwd=ROOT)
        import pstats

        pstats.Stats(str(stats)).sort_stats("tottime").print_stats(30)
    if not args.dir:
        shutil.rmtree(work)
    else:
        print(f"working folder: {work}")


if __name__ == "__main__":
    main()
