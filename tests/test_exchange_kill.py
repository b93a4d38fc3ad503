"""A `zhuqi import` killed in the middle of a file leaves the database
consistent and exactly as it was before that file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.services import Services
from app.services.demo import generate
from db.database import open_database
from tests.conftest import TODAY
from tests.factories import VALID_CODES, acting, enterprise, problem

TABLES = ("enterprises", "cadres", "assignments", "visits", "problems", "progress_entries", "history",
          "exchange_conflicts", "exchange_changes")


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


def big_workbook(path: Path) -> Path:
    """An exchange workbook that takes the import a few seconds (the demo county three times over)."""
    source = open_database(path.with_suffix(".sqlite"))
    generate(source, scale=3, seed=2, today=TODAY)
    Services(source, FixedClock(TODAY)).exchange.export(path)
    source.close()
    return path


def zhuqi_env(home: Path) -> dict[str, str]:
    return dict(os.environ, ZHUQI_HOME=str(home), PYTHONIOENCODING="utf-8")


def _default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_import(home: Path, files: list[Path], db: Path, *, until: str) -> subprocess.Popen[str]:
    """`zhuqi import FILES --db DB` in a process of its own, once its progress has said `until`."""
    proc = subprocess.Popen([sys.executable, "-m", "app", "import", *map(str, files), "--db", str(db), "--as",
                             "测试员"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=zhuqi_env(home), text=True,
                            encoding="utf-8",
                            # Ctrl+C as at a terminal, also where the tests run as a background job (SIGINT ignored).
                            preexec_fn=_default_ctrl_c if os.name == "posix" else None)  # noqa: PLW1509
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    seen = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen += line
        if until in line or not line:
            break
    assert until in seen, f"no progress line “{until}”: {seen!r}"
    return proc


@pytest.mark.slow
def test_kill_during_import(tmp_path: Path) -> None:
    big = big_workbook(tmp_path / "大台账.xlsx")
    office_path = tmp_path / "office.sqlite"
    office = acting(Services(open_database(office_path), FixedClock(TODAY)))
    problem(office, enterprise(office, code=VALID_CODES[0]))
    office.db.close()
    before = counts(office_path)

    proc = start_import(tmp_path, [big], office_path, until="合并")
    time.sleep(0.5)  # well inside the file's transaction
    assert proc.poll() is None, "the import finished before it could be killed: make the workbook bigger"
    proc.kill()
    proc.wait(timeout=30)

    con = sqlite3.connect(office_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    assert counts(office_path) == before
    # The same workbook imports completely afterwards.
    office = acting(Services(open_database(office_path), FixedClock(TODAY)))
    report = office.exchange.import_paths([big])
    assert report.all_read and report.totals["problems"]["created"] > 1000
    office.db.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a console event on Windows, not a signal")
def test_ctrl_c_stops_an_import_cleanly_and_keeps_the_files_finished(tmp_path: Path) -> None:
    big = big_workbook(tmp_path / "b_大台账.xlsx")
    small_db = acting(Services(open_database(tmp_path / "small.sqlite"), FixedClock(TODAY)))
    problem(small_db, enterprise(small_db, "甲企业", code=VALID_CODES[0]))
    small = tmp_path / "a_甲企业.xlsx"
    small_db.exchange.export(small)
    small_db.db.close()
    office_path = tmp_path / "office.sqlite"
    open_database(office_path).close()

    proc = start_import(tmp_path, [small, big], office_path, until=f"合并 {big.name}")
    time.sleep(0.3)
    assert proc.poll() is None, "the import finished before Ctrl+C: make the workbook bigger"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "正在停止" in err and "已取消" in err and "内部错误" not in err
    assert f"✓ {small.name}" in out and f"其余 1 个文件未导入（从 {big.name} 起）" in out

    con = sqlite3.connect(office_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT name FROM enterprises").fetchall() == [("甲企业",)]
    finally:
        con.close()
    office = acting(Services(open_database(office_path), FixedClock(TODAY)))
    [batch] = office.exchange.batches()
    assert [(Path(f.path).name, f.status, f.error) for f in batch.files] == [
        (small.name, "imported", ""), (big.name, "skipped", "已取消，未导入")]
    assert batch.finished_at is not None  # over: cancelled, not running
    office.db.close()
    listing = subprocess.run([sys.executable, "-m", "app", "batches", "--db", str(office_path)], capture_output=True,
                             env=zhuqi_env(tmp_path), text=True, encoding="utf-8", check=True).stdout
    assert "（已取消：已完成的文件保留）" in listing and "未完成" not in listing
    assert f"{big.name}：已取消，未导入" in listing
