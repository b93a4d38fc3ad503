"""`zhuqi` speaks Chinese throughout (issue 23): its help (argparse's own words: usage,
positional arguments, options, show this help message and exit), its usage errors, and
`zhuqi check`'s record counts; argparse outside zhuqi's own parsing is left as it is."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from app.cli import main
from tests.test_cli import zhuqi

ARGPARSE_ENGLISH = re.compile(r"usage:|positional arguments|options:|optional arguments|show this help|"
                              r"show program's|required:|unrecognized|invalid choice|expected one argument|"
                              r"not allowed with|error:")


@pytest.mark.parametrize("args", [("--help",), ("report", "--help"), ("report", "visit", "--help"),
                                  ("stats", "--help"), ("export", "--help"), ("import", "--help"),
                                  ("conflicts", "--help"), ("batches", "--help")])
def test_help_is_chinese(tmp_path: Path, args: tuple[str, ...]) -> None:
    r = zhuqi(*args, home=tmp_path)
    assert r.returncode == 0, r.stderr
    assert not ARGPARSE_ENGLISH.search(r.stdout), r.stdout
    assert r.stdout.startswith("用法：") and "显示本帮助并退出" in r.stdout
    assert re.search(r"^(位置参数|选项)：$", r.stdout, re.MULTILINE), r.stdout


@pytest.mark.parametrize(("args", "said"), [
    (("report", "visit"), "缺少必需的参数：VISIT_ID"),
    (("stats", "--scale", "2"), "无法识别的参数：--scale 2"),
    (("report", "periodic", "--month", "2026-05", "--quarter", "2026Q2"), "不能与参数 --month 同时使用"),
    (("nonsense",), "无效的选择：'nonsense'"),
    (("demo", "--scale"), "需要给出一个值"),
])
def test_usage_errors_are_one_chinese_line(tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    r = zhuqi(*args, home=tmp_path)
    assert r.returncode == 2
    assert said in r.stderr and not ARGPARSE_ENGLISH.search(r.stderr), r.stderr
    assert r.stderr.count("\n") == 1


def test_check_names_the_records_in_chinese(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    assert zhuqi("demo", "--scale", "0.1", "--db", db, home=tmp_path).returncode == 0
    r = zhuqi("check", "--db", db, home=tmp_path)
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("记录数："))
    assert "企业" in line and "办理进展" in line and not re.search(r"[a-z_]{4,}", line), line
    r = zhuqi("init", "--db", db, home=tmp_path)
    assert "本机安装编号：" in r.stdout and " ID" not in r.stdout


def test_argparse_elsewhere_is_left_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ZHUQI_HOME", str(tmp_path))
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "用法：" in capsys.readouterr().out
    parser = argparse.ArgumentParser(prog="other")
    assert "usage: other" in parser.format_help() and "show this help message" in parser.format_help()
