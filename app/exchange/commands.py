"""The exchange's sub-commands of `zhuqi`: export, import, merge, conflicts,
batches. Registered by app.cli; output in Chinese, progress on stderr for
anything that takes more than a second."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from app.console import EXIT_CANCELLED, ProgressLines
from app.errors import UserError
from app.exchange.report import (
    FAILED,
    SKIPPED,
    FileReport,
    FileStatus,
    ImportReport,
    same_as_text,
    status_label,
)
from app.exchange.schema import HISTORY_SHEET, SHEETS
from app.exchange.versions import ConflictKind, Resolution

if TYPE_CHECKING:
    from app.services import Services

EXIT_UNREADABLE = 2
LABELS = {**{s.key: s.title for s in SHEETS}, "history": HISTORY_SHEET}
#: Listings name each item only up to this many (a month's merge has hundreds of files).
LISTED_ITEMS = 10
SHOWN_REJECTIONS = 20

class _CtrlC:
    """Ctrl+C during long work: the first stops it at its next safe point, as the window's 取消
    does (an import keeps the files it finished, an undo changes nothing); a second stops at once.
    Pass the instance as the work's `cancel`. Left alone where Ctrl+C is ignored (a background job)."""

    def __init__(self, stopping: str) -> None:
        self.pressed = False
        self._stopping = stopping
        self._previous: Any = None

    def __call__(self) -> bool:
        return self.pressed

    def __enter__(self) -> Self:
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous = signal.signal(signal.SIGINT, self._first)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _first(self, _signum: int, _frame: Any) -> None:
        self.pressed = True
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print(f"zhuqi：正在停止……{self._stopping}（再按 Ctrl+C 立即中止）", file=sys.stderr, flush=True)


_IMPORT_STOPPING = "已完成的文件保留，当前文件不写入"


def _mapping(args: argparse.Namespace) -> Any:
    from app.exchange.roster import FIELDS, RosterMapping
    from app.exchange.roster import LABELS as FIELD_LABELS

    columns = {}
    for item in args.map:
        header, sep, target = item.partition("=")
        if not sep or not header.strip():
            raise UserError(f"--map “{item}” 的格式应为 列名=字段，如 纳税人名称=企业名称（列名= 表示不导入该列）")
        target = target.strip()
        if target and target not in FIELD_LABELS and target not in FIELDS:
            allowed = "、".join(label for label, _aliases in FIELDS.values())
            raise UserError(f"--map 的字段“{target}”无法识别，可用：{allowed}")
        columns[header.strip()] = target
    if args.header_row is not None and args.header_row < 1:
        raise UserError("--header-row 应为大于 0 的行号")
    tags = tuple(dict.fromkeys(t.strip() for t in args.tag))
    for t in tags:
        if not t or len(t) > 50:
            raise UserError(f"--tag “{t}” 应为 1 至 50 个字的标签名")
    source = (args.source or "").strip()
    if source:
        from app.exchange.problem_ledger import source_of

        found = source_of(source)
        if found is None:
            from app.domain import ProblemSource

            raise UserError(f"--source “{source}”无法识别，可用：{'、'.join(s.value for s in ProblemSource)}")
        source = found.value
    if not columns and args.header_row is None and not args.sheet and not tags and not source:
        return None
    return RosterMapping(args.header_row, columns, args.sheet, tags, source)


def cmd_export(services: Services, args: argparse.Namespace) -> int:
    from app.exchange.selection import ExportFilter

    f = ExportFilter(args.date_from, args.date_to, args.region, args.unit, args.cadre, args.enterprise)
    with _CtrlC("不写入导出文件") as cancel:
        summary = services.exchange.export(args.output, f, changed_since_last=args.changed_since_last,
                                           redact=args.redact, progress=ProgressLines(), cancel=cancel)
    _print_export(summary)
    if args.redact:
        print("已隐去个人信息（电话号码、身份证号码、企业人员姓名）：供对外报送，不能再导入")
    return 0


def _print_export(summary: Any) -> None:
    counts = "，".join(f"{LABELS[k]} {v}" for k, v in summary.counts.items() if v)
    since = ""
    if summary.since is not None:
        since = f"（仅 {summary.since.astimezone():%Y-%m-%d %H:%M} 之后的变化）"
    print(f"已导出：{summary.path}{since}")
    print(f"筛选：{summary.filters}；{counts or '没有记录'}")


def cmd_import(services: Services, args: argparse.Namespace) -> int:
    with _CtrlC(_IMPORT_STOPPING) as cancel:
        report = services.exchange.import_paths(args.paths, dry_run=args.dry_run, rejects_path=args.rejects,
                                                roster_mapping=_mapping(args), progress=ProgressLines(), cancel=cancel)
    _print_import(report, as_json=args.json)
    if report.cancelled:
        kept = "试导入，未写入任何内容" if report.dry_run else "已完成的文件保留，其余文件未导入"
        print(f"zhuqi：已取消：{kept}", file=sys.stderr)
        return EXIT_CANCELLED
    return 0 if report.all_read else EXIT_UNREADABLE


def cmd_merge(services: Services, args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".xlsx":
        raise UserError(f"汇总台账文件应以 .xlsx 结尾：{args.output}")
    progress = ProgressLines()
    with _CtrlC(_IMPORT_STOPPING + "，汇总台账不写入") as cancel:
        merged = services.exchange.merge(args.paths, args.output, rejects_path=args.rejects,
                                         roster_mapping=_mapping(args), progress=progress, cancel=cancel)
    report, summary = merged.imported, merged.exported
    _print_import(report, as_json=args.json)
    if summary is None:
        print(f"zhuqi：汇总台账未保存：{merged.export_error}", file=sys.stderr)
        return EXIT_CANCELLED if cancel.pressed else EXIT_UNREADABLE
    if not args.json:
        _print_export(summary)
    return 0 if report.all_read else EXIT_UNREADABLE


def _counts_line(counts: dict[str, dict[str, int]]) -> str:
    parts = []
    for kind, c in counts.items():
        if not any(c.values()):
            continue
        shown = [f"{label} {c[k]}" for k, label in (("created", "新增"), ("updated", "更新"), ("unchanged", "未变"),
                                                    ("conflicts", "冲突"), ("rejected", "拒绝")) if c[k]]
        parts.append(f"{LABELS[kind]}（{'，'.join(shown)}）")
    return "；".join(parts) or "没有数据行"


def _print_file(f: FileReport) -> None:
    name = Path(f.path).name
    if f.status == FAILED:
        print(f"✗ {f.error}", file=sys.stderr)
        return
    if f.status == SKIPPED:
        print(f"- {name}：{f.error}")
        return
    source = f"，来自安装 {f.source[:8]}" if f.source else ""
    again = f"，{same_as_text(f.same_as)}" if f.same_as else ""
    mark = "试导入" if f.status == FileStatus.DRY_RUN else "✓"
    print(f"{mark} {name}（{f.kind}{source}{again}）：{_counts_line(f.counts)}")
    for note in f.notes:
        print(f"    注意：{note}")


def _print_import(report: ImportReport, *, as_json: bool) -> None:
    if as_json:
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        for f in report.files:
            if f.status == FAILED:
                print(f"zhuqi：{f.error}", file=sys.stderr)
        return
    for f in report.files:
        if not f.cancelled:
            _print_file(f)
    stopped = [f for f in report.files if f.cancelled]
    if stopped:
        print(f"- 已取消：其余 {len(stopped)} 个文件未导入（从 {Path(stopped[0].path).name} 起）")
    print(f"合计：{_counts_line(report.totals)}")
    failed = sum(1 for f in report.files if f.status == FAILED)
    if failed:
        print(f"无法导入的文件：{failed} 个（原因见错误输出），其中的内容一条也没有写入")
    rejections = [r for f in report.files for r in f.rejections]
    for r in rejections[:SHOWN_REJECTIONS]:
        value = f"“{r.value}”" if r.value else ""
        print(f"  拒绝：{r.file} 工作表“{r.sheet}”第 {r.row} 行 {r.column}{value}：{r.reason}")
    if len(rejections) > SHOWN_REJECTIONS:
        print(f"  ……共 {len(rejections)} 条拒绝原因" + ("，全部见被拒绝行工作簿" if report.rejects_paths else
                                                  "，用 --rejects OUT.xlsx 可把被拒绝的行写入工作簿"))
    for p in report.rejects_paths:
        print(f"被拒绝的行（附原因）已写入：{p}")
    changed = any(c["created"] or c["updated"] or c["conflicts"] for c in report.totals.values())
    if report.batch_id and changed:
        print(f"导入批次：{report.batch_id[:8]}（zhuqi batches undo {report.batch_id[:8]} 可撤销）")
    elif report.batch_id and not report.dry_run:
        print(f"导入批次：{report.batch_id[:8]}（没有导入任何内容，无需撤销）")
    conflicts = sum(c["conflicts"] for c in report.totals.values())
    if conflicts and report.dry_run:
        print(f"正式导入时将有 {conflicts} 条冲突等待处理")
    elif conflicts:
        print(f"有 {conflicts} 条冲突等待处理：zhuqi conflicts")
    if report.dry_run:
        print("试导入：未写入任何内容")


def cmd_conflicts(services: Services, args: argparse.Namespace) -> int:
    usage = "用法：zhuqi conflicts resolve ID... --keep local|incoming（或 --all 处理全部等待处理的冲突）"
    if args.action == "resolve":
        if not args.keep or bool(args.conflict_ids) == args.all:
            raise UserError(usage)
        ids = args.conflict_ids or [c.id for c in services.exchange.conflicts()]
        if not ids:
            print("没有等待处理的冲突")
            return 0
        with _CtrlC("不处理任何冲突") as cancel:
            settled = services.exchange.resolve_conflicts(ids, args.keep, progress=ProgressLines(), cancel=cancel)
        choice = Resolution(args.keep).label
        for c in settled[:LISTED_ITEMS]:
            print(f"已处理冲突 {c.id[:8]}（{c.record_label}“{c.title}”）：{choice}")
        if len(settled) > LISTED_ITEMS:
            print(f"……共处理 {len(settled)} 条冲突：{choice}")
        return 0
    if args.conflict_ids or args.keep:
        raise UserError("处理冲突请写：zhuqi conflicts resolve ID... --keep local|incoming")
    conflicts = services.exchange.conflicts(include_resolved=args.all)
    if not conflicts:
        print("没有等待处理的冲突")
        return 0
    for c in conflicts:
        state = "" if c.resolved_at is None else f"（已处理：{RESOLUTIONS.get(c.resolution or '', c.resolution)}）"
        owner = f"（{c.enterprise}）" if c.enterprise else ""
        kind = "（一方删除、另一方修改）" if c.kind == ConflictKind.DELETE else ""
        print(f"{c.id[:8]}  {c.record_label}“{c.title}”{owner}{kind}  来自 {c.source_file} 工作表“{c.sheet}”第 "
              f"{c.row} 行"
              f"（安装 {c.source_installation[:8]}）{state}")
        for fld in c.fields:
            print(f"    {fld.label}：本机 {_shown(fld.local)} ｜ 来件 {_shown(fld.incoming)}")
    print(f"共 {len(conflicts)} 条；处理：zhuqi conflicts resolve ID... --keep local|incoming（--all 处理全部）")
    return 0


RESOLUTIONS = {r.value: r.label for r in Resolution}


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def cmd_batches(services: Services, args: argparse.Namespace) -> int:
    if args.action in ("undo", "show") and not args.batch_id:
        raise UserError(f"用法：zhuqi batches {args.action} ID")
    if args.action == "undo":
        with _CtrlC("批次不撤销") as cancel:
            r = services.exchange.undo_batch(args.batch_id, progress=ProgressLines(), cancel=cancel)
        print(f"已撤销批次 {r.batch_id[:8]}：删除该批次新增的记录 {r.removed} 条，恢复被修改的记录 {r.restored} 条，"
              f"撤销等待处理的冲突 {r.conflicts_dropped} 条")
        return 0
    if args.batch_id and args.action is None:
        raise UserError("查看批次请写：zhuqi batches show ID；撤销批次请写：zhuqi batches undo ID")
    batches = [services.exchange.batch(args.batch_id)] if args.action == "show" else services.exchange.batches()
    if not batches:
        print("还没有导入批次")
        return 0
    for b in batches:
        when = b.started_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if b.undone_at:
            state = f"（已于 {b.undone_at.astimezone():%Y-%m-%d %H:%M} 撤销）"
        else:
            state = ("（导入中断，已在之后启动时结束：已完成的文件保留，可撤销）" if b.interrupted else
                     "（未完成：正在导入，或导入被强行终止）" if not b.finished_at else
                     "（已取消：已完成的文件保留）" if any(f.cancelled for f in b.files) else "")
        print(f"{b.id[:8]}  {when}  {b.actor or '（未设置使用人）'}  文件 {len(b.files)} 个，"
              f"新增或修改记录 {b.changes} 条{state}")
        everything = args.action == "show" or len(b.files) <= LISTED_ITEMS
        stopped = [f for f in b.files if f.cancelled] if not everything else []
        shown = [f for f in b.files if (everything or f.status != FileStatus.IMPORTED) and f not in stopped]
        for f in shown:
            status = status_label(f.status)
            if f.cancelled:
                status = ""
            elif f.same_as:
                status += f"（{same_as_text(f.same_as)}）"
            detail = _counts_line(f.counts) if f.status == "imported" else f.error
            print(f"    {Path(f.path).name}：{status}" + ("，" if status and detail else "") + detail)
        if stopped:
            print(f"    已取消：{len(stopped)} 个文件未导入（从 {Path(stopped[0].path).name} 起）")
        if len(shown) + len(stopped) < len(b.files):
            rest = f"其余 {len(b.files) - len(shown) - len(stopped)} 个文件" if shown or stopped \
                else f"{len(b.files)} 个文件均"
            print(f"    {rest}已导入（zhuqi batches show {b.id[:8]} 列出每个文件）")
    return 0


HANDLERS: dict[str, Callable[[Services, argparse.Namespace], int]] = {
    "export": cmd_export, "import": cmd_import, "merge": cmd_merge, "conflicts": cmd_conflicts,
    "batches": cmd_batches,
}
