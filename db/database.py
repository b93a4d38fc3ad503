"""Opening a database: the file checks, migrations (with a backup first), the
installation identity, and units of work that stamp every changed record."""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, event, inspect, select
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import causal, dialect, privacy, sqlite_files
from db import engine as engine_mod
from db.audit import Pending, pending_changes, record_changes
from db.base import Record, new_id
from db.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DatabaseError,
    StorageError,
    is_storage_failure,
    os_reason,
)
from db.locks import DatabaseLocks
from db.models import AppMeta, Problem, ProgressEntry
from db.types import utcnow

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: Set on a session to keep revision/changed_by/updated_at as given (merges from other installations).
PRESERVE_SYNC_FIELDS = "preserve_sync_fields"


def alembic_config() -> Config:
    # Alembic is imported when a database is migrated or checked, not by every start of the program
    # (a fifth of the start of a command).
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


class Database:
    """An open, migrated database. Built once by the composition root and handed down."""

    def __init__(self, engine: Engine, installation_id: str, url: str, locks: DatabaseLocks | None = None) -> None:
        self.engine = engine
        #: Where the data is, to show (a server URL's password hidden).
        self.url = engine_mod.display_url(url)
        self._path = engine_mod.sqlite_path(url)
        self.installation_id = installation_id
        #: The locks between processes on this file (None for a server database); see db.locks.
        self.locks = locks
        #: Who is working, as the audit trail names them (set from the profile).
        self.actor = ""
        #: The thread running a long writer on a server database (see long_writer).
        self._job_thread: int | None = None
        writer = engine.execution_options(**{engine_mod.WRITE_OPTION: True})
        self._sessions = sessionmaker(writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def path(self) -> Path | None:
        return self._path

    @contextmanager
    def session(self, *, via: str = "表单", preserve_sync_fields: bool = False,
                bind: Connection | None = None) -> Iterator[Session]:
        """One unit of work: commits when the block ends, rolls back on any error.

        `via` names what made the changes (a form, a workflow action, an import
        batch) for the audit trail; a service may refine it in `session.info`.
        `bind` runs it on a connection the caller holds (an import batch keeps one
        connection for all its files)."""
        session = self._sessions(bind=bind) if bind is not None else self._sessions()
        session.info["installation_id"] = self.installation_id
        session.info["actor"] = self.actor
        session.info["via"] = via
        session.info[PRESERVE_SYNC_FIELDS] = preserve_sync_fields
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise DatabaseBusyError(
                    "数据库正被另一个窗口或导入任务占用，等待超时；刚才的操作没有保存，请稍后再试"
                ) from exc
            if is_storage_failure(exc):
                raise StorageError(f"数据库 {self.path or self.url} 无法写入（{os_reason(exc)}）；"
                                   "刚才的操作没有保存，此前的数据完好") from exc
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: never takes the write lock, so it never waits for writers."""
        session = self._read_sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def long_writer(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """A job that writes much (an import, an undo): one at a time per database file, the second
        waits its turn (`waiting()` called meanwhile, see db.locks)."""
        if self.locks is None:
            if self.engine.dialect.name == "sqlite":  # :memory:
                yield
                return
            if self._job_thread == threading.get_ident():  # a job inside a job (an import undoing itself)
                yield
                return
            with dialect.ServerJobLock(self.engine).held(waiting):
                self._job_thread = threading.get_ident()
                try:
                    yield
                finally:
                    self._job_thread = None
            return
        with self.locks.writer(waiting):
            yield

    def close(self) -> None:
        self.engine.dispose()
        if self.locks is not None:
            self.locks.release()


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if "installation_id" not in session.info:
        return  # not one of our units of work (e.g. set-up in open_database)
    for obj in session.new:
        if isinstance(obj, Record) and obj.id is None:
            obj.id = new_id()  # known before the flush, so the audit trail can name it
    pending = pending_changes(session)
    if not session.info.get(PRESERVE_SYNC_FIELDS):
        _stamp_changed_records(session, pending)
    record_changes(session, pending)


#: The ORM's name of a list field where the clock's differs (a visit's cadres are its cadre_ids).
_CLOCK_NAMES = {rel: name for name, rel in causal.RELATIONSHIPS.items()}
_FIELDS: dict[str, tuple[str, ...]] = {}


def _tracked(obj: Record) -> tuple[str, ...]:
    table = type(obj).__table__  # type: ignore[attr-defined]
    fields = _FIELDS.get(table.name)
    if fields is None:
        fields = _FIELDS[table.name] = causal.tracked_fields(table)
    return fields


def _clock_of(obj: Record) -> causal.Clock:
    """The record's clock as stored; one from before clocks (empty) stands for its content."""
    fields = _tracked(obj)
    if obj.clock:
        try:
            return causal.parse_clock(obj.clock, fields)
        except causal.ClockError:
            pass
    table: str = type(obj).__table__.name  # type: ignore[attr-defined]
    values: dict[str, Any] = {name: getattr(obj, causal.RELATIONSHIPS.get(name, name), None) for name in fields}
    for name in causal.RELATIONSHIPS:
        items = values.get(name)
        if items is not None:
            values[name] = [getattr(v, "tag", None) or getattr(v, "cadre_id", None) or getattr(v, "enterprise_id", None)
                            for v in items]
    return causal.legacy_clock(table, values, fields)


def _stamp_changed_records(session: Session, pending: list[Pending]) -> None:
    """Every new or changed record gets a timestamp, a revision, this installation's ID and its
    next write in its clock; a timeline entry made with a change of its problem names that write."""
    now = utcnow()
    installation = session.info.get("installation_id", "")
    actor = causal.actor_of(installation) if installation else ""
    problem_writes: dict[str, str] = {}
    for obj, new, changes in pending:
        if new:
            obj.created_at = obj.created_at or now
            obj.revision = obj.revision or 1
            clock = causal.fresh(actor, _tracked(obj)) if actor else None
        else:
            # Also a change of bookkeeping alone (a problem whose timeline grew): a write without fields,
            # so that who and when travel with the version.
            obj.revision = (obj.revision or 0) + 1
            clock = causal.tick(_clock_of(obj), actor, (_CLOCK_NAMES.get(k, k) for k in changes)) if actor else None
        obj.updated_at = now
        obj.changed_by = installation
        if clock is not None:
            obj.clock = causal.format_clock(clock)
            if isinstance(obj, Problem):
                problem_writes[obj.id] = causal.dot_text(actor, clock.counter(actor))
    if not problem_writes:
        return
    for obj, new, _changes in pending:
        if new and isinstance(obj, ProgressEntry) and not obj.problem_version:
            obj.problem_version = problem_writes.get(obj.problem_id, "")


def _check_sqlite_file(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseError(f"数据库路径是一个文件夹，不是文件：{path}")
    if path.stat().st_size == 0:
        return  # an empty file is a new database
    if not sqlite_files.is_sqlite_file(path):
        raise DatabaseError(f"不是 SQLite 数据库文件（文件头不符），未做任何修改：{path}")


def _backup_before_upgrade(path: Path, revision: str) -> Path:
    """A checked copy beside the data before the schema changes (named like app.backups)."""
    folder = path.parent / "backups"
    privacy.make_folder(folder)
    target = folder / f"{path.stem}-before-upgrade-{revision}-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    sqlite_files.online_copy(path, target)
    problems = sqlite_files.integrity_problems(target)
    if problems:
        target.unlink(missing_ok=True)
        raise DatabaseError(f"数据库未通过完整性检查，未升级也未做任何修改：{path}（{problems[0]}）")
    return target


def _create_private(path: Path) -> None:
    """The database file 0600 before SQLite creates it (its -wal and -shm take the file's mode);
    an existing file of an earlier version is made private too."""
    privacy.make_folder(path.parent)
    try:
        os.close(privacy.create_file(path))
    except FileExistsError:
        privacy.protect(path)
        for suffix in ("-wal", "-shm"):
            if Path(f"{path}{suffix}").exists():
                privacy.protect(Path(f"{path}{suffix}"))


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


#: A migration file's `revision = '…'` or `down_revision = '…'` (or None) line.
_REVISION_LINE = re.compile(r"""^(down_revision|revision)\s*(?::[^=\n]*)?=\s*(?:'([^'\n]*)'|"([^"\n]*)"|(None))\s*$""",
                            re.MULTILINE)


def quick_head() -> str | None:
    """The head revision read from the migration files' plain `revision`/`down_revision` lines, without
    importing alembic or the migrations; None when any file is not that plain (alembic then decides)."""
    # Why not ask alembic: importing alembic.script costs about 100 ms of CPU at every start and its
    # ScriptDirectory.get_current_head() another 20 ms (it imports every migration), against 1 ms
    # here (measured on the 26c chain, `python -X importtime` and process_time, December 2026).
    # Why not a HEAD constant written at build time: every branch that adds a migration would edit
    # that one line (the lead re-chains migrations at each merge), and running from the sources
    # would need the build step too. The files stay the one source: tests/test_database.py checks
    # that this reading agrees with alembic's, and a file not in the plain form (or two heads)
    # gives None, which leaves the decision to alembic.
    revisions: set[str] = set()
    parents: set[str] = set()
    for f in (MIGRATIONS_DIR / "versions").glob("*.py"):
        if f.name == "__init__.py":
            continue
        lines = _REVISION_LINE.findall(f.read_text(encoding="utf-8"))
        found = {kind: value or other for kind, value, other, _none in lines}
        if len(lines) != 2 or set(found) != {"revision", "down_revision"} or not found["revision"]:
            return None
        revisions.add(found["revision"])
        if found["down_revision"]:
            parents.add(found["down_revision"])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _stored_revision(engine: Engine) -> str | None:
    """The revision the database says it has, by one plain query (None: none, several, or no table)."""
    try:
        with engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    except DBAPIError:
        return None
    return str(found[0]) if len(found) == 1 else None


def _migrate(engine: Engine, url: str) -> None:
    head = quick_head()
    if head is not None and _stored_revision(engine) == head:
        return  # up to date: alembic is not needed
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    head = script.get_current_head()
    if current == head:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError(
            f"该数据库由更新版本的程序创建（结构版本 {current}），本程序无法打开，也未做任何修改。请升级程序后再打开。"
        )
    path = engine_mod.sqlite_path(url)
    if current is not None and path is not None:
        _backup_before_upgrade(path, current)
    cfg = alembic_config()
    with engine.connect() as conn, _foreign_keys_deferred_to_the_end(conn):
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            dialect.repair_text_index(conn)
            _check_foreign_keys(conn)


@contextmanager
def _foreign_keys_deferred_to_the_end(conn: Connection) -> Iterator[None]:
    """SQLite's foreign keys off while migrations run (outside the transaction, where SQLite
    honours the switch): a migration in batch mode copies a table and drops the old one, and with
    the keys on, dropping a table other rows refer to fails. The keys are checked as a whole
    before the upgrade commits (`_check_foreign_keys`) and switched on again after it."""
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.driver_connection  # not through SQLAlchemy, which would BEGIN first
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(conn: Connection) -> None:
    """Refuse (and so roll back) an upgrade that left a row referring to a missing one."""
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
    if broken is not None:
        table, row, parent = broken[0], broken[1], broken[2]
        raise DatabaseError(f"数据库升级后发现无效的关联（表 {table} 第 {row} 行指向 {parent} 中不存在的记录），"
                            "升级已撤销，数据库未做任何修改。")


def _ensure_installation_id(engine: Engine) -> str:
    with Session(engine) as session, session.begin():
        row = session.get(AppMeta, "installation_id")
        if row is None:
            row = AppMeta(key="installation_id", value=str(uuid.uuid4()))
            session.add(row)
            session.add(AppMeta(key="created_at", value=utcnow().isoformat()))
        return row.value


def open_database(path_or_url: str | Path, *, migrate: bool = True, locks: DatabaseLocks | None = None) -> Database:
    """Open (creating if needed) and migrate a database; raises DatabaseError with a plain reason.
    `locks`: the file's locks, already holding it open (see app.startup); taken here otherwise."""
    url = engine_mod.to_url(path_or_url)
    path = engine_mod.sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
        if locks is None:
            locks = DatabaseLocks(path)
            locks.hold_open()
        try:
            _create_private(path)
        except BaseException:
            locks.release()
            raise
    try:
        return _open(url, path, migrate, locks)
    except BaseException:
        if locks is not None:
            locks.release()
        raise


def _open(url: str, path: Path | None, migrate: bool, locks: DatabaseLocks | None) -> Database:
    engine = engine_mod.create(url)
    try:
        if migrate:
            _migrate(engine, url)
        elif current_revision(engine) != head_revision():
            raise DatabaseError("数据库结构版本与本程序不一致")
        installation_id = _ensure_installation_id(engine)
    except OperationalError as exc:
        engine.dispose()
        if path is None:  # a server: not reachable, refused the login, no such database …
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise DatabaseError(f"无法连接数据库服务器 {engine_mod.display_url(url)}：{reason}") from exc
        if is_storage_failure(exc):  # a full disk or a file-size limit is not damage: no backup to restore
            raise DatabaseError(f"数据库无法打开：{os_reason(exc)}，未做任何修改：{path}（{exc.orig}）") from exc
        raise CorruptDatabaseError(f"数据库无法打开，文件可能已损坏，未做任何修改：{path}（{exc.orig}）") from exc
    except SADatabaseError as exc:
        engine.dispose()
        raise CorruptDatabaseError(f"数据库无法打开，文件可能已损坏，未做任何修改："
                                   f"{path or url}（{exc.orig}）") from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, installation_id, url, locks)


def table_names(engine: Engine) -> list[str]:
    return inspect(engine).get_table_names()


def meta_value(session: Session, key: str) -> str | None:
    return session.scalar(select(AppMeta.value).where(AppMeta.key == key))
