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
from tests.factories import VALID_CODES, enterprise, problem

TABLES = ("enterprises", "cadres", "assignments", "visits", "problems", "progress_entries", "history",
          "exchange_bases", "exchange_changes")


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


@pytest.mark.slow
def test_kill_during_import(tmp_path: Path) -> None:
    source = open_database(tmp_path / "source.sqlite")
    generate(source, scale=3, seed=2, today=TODAY)
    big = tmp_path / "大台账.xlsx"
    Services(source, FixedClock(TODAY)).exchange.export(big)
    source.close()
    office_path = tmp_path / "office.sqlite"
    office = Services(open_database(office_path), FixedClock(TODAY))
    problem(office, enterprise(office, code=VALID_CODES[0]))
    office.db.close()
    before = counts(office_path)

    env = dict(os.environ, ZHUQI_HOME=str(tmp_path), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "app", "import", str(big), "--db", str(office_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    seen = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen += line
        if "合并" in line or not line:
            break
    assert "合并" in seen, f"no progress line before the merge: {seen!r}"
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
    office = Services(open_database(office_path), FixedClock(TODAY))
    report = office.exchange.import_paths([big])
    assert report.all_read and report.totals["problems"]["created"] > 1000
    office.db.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a console event on Windows, not a signal")
def test_ctrl_c_stops_an_import_cleanly_and_keeps_the_files_finished(tmp_path: Path) -> None:
    source = open_database(tmp_path / "source.sqlite")
    generate(source, scale=3, seed=2, today=TODAY)
    big = tmp_path / "b_大台账.xlsx"
    Services(source, FixedClock(TODAY)).exchange.export(big)
    source.close()
    small_db = Services(open_database(tmp_path / "small.sqlite"), FixedClock(TODAY))
    problem(small_db, enterprise(small_db, "甲企业", code=VALID_CODES[0]))
    small = tmp_path / "a_甲企业.xlsx"
    small_db.exchange.export(small)
    small_db.db.close()
    office_path = tmp_path / "office.sqlite"
    open_database(office_path).close()

    env = dict(os.environ, ZHUQI_HOME=str(tmp_path), PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "app", "import", str(small), str(big), "--db", str(office_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8",
                            # Ctrl+C as at a terminal, also where the tests run as a background job (SIGINT ignored).
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    seen = ""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        seen += line
        if "合并 b_大台账" in line or not line:
            break
    assert "合并 b_大台账" in seen, f"no progress line for the big file: {seen!r}"
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
    office = Services(open_database(office_path), FixedClock(TODAY))
    [batch] = office.exchange.batches()
    assert [(Path(f.path).name, f.status, f.error) for f in batch.files] == [
        (small.name, "imported", ""), (big.name, "skipped", "已取消，未导入")]
    assert batch.finished_at is None  # listed as 未完成
    office.db.close()
    listing = subprocess.run([sys.executable, "-m", "app", "batches", "--db", str(office_path)], capture_output=True,
                             env=env, text=True, encoding="utf-8", check=True).stdout
    assert "未完成" in listing and f"{big.name}：已取消，未导入" in listing
