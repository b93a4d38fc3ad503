"""Realistic demo data: a fictional county's enterprises, cadres, assignments,
visits and problems in every state, some overdue. Deterministic for a seed and
an anchor day; scale 1 ≈ 200 enterprises. Written in bulk, one transaction."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, insert, select

from app.domain import (
    CadreRole,
    CodeListKind,
    Evaluation,
    Level,
    OperationStatus,
    ProblemScope,
    ProblemSource,
    ProblemStatus as S,
    ProgressKind as K,
    Trend,
    VisitWay,
)
from app.errors import UserError
from app.services import codelists
from app.standards import credit_code as cc
from app.standards.text import name_key
from db import causal
from db.database import Database
from db.models import (
    Assignment,
    Cadre,
    DeadlineExtension,
    Enterprise,
    EnterpriseTag,
    Problem,
    ProgressEntry,
    Visit,
    VisitCadre,
)

COUNTY = "河阳县"
COUNTY_CODE = "410923"
REGIONS = [
    ("城关镇", "410923"), ("城东街道", "410923"), ("城西街道", "410923"), ("产业集聚区", "410923"),
    ("高新技术开发区", "410923"), ("石桥镇", "410923"), ("柳林镇", "410923"), ("河口镇", "410923"),
    ("白沙乡", "410923"), ("王庄乡", "410923"), ("马集镇", "410923"), ("青龙乡", "410923"),
]
BRANDS = (
    "恒达 豫新 华瑞 金泰 宏远 鑫源 嘉禾 瑞丰 永兴 天诚 博远 新恒 鼎盛 锦程 润泽 隆昌 兴业 汇川 德信 万通 "
    "聚力 昊天 泰和 明辉 正阳 安顺 富达 宏图 龙腾 长青 华康 盛世 银河 卓越".split()
    + "立新 凯瑞 东升 佳禾 宇通 精工 海纳 合众 诚信 晨光 天泽 众邦 华兴 荣盛 景程 和润 信达 同创 启航 远航".split()
)
INDUSTRIES = [
    ("C", "铝业", "有色金属压延加工"), ("C", "机械制造", "通用设备制造"), ("C", "耐火材料", "耐火材料制品制造"),
    ("C", "电子科技", "电子元件制造"), ("C", "食品", "食品制造"), ("C", "纺织", "棉纺织加工"),
    ("C", "新材料科技", "新材料制造"), ("C", "生物科技", "生物药品制造"), ("C", "建材", "水泥制品制造"),
    ("C", "包装材料", "纸制品包装制造"), ("C", "光电", "光电子器件制造"), ("C", "化工", "专用化学产品制造"),
    ("C", "汽车配件", "汽车零部件制造"), ("C", "家具", "木质家具制造"), ("D", "热力", "热力生产和供应"),
    ("F", "商贸", "批发业"), ("G", "物流", "道路货物运输"), ("A", "农业开发", "农业种植"),
    ("A", "牧业", "畜牧养殖"), ("I", "信息技术", "软件和信息技术服务"), ("M", "检测技术", "检验检测服务"),
    ("E", "建设工程", "房屋建筑"), ("H", "餐饮管理", "正餐服务"),
]
CHAIN_BY_WORD = {"铝业": "新材料", "新材料科技": "新材料", "耐火材料": "新材料", "机械制造": "装备制造",
                 "汽车配件": "装备制造", "电子科技": "电子信息", "光电": "电子信息", "食品": "食品加工",
                 "农业开发": "食品加工", "生物科技": "生物医药", "纺织": "现代纺织"}
SURNAMES = "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于 董 萧 程 曹 袁 邓 许 傅 沈 曾 彭 吕".split()
GIVEN = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀兰 霞 平 刚 桂英 建国 志强 海燕 玉兰 红梅 国庆 文博 子豪 晓东 春华 建华 卫东 新民".split()
POSTS = {CadreRole.LEADER: ["副县长", "县委常委", "人大副主任", "政协副主席"],
         CadreRole.CHIEF_SERVER: ["科长", "副局长", "股长", "副主任"],
         CadreRole.HELPER: ["科员", "干部", "办事员"],
         CadreRole.LIAISON: ["联络员"]}
PROBLEMS: dict[str, list[tuple[str, str, str]]] = {
    # category: (description, demand, resolution)
    "用地": [("新建厂房用地指标未落实，二期项目无法开工", "协调解决约 30 亩建设用地指标", "已纳入年度用地计划，完成挂牌出让"),
           ("厂区土地证、房产证未办理，影响抵押融资", "协助补办不动产权证", "已完成不动产首次登记，证书已发放")],
    "融资": [("流动资金紧张，原有贷款即将到期，续贷困难", "协调银行办理续贷 500 万元", "已协调县农商行办理无还本续贷"),
           ("技改项目缺少资金，缺乏有效抵押物", "申请政府性融资担保", "已通过县融资担保公司获得担保贷款 300 万元")],
    "用工": [("一线技术工人招聘困难，缺口约 40 人", "协助开展专场招聘", "人社局组织专场招聘会 2 场，已招聘 35 人"),
           ("新招员工缺乏技能，培训成本高", "申请职业技能培训补贴", "已纳入以工代训补贴范围")],
    "环保": [("环评批复办理周期长，新生产线无法投产", "加快环评审批", "环评报告已批复"),
           ("重污染天气管控期间被要求停产，影响订单交付", "申请纳入绩效分级 B 级企业", "已完成绩效分级评定")],
    "审批手续/证照": [("规划许可证办理材料反复补正", "一次性告知所需材料并帮办代办", "已完成帮办代办，许可证已取得"),
               ("食品生产许可证到期换证", "协助办理延续换证", "已完成换证")],
    "市场开拓": [("产品订单下降，缺少销售渠道", "协助对接本地重点企业和采购平台", "已组织产销对接会，达成意向订单"),
             ("出口订单受汇率波动影响", "申请出口信用保险支持", "已纳入出口信用保险统保平台")],
    "要素保障(水电气暖)": [("厂区变电站容量不足，新增设备无法通电", "协调电力增容", "供电公司完成增容改造"),
                    ("天然气供应不稳定，冬季限气", "协调保障用气", "已签订保供协议"),
                    ("园区污水管网未接通", "尽快完成管网接入", "管网已接通")],
    "政策落实": [("研发费用加计扣除政策不了解，未申报", "上门辅导政策申报", "税务局上门辅导，已完成申报"),
             ("承诺的招商引资奖补资金未兑现", "兑现奖补资金", "奖补资金已拨付")],
    "基础设施": [("厂区门前道路破损严重，大货车通行困难", "维修道路", "道路已维修完成"),
             ("园区路灯未安装，夜间通勤不安全", "安装路灯", "已安装路灯 24 盏")],
    "科技创新/人才": [("申报高新技术企业缺乏专业指导", "提供申报辅导", "已通过高新技术企业认定"),
                ("缺少研发人才，希望与高校合作", "协助对接高校院所", "已与省内高校签订产学研合作协议")],
    "拖欠账款": [("政府投资项目工程款拖欠约 120 万元", "协调支付拖欠款", "已支付全部欠款")],
    "法律纠纷": [("与供应商合同纠纷，需法律咨询", "提供法律服务", "司法局组织律师提供免费法律咨询")],
    "其他": [("企业子女入学问题", "协调员工子女就近入学", "已协调解决 6 名员工子女入学")],
}
DEFER_REASONS = [("项目选址涉及基本农田，暂无法调整", "《基本农田保护条例》"),
                 ("申请资金超出现行政策支持范围", "现行奖补办法第八条")]
NEGATIVE = ["答复不具体，问题仍未实际解决", "办理进度太慢，影响生产"]


@dataclass(frozen=True)
class DemoSummary:
    enterprises: int
    cadres: int
    assignments: int
    visits: int
    problems: int
    progress_entries: int


class _Gen:
    """State for one generation run: the random source, the anchor day, row lists."""

    def __init__(self, seed: int, today: date, installation: str) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.installation = installation
        #: Every record is this installation's own, written once (its clock, db.causal).
        self.actor = causal.actor_of(installation)
        self.rows: dict[type[Any], list[dict[str, Any]]] = {}
        self.credit_codes: set[str] = set()
        self._tracked: dict[type[Any], tuple[str, ...]] = {}

    def _fields(self, model: type[Any]) -> tuple[str, ...]:
        if model not in self._tracked:
            self._tracked[model] = causal.tracked_fields(model.__table__)
        return self._tracked[model]

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def stamp(self, day: date) -> datetime:
        return datetime.combine(day, time(9 + self.rng.randrange(9), self.rng.randrange(60)), timezone.utc)

    def add(self, model: type[Any], **values: Any) -> dict[str, Any]:
        if hasattr(model, "revision"):
            created = values.pop("_day", self.today)
            values.setdefault("id", self.uid())
            revision = values.pop("_revision", 1)
            values.update(created_at=self.stamp(created), updated_at=self.stamp(created),
                          changed_by=self.installation, revision=revision, deleted_at=None,
                          clock=causal.format_clock(causal.single(self.actor, revision, self._fields(model))))
        self.rows.setdefault(model, []).append(values)
        return values

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def mobile(self) -> str:
        return "1" + self.rng.choice("3578") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def credit_code(self, region_code: str) -> str:
        # Credit codes are unique: eight random digits meet again among a few thousand enterprises
        # (seed 21 at scale 25 did), so a code drawn twice is drawn again.
        while True:
            body = "".join(self.rng.choice("0123456789") for _ in range(8))
            org = body + cc.org_code_check(body)
            first17 = "91" + region_code + org
            code = first17 + cc.check_character(first17)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code


@dataclass(frozen=True)
class DemoPerson:
    """The person trying the program, made one of the demo's cadres so that 我包联的企业,
    the visit form's cadres and the dashboard's figures are about them."""

    name: str
    unit: str
    role: str = ""


def generate(db: Database, *, scale: float = 1, seed: int = 1, today: date | None = None,
             progress: Callable[[str], None] | None = None, me: DemoPerson | None = None) -> DemoSummary:
    """Fill an empty database with demo data; refuses a database that already has enterprises.
    With `me`, the demo's busiest helper cadre becomes that person (name, unit, role)."""
    if scale <= 0 or scale > 500:
        raise UserError(f"规模 {scale} 超出范围（应大于 0 且不超过 500）")
    today = today or date.today()
    say = progress or (lambda _msg: None)
    with db.session() as s:
        existing = s.scalar(select(func.count()).select_from(Enterprise)) or 0
        if existing:
            raise UserError(f"数据库中已有 {existing} 家企业；演示数据只写入空数据库（可用 --db 指定新的数据库文件）")
        categories = codelists.values(s, CodeListKind.CATEGORY)
        units = codelists.values(s, CodeListKind.UNIT)
        policies = codelists.values(s, CodeListKind.POLICY)
    g = _Gen(seed, today, db.installation_id)
    n_ent = max(5, round(200 * scale))
    say(f"生成 {n_ent} 家企业……")
    enterprises = _enterprises(g, n_ent)
    cadres = _cadres(g, max(3, round(25 * scale)), units)
    assigned = _assignments(g, enterprises, cadres)
    if me is not None and me.name.strip():
        _become(cadres, assigned, me)
    say("生成走访记录和问题……")
    _visits_and_problems(g, enterprises, assigned, categories, units, policies)
    say("写入数据库……")
    order = [Enterprise, EnterpriseTag, Cadre, Assignment, Visit, VisitCadre, Problem, DeadlineExtension, ProgressEntry]
    with db.long_writer(), db.session(preserve_sync_fields=True) as s:
        for model in order:
            rows = g.rows.get(model, [])
            for i in range(0, len(rows), 5000):
                s.execute(insert(model.__table__), rows[i:i + 5000])
    count = lambda m: len(g.rows.get(m, []))  # noqa: E731
    return DemoSummary(count(Enterprise), count(Cadre), count(Assignment), count(Visit), count(Problem),
                       count(ProgressEntry))


def _enterprises(g: _Gen, n: int) -> list[dict[str, Any]]:
    rng, out, used = g.rng, [], set()
    while len(out) < n:
        region, rcode = rng.choice(REGIONS)
        section, word, industry = rng.choice(INDUSTRIES)
        brand = rng.choice(BRANDS)
        prefix = rng.choice([COUNTY, COUNTY, "河南", region.rstrip("镇乡街道区") if rng.random() < 0.3 else COUNTY])
        suffix = rng.choice(["有限公司", "有限公司", "有限责任公司", "股份有限公司"])
        name = f"{prefix}{brand}{word}{suffix}"
        if name in used:
            name = f"{COUNTY}{brand}{rng.choice(BRANDS)}{word}{suffix}"
            if name in used:
                continue
        used.add(name)
        industrial = section in "BCD"
        employees = int(rng.lognormvariate(3.8, 1.0))
        revenue = employees * rng.uniform(20, 80)  # 万元
        above = industrial and revenue >= 2000
        size = ("大型" if employees >= 1000 and revenue >= 40000 else "中型" if employees >= 300 and revenue >= 2000
                else "小型" if employees >= 20 and revenue >= 300 else "微型")
        e = g.add(
            Enterprise, _day=g.today - timedelta(days=400), name=name, name_key=name_key(name),
            credit_code=g.credit_code(rcode) if rng.random() < 0.97 else None, credit_code_override=False,
            region_name=region, region_code=rcode, address=f"{COUNTY}{region}{rng.choice(['建设路', '工业大道', '人民路', '滨河路', '纬二路', '经三路'])}{rng.randrange(1, 300)}号",
            industry_code=section, industry_text=industry, size=size, above_scale=above,
            legal_representative=g.person(), contact_person=g.person(), contact_phone=g.mobile(),
            industrial_chain=CHAIN_BY_WORD.get(word, ""), notes="",
        )
        tags = set()
        if above:
            tags.add("规上工业")
        for tag, p in (("科技型", 0.15), ("外贸型", 0.1), ("高成长型", 0.1), ("专精特新", 0.05)):
            if rng.random() < p:
                tags.add(tag)
        if section == "A" and rng.random() < 0.4:
            tags.add("农业产业化龙头")
        if section == "F":
            tags.add("商贸")
        for tag in sorted(tags):
            g.add(EnterpriseTag, enterprise_id=e["id"], tag=tag)
        e["_employees"] = employees
        out.append(e)
    return out


def _cadres(g: _Gen, n: int, units: list[str]) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        role = CadreRole.LEADER if i % 8 == 0 else CadreRole.CHIEF_SERVER if i % 3 == 0 else CadreRole.HELPER
        out.append(g.add(Cadre, _day=g.today - timedelta(days=400), name=g.person(), unit=g.rng.choice(units),
                         post=g.rng.choice(POSTS[role]), phone=g.mobile(), role=role.value))
    return out


def _become(cadres: list[dict[str, Any]], assigned: dict[str, list[str]], me: DemoPerson) -> None:
    """The helper cadre with the most enterprises takes the person's name, unit and role."""
    count = {c["id"]: 0 for c in cadres}
    for ids in assigned.values():
        for cid in ids:
            count[cid] += 1
    helpers = [c for c in cadres if c["role"] != CadreRole.LEADER.value] or cadres
    chosen = max(helpers, key=lambda c: (count[c["id"]], c["id"]))
    chosen["name"] = me.name.strip()
    if me.unit.strip():
        chosen["unit"] = me.unit.strip()
    if me.role:
        chosen["role"] = CadreRole(me.role).value


def _assignments(g: _Gen, enterprises: list[dict[str, Any]], cadres: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Most enterprises are assigned (all 规上 ones); returns enterprise id → cadre ids."""
    rng = g.rng
    leaders = [c for c in cadres if c["role"] == CadreRole.LEADER.value] or cadres
    workers = [c for c in cadres if c["role"] != CadreRole.LEADER.value] or cadres
    out: dict[str, list[str]] = {}
    for e in enterprises:
        if not e["above_scale"] and rng.random() < 0.12:
            continue  # not (yet) assigned
        start = g.today - timedelta(days=rng.randrange(200, 400))
        chosen = [rng.choice(workers)] + ([rng.choice(leaders)] if rng.random() < 0.3 else [])
        for c in chosen:
            if c["id"] in out.get(e["id"], []):
                continue
            g.add(Assignment, _day=start, cadre_id=c["id"], enterprise_id=e["id"], start_date=start, end_date=None)
            out.setdefault(e["id"], []).append(c["id"])
    return out


def _visits_and_problems(g: _Gen, enterprises: list[dict[str, Any]], assigned: dict[str, list[str]],
                         categories: list[str], units: list[str], policies: list[str]) -> None:
    rng = g.rng
    known = [c for c in categories if c in PROBLEMS] or categories
    for e in enterprises:
        cadre_ids = assigned.get(e["id"], [])
        never = not cadre_ids or rng.random() < 0.08
        n_visits = 0 if never else max(1, round(rng.gauss(4, 1.5)))
        visit_days = sorted(g.today - timedelta(days=rng.randrange(0, 360)) for _ in range(n_visits))
        n_problems = max(0, round(rng.gauss(11.7, 3))) if n_visits else rng.choice([0, 0, 1])
        visits = []
        for day in visit_days:
            status = rng.choices(list(OperationStatus), weights=[85, 12, 3])[0]
            v = g.add(
                Visit, _day=day, enterprise_id=e["id"], visit_date=day,
                way=rng.choices(list(VisitWay), weights=[75, 15, 7, 3])[0].value,
                people_met=f"{e['legal_representative']}（董事长）、{e['contact_person']}（办公室主任）",
                discussion=f"了解企业生产经营情况，宣讲惠企政策，听取企业意见建议。企业反映{rng.choice(known)}方面存在困难。",
                operation_status=status.value, employees=max(1, e["_employees"] + rng.randrange(-5, 6)),
                order_trend=rng.choice(list(Trend)).value, revenue_trend=rng.choice(list(Trend)).value,
                operation_notes="" if status is OperationStatus.NORMAL else "受订单影响，部分生产线停产检修",
                policies_explained=rng.sample(policies, k=min(len(policies), rng.randrange(1, 4))),
                follow_up_plan="持续跟踪问题办理进度，一周内电话回访。",
            )
            for cid in cadre_ids:
                g.add(VisitCadre, visit_id=v["id"], cadre_id=cid)
            visits.append(v)
        for _ in range(n_problems):
            visit = rng.choice(visits) if visits else None
            _problem(g, e, visit, rng.choice(known), units)
        e.pop("_employees", None)


def _problem(g: _Gen, e: dict[str, Any], visit: dict[str, Any] | None, category: str, units: list[str]) -> None:
    rng, today = g.rng, g.today
    received: date = visit["visit_date"] if visit else today - timedelta(days=rng.randrange(0, 300))
    age = (today - received).days
    description, demand, resolution = rng.choice(PROBLEMS.get(category, PROBLEMS["其他"]))
    pid = g.uid()
    entries: list[tuple[date, K, str, S | None, S]] = [(received, K.LISTED, "走访发现：" + category, None, S.LISTED)]
    row: dict[str, Any] = dict(
        id=pid, enterprise_id=e["id"], visit_id=visit["id"] if visit else None, category=category,
        description=description, demand=demand,
        source=(ProblemSource.VISIT if visit else rng.choice([ProblemSource.SELF_REPORTED, ProblemSource.HOTLINE,
                                                               ProblemSource.ASSIGNED_FROM_ABOVE])).value,
        scope=rng.choices(list(ProblemScope), weights=[85, 15])[0].value, received_date=received,
        lead_unit="", assist_units=[], responsible_person="", responsible_phone="", assigned_date=None,
        deadline=None, level=Level.COUNTY.value, status=S.LISTED.value, resolution="", solved_date=None,
        deferred_reason="", deferred_policy="", evaluation=None, evaluation_comment="", evaluated_date=None,
        closed_date=None,
    )

    def on(days: int) -> date:
        return min(today, received + timedelta(days=days))

    # How far this problem got: older problems got further.
    roll = rng.random()
    if age < 2 and roll < 0.7:
        stage = "listed"
    elif roll < 0.04:
        stage = "listed"
    elif roll < 0.08:
        stage = "deferred"
    elif age < 10 or roll < 0.14:
        stage = "in_progress"
    elif roll < 0.30:
        stage = "solved"
    else:
        stage = "closed"
    if stage != "listed":
        assigned = on(1)
        major = rng.random() < 0.2
        deadline = assigned + timedelta(days=30 if major else 7)
        lead = rng.choice(units)
        assists = rng.sample([u for u in units if u != lead], k=rng.choice([0, 0, 1, 2]))
        row.update(lead_unit=lead, assist_units=assists, responsible_person=g.person(),
                   responsible_phone=g.mobile(), assigned_date=assigned, deadline=deadline,
                   status=S.IN_PROGRESS.value)
        entries.append((assigned, K.ASSIGNED, f"主办：{lead}；时限：{deadline.isoformat()}", S.LISTED, S.IN_PROGRESS))
        if age > 3:
            entries.append((on(3), K.PROGRESS, f"{lead}已与企业对接，正在研究解决方案", S.IN_PROGRESS, S.IN_PROGRESS))
        if stage == "in_progress" and rng.random() < 0.15 and age > 8:
            new_deadline = deadline + timedelta(days=15)
            g.add(DeadlineExtension, _day=on(6), problem_id=pid, requested_date=on(6), reason="涉及多个部门，需进一步协调",
                  old_deadline=deadline, new_deadline=new_deadline)
            entries.append((on(6), K.EXTENDED, f"涉及多个部门，需进一步协调；时限由 {deadline.isoformat()} 延至 {new_deadline.isoformat()}",
                            S.IN_PROGRESS, S.IN_PROGRESS))
            row["deadline"] = new_deadline
        if stage == "deferred":
            reason, policy = rng.choice(DEFER_REASONS)
            row.update(status=S.DEFERRED.value, deferred_reason=reason, deferred_policy=policy)
            entries.append((on(5), K.DEFERRED, f"{reason}（依据：{policy}）", S.IN_PROGRESS, S.DEFERRED))
        if stage in ("solved", "closed"):
            solve_day = on(rng.choice([3, 5, 6, 7, 9, 12, 20, 35]))
            if rng.random() < 0.1 and age > 30:
                # The company was not satisfied the first time: 退回重办.
                first = on(5)
                entries.append((first, K.SOLVED, "已初步答复企业", S.IN_PROGRESS, S.SOLVED))
                entries.append((first, K.EVALUATED, f"{Evaluation.DISSATISFIED.value}：{rng.choice(NEGATIVE)}", S.SOLVED, S.SOLVED))
                entries.append((first, K.REOPENED, "企业不满意，退回重办", S.SOLVED, S.IN_PROGRESS))
                solve_day = on(25)
            row.update(status=S.SOLVED.value, resolution=resolution, solved_date=solve_day)
            entries.append((solve_day, K.SOLVED, resolution, S.IN_PROGRESS, S.SOLVED))
            evaluated = stage == "closed" or rng.random() < 0.5
            if evaluated:
                ev = rng.choices(list(Evaluation), weights=[45, 35, 12, 6, 2])[0]
                if stage == "closed" and not ev.is_satisfied:
                    ev = Evaluation.SATISFIED
                eval_day = min(today, solve_day + timedelta(days=rng.randrange(1, 5)))
                row.update(evaluation=ev.value, evaluation_comment="", evaluated_date=eval_day)
                entries.append((eval_day, K.EVALUATED, ev.value, S.SOLVED, S.SOLVED))
                if stage == "closed":
                    close_day = min(today, eval_day + timedelta(days=rng.randrange(0, 4)))
                    row.update(status=S.CLOSED.value, closed_date=close_day)
                    entries.append((close_day, K.CLOSED, "经回访企业满意，予以销号", S.SOLVED, S.CLOSED))
    last_day = max(d for d, *_ in entries)
    g.add(Problem, _day=received, _revision=len(entries), **row)
    g.rows[Problem][-1]["updated_at"] = g.stamp(last_day)
    for day, kind, content, before, after in entries:
        g.add(ProgressEntry, _day=day, problem_id=pid, entry_date=day, recorded_at=g.stamp(day), kind=kind.value,
              actor=row["lead_unit"] if kind not in (K.LISTED, K.EVALUATED) else "", content=content,
              from_status=before.value if before else None, to_status=after.value)
