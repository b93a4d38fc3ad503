"""`zhuqi copy`: a whole database moved up to a server and back down to a file, with its
history and identity; verified by the counts of both sides and `zhuqi check`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.services import Services
from app.services.demo import generate
from app.services.enterprises import EnterpriseInput
from db.copy import counts
from db.database import open_database
from tests.conftest import TODAY, MakeDatabase, database_url

pytestmark = pytest.mark.backends


def zhuqi(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ZHUQI_HOME=str(tmp_path / "home"), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          encoding="utf-8", timeout=600, check=False)


def test_copy_up_and_down_keeps_every_row_history_and_figures(tmp_path: Path, make_database: MakeDatabase) -> None:
    laptop = tmp_path / "laptop.sqlite"
    db = open_database(laptop)
    services = Services(db, FixedClock(TODAY))
    services.profile.set("张伟", "工信局")
    generate(db, scale=0.2, seed=4, today=TODAY)
    e = services.enterprises.create(EnterpriseInput(name="复制测试企业"))
    services.enterprises.update(e.id, EnterpriseInput(name="复制测试企业（新名）"))  # history to carry
    before = counts(db)
    installation = db.installation_id
    db.close()
    assert before["history"] >= 2

    server = make_database("office")
    up = zhuqi(tmp_path, "copy", "--from", str(laptop), "--to", database_url(server))
    assert up.returncode == 0, up.stderr
    assert "源数据库检查通过" in up.stdout and "目标数据库检查通过" in up.stdout
    assert counts(server) == before
    reopened = open_database(database_url(server))
    assert reopened.installation_id == installation  # the same installation, on another database
    reopened.close()
    history = Services(server).history.for_record(e.id)
    assert [h.via for h in history] and len(history) == 2

    down = tmp_path / "down.sqlite"
    back = zhuqi(tmp_path, "copy", "--from", database_url(server), "--to", str(down))
    assert back.returncode == 0, back.stderr
    stats = [json.loads(zhuqi(tmp_path, "--db", where, "stats", "--json").stdout)
             for where in (str(laptop), database_url(server), str(down))]
    assert stats[0] == stats[1] == stats[2]
    copied = open_database(down)
    assert counts(copied) == before
    # The copy goes on working: a new record gets a key after the copied ones.
    Services(copied).enterprises.create(EnterpriseInput(name="之后新建的企业"))
    copied.close()


def test_copy_into_a_database_with_records_is_refused_and_changes_nothing(
        tmp_path: Path, make_database: MakeDatabase) -> None:
    source = tmp_path / "a.sqlite"
    Services(open_database(source)).enterprises.create(EnterpriseInput(name="甲公司"))
    target = make_database("busy")
    Services(target).enterprises.create(EnterpriseInput(name="乙公司"))
    before = counts(target)
    r = zhuqi(tmp_path, "copy", "--from", str(source), "--to", database_url(target))
    assert r.returncode == 2 and "已有数据" in r.stderr and "未做任何修改" in r.stderr
    assert counts(target) == before
