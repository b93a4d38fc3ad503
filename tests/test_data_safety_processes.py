"""Data safety, second round (issue 22), with real processes: a restore or a second
import beside a running import, an export beside a form save, a full disk (a small
file-size limit), kills that leave litter, and who acts from the command line."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app import backups
from app.clock import FixedClock
from app.services import Services
from app.services.demo import generate
from app.services.enterprises import EnterpriseInput
from db.database import open_database
from db.locks import DatabaseLocks
from tests.conftest import TODAY
from tests.factories import VALID_CODES, acting, enterprise, problem
from tests.test_exchange_kill import big_workbook, start_import, zhuqi_env

POSIX = os.name == "posix"


def zhuqi(home: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """`zhuqi ARGS`; `limit`: a file-size limit in bytes (RLIMIT_FSIZE), as a full disk."""
    def limited() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "app", *args], check=False, capture_output=True, text=True,
                          env=zhuqi_env(home), encoding="utf-8", timeout=300,
                          preexec_fn=limited if limit is not None else None)


def batches(path: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT id, finished_at FROM exchange_batches ORDER BY started_at").fetchall()


def count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as con:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def small_office(tmp_path: Path) -> Path:
    office = tmp_path / "office.sqlite"
    services = acting(Services(open_database(office), FixedClock(TODAY)))
    problem(services, enterprise(services, code=VALID_CODES[0]))
    services.db.close()
    return office


def small_workbook(tmp_path: Path, name: str = "小.xlsx", seed: int = 5) -> Path:
    source = open_database(tmp_path / f"{name}.sqlite")
    generate(source, scale=0.05, seed=seed, today=TODAY)
    Services(source, FixedClock(TODAY)).exchange.export(tmp_path / name)
    source.close()
    return tmp_path / name


# ---- 1. restore and import exclude each other ---------------------------

@pytest.mark.slow
def test_a_restore_during_an_import_is_refused_and_the_import_is_kept(tmp_path: Path) -> None:
    big = big_workbook(tmp_path / "大台账.xlsx")
    office = small_office(tmp_path)
    backup = backups.make_backup(office).path
    proc = start_import(tmp_path, [big], office, until="合并")
    assert proc.poll() is None, "the import finished first: make the workbook bigger"
    r = zhuqi(tmp_path, "restore", str(backup), "--db", str(office), "--as", "张伟")
    assert proc.poll() is None, "the import finished during the restore: make the workbook bigger"
    assert r.returncode == 2 and "数据库正被使用" in r.stderr and "未做任何恢复" in r.stderr, r.stderr
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    batch = re.search(r"导入批次：([0-9a-f]{8})", out)
    assert batch is not None, out
    found = [b for b in batches(office) if b[0].startswith(batch.group(1))]
    assert len(found) == 1 and found[0][1] is not None
    assert count(office, "problems") > 1000
    # Once the import is over, the restore goes ahead (and keeps the imported data in its own backup).
    r = zhuqi(tmp_path, "restore", str(backup), "--db", str(office), "--as", "张伟")
    assert r.returncode == 0, r.stderr
    assert count(office, "problems") == 1


def test_a_command_during_a_restore_waits_then_is_refused(tmp_path: Path) -> None:
    office = small_office(tmp_path)
    with DatabaseLocks(office).exclusive("busy"):
        r = zhuqi(tmp_path, "stats", "--db", str(office))
    assert r.returncode == 2 and "正在从备份恢复" in r.stderr, r.stderr
    assert zhuqi(tmp_path, "stats", "--db", str(office)).returncode == 0


def test_a_restore_while_the_database_is_open_is_refused(tmp_path: Path) -> None:
    office = small_office(tmp_path)
    backup = backups.make_backup(office).path
    db = open_database(office)  # as the window holds it
    try:
        r = zhuqi(tmp_path, "restore", str(backup), "--db", str(office), "--as", "张伟")
        assert r.returncode == 2 and "数据库正被使用" in r.stderr, r.stderr
    finally:
        db.close()


@pytest.mark.slow
def test_a_second_import_waits_its_turn(tmp_path: Path) -> None:
    big = big_workbook(tmp_path / "大台账.xlsx")
    other = small_workbook(tmp_path)
    office = small_office(tmp_path)
    first = start_import(tmp_path, [big], office, until="合并")
    second = subprocess.Popen([sys.executable, "-m", "app", "import", str(other), "--db", str(office),
                               "--as", "李娜"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", env=zhuqi_env(tmp_path))
    _out2, err2 = second.communicate(timeout=300)
    _out1, err1 = first.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert "等待同一数据库上的另一项导入" in err2  # said so while it waited
    done = batches(office)
    assert len(done) == 2 and all(finished for _id, finished in done)


# ---- 6. export reads a snapshot without the write lock ------------------

def test_an_export_holds_no_write_lock_and_reads_one_snapshot(services: Services, tmp_path: Path) -> None:
    eid = enterprise(services)
    problem(services, eid)
    paused, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def progress(_done: int, _total: int, message: str) -> None:
        if "企业名录" in message:
            paused.set()
            go.wait(60)

    def export() -> None:
        try:
            services.exchange.export(tmp_path / "快照.xlsx", progress=progress)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    worker = threading.Thread(target=export)
    worker.start()
    assert paused.wait(60)
    try:
        # A form save while the export runs: it used to wait 10 s for the lock and fail.
        services.enterprises.create(EnterpriseInput(name="导出期间新建的企业"))
        problem(services, eid)
    finally:
        go.set()
        worker.join(60)
    assert not errors, errors
    wb = openpyxl.load_workbook(tmp_path / "快照.xlsx")
    assert wb["问题台账"].max_row == 2  # the snapshot taken when the export began: one problem
    assert [r[1] for r in wb["企业名录"].iter_rows(min_row=2, values_only=True)] == ["河阳县恒达铝业有限公司"]


# ---- 4. a full disk ------------------------------------------------------

@pytest.mark.skipif(not POSIX, reason="a file-size limit (RLIMIT_FSIZE) stands for a full disk on POSIX")
def test_a_full_disk_is_named_never_an_internal_error(tmp_path: Path) -> None:
    home = tmp_path / "数据"
    db = home / "zhuqi.sqlite"
    source = open_database(db)
    generate(source, scale=0.5, seed=3, today=TODAY)
    source.close()
    size = db.stat().st_size
    before = count(db, "problems")
    # The daily backup cannot be written: said, and the command still runs.
    r = zhuqi(home, "stats", "--db", str(db), limit=size // 2)
    assert r.returncode == 0 and "今天的自动备份未能完成" in r.stderr and "数据库未改变" in r.stderr, r.stderr
    assert "统计期间" in r.stdout
    # An export larger than the limit: the file is named, nothing is left behind.
    out = tmp_path / "导出"
    out.mkdir()
    r = zhuqi(home, "export", str(out / "台账.xlsx"), "--db", str(db), limit=64 * 1024)
    assert r.returncode == 2 and "内部错误" not in r.stderr, r.stderr
    assert "台账.xlsx" in r.stderr and "未生成该文件" in r.stderr
    assert list(out.iterdir()) == []
    # Room enough for the first sheets, not for the temporary file SQLite sorts a large sheet's rows in.
    r = zhuqi(home, "export", str(out / "台账.xlsx"), "--db", str(db), limit=1000 * 1024)
    assert r.returncode == 2 and "内部错误" not in r.stderr, r.stderr
    assert "台账.xlsx" in r.stderr and "未生成该文件" in r.stderr
    assert list(out.iterdir()) == []
    # An import that cannot grow the database: named, the database as it was (checked).
    workbook = small_workbook(tmp_path, seed=9)
    r = zhuqi(home, "import", str(workbook), "--db", str(db), "--as", "张伟", limit=64 * 1024)
    assert r.returncode == 2 and "内部错误" not in r.stderr, r.stderr
    assert "无法写入" in r.stderr and str(db) in r.stderr
    assert count(db, "problems") == before
    r = zhuqi(home, "check", "--db", str(db))
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.skipif(not POSIX, reason="a file-size limit (RLIMIT_FSIZE) stands for a full disk on POSIX")
def test_a_database_that_cannot_be_made_for_a_full_disk_is_not_called_damaged(tmp_path: Path) -> None:
    home = tmp_path / "数据"
    db = tmp_path / "新台账.sqlite"
    r = zhuqi(home, "stats", "--db", str(db), limit=1024)
    assert r.returncode != 0 and "内部错误" not in r.stderr, r.stderr
    # The reason is the disk, and no "restore a backup" for a file that never held anything.
    assert "文件可能已损坏" not in r.stderr and "备份" not in r.stderr, r.stderr
    assert "磁盘" in r.stderr and str(db) in r.stderr, r.stderr
    r = zhuqi(home, "stats", "--db", str(db))  # room again: the same file opens
    assert r.returncode == 0, r.stderr


# ---- 3. the rejection workbook -------------------------------------------

def test_zero_and_minus_one_in_a_date_column_go_to_the_rejection_workbook(tmp_path: Path) -> None:
    home = tmp_path / "h"
    book = small_workbook(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["问题台账"]
    col = next(c.column for c in ws[1] if c.value == "收到日期")
    ws.cell(2, col).value = 0
    ws.cell(3, col).value = -1
    wb.save(book)
    db = str(tmp_path / "office.sqlite")
    r = zhuqi(home, "import", str(book), "--rejects", str(tmp_path / "没有的文件夹" / "r.xlsx"), "--db", db,
              "--as", "张伟")
    assert r.returncode == 2 and "文件夹不存在" in r.stderr, r.stderr
    assert not Path(db).exists() or batches(Path(db)) == []  # refused before importing anything
    r = zhuqi(home, "import", str(book), "--rejects", str(tmp_path / "被拒绝.xlsx"), "--db", db, "--as", "张伟")
    assert r.returncode == 0, r.stderr
    rows = list(openpyxl.load_workbook(tmp_path / "被拒绝.xlsx")["问题台账"].iter_rows(values_only=True))
    assert len(rows) == 3 and all("收到日期" in str(row) for row in rows[1:])


@pytest.mark.skipif(not POSIX, reason="a file-size limit (RLIMIT_FSIZE) stands for a full disk on POSIX")
def test_a_rejection_workbook_that_cannot_be_written_takes_the_import_back(tmp_path: Path) -> None:
    import random

    book = small_workbook(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["问题台账"]
    header = [c.value for c in ws[1]]
    template = [c.value for c in ws[2]]
    rng = random.Random(1)
    for _ in range(800):  # rows rejected for their ID, holding text that does not compress (~10 MB)
        row = list(template)
        row[header.index("ID")] = "不是ID"
        row[header.index("问题描述")] = "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(5000))
        ws.append(row)
    wb.save(book)
    db = tmp_path / "office.sqlite"
    open_database(db).close()
    r = zhuqi(tmp_path, "import", str(book), "--rejects", str(tmp_path / "被拒绝.xlsx"), "--db", str(db),
              "--as", "张伟", limit=6 * 1024 * 1024)
    assert r.returncode == 2 and "内部错误" not in r.stderr, r.stderr
    assert "被拒绝的行未能写入" in r.stderr and "本次导入已撤销" in r.stderr
    assert count(db, "problems") == 0 and count(db, "enterprises") == 0
    assert not (tmp_path / "被拒绝.xlsx").exists() and not list(tmp_path.glob(".~*"))


# ---- 5. a renamed sheet ---------------------------------------------------

def test_a_renamed_sheet_fails_the_file_and_a_strange_one_is_noted(services: Services, tmp_path: Path) -> None:
    problem(services, enterprise(services))
    book = tmp_path / "改名.xlsx"
    services.exchange.export(book)
    other = acting(Services(open_database(tmp_path / "o.sqlite"), FixedClock(TODAY)))
    wb = openpyxl.load_workbook(book)
    wb["问题台账"].title = "问题台帐"
    wb.save(book)
    report = other.exchange.import_paths([book])
    f = report.files[0]
    assert f.status == "failed" and "问题台帐" in f.error and "改回“问题台账”" in f.error
    assert count(tmp_path / "o.sqlite", "enterprises") == 0
    wb["问题台帐"].title = "问题台账"
    wb.create_sheet("我的备注")
    wb.save(book)
    f = other.exchange.import_paths([book]).files[0]
    assert f.status == "imported" and any("我的备注" in n for n in f.notes)
    other.db.close()


# ---- 10. litter of killed runs ------------------------------------------

@pytest.mark.slow
def test_a_killed_export_and_a_killed_import_are_tidied_on_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "h"
    db = tmp_path / "big.sqlite"
    source = open_database(db)
    generate(source, scale=3, seed=2, today=TODAY)
    source.close()
    out = tmp_path / "导出"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "app", "export", str(out / "台账.xlsx"), "--db", str(db)],
                            env=zhuqi_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(out.glob(".~*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.kill()
    proc.wait(30)
    litter = list(out.glob(".~*.tmp"))
    assert litter, "the export finished before it could be killed"
    recent = zhuqi(home, "stats", "--db", str(db))
    assert recent.returncode == 0 and litter[0].exists()  # younger than an hour: maybe another export's
    old = time.time() - 2 * 3600
    os.utime(litter[0], (old, old))
    assert zhuqi(home, "stats", "--db", str(db)).returncode == 0
    assert not litter[0].exists()
    # An import killed part-way leaves a batch that the next start closes, undo still possible.
    big = tmp_path / "大台账.xlsx"
    Services(open_database(db)).exchange.export(big)
    office = small_office(tmp_path)
    proc = start_import(home, [small_workbook(tmp_path), big], office, until=f"合并 {big.name}")
    proc.kill()
    proc.wait(30)
    assert [finished for _id, finished in batches(office)] == [None]
    r = zhuqi(home, "batches", "--db", str(office))
    assert r.returncode == 0 and "导入中断，已在之后启动时结束" in r.stdout and "未完成" not in r.stdout, r.stdout
    assert all(finished for _id, finished in batches(office))


def test_a_file_that_imports_nothing_does_not_suggest_an_undo(tmp_path: Path) -> None:
    doc = tmp_path / "说明.docx"
    doc.write_bytes(b"PK\x03\x04not really")
    r = zhuqi(tmp_path, "import", str(doc), "--db", str(tmp_path / "d.sqlite"), "--as", "张伟")
    assert r.returncode == 2 and "batches undo" not in r.stdout and "无需撤销" in r.stdout, r.stdout
    roster = tmp_path / "名录.csv"  # read, but every row rejected: nothing to undo either
    roster.write_text("企业名称,统一社会信用代码\n坏代码企业,123\n", encoding="utf-8")
    r = zhuqi(tmp_path, "import", str(roster), "--db", str(tmp_path / "d.sqlite"), "--as", "张伟")
    assert r.returncode == 0 and "batches undo" not in r.stdout and "无需撤销" in r.stdout, r.stdout


# ---- 11. file names from imported IDs -----------------------------------

def test_report_visits_keeps_file_names_inside_the_folder(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    source = open_database(db)
    generate(source, scale=0.05, seed=1, today=TODAY)
    source.close()
    with sqlite3.connect(db) as con:  # an ID imported before IDs were checked
        (vid,) = con.execute("SELECT id FROM visits LIMIT 1").fetchone()
        con.execute("UPDATE visits SET id = '/../../../x' WHERE id = ?", (vid,))
        con.execute("UPDATE visit_cadres SET visit_id = '/../../../x' WHERE visit_id = ?", (vid,))
        con.execute("UPDATE problems SET visit_id = '/../../../x' WHERE visit_id = ?", (vid,))
    out = tmp_path / "走访"
    r = zhuqi(tmp_path, "report", "visits", "--from", "2000-01-01", "--to", "2030-01-01", "-o", str(out),
              "--db", str(db))
    assert r.returncode == 0, r.stderr
    written = {p.resolve().parent for p in out.rglob("*.pdf")}
    assert written == {out.resolve()} and not list(tmp_path.glob("x*")) and not Path("/x").exists()


# ---- 12. Excel's phantom day --------------------------------------------

def test_the_serial_60_and_days_of_1900_are_refused() -> None:
    from app.exchange import cells
    from app.standards import dates

    for value in (60, "60", 1, date(1900, 2, 28)):
        with pytest.raises(dates.DateError):
            dates.parse(value)
    with pytest.raises(cells.CellError):
        cells.as_datetime(60.5)
    assert dates.parse(61 + 365) == date(1901, 3, 1)


# ---- 13. who acts ----------------------------------------------------------

def test_accountable_commands_need_an_identity_and_record_it(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    book = small_workbook(tmp_path)
    assert zhuqi(tmp_path, "init", "--db", db).returncode == 0  # the README's first commands need none
    r = zhuqi(tmp_path, "import", str(book), "--db", db)
    assert r.returncode == 2 and "还没有设置使用人" in r.stderr and "zhuqi profile set" in r.stderr, r.stderr
    assert batches(Path(db)) == []
    assert zhuqi(tmp_path, "import", str(book), "--dry-run", "--db", db).returncode == 0  # writes nothing
    r = zhuqi(tmp_path, "import", str(book), "--db", db, "--as", "李娜")
    assert r.returncode == 0, r.stderr
    r = zhuqi(tmp_path, "profile", "set", "--name", "张伟", "--unit", "营商办", "--db", db)
    assert r.returncode == 0 and "张伟（营商办）" in r.stdout, r.stderr
    assert "张伟（营商办）" in zhuqi(tmp_path, "profile", "--db", db).stdout
    listing = zhuqi(tmp_path, "batches", "--db", db).stdout
    batch = listing.split()[0]
    assert "李娜" in listing and "未设置使用人" not in listing
    r = zhuqi(tmp_path, "batches", "undo", batch, "--db", db)
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(db) as con:
        actors = {a for (a,) in con.execute("SELECT actor FROM history WHERE via LIKE '撤销%'")}
    assert actors == {"张伟（营商办）"}
    backup = backups.make_backup(Path(db)).path
    r = zhuqi(tmp_path, "restore", str(backup), "--db", db)
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(db) as con:
        (kept,) = con.execute("SELECT value FROM app_meta WHERE key = 'last_restore'").fetchone()
    assert "张伟（营商办）" in kept
