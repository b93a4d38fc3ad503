"""Benchmark at city scale: PostgreSQL and SQLite side by side.

    .venv/bin/python bench/bench_city.py [--enterprises 100000] [--problems 1000000] [--repeat 5]
                                         [--skip-merge] [--workbooks 500] [--keep DIR] [--check]
    .venv/bin/python bench/bench_city.py --reuse DIR [--repeat 5] [--then-without]

Fills a SQLite file and a database on a throw-away PostgreSQL cluster (tests/pgserver.py, stopped
at the end) with the same data, then times on each, median of `--repeat` runs after one warm-up:
the full statistics report (every grouping; all time and a half year), the problem ledger's first
page, filters (overdue in one region, a status in one region), text searches of the problems, and
(unless --skip-merge) `zhuqi import` of 500 cadres' workbooks (bench_merge's generator) into a
fresh database of each kind, as a real process. Prints both figures and the ratio PG/SQLite.
Targets (issue 26), on PostgreSQL at 1,000,000 problems: statistics ≤ 1 s, ledger first page ≤ 0.3 s.

The data: the demo generator (app.services.demo) makes a small county once; the bulk generator
then copies it block after block (every ID new, enterprise names and credit codes made unique
and valid, each problem with its whole timeline, extensions, 督办 and 回访) through SQLAlchemy
Core executemany, which writes a million problems in minutes where the ORM would take hours.
The secondary indexes (and PostgreSQL's foreign keys) are dropped for the load and made again
after it, SQLite writes without journal or fsync (a throw-away file), then ANALYZE on both.
`--check` runs `zhuqi check` on both databases afterwards (every rule of the work holds).

`--keep DIR` keeps the SQLite file (DIR/city.sqlite) and the PostgreSQL cluster (DIR/pg, shut down
cleanly at the end); `--reuse DIR` starts that cluster again and times both databases without
filling (e.g. after a change to the statistics), then stops it.

`--sqlite FILE --server URL` times two databases filled before (by a run stopped after its fill,
for one), migrated first; `--then-without` drops PostgreSQL's trigram and ledger indexes
afterwards and times again, to show what they give."""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import JSON, Connection, Table, func, insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.clock import FixedClock  # noqa: E402
from app.domain import ProblemStatus  # noqa: E402
from app.services import Services  # noqa: E402
from app.services.demo import generate  # noqa: E402
from app.services.problems import ProblemFilter  # noqa: E402
from app.services.stats import StatsQuery  # noqa: E402
from app.standards import credit_code as cc  # noqa: E402
from app.standards.text import name_key  # noqa: E402
from db import dialect  # noqa: E402
from db.database import Database, open_database  # noqa: E402
from db.exchange_models import table_of  # noqa: E402
from db.models import (  # noqa: E402
    Assignment,
    Cadre,
    CodeListEntry,
    DeadlineExtension,
    Enterprise,
    EnterpriseTag,
    Policy,
    PolicyClaim,
    PolicyExplanation,
    Problem,
    ProgressEntry,
    Project,
    ProjectEnterprise,
    ProjectInvestment,
    Revisit,
    Supervision,
    Visit,
    VisitCadre,
)
from tests import pgserver  # noqa: E402

DAY = date(2026, 6, 15)
#: The order rows are written in (each table's foreign keys point to tables before it).
#: The template's projects (地企合作) and policies are written once; their enterprises are the first
#: block's, and the problems a project raised keep naming it in every block.
ORDER = [Enterprise, EnterpriseTag, ProjectEnterprise, Cadre, Assignment, Visit, VisitCadre, Problem,
         DeadlineExtension, ProgressEntry, Supervision, Revisit, PolicyExplanation, PolicyClaim]
ONCE = [Policy, Project, ProjectInvestment]
FLUSH_ROWS = 100_000


# ---- the bulk generator --------------------------------------------------------------------------

class Template:
    """The demo county every block is copied from, read once with Core (plain dicts)."""

    def __init__(self, path: Path, scale: float) -> None:
        db = open_database(path)
        generate(db, scale=scale, seed=1, today=DAY)
        with db.engine.connect() as conn:
            self.rows = {m: [dict(r) for r in conn.execute(table_of(m).select()).mappings()]
                         for m in [*ORDER, *ONCE, CodeListEntry]}
        db.close()
        r = self.rows
        self.problems_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in r[Problem]:
            self.problems_of[p["enterprise_id"]].append(p)
        self.by_problem: dict[type[Any], dict[str, list[dict[str, Any]]]] = {}
        for m in (DeadlineExtension, ProgressEntry, Supervision, Revisit):
            grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in r[m]:
                grouped[row["problem_id"]].append(row)
            self.by_problem[m] = grouped
        self.by_enterprise: dict[type[Any], dict[str, list[dict[str, Any]]]] = {}
        for m in (EnterpriseTag, ProjectEnterprise, Assignment, Visit, PolicyExplanation, PolicyClaim):
            grouped = defaultdict(list)
            for row in r[m]:
                grouped[row["enterprise_id"]].append(row)
            self.by_enterprise[m] = grouped
        self.cadres_of_visit: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in r[VisitCadre]:
            self.cadres_of_visit[row["visit_id"]].append(row)


def _new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def blocks(t: Template, n_enterprises: int, n_problems: int, seed: int) -> Iterator[dict[type[Any], list[Any]]]:
    """The rows to write, a block (one copy of the template county, or part of one) at a time."""
    rng = random.Random(seed)
    ents = t.rows[Enterprise]
    n_blocks = math.ceil(n_enterprises / len(ents))
    serial = 0
    problems_left, enterprises_left = n_problems, n_enterprises
    for b in range(n_blocks):
        out: dict[type[Any], list[Any]] = defaultdict(list)
        take = ents[:min(len(ents), enterprises_left)]
        quota = round(problems_left * len(take) / enterprises_left)
        enterprises_left -= len(take)
        problems_left -= quota
        ids: dict[str, str] = defaultdict(lambda: _new_id(rng))
        for c in t.rows[Cadre]:
            out[Cadre].append(dict(c, id=ids[c["id"]]))
        for e in take:
            serial += 1
            name = f"{e['name']}（{b + 1}）" if b else e["name"]
            code = e["credit_code"]
            if code is not None:
                org = f"{serial:08d}"
                first17 = code[:8] + org + cc.org_code_check(org)
                code = first17 + cc.check_character(first17)
            out[Enterprise].append(dict(e, id=ids[e["id"]], name=name, name_key=name_key(name), credit_code=code))
            for m in (EnterpriseTag, Assignment, Visit):
                for row in t.by_enterprise[m].get(e["id"], ()):
                    copy = dict(row, enterprise_id=ids[e["id"]])
                    if "id" in row:
                        copy["id"] = ids[row["id"]]
                    if m is Assignment:
                        copy["cadre_id"] = ids[row["cadre_id"]]
                    out[m].append(copy)
                    if m is Visit:
                        out[VisitCadre].extend(dict(vc, visit_id=copy["id"], cadre_id=ids[vc["cadre_id"]])
                                               for vc in t.cadres_of_visit.get(row["id"], ()))
            if b == 0:
                out[ProjectEnterprise].extend(dict(row, enterprise_id=ids[e["id"]])
                                              for row in t.by_enterprise[ProjectEnterprise].get(e["id"], ()))
            for m in (PolicyExplanation, PolicyClaim):
                for row in t.by_enterprise[m].get(e["id"], ()):
                    copy = dict(row, id=ids[row["id"]], enterprise_id=ids[e["id"]])
                    if m is PolicyExplanation:
                        copy["visit_id"] = ids[row["visit_id"]]
                    out[m].append(copy)
        pool = [p for e in take for p in t.problems_of.get(e["id"], ())]
        for i in range(quota if pool else 0):
            p = pool[i % len(pool)]
            pid = _new_id(rng)
            visit = ids[p["visit_id"]] if p["visit_id"] is not None else None
            out[Problem].append(dict(p, id=pid, enterprise_id=ids[p["enterprise_id"]], visit_id=visit))
            for m in (DeadlineExtension, ProgressEntry, Supervision, Revisit):
                out[m].extend(dict(row, id=_new_id(rng), problem_id=pid) for row in t.by_problem[m].get(p["id"], ()))
        yield out


_STATEMENTS: dict[str, Any] = {}


def write_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Many rows into one table: COPY on PostgreSQL, the exchange's compiled executemany on SQLite
    (db.dialect.execute_many), each several times faster than SQLAlchemy's executemany."""
    if conn.dialect.name == "sqlite":
        stmt = _STATEMENTS.setdefault(table.name, insert(table))
        dialect.execute_many(Session(bind=conn), stmt, rows)
        return
    if not conn.in_transaction():
        conn.begin()  # so that the caller's conn.commit() commits the COPY
    names = list(rows[0])
    as_json = {n for n in names if isinstance(table.c[n].type, JSON)}
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row([json.dumps(r[n], ensure_ascii=False) if n in as_json else r[n] for n in names])


def write_blocks(targets: list[Connection], rows: Iterator[dict[type[Any], list[Any]]],
                 say: Callable[[str], None]) -> dict[str, int]:
    """Every block's rows into every target, in batches, committing as they go."""
    counts: dict[str, int] = defaultdict(int)
    pending: dict[type[Any], list[Any]] = defaultdict(list)

    def flush() -> None:
        for conn in targets:
            for m in ORDER:
                batch = pending.get(m)
                if batch:
                    write_rows(conn, table_of(m), batch)
            conn.commit()
        for m in ORDER:
            counts[table_of(m).name] += len(pending.get(m, ()))
        pending.clear()
        say(f"  … {counts['enterprises']:,} enterprises, {counts['problems']:,} problems written")

    for block in rows:
        for m, batch in block.items():
            pending[m].extend(batch)
        if sum(len(v) for v in pending.values()) >= FLUSH_ROWS:
            flush()
    flush()
    return dict(counts)


def defer_indexes(conn: Connection) -> list[str]:
    """Drop the secondary indexes (and on PostgreSQL the foreign keys) before the bulk load and
    return the statements that make them again: one sort per index at the end costs a fraction
    of keeping every B-tree and GIN index (and a trigger per foreign key) up to date row by row.
    Primary keys and unique constraints stay, so a duplicate still fails the fill at once."""
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                    "AND sql NOT LIKE 'CREATE UNIQUE%'").all()
        for name, _sql in rows:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        return [sql for _name, sql in rows]
    keys = conn.exec_driver_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace ORDER BY conname").all()
    indexes = conn.exec_driver_sql(
        "SELECT ci.relname, pg_get_indexdef(ix.indexrelid) FROM pg_index ix "
        "JOIN pg_class ci ON ci.oid = ix.indexrelid JOIN pg_namespace n ON n.oid = ci.relnamespace "
        "WHERE n.nspname = current_schema() AND NOT ix.indisunique "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid) ORDER BY ci.relname").all()
    for table_name, name, _definition in keys:
        conn.exec_driver_sql(f'ALTER TABLE {table_name} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return ([definition for _name, definition in indexes]
            + [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d in keys])


def finish(conn: Connection, statements: list[str], say: Callable[[str], None]) -> None:
    """After the load: the indexes and keys again, the text index, planner statistics."""
    name = "SQLite" if conn.dialect.name == "sqlite" else "PostgreSQL"
    t0 = time.perf_counter()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET maintenance_work_mem = '256MB'")  # sorts of the index builds in memory
    for statement in statements:
        conn.exec_driver_sql(statement)
    if conn.dialect.name == "sqlite":
        dialect.create_text_index(conn)
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA journal_mode=WAL")  # as the program keeps it
        driver.execute("PRAGMA foreign_keys=ON")
    else:
        conn.commit()
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    say(f"  {name}: {len(statements)} indexes and keys made again, text index, ANALYZE "
        f"({time.perf_counter() - t0:.0f} s)")


def fill(targets: list[Database], template: Template, n_enterprises: int, n_problems: int, seed: int,
         say: Callable[[str], None]) -> dict[str, int]:
    conns = [db.engine.connect() for db in targets]
    try:
        deferred = []
        for conn in conns:
            if conn.dialect.name == "sqlite":  # outside any transaction; a throw-away file, so no journal
                driver = conn.connection.driver_connection
                assert driver is not None
                driver.execute("PRAGMA foreign_keys=OFF")  # zhuqi check proves them afterwards
                driver.execute("PRAGMA journal_mode=OFF")
                driver.execute("PRAGMA synchronous=OFF")
                driver.execute("PRAGMA cache_size=-262144")
            known = {(r.kind, r.value) for r in conn.execute(select(CodeListEntry.kind, CodeListEntry.value))}
            extra = [{k: v for k, v in c.items() if k != "id"} for c in template.rows[CodeListEntry]
                     if (c["kind"], c["value"]) not in known]
            if extra:
                conn.execute(insert(table_of(CodeListEntry)), extra)
            for m in ONCE:
                if template.rows[m]:
                    conn.execute(insert(table_of(m)), template.rows[m])
            if conn.dialect.name == "sqlite":
                # The text index is filled once at the end (its triggers would cost per row).
                dialect.drop_text_index(conn)
            deferred.append(defer_indexes(conn))
            conn.commit()
        counts = write_blocks(conns, blocks(template, n_enterprises, n_problems, seed), say)
        # Both at once: each builds its indexes in its own engine, outside the GIL.
        threads = [threading.Thread(target=finish, args=(conn, statements, say))
                   for conn, statements in zip(conns, deferred, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return counts
    finally:
        for conn in conns:
            conn.close()


# ---- the timings -------------------------------------------------------------------------------

def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` runs after one warm-up run."""
    fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def cases(services: Services) -> list[tuple[str, Callable[[], object]]]:
    half_year = StatsQuery(date(2026, 1, 1), date(2026, 6, 30))
    p = services.problems
    return [
        ("stats report, all time, every grouping", lambda: services.stats.report()),
        ("stats report, half year, every grouping", lambda: services.stats.report(half_year)),
        ("stats report, one region", lambda: services.stats.report(StatsQuery(region="石桥镇"))),
        ("ledger first page (200 rows + count)", lambda: p.search(ProblemFilter(), limit=200)),
        ("filter: overdue in one region", lambda: p.search(ProblemFilter(overdue_only=True, region="石桥镇"))),
        ("filter: 办理中 in one region",
         lambda: p.search(ProblemFilter(statuses=(ProblemStatus.IN_PROGRESS,), region="城关镇"))),
        ("text search '续贷' (2 characters)", lambda: p.search(ProblemFilter(text="续贷"))),
        ("text search '无还本续贷' (5 characters)", lambda: p.search(ProblemFilter(text="无还本续贷"))),
        ("text search '恒达铝业' (an enterprise's name)", lambda: p.search(ProblemFilter(text="恒达铝业"))),
        ("text search '不存在的词语' (no match)", lambda: p.search(ProblemFilter(text="不存在的词语"))),
    ]


def check_same(a: Services, b: Services) -> None:
    """Both databases give the same figures (else the comparison means nothing)."""
    ra, rb = a.stats.report(), b.stats.report()
    if ra.totals != rb.totals:
        raise SystemExit(f"the databases differ: {ra.totals} / {rb.totals}")
    for f in (ProblemFilter(text="续贷"), ProblemFilter(text="恒达铝业"), ProblemFilter(overdue_only=True)):
        ta, tb = a.problems.search(f, limit=1).total, b.problems.search(f, limit=1).total
        if ta != tb:
            raise SystemExit(f"the databases differ on {f}: {ta} / {tb}")


def merge_timings(work: Path, cluster: pgserver.Cluster, admin_url: str, workbooks: int) -> list[tuple[str, float,
                                                                                                  float]]:
    from bench import bench_merge

    folder, county = work / "workbooks", work / "county.sqlite"
    t0 = time.perf_counter()
    bench_merge.build_county(county, 1)
    folder.mkdir()
    load = bench_merge.write_workbooks(county, folder, workbooks, 1)
    print(f"merge load: {load}, built in {time.perf_counter() - t0:.0f} s", flush=True)
    office = work / "office.sqlite"
    bench_merge.fresh_database(office, work)
    sqlite_t, _, _ = bench_merge.run(f"zhuqi import ({workbooks} workbooks) SQLite",
                                     ["import", str(folder), "--db", str(office), "--as", "王芳"], work)
    pgserver.admin(admin_url, "CREATE DATABASE office")
    url = cluster.url("office")
    open_database(url).close()
    pg_t, _, _ = bench_merge.run(f"zhuqi import ({workbooks} workbooks) PostgreSQL",
                                 ["import", str(folder), "--db", url, "--as", "王芳"], work)
    return [(f"zhuqi import of {workbooks} workbooks (process)", sqlite_t, pg_t)]


def prepare_existing(lite: Database, pg: Database) -> None:
    """Databases filled by an earlier run (stopped before its timings): the SQLite text index the
    fill left out, and fresh planner statistics on both."""
    with lite.engine.connect() as conn:
        if conn.exec_driver_sql(f"SELECT 1 FROM sqlite_master WHERE name = '{dialect.TEXT_INDEX}'").first() is None:
            print("  SQLite: filling the text index", flush=True)
            dialect.create_text_index(conn)
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    with pg.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")


def time_both(lite: Database, pg: Database, repeat: int, *, stats: bool = True) -> None:
    with lite.engine.connect() as conn:
        n_problems = conn.execute(select(func.count()).select_from(Problem)).scalar() or 0
        n_enterprises = conn.execute(select(func.count()).select_from(Enterprise)).scalar() or 0
    a, b = Services(lite, FixedClock(DAY)), Services(pg, FixedClock(DAY))
    check_same(a, b)
    print(f"\nmedian of {repeat} runs after a warm-up; {n_problems:,} problems, {n_enterprises:,} enterprises",
          flush=True)
    print(f"{'':<48} {'SQLite':>10} {'PostgreSQL':>11} {'PG/SQLite':>10}")
    for (label, fa), (_l, fb) in zip(cases(a), cases(b), strict=True):
        if not stats and label.startswith("stats"):
            continue
        ta, tb = timed(fa, repeat), timed(fb, repeat)
        print(f"{label:<48} {ta * 1000:8.0f} ms {tb * 1000:8.0f} ms {tb / ta:9.2f}×", flush=True)


def time_existing(sqlite: Path, server: str, repeat: int, then_without: bool) -> None:
    t0 = time.perf_counter()
    lite, pg = open_database(sqlite), open_database(server)
    print(f"opened and migrated in {time.perf_counter() - t0:.0f} s", flush=True)
    prepare_existing(lite, pg)
    time_both(lite, pg, repeat)
    if then_without:
        with pg.engine.begin() as conn:
            dialect.drop_trigram_indexes(conn)
            dialect.drop_ledger_indexes(conn)
        dialect.forget_text_indexes()
        try:
            print("\nwithout PostgreSQL's trigram and ledger indexes (migrations 26b, 26c; the statistics use "
                  "neither):", flush=True)
            time_both(lite, pg, repeat, stats=False)
        finally:  # the database as the migrations leave it, for the next run
            with pg.engine.begin() as conn:
                dialect.create_trigram_indexes(conn)
                dialect.create_ledger_indexes(conn)
            dialect.forget_text_indexes()
    lite.close()
    pg.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--problems", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--template-scale", type=float, default=5,
                    help="demo scale of the county copied (5: 1,000 enterprises)")
    ap.add_argument("--skip-merge", action="store_true", help="leave out the merge of the workbooks")
    ap.add_argument("--workbooks", type=int, default=500)
    ap.add_argument("--check", action="store_true", help="run `zhuqi check` on both databases after filling")
    ap.add_argument("--keep", type=Path, help="keep the SQLite file, the PostgreSQL cluster (DIR/pg, stopped at "
                    "the end) and the workbooks in this folder")
    ap.add_argument("--reuse", type=Path, help="time the databases a run with --keep DIR filled, again")
    ap.add_argument("--sqlite", type=Path, help="time this SQLite file, filled before (with --server)")
    ap.add_argument("--server", help="time this PostgreSQL database (a URL), filled before (with --sqlite)")
    ap.add_argument("--then-without", action="store_true",
                    help="with --sqlite/--server: then drop PostgreSQL's trigram and ledger indexes and time again")
    args = ap.parse_args()
    if args.reuse:
        cluster = pgserver.Cluster(args.reuse / "pg")
        try:
            cluster.start()
            print(f"{cluster.version()}; SQLite {__import__('sqlite3').sqlite_version}; reusing {args.reuse}",
                  flush=True)
            time_existing(args.reuse / "city.sqlite", cluster.url("city"), args.repeat, args.then_without)
        finally:
            cluster.stop()
        return
    if args.sqlite and args.server:
        time_existing(args.sqlite, args.server, args.repeat, args.then_without)
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-city-"))
    work.mkdir(parents=True, exist_ok=True)
    cluster = pgserver.Cluster(work / "pg" if args.keep else None)
    try:
        admin_url = cluster.start()
        print(f"{cluster.version()}; SQLite {__import__('sqlite3').sqlite_version}; work in {work}", flush=True)
        pgserver.admin(admin_url, "CREATE DATABASE city")
        lite, pg = open_database(work / "city.sqlite"), open_database(cluster.url("city"))
        t0 = time.perf_counter()
        template = Template(work / "template.sqlite", args.template_scale)
        print(f"template: {len(template.rows[Enterprise])} enterprises, {len(template.rows[Problem])} problems "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
        t0 = time.perf_counter()
        counts = fill([lite, pg], template, args.enterprises, args.problems, 2,
                      lambda msg: print(msg, flush=True))
        print(f"filled both in {time.perf_counter() - t0:.0f} s: "
              + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)
        assert lite.path is not None
        size = sum(f.stat().st_size for f in lite.path.parent.glob(lite.path.name + "*")) / 1e6
        with pg.engine.connect() as conn:
            pg_size = (conn.execute(select(func.pg_database_size("city"))).scalar() or 0) / 1e6
        print(f"SQLite file {size:,.0f} MB; PostgreSQL database {pg_size:,.0f} MB", flush=True)
        if args.check:
            from app.services.integrity import check_database

            for db in (lite, pg):
                report = check_database(str(db.path) if db.path else db.engine.url.render_as_string(False))
                errors = [f for f in report.findings if f.severity == "错误"]
                print(f"zhuqi check {db.url}: {'ok' if report.ok else 'FAILED'}, {len(errors)} errors, "
                      f"{len(report.findings) - len(errors)} warnings", flush=True)
                for f in report.findings[:5]:
                    print(f"   {f.severity} {f.message}")
        time_both(lite, pg, args.repeat)
        lite.close()
        pg.close()
        if not args.skip_merge:
            for label, ta, tb in merge_timings(work, cluster, admin_url, args.workbooks):
                print(f"{label:<48} {ta:9.1f} s {tb:9.1f} s {tb / ta:9.2f}×", flush=True)
    finally:
        cluster.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
