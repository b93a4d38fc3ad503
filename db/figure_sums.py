"""The statistics' running sums: every live problem's figures added up per enterprise and per
(责任单位, category, source), kept current by triggers on the problems table, whoever writes
(a form, a workflow step, an import, an undo, a copy).

The full statistics report read every live problem in a dozen passes (~400 ms for 100,000 problems
on SQLite, ~5 s for 1,000,000 on PostgreSQL); the all-time report now reads these sums instead, and
only what depends on the day of the report (overdue now) from the problems themselves.

What a figure means belongs to the application (which statuses count as solved, which evaluations
as satisfied): it hands a `FigureSpec`, and the SQL here is generated from it. The working days of
each stage come from `figure_places` (a working-day number per date, written from the application's
calendar). The state row records what the sums were built from (the spec and the calendar); when
either changes the application rebuilds them in one transaction (see `rebuild`). The tables and
triggers are made here, not by the models: they are derived data, like the text index."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, text

#: Per enterprise for all time (what the all-time report reads, one row an enterprise) and by year.
ENTERPRISE_SUMS = "figure_all_sums_enterprise"
ENTERPRISE_YEAR_SUMS = "figure_year_sums_enterprise"
#: Per (责任单位, category, source) by year: a few hundred rows, summed over the years when read.
UNIT_SUMS = "figure_year_sums_unit"
PLACES = "figure_places"
STATE = "figure_sums_state"
#: The sums of earlier programs, kept per key for all time (dropped at a rebuild; never copied).
_EARLIER = ("figure_sums_enterprise", "figure_sums_unit")
TABLES = (ENTERPRISE_SUMS, ENTERPRISE_YEAR_SUMS, UNIT_SUMS, PLACES, STATE, *_EARLIER)
#: The year rows are of the problems received in one year and solved in one year (0: not solved):
#: a period's figures are the rows of the years it touches, corrected by the problems of its edge
#: years outside it (db.figure_periods).
YEAR_KEYS = ("received_year", "solved_year")
_TRIGGERS = ("figure_sums_insert", "figure_sums_delete", "figure_sums_update_old", "figure_sums_update_new")
_FUNCTION = "figure_sums_apply"
#: The dates the places cover; a stage with a date outside is counted in `outside` (see StatsService).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
#: The problem columns the sums depend on: an update of any other column leaves them alone.
WATCHED = ("enterprise_id", "deleted_at", "status", "received_date", "assigned_date", "feedback_date",
           "solved_date", "evaluated_date", "original_deadline", "extended", "evaluation", "lead_unit",
           "category", "source")


@dataclass(frozen=True)
class FigureSpec:
    """What the figures count, in the values the problems table stores."""

    solved: tuple[str, ...]
    closed: str
    deferred: str
    in_progress: str
    listed: str
    satisfied: tuple[str, ...]


#: The summed columns in the order `figures` returns them: the figures of a problem that do not
#: depend on the day or the period, then per stage (交办, 反馈, 办结, 回访) the problems that finished
#: it and their working days, then the stages with a date outside the places.
FIGURE_COLUMNS = ("n", "assigned", "solved", "closed", "deferred", "in_progress", "listed", "on_time",
                  "deadline_solved", "extended", "evaluated", "satisfied", "solved_evaluated")
STAGE_COLUMNS = ("handover_n", "handover_days", "feedback_n", "feedback_days", "solve_n", "solve_days",
                 "revisit_n", "revisit_days", "outside")
COLUMNS = FIGURE_COLUMNS + STAGE_COLUMNS
#: (stage, start, end, counted only when solved)
_STAGES = (("handover", "received_date", "assigned_date", False),
           ("feedback", "assigned_date", "feedback_date", False),
           ("solve", "assigned_date", "solved_date", True),
           ("revisit", "solved_date", "evaluated_date", True))


def _values(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def when(cond: str) -> str:
    """1 where `cond` holds, else 0: a count as a sum."""
    return f"CASE WHEN {cond} THEN 1 ELSE 0 END"


def _day(postgres: bool, d: date) -> str:
    return f"DATE '{d.isoformat()}'" if postgres else f"'{d.isoformat()}'"


def _looked_up(r: str, column: str) -> str:
    return f"(SELECT place FROM {PLACES} WHERE day = {r}.{column})"


def _joined(_r: str, column: str) -> str:
    return f"pl_{column}.place"


#: The dates a stage starts or ends on (figures_of joins their places).
_STAGE_DATES = ("received_date", "assigned_date", "feedback_date", "solved_date", "evaluated_date")


def _expressions(spec: FigureSpec, r: str, postgres: bool,
                 place: Callable[[str, str], str] = _looked_up) -> list[str]:
    """One problem's contribution to each column of COLUMNS; `r` names the row (new, old, a table
    alias); `place` gives a date column's working-day number (looked up, or of a joined table)."""
    solved = f"{r}.status IN ({_values(spec.solved)})"
    out = [
        "1",
        when(f"{r}.assigned_date IS NOT NULL"),
        when(solved),
        when(f"{r}.status = {_values([spec.closed])}"),
        when(f"{r}.status = {_values([spec.deferred])}"),
        when(f"{r}.status = {_values([spec.in_progress])}"),
        when(f"{r}.status = {_values([spec.listed])}"),
        when(f"{solved} AND {r}.original_deadline IS NOT NULL AND {r}.solved_date <= {r}.original_deadline"),
        when(f"{solved} AND {r}.original_deadline IS NOT NULL"),
        when(f"{r}.extended"),
        when(f"{r}.evaluation IS NOT NULL"),
        when(f"{r}.evaluation IN ({_values(spec.satisfied)})"),
        when(f"{solved} AND {r}.evaluation IS NOT NULL"),
    ]
    outside = []
    for _stage, start, end, needs_solved in _STAGES:
        a, b = f"{r}.{start}", f"{r}.{end}"
        only = f"{solved} AND " if needs_solved else ""
        out.append(when(f"{only}{a} IS NOT NULL AND {b} IS NOT NULL"))
        out.append(f"CASE WHEN {only}{b} > {a} THEN coalesce({place(r, end)} - {place(r, start)}, 0) ELSE 0 END")
        outside.append(when(f"{only}{b} > {a} AND ({a} < {_day(postgres, FIRST_DAY)} "
                             f"OR {b} > {_day(postgres, LAST_DAY)})"))
    out.append(" + ".join(outside))
    return out


def _year(postgres: bool, column: str) -> str:
    if postgres:
        return f"coalesce(CAST(EXTRACT(YEAR FROM {column}) AS INTEGER), 0)"
    # SQLite keeps a date as ISO text.
    return f"coalesce(CAST(substr({column}, 1, 4) AS INTEGER), 0)"


def _key_value(key: str, r: str, postgres: bool) -> str:
    """A key column of a sums table as a problem row `r` gives it."""
    if key == "enterprise_id":
        return f"{r}.enterprise_id"
    if key in YEAR_KEYS:
        return _year(postgres, f"{r}.{key.removesuffix('_year')}_date")
    return f"coalesce({r}.{key}, '')"


@dataclass(frozen=True)
class _Table:
    name: str
    keys: tuple[str, ...]
    #: The enterprises' tables keep no stage days: only the groups' are read for them.
    columns: tuple[str, ...]


_SUMS = (_Table(ENTERPRISE_SUMS, ("enterprise_id",), FIGURE_COLUMNS),
         _Table(ENTERPRISE_YEAR_SUMS, ("enterprise_id", *YEAR_KEYS), FIGURE_COLUMNS),
         _Table(UNIT_SUMS, ("lead_unit", "category", "source", *YEAR_KEYS), COLUMNS))


def _upserts(spec: FigureSpec, r: str, sign: str, postgres: bool) -> list[str]:
    """The statements that add (sign '') or take away (sign '-') row `r`'s figures."""
    values = [f"{sign}({e})" for e in _expressions(spec, r, postgres)]
    out = []
    for t in _SUMS:
        sets = ", ".join(f"{c} = {t.name}.{c} + excluded.{c}" for c in t.columns)
        out.append(f"INSERT INTO {t.name} ({', '.join(t.keys)}, {', '.join(t.columns)}) "
                   f"VALUES ({', '.join(_key_value(k, r, postgres) for k in t.keys)}, "
                   f"{', '.join(values[:len(t.columns)])}) "
                   f"ON CONFLICT ({', '.join(t.keys)}) DO UPDATE SET {sets};")
    return out


@lru_cache(maxsize=4)
def definition(spec: FigureSpec, postgres: bool) -> str:
    """A digest of the SQL the sums are kept by: a program that counts differently rebuilds them."""
    return hashlib.sha256("\n".join(_upserts(spec, "p", "", postgres)).encode()).hexdigest()[:16]


def _create_tables(conn: Connection) -> None:
    types = {"enterprise_id": "VARCHAR(36)", "lead_unit": "VARCHAR(200)", "category": "VARCHAR(200)",
             "source": "VARCHAR(40)", "received_year": "INTEGER", "solved_year": "INTEGER"}
    for t in _SUMS:
        keys = ", ".join(f"{k} {types[k]} NOT NULL" for k in t.keys)
        columns = ", ".join(f"{c} BIGINT NOT NULL DEFAULT 0" for c in t.columns)
        conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {t.name} ({keys}, {columns}, "
                             f"PRIMARY KEY ({', '.join(t.keys)}))")
    for ddl in (
        f"CREATE TABLE IF NOT EXISTS {PLACES} (day DATE NOT NULL PRIMARY KEY, place INTEGER NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {STATE} (id INTEGER NOT NULL PRIMARY KEY, built_from VARCHAR(200) NOT NULL)",
    ):
        conn.exec_driver_sql(ddl)


def _drop_triggers(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_TRIGGERS[0]} ON problems")
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {_FUNCTION}() CASCADE")
    else:
        for name in _TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def _create_triggers(conn: Connection, spec: FigureSpec) -> None:
    watched = ", ".join(WATCHED)
    if conn.dialect.name == "postgresql":
        take = "\n".join(_upserts(spec, "OLD", "-", True))
        add = "\n".join(_upserts(spec, "NEW", "", True))
        conn.exec_driver_sql(f"""
CREATE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
    {take}
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.deleted_at IS NULL THEN
    {add}
  END IF;
  RETURN NULL;
END $$""")
        conn.exec_driver_sql(f"CREATE TRIGGER {_TRIGGERS[0]} AFTER INSERT OR DELETE OR UPDATE OF {watched} "
                             f"ON problems FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()")
        return
    take = " ".join(_upserts(spec, "old", "-", False))
    add = " ".join(_upserts(spec, "new", "", False))
    for ddl in (
        f"CREATE TRIGGER {_TRIGGERS[0]} AFTER INSERT ON problems WHEN new.deleted_at IS NULL BEGIN {add} END",
        f"CREATE TRIGGER {_TRIGGERS[1]} AFTER DELETE ON problems WHEN old.deleted_at IS NULL BEGIN {take} END",
        f"CREATE TRIGGER {_TRIGGERS[2]} AFTER UPDATE OF {watched} ON problems WHEN old.deleted_at IS NULL "
        f"BEGIN {take} END",
        f"CREATE TRIGGER {_TRIGGERS[3]} AFTER UPDATE OF {watched} ON problems WHEN new.deleted_at IS NULL "
        f"BEGIN {add} END",
    ):
        conn.exec_driver_sql(ddl)


def built_from(conn: Connection) -> str | None:
    """What the sums were last built from (None: never built here, or the tables are missing)."""
    if conn.dialect.name == "postgresql":
        exists = conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": STATE}).scalar()
    else:
        exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t"),
                              {"t": STATE}).first() is not None
    if not exists or not _triggers_in_place(conn):
        return None
    value = conn.execute(text(f"SELECT built_from FROM {STATE} WHERE id = 1")).scalar()
    return None if value is None else str(value)


def _triggers_in_place(conn: Connection) -> bool:
    """A table rebuilt by a later migration (SQLite's batch mode copies a table and drops the old one)
    loses its triggers: sums no trigger keeps any more are stale, whatever the state row says."""
    if conn.dialect.name == "postgresql":
        return bool(conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = :n AND NOT tgisinternal"),
                                 {"n": _TRIGGERS[0]}).scalar())
    found = conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                              "(:a, :b, :c, :d)"), dict(zip("abcd", _TRIGGERS, strict=True))).scalar()
    return found == len(_TRIGGERS)


def differences(conn: Connection, spec: FigureSpec) -> int:
    """Rows of the kept sums that counting the problems again would not give (0: they agree)."""
    found = 0
    for t, fresh in _recounts(spec, conn.dialect.name == "postgresql"):
        nonzero = " OR ".join(f"{c} <> 0" for c in t.columns)  # a key whose problems all went: zeros, not a row
        kept = f"SELECT {', '.join(t.keys)}, {', '.join(t.columns)} FROM {t.name} WHERE {nonzero}"
        found += int(conn.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT * FROM ({fresh} EXCEPT {kept}) a "
            f"UNION ALL SELECT * FROM ({kept} EXCEPT {fresh}) b) d").scalar() or 0)
    return found


def drop(conn: Connection) -> None:
    """The triggers and tables (a downgrade below the migration that made the stamp's indexes)."""
    _drop_triggers(conn)
    for table in TABLES:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def _recounts(spec: FigureSpec, postgres: bool) -> list[tuple[_Table, str]]:
    """Each sums table and the SELECT that sums the live problems into its rows."""
    figures = _expressions(spec, "p", postgres)
    out: list[tuple[_Table, str]] = []
    for t in _SUMS:
        group = ", ".join(_key_value(k, "p", postgres) for k in t.keys)
        sums = ", ".join(f"sum({e})" for e in figures[:len(t.columns)])
        out.append((t, f"SELECT {group}, {sums} FROM problems p WHERE p.deleted_at IS NULL GROUP BY {group}"))
    return out


def rebuild(conn: Connection, spec: FigureSpec, places: Iterable[tuple[date, int]], stamp: str) -> None:
    """Make the tables and triggers, write the places, and sum every live problem again, in the
    caller's write transaction; `stamp` is what `built_from` answers afterwards."""
    for table in _EARLIER:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    _create_tables(conn)
    _drop_triggers(conn)
    _create_triggers(conn, spec)
    postgres = conn.dialect.name == "postgresql"
    conn.exec_driver_sql(f"DELETE FROM {PLACES}")
    conn.execute(text(f"INSERT INTO {PLACES} (day, place) VALUES (:day, :place)"),
                 [{"day": d if postgres else d.isoformat(), "place": n} for d, n in places])
    for t, recount in _recounts(spec, postgres):
        conn.exec_driver_sql(f"DELETE FROM {t.name}")
        conn.exec_driver_sql(f"INSERT INTO {t.name} ({', '.join(t.keys)}, {', '.join(t.columns)}) {recount}")
    conn.exec_driver_sql(f"DELETE FROM {STATE}")
    conn.execute(text(f"INSERT INTO {STATE} (id, built_from) VALUES (1, :s)"), {"s": stamp})


def figures_of(conn: Connection, spec: FigureSpec, where: str, params: dict[str, Any], *,
               weight: str = "1", extra: Sequence[str] = (), count_only: bool = False) -> list[tuple[Any, ...]]:
    """The live problems `where` selects (SQL over alias `p`), summed as the running sums sum them
    (or only counted), each times its `weight`, by (enterprise_id, lead_unit, category, source):
    the problems at a period's edges (see db.figure_periods); then the weighted sum of each `extra`."""
    postgres = conn.dialect.name == "postgresql"
    figures = ["1"] if count_only else _expressions(spec, "p", postgres, _joined)
    sums = ", ".join(f"sum({e})" for e in [*figures, *extra])
    keys = "p.enterprise_id, coalesce(p.lead_unit, ''), coalesce(p.category, ''), coalesce(p.source, '')"
    joins = "" if count_only else " ".join(f"LEFT JOIN {PLACES} pl_{c} ON pl_{c}.day = p.{c}" for c in _STAGE_DATES)
    # The weight is grouped by, so it is worked out once a problem rather than once a figure.
    sql = (f"SELECT {keys}, {weight}, {sums} FROM problems p {joins} WHERE p.deleted_at IS NULL AND ({where}) "
           f"GROUP BY {keys}, {weight}")
    out: dict[tuple[Any, ...], list[Any]] = {}
    for row in conn.execute(text(sql), bound_days(conn, named(sql, params))):
        w = row[4]
        if not w:
            continue
        into = out.setdefault(tuple(row[:4]), [0] * (len(row) - 5))
        for i, v in enumerate(row[5:]):
            into[i] += w * int(v or 0)
    return [(*k, *v) for k, v in out.items()]


def named(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """Those of `params` that `sql` names (a text() statement refuses a parameter it has not)."""
    return {k: v for k, v in params.items() if re.search(f":{k}\\b", sql)}


def bound_days(conn: Connection, params: dict[str, Any]) -> dict[str, Any]:
    """Parameters of a text() statement with the dates as the database compares them (SQLite: ISO text)."""
    if conn.dialect.name == "postgresql":
        return params
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}
