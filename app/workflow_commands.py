"""`zhuqi problem …`, `zhuqi calendar …` and `zhuqi limits`: the problem workflow (交办,
进展, 协办反馈, 办结, 延期申请 and 审批, 督办, 回访评价, 销号, 退回重办), the working-day
calendar and the stage time limits, from a terminal. Registered by app.cli."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain import ProblemStatus, RevisitMethod
from app.errors import UserError
from app.stages import LIMIT_LABELS, Handling, Stage

if TYPE_CHECKING:
    from app.services import Services
    from app.services.problems import ProblemView

AddParser = Callable[[str, str], argparse.ArgumentParser]
DateArg = Callable[[str], Any]


def register(add: AddParser, date_arg: DateArg, db_option: Callable[[argparse.ArgumentParser], None]) -> None:
    p = add("problem",
            "问题办理：列出、查看、交办、进展、协办反馈、办结、申请/审批延期、督办、回访评价、销号、退回重办")
    sub = p.add_subparsers(dest="problem_command", metavar="操作", required=True, parser_class=type(p))

    def cmd(name: str, help_text: str, *, one: bool = True) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_text, description=help_text)
        db_option(c)
        if one:
            c.add_argument("problem_id", metavar="PROBLEM_ID", help="问题 ID（可只写开头几位）")
        c.add_argument("--on", type=date_arg, metavar="DATE", help="办理日期（默认今天）")
        c.add_argument("--actor", default=None, help="经办人（默认：设置中的使用人）")
        return c

    c = cmd("list", "列出问题：办理环节、环节时限、逾期工作日", one=False)
    c.add_argument("--overdue", action="store_true", help="只列今天逾期的问题")
    c.add_argument("--stage", choices=[s.value for s in Stage], help="只列正处于该环节的问题")
    c.add_argument("--unit", help="主办单位")
    c.add_argument("--status", choices=[s.value for s in ProblemStatus], help="办理状态")
    c.add_argument("--pending-extension", action="store_true", help="只列有延期申请待审批的问题")
    c.add_argument("--limit", type=int, default=50, help="最多列出几个（默认 50）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    cmd("show", "查看一个问题：各环节时限、当前环节、延期、督办、回访评价和办理过程")
    c = cmd("assign", "交办：确定主办、协办单位和办理类型，办结时限按时限规则计算（工作日）")
    c.add_argument("--lead", required=True, help="主办单位")
    c.add_argument("--assist", action="append", default=[], help="协办单位，可重复")
    c.add_argument("--handling", choices=[h.value for h in Handling], default=Handling.ORDINARY.value,
                   help="办理类型（默认 一般）")
    c.add_argument("--person", default="", help="责任人")
    c.add_argument("--phone", default="", help="责任人电话")
    c.add_argument("--claim", action="store_true", help="领单：主办单位主动认领（同时视为首次反馈）")
    c = cmd("progress", "记录办理进展（交办后的第一次即首次反馈）")
    c.add_argument("text", help="进展")
    c = cmd("assist-reply", "协办单位反馈意见")
    c.add_argument("--unit", required=True, help="协办单位")
    c.add_argument("text", help="协办意见")
    c = cmd("solve", "办结：填写办理结果，等待回访")
    c.add_argument("text", help="办理结果")
    c = cmd("extend", "申请延期：须在办结时限届满前申请，经审批后才改变时限")
    c.add_argument("--to", dest="new_deadline", type=date_arg, required=True, metavar="DATE", help="申请延至")
    c.add_argument("--reason", required=True, help="延期原因")
    c = cmd("decide", "审批延期申请：--approve 批准或 --refuse 不予批准")
    how = c.add_mutually_exclusive_group(required=True)
    how.add_argument("--approve", action="store_true", help="批准")
    how.add_argument("--refuse", action="store_true", help="不予批准（须写 --note 理由）")
    c.add_argument("--note", default="", help="审批意见")
    c = cmd("supervise", "督办：登记督办单（编号、级别、反馈期限），可再打印督办单", one=False)
    c.add_argument("problem_ids", nargs="*", metavar="PROBLEM_ID", help="问题 ID（可多个）")
    c.add_argument("--unit-overdue", metavar="UNIT", help="督办该单位今天逾期的全部问题")
    c.add_argument("--level", default="督办", help="督办级别（提醒、督办、挂牌督办，默认 督办）")
    c.add_argument("--due", type=date_arg, metavar="DATE", help="要求反馈的日期")
    c.add_argument("--note", default="", help="督办意见")
    c.add_argument("-o", "--output", type=Path, metavar="DIR", help="同时打印督办单到该文件夹")
    c = cmd("evaluate", "回访评价：企业的评价人、方式、结果；不满意或非常不满意时自动退回重办")
    c.add_argument("--result", required=True, help="评价结果：非常满意、满意、基本满意、不满意、非常不满意")
    c.add_argument("--evaluator", required=True, help="企业评价人姓名")
    c.add_argument("--position", default="", help="评价人职务")
    c.add_argument("--method", required=True, choices=[m.value for m in RevisitMethod], help="回访方式")
    c.add_argument("--comment", default="", help="评价意见")
    c.add_argument("--checked", action="store_true",
                   help="回访确认了销号的四项：问题已解决、已答复企业、责任单位已对接企业、企业负责人满意")
    c = cmd("close", "销号：须有满意的回访评价，且回访确认了四项")
    c.add_argument("--note", default="", help="说明")
    c = cmd("reopen", "退回重办")
    c.add_argument("reason", help="退回原因")

    p = add("calendar", "工作日历：查看某年的节假日和调休，录入或更正本单位的安排（每年12月国务院通知后）")
    p.add_argument("action", nargs="?", choices=["show", "set", "unset"], default="show",
                   help="show 查看（默认）；set 录入一天；unset 删除本单位录入的一天")
    p.add_argument("day", nargs="?", type=date_arg, metavar="DATE", help="日期（set、unset）")
    p.add_argument("--year", type=int, help="查看的年份（默认今年）")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--workday", action="store_true", help="set：该日上班（调休）")
    kind.add_argument("--holiday", action="store_true", help="set：该日放假")
    p.add_argument("--name", default="", help="set：名称，如 春节、春节调休")

    p = add("limits", "时限规则：查看或修改各环节时限（工作日）")
    for key, label in LIMIT_LABELS.items():
        p.add_argument(f"--{key}", type=int, metavar="N", help=f"{label}（工作日）")
    p.add_argument("--name", help="规则名称，如 13710")


def _who(services: Services, args: argparse.Namespace) -> str:
    return args.actor if args.actor is not None else services.db.actor


def _print_view(p: ProblemView) -> None:
    late = f"，{p.late_text}" if p.overdue else ""
    stage = f"当前环节：{p.stage.value}，时限 {p.stage_due}{late}" if p.stage else "当前没有待办环节"
    print(f"{p.id}  {p.enterprise_name}  {p.category}  {p.status.value}  {stage}")


def handle_problem(services: Services, args: argparse.Namespace) -> int:
    from app.services.problems import AssignInput, ProblemFilter, RevisitInput, SuperviseInput

    pr = services.problems
    c = args.problem_command
    if c == "list":
        f = ProblemFilter(overdue_only=args.overdue, stage=Stage(args.stage) if args.stage else None,
                          unit=args.unit, statuses=(ProblemStatus(args.status),) if args.status else (),
                          pending_extension=args.pending_extension)
        page = pr.search(f, limit=max(1, args.limit), sort="stage_due" if args.overdue else "received_date",
                         descending=not args.overdue)
        if args.json:
            rows = [{"id": p.id, "enterprise": p.enterprise_name, "category": p.category, "status": p.status.value,
                     "lead_unit": p.lead_unit, "stage": p.stage.value if p.stage else None,
                     "stage_due": p.stage_due.isoformat() if p.stage_due else None, "overdue": p.overdue,
                     "working_days_late": p.days_late} for p in page.rows]
            print(json.dumps({"total": page.total, "problems": rows}, ensure_ascii=False, indent=2))
            return 0
        print(f"共 {page.total} 个问题" + (f"，列出 {len(page.rows)} 个" if (page.total or 0) > len(page.rows) else ""))
        for p in page.rows:
            _print_view(p)
        return 0
    pids: list[str] = []
    if c == "supervise":
        if args.unit_overdue:
            pids = pr.overdue_of_unit(args.unit_overdue)
            if not pids:
                raise UserError(f"{args.unit_overdue}今天没有逾期的办理中问题")
        pids += [pr.resolve_id(x) for x in args.problem_ids]
        if not pids:
            raise UserError("请给出要督办的问题 ID，或用 --unit-overdue 督办某单位的全部逾期问题")
        done = pr.supervise(pids, SuperviseInput(args.level, args.due, args.note), actor=_who(services, args),
                            on=args.on)
        for x in done:
            print(f"已登记督办：{x.number}  {x.level}  {x.unit}  问题 {x.problem_id[:8]}"
                  + (f"（{x.stage}逾期{x.days_late}个工作日）" if x.days_late else ""))
        if args.output:
            from app import reports

            args.output.mkdir(parents=True, exist_ok=True)
            for x in done:
                r = reports.supervision_notice(services, x.problem_id, args.output / f"督办单-{x.number}.pdf")
                print(f"已生成：{r.path}")
        return 0
    pid = pr.resolve_id(args.problem_id)
    if c == "show":
        return _show(services, pid)
    who, on = _who(services, args), args.on
    if c == "assign":
        view = pr.assign(pid, AssignInput(lead_unit=args.lead, assist_units=tuple(args.assist),
                                          responsible_person=args.person, responsible_phone=args.phone,
                                          handling=Handling(args.handling)), actor=who, on=on, claimed=args.claim)
    elif c == "progress":
        view = pr.record_progress(pid, args.text, actor=who, on=on)
    elif c == "assist-reply":
        view = pr.assist_reply(pid, args.unit, args.text, actor=who, on=on)
    elif c == "solve":
        view = pr.solve(pid, args.text, actor=who, on=on)
    elif c == "extend":
        view = pr.extend(pid, args.reason, args.new_deadline, actor=who, on=on)
    elif c == "decide":
        view = pr.decide_extension(pid, bool(args.approve), args.note, actor=who, on=on)
    elif c == "evaluate":
        checked = bool(args.checked)
        view = pr.evaluate(pid, RevisitInput(result=args.result, evaluator=args.evaluator, method=args.method,
                                             evaluator_position=args.position, comment=args.comment,
                                             check_solved=checked, check_answered=checked,
                                             check_contacted=checked, check_satisfied=checked), actor=who, on=on)
    elif c == "close":
        view = pr.close(pid, actor=who, on=on, note=args.note)
    elif c == "reopen":
        view = pr.reopen(pid, args.reason, actor=who, on=on)
    else:  # pragma: no cover - argparse limits the choices
        raise AssertionError(c)
    _print_view(view)
    return 0


def _show(services: Services, pid: str) -> int:
    p = services.problems.get(pid)
    print(f"问题 {p.id}")
    print(f"企业：{p.enterprise_name}（{p.region_name}）  类别：{p.category}  来源：{p.source}")
    print(f"问题：{p.description}")
    print(f"状态：{p.status.value}" + (f"，企业评价：{p.evaluation.value}" if p.evaluation else ""))
    if p.lead_unit:
        assists = f"；协办：{'、'.join(p.assist_units)}" if p.assist_units else ""
        print(f"主办：{p.lead_unit}{assists}；办理类型：{p.handling.value if p.handling else '—'}")
    rows = [("交办", p.handover_due, p.assigned_date), ("首次反馈", p.feedback_due, p.feedback_date),
            ("协办反馈", p.assist_due, p.assist_answered_date), ("办结", p.deadline, p.solved_date),
            ("回访", p.revisit_due, p.evaluated_date)]
    for label, due, done in rows:
        if due or done:
            print(f"  {label}：时限 {due or '—'}，完成 {done or '未完成'}")
    if p.original_deadline and p.original_deadline != p.deadline:
        print(f"  原定办结时限 {p.original_deadline}（经批准延期至 {p.deadline}）")
    print(f"当前环节：{p.stage.value}，时限 {p.stage_due}" + (f"，{p.late_text}" if p.overdue else "")
          if p.stage else "当前没有待办环节")
    for x in services.problems.extensions(pid):
        decided = f"，{x.decided_by} {x.decided_date}" if x.decided_date else ""
        print(f"延期申请 {x.requested_date}：{x.reason}，申请延至 {x.new_deadline}（{x.status.value}{decided}）")
    for sup in services.problems.supervisions(pid):
        print(f"督办 {sup.number}：{sup.issued_date} {sup.level}，{sup.unit}" +
              (f"，{sup.stage}逾期{sup.days_late}个工作日" if sup.days_late else ""))
    for r in services.problems.revisits(pid):
        print(f"回访 {r.revisit_date}（{r.method}）：{r.evaluator} {r.evaluator_position} 评价 {r.result.value}"
              + (f"：{r.comment}" if r.comment else ""))
    print("办理过程：")
    for e in services.problems.timeline(pid):
        print(f"  {e.entry_date}  {e.kind}  {e.actor}  {e.content}")
    return 0


def handle_calendar(services: Services, args: argparse.Namespace) -> int:
    cal = services.calendar
    if args.action in ("set", "unset") and args.day is None:
        raise UserError(f"calendar {args.action} 须给出日期，如 zhuqi calendar {args.action} 2027-02-06")
    if args.action == "set":
        if not (args.workday or args.holiday):
            raise UserError("请用 --workday（上班）或 --holiday（放假）说明该日的安排")
        moved = cal.set_day(args.day, bool(args.workday), args.name).moved
        print(f"已录入：{args.day} {'上班' if args.workday else '放假'}"
              f"{('（' + args.name + '）') if args.name else ''}；"
              f"{moved} 个问题的环节时限随之调整")
        return 0
    if args.action == "unset":
        moved = cal.remove_day(args.day).moved
        print(f"已删除本单位录入的 {args.day}；{moved} 个问题的环节时限随之调整")
        return 0
    year = args.year or services.clock.today().year
    view = cal.year(year)
    state = ("国务院通知已内置" if view.builtin else "本单位已录入" if view.covered else
             "尚未录入：工作日暂按周一至周五计算")
    print(f"{year}年工作日历（{state}）")
    for d in view.days:
        weekday = "一二三四五六日"[d.day.weekday()]
        print(f"  {d.day}  周{weekday}  {'上班' if d.workday else '放假'}  {d.name}  〔{d.source}〕")
    warning = cal.warning()
    if warning:
        print(f"注意：{warning}")
    return 0


def handle_limits(services: Services, args: argparse.Namespace) -> int:
    limits = services.calendar.limits()
    changes = {k: getattr(args, k) for k in LIMIT_LABELS if getattr(args, k) is not None}
    if args.name:
        changes["name"] = args.name
    if changes:
        moved = services.calendar.set_limits(replace(limits, **changes)).moved
        limits = services.calendar.limits()
        print(f"已保存时限规则；{moved} 个问题的环节时限随之调整")
    print(f"时限规则“{limits.name}”：{limits.describe()}")
    for key, label in LIMIT_LABELS.items():
        print(f"  {label}：{asdict(limits)[key]} 个工作日")
    return 0

