"""The `zhuqi` command. Every sub-command works on the database given by --db
(before or after the sub-command), ZHUQI_DB, or the user's data folder.
User mistakes print one Chinese line to stderr and exit non-zero."""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import __version__, privacy
from app.cli_chinese import chinese_argparse
from app.console import EXIT_CANCELLED, ProgressLines, SafeText
from app.errors import UserError
from app.exchange import Cancelled
from app.paths import default_database
from app.standards import dates

if TYPE_CHECKING:
    from app.reports.common import ReportResult
    from app.services import Services
    from app.services.policy_stats import PolicyFigures

EXIT_USER_ERROR = 2
EXIT_CHECK_FAILED = 1
#: When the program started (this module is the entry point's first import): the packaged
#: program's smoke test reads how long the window took to appear.
STARTED = time.perf_counter()


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line, in Chinese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USER_ERROR, f"zhuqi：参数错误：{message}（zhuqi --help 查看用法）\n")

    def format_help(self) -> str:
        # argparse ends each section's heading with an ASCII colon; after Chinese, a full-width one.
        return re.sub(r"^(\S[^\n]*?):$", r"\1：", super().format_help(), flags=re.MULTILINE)


def _date_arg(text: str) -> date:
    try:
        return dates.parse(text)
    except dates.DateError as exc:
        raise argparse.ArgumentTypeError(f"日期“{text}”：{exc}") from None


def _county_arg(text: str) -> str:
    code = text.strip()
    if len(code) != 6 or not code.isdigit():
        raise argparse.ArgumentTypeError(f"“{text}”不是 6 位行政区划代码（如 410728）")
    return code


def _db_option(p: argparse.ArgumentParser, *, top: bool) -> None:
    p.add_argument(
        "--db", metavar="PATH_OR_URL", default=None if top else argparse.SUPPRESS,
        help="数据库文件或 URL（默认：环境变量 ZHUQI_DB，或用户数据目录中的 zhuqi.sqlite）",
    )
    p.add_argument(
        "--as", dest="acting_as", metavar="NAME", default=None if top else argparse.SUPPRESS,
        help="本次命令以该使用人的名义记录（默认：zhuqi profile set 设置的使用人）",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zhuqi", description="助企走访台账：企业走访、问题办理台账（离线）")
    parser.add_argument("--version", action="version", version=f"助企走访台账 zhuqi {__version__}",
                        help="显示程序的版本号并退出")
    _db_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _db_option(p, top=False)
        return p

    add("init", "创建（或升级）数据库")
    p = add("demo", "向空数据库写入演示数据")
    p.add_argument("--scale", type=float, default=1, help="规模（1 ≈ 200 家企业，默认 1）")
    p.add_argument("--seed", type=int, default=1, help="随机种子（相同种子、相同日期生成相同数据）")
    p.add_argument("--today", type=_date_arg, default=None, help="以该日期为“今天”生成数据")
    p = add("stats", "统计：覆盖率、问题办结率、销号率、满意率等")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--from", dest="date_from", type=_date_arg, metavar="DATE", help="起始日期")
    p.add_argument("--to", dest="date_to", type=_date_arg, metavar="DATE", help="截止日期")
    p.add_argument("--region", help="只统计某乡镇/街道")
    p.add_argument("--county", metavar="CODE", type=_county_arg,
                   help="只统计某县（市、区）的企业：6 位行政区划代码，如 410728（市里汇总各县台账后按县分列）")
    p.add_argument("--unit", help="只统计某主办单位")
    p.add_argument("--category", help="只统计某类问题")
    p.add_argument("--leader", help="只统计某包联领导（姓名或 ID）包联的企业")
    p.add_argument("--list", dest="coverage_list", default="规上企业", metavar="LIST",
                   help="覆盖率的名单：规上企业（默认）、四上企业、包联企业或某企业标签（如 专精特新）")
    p.add_argument("--never-visited", action="store_true", help="列出名单中统计期内未走访的企业")
    p.add_argument("--recount", action="store_true",
                   help="先按问题记录重新汇总统计数（zhuqi check 报告统计汇总不一致时使用）")
    p.add_argument("--min-problems", type=int, default=3, metavar="N",
                   help="参加单位排名的最少问题数（默认 3，更少的单列）")
    p = add("check", "检查数据库：文件完整性和业务规则")
    p.add_argument("--quick", action="store_true",
                   help="SQLite 文件只做快速完整性检查（quick_check，不逐条核对索引与表，几十万条以上的大文件快数倍）；"
                        "默认为完整检查（integrity_check）")
    p = add("backup", "立即备份数据库（在线备份并检查完整性）")
    p.add_argument("--to", type=Path, metavar="PATH", help="备份到该文件或文件夹（默认：数据库旁的 backups 文件夹）")
    add("backups", "列出备份：时间、大小、记录数")
    p = add("restore", "用备份恢复数据库（先备份当前数据库，恢复后再检查）")
    p.add_argument("backup", type=Path, metavar="BACKUP", help="备份文件")
    p = add("profile", "查看使用人；profile set --name 姓名 --unit 单位 设置使用人（导入、撤销、恢复等会记下操作人）")
    p.add_argument("action", nargs="?", choices=["set"], help="set：设置使用人")
    p.add_argument("--name", help="姓名")
    p.add_argument("--unit", help="单位")
    p.add_argument("--role", default="", help="角色（包联领导、首席服务员、助企干部、企业联络员）")
    p.add_argument("--phone", default="", help="电话")
    p = add("users", "使用人和角色（共用的数据库）：办公室、经办可修改全部，领导只能查看和打印，"
                     "干部只能修改包联给自己的企业")
    p.add_argument("action", nargs="?", choices=["list", "add", "set-role", "remove"], default="list",
                   help="list 列出（默认）；add 添加；set-role 改角色；remove 删除")
    p.add_argument("name", nargs="?", metavar="NAME", help="姓名")
    p.add_argument("role", nargs="?", metavar="ROLE", help="set-role 的新角色")
    p.add_argument("--role", dest="role_option", metavar="ROLE",
                   help="角色：办公室、经办、领导、干部（也可写 office、clerk、leader、cadre）")
    p.add_argument("--cadre", default="", metavar="NAME", help="干部角色对应的干部姓名（默认与使用人同名）")
    p = add("history", "查看一条记录的修改历史（谁、何时、改了什么、通过什么）")
    p.add_argument("record_id", metavar="RECORD_ID", help="记录 ID（企业、走访、问题等）")
    from app.exchange import register_commands as register_exchange
    from app.policy_commands import register as register_policies
    from app.project_commands import register as register_projects
    from app.workflow_commands import register as register_workflow

    register_exchange(add, _date_arg)
    register_workflow(add, _date_arg, lambda p: _db_option(p, top=False))
    register_policies(add, lambda p: _db_option(p, top=False), _date_arg)
    register_projects(add, lambda p: _db_option(p, top=False), _date_arg)
    _report_parser(add("report", "打印报表（PDF）：走访记录表、一企一档、政策明白纸、问题台账、地企合作项目台账、"
                                 "月度通报、交办单/督办单、空白表"))
    p = add("copy", "把整个数据库（含全部修改历史）复制到另一个新建的空数据库：本机文件 ↔ 办公室服务器")
    p.add_argument("--from", dest="copy_from", required=True, metavar="PATH_OR_URL", help="源数据库（文件或 URL）")
    p.add_argument("--to", dest="copy_to", required=True, metavar="PATH_OR_URL",
                   help="目标数据库（文件或 postgresql://用户@主机/库名），须为空")
    add("gui", "打开桌面窗口")
    return parser


#: Opens the window on a database (path or URL) and returns the exit status when it closes.
OpenWindow = Callable[[str], int]


def main(argv: Sequence[str] | None = None, *, open_window: OpenWindow | None = None) -> int:
    """The `zhuqi` command. `open_window` is the window's entry point, handed in by ui.entry (the
    installed `zhuqi` and the packaged program): the domain layer never imports the window."""
    privacy.restrict_umask()  # every file and folder this run creates: the owner's only
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeText(stdout), SafeText(stderr)
    try:
        return _main(argv, open_window)
    finally:
        gc.unfreeze()  # what the start froze (see _cyclic_gc_paused) is the collector's again: tests call main often
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: Sequence[str] | None, open_window: OpenWindow | None) -> int:
    with _cyclic_gc_paused(), chinese_argparse():  # usage, help and errors in Chinese, as every message
        parser = build_parser()
        args = parser.parse_args(argv)
    command = args.command or "gui"
    handler = _HANDLERS[command]
    try:
        if command == "gui":
            return _cmd_gui(args, open_window)
        return handler(args)
    except Cancelled as exc:  # Ctrl+C during long work, stopped at a safe point
        print(f"zhuqi：{exc}", file=sys.stderr)
        return EXIT_CANCELLED
    except UserError as exc:
        print(f"zhuqi：{exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("zhuqi：已取消", file=sys.stderr)
        return EXIT_CANCELLED
    except BrokenPipeError:
        return 0  # output piped into `head` and the like
    except Exception as exc:  # noqa: BLE001 - a bug, not the user's mistake: keep the details, say it plainly
        log = _save_traceback(exc)
        print(f"zhuqi：程序内部错误，详细信息已保存到 {log}", file=sys.stderr)
        return 70


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """For importing the program's modules (the parser's, the database layer, the services, a
    command's): the collector paused, and what was made meanwhile (modules, classes, functions,
    kept as long as the program runs) frozen after, or the first collections would walk all of it
    still. A roster import spent 0.035-0.06 s of CPU so, none of it garbage. `main` unfreezes
    when the command is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _save_traceback(exc: BaseException) -> str:
    from app import errorlog
    from app.paths import data_dir

    return str(errorlog.write(data_dir() / "logs", exc))


def _open(args: argparse.Namespace) -> Services:
    with _cyclic_gc_paused():
        from app.cleanup import on_start
        from app.services import Services
        from app.services.profile import acting_as
        from app.startup import open_user_database

    services = Services(open_user_database(args.db or default_database(), warn=_warn))
    on_start(services.db)  # litter of runs killed earlier, batches they left unfinished
    if args.acting_as is not None:
        services.db.actor = acting_as(args.acting_as)
    return services


def _warn(message: str) -> None:
    print(f"zhuqi：注意：{message}", file=sys.stderr)


def _sqlite_file(args: argparse.Namespace) -> Path:
    from db import engine as engine_mod

    path = engine_mod.sqlite_path(engine_mod.to_url(args.db or default_database()))
    if path is None:
        raise UserError("备份和恢复只适用于本机 SQLite 数据库文件")
    return path


def _cmd_init(args: argparse.Namespace) -> int:
    services = _open(args)
    print(f"数据库已就绪：{services.db.path or services.db.url}")
    print(f"本机安装编号：{services.db.installation_id}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import generate

    services = _open(args)
    started = time.perf_counter()
    summary = generate(services.db, scale=args.scale, seed=args.seed, today=args.today,
                       progress=lambda m: print(m, file=sys.stderr))
    print(
        f"已生成演示数据：企业 {summary.enterprises} 家，干部 {summary.cadres} 名，包联关系 {summary.assignments} 条，"
        f"走访 {summary.visits} 次，问题 {summary.problems} 个，办理进展 {summary.progress_entries} 条，"
        f"政策 {summary.policies} 项"
        f"（用时 {time.perf_counter() - started:.1f} 秒）"
    )
    print(f"数据库：{services.db.path or services.db.url}")
    return 0


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _cell(value: object, width: int, *, left: bool = False) -> str:
    """Pad to a display width, counting CJK characters as two columns."""
    import unicodedata

    text = str(value)
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    pad = " " * max(0, width - shown)
    return text + pad if left else pad + text


def _leader_id(services: Services, text: str | None) -> str | None:
    if not text:
        return None
    leaders = services.stats.leaders()
    found = [cid for cid, name in leaders if cid == text.strip() or name == text.strip()]
    if not found:
        names = "、".join(name for _, name in leaders) or "无"
        raise UserError(f"没有包联领导“{text}”（包联领导：{names}）")
    return found[0]


def _cmd_stats(args: argparse.Namespace) -> int:
    from app.ranking import rank
    from app.services.stats import StatsQuery

    if args.date_from and args.date_to and args.date_from > args.date_to:
        raise UserError(f"起始日期 {args.date_from} 晚于截止日期 {args.date_to}")
    services = _open(args)
    if args.recount:
        services.stats.recount()
    lists = services.stats.coverage_lists()
    if args.coverage_list not in lists:
        raise UserError(f"覆盖率名单“{args.coverage_list}”不存在（可选：{'、'.join(lists)}）")
    q = StatsQuery(args.date_from, args.date_to, args.region, args.unit, args.category,
                   leader_id=_leader_id(services, args.leader), coverage_list=args.coverage_list,
                   county=args.county)
    report = services.stats.report(q)
    ranking = rank(report.by_unit, max(1, args.min_problems))
    never = services.stats.never_visited(q) if args.never_visited else None
    policy_figures = services.policies.figures(q)
    if args.json:
        out = report.as_dict()
        out["policies"] = policy_figures.as_dict()
        out["ranking"] = {"method": ranking.method, "minimum": ranking.minimum,
                          "ranked": [{"place": r.place, "unit": r.row.key, "score": r.score} for r in ranking.ranked],
                          "apart": [{"unit": r.row.key, "score": r.score} for r in ranking.apart]}
        if never is not None:
            out["never_visited"] = [n.__dict__ for n in never]
        out["projects"] = _project_figures(services, args, as_json=True)
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    t, c = report.totals, report.coverage
    period = f"{q.date_from or '最早'} 至 {q.date_to or '今'}"
    print(f"统计期间：{period}（期内任一天未办结的问题均计入；逾期按 {report.as_of} 计）")
    print(f"{c.list_name} {c.listed} 家，期内已走访 {c.covered} 家，覆盖率 {_pct(c.rate)}；走访 {report.visits} 次")
    print(f"问题 {t.raised} 个（期内新收集 {t.received} 个）：交办 {t.assigned}，办结 {t.solved}，销号 {t.closed}，"
          f"办理中 {t.in_progress}，待交办 {t.listed}，暂不具备条件 {t.deferred}，逾期 {t.overdue}")
    print(f"问题化解率 {_pct(t.resolve_rate)}，办结率 {_pct(t.solve_rate)}，按期办结率 {_pct(t.on_time_rate)}"
          f"（经批准延期 {t.extended} 个，另计），销号率 {_pct(t.close_rate)}，回访率 {_pct(t.revisit_rate)}，"
          f"企业满意率 {_pct(t.satisfaction_rate)}（已评价 {t.evaluated} 个）")
    origin = "；".join(f"{g.key} {g.problems.raised} 个、化解率 {_pct(g.problems.resolve_rate)}"
                      for g in report.by_origin)
    print(f"来源：{origin}")
    stages = "，".join(f"{a.stage.value} {a.average if a.average is not None else '—'}" for a in report.stage_days)
    print(f"各环节平均用时（工作日）：{stages}")
    late = "，".join(f"{k} {v}" for k, v in report.overdue_by_stage.items()) or "无"
    print(f"今天逾期 {report.overdue_now} 个（{late}）；期内督办 {report.supervisions} 次")
    print(f"\n按主办单位排名（{ranking.method}）：")
    widths = (6, 14, 6, 8, 10, 10, 8, 8, 6)
    header = ("名次", "单位", "问题", "化解率", "按期办结率", "满意率", "得分", "逾期", "督办")
    print("  " + "".join(_cell(h, w, left=i in (0, 1)) for i, (h, w) in enumerate(zip(header, widths))))
    for r in [*ranking.ranked, *ranking.apart]:
        p = r.row.problems
        values = (r.place or "单列", r.row.key, p.raised, _pct(p.resolve_rate), _pct(p.on_time_rate),
                  _pct(p.satisfaction_rate), f"{r.score:.1f}", p.overdue, r.row.supervisions or 0)
        print("  " + "".join(_cell(v, w, left=i in (0, 1)) for i, (v, w) in enumerate(zip(values, widths))))
    _print_policy_figures(policy_figures)
    for line in _project_figures(services, args, as_json=False):
        print(line)
    if never is not None:
        print(f"\n{c.list_name}中统计期内未走访的（{len(never)} 家）：")
        for n in never:
            print(f"  {n.region_name}  {n.name}  包联领导：{n.leader or '—'}  首席服务员：{n.chief or '—'}")
    return 0


def _print_policy_figures(f: PolicyFigures) -> None:
    t = f.totals
    print(f"\n政策宣传与兑现：宣讲政策 {f.policies_explained} 项、{t.explained} 次，覆盖企业 {t.reached} 家；"
          f"申报 {t.applied} 件，兑现 {t.granted} 件、{t.amount:,} 元")
    for title, rows in (("按政策", f.by_policy), ("按宣讲单位", f.by_unit), ("按乡镇（街道）", f.by_region)):
        if rows:
            print(f"  {title}：")
        for r in rows:
            print(f"    {r.key or '（未填）'}：宣讲 {r.explained} 次、覆盖企业 {r.reached} 家，申报 {r.applied} 件，"
                  f"兑现 {r.granted} 件、{r.amount:,} 元")


def _project_figures(services: Services, args: argparse.Namespace, *, as_json: bool) -> Any:
    """The 地企合作 section of `zhuqi stats`: 签约数, 开工率, 投产率, 资金到位率 over the period."""
    from app import project_commands

    stats = services.projects.figures(args.date_from, args.date_to)
    if as_json:
        return project_commands.figures_json(stats)
    return ["", *project_commands.figures_lines(stats)]


def _cmd_check(args: argparse.Namespace) -> int:
    from app.services.integrity import check_database

    report = check_database(args.db or default_database(), quick=args.quick)
    for f in report.findings:
        where = f"（记录 {f.record_id}）" if f.record_id else ""
        print(f"{f.severity}：{f.message}{where}", file=sys.stderr if f.severity == "错误" else sys.stdout)
    if report.counts:
        from app.services.integrity import RECORD_LABELS

        print("记录数：" + "，".join(f"{RECORD_LABELS.get(k, k)} {v}" for k, v in report.counts.items()))
    if report.quick:
        print("文件完整性只做了快速检查（quick_check），未逐条核对索引与表的内容；完整检查请去掉 --quick 再运行")
    if report.ok:
        print(f"检查通过：{report.target}")
        return 0
    print(f"检查未通过：{report.target}", file=sys.stderr)
    return EXIT_CHECK_FAILED


def _cmd_copy(args: argparse.Namespace) -> int:
    from app.services.integrity import RECORD_LABELS, check_database
    from app.startup import open_user_database
    from db.copy import copy_database

    source = open_user_database(args.copy_from, warn=_warn)
    try:
        target = open_user_database(args.copy_to, daily_backup=False, warn=_warn)
        try:
            result = copy_database(source, target, progress=lambda m: print(m, file=sys.stderr))
        finally:
            target.close()
    finally:
        source.close()
    if not result.equal:
        raise UserError("复制后两边的行数不一致：" + "，".join(
            f"{name} {n} → {result.target.get(name)}" for name, n in result.source.items()
            if result.target.get(name) != n))
    print("已复制：" + "，".join(f"{RECORD_LABELS.get(k, k)} {v}" for k, v in result.source.items() if v))
    failed = False
    for side, where in (("源", args.copy_from), ("目标", args.copy_to)):
        report = check_database(where)
        for f in report.findings:
            if f.severity == "错误":
                print(f"{side}：{f.severity}：{f.message}", file=sys.stderr)
        print(f"{side}数据库检查{'通过' if report.ok else '未通过'}：{report.target}")
        failed = failed or not report.ok
    return EXIT_CHECK_FAILED if failed else 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from app import backups

    info = backups.make_backup(_sqlite_file(args), backups.MANUAL, to=args.to)
    print(f"已备份到：{info.path}（{info.size / 1e6:.1f} MB，{_counts(info.counts)}），完整性检查通过")
    return 0


def _counts(counts: dict[str, int]) -> str:
    labels = {"enterprises": "企业", "visits": "走访", "problems": "问题"}
    return "，".join(f"{labels.get(k, k)} {v}" for k, v in counts.items()) or "记录数不可读"


def _cmd_backups(args: argparse.Namespace) -> int:
    from app import backups

    path = _sqlite_file(args)
    found = backups.list_backups(path, with_counts=True)
    if not found:
        print(f"还没有备份（备份文件夹：{backups.backup_folder(path)}）")
        return 0
    for b in found:
        print(f"{b.created:%Y-%m-%d %H:%M:%S}  {b.kind_label:<4}  {b.size / 1e6:8.1f} MB  {_counts(b.counts)}  "
              f"{b.path}")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from app import backups
    from app.errors import IdentityRequired
    from app.services.profile import acting_as, label_of
    from db import sqlite_files

    path = _sqlite_file(args)
    if args.acting_as is not None:
        actor = acting_as(args.acting_as)
    else:
        actor = label_of(sqlite_files.read_meta(path, backups.PROFILE_KEYS) if path.exists() else {})
    if not actor:
        raise IdentityRequired("恢复备份")
    saved = backups.restore(path, args.backup, actor=actor)
    if saved is not None:
        print(f"恢复前的数据库已备份到：{saved.path}")
    print(f"已用 {args.backup} 恢复数据库：{path}（完整性检查通过）")
    return 0


def _cmd_profile(args: argparse.Namespace) -> int:
    services = _open(args)
    if args.action == "set":
        if not args.name or not args.unit:
            raise UserError("用法：zhuqi profile set --name 姓名 --unit 单位 [--role 角色] [--phone 电话]")
        p = services.profile.set(args.name, args.unit, args.role, args.phone)
        print(f"已设置使用人：{p.label}{'，' + p.role if p.role else ''}")
        return 0
    if args.name or args.unit:
        raise UserError("设置使用人请写：zhuqi profile set --name 姓名 --unit 单位")
    p = services.profile.get()
    if not p.is_set:
        print("还没有设置使用人：zhuqi profile set --name 姓名 --unit 单位")
        return 0
    print(f"使用人：{p.label}{'，' + p.role if p.role else ''}{'，电话 ' + p.phone if p.phone else ''}")
    print(f"本机安装 ID：{p.installation_id}")
    return 0


def _cmd_users(args: argparse.Namespace) -> int:
    services = _open(args)
    access = services.access
    role = args.role_option or args.role
    if args.action == "list":
        if args.name or role:
            raise UserError("列出使用人请写：zhuqi users list")
        users = access.list()
        if not users:
            print("本数据库还没有使用人名单：所有人都可以修改全部数据。"
                  "添加第一个（须为办公室或经办）：zhuqi users add 姓名 --role 办公室")
            return 0
        for u in users:
            print(f"{u.name}\t{u.role}" + (f"\t包联干部：{u.cadre_name or '（已删除）'}" if u.role == "干部" else ""))
        return 0
    if not args.name:
        raise UserError(f"用法：zhuqi users {args.action} 姓名" + (" 角色" if args.action != "remove" else ""))
    if args.action == "remove":
        access.remove(args.name)
        print(f"已从使用人名单中删除：{args.name.strip()}")
        return 0
    if not role:
        raise UserError(f"请写角色：zhuqi users {args.action} {args.name.strip()} --role 办公室|经办|领导|干部")
    if args.action == "add":
        u = access.add(args.name, role, args.cadre)
        print(f"已添加使用人：{u.label}")
        from app.services.access import person_of

        me = person_of(services.db.actor)
        if me not in {x.name for x in access.list()}:
            _warn(f"当前使用人“{me or '未设置'}”不在名单中，此后的修改会被拒绝；请把自己也加入名单，"
                  "或用 --as 姓名 以名单中的人操作")
    else:
        u = access.set_role(args.name, role, args.cadre)
        print(f"已修改角色：{u.label}")
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    services = _open(args)
    entries = services.history.for_record(args.record_id.strip())
    if not entries:
        raise UserError(f"没有记录 {args.record_id} 的修改历史（ID 是否正确？）")
    for e in entries:
        local = e.changed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        who = e.actor or "（未设置使用人）"
        source = "" if e.installation_id == services.db.installation_id else f"，来自安装 {e.installation_id}"
        print(f"{local}  {e.record_label}{e.operation}  {who}  经由：{e.via or '—'}{source}")
        for c in e.changes:
            print(f"    {c.text}")
    return 0


def _report_parser(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="report_command", metavar="报表", parser_class=_Parser, required=True)

    def add(name: str, help_text: str, *, aliases: Sequence[str] = (), output: str = "输出的 PDF 文件"
            ) -> argparse.ArgumentParser:
        r = sub.add_parser(name, help=help_text, description=help_text, aliases=list(aliases))
        _db_option(r, top=False)
        r.add_argument("-o", "--output", type=Path, metavar="PATH", help=f"{output}（默认：当前文件夹，按报表命名）")
        r.add_argument("--font", type=Path, metavar="FONT", help="使用该 TrueType 字体（.ttf/.ttc）打印全部文字")
        return r

    r = add("visit", "走访记录表：一次走访，供干部和企业签字存档")
    r.add_argument("visit_id", metavar="VISIT_ID", help="走访记录 ID（可只写开头几位）")
    r = add("visits", "批量打印走访记录表：期间内每次走访一个 PDF", output="输出文件夹")
    r.add_argument("--from", dest="date_from", type=_date_arg, metavar="DATE", required=True, help="走访日期自")
    r.add_argument("--to", dest="date_to", type=_date_arg, metavar="DATE", required=True, help="走访日期至")
    r = add("enterprise", "一企一档：企业概况、包联干部、全部走访、全部问题及办理过程", aliases=("dossier",))
    r.add_argument("enterprise_id", metavar="ENTERPRISE", help="企业 ID（可只写开头几位）或统一社会信用代码")
    r = add("policy-sheet", "惠企政策明白纸：适合某企业的现行政策（支持内容、申报方式、联系单位），"
                            "标出已宣讲、已申报、已兑现的")
    r.add_argument("enterprise_id", metavar="ENTERPRISE", help="企业 ID（可只写开头几位）或统一社会信用代码")
    r = add("ledger", "问题台账（A4 横向），筛选条件同窗口中的台账")
    r.add_argument("--status", action="append", default=[], metavar="STATUS",
                   help="办理状态（待交办、办理中、已办结、已销号、暂不具备条件），可重复")
    r.add_argument("--category", action="append", default=[], metavar="C", help="问题类别，可重复")
    r.add_argument("--region", help="乡镇（街道）")
    r.add_argument("--unit", help="主办单位")
    r.add_argument("--overdue", action="store_true", help="只列逾期问题")
    r.add_argument("--from", dest="date_from", type=_date_arg, metavar="DATE", help="收到日期自")
    r.add_argument("--to", dest="date_to", type=_date_arg, metavar="DATE", help="收到日期至")
    r.add_argument("--due-by", type=_date_arg, metavar="DATE", help="只列该日期前到期、尚未办结的问题")
    r.add_argument("--text", default="", help="含该文字（问题、诉求、结果、企业名称、单位）")
    r = add("periodic", "月度（季度、期间）通报：主要指标、单位排名、乡镇和类别情况、逾期问题、未走访企业",
            aliases=("period",))
    when = r.add_mutually_exclusive_group(required=True)
    when.add_argument("--month", metavar="YYYY-MM", help="月份，如 2026-05")
    when.add_argument("--quarter", metavar="YYYYQn", help="季度，如 2026Q2")
    when.add_argument("--from", dest="date_from", type=_date_arg, metavar="DATE", help="起始日期（与 --to 一起）")
    r.add_argument("--to", dest="date_to", type=_date_arg, metavar="DATE", help="截止日期")
    r.add_argument("--region", help="只统计某乡镇/街道")
    r.add_argument("--county", metavar="CODE", type=_county_arg, help="只统计某县（市、区）：6 位行政区划代码")
    r.add_argument("--unit", help="只统计某主办单位")
    r.add_argument("--title", help="标题（默认：关于2026年5月助企纾困问题办理情况的通报）")
    r.add_argument("--number", metavar="N", type=int, help="文号的序号（〔2026〕N号；默认不填，留空待编号）")
    r.add_argument("--leader", help="只统计某包联领导（姓名或 ID）包联的企业")
    r.add_argument("--min-problems", type=int, default=3, metavar="N", help="参加排名的最少问题数（默认 3）")
    r.add_argument("--list", dest="coverage_list", default="规上企业", metavar="LIST",
                   help="覆盖率的名单：规上企业（默认）、四上企业、包联企业或某企业标签")
    for name, what in (("notice", "交办单或督办单：未逾期的问题打印交办单，逾期的打印督办单"),
                       ("assignment", "交办单：把问题交给主办单位"), ("supervision", "督办单：督促主办单位办理")):
        r = add(name, what)
        r.add_argument("problem_id", metavar="PROBLEM_ID", help="问题 ID（可只写开头几位）")
    r = add("revisit", "回访评价表：一个问题，或一次走访的全部已办结问题，供企业签字")
    r.add_argument("problem_id", nargs="?", metavar="PROBLEM_ID", help="问题 ID（可只写开头几位）")
    r.add_argument("--visit", metavar="VISIT_ID", help="改为打印该次走访的全部已办结问题")
    add("blank", "空白走访记录表：没有电脑时手工填写")
    r = add("projects", "地企合作项目台账（A4 横向）：签约数、开工率、投产率、资金到位率和每个项目")
    r.add_argument("--unit", default="", help="只列某责任单位的项目")
    r.add_argument("--stage", default="", help="只列某阶段的项目（在谈、已签约、已开工、已投产、已达效）")
    r.add_argument("--from", dest="date_from", type=_date_arg, metavar="DATE", help="指标的统计期间：签约日期自")
    r.add_argument("--to", dest="date_to", type=_date_arg, metavar="DATE", help="指标的统计期间：截止日期")


def _cmd_report(args: argparse.Namespace) -> int:
    from app import reports
    from app.domain import ProblemStatus
    from app.reports import periods
    from app.reports.fmt import short_id
    from app.services.problems import ProblemFilter
    from app.services.stats import StatsQuery

    options = reports.ReportOptions(font=args.font)
    kind = {"dossier": "enterprise", "period": "periodic"}.get(args.report_command, args.report_command)
    if kind == "blank":
        return _report_done(reports.blank_visit_form(args.output or Path("空白走访记录表.pdf"), options=options))
    services = _open(args)
    progress = ProgressLines()
    if kind == "visit":
        vid = services.visits.resolve_id(args.visit_id)
        return _report_done(reports.visit_record(services, vid, args.output or Path(f"走访记录表-{short_id(vid)}.pdf"),
                                                 options=options))
    if kind == "visits":
        if args.date_from > args.date_to:
            raise UserError(f"起始日期 {args.date_from} 晚于截止日期 {args.date_to}")
        folder = args.output or Path("走访记录表")
        privacy.make_folder(folder)
        results = reports.visit_records(services, args.date_from, args.date_to, folder, options=options,
                                        progress=progress)
        print(file=sys.stderr)
        print(f"已生成 {len(results)} 份走访记录表，共 {sum(r.pages for r in results)} 页：{folder}")
        _warn_missing([ch for r in results for ch in r.missing_characters])
        return 0
    if kind == "enterprise":
        eid = services.enterprises.resolve_id(args.enterprise_id)
        return _report_done(reports.enterprise_dossier(services, eid, args.output
                                                       or Path(f"一企一档-{short_id(eid)}.pdf"),
                                                       options=options, progress=progress))
    if kind == "policy-sheet":
        eid = services.enterprises.resolve_id(args.enterprise_id)
        return _report_done(reports.policy_sheet(services, eid, args.output or Path(f"政策明白纸-{short_id(eid)}.pdf"),
                                                 options=options))
    if kind == "ledger":
        try:
            statuses = tuple(ProblemStatus(s) for s in args.status)
        except ValueError:
            raise UserError(f"办理状态应为：{'、'.join(s.value for s in ProblemStatus)}") from None
        f = ProblemFilter(statuses=statuses, categories=tuple(args.category), region=args.region, unit=args.unit,
                          overdue_only=args.overdue, received_from=args.date_from, received_to=args.date_to,
                          text=args.text, due_by=args.due_by)
        return _report_done(reports.problem_ledger(services, f, args.output or Path("问题台账.pdf"),
                                                   options=options, progress=progress))
    if kind == "periodic":
        if args.month:
            start, end = periods.month_range(args.month)
        elif args.quarter:
            start, end = periods.quarter_range(args.quarter)
        else:
            if args.date_to is None:
                raise UserError("按期间打印通报时请同时给出 --from 和 --to")
            start, end = args.date_from, args.date_to
        if start > end:
            raise UserError(f"起始日期 {start} 晚于截止日期 {end}")
        q = StatsQuery(start, end, args.region, args.unit, leader_id=_leader_id(services, args.leader),
                       coverage_list=args.coverage_list, county=args.county)
        out = args.output or Path(f"通报-{periods.label(start, end)}.pdf")
        return _report_done(reports.periodic_report(services, q, out, title=args.title, options=options,
                                                    progress=progress, number=args.number,
                                                    min_problems=max(1, args.min_problems)))
    if kind == "projects":
        return _report_done(reports.project_ledger(services, args.output or Path("地企合作项目台账.pdf"),
                                                   unit=args.unit, stage=args.stage, date_from=args.date_from,
                                                   date_to=args.date_to, options=options))
    if kind == "revisit":
        if args.visit:
            vid = services.visits.resolve_id(args.visit)
            return _report_done(reports.revisit_form(services, None, args.output or Path(f"回访评价表-{vid[:8]}.pdf"),
                                                     visit_id=vid, options=options))
        if not args.problem_id:
            raise UserError("请给出问题 ID，或用 --visit 给出走访记录 ID")
        rid = services.problems.resolve_id(args.problem_id)
        return _report_done(reports.revisit_form(services, rid, args.output or Path(f"回访评价表-{rid[:8]}.pdf"),
                                                 options=options))
    pid = services.problems.resolve_id(args.problem_id)
    make = {"notice": reports.problem_notice, "assignment": reports.assignment_notice,
            "supervision": reports.supervision_notice}[kind]
    name = {"notice": "交办督办单", "assignment": "交办单", "supervision": "督办单"}[kind]
    return _report_done(make(services, pid, args.output or Path(f"{name}-{short_id(pid)}.pdf"), options=options))


def _report_done(result: ReportResult) -> int:
    print(f"已生成：{result.path}（{result.pages} 页，字体：{'、'.join(result.fonts)}）")
    _warn_missing(list(result.missing_characters))
    return 0


def _warn_missing(chars: list[str]) -> None:
    if chars:
        codes = "、".join(f"U+{ord(c):04X}" for c in dict.fromkeys(chars))
        print(f"注意：有字符当前字体无法显示，已在 PDF 中以红色编码标出：{codes}", file=sys.stderr)


def _cmd_gui(args: argparse.Namespace, open_window: OpenWindow | None = None) -> int:
    if open_window is None:  # `python -m app`: the commands without the window
        raise UserError("此入口只提供命令行功能；打开桌面窗口请用 zhuqi 或 python -m ui")
    return open_window(args.db or default_database())


def _exchange_handler(name: str) -> Callable[[argparse.Namespace], int]:
    """export, import, merge, conflicts, batches: implemented in app.exchange (its commands module),
    imported when the command runs, not when this module is (the other commands need none of it)."""
    def handle(args: argparse.Namespace) -> int:
        with _cyclic_gc_paused():
            from app.exchange import COMMAND_HANDLERS as HANDLERS
        services = _open(args)
        return HANDLERS[name](services, args)

    return handle


def _workflow_handler(name: str) -> Callable[[argparse.Namespace], int]:
    """problem, calendar, limits: implemented in app.workflow_commands (imported when one runs)."""
    def handle(args: argparse.Namespace) -> int:
        from app import workflow_commands as w

        services = _open(args)
        handler = {"problem": w.handle_problem, "calendar": w.handle_calendar, "limits": w.handle_limits}[name]
        return handler(services, args)

    return handle


def _cmd_projects(args: argparse.Namespace) -> int:
    from app.project_commands import handle

    return handle(_open(args), args)


def _cmd_policies(args: argparse.Namespace) -> int:
    from app.policy_commands import handle

    return handle(_open(args), args)


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _cmd_init, "demo": _cmd_demo, "stats": _cmd_stats, "check": _cmd_check, "history": _cmd_history,
    "backup": _cmd_backup, "backups": _cmd_backups, "restore": _cmd_restore, "profile": _cmd_profile,
    "users": _cmd_users,
    "gui": _cmd_gui, "report": _cmd_report, "copy": _cmd_copy, "policies": _cmd_policies,
    "projects": _cmd_projects,
    **{name: _exchange_handler(name) for name in ("export", "import", "merge", "conflicts", "batches")},
    **{name: _workflow_handler(name) for name in ("problem", "calendar", "limits")},
}

if __name__ == "__main__":
    sys.exit(main())
