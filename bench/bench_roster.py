"""Benchmark: a county's enterprise roster (企业名录) imported by the office.

    .venv/bin/python bench/bench_roster.py [--rows 10000] [--dir PATH] [--keep]

Writes a roster as a register's search exports it — a title row, 10,000
enterprises with valid credit codes, 国标行业 paths, phones, 登记状态 (a fifth of
them 注销, which are rejected) and columns we keep no field for — then times,
each as a real `zhuqi` process:
  1. `zhuqi import` into an empty office database (every enterprise created),
  2. the same roster again (every enterprise found by its credit code: 未变),
  3. the same roster with `--tag 专精特新` (every enterprise found and tagged),
and reports each process's peak memory and CPU time (see bench_merge.py)."""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.standards.credit_code import CHARSET, check_character  # noqa: E402
from bench.bench_merge import ROOT, compile_checkout, paired, run  # noqa: E402

INDUSTRIES = ("制造业 > 通用设备制造业 > 金属加工机械制造", "批发和零售业 > 零售业", "软件和信息技术服务业",
              "建筑业 > 房屋建筑业", "农、林、牧、渔业 > 农业", "住宿和餐饮业 > 餐饮业")
REGIONS = ("城关镇", "石桥镇", "柳林镇", "王庄乡", "白沙乡", "马集镇", "青龙乡", "城东街道")


def write_roster(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("企业列表")
    ws.append(["河阳县企业名录（导出时间：2026-11-30）"])
    ws.append(["序号", "企业名称", "统一社会信用代码", "法定代表人", "联系电话", "所属乡镇", "国标行业", "登记状态",
               "成立日期", "注册资本", "经营范围"])
    codes: set[str] = set()
    for i in range(rows):
        while True:
            body = "914109" + "".join(rng.choice(CHARSET) for _ in range(11))
            code = body + check_character(body)
            if code not in codes:
                codes.add(code)
                break
        ws.append([i + 1, f"河阳县{rng.choice(REGIONS)}第{i + 1}号企业有限公司", code,
                   rng.choice("王李张刘陈杨赵黄周吴") + rng.choice("伟芳强静磊洋娜敏军杰"),
                   f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}", rng.choice(REGIONS),
                   rng.choice(INDUSTRIES), "注销" if rng.random() < 0.2 else "存续",
                   f"20{rng.randint(0, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   f"{rng.randint(1, 50) * 100}万元人民币", "生产、销售"])
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--dir", type=Path, help="working folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="paired runs of the floor and the import (0: none)")
    ap.add_argument("--before", type=Path, help="a checkout of the code before a change, run alternately too")
    args = ap.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-roster-"))
    work.mkdir(parents=True, exist_ok=True)
    roster = work / "企业名录.xlsx"
    write_roster(roster, args.rows, args.seed)
    print(f"roster: {args.rows} rows, {roster.stat().st_size / 1e6:.1f} MB")
    if args.runs:
        paired(f"zhuqi import of the {args.rows}-row roster against the raw floor", [roster], ["--as", "王芳"], work,
               args.runs, args.before)
    office = work / "office.sqlite"
    compile_checkout(ROOT)
    for f in work.glob("office.sqlite*"):
        f.unlink()
    subprocess.run([sys.executable, "-m", "app", "init", "--db", str(office)], capture_output=True, check=True)
    for label, extra in (("zhuqi import (empty database)", []), ("zhuqi import again (all found)", []),
                         ("zhuqi import again --tag 专精特新", ["--tag", "专精特新"])):
        _, _, out = run(label, ["import", str(roster), "--db", str(office), "--as", "王芳", *extra], work)
        print("   " + next((line for line in out.splitlines() if line.startswith("合计")), "")[:200])
    if not args.keep and not args.dir:
        shutil.rmtree(work)
    else:
        print(f"working folder: {work}")


if __name__ == "__main__":
    main()
