"""`zhuqi policies …`: the policy library from a terminal (list and search, show one). An office's
list of policies is imported by `zhuqi import 政策汇编.xlsx` (app.exchange.policy_list). Registered
by app.cli."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.domain import INDUSTRY_SECTIONS
from app.errors import UserError

if TYPE_CHECKING:
    from app.services import Services
    from app.services.policies import PolicyView

AddParser = Callable[[str, str], argparse.ArgumentParser]


def register(add: AddParser, db_option: Callable[[argparse.ArgumentParser], None],
             date_arg: Callable[[str], Any]) -> None:
    p = add("policies", "政策库：列出、搜索惠企政策（失效的标明）；导入政策汇编请用 zhuqi import 文件")
    sub = p.add_subparsers(dest="policies_command", metavar="操作", required=True, parser_class=type(p))
    c = sub.add_parser("list", help="列出政策：按文字、企业标签搜索，只列有效的", description="列出政策")
    db_option(c)
    c.add_argument("--text", default="",
                   help="政策名称、文号、发文单位、适用对象或支持内容中的文字（空格分开的须都有）")
    c.add_argument("--tag", default="", help="适用企业标签，如 专精特新")
    c.add_argument("--valid", action="store_true", help="只列今天有效的政策（不含已失效、未生效的）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c = sub.add_parser("suggest", help="列出某企业可享受的今天有效的政策（按行业门类、企业规模、企业标签），"
                                       "并标出已宣讲过的", description="适合某企业的政策")
    db_option(c)
    c.add_argument("enterprise", metavar="ENTERPRISE", help="企业 ID（可只写开头几位）或统一社会信用代码")
    c = sub.add_parser("claim", help="记录企业对一项政策的申报、兑现（日期和金额）", description="政策兑现")
    db_option(c)
    c.add_argument("enterprise", metavar="ENTERPRISE", help="企业 ID（可只写开头几位）或统一社会信用代码")
    c.add_argument("policy_id", metavar="POLICY_ID", help="政策 ID（可只写开头几位）")
    c.add_argument("--applied", type=date_arg, metavar="DATE", help="申报日期")
    c.add_argument("--granted", type=date_arg, metavar="DATE", help="兑现日期")
    c.add_argument("--amount", type=int, metavar="YUAN", help="兑现金额（元）")
    c.add_argument("--notes", default="", help="备注")
    c = sub.add_parser("show", help="查看一项政策的全部内容", description="查看一项政策")
    db_option(c)
    c.add_argument("policy_id", metavar="POLICY_ID", help="政策 ID（可只写开头几位）")


def state(p: PolicyView) -> str:
    return "失效" if p.expired else "未生效" if p.not_yet else "有效"


def _json(p: PolicyView) -> dict[str, object]:
    return {"id": p.id, "title": p.title, "issuer": p.issuer, "doc_number": p.doc_number,
            "issued_date": p.issued_date.isoformat() if p.issued_date else None,
            "valid_from": p.valid_from.isoformat() if p.valid_from else None,
            "valid_to": p.valid_to.isoformat() if p.valid_to else None, "expired": p.expired,
            "in_force": p.in_force, "industries": list(p.industries), "sizes": list(p.sizes),
            "tags": list(p.tags), "eligibility": p.eligibility, "benefits": p.benefits,
            "how_to_apply": p.how_to_apply, "contact_unit": p.contact_unit}


def handle(services: Services, args: argparse.Namespace) -> int:
    ps = services.policies
    if args.policies_command == "list":
        rows = ps.list(text=args.text, tag=args.tag, valid=args.valid)
        if args.json:
            print(json.dumps({"total": len(rows), "policies": [_json(p) for p in rows]}, ensure_ascii=False,
                             indent=2))
            return 0
        print(f"共 {len(rows)} 项政策" + ("（今天有效的）" if args.valid else ""))
        for p in rows:
            until = f"有效期至 {p.valid_to}" if p.valid_to else "长期有效"
            print(f"[{state(p)}] {p.title}")
            print(f"    {p.doc_number or '（无文号）'}  {p.issuer or '—'}  {p.issued_date or ''}  {until}"
                  f"  ID {p.id[:8]}")
        return 0
    if args.policies_command == "claim":
        eid = services.enterprises.resolve_id(args.enterprise)
        if args.applied is None and args.granted is None and args.amount is None:
            raise UserError("请给出 --applied 申报日期、--granted 兑现日期或 --amount 兑现金额")
        c = ps.record_claim(eid, ps.resolve_id(args.policy_id), applied=args.applied, granted=args.granted,
                            amount=args.amount, notes=args.notes)
        amount = f"，兑现金额 {c.amount} 元" if c.amount is not None else ""
        print(f"已记录：{c.enterprise_name} — {c.policy_title}：{c.state}"
              f"（申报 {c.applied_date or '—'}，兑现 {c.granted_date or '—'}{amount}）")
        return 0
    if args.policies_command == "suggest":
        eid = services.enterprises.resolve_id(args.enterprise)
        name = services.enterprises.get(eid).name
        fits = ps.suggest(eid)
        explained = ps.explained(enterprise_id=eid)
        told = {p.id for p in explained}
        claims = {c.policy_id: c for c in ps.claims(enterprise_id=eid)}
        print(f"{name}：适合的有效政策 {len(fits)} 项，已宣讲 {len(told & {p.id for p in fits})} 项")
        for p in fits:
            claim = f"  {claims[p.id].state}" if p.id in claims else ""
            print(f"[{'已宣讲' if p.id in told else '未宣讲'}] {p.title}  {p.doc_number}{claim}  ID {p.id[:8]}")
        others = [p for p in explained if p.id not in {f.id for f in fits}]
        if others:
            print("此前宣讲过、现已失效或不在上列的政策：")
            for p in others:
                claim = f"  {claims[p.id].state}" if p.id in claims else ""
                print(f"[已宣讲] {p.title}  {p.doc_number}  {state(p)}{claim}  ID {p.id[:8]}")
        return 0
    p = ps.get(ps.resolve_id(args.policy_id))
    industries = "、".join(f"{c} {INDUSTRY_SECTIONS.get(c, '')}".strip() for c in p.industries)
    for label, value in (
        ("政策名称", p.title), ("状态", state(p)), ("发文单位", p.issuer), ("文号", p.doc_number),
        ("发布日期", p.issued_date), ("有效期", f"{p.valid_from or '—'} 至 {p.valid_to or '长期'}"),
        ("适用对象", p.eligibility), ("适用行业门类", industries), ("适用企业规模", "、".join(p.sizes)),
        ("适用企业标签", "、".join(p.tags)), ("支持内容", p.benefits), ("申报方式", p.how_to_apply),
        ("联系单位", p.contact_unit), ("备注", p.notes), ("ID", p.id),
    ):
        if value:
            print(f"{label}：{value}")
    return 0
