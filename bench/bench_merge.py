"""Benchmark: the office's merge of 500 cadres' workbooks, and the export of the ledger.

    .venv/bin/python bench/bench_merge.py [--workbooks 500] [--dir PATH] [--keep]

Builds a county with the demo generator (2,000 enterprises), tops it up to
20,000 visits and 50,000 problems (copies of demo visits and problems with new
IDs and dates), then writes 500 exchange workbooks as 500 installations would:
each with its cadre's enterprises and their records; a quarter of the
enterprises also appear in a second installation's workbook (co-assigned), where
most copies are identical, some were changed by one installation only, and some
by both (conflicts). Each problem carries its latest progress entry.

Then times, each as a real `zhuqi` process on a fresh office database:
  1. `zhuqi merge FOLDER -o 汇总台账.xlsx` (import all, then export the ledger),
  2. `zhuqi import FOLDER` alone, and `zhuqi export` of the merged ledger,
  3. the import of the same folder again (its files known by their bytes, not read), and of
     copies with other bytes and the same content (read and merged: every row 未变),
and reports the peak memory and CPU time of each process and of the worker
processes that read files ahead (CPU time says more than wall time on a
machine others are using). Targets on the 2-core build
machine: merge under 5 s, export under 10 s, peak memory under 500 MB."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from app.exchange.records import iter_records
from app.exchange.schema import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HISTORY_COLUMNS,
    HISTORY_SHEET,
    SHEETS,
    K,
)
from app.exchange.values import field_checks, to_cell
from app.exchange.xlsx_writer import XlsxWriter
from app.services.demo import generate
from db import causal
from db.database import open_database
from db.exchange_models import table_of
from db.models import Problem, ProgressEntry, Visit

DAY = date(2026, 6, 15)
TARGET_VISITS, TARGET_PROBLEMS = 20_000, 50_000


def build_county(path: Path, seed: int) -> None:
    db = open_database(path)
    generate(db, scale=10, seed=seed, today=DAY)
    rng = random.Random(seed)
    with db.session(preserve_sync_fields=True) as s:
        visits = [dict(r) for r in s.execute(table_of(Visit).select()).mappings()]
        problems = [dict(r) for r in s.execute(table_of(Problem).select()).mappings()]
        latest: dict[str, dict[str, Any]] = {}
        for e in s.execute(table_of(ProgressEntry).select().order_by("entry_date")).mappings():
            latest[e["problem_id"]] = dict(e)
        s.execute(table_of(ProgressEntry).delete())
        new_visits = []
        while len(visits) + len(new_visits) < TARGET_VISITS:
            v = dict(rng.choice(visits), id=str(uuid.uuid4()))
            v["visit_date"] = DAY - timedelta(days=rng.randrange(0, 360))
            new_visits.append(v)
        new_problems = []
        while len(problems) + len(new_problems) < TARGET_PROBLEMS:
            p = dict(rng.choice(problems), id=str(uuid.uuid4()), visit_id=None)
            if p["received_date"] > DAY - timedelta(days=30):
                p["received_date"] = DAY - timedelta(days=rng.randrange(30, 300))
            new_problems.append(p)
            entry = latest.get(rng.choice(problems)["id"])
            if entry:
                latest[p["id"]] = dict(entry, problem_id=p["id"])
        for i in range(0, len(new_visits), 5000):
            s.execute(insert(table_of(Visit)), new_visits[i:i + 5000])
        for i in range(0, len(new_problems), 5000):
            s.execute(insert(table_of(Problem)), new_problems[i:i + 5000])
        entries = [dict(e, id=str(uuid.uuid4())) for e in latest.values()]
        for i in range(0, len(entries), 5000):
            s.execute(insert(table_of(ProgressEntry)), entries[i:i + 5000])
    db.close()


def write_workbooks(county: Path, folder: Path, n: int, seed: int) -> dict[str, int]:
    """n workbooks from n installations, overlapping and partly conflicting."""
    rng = random.Random(seed)
    db = open_database(county)
    with db.session() as s:
        data = {spec.key: list(iter_records(s, spec)) for spec in SHEETS}
    db.close()
    enterprises = [e["id"] for e in data["enterprises"]]
    rng.shuffle(enterprises)
    home = {e: i % n for i, e in enumerate(enterprises)}
    second = {e: (home[e] + 1 + rng.randrange(n - 1)) % n for e in enterprises if rng.random() < 0.25}
    by_ent: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    problem_ent = {p["id"]: p["enterprise_id"] for p in data["problems"]}
    for key in ("assignments", "visits", "problems"):
        for r in data[key]:
            by_ent[r["enterprise_id"]][key].append(r)
    for key in ("extensions", "progress"):
        for r in data[key]:
            by_ent[problem_ent[r["problem_id"]]][key].append(r)
    cadres = {c["id"]: c for c in data["cadres"]}
    ent_by_id = {e["id"]: e for e in data["enterprises"]}
    books: dict[int, list[str]] = defaultdict(list)
    for e in enterprises:
        books[home[e]].append(e)
        if e in second:
            books[second[e]].append(e)
    installations = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n)]
    # Changes made by one copy only (taken) and by both (conflicts), on shared problems.
    edits: dict[tuple[int, str], str] = {}
    for e, other in second.items():
        for p in by_ent[e]["problems"]:
            roll = rng.random()
            if roll < 0.15:
                edits[(other, p["id"])] = "已与企业再次对接，正在协调"
            elif roll < 0.20:
                edits[(home[e], p["id"])] = "主办单位已提出解决方案"
                edits[(other, p["id"])] = "企业反映问题仍未解决"
    rows = 0
    for i in range(n):
        rows += _write_book(folder / f"干部台账-{i + 1:03d}.xlsx", installations[i], i, books[i], ent_by_id,
                            by_ent, cadres, edits)
    return {"workbooks": n, "rows": rows, "shared_enterprises": len(second),
            **{k: len(v) for k, v in data.items()}}


def _write_book(path: Path, installation: str, index: int, ents: list[str], ent_by_id: dict[str, Any],
                by_ent: dict[str, dict[str, list[dict[str, Any]]]], cadres: dict[str, Any],
                edits: dict[tuple[int, str], str]) -> int:
    records: dict[str, list[dict[str, Any]]] = {spec.key: [] for spec in SHEETS}
    for e in ents:
        records["enterprises"].append(ent_by_id[e])
        for key, items in by_ent[e].items():
            records[key].extend(items)
    used = {a["cadre_id"] for a in records["assignments"]} | {c for v in records["visits"] for c in v["cadre_ids"]}
    records["cadres"] = [cadres[c] for c in sorted(used)]
    writer = XlsxWriter(path)
    actor = causal.actor_of(installation)
    total = 0
    for spec in SHEETS:
        def rows(spec: Any = spec) -> Any:
            fields = causal.tracked_fields(spec.table)
            for r in records[spec.key]:
                edit = edits.get((index, r["id"]))
                if edit:
                    # The installation's own change: its next write in the record's clock.
                    clock = causal.tick(causal.parse_clock(r["clock"], fields), actor, ["resolution"])
                    r = dict(r, resolution=edit, revision=r["revision"] + 1, changed_by=installation,
                             clock=causal.format_clock(clock))
                row = []
                for c in spec.columns:
                    if c.field == "fingerprint":
                        row.append(field_checks(spec, r))
                    elif c.kind is K.DISPLAY:
                        row.append("")
                    else:
                        row.append(to_cell(c.kind, r.get(c.field)))
                yield row
        total += writer.add_sheet(spec.title, [c.header for c in spec.columns], rows(),
                                  widths=[c.width for c in spec.columns])
    writer.add_sheet(HISTORY_SHEET, [c.header for c in HISTORY_COLUMNS], [])
    writer.add_sheet("_meta", ["项目", "值"], [["格式", FORMAT_NAME], ["格式版本", FORMAT_VERSION],
                                              ["导出安装ID", installation], ["导出人", f"干部{index + 1}"]])
    writer.close()
    return total


def _runner(module: str) -> str:
    """A process that runs `module`'s main(argv) and reports its peak memory and CPU time. The peak is
    /proc/self/status's VmHWM where there is one: ru_maxrss keeps across exec the peak of the image
    replaced — after a fork, this script's size with the load it built — so every run showed that."""
    return (
        "import sys\n"
        f"from {module} import main\n"
        "code = main(sys.argv[1:])\n"
        "try:\n"
        "    import resource\n"
        "    use = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "    try:\n"
        "        with open('/proc/self/status') as f:\n"
        "            peak = next(int(x.split()[1]) for x in f if x.startswith('VmHWM:'))\n"
        "    except OSError:\n"
        "        peak = use.ru_maxrss\n"
        "    print('PEAK-KB', peak, use.ru_utime + use.ru_stime, kids.ru_maxrss,\n"
        "          kids.ru_utime + kids.ru_stime, file=sys.stderr)\n"
        "except ImportError:\n"
        "    pass\n"
        "sys.exit(code)\n"
    )


_RUNNER = _runner("app.cli")
_FLOOR = _runner("bench.floor")
ROOT = Path(__file__).resolve().parents[1]


def compile_checkout(code: Path) -> None:
    """Write the bytecode of `code`'s modules, as the packaged program ships it and pip writes it on
    install: with PYTHONDONTWRITEBYTECODE set (as on the team's machine) every run compiled the
    program's ~90 modules again, 0.1-0.15 s of CPU a start that no user pays."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "app", "db", "bench"], cwd=code, check=True,
                   capture_output=True)


#: label → CPU seconds of the last `run` with that label (the process's own, and its workers').
CPU: dict[str, float] = {}


def fresh_database(path: Path, home: Path, code: Path = ROOT) -> None:
    """An empty office database at `path`, created by `code`'s `zhuqi init`."""
    for f in path.parent.glob(path.name + "*"):
        f.unlink()
    subprocess.run([sys.executable, "-m", "app", "init", "--db", str(path)], capture_output=True, check=True,
                   env=dict(os.environ, ZHUQI_HOME=str(home), PYTHONPATH=str(code)), cwd=code)


def paired(label: str, sources: list[Path], import_args: list[str], work: Path, runs: int,
           before: Path | None) -> None:
    """The raw floor (bench/floor.py) and `zhuqi import` of `sources` (and the `before` checkout's
    import), run alternately `runs` times in this one run; prints medians and each import's ratio
    to the floor (the median of the per-run ratios)."""
    office, floor_db = work / "paired.sqlite", work / "floor.sqlite"
    codes = {"now": ROOT, **({"before": before} if before else {})}
    for code in codes.values():
        compile_checkout(code)
    times: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, list[float]] = defaultdict(list)
    peaks: dict[str, list[float]] = defaultdict(list)
    order = ["floor", *codes]
    for i in range(runs):
        for who in order[i % len(order):] + order[:i % len(order)]:  # each goes first in turn
            if who == "floor":
                run_label = f"  run {i + 1}: raw floor"
                t, peak, _ = run(run_label, [str(floor_db), *map(str, sources)], work, runner=_FLOOR)
            else:
                fresh_database(office, work, codes[who])
                run_label = f"  run {i + 1}: zhuqi import ({who})"
                t, peak, _ = run(run_label, ["import", *map(str, sources), "--db", str(office), *import_args], work,
                                 code=codes[who])
            times[who].append(t)
            cpus[who].append(CPU.get(run_label, 0.0))
            peaks[who].append(peak)
    floor, floor_cpu = times["floor"], cpus["floor"]
    print(f"{label}: medians of {runs} paired runs (wall; CPU of the process and its workers)")
    print(f"  raw floor                {statistics.median(floor):6.2f} s   cpu {statistics.median(floor_cpu):6.2f} s"
          f"   peak {max(peaks['floor']):5.0f} MB")
    for who in codes:
        ratio = statistics.median(t / f for t, f in zip(times[who], floor, strict=True))
        cpu_ratio = statistics.median(c / f for c, f in zip(cpus[who], floor_cpu, strict=True) if f) \
            if any(floor_cpu) else 0.0
        print(f"  zhuqi import ({who:<6})    {statistics.median(times[who]):6.2f} s   "
              f"cpu {statistics.median(cpus[who]):6.2f} s   peak {max(peaks[who]):5.0f} MB"
              f"   {ratio:4.1f}× the floor (wall), {cpu_ratio:4.1f}× (CPU)")
    for f in work.glob("paired.sqlite*"):
        f.unlink()
    for f in work.glob("floor.sqlite*"):
        f.unlink()


def run(label: str, args: list[str], home: Path, *, code: Path = ROOT,
        runner: str = _RUNNER) -> tuple[float, float, str]:
    """A real `zhuqi` process: wall time, its peak memory (MB, where the platform reports it), output.
    `code` is the checkout whose `app` runs (another one measures the code before a change)."""
    env = dict(os.environ, ZHUQI_HOME=str(home), PYTHONIOENCODING="utf-8", PYTHONPATH=str(code))
    t0 = time.perf_counter()
    # `-c` puts the working folder first on sys.path: `code`'s modules are the ones imported.
    r = subprocess.run([sys.executable, "-c", runner, *args], check=False, capture_output=True, text=True, env=env,
                       encoding="utf-8", cwd=code)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        print(r.stdout[-2000:], r.stderr[-2000:])
        raise SystemExit(f"{label} failed with exit {r.returncode}")
    usage = next((line.split()[1:] for line in r.stderr.splitlines() if line.startswith("PEAK-KB")), None)
    peak = int(usage[0]) / 1024 if usage else 0.0
    shown = f"{peak:6.0f} MB   cpu {float(usage[1]):6.2f} s" if usage else "   n/a"
    if usage:
        CPU[label] = float(usage[1]) + float(usage[3])
    if usage and int(usage[2]):
        # Files are read ahead by worker processes: the largest one's peak, and their CPU time together.
        shown += f"   + workers: peak {int(usage[2]) / 1024:4.0f} MB each at most, cpu {float(usage[3]):6.2f} s"
    print(f"{label:<44} {elapsed:6.2f} s   peak {shown}")
    return elapsed, peak, r.stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workbooks", type=int, default=500)
    ap.add_argument("--dir", type=Path, help="working folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="paired runs of the floor and the import (0: none)")
    ap.add_argument("--before", type=Path, help="a checkout of the code before a change, run alternately too")
    ap.add_argument("--paired-only", action="store_true", help="only the paired runs against the floor")
    args = ap.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-merge-"))
    work.mkdir(parents=True, exist_ok=True)
    folder = work / "workbooks"
    county = work / "county.sqlite"
    if not folder.is_dir():
        t0 = time.perf_counter()
        build_county(county, args.seed)
        folder.mkdir()
        load = write_workbooks(county, folder, args.workbooks, args.seed)
        size = sum(f.stat().st_size for f in folder.iterdir()) / 1e6
        print(f"load: {load} in {size:.1f} MB, built in {time.perf_counter() - t0:.1f} s")
    if args.runs:
        paired(f"zhuqi import of {args.workbooks} workbooks against the raw floor", [folder], ["--as", "王芳"], work,
               args.runs, args.before)
    if not args.paired_only:
        one_offs(work, folder)
    if not args.keep and not args.dir:
        shutil.rmtree(work)
    else:
        print(f"working folder: {work}")


def one_offs(work: Path, folder: Path) -> None:
    """merge, import, export and the imports again, each once."""
    for f in work.glob("office*.sqlite*"):
        f.unlink()
    office = work / "office.sqlite"
    subprocess.run([sys.executable, "-m", "app", "init", "--db", str(office)], capture_output=True,
                   env=dict(os.environ, ZHUQI_HOME=str(work)), check=True)
    _, _, out = run("zhuqi merge (import 500 + export ledger)",
                    ["merge", str(folder), "-o", str(work / "汇总台账.xlsx"), "--db", str(office), "--as",
                     "王芳"], work)
    print("   " + next((line for line in out.splitlines() if line.startswith("合计")), "")[:300])
    for f in work.glob("office*.sqlite*"):
        f.unlink()
    subprocess.run([sys.executable, "-m", "app", "init", "--db", str(office)], capture_output=True,
                   env=dict(os.environ, ZHUQI_HOME=str(work)), check=True)
    run("zhuqi import (500 workbooks, merge only)", ["import", str(folder), "--db", str(office), "--as", "王芳"], work)
    run("zhuqi export (the merged ledger)", ["export", str(work / "汇总台账2.xlsx"), "--db", str(office)], work)
    run("zhuqi import again (the same files)", ["import", str(folder), "--db", str(office), "--as", "王芳"], work)
    resent = work / "resent"
    shutil.rmtree(resent, ignore_errors=True)
    shutil.copytree(folder, resent)
    for book in resent.iterdir():
        with zipfile.ZipFile(book, "a") as z:  # other bytes, the same content: read and merged again
            z.comment = b"resent"
    run("zhuqi import again (same content, other bytes)", ["import", str(resent), "--db", str(office), "--as", "王芳"],
        work)
    shutil.rmtree(resent)
    run("zhuqi (start-up only: --version)", ["--version"], work)


if __name__ == "__main__":
    main()
