"""Backups, rotation, restore and start-up recovery on real database files."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app import backups
from app.errors import CorruptDatabaseError, UserError
from app.services import Services
from app.services.enterprises import EnterpriseInput
from app.startup import open_user_database
from db import sqlite_files
from db.database import open_database
from tests.factories import database_with, scribble_over_pages


def test_backup_is_consistent_checked_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, "甲公司", "乙公司")
    info = backups.make_backup(path)
    assert info.path.parent == tmp_path / "backups" and info.counts["enterprises"] == 2
    assert sqlite_files.integrity_problems(info.path) == []
    assert not list((tmp_path / "backups").glob("*.partial")) and not list((tmp_path / "backups").glob("*.checking"))


def test_backup_includes_committed_data_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    db = open_database(path)  # stays open: the commit sits in the -wal file
    Services(db).enterprises.create(EnterpriseInput(name="刚保存的企业"))
    info = backups.make_backup(path)
    db.close()
    assert info.counts["enterprises"] == 1


def test_auto_backup_once_a_day_and_rotation(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, "甲公司")
    start = datetime(2026, 1, 1, 9, 0, 0)
    for day in range(70):
        now = start + timedelta(days=day)
        assert backups.auto_backup_if_due(path, now=now) is not None
        assert backups.auto_backup_if_due(path, now=now + timedelta(hours=2)) is None  # once a day
    autos = [b for b in backups.list_backups(path) if b.kind == backups.AUTO]
    days = {b.created.date() for b in autos}
    newest = start + timedelta(days=69)
    assert {newest.date() - timedelta(days=i) for i in range(7)} <= days
    weeks = {tuple(b.created.isocalendar())[:2] for b in autos}
    assert len(weeks) == 8 and len(autos) <= 7 + 8


def test_manual_backups_are_never_rotated(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, "甲公司")
    manual = backups.make_backup(path, now=datetime(2025, 1, 1))
    for day in range(20):
        backups.auto_backup_if_due(path, now=datetime(2026, 1, 1) + timedelta(days=day))
    assert manual.path.exists()


def test_a_damaged_database_never_replaces_a_good_backup(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, *[f"企业{i}" for i in range(300)])
    good = backups.make_backup(path, now=datetime(2026, 1, 1))
    good_bytes = good.path.read_bytes()
    scribble_over_pages(path)
    with pytest.raises(CorruptDatabaseError) as exc:
        backups.auto_backup_if_due(path, now=datetime(2026, 1, 2))
    assert exc.value.newest_backup == good.path
    assert good.path.read_bytes() == good_bytes
    assert [b.path for b in backups.list_backups(path)] == [good.path]


def test_startup_refuses_a_damaged_file_and_names_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, *[f"企业{i}" for i in range(300)])
    good = backups.make_backup(path, now=datetime(2026, 1, 1))
    scribble_over_pages(path)
    damaged = path.read_bytes()
    with pytest.raises(CorruptDatabaseError) as exc:
        open_user_database(path)
    assert exc.value.newest_backup == good.path and str(good.path) in str(exc.value)
    assert path.read_bytes() == damaged  # never written to


def test_restore_keeps_the_current_data_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, "甲公司")
    old = backups.make_backup(path, now=datetime(2026, 1, 1))
    database_with(path, "乙公司")
    saved = backups.restore(path, old.path, now=datetime(2026, 1, 2))
    assert saved is not None and saved.counts["enterprises"] == 2
    db = open_database(path)
    assert [e.name for e in Services(db).enterprises.search()] == ["甲公司"]
    db.close()


def test_restore_over_a_damaged_file_sets_it_aside(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, *[f"企业{i}" for i in range(300)])
    good = backups.make_backup(path, now=datetime(2026, 1, 1))
    scribble_over_pages(path)
    damaged = path.read_bytes()
    assert backups.restore(path, good.path, now=datetime(2026, 1, 2)) is None
    aside = [p for p in tmp_path.glob("zhuqi.sqlite.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert sqlite_files.record_counts(path)["enterprises"] == 300


def test_restore_refuses_a_bad_backup(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, "甲公司")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database")
    before = path.read_bytes()
    with pytest.raises(UserError, match="未通过完整性检查"):
        backups.restore(path, bad)
    assert path.read_bytes() == before


def test_backup_commands(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    database_with(path, "甲公司")
    env = dict(os.environ, ZHUQI_HOME=str(tmp_path), PYTHONIOENCODING="utf-8", ZHUQI_DB=str(path))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                              encoding="utf-8")

    r = run("backup", "--to", str(tmp_path / "u盘"))
    assert r.returncode == 0 and "完整性检查通过" in r.stdout, r.stderr
    copy = next((tmp_path / "u盘").glob("*.sqlite"))
    r = run("backups")
    assert r.returncode == 0
    database_with(path, "乙公司")
    r = run("restore", str(copy), "--as", "张伟")
    assert r.returncode == 0 and "恢复前的数据库已备份到" in r.stdout, r.stderr
    assert sqlite_files.record_counts(path)["enterprises"] == 1
    r = run("restore", str(tmp_path / "nope.sqlite"), "--as", "张伟")
    assert r.returncode == 2 and "备份文件不存在" in r.stderr
