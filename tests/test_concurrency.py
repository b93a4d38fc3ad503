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
from db.database import Database, open_database
from tests.conftest import database_url

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


DESK = textwrap.dedent(
    """
    import json, sys, time
    from app.errors import StaleRecordError
    from app.services import Services
    from app.services.enterprises import EnterpriseInput
    from db.database import open_database
    db = open_database(sys.argv[1])
    services = Services(db)
    tag, shared, seconds = sys.argv[2], sys.argv[3], float(sys.argv[4])
    counts = {"creates": 0, "edits": 0, "stale": 0}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        services.enterprises.create(EnterpriseInput(name=f"{tag}-企业{counts['creates']}"))
        counts["creates"] += 1
        # The shared record, edited as a window does: load, change, save with the revision
        # loaded; a stale save is refused and redone on fresh data.
        while True:
            e = services.enterprises.get(shared)
            try:
                services.enterprises.update(shared, EnterpriseInput(name=e.name, notes=e.notes + tag),
                                            expected_revision=e.revision)
                counts["edits"] += 1
                break
            except StaleRecordError:
                counts["stale"] += 1
    db.close()
    print(json.dumps(counts))
    """
)

#: How long the many-desks test writes; the issue's acceptance run uses 60 (ZHUQI_DESK_SECONDS=60).
DESK_SECONDS = float(os.environ.get("ZHUQI_DESK_SECONDS", "8"))


@pytest.mark.slow
def test_ten_desks_write_at_once_and_nothing_is_lost(database: Database) -> None:
    """Ten processes create records and save one shared record for a bounded time: every create
    is there, every accepted save of the shared record is in it, no process saw a lock error."""
    import json

    shared = Services(database).enterprises.create(EnterpriseInput(name="共用企业")).id
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    tags = "ABCDEFGHIJ"
    procs = {
        tag: subprocess.Popen([sys.executable, "-c", DESK, database_url(database), tag, shared, str(DESK_SECONDS)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for tag in tags
    }
    counts = {}
    for tag, p in procs.items():
        out, err = p.communicate(timeout=DESK_SECONDS + 300)
        assert p.returncode == 0, err[-2000:]
        counts[tag] = json.loads(out)
    services = Services(database)
    creates = sum(c["creates"] for c in counts.values())
    assert all(c["creates"] > 0 for c in counts.values())
    assert services.enterprises.count() == creates + 1
    notes = services.enterprises.get(shared).notes
    assert {t: notes.count(t) for t in tags} == {t: counts[t]["edits"] for t in tags}
    print(f"\n{database.engine.dialect.name}: 10 desks × {DESK_SECONDS:g} s: {creates} creates, "
          f"{len(notes)} saves of the shared record, {sum(c['stale'] for c in counts.values())} stale saves refused")
