"""Backups of the local database: automatic on start at most once a day,
by hand, and before a restore or an upgrade. Every copy is made with SQLite's
online backup API, checked with integrity_check before it gets its real name,
and rotated (the last 7 daily and 8 weekly automatic copies are kept), so the
last good backup is never replaced by a bad one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from app import privacy
from app.errors import CorruptDatabaseError, StorageError, UserError, is_storage_failure, os_reason
from db import sqlite_files
from db.locks import DatabaseLocks

AUTO, MANUAL, BEFORE_RESTORE, BEFORE_UPGRADE = "auto", "manual", "before-restore", "before-upgrade"
KEEP_DAILY, KEEP_WEEKLY = 7, 8
_NAME = re.compile(r"^(?P<stem>.+)-(?P<kind>auto|manual|before-restore|before-upgrade(?:-\w+)?)-"
                   r"(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite$")
#: The identity kept in app_meta (app.services.profile): carried over a restore.
PROFILE_KEYS = ("profile_name", "profile_unit", "profile_role", "profile_phone")
KIND_LABELS = {AUTO: "自动", MANUAL: "手动", BEFORE_RESTORE: "恢复前", BEFORE_UPGRADE: "升级前"}


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    created: datetime
    size: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


def _parse(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if m is None:
        return None
    created = datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
    kind = BEFORE_UPGRADE if m.group("kind").startswith(BEFORE_UPGRADE) else m.group("kind")
    return BackupInfo(path, kind, created, path.stat().st_size)


def list_backups(db_path: Path, *, with_counts: bool = False) -> list[BackupInfo]:
    """Backups of this database, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [info for p in folder.glob(f"{db_path.stem}-*.sqlite") if (info := _parse(p)) is not None]
    found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    if with_counts:
        found = [BackupInfo(b.path, b.kind, b.created, b.size, sqlite_files.record_counts(b.path)) for b in found]
    return found


def make_backup(db_path: Path, kind: str = MANUAL, *, to: Path | None = None,
                now: datetime | None = None) -> BackupInfo:
    """A checked, consistent copy. Raises CorruptDatabaseError if the copy fails its check
    (the source is damaged) — earlier backups are left untouched."""
    if not db_path.is_file():
        raise UserError(f"数据库文件不存在：{db_path}")
    now = now or datetime.now()
    # `to` ending in .sqlite is the copy's file name; anything else is a folder to put it in.
    if to is None or to.suffix.lower() != ".sqlite":
        folder = to or backup_folder(db_path)
        privacy.make_folder(folder)
        target = folder / f"{db_path.stem}-{kind}-{now:%Y%m%d-%H%M%S}.sqlite"
        n = 1
        while target.exists():
            target = folder / f"{db_path.stem}-{kind}-{now:%Y%m%d-%H%M%S}-{n}.sqlite"
            n += 1
    else:
        privacy.make_folder(to.parent)
        target = to
    checking = target.with_name(target.name + ".checking")
    try:
        sqlite_files.online_copy(db_path, checking)
    except Exception as exc:  # sqlite3.DatabaseError and OSError: report, keep the old backups
        checking.unlink(missing_ok=True)
        if is_storage_failure(exc):  # the copy could not be written: the database itself is fine
            raise StorageError(f"无法写入备份 {target}（{os_reason(exc)}）；数据库未改变，此前的备份保留") from exc
        raise CorruptDatabaseError(f"无法备份数据库（{exc}）：{db_path}", newest_backup(db_path)) from exc
    problems = sqlite_files.integrity_problems(checking)
    if problems:
        checking.unlink(missing_ok=True)
        raise CorruptDatabaseError(
            f"数据库未通过完整性检查，已停止备份以免覆盖完好的备份：{db_path}（{problems[0]}）", newest_backup(db_path)
        )
    checking.replace(target)
    return BackupInfo(target, kind, now.replace(microsecond=0), target.stat().st_size,
                      sqlite_files.record_counts(target))


def newest_backup(db_path: Path) -> Path | None:
    """The newest backup that passes its integrity check."""
    for b in list_backups(db_path):
        if not sqlite_files.integrity_problems(b.path):
            return b.path
    return None


def rotate(db_path: Path) -> list[Path]:
    """Delete automatic backups beyond the last 7 days and 8 weeks; returns what was deleted."""
    autos = [b for b in list_backups(db_path) if b.kind == AUTO]  # newest first
    keep: set[Path] = set()
    days: list[date] = []
    weeks: list[tuple[int, int]] = []
    for b in autos:
        day = b.created.date()
        if day not in days and len(days) < KEEP_DAILY:
            days.append(day)
            keep.add(b.path)
        week = tuple(b.created.isocalendar())[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.append(week)  # type: ignore[arg-type]
            keep.add(b.path)
    deleted = []
    for b in autos:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


def auto_backup_if_due(db_path: Path, *, now: datetime | None = None,
                       warn: Callable[[str], None] | None = None) -> BackupInfo | None:
    """On start: one automatic backup a day, then rotation. None when not due or no file yet.
    A backup that cannot be written (a full disk) is said through `warn` and the work goes on:
    stopping every command, even `stats`, would help nobody. A damaged database still stops it."""
    if not db_path.is_file() or not sqlite_files.is_sqlite_file(db_path):
        return None  # a new database, or not a database at all: opening it will say which
    now = now or datetime.now()
    if any(b.kind == AUTO and b.created.date() == now.date() for b in list_backups(db_path)):
        return None
    try:
        info = make_backup(db_path, AUTO, now=now)
    except StorageError as exc:
        if warn is not None:
            warn(f"今天的自动备份未能完成：{exc}")
        return None
    rotate(db_path)
    return info


RESTORE_REFUSED = ("数据库正被使用（窗口已打开，或有导入、撤销等任务在运行），未做任何恢复；"
                   "请等任务结束、关闭窗口后再恢复：{path}")


def restore(db_path: Path, backup: Path, *, now: datetime | None = None, actor: str = "") -> BackupInfo | None:
    """Replace the database by a backup: check the backup, keep the current data first
    (a checked backup, or the damaged file set aside), then restore and check again.
    Returns the backup made of the current database, if it could be made.

    Refused before anything is done while any process has the database open or runs an
    import (db.locks), on every platform: a restore under a running import silently lost it.
    `actor` — who restored — is kept in the restored database (app_meta `last_restore`)."""
    if not backup.is_file():
        raise UserError(f"备份文件不存在：{backup}")
    with DatabaseLocks(db_path).exclusive(RESTORE_REFUSED.format(path=db_path)):
        return _restore(db_path, backup, now or datetime.now(), actor)


def _restore(db_path: Path, backup: Path, now: datetime, actor: str) -> BackupInfo | None:
    bad = sqlite_files.integrity_problems(backup)
    if bad:
        raise UserError(f"备份文件未通过完整性检查，不能用于恢复：{backup}（{bad[0]}）")
    profile = sqlite_files.read_meta(db_path, PROFILE_KEYS) if db_path.exists() else {}
    saved: BackupInfo | None = None
    if db_path.exists():
        try:
            saved = make_backup(db_path, BEFORE_RESTORE, now=now)
        except CorruptDatabaseError:
            # The current file is damaged: set it aside untouched rather than lose it.
            aside = db_path.with_name(f"{db_path.name}.damaged-{now:%Y%m%d-%H%M%S}")
            db_path.replace(aside)
            for suffix in ("-wal", "-shm"):
                side = Path(str(db_path) + suffix)
                if side.exists():
                    side.replace(Path(str(aside) + suffix))
    incoming = db_path.with_name(db_path.name + ".restoring")
    sqlite_files.online_copy(backup, incoming)
    try:
        sqlite_files.remove_sidecars(db_path)  # the old WAL belongs to the old file
        incoming.replace(db_path)
    except PermissionError as exc:
        incoming.unlink(missing_ok=True)
        raise UserError(f"数据库正被其他窗口或程序使用，请先关闭后再恢复：{db_path}") from exc
    problems = sqlite_files.integrity_problems(db_path)
    if problems:
        raise UserError(f"恢复后的数据库未通过完整性检查：{problems[0]}")
    # Who works here stays who it was (a backup older than the identity has none), and who restored
    # which backup when is kept with the data.
    restored = sqlite_files.read_meta(db_path, PROFILE_KEYS)
    carried = {k: v for k, v in profile.items() if v and not restored.get(k)}
    sqlite_files.write_meta(db_path, {**carried, "last_restore": f"{now:%Y-%m-%d %H:%M:%S}；{actor}；{backup.name}"})
    return saved
