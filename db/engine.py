"""Engine creation. SQLite pragmas (the SQLite adapter) live here:
WAL with synchronous=FULL so a saved visit survives a power cut, foreign keys
on, and a busy timeout so a second writer waits instead of failing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 10_000
#: Execution option marking a connection whose transactions may write.
WRITE_OPTION = "zhuqi_writes"


def to_url(path_or_url: str | Path) -> str:
    """A file path becomes a SQLite URL; a URL (with ://) is kept, a PostgreSQL one names
    the driver we bring (psycopg 3; SQLAlchemy's default for postgresql:// is psycopg2)."""
    text = str(path_or_url)
    for scheme in ("postgresql://", "postgres://"):
        if text.startswith(scheme):
            return "postgresql+psycopg://" + text[len(scheme):]
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def display_url(url: str) -> str:
    """A URL to show or print: a server's password written into it (better kept in .pgpass) as ***.
    A SQLite URL is kept as it is (rendering would percent-encode a Chinese file name)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" or u.password is None:
        return url
    return u.render_as_string(hide_password=True)


def json_dumps(value: Any) -> str:
    """JSON columns (the audit trail, the import's undo log): orjson writes them about ten
    times faster than the json module, which matters when a merge writes 100,000 of them."""
    return orjson.dumps(value).decode("utf-8")


#: Every engine's JSON columns use these (the stored text stays plain JSON in UTF-8).
JSON_CODEC: dict[str, Any] = {"json_serializer": json_dumps, "json_deserializer": orjson.loads}


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and :memory:."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def create(url: str, *, readonly: bool = False) -> Engine:
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        from db import dialect

        # No JIT: compiling a ledger or search statement cost 200 ms and more each at a million problems,
        # more than it saved (a name search 380 -> 164 ms); a user's own `options` in the URL decide instead.
        connect_args = {} if "options" in u.query else {"options": "-c jit=off"}
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args,
                               **JSON_CODEC)
        dialect.install_server_write_lock(engine, WRITE_OPTION)
        return engine
    path = sqlite_path(url)
    if readonly and path is not None:
        # Open without any write, even the WAL set-up: used by `check` on suspect files.
        uri = f"file:{path.as_posix()}?mode=ro"
        engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            hide_parameters=True, **JSON_CODEC
        )
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True,
                               **JSON_CODEC)
    _install_sqlite_pragmas(engine, readonly=readonly)
    return engine


def _install_sqlite_pragmas(engine: Engine, *, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite's implicit transactions are unreliable).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A unit of work that may write takes the write lock at once (BEGIN IMMEDIATE):
        # it then waits its turn under the busy timeout instead of failing with
        # "database is locked" when it upgrades from reading to writing.
        writes = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes and not readonly else "BEGIN")
