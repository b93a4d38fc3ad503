"""惠企政策明白纸: the policies in force that one company may claim (its 门类, size and tags), each with
who issued it, what the company gets, how to apply, whom to ask and until when — printed for the
cadre to leave with the company. Those already explained, applied for or granted are marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.errors import UserError
from app.reports import layout
from app.reports.common import RenderOptions, ReportResult, fit, grid, label_cells, render
from app.reports.fmt import cn_date, cn_number, joined
from app.reports.fonts import Typesetter
from app.reports.layout import PORTRAIT, Meta, Styles, Title, para
from app.services import Services
from app.services.enterprises import EnterpriseView
from app.services.policies import ClaimView, PolicyView

TITLE = "惠企政策明白纸"
#: Key/value tables: label, value (the 156 mm type area).
KV = (30 * mm, 126 * mm)


@dataclass(frozen=True)
class PolicySheetData:
    enterprise: EnterpriseView
    #: The policies in force that fit the company, those naming one of its tags first.
    policies: tuple[PolicyView, ...]
    #: IDs of the policies explained to the company at a visit.
    explained: frozenset[str]
    #: The company's 申报/兑现 by policy ID.
    claims: dict[str, ClaimView]
    as_of: date
    issuer: str = ""


def gather(services: Services, enterprise_id: str) -> PolicySheetData:
    """The company's fitting policies; UserError when none fits (no empty sheet is printed)."""
    e = services.enterprises.get(enterprise_id)
    fits = tuple(services.policies.suggest(enterprise_id))
    if not fits:
        raise UserError(f"政策库中没有适合“{e.name}”的有效政策（按行业门类、企业规模、企业标签），未生成政策明白纸；"
                        "可先导入政策汇编或在政策库中添加政策")
    explained = frozenset(p.id for p in services.policies.explained(enterprise_id=enterprise_id))
    claims = {c.policy_id: c for c in services.policies.claims(enterprise_id=enterprise_id)}
    return PolicySheetData(e, fits, explained, claims, services.clock.today(), services.profile.get().label)


def status_text(policy_id: str, explained: frozenset[str], claims: dict[str, ClaimView]) -> str:
    """已宣讲 / 已申报（date）/ 已兑现（date, amount）, or "" when none of these happened."""
    c = claims.get(policy_id)
    parts = ["已宣讲" if policy_id in explained else ""]
    if c is not None and c.applied_date:
        parts.append(f"已申报（{cn_date(c.applied_date)}）")
    if c is not None and c.granted_date:
        amount = f"，{c.amount:,}元" if c.amount is not None else ""
        parts.append(f"已兑现（{cn_date(c.granted_date)}{amount}）")
    return joined(parts, "；")


def _count(n: int) -> str:
    """二 is said 两 before a measure word: 以下两项."""
    return "两" if n == 2 else cn_number(n)


def validity_text(p: PolicyView) -> str:
    if p.valid_from and p.valid_to:
        return f"{cn_date(p.valid_from)}至{cn_date(p.valid_to)}"
    if p.valid_to:
        return f"至{cn_date(p.valid_to)}"
    if p.valid_from:
        return f"{cn_date(p.valid_from)}起，长期有效"
    return "长期有效"


def render_policy_sheet(data: PolicySheetData, path: Path, options: RenderOptions) -> ReportResult:
    ts = Typesetter(options.fonts)
    styles = layout.make_styles(options.fonts, body_size=layout.XIAO_SI)
    e = data.enterprise
    told = sum(1 for p in data.policies if p.id in data.explained)
    story: list[Flowable] = [
        Title(ts, TITLE, space_after=2),
        para(ts, e.name, styles.subtitle),
        para(ts, f"统一社会信用代码：{e.credit_code or '—'}", styles.subtitle),
        para(ts, f"（截至{cn_date(data.as_of)}）", styles.subtitle),
        Spacer(1, 4 * mm),
        para(ts, f"根据贵企业的所属行业、企业规模和企业类型，以下{_count(len(data.policies))}项现行惠企政策"
                 f"可供贵企业了解和申报{f'（其中{told}项已在走访中宣讲）' if told else ''}。"
                 "具体条件以政策原文为准，申报中遇到困难可联系包联干部或所列联系单位。", styles.body),
        Spacer(1, 2 * mm),
    ]
    for i, p in enumerate(data.policies, start=1):
        if i > 1:
            story.append(Spacer(1, 4 * mm))
        story.append(_policy(ts, styles, i, p, status_text(p.id, data.explained, data.claims)))
    meta = Meta(f"{TITLE}：{e.name}", subject=f"企业 {e.id}", author=data.issuer, footer_right=f"企业 ID：{e.id}")
    return render(path, story, ts=ts, styles=styles, spec=PORTRAIT, meta=meta, options=options)


def _policy(ts: Typesetter, styles: Styles, i: int, p: PolicyView, status: str) -> Flowable:
    pairs = [
        ("发文单位及文号", joined([p.issuer, p.doc_number], "  ")),
        ("发布日期", cn_date(p.issued_date)),
        ("有效期", validity_text(p)),
        ("适用对象", p.eligibility),
        ("支持内容", p.benefits),
        ("申报方式", p.how_to_apply),
        ("联系单位", p.contact_unit),
        ("办理情况", status),
    ]
    pairs = [(k, v) for k, v in pairs if v]
    rows = [[fit(ts, styles, k, styles.label, KV[0]), para(ts, v, styles.cell)] for k, v in pairs]
    table = grid(styles, rows, KV, label_cells([(0, r) for r in range(len(rows))]))
    heading = para(ts, f"（{cn_number(i)}）{p.title}", styles.h2)
    return KeepTogether([heading, Spacer(1, 2), table])
