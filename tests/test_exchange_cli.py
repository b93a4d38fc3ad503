"""`zhuqi export/import/merge/conflicts/batches` as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest


def zhuqi(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ZHUQI_HOME=str(home), PYTHONIOENCODING="utf-8")
    env.pop("ZHUQI_DB", None)
    # Imports, undos and settled conflicts record who acted: the tests act as 测试员.
    return subprocess.run([sys.executable, "-m", "app", "--as", "测试员", *args], check=False, capture_output=True,
                          text=True,
                          env=env, encoding="utf-8", timeout=300)


def test_laptops_to_office_and_back(tmp_path: Path) -> None:
    a, b, office = (str(tmp_path / f"{n}.sqlite") for n in ("a", "b", "office"))
    assert zhuqi(tmp_path, "demo", "--scale", "0.05", "--seed", "1", "--db", a).returncode == 0
    assert zhuqi(tmp_path, "demo", "--scale", "0.05", "--seed", "2", "--db", b).returncode == 0
    inbox = tmp_path / "来件"
    inbox.mkdir()
    for name, db in (("甲", a), ("乙", b)):
        r = zhuqi(tmp_path, "export", str(inbox / f"{name}.xlsx"), "--db", db)
        assert r.returncode == 0 and "已导出" in r.stdout, r.stderr
    ledger = tmp_path / "汇总台账.xlsx"
    r = zhuqi(tmp_path, "merge", str(inbox), "-o", str(ledger), "--db", office)
    assert r.returncode == 0, r.stderr
    assert "合计" in r.stdout and "导入批次" in r.stdout and ledger.exists()
    con = sqlite3.connect(office)
    enterprises = con.execute("SELECT count(*) FROM enterprises").fetchone()[0]
    con.close()
    assert enterprises == 20
    # Again, as JSON: nothing new.
    r = zhuqi(tmp_path, "import", str(inbox), "--json", "--db", office)
    data = json.loads(r.stdout)
    assert r.returncode == 0 and all(f["status"] == "imported" for f in data["files"])
    assert data["totals"]["enterprises"]["unchanged"] == 20 and data["totals"]["problems"]["created"] == 0
    # The office's ledger goes back to a laptop: A learns B's records.
    r = zhuqi(tmp_path, "import", str(ledger), "--db", a)
    assert r.returncode == 0 and "新增 10" in r.stdout, r.stdout
    r = zhuqi(tmp_path, "batches", "--db", office)
    assert r.returncode == 0 and r.stdout.count("文件 2 个") == 2
    # The ledger written into the folder it merges is not read back into itself the next time.
    inside = inbox / "汇总台账.xlsx"
    for _ in range(2):
        r = zhuqi(tmp_path, "merge", str(inbox), "-o", str(inside), "--db", office)
        assert r.returncode == 0 and inside.exists(), r.stderr
    assert "汇总台账.xlsx：这是本次要写入的汇总台账文件，已跳过" in r.stdout, r.stdout
    # Each batch in one line with its files (a batch of hundreds: the ones not imported, and how to see all).
    listing = zhuqi(tmp_path, "batches", "--db", office).stdout
    newest = listing.splitlines()[0].split()[0]
    assert "甲.xlsx：已导入" in listing and "汇总台账.xlsx：已跳过" in listing
    shown = zhuqi(tmp_path, "batches", "show", newest, "--db", office).stdout
    assert shown.splitlines()[0].startswith(newest) and shown.count("\n    ") == 3
    # The ledger cannot be written (here: a folder of that name; on Windows, the file open in Excel): the
    # import is reported and kept, and the reason is said.
    blocked = tmp_path / "被占用.xlsx"
    blocked.mkdir()
    r = zhuqi(tmp_path, "merge", str(inbox / "甲.xlsx"), "-o", str(blocked), "--db", office)
    assert r.returncode == 2 and "合计" in r.stdout and "汇总台账未保存：无法写入" in r.stderr, r.stderr
    r = zhuqi(tmp_path, "merge", str(inbox), "-o", str(tmp_path / "没有的文件夹" / "台账.xlsx"), "--db", office)
    assert r.returncode == 2 and "导出文件夹不存在" in r.stderr and "合计" not in r.stdout  # refused before importing


def edit_demand(path: str, problem_id: str, demand: str) -> None:
    """A person edits a problem's 企业诉求 in the window (through the same service)."""
    from dataclasses import asdict

    from app.clock import FixedClock
    from app.services import Services
    from app.services.problems import ProblemInput
    from db.database import open_database

    db = open_database(path)
    try:
        services = Services(db, FixedClock(date.today()))
        p = services.problems.get(problem_id)
        fields = {k: v for k, v in asdict(p).items() if k in ProblemInput.__dataclass_fields__}
        services.problems.update_details(problem_id, ProblemInput(**{**fields, "demand": demand}))
    finally:
        db.close()


def test_conflict_resolution_and_undo_from_the_command_line(tmp_path: Path) -> None:
    office = str(tmp_path / "office.sqlite")
    laptop = str(tmp_path / "laptop.sqlite")
    assert zhuqi(tmp_path, "demo", "--scale", "0.05", "--db", laptop).returncode == 0
    zhuqi(tmp_path, "export", str(tmp_path / "1.xlsx"), "--db", laptop)
    assert zhuqi(tmp_path, "import", str(tmp_path / "1.xlsx"), "--db", office).returncode == 0
    pid = sqlite3.connect(office).execute("SELECT id FROM problems ORDER BY id LIMIT 1").fetchone()[0]
    for db, text in ((laptop, "笔记本上的修改"), (office, "办公室的修改")):
        edit_demand(db, pid, text)
    zhuqi(tmp_path, "export", str(tmp_path / "2.xlsx"), "--db", laptop)
    r = zhuqi(tmp_path, "import", str(tmp_path / "2.xlsx"), "--db", office)
    assert "冲突 1" in r.stdout and "zhuqi conflicts" in r.stdout
    r = zhuqi(tmp_path, "conflicts", "--db", office)
    assert "企业诉求：本机 办公室的修改 ｜ 来件 笔记本上的修改" in r.stdout, r.stdout
    assert zhuqi(tmp_path, "conflicts", "resolve", "--keep", "incoming", "--db", office).returncode == 2
    r = zhuqi(tmp_path, "conflicts", "resolve", "--all", "--keep", "incoming", "--db", office)
    assert r.returncode == 0 and "采用来件版本" in r.stdout
    demand = sqlite3.connect(office).execute("SELECT demand FROM problems WHERE id = ?", (pid,)).fetchone()[0]
    assert demand == "笔记本上的修改"
    assert "没有等待处理的冲突" in zhuqi(tmp_path, "conflicts", "--db", office).stdout
    # The first batch cannot be undone any more: its records changed since.
    batches = [line for line in zhuqi(tmp_path, "batches", "--db", office).stdout.splitlines()
               if not line.startswith(" ")]
    first = batches[-1].split()[0]  # newest first
    r = zhuqi(tmp_path, "batches", "undo", first, "--db", office)
    assert r.returncode == 2 and "不能撤销" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (("import", "不存在的文件夹"), "不存在"),
    (("export", "out.csv"), ".xlsx 结尾"),
    (("import", ".", "--map", "错误"), "列名=字段"),
    (("import", ".", "--tag", " "), "标签名"),
    (("conflicts", "resolve", "abc", "--keep", "local"), "没有编号为 abc 的冲突"),
    (("batches", "undo", "abc"), "没有编号为 abc 的导入批次"),
    (("export", "x.xlsx", "--from", "2026-05-01", "--to", "2026-01-01"), "晚于截止日期"),
])
def test_mistakes_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    r = zhuqi(tmp_path, *args, "--db", str(tmp_path / "d.sqlite"))
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_dry_run_says_so_and_writes_nothing(tmp_path: Path) -> None:
    laptop, office = str(tmp_path / "l.sqlite"), str(tmp_path / "o.sqlite")
    zhuqi(tmp_path, "demo", "--scale", "0.05", "--db", laptop)
    zhuqi(tmp_path, "export", str(tmp_path / "x.xlsx"), "--db", laptop)
    r = zhuqi(tmp_path, "import", str(tmp_path / "x.xlsx"), "--dry-run", "--db", office)
    assert r.returncode == 0 and "试导入：未写入任何内容" in r.stdout and "新增 10" in r.stdout
    assert sqlite3.connect(office).execute("SELECT count(*) FROM enterprises").fetchone()[0] == 0


def test_a_dry_run_does_not_send_the_user_to_conflicts_it_did_not_store(tmp_path: Path) -> None:
    from tests.test_exchange_roster import ROWS, roster_xlsx

    office = str(tmp_path / "o.sqlite")
    zhuqi(tmp_path, "import", str(roster_xlsx(tmp_path / "a.xlsx", ROWS[:1])), "--db", office)
    changed = [[1, "河阳县恒达铝业有限公司", ROWS[0][2], "王伟", "13900009999", "城关镇", "", ""]]
    r = zhuqi(tmp_path, "import", str(roster_xlsx(tmp_path / "b.xlsx", changed)), "--dry-run", "--db", office)
    assert r.returncode == 0 and "正式导入时将有 1 条冲突等待处理" in r.stdout and "zhuqi conflicts" not in r.stdout
    r = zhuqi(tmp_path, "import", str(tmp_path / "b.xlsx"), "--db", office)
    assert "有 1 条冲突等待处理：zhuqi conflicts" in r.stdout


def test_a_roster_imported_with_a_tag_tags_its_enterprises(tmp_path: Path) -> None:
    from tests.factories import VALID_CODES
    from tests.test_exchange_roster import roster_xlsx

    office = str(tmp_path / "o.sqlite")
    path = roster_xlsx(tmp_path / "高新技术企业名单.xlsx", [["河阳县恒达铝业有限公司", VALID_CODES[0]]],
                       header=["企业名称", "统一社会信用代码"])
    r = zhuqi(tmp_path, "import", str(path), "--tag", "高新技术企业", "--db", office)
    assert r.returncode == 0 and "代码表“企业标签”新增：高新技术企业" in r.stdout, r.stderr
    con = sqlite3.connect(office)
    assert con.execute("SELECT tag FROM enterprise_tags").fetchall() == [("高新技术企业",)]
    con.close()
    # Tagging the enterprise already here, then undoing that batch, takes the tag back.
    r = zhuqi(tmp_path, "import", str(path), "--tag", "专精特新", "--db", office)
    assert r.returncode == 0 and "更新 1" in r.stdout, r.stdout
    batch = r.stdout.split("导入批次：")[1].split("（")[0]
    assert zhuqi(tmp_path, "batches", "undo", batch, "--db", office).returncode == 0
    con = sqlite3.connect(office)
    assert con.execute("SELECT tag FROM enterprise_tags").fetchall() == [("高新技术企业",)]
    con.close()
