"""`zhuqi projects …`: the 地企合作 project ledger from a terminal — list, show, add, record a
stage (签约/开工/投产/达效) or a year's investment, link a problem the project raised. The
figures also appear in `zhuqi stats` (`figures_json`, `figures_lines`). Registered by app.cli."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.domain import ProjectStage
from app.errors import UserError

if TYPE_CHECKING:
    from app.services import Services
    from app.services.projects import ProjectFigures, ProjectStats, ProjectView

AddParser = Callable[[str, str], argparse.ArgumentParser]


def register(add: AddParser, db_option: Callable[[argparse.ArgumentParser], None],
             date_arg: Callable[[str], Any]) -> None:
    p = add("projects", "地企合作项目台账：项目的签约、开工、投产、达效，计划投资和到位资金，项目问题")
    sub = p.add_subparsers(dest="projects_command", metavar="操作", required=True, parser_class=type(p))
    c = sub.add_parser("list", help="列出项目：按文字、责任单位、阶段筛选", description="列出地企合作项目")
    db_option(c)
    c.add_argument("--text", default="", help="项目名称、合作方、合作类型、行业或责任领导中的文字")
    c.add_argument("--unit", default="", help="责任单位")
    c.add_argument("--stage", default="", help="阶段：" + "、".join(s.value for s in ProjectStage))
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c = sub.add_parser("show", help="查看一个项目：各阶段日期、逐年投资、项目问题", description="查看地企合作项目")
    db_option(c)
    c.add_argument("project_id", metavar="PROJECT_ID", help="项目 ID（可只写开头几位）")
    c = sub.add_parser("add", help="新增项目", description="新增地企合作项目")
    db_option(c)
    c.add_argument("name", metavar="NAME", help="项目名称")
    c.add_argument("--partner", default="", help="合作方，如 中国建材集团有限公司")
    c.add_argument("--type", dest="cooperation_type", default="", help="合作类型，如 招商引资、产业链配套、技术合作")
    c.add_argument("--enterprise", action="append", default=[], metavar="ENTERPRISE",
                   help="涉及的本地企业（ID 开头几位或统一社会信用代码），可重复")
    c.add_argument("--sector", default="", help="所属行业")
    c.add_argument("--investment", type=int, metavar="WAN", help="计划总投资（万元）")
    c.add_argument("--signed", type=date_arg, metavar="DATE", help="签约日期")
    c.add_argument("--leader", default="", help="责任领导")
    c.add_argument("--unit", default="", help="责任单位")
    c.add_argument("--notes", default="", help="备注")
    c = sub.add_parser("stage", help="登记项目到达某阶段的日期（签约、开工、投产、达效，须按顺序，不能晚于今天）",
                       description="登记项目阶段")
    db_option(c)
    c.add_argument("project_id", metavar="PROJECT_ID", help="项目 ID（可只写开头几位）")
    c.add_argument("stage", metavar="STAGE", help="签约、开工、投产或达效")
    c.add_argument("date", type=date_arg, metavar="DATE", help="日期")
    c = sub.add_parser("invest", help="登记项目某年度的计划投资、到位资金（万元）", description="登记项目投资")
    db_option(c)
    c.add_argument("project_id", metavar="PROJECT_ID", help="项目 ID（可只写开头几位）")
    c.add_argument("year", type=int, metavar="YEAR", help="年度，如 2026")
    c.add_argument("--planned", type=int, metavar="WAN", help="计划投资（万元）")
    c.add_argument("--paid", type=int, metavar="WAN", help="到位资金（万元，累计到本年度）")
    c.add_argument("--notes", default="", help="备注")
    c = sub.add_parser("link-problem", help="把一个问题记为该项目提出的问题（问题照常交办、办结、销号）",
                       description="关联项目问题")
    db_option(c)
    c.add_argument("project_id", metavar="PROJECT_ID", help="项目 ID（可只写开头几位）；写 none 取消关联")
    c.add_argument("problem_id", metavar="PROBLEM_ID", help="问题 ID（可只写开头几位）")


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _rate(v: float | None) -> float | None:
    return None if v is None else round(v, 4)


def _figures(f: ProjectFigures) -> dict[str, object]:
    return {"unit": f.unit, "signed": f.signed, "started": f.started, "producing": f.producing,
            "effective": f.effective, "start_rate": _rate(f.start_rate), "production_rate": _rate(f.production_rate),
            "planned": f.planned, "paid_in": f.paid_in, "paid_in_rate": _rate(f.paid_in_rate)}


def figures_json(stats: ProjectStats) -> dict[str, object]:
    """The `projects` section of `zhuqi stats --json`."""
    total = _figures(stats.total)
    del total["unit"]
    return {"date_from": stats.date_from.isoformat() if stats.date_from else None,
            "date_to": stats.date_to.isoformat() if stats.date_to else None,
            **total, "by_stage": dict(stats.by_stage), "by_unit": [_figures(f) for f in stats.by_unit]}


def figures_lines(stats: ProjectStats) -> list[str]:
    """The 地企合作 lines of `zhuqi stats`."""
    t = stats.total
    stages = "，".join(f"{name} {n}" for name, n in stats.by_stage)
    lines = [f"地企合作项目：签约 {t.signed} 个，开工 {t.started} 个（开工率 {pct(t.start_rate)}），"
             f"投产 {t.producing} 个（投产率 {pct(t.production_rate)}），达效 {t.effective} 个；"
             f"计划投资 {t.planned} 万元，到位 {t.paid_in} 万元（资金到位率 {pct(t.paid_in_rate)}）；各阶段：{stages}"]
    for f in stats.by_unit:
        lines.append(f"  {f.unit or '（未填单位）'}：签约 {f.signed}，开工率 {pct(f.start_rate)}，"
                     f"投产率 {pct(f.production_rate)}，资金到位率 {pct(f.paid_in_rate)}")
    return lines


def _json(p: ProjectView) -> dict[str, object]:
    def day(d: object) -> object:
        return d.isoformat() if d is not None else None  # type: ignore[attr-defined]
    return {"id": p.id, "name": p.name, "partner": p.partner, "cooperation_type": p.cooperation_type,
            "enterprises": [{"id": i, "name": n} for i, n in zip(p.enterprise_ids, p.enterprise_names)],
            "sector": p.sector, "total_investment": p.total_investment, "signed_date": day(p.signed_date),
            "started_date": day(p.started_date), "producing_date": day(p.producing_date),
            "effective_date": day(p.effective_date), "stage": p.stage.value, "leader": p.leader, "unit": p.unit,
            "planned": p.planned, "paid_in": p.paid_in, "paid_in_rate": _rate(p.paid_in_rate),
            "investments": [{"year": i.year, "planned": i.planned, "paid_in": i.paid_in} for i in p.investments],
            "problems": p.problems, "open_problems": p.open_problems}


def _line(p: ProjectView) -> str:
    return (f"[{p.stage.value}] {p.name}  合作方：{p.partner or '—'}  责任单位：{p.unit or '—'}  "
            f"资金到位率 {pct(p.paid_in_rate)}  ID {p.id[:8]}")


def handle(services: Services, args: argparse.Namespace) -> int:
    from app.services.projects import ProjectInput

    ps = services.projects
    command = args.projects_command
    if command == "list":
        rows = ps.list(text=args.text, unit=args.unit, stage=args.stage)
        if args.json:
            print(json.dumps({"total": len(rows), "projects": [_json(p) for p in rows]}, ensure_ascii=False,
                             indent=2))
            return 0
        print(f"共 {len(rows)} 个地企合作项目")
        for p in rows:
            print(_line(p))
        return 0
    if command == "add":
        eids = tuple(services.enterprises.resolve_id(e) for e in args.enterprise)
        p = ps.add(ProjectInput(args.name, args.partner, args.cooperation_type, eids, args.sector, args.investment,
                                signed_date=args.signed, leader=args.leader, unit=args.unit, notes=args.notes))
        print(f"已新增项目：{_line(p)}")
        return 0
    if command == "link-problem":
        problem_id = services.problems.resolve_id(args.problem_id)
        if args.project_id.strip().lower() == "none":
            ps.link_problem(None, problem_id)
            print(f"已取消问题 {problem_id[:8]} 与项目的关联")
            return 0
        pid = ps.resolve_id(args.project_id)
        ps.link_problem(pid, problem_id)
        print(f"已关联：问题 {problem_id[:8]} 是项目“{ps.get(pid).name}”提出的问题")
        return 0
    pid = ps.resolve_id(args.project_id)
    if command == "stage":
        p = ps.record_stage(pid, args.stage, args.date)
        print(f"已登记：{p.name} {args.stage.strip()} {args.date}，当前阶段：{p.stage.value}")
        return 0
    if command == "invest":
        if args.planned is None and args.paid is None:
            raise UserError("请给出 --planned 计划投资或 --paid 到位资金（万元）")
        p = ps.record_investment(pid, args.year, planned=args.planned, paid_in=args.paid, notes=args.notes)
        print(f"已登记：{p.name} {args.year} 年；累计计划投资 {p.planned} 万元，到位 {p.paid_in} 万元，"
              f"资金到位率 {pct(p.paid_in_rate)}")
        return 0
    p = ps.get(pid)
    for label, value in (
        ("项目名称", p.name), ("当前阶段", p.stage.value), ("合作方", p.partner), ("合作类型", p.cooperation_type),
        ("涉及企业", "、".join(p.enterprise_names)), ("所属行业", p.sector),
        ("计划总投资", f"{p.total_investment} 万元" if p.total_investment is not None else ""),
        ("签约日期", p.signed_date), ("开工日期", p.started_date), ("投产日期", p.producing_date),
        ("达效日期", p.effective_date), ("责任领导", p.leader), ("责任单位", p.unit), ("备注", p.notes), ("ID", p.id),
    ):
        if value:
            print(f"{label}：{value}")
    if p.investments:
        print(f"逐年投资（万元）：资金到位率 {pct(p.paid_in_rate)}")
        for i in p.investments:
            print(f"  {i.year} 年：计划 {i.planned}，到位 {i.paid_in}")
    problems = ps.problems(pid)
    if problems:
        print(f"项目问题 {len(problems)} 个：")
        for q in problems:
            print(f"  [{q.status}] {q.description}（{q.enterprise_name}，主办：{q.lead_unit or '—'}）ID {q.id[:8]}")
    return 0
