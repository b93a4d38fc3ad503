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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, text

ENTERPRISE_SUMS = "figure_sums_enterprise"
UNIT_SUMS = "figure_sums_unit"
PLACES = "figure_places"
STATE = "figure_sums_state"
TABLES = (ENTERPRISE_SUMS, UNIT_SUMS, PLACES, STATE)
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


def _when(cond: str) -> str:
    return f"CASE WHEN {cond} THEN 1 ELSE 0 END"


def _day(postgres: bool, d: date) -> str:
    return f"DATE '{d.isoformat()}'" if postgres else f"'{d.isoformat()}'"


def _expressions(spec: FigureSpec, r: str, postgres: bool) -> list[str]:
    """One problem's contribution to each column of COLUMNS; `r` names the row (new, old, a table alias)."""
    solved = f"{r}.status IN ({_values(spec.solved)})"
    out = [
        "1",
        _when(f"{r}.assigned_date IS NOT NULL"),
        _when(solved),
        _when(f"{r}.status = {_values([spec.closed])}"),
        _when(f"{r}.status = {_values([spec.deferred])}"),
        _when(f"{r}.status = {_values([spec.in_progress])}"),
        _when(f"{r}.status = {_values([spec.listed])}"),
        _when(f"{solved} AND {r}.original_deadline IS NOT NULL AND {r}.solved_date <= {r}.original_deadline"),
        _when(f"{solved} AND {r}.original_deadline IS NOT NULL"),
        _when(f"{r}.extended"),
        _when(f"{r}.evaluation IS NOT NULL"),
        _when(f"{r}.evaluation IN ({_values(spec.satisfied)})"),
        _when(f"{solved} AND {r}.evaluation IS NOT NULL"),
    ]
    outside = []
    for _stage, start, end, needs_solved in _STAGES:
        a, b = f"{r}.{start}", f"{r}.{end}"
        only = f"{solved} AND " if needs_solved else ""
        place = f"(SELECT place FROM {PLACES} WHERE day = {{}})"
        out.append(_when(f"{only}{a} IS NOT NULL AND {b} IS NOT NULL"))
        out.append(f"CASE WHEN {only}{b} > {a} THEN coalesce({place.format(b)} - {place.format(a)}, 0) ELSE 0 END")
        outside.append(_when(f"{only}{b} > {a} AND ({a} < {_day(postgres, FIRST_DAY)} "
                             f"OR {b} > {_day(postgres, LAST_DAY)})"))
    out.append(" + ".join(outside))
    return out


def _keys(r: str) -> tuple[list[str], list[str]]:
    """The keys of the two sums tables, as a row `r` gives them."""
    return [f"{r}.enterprise_id"], [f"coalesce({r}.lead_unit, '')", f"coalesce({r}.category, '')",
                                    f"coalesce({r}.source, '')"]


_ENTERPRISE_KEYS = ("enterprise_id",)
_UNIT_KEYS = ("lead_unit", "category", "source")


def _upserts(spec: FigureSpec, r: str, sign: str, postgres: bool) -> list[str]:
    """The statements that add (sign '') or take away (sign '-') row `r`'s figures."""
    values = [f"{sign}({e})" for e in _expressions(spec, r, postgres)]
    out = []
    for table, keys, key_values in ((ENTERPRISE_SUMS, _ENTERPRISE_KEYS, _keys(r)[0]),
                                    (UNIT_SUMS, _UNIT_KEYS, _keys(r)[1])):
        sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
        out.append(f"INSERT INTO {table} ({', '.join(keys)}, {', '.join(COLUMNS)}) "
                   f"VALUES ({', '.join(key_values)}, {', '.join(values)}) "
                   f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets};")
    return out


@lru_cache(maxsize=4)
def definition(spec: FigureSpec, postgres: bool) -> str:
    """A digest of the SQL the sums are kept by: a program that counts differently rebuilds them."""
    return hashlib.sha256("\n".join(_upserts(spec, "p", "", postgres)).encode()).hexdigest()[:16]


def _create_tables(conn: Connection) -> None:
    big = "BIGINT NOT NULL DEFAULT 0"
    columns = ", ".join(f"{c} {big}" for c in COLUMNS)
    for ddl in (
        f"CREATE TABLE IF NOT EXISTS {ENTERPRISE_SUMS} (enterprise_id VARCHAR(36) NOT NULL PRIMARY KEY, {columns})",
        f"CREATE TABLE IF NOT EXISTS {UNIT_SUMS} (lead_unit VARCHAR(200) NOT NULL, category VARCHAR(200) NOT NULL, "
        f"source VARCHAR(40) NOT NULL, {columns}, PRIMARY KEY (lead_unit, category, source))",
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
    columns = ", ".join(COLUMNS)
    nonzero = " OR ".join(f"{c} <> 0" for c in COLUMNS)  # a key whose problems all went: zeros, not a row
    found = 0
    for table, keys, fresh in _recounts(spec, conn.dialect.name == "postgresql"):
        kept = f"SELECT {', '.join(keys)}, {columns} FROM {table} WHERE {nonzero}"
        found += int(conn.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT * FROM ({fresh} EXCEPT {kept}) a "
            f"UNION ALL SELECT * FROM ({kept} EXCEPT {fresh}) b) d").scalar() or 0)
    return found


def drop(conn: Connection) -> None:
    """The triggers and tables (a downgrade below the migration that made the stamp's indexes)."""
    _drop_triggers(conn)
    for table in TABLES:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def _recounts(spec: FigureSpec, postgres: bool) -> list[tuple[str, tuple[str, ...], str]]:
    """Each sums table, its keys, and the SELECT that sums the live problems into its rows."""
    sums = ", ".join(f"sum({e})" for e in _expressions(spec, "p", postgres))
    out: list[tuple[str, tuple[str, ...], str]] = []
    for table, keys, key_values in ((ENTERPRISE_SUMS, _ENTERPRISE_KEYS, _keys("p")[0]),
                                    (UNIT_SUMS, _UNIT_KEYS, _keys("p")[1])):
        group = ", ".join(key_values)
        out.append((table, keys, f"SELECT {group}, {sums} FROM problems p WHERE p.deleted_at IS NULL GROUP BY {group}"))
    return out


def rebuild(conn: Connection, spec: FigureSpec, places: Iterable[tuple[date, int]], stamp: str) -> None:
    """Make the tables and triggers, write the places, and sum every live problem again, in the
    caller's write transaction; `stamp` is what `built_from` answers afterwards."""
    _create_tables(conn)
    _drop_triggers(conn)
    _create_triggers(conn, spec)
    postgres = conn.dialect.name == "postgresql"
    conn.exec_driver_sql(f"DELETE FROM {PLACES}")
    conn.execute(text(f"INSERT INTO {PLACES} (day, place) VALUES (:day, :place)"),
                 [{"day": d if postgres else d.isoformat(), "place": n} for d, n in places])
    for table, keys, recount in _recounts(spec, postgres):
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(keys)}, {', '.join(COLUMNS)}) {recount}")
    conn.exec_driver_sql(f"DELETE FROM {STATE}")
    conn.execute(text(f"INSERT INTO {STATE} (id, built_from) VALUES (1, :s)"), {"s": stamp})
