"""`zhuqi` end to end, as a user runs it: a real process on a temporary database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__


def zhuqi(*args: str, env_db: str | None = None, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ZHUQI_HOME=str(home), PYTHONIOENCODING="utf-8")
    env.pop("ZHUQI_DB", None)
    if env_db:
        env["ZHUQI_DB"] = env_db
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env,
                          encoding="utf-8", timeout=300)


def test_version(tmp_path: Path) -> None:
    r = zhuqi("--version", home=tmp_path)
    assert r.returncode == 0 and __version__ in r.stdout


def test_the_parser_is_built_without_the_database_layer() -> None:
    """`zhuqi --version`, `--help` and a usage error answer without importing SQLAlchemy or the
    mapped models (0.4 s of CPU at every start before); the commands import them when they run."""
    code = ("import sys, app.cli\n"
            "app.cli.build_parser().parse_args(['import', 'x.xlsx', '--tag', 'a'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6', 'openpyxl',"
            " 'reportlab') or m in ('db.models', 'app.exchange.schema', 'app.exchange.commands')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_conflicts_keep_choices_are_the_resolutions() -> None:
    from app.exchange.arguments import KEEP_CHOICES
    from app.exchange.versions import Resolution

    assert KEEP_CHOICES == (Resolution.LOCAL.value, Resolution.INCOMING.value)


def test_demo_stats_check_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    r = zhuqi("demo", "--db", db, "--seed", "7", "--today", "2026-06-15", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "已生成演示数据" in r.stdout
    r = zhuqi("--db", db, "stats", "--json", home=tmp_path)  # --db before the sub-command too
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    p = data["problems"]
    assert 1500 < p["raised"] < 2500
    assert p["solved"] + p["deferred"] + p["in_progress"] + p["listed"] == p["raised"]
    assert 0 < p["overdue"] < p["raised"] and 0 < p["closed"] <= p["solved"]
    assert data["coverage"]["list"] == "规上企业" and data["coverage"]["listed"] >= data["coverage"]["covered"] > 0
    assert data["by_region"] and data["by_unit"] and data["by_category"] and data["by_cadre"] and data["by_leader"]
    for key in ("resolve_rate", "solve_rate", "on_time_rate", "close_rate", "revisit_rate", "satisfaction_rate"):
        assert 0 < p[key] <= 1, key
    assert data["overdue_now"]["total"] == sum(data["overdue_now"]["by_stage"].values()) > 0
    assert set(data["average_working_days"]) == {"交办", "首次反馈", "办结", "回访"}
    assert [g["key"] for g in data["by_origin"]] == ["上级交办", "自查"]
    assert data["ranking"]["ranked"][0]["place"] == 1
    r = zhuqi("check", home=tmp_path, env_db=db)
    assert r.returncode == 0 and "检查通过" in r.stdout, r.stdout + r.stderr


def test_demo_refuses_a_database_with_data(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    assert zhuqi("demo", "--scale", "0.1", "--db", db, home=tmp_path).returncode == 0
    r = zhuqi("demo", "--db", db, home=tmp_path)
    assert r.returncode == 2 and "已有" in r.stderr and "Traceback" not in r.stderr


def test_default_database_lives_in_the_data_folder(tmp_path: Path) -> None:
    r = zhuqi("init", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "zhuqi.sqlite").is_file()


def test_stats_period_text_output(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    zhuqi("demo", "--scale", "0.2", "--db", db, home=tmp_path)
    r = zhuqi("stats", "--db", db, "--from", "2026年1月1日", "--to", "2026.12.31", "--never-visited", home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "覆盖率" in r.stdout and "化解率" in r.stdout and "按期办结率" in r.stdout and "未走访" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("stats", "--from", "明天"), "无法识别的日期"),
        (("stats", "--from", "2026-05-01", "--to", "2026-01-01"), "晚于截止日期"),
        (("frobnicate",), "参数错误"),
    ],
)
def test_user_mistakes_are_one_line_without_traceback(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    r = zhuqi(*args, home=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_check_reports_a_corrupted_file(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite"
    assert zhuqi("demo", "--scale", "0.5", "--db", str(db), home=tmp_path).returncode == 0
    data = bytearray(db.read_bytes())
    data[4096 * 3: 4096 * 3 + 2000] = b"\xff" * 2000  # scribble over a b-tree page
    db.write_bytes(bytes(data))
    r = zhuqi("check", "--db", str(db), home=tmp_path)
    assert r.returncode == 1
    assert "损坏" in r.stderr and "检查未通过" in r.stderr and "Traceback" not in r.stderr


def test_a_quick_check_tells_the_user_it_was_quick(tmp_path: Path) -> None:
    """`check --quick` runs SQLite's quick_check (indexes not compared with their tables: several
    times faster on a city's 6 GB file) and says so; the full check stays the default."""
    db = tmp_path / "d.sqlite"
    assert zhuqi("demo", "--scale", "0.1", "--db", str(db), home=tmp_path).returncode == 0
    quick = zhuqi("check", "--quick", "--db", str(db), home=tmp_path)
    assert quick.returncode == 0 and "快速检查（quick_check）" in quick.stdout and "检查通过" in quick.stdout
    full = zhuqi("check", "--db", str(db), home=tmp_path)
    assert full.returncode == 0 and "快速检查" not in full.stdout


def test_check_reports_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 500)
    r = zhuqi("check", "--db", str(bad), home=tmp_path)
    assert r.returncode == 1 and "不是 SQLite 数据库文件" in r.stderr
    r = zhuqi("stats", "--db", str(bad), home=tmp_path)
    assert r.returncode == 2 and "不是 SQLite 数据库文件" in r.stderr
    assert bad.read_bytes().startswith(b"PK")


def test_check_finds_broken_rules(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "d.sqlite"
    assert zhuqi("demo", "--scale", "0.1", "--db", str(db), home=tmp_path).returncode == 0
    con = sqlite3.connect(db)
    con.execute("UPDATE problems SET evaluation = NULL WHERE id = (SELECT id FROM problems WHERE status = '已销号' "
                "LIMIT 1)")
    con.execute("UPDATE enterprises SET credit_code = '914403001922038217' WHERE id = (SELECT id FROM enterprises "
                "WHERE credit_code IS NOT NULL LIMIT 1)")
    con.commit()
    con.close()
    r = zhuqi("check", "--db", str(db), home=tmp_path)
    assert r.returncode == 1
    assert "已销号的问题没有满意的企业评价" in r.stderr and "校验位" in r.stderr


def test_progress_prints_whole_lines_once_work_is_slow(capsys: pytest.CaptureFixture[str]) -> None:
    from app.console import ProgressLines

    ProgressLines()(1, 20, "读取问题 1/20")  # under a second: nothing
    slow = ProgressLines(after=0, every=0)
    slow(3, 20, "读取问题 3/20")
    slow(4, 500, "导入 a.xlsx")
    slow(0, 0, "正在写入汇总台账")
    assert capsys.readouterr().err == "读取问题 3/20\n[4/500] 导入 a.xlsx\n正在写入汇总台账\n"
