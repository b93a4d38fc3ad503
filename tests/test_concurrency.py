"""Two writers on one database: the window and a terminal command, or two windows.
No "database is locked" crash and no lost write."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.errors import StaleRecordError
from app.services import Services
from app.services.enterprises import EnterpriseInput
from db.database import open_database

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends

WRITER = textwrap.dedent(
    """
    import sys
    from app.errors import StaleRecordError
    from app.services import Services
    from app.services.enterprises import EnterpriseInput
    from db.database import open_database
    services = Services(open_database(sys.argv[1]))
    tag = sys.argv[2]
    shared = sys.argv[3]
    for i in range(150):
        services.enterprises.create(EnterpriseInput(name=f"{tag}-企业{i}"))
        # Both processes edit one shared record as a window does: load, change, save with
        # the revision loaded; a stale save is refused and redone on fresh data.
        while True:
            e = services.enterprises.get(shared)
            try:
                services.enterprises.update(shared, EnterpriseInput(name=e.name, notes=e.notes + tag[0]),
                                            expected_revision=e.revision)
                break
            except StaleRecordError:
                continue
    print("done")
    """
)


def test_two_processes_write_without_locking_errors_or_lost_creates(tmp_path: Path) -> None:
    path = tmp_path / "zhuqi.sqlite"
    db = open_database(path)
    shared = Services(db).enterprises.create(EnterpriseInput(name="共用企业")).id
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, shared], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
        for tag in ("A", "B")
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and "done" in out, err[-2000:]
    services = Services(db)
    assert services.enterprises.count() == 301
    # Every edit of the shared record survived: none was silently overwritten.
    notes = services.enterprises.get(shared).notes
    assert sorted(notes) == ["A"] * 150 + ["B"] * 150
    db.close()


def test_a_stale_edit_is_refused_instead_of_overwriting(services: Services) -> None:
    e = services.enterprises.create(EnterpriseInput(name="甲公司"))
    loaded_in_window_a = services.enterprises.get(e.id)
    services.enterprises.update(e.id, EnterpriseInput(name="甲公司", address="窗口B改的地址"))  # window B saves
    with pytest.raises(StaleRecordError, match="已被其他窗口或导入修改"):
        services.enterprises.update(e.id, EnterpriseInput(name="甲公司", notes="窗口A的备注"),
                                    expected_revision=loaded_in_window_a.revision)
    assert services.enterprises.get(e.id).address == "窗口B改的地址"
    ok = services.enterprises.update(e.id, EnterpriseInput(name="甲公司", address="窗口B改的地址", notes="A"),
                                     expected_revision=services.enterprises.get(e.id).revision)
    assert ok.notes == "A"


def test_a_held_write_lock_gives_one_plain_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from app.errors import DatabaseBusyError
    from db import engine as engine_mod

    monkeypatch.setattr(engine_mod, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "zhuqi.sqlite"
    db = open_database(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseBusyError, match="请稍后再试"):
            Services(db).enterprises.create(EnterpriseInput(name="甲公司"))
        assert Services(db).enterprises.count() == 0  # reads still work while the lock is held
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    Services(db).enterprises.create(EnterpriseInput(name="甲公司"))
    db.close()
