"""The one place for SQL that differs between databases. Everything else in the
code is portable SQLAlchemy; SQLite-only details live here and in engine.py.

On PostgreSQL (the office server) writers are ordered as SQLite orders them: every unit of
work that may write takes a transaction-level advisory lock when it begins (SQLite's BEGIN
IMMEDIATE), so a read-check-write in a service (the revision check of a save, a workflow
step's preconditions) is never interleaved with another desk's; reads never wait. The long
writers (imports, undos) take a session-level advisory lock, as db.locks does beside a file."""

from __future__ import annotations

import operator
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    Float,
    Insert,
    Table,
    any_,
    column,
    event,
    false,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement, FromClause, FunctionElement
from sqlalchemy.sql.visitors import InternalTraversal

from db import figure_sums
from db.types import UTCDateTime


class days_between(FunctionElement[float]):
    """Days from the first date to the second (both DATE columns)."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"


def days(start: ColumnElement[Any], end: ColumnElement[Any]) -> days_between:
    return days_between(start, end)


def upsert(dialect_name: str, table: Table, keys: Sequence[str], update: Sequence[str] | None = None) -> Insert:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET the `update` columns (all others by default);
    with `update=()` DO NOTHING. Execute it with a list of rows: one statement per batch."""
    # Only the dialect in use: importing sqlalchemy.dialects.postgresql loads every PostgreSQL
    # driver's module (asyncpg, pg8000 …), 0.05 s at each start of a command on SQLite.
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        pg = pg_insert(table)
        return _on_conflict(pg, pg.excluded, table, keys, update)  # type: ignore[no-any-return]
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    lite = sqlite_insert(table)
    return _on_conflict(lite, lite.excluded, table, keys, update)  # type: ignore[no-any-return]


def _on_conflict(stmt: Any, excluded: Any, table: Table, keys: Sequence[str], update: Sequence[str] | None) -> Any:
    columns = [c.name for c in table.columns if c.name not in keys] if update is None else list(update)
    if not columns:
        return stmt.on_conflict_do_nothing(index_elements=list(keys))
    return stmt.on_conflict_do_update(index_elements=list(keys), set_={c: getattr(excluded, c) for c in columns})

_COMPILED: dict[tuple[int, str, tuple[str, ...]],
                tuple[Insert, str, list[tuple[str, Any]], dict[str, Any]]] = {}


def execute_many(session: Session, stmt: Insert, rows: list[dict[str, Any]]) -> None:
    """Run one INSERT/UPSERT for many rows. On SQLite the statement is compiled once and the
    rows go straight to the driver's executemany: SQLAlchemy's per-row parameter handling
    costs more than SQLite itself for the exchange's tens of thousands of small rows.
    Reuse the same statement object across calls to reuse its compiled form."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        session.execute(stmt, rows)
        return
    columns = tuple(rows[0])
    key = (id(stmt), conn.dialect.name, columns)
    cached = _COMPILED.get(key)
    if cached is None or cached[0] is not stmt:
        compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
        names = list(compiled.positiontup or ())
        # The dialect's own processors (as the ORM path uses): the generic ones leave dates and times
        # to the driver, which wrote '… 19:04:05' where SQLAlchemy writes '… 19:04:05.000000'.
        types = [compiled.binds[n].type for n in names]
        pairs = [(n, _faster(t, t.dialect_impl(conn.dialect).bind_processor(conn.dialect)))
                 for n, t in zip(names, types, strict=True)]
        cached = _COMPILED[key] = (stmt, compiled.string, pairs, {n: stmt.table.c.get(n) for n in names})
    _stmt, sql, pairs, table_columns = cached
    names = [n for n, _p in pairs]
    convert = [(i, p) for i, (_n, p) in enumerate(pairs) if p is not None]
    pick = operator.itemgetter(*names)
    try:
        picked = [pick(r) for r in rows] if len(names) > 1 else [(pick(r),) for r in rows]
    except KeyError:  # rows without some columns: those get the column's default (or NULL)
        picked = [tuple(r[n] if n in r else column_default(table_columns[n]) for n in names) for r in rows]
    if convert:
        params: list[Any] = []
        for values in picked:
            row = list(values)
            for i, p in convert:
                row[i] = p(row[i])
            params.append(tuple(row))
    else:
        params = picked
    conn.exec_driver_sql(sql, params)


def insert_many(session: Session, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]],
                constant: dict[str, Any]) -> None:
    """INSERT many rows that differ only in `columns` (each row a tuple of them, values the driver takes
    as they are: text, numbers) and share the `constant` values. On SQLite the constants are converted
    once and the tuples go to the driver as they are: no dict, no lookup and no conversion per row
    (an import's audit-trail rows for the records it created, a hundred thousand of them)."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        session.execute(insert(table), [{**dict(zip(columns, row, strict=True)), **constant} for row in rows])
        return
    names = (*columns, *constant)
    key = (table.name, names)
    sql = _INSERT_SQL.get(key)
    if sql is None:
        quote = conn.dialect.identifier_preparer.quote
        sql = _INSERT_SQL[key] = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
                                  f"VALUES ({', '.join('?' for _n in names)})")
    # The constants as the column types store them (a UTC time as text, JSON as text, a bool as 0/1).
    tail = []
    for name, value in constant.items():
        process = table.c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        tail.append(process(value) if process is not None else value)
    fixed = tuple(tail)
    params = [row + fixed for row in rows]
    conn.exec_driver_sql(sql, params)


_INSERT_SQL: dict[tuple[str, tuple[str, ...]], str] = {}


def column_default(column: Any, *, generated: bool = True) -> Any:
    """The value the ORM would insert for a column a row leaves out: its Python-side default
    (a new one each time for a callable, such as dict or a new ID; with generated=False, None
    for those), or None."""
    default: Any = column.default if column is not None else None
    if default is not None and default.is_scalar:
        return default.arg
    if default is not None and default.is_callable and generated:
        return default.arg(None)
    return None


#: UTC times already formatted. A merge writes the same few again and again (the file's merge time
#: on every row it writes, a cadre's save times on several records): 0.15 µs to look one up against
#: 3–4 µs to format it. Equal instants in any zone are equal keys and give the same UTC text.
_UTC_TEXTS: dict[datetime, str] = {}


def _utc_text(value: datetime) -> str:
    if value.tzinfo is not UTC:  # e.g. a time read from a workbook (北京时间)
        value = value.astimezone(UTC)
    # Cut off the "+00:00": half the cost of replace(tzinfo=None) first.
    return value.isoformat(" ", "microseconds")[:26]


def _faster(type_: Any, slow: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """SQLite's processors for dates and UTC times, with the usual value handled directly: the
    same text (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS.ffffff in UTC) for a fraction of the cost per
    value, so that storing it as the ORM does costs the merge no more than handing the value to
    the driver did. Other values take SQLAlchemy's path."""
    if slow is None:
        return None
    if isinstance(type_, UTCDateTime):
        def utc_text(value: Any) -> Any:
            text = _UTC_TEXTS.get(value) if type(value) is datetime else None
            if text is not None:
                return text
            if type(value) is datetime and value.tzinfo is not None:
                if len(_UTC_TEXTS) >= 10_000:
                    _UTC_TEXTS.clear()
                text = _UTC_TEXTS[value] = _utc_text(value)
                return text
            return None if value is None else slow(value)
        return utc_text
    if isinstance(type_, Date):
        return lambda value: value.isoformat() if type(value) is date else None if value is None else slow(value)
    return slow


@contextmanager
def batched_commits(conn: Connection) -> Iterator[None]:
    """Many small commits in a row on one held connection (one per imported file), without
    an fsync each.

    SQLite in WAL mode with synchronous=NORMAL keeps every commit atomic — a kill
    or a power cut leaves the database as before some commit, never half-way —
    but the last commits may not survive a power cut. The batch is idempotent,
    so that is safe to redo; the first commit after the batch (synchronous=FULL
    again) makes all of it durable, since it syncs the whole write-ahead log."""
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA synchronous=NORMAL")
    # Random UUID keys touch index pages all over the file: keep them in memory while merging.
    cache = driver.execute("PRAGMA cache_size").fetchone()[0]
    driver.execute("PRAGMA cache_size=-131072")
    try:
        yield
    finally:
        # An interrupt inside the driver (a second Ctrl+C) makes SQLAlchemy close the connection:
        # nothing to set back then, and an error here would hide the interrupt.
        if not conn.invalidated:
            driver.execute("PRAGMA synchronous=FULL")
            driver.execute(f"PRAGMA cache_size={int(cache)}")


class ChangeWatch:
    """Whether another connection committed to the database since the last look
    (SQLite's data_version); other databases always say yes, so callers re-read."""

    def __init__(self, conn: Connection) -> None:
        self._driver = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        self._seen = self._version()

    def _version(self) -> int | None:
        if self._driver is None:
            return None
        return int(self._driver.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> bool:
        now = self._version()
        changed = now is None or now != self._seen
        self._seen = now
        return changed


#: Advisory lock keys on a server database (any two distinct 64-bit numbers of our own).
WRITE_LOCK_KEY = 0x7A68_7571_6901  # "zhuqi" 1: one write transaction at a time
LONG_WRITER_KEY = 0x7A68_7571_6902  # "zhuqi" 2: one import/undo job at a time


def install_server_write_lock(engine: Engine, write_option: str) -> None:
    """On a server, a transaction on a connection with `write_option` set waits for the
    database's write lock first (released by its COMMIT or ROLLBACK, or a dropped connection)."""

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(write_option, False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


class ServerJobLock:
    """The long writers' lock on a server database: held by one connection for the whole job
    (released with it, also when the process dies); a second job waits its turn."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextmanager
    def held(self, waiting: Callable[[], None] | None = None, poll: float = 0.2) -> Iterator[None]:
        with self._engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            told = False
            while not conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({LONG_WRITER_KEY})").scalar():
                if waiting is not None and not told:
                    waiting()
                    told = True
                time.sleep(poll)
            try:
                yield
            finally:
                if not conn.invalidated:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({LONG_WRITER_KEY})")


def after_explicit_keys(conn: Connection, table: Table) -> None:
    """After rows were inserted with their integer keys given (a copied database): a server's
    sequence continues after the largest, so that the next row the program adds gets a new key.
    SQLite takes max(key) + 1 by itself."""
    if conn.dialect.name != "postgresql":
        return
    for key in table.primary_key.columns:
        if key.autoincrement is True:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key.name}'), "
                f"COALESCE((SELECT MAX({key.name}) FROM {table.name}), 0) + 1, false)")


# ---- text search: a trigram index of the problems' text (SQLite) -------------------------------
#
# FTS5's trigram tokenizer indexes every three characters of the problems' text, so a search for
# three characters or more is an index lookup instead of a LIKE over 100,000 wide rows. Each value
# is indexed with two U+001F characters after it, so every character of the text starts a trigram:
# a search of two characters (or one) takes the index's terms that begin with it (read from an
# fts5vocab table by range) and matches any of them. The index is a candidate set only: the
# callers keep their LIKE conditions on the real columns, so the results are the plain path's
# exactly (SQLite's LIKE folds ASCII case only; the index folds more, and finds more candidates).
# Triggers keep it current on every write, whoever writes; other databases use LIKE alone.

TEXT_INDEX = "problem_text"
TEXT_TERMS = "problem_text_terms"
#: The problems' columns a text search looks in (the enterprise's name is searched apart).
TEXT_COLUMNS = ("description", "demand", "resolution", "lead_unit")
#: A search of one or two characters matches at most this many index terms, or takes LIKE alone.
_MAX_TERMS = 400
_TRIGGERS = ("problem_text_insert", "problem_text_delete", "problem_text_update")


def _indexed_values(row: str) -> str:
    return ", ".join(f"coalesce({row}.{c}, '') || char(31, 31)" for c in TEXT_COLUMNS)


def _text_index_triggers() -> list[str]:
    columns = ", ".join(TEXT_COLUMNS)
    insert = f"INSERT INTO {TEXT_INDEX} (rowid, {columns}) VALUES (new.rowid, {_indexed_values('new')});"
    delete = f"DELETE FROM {TEXT_INDEX} WHERE rowid = old.rowid;"
    return [
        f"CREATE TRIGGER IF NOT EXISTS problem_text_insert AFTER INSERT ON problems BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS problem_text_delete AFTER DELETE ON problems BEGIN {delete} END",
        (f"CREATE TRIGGER IF NOT EXISTS problem_text_update AFTER UPDATE OF {columns} ON problems "
         f"BEGIN {delete} {insert} END"),
    ]


def create_text_index(conn: Connection) -> None:
    """The trigram index, its terms table and triggers, filled from the problems (SQLite only)."""
    if conn.dialect.name != "sqlite":
        return
    columns = ", ".join(TEXT_COLUMNS)
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TEXT_INDEX} USING fts5({columns}, "
                         "tokenize = 'trigram')")
    conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TEXT_TERMS} USING fts5vocab({TEXT_INDEX}, 'row')")
    _refill_text_index(conn)


def _refill_text_index(conn: Connection) -> None:
    columns = ", ".join(TEXT_COLUMNS)
    for trigger in _TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.exec_driver_sql(f"DELETE FROM {TEXT_INDEX}")
    conn.exec_driver_sql(f"INSERT INTO {TEXT_INDEX} (rowid, {columns}) "
                         f"SELECT rowid, {_indexed_values('problems')} FROM problems")
    for ddl in _text_index_triggers():
        conn.exec_driver_sql(ddl)


@dataclass(frozen=True)
class TextIndexPause:
    """The insert trigger of the text index, dropped for a bulk write (see pause_text_index)."""

    trigger: str
    #: The problems' largest row number when it was dropped: every problem inserted since is above it.
    start: int


#: Row numbers stay below this for SQLite to give each new row the largest plus one (not a random one).
_PLAIN_ROWIDS = 1 << 62


def pause_text_index(conn: Connection) -> TextIndexPause | None:
    """Stop the text index's insert trigger inside the connection's open transaction, for a bulk
    write of many problems; resume_text_index indexes the problems inserted since in one statement
    and makes the trigger again, before the transaction commits. FTS5 writes out what it holds in
    memory at every statement's savepoint, so the trigger made one tiny index segment (and its
    merges) per problem: about 90 of the 115 µs that inserting a problem cost, 5 s of CPU in a
    500-workbook import. A rollback or a kill takes the drop back with the rest of the transaction,
    and no other connection ever sees the database without it. None: nothing paused (another
    database, no trigger, row numbers too large to tell the new rows)."""
    if conn.dialect.name != "sqlite":
        return None
    trigger = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                   ("problem_text_insert",)).scalar()
    start = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM problems").scalar() or 0
    if not trigger or start >= _PLAIN_ROWIDS:
        return None
    conn.exec_driver_sql("DROP TRIGGER problem_text_insert")
    return TextIndexPause(str(trigger), int(start))


def resume_text_index(conn: Connection, pause: TextIndexPause) -> None:
    """Index the problems inserted since the pause (but those a problem's update, through its own
    trigger, indexed already), and make the insert trigger again as it was."""
    columns = ", ".join(TEXT_COLUMNS)
    conn.exec_driver_sql(f"INSERT INTO {TEXT_INDEX} (rowid, {columns}) "
                         f"SELECT rowid, {_indexed_values('problems')} FROM problems WHERE rowid > ? "
                         f"AND rowid NOT IN (SELECT rowid FROM {TEXT_INDEX} WHERE rowid > ?)",
                         (pause.start, pause.start))
    conn.exec_driver_sql(pause.trigger)


def drop_text_index(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for trigger in _TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TEXT_TERMS}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TEXT_INDEX}")


def repair_text_index(conn: Connection) -> None:
    """After migrations: a migration that rebuilt the problems table (SQLite's copy-and-move)
    dropped the triggers and renumbered the rows; then the index is filled again."""
    if conn.dialect.name != "sqlite":
        return
    names = {r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE name IN (?, ?, ?, ?)", (TEXT_INDEX, *_TRIGGERS))}
    if TEXT_INDEX in names and len(names) < 1 + len(_TRIGGERS):
        _refill_text_index(conn)


def is_text_index_table(name: str | None) -> bool:
    """Tables of the text index (the virtual tables and FTS5's own): not in the models."""
    return bool(name) and (name == TEXT_TERMS or str(name).startswith(TEXT_INDEX))


def _has_text_index(session: Session) -> bool:
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    key = ("text-index", str(bind.engine.url))
    known = _TEXT_INDEX_KNOWN.get(key)
    if known is None:
        known = _TEXT_INDEX_KNOWN[key] = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": TEXT_INDEX}).first() is not None
    return known


_TEXT_INDEX_KNOWN: dict[tuple[str, str], bool] = {}


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def text_candidates(session: Session, query: str, pattern: str) -> Any | None:
    """The problems whose text may contain `query` (a superset of those that do), as a subquery of
    their row numbers (rowid_of); None where there is no index to ask (one character, a term
    whose case the index folds differently, no index): then the caller's LIKE alone decides.
    `pattern` is the query as a LIKE pattern (escaped with a backslash, between two %).

    On PostgreSQL none: the LIKE conditions go to the trigram indexes themselves (the planner
    chooses between them and a scan); see app.services.problems._text_conditions."""
    if session.get_bind().dialect.name == "postgresql":
        return None
    if len(query) < 2 or "\x1f" in query or not _has_text_index(session):
        return None
    if len(query) >= 3:
        match = _quoted(query)
    else:
        if not all(c.isascii() or c.lower() == c.upper() for c in query):
            return None  # the index folds case beyond ASCII: its terms' order may not be ours
        start = query.lower()
        terms = session.execute(
            text(f"SELECT term FROM {TEXT_TERMS} WHERE term >= :a AND term < :b LIMIT {_MAX_TERMS + 1}"),
            {"a": start, "b": start + "\U0010ffff"}).scalars().all()
        if len(terms) > _MAX_TERMS:
            return None
        if not terms:
            return select(literal_column("NULL")).where(false())
        match = " OR ".join(_quoted(t) for t in terms)
    index = table(TEXT_INDEX, column("rowid"))
    return select(index.c.rowid).where(literal_column(TEXT_INDEX).op("MATCH")(match))


def any_of(column_: Any, ids: Any) -> ColumnElement[bool]:
    """`column_ = ANY(ARRAY(ids))` (PostgreSQL): unlike `IN (subquery)`, an index condition, so it
    can be one arm of a BitmapOr over several indexes."""
    found: ColumnElement[bool] = column_ == any_(func.array(ids.scalar_subquery()))
    return found


def rowid_of(session: Session, table_: Any) -> Any:
    """What text_candidates returns for a table's rows: SQLite's row number, a server's ID."""
    if session.get_bind().dialect.name == "postgresql":
        return table_.id
    return literal_column(f"{table_.__tablename__}.rowid")


# ---- index hints (SQLite) ----------------------------------------------------------------------
#
# SQLite's planner, without statistics (nothing runs ANALYZE on a user's file), may read a query's
# rows through a narrow index and the wide table when a covering index would serve it alone: the
# statistics name the index they were built for. Other databases plan for themselves.
#
# SQLAlchemy's with_hint() renders table hints only on the dialects that implement them (MySQL,
# Oracle, SQL Server), not SQLite: the table read through its index is a FROM element of our own
# instead, compiled here, which stands in for the table in the FROM list (hiding it, as a join
# hides the tables it joins) so the statement's columns and conditions stay the table's.


class indexed_by(FromClause):
    """`table INDEXED BY index` on SQLite; the table alone elsewhere."""

    __visit_name__ = "indexed_by"
    named_with_column = False
    inherit_cache = True
    _traverse_internals = [("table", InternalTraversal.dp_clauseelement), ("index", InternalTraversal.dp_string)]

    def __init__(self, table: FromClause, index: str) -> None:
        self.table = table
        self.index = index

    @property
    def _from_objects(self) -> list[FromClause]:
        return [self, *self.table._from_objects]

    @property
    def _hide_froms(self) -> Iterable[FromClause]:
        return self.table._from_objects


@compiles(indexed_by)
def _indexed_by_default(element: indexed_by, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.table, **{**kw, "asfrom": True}))


@compiles(indexed_by, "sqlite")
def _indexed_by_sqlite(element: indexed_by, compiler: SQLCompiler, **kw: Any) -> str:
    table_sql = compiler.process(element.table, **{**kw, "asfrom": True})
    return f"{table_sql} INDEXED BY {compiler.preparer.quote(element.index)}"


def read_through(stmt: Any, table: Any, index: str) -> Any:
    """`stmt` reading `table` (a Table or a mapped class) through the named index (SQLite's
    INDEXED BY; no effect elsewhere). Join other tables after this (`.join()` starts from the
    indexed table), not before: a join already in `stmt` would name the table a second time."""
    from_clause = getattr(table, "__table__", table)
    if any(f is not from_clause and from_clause in f._from_objects for f in stmt.get_final_froms()):
        raise ValueError(f"read_through: {from_clause} is already joined in the statement; join after")
    return stmt.select_from(indexed_by(from_clause, index))


def contains(session: Session, column_: Any, query: str, pattern: str) -> ColumnElement[bool]:
    """`column_` contains `query` (`pattern`: it as a LIKE pattern), case folded as SQLite's LIKE
    folds it (ASCII letters): LIKE on SQLite; on PostgreSQL ILIKE when the query has a letter
    with case, else LIKE (the same rows, without folding every character of every row read)."""
    folded = session.get_bind().dialect.name == "postgresql" and any(c.lower() != c.upper() for c in query)
    found: ColumnElement[bool] = (column_.ilike if folded else column_.like)(pattern, escape="\\")
    return found


# ---- text search: trigram indexes (PostgreSQL with pg_trgm) -------------------------------------
#
# GIN indexes of trigrams (pg_trgm's gin_trgm_ops) on the problems' text columns and the
# enterprises' names serve LIKE and ILIKE '%…%' of three characters or more. pg_trgm comes with
# PostgreSQL (contrib) and is a trusted extension (a database owner may create it); where it
# cannot be had, there are no such indexes and searches read every row with LIKE, as before.

#: (index name, table, column) of the trigram indexes.
TRIGRAM_INDEXES = tuple((f"ix_problems_trgm_{c}", "problems", c) for c in TEXT_COLUMNS) + (
    ("ix_enterprises_trgm_name", "enterprises", "name"),)


def create_trigram_indexes(conn: Connection) -> bool:
    """The extension (where it is available) and the indexes, on PostgreSQL; False where there
    are none (another database, or no pg_trgm on this server or no right to create it)."""
    if conn.dialect.name != "postgresql":
        return False
    installed = conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first()
    if installed is None:
        available = conn.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first()
        if available is None:
            return False
        try:
            with conn.begin_nested():  # a refusal (no right to create it) leaves the migration's transaction usable
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DBAPIError:
            return False
    for name, table_name, column_name in TRIGRAM_INDEXES:
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table_name} "
                             f"USING gin ({column_name} gin_trgm_ops)")
    return True


def drop_trigram_indexes(conn: Connection) -> None:
    """The indexes (the extension stays: other things may use it)."""
    if conn.dialect.name != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def has_trigram_indexes(session: Session) -> bool:
    bind = session.get_bind()
    key = ("trigram", str(bind.engine.url))
    known = _TEXT_INDEX_KNOWN.get(key)
    if known is None:
        known = _TEXT_INDEX_KNOWN[key] = session.execute(
            text("SELECT count(*) FROM pg_indexes WHERE indexname = ANY(:names)"),
            {"names": [n for n, _t, _c in TRIGRAM_INDEXES]}).scalar() == len(TRIGRAM_INDEXES)
    return known


# ---- the ledger's order (PostgreSQL) ------------------------------------------------------------
#
# The ledger lists problems newest first with NULLs last, then by ID: SQLite's B-tree on
# received_date read backwards gives that order (SQLite puts NULLs first ascending, so last
# descending), PostgreSQL's does not (NULLs last ascending, so first descending), and sorted
# every live problem for a page of 200. This index gives it the order as it is asked.

# The count of the ledger's problems (live ones of live enterprises) reads a partial index of the
# live problems' enterprises, a tenth of the table's pages.

LEDGER_INDEX = "ix_problems_ledger_order"
LIVE_INDEX = "ix_problems_live_enterprise"


def create_ledger_indexes(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {LEDGER_INDEX} ON problems "
                             "(received_date DESC NULLS LAST, id)")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {LIVE_INDEX} ON problems (enterprise_id) "
                             "WHERE deleted_at IS NULL")


def drop_ledger_indexes(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {LEDGER_INDEX}")
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {LIVE_INDEX}")


def forget_text_indexes() -> None:
    """Ask each database again which text indexes it has (after they were made or dropped)."""
    _TEXT_INDEX_KNOWN.clear()


def in_models(name: str | None, kind: str) -> bool:
    """Whether a table or index of the database is one the models describe: the text indexes
    (SQLite's virtual tables, PostgreSQL's trigram indexes), the ledger's order on PostgreSQL and
    the statistics' running sums (db.figure_sums) are made by SQL instead."""
    if kind == "table":
        return not is_text_index_table(name) and name not in figure_sums.TABLES
    if kind == "index":
        return name not in {LEDGER_INDEX, LIVE_INDEX, *(n for n, _t, _c in TRIGRAM_INDEXES)}
    return True
