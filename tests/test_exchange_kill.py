"""A `zhuqi import` killed in the middle of a file leaves the database
consistent and exactly as it was before that file."""

from __future__ import annotations

import os
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
