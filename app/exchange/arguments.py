"""The exchange's sub-commands' arguments (export, import, merge, conflicts, batches), apart from
their handlers (app.exchange.commands): building the parser then imports neither the mapped
models nor SQLAlchemy, which every other command (zhuqi --version, backup, profile …) paid at
its start (0.4 s of CPU)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: `conflicts resolve --keep`: app.exchange.versions.Resolution's LOCAL and INCOMING (a test holds them equal).
KEEP_CHOICES = ("local", "incoming")

AddParser = Callable[[str, str], argparse.ArgumentParser]


def register(add: AddParser, date_arg: Callable[[str], Any]) -> None:
    p = add("export", "导出交换工作簿（全部、按条件筛选，或上次导出后的变化）")
    p.add_argument("output", type=Path, metavar="OUT.xlsx", help="导出文件")
    p.add_argument("--from", dest="date_from", type=date_arg, metavar="DATE", help="走访、问题的起始日期")
    p.add_argument("--to", dest="date_to", type=date_arg, metavar="DATE", help="走访、问题的截止日期")
    p.add_argument("--region", help="只导出某乡镇/街道的企业")
    p.add_argument("--unit", help="只导出某单位干部包联的企业")
    p.add_argument("--cadre", help="只导出某干部（姓名或 ID）包联的企业")
    p.add_argument("--enterprise", help="只导出某企业（名称、统一社会信用代码或 ID）")
    p.add_argument("--changed-since-last", action="store_true", help="只导出上次导出到同一文件之后的变化")
    p.add_argument("--redact", action="store_true",
                   help="隐去个人信息（电话号码、身份证号码、企业法定代表人和联系人等姓名），供对外报送；"
                        "这样的文件不能导入")
    p = add("import", "导入交换工作簿或企业名录（.xlsx、.xls、.csv；可给文件夹）")
    _import_options(p)
    p.add_argument("--dry-run", action="store_true", help="试导入：检查并报告，不写入数据库")
    p = add("merge", "汇总：导入全部文件，再导出汇总台账")
    _import_options(p)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx", help="汇总台账文件")
    p = add("conflicts", "列出等待处理的冲突；conflicts resolve ID... --keep local|incoming 处理冲突")
    p.add_argument("action", nargs="?", choices=["resolve"], help="resolve：处理冲突")
    p.add_argument("conflict_ids", nargs="*", metavar="ID", help="冲突编号（可只写前几位，可写多个）")
    p.add_argument("--keep", choices=KEEP_CHOICES,
                   help="local 保留本机版本；incoming 采用来件版本")
    p.add_argument("--all", action="store_true", help="列出时：也列出已处理的冲突；处理时：处理全部等待处理的冲突")
    p = add("batches", "列出导入批次；batches show ID 列出一个批次的每个文件；batches undo ID 撤销一个批次")
    p.add_argument("action", nargs="?", choices=["show", "undo"],
                   help="show：列出一个批次的每个文件；undo：撤销一个批次")
    p.add_argument("batch_id", nargs="?", metavar="ID", help="批次编号（可只写前几位）")


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="文件或文件夹（文件夹内递归查找）")
    p.add_argument("--rejects", type=Path, metavar="OUT.xlsx", help="把被拒绝的行（附原因）写入该工作簿")
    p.add_argument("--json", action="store_true", help="在标准输出打印 JSON 结果")
    p.add_argument("--header-row", type=int, metavar="N", help="企业名录的表头在第 N 行（自动识别失败时）")
    p.add_argument("--map", action="append", default=[], metavar="列名=字段",
                   help="企业名录、问题台账的列对应关系，如 --map 纳税人名称=企业名称、--map 存在困难=问题描述"
                        "（可重复；列名= 表示不导入该列）")
    p.add_argument("--sheet", help="企业名录只读该工作表")
    p.add_argument("--tag", action="append", default=[], metavar="标签",
                   help="给企业名录中的企业（含本机已有的）加标签，如导入专精特新名单时 --tag 专精特新（可重复）")
    p.add_argument("--source", metavar="来源",
                   help="问题台账中没有“问题来源”列（或该格为空）时问题的来源，如上级交办清单用 --source 上级交办")
