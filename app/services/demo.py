"""Realistic demo data: a fictional county's enterprises, cadres and assignments (包联领导,
首席服务员), visits whose notes name what was discussed, and problems handed to the units a
county would hand them to, in every stage: late handovers, extensions approved and
refused, 督办, 回访 with satisfied and dissatisfied companies, problems sent back.
Deterministic for a seed and an anchor day; scale 1 ≈ 200 enterprises. Written in
bulk, one transaction."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select

from app.changes import Change
from app.domain import (
    AssignmentRole,
    CadreRole,
    CodeListKind,
    Evaluation,
    ExtensionStatus,
    Level,
    OperationStatus,
    ProblemScope,
    ProblemSource,
    RevisitMethod,
    Trend,
    VisitWay,
)
from app.domain import (
    ProblemStatus as S,
)
from app.domain import (
    ProgressKind as K,
)
from app.errors import UserError
from app.services import codelists
from app.services.calendar import load_calendar, load_limits
from app.stages import Facts, Handling, Stage, TimeLimits, compute
from app.standards import credit_code as cc
from app.standards.text import name_key
from app.workdays import WorkCalendar
from db import causal
from db.database import Database
from db.models import (
    Assignment,
    Cadre,
    CodeListEntry,
    DeadlineExtension,
    Enterprise,
    EnterpriseTag,
    Policy,
    PolicyClaim,
    PolicyExplanation,
    Problem,
    ProgressEntry,
    Project,
    ProjectEnterprise,
    ProjectInvestment,
    Revisit,
    Supervision,
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
SURNAMES = ("王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 "
            "梁 宋 郑 谢 韩 唐 冯 于 董 萧 程 曹 袁 邓 许 傅 沈 曾 彭 吕").split()
GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀兰 霞 平 刚 桂英 "
         "建国 志强 海燕 玉兰 红梅 国庆 文博 子豪 晓东 春华 建华 卫东 新民").split()
POSTS = {CadreRole.LEADER: ["副县长", "县委常委", "人大副主任", "政协副主席"],
         CadreRole.CHIEF_SERVER: ["科长", "副局长", "股长", "副主任"],
         CadreRole.HELPER: ["科员", "干部", "办事员"],
         CadreRole.LIAISON: ["联络员"]}
#: Who a county hands each kind of problem to: (description, demand, result, lead units, assisting
#: units, industries it can arise in (GB/T 4754 sections, or industry words; "" = any), complex?).
#: "乡镇" stands for the enterprise's own township government.
T = tuple[str, str, str, tuple[str, ...], tuple[str, ...], str, bool]
PROBLEMS: dict[str, list[T]] = {
    "用地": [
        ("新建厂房用地指标未落实，二期项目无法开工", "协调解决约30亩建设用地指标", "已纳入年度用地计划，完成挂牌出让",
         ("自然资源局",), ("发改委", "乡镇"), "C", True),
        ("厂区土地证、房产证未办理，影响抵押融资", "协助补办不动产权证", "已完成不动产首次登记，证书已发放",
         ("自然资源局",), ("住建局", "金融工作局"), "CAFG", False),
        ("厂区周边征迁未完成，扩建用地交付滞后", "加快征迁交地", "乡镇完成剩余3户征迁，土地已净地交付",
         ("乡镇",), ("自然资源局",), "CD", True),
    ],
    "融资": [
        ("流动资金紧张，原有贷款即将到期，续贷困难", "协调银行办理续贷500万元", "已协调县农商行办理无还本续贷",
         ("金融工作局",), ("人民银行",), "", False),
        ("技改项目缺少资金，缺乏有效抵押物", "申请政府性融资担保", "已通过县融资担保公司获得担保贷款300万元",
         ("金融工作局",), ("财政局", "工信局"), "CD", False),
        ("首次贷款申请被拒，不了解普惠金融产品", "对接银行首贷服务", "人民银行组织首贷服务中心对接，已获首贷100万元",
         ("人民银行",), ("金融工作局",), "", False),
    ],
    "用工": [
        ("一线技术工人招聘困难，缺口约40人", "协助开展专场招聘", "人社局组织专场招聘会2场，已招聘35人",
         ("人社局",), ("乡镇",), "CEGH", False),
        ("新招员工缺乏技能，培训成本高", "申请职业技能培训补贴", "已纳入以工代训补贴范围",
         ("人社局",), ("教育局",), "C", False),
        ("稳岗返还资金未到账", "尽快拨付稳岗返还", "人社局已核准，资金已拨付到企业账户",
         ("人社局",), ("财政局",), "", False),
    ],
    "环保": [
        ("环评批复办理周期长，新生产线无法投产", "加快环评审批", "环评报告已批复",
         ("生态环境局",), ("行政审批局",), "化工 建材 耐火材料 铝业 纺织 包装材料 家具 汽车配件", True),
        ("重污染天气管控期间被要求停产，影响订单交付", "申请纳入绩效分级B级企业", "已完成绩效分级评定，列入B级",
         ("生态环境局",), ("工信局",), "化工 建材 耐火材料 铝业", False),
        ("养殖场粪污处理设施不达标，面临整改", "指导粪污资源化利用改造", "已完成粪污处理设施改造并通过验收",
         ("生态环境局",), ("农业农村局",), "牧业", False),
    ],
    "审批手续/证照": [
        ("新建车间规划许可证办理材料反复补正", "一次性告知所需材料并帮办代办", "已完成帮办代办，规划许可证已取得",
         ("行政审批局",), ("自然资源局", "住建局"), "C", False),
        ("扩建厂房施工许可证迟迟未办下", "加快施工许可审批", "已并联审批，施工许可证已核发",
         ("住建局",), ("行政审批局",), "CE", False),
        ("食品生产许可证到期换证", "协助办理延续换证", "市场监管局上门核查，已完成换证",
         ("市场监管局",), (), "食品", False),
        ("道路运输经营许可证年审受阻", "协助办理年审", "已完成年审", ("交通运输局",), (), "物流", False),
        ("消防验收未通过，新厂房无法投用", "指导整改并尽快复验", "已指导整改，消防验收合格",
         ("住建局",), ("应急管理局",), "CFH", False),
    ],
    "市场开拓": [
        ("产品订单下降，缺少销售渠道", "协助对接本地重点企业和采购平台", "已组织产销对接会，达成意向订单800万元",
         ("商务局",), ("工信局", "工商联"), "CA", False),
        ("出口订单受汇率波动影响", "申请出口信用保险支持", "已纳入出口信用保险统保平台",
         ("商务局",), ("金融工作局",), "C", False),
        ("农产品销售渠道单一，价格偏低", "对接商超和电商平台", "已对接县内3家商超及电商平台",
         ("商务局",), ("农业农村局",), "A", False),
    ],
    "要素保障(水电气暖)": [
        ("厂区变压器容量不足，新增设备无法通电", "协调电力增容", "供电公司完成增容改造，新增设备已投运",
         ("供电公司",), ("发改委",), "CD", False),
        ("天然气供应不稳定，冬季限气", "协调保障用气", "燃气公司已签订保供协议",
         ("燃气公司",), ("发改委",), "C", False),
        ("园区污水管网未接通，生产废水需外运", "尽快完成管网接入", "管网已接通", ("水务公司",), ("住建局",), "C", True),
        ("供水压力不足，影响生产用水", "改造供水管线", "水务公司已完成管线改造", ("水务公司",), (), "CH", False),
    ],
    "政策落实": [
        ("研发费用加计扣除政策不了解，未申报", "上门辅导政策申报", "税务局上门辅导，已完成申报",
         ("税务局",), ("科技局",), "CIM", False),
        ("承诺的招商引资奖补资金未兑现", "兑现奖补资金", "经审核，奖补资金已拨付", ("财政局",), ("商务局", "发改委"),
         "", False),
        ("增值税留抵退税办理进度慢", "加快退税审核", "留抵退税已到账", ("税务局",), (), "CF", False),
    ],
    "基础设施": [
        ("厂区门前道路破损严重，大货车通行困难", "维修道路", "道路已维修完成", ("交通运输局",), ("乡镇",), "", False),
        ("园区路灯未安装，夜间通勤不安全", "安装路灯", "已安装路灯24盏", ("城市管理局",), ("乡镇",), "", False),
    ],
    "科技创新/人才": [
        ("申报高新技术企业缺乏专业指导", "提供申报辅导", "已通过高新技术企业认定", ("科技局",), ("税务局",), "CIM",
         False),
        ("缺少研发人才，希望与高校合作", "协助对接高校院所", "已与省内高校签订产学研合作协议",
         ("科技局",), ("人社局",), "CIM", True),
        ("申报专精特新企业材料准备困难", "指导申报", "已通过省级专精特新中小企业认定", ("工信局",), (), "C", False),
    ],
    "拖欠账款": [
        ("政府投资项目工程款拖欠约120万元", "协调支付拖欠款", "已支付全部欠款", ("财政局",), ("住建局",), "E", True),
        ("为县直单位供货的货款逾期未付", "督促付款", "工信局牵头清欠，货款已全部支付", ("工信局",), ("财政局",), "CF",
         False),
    ],
    "法律纠纷": [
        ("与供应商合同纠纷，需法律咨询", "提供法律服务", "司法局组织律师提供免费法律咨询，双方已调解",
         ("司法局",), (), "", False),
        ("商标被他人抢注，影响产品销售", "协助维权", "市场监管局指导提出异议，抢注商标已被驳回",
         ("市场监管局",), ("司法局",), "CA", False),
    ],
    "其他": [
        ("外地员工子女入学难", "协调员工子女就近入学", "已协调解决6名员工子女入学", ("教育局",), ("乡镇",), "", False),
        ("园区缺少职工公交线路", "开通通勤公交", "已开通园区通勤公交线路", ("交通运输局",), (), "CG", False),
    ],
}
DEFER_REASONS = [("项目选址涉及永久基本农田，暂无法调整", "《基本农田保护条例》第十七条"),
                 ("申请资金超出现行政策支持范围", "县招商引资奖补办法第八条")]
NEGATIVE = ["答复不具体，问题仍未实际解决", "办理进度太慢，影响生产", "只给了口头答复，没有落实"]
POSITIVE = ["办理及时，非常感谢", "解决了企业的实际困难", "", "", "服务态度好"]
OPENING = ["了解企业生产经营情况", "走访企业，察看生产车间，了解订单和用工情况", "与企业负责人座谈，了解发展规划",
           "到企业调研，了解项目建设进度"]
LEVELS = ["提醒", "督办", "挂牌督办"]


def _township_unit(region: str) -> str:
    if region.endswith("街道"):
        return f"{region}办事处"
    if region.endswith("区"):
        return f"{region}管委会"
    return f"{region}人民政府"


def _fits(template: T, e: dict[str, Any]) -> bool:
    """Whether the problem can arise in this enterprise's industry (no food licence for a haulier)."""
    where = template[5]
    if not where:
        return True
    if where.isascii():
        return (e["industry_code"] or "") in where
    return bool(e["_word"] in where.split())


@dataclass(frozen=True)
class DemoSummary:
    enterprises: int
    cadres: int
    assignments: int
    visits: int
    problems: int
    progress_entries: int
    policies: int = 0

    @property
    def changes(self) -> Change:
        """Demo data fills every kind of record (and may set the profile)."""
        return Change.ALL


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
        self.cal = WorkCalendar()
        self.limits = TimeLimits()
        self.units: set[str] = set()
        self._tracked: dict[type[Any], tuple[str, ...]] = {}

    def _fields(self, model: type[Any]) -> tuple[str, ...]:
        if model not in self._tracked:
            self._tracked[model] = causal.tracked_fields(model.__table__)
        return self._tracked[model]

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def stamp(self, day: date) -> datetime:
        return datetime.combine(day, time(9 + self.rng.randrange(9), self.rng.randrange(60)), UTC)

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
        cal, limits = load_calendar(s), load_limits(s)
    g = _Gen(seed, today, db.installation_id)
    g.cal, g.limits = cal, limits
    n_ent = max(5, round(200 * scale))
    say(f"生成 {n_ent} 家企业……")
    enterprises = _enterprises(g, n_ent)
    townships = {_township_unit(r) for r, _ in REGIONS}
    g.units = set(units) | townships
    cadres = _cadres(g, max(4, round(25 * scale)), units)
    assigned = _assignments(g, enterprises, cadres)
    if me is not None and me.name.strip():
        _become(cadres, assigned, me)
    say("生成走访记录和问题……")
    _visits_and_problems(g, enterprises, assigned, categories, policies)
    _policy_library(g)
    _explanations(g)
    _projects(g)
    say("写入数据库……")
    order = [Enterprise, EnterpriseTag, Cadre, Assignment, Visit, VisitCadre, Problem, DeadlineExtension,
             ProgressEntry, Supervision, Revisit, Policy, PolicyExplanation, PolicyClaim]
    # Projects before the problems that name them.
    order[order.index(Problem):order.index(Problem)] = [Project, ProjectEnterprise, ProjectInvestment]
    with db.long_writer(), db.session(preserve_sync_fields=True) as s:
        known = set(codelists.values(s, CodeListKind.UNIT))
        for i, unit in enumerate(sorted(townships - known), start=1):
            s.add(CodeListEntry(kind=CodeListKind.UNIT.value, value=unit, builtin=False, sort_order=1000 + i))
        tags = set(codelists.values(s, CodeListKind.TAG))
        for i, tag in enumerate(sorted({t for p in g.rows.get(Policy, []) for t in p["tags"]} - tags), start=1):
            s.add(CodeListEntry(kind=CodeListKind.TAG.value, value=tag, builtin=False, sort_order=1000 + i))
        s.flush()
        for model in order:
            rows = g.rows.get(model, [])
            for i in range(0, len(rows), 5000):
                s.execute(insert(cast(Table, model.__table__)), rows[i:i + 5000])

    def count(model: type[Any]) -> int:
        return len(g.rows.get(model, []))

    return DemoSummary(count(Enterprise), count(Cadre), count(Assignment), count(Visit), count(Problem),
                       count(ProgressEntry), count(Policy))


#: The demo's policy library: (title, issuer, 文号, issued days ago, valid days from issue (None: no end),
#: industries, sizes, tags, 适用对象, 支持内容, 申报方式, 联系单位). Two have expired by the demo's today.
POLICIES: tuple[tuple[str, str, str, int, int | None, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str,
                      str, str], ...] = (
    ("关于支持专精特新中小企业高质量发展的若干措施", "河南省人民政府办公厅", "豫政办〔2025〕12号", 300, 1095, (),
     ("中型", "小型", "微型"), ("专精特新",), "省级以上专精特新中小企业、国家级专精特新“小巨人”企业",
     "对新认定的国家级专精特新“小巨人”企业一次性奖励100万元，省级专精特新中小企业奖励20万元；优先推荐“专精特新贷”",
     "登录河南省惠企政策直达平台“免申即享”，或向县工信局提交申报材料", "河阳县工业和信息化局"),
    ("河南省促进工业稳增长若干政策措施", "河南省人民政府", "豫政〔2025〕8号", 420, 730, ("C",), (),
     ("规上工业",), "规模以上工业企业", "当年产值增长15%以上的规上工业企业给予最高50万元奖励；技改设备投资补助10%",
     "企业自愿申报，县工信局初审后报市工信局", "河阳县工业和信息化局"),
    ("关于进一步加大研发费用加计扣除政策落实力度的通知", "国家税务总局河南省税务局", "豫税发〔2025〕31号", 200,
     None, (), (), ("科技型", "高新技术企业"), "会计核算健全、实行查账征收的企业",
     "研发费用按实际发生额的100%在税前加计扣除；制造业企业可按季度享受",
     "在企业所得税预缴申报和年度汇算清缴时自行申报享受", "河阳县税务局"),
    ("河阳县稳岗就业补贴实施办法", "河阳县人力资源和社会保障局", "河人社〔2024〕8号", 560, 540, (), (), (),
     "县内依法参加失业保险、上年度未裁员或裁员率低于规定标准的企业",
     "中小微企业按上年度实际缴纳失业保险费的60%返还，大型企业返还30%",
     "“免申即享”，符合条件的企业由人社部门直接拨付", "河阳县人力资源和社会保障局"),
    ("河阳县小微企业首贷贴息办法", "河阳县金融工作局", "河金〔2025〕2号", 150, 730, (), ("小型", "微型"), (),
     "在县内登记注册、首次获得银行贷款的小微企业", "对首次贷款按实际支付利息的50%给予贴息，单户每年最高10万元",
     "向贷款银行提出申请，银行汇总后报县金融工作局", "河阳县金融工作局"),
    ("河南省高新技术企业认定奖补办法", "河南省科学技术厅", "豫科〔2024〕156号", 380, 1095, (), (), ("高新技术企业",),
     "首次认定及重新认定的高新技术企业", "首次认定的高新技术企业奖励30万元，重新认定的奖励10万元",
     "认定结果公布后由科技部门统一兑现，无需企业申报", "河阳县科学技术局"),
    ("河阳县促进外贸稳规模优结构若干措施", "河阳县商务局", "河商〔2025〕5号", 90, 640, (), (), ("外贸型",),
     "有进出口实绩的企业", "出口信用保险保费补贴50%；参加境外展会展位费补助70%", "每季度末向县商务局报送材料",
     "河阳县商务局"),
    ("关于降低企业用电用气成本的若干措施", "河阳县发展和改革委员会", "河发改〔2025〕14号", 240, 365, ("C",), (), (),
     "县内工业企业", "执行峰谷分时电价；天然气配气价格下调0.1元/立方米；报装接电“三零”服务",
     "向供电公司、燃气公司营业厅申请", "河阳县发展和改革委员会"),
    ("河阳县农业产业化龙头企业扶持办法", "河阳县农业农村局", "河农〔2024〕22号", 700, 600, ("A",), (),
     ("农业产业化龙头",), "市级以上农业产业化龙头企业", "新认定的省级龙头企业奖励20万元、市级奖励10万元；贷款贴息",
     "每年6月集中申报，乡镇初审后报县农业农村局", "河阳县农业农村局"),
    ("河南省技术改造专项资金管理办法", "河南省财政厅 河南省工业和信息化厅", "豫财企〔2025〕40号", 180, 1460,
     ("C",), (),
     (), "实施技术改造项目、设备投资500万元以上的工业企业", "按设备购置额的10%给予补助，单个项目最高500万元",
     "通过河南省技术改造项目管理平台申报", "河阳县工业和信息化局"),
    ("河阳县创业担保贷款实施细则", "河阳县人力资源和社会保障局", "河人社〔2025〕3号", 60, 1095, (),
     ("小型", "微型"), (),
     "符合条件的个人创业者和小微企业", "个人最高30万元、小微企业最高400万元的创业担保贷款，财政贴息",
     "向县创业担保贷款服务中心申请", "河阳县人力资源和社会保障局"),
    ("河阳县支持企业上市挂牌奖励办法", "河阳县人民政府办公室", "河政办〔2025〕9号", 30, None, (), ("大型", "中型"), (),
     "拟在境内外上市或在区域性股权市场挂牌的企业", "完成股改奖励50万元，在主板上市累计奖励500万元",
     "分阶段向县金融工作局申报", "河阳县金融工作局"),
)


def _policy_library(g: _Gen) -> None:
    """A dozen policies (no random draws: the rest of the demo stays as each seed made it)."""
    for (title, issuer, number, ago, valid_days, industries, sizes, tags, who, benefits, how,
         contact) in POLICIES:
        issued = g.today - timedelta(days=ago)
        number = re.sub(r"〔\d{4}〕", f"〔{issued.year}〕", number)  # the year it was issued
        g.add(Policy, _day=issued, title=title, issuer=issuer, doc_number=number, issued_date=issued,
              valid_from=issued, valid_to=issued + timedelta(days=valid_days) if valid_days else None,
              industries=list(industries), sizes=list(sizes), tags=list(tags), eligibility=who, benefits=benefits,
              how_to_apply=how, contact_unit=contact, notes="")


#: The demo's 地企合作 projects: (name, partner, type, sector, 计划总投资 万元, days ago of 签约, 开工, 投产,
#: 达效 (None: not reached), 责任领导, 责任单位, share of this year's plan paid in, in tenths).
PROJECTS: tuple[tuple[str, str, str, str, int, int | None, int | None, int | None, int | None, str, str, int],
                ...] = (
    ("与中国建材集团合作的新型建材产业园项目", "中国建材集团有限公司", "招商引资", "非金属矿物制品业", 120_000,
     400, 300, 90, None, "王志刚", "发改委", 8),
    ("中国中化精细化工新材料配套项目", "中国中化控股有限责任公司", "产业链配套", "化学原料和化学制品制造业", 85_000,
     260, 150, None, None, "李建国", "工信局", 6),
    ("国家电投分布式光伏整县推进项目", "国家电力投资集团有限公司", "合资合作", "电力、热力生产和供应业", 46_000,
     500, 420, 300, 120, "王志刚", "发改委", 10),
    ("中国一汽汽车零部件配套产业园项目", "中国第一汽车集团有限公司", "产业链配套", "汽车制造业", 60_000,
     180, 60, None, None, "张海涛", "工信局", 4),
    ("与中粮集团合作的优质小麦订单种植及加工项目", "中粮集团有限公司", "产销合作", "农副食品加工业", 32_000,
     330, 240, 100, None, "刘玉梅", "农业农村局", 9),
    ("中国电信县域数字经济产业园项目", "中国电信集团有限公司", "技术合作", "信息传输、软件和信息技术服务业", 25_000,
     120, None, None, None, "张海涛", "工信局", 3),
    ("河南能源集团矿山机械再制造项目", "河南能源集团有限公司", "省企合作", "专用设备制造业", 18_000,
     45, None, None, None, "李建国", "工信局", 0),
    ("与中国建筑合作的装配式建筑部品部件生产基地项目", "中国建筑集团有限公司", "招商引资", "建筑业", 52_000,
     None, None, None, None, "王志刚", "发改委", 0),
)


def _projects(g: _Gen) -> None:
    """Eight 地企合作 projects at various stages, with the local companies of matching industries, their
    investment this year and last, and one problem a project raised that went 交办→销号 (no random
    draws: the rest of the demo stays as each seed made it)."""
    today = g.today
    enterprises = g.rows.get(Enterprise, [])
    makers = [e for e in enterprises if e["industry_code"] == "C"] or enterprises
    for n, (name, partner, kind, sector, total, *ago, leader, unit, paid_tenths) in enumerate(PROJECTS):
        signed, started, producing, effective = (today - timedelta(days=d) if d is not None else None for d in ago)
        local = makers[n % len(makers)] if makers else None
        project = g.add(Project, _day=signed or today - timedelta(days=30), name=name, partner=partner,
                        cooperation_type=kind, sector=sector, total_investment=total, signed_date=signed,
                        started_date=started, producing_date=producing, effective_date=effective, leader=leader,
                        unit=unit, notes="")
        if local is not None:
            g.add(ProjectEnterprise, project_id=project["id"], enterprise_id=local["id"])
        if signed is None:
            continue
        for year, share in ((today.year - 1, 10), (today.year, paid_tenths)):
            if year < signed.year:
                continue
            planned = total * (4 if year < today.year else 3) // 10
            g.add(ProjectInvestment, _day=date(year, 1, 1) if year > signed.year else signed,
                  project_id=project["id"], year=year, planned=planned, paid_in=planned * share // 10, notes="")
        if n == 0 and local is not None and started is not None:
            _project_problem(g, local, project["id"], started + timedelta(days=20))


def _project_problem(g: _Gen, e: dict[str, Any], project_id: str, received: date) -> None:
    """The first project's problem: 施工用电 asked for at its start, handed to the power company's
    regulator, solved, evaluated 满意 and closed (销号)."""
    cal = g.cal
    assigned = cal.add(received, 1)
    deadline = cal.add(assigned, g.limits.ordinary)
    solved = cal.add(assigned, 8)
    revisit = cal.add(solved, 2)
    closed = cal.add(revisit, 1)
    lead = "发改委"
    row: dict[str, Any] = dict(
        id=g.uid(), enterprise_id=e["id"], visit_id=None, project_id=project_id, category="要素保障(水电气暖)",
        description="产业园项目开工后施工临时用电容量不足，10千伏专线尚未接入，影响主体厂房施工进度",
        demand="协调供电公司加快专线接入，先行增容临时用电", source=ProblemSource.SELF_REPORTED.value,
        scope=ProblemScope.INDIVIDUAL.value, received_date=received, lead_unit=lead,
        assist_units=["供电公司"],
        responsible_person="赵立新", responsible_phone="13938800123", assigned_date=assigned, deadline=deadline,
        level=Level.COUNTY.value, status=S.CLOSED.value,
        resolution="发改委协调供电公司现场勘察，临时增容至2000千伏安，10千伏专线已于办结日接入送电",
        solved_date=solved, deferred_reason="", deferred_policy="", evaluation=Evaluation.SATISFIED.value,
        evaluation_comment="送电及时，项目施工已恢复正常", evaluated_date=revisit, closed_date=closed,
        handling=Handling.ORDINARY.value, original_deadline=deadline, extended=False,
        feedback_date=cal.add(assigned, 1), assist_answered_date=cal.add(assigned, 2),
        last_report_date=cal.add(assigned, 1),
    )
    entries: list[tuple[date, K, str, str, S | None, S]] = [
        (received, K.LISTED, f"{ProblemSource.SELF_REPORTED.value}：要素保障(水电气暖)（地企合作项目）", "", None,
         S.LISTED),
        (assigned, K.ASSIGNED, f"主办：{lead}；协办：供电公司；办理类型：一般；时限：{deadline.isoformat()}",
         "县营商办", S.LISTED, S.IN_PROGRESS),
        (cal.add(assigned, 1), K.PROGRESS, "已会同供电公司到项目现场勘察，制定增容方案", lead, S.IN_PROGRESS,
         S.IN_PROGRESS),
        (cal.add(assigned, 2), K.ASSIST_REPLY, "临时增容方案已审批，专线工程加快施工", "供电公司",
         S.IN_PROGRESS, S.IN_PROGRESS),
        (solved, K.SOLVED, row["resolution"], lead, S.IN_PROGRESS, S.SOLVED),
        (revisit, K.EVALUATED, "满意（项目负责人，电话）：送电及时，项目施工已恢复正常", "县营商办", S.SOLVED,
         S.SOLVED),
        (closed, K.CLOSED, "经回访企业满意，四项确认齐全，予以销号", "县营商办", S.SOLVED, S.CLOSED),
    ]
    revisits = [dict(problem_id=row["id"], revisit_date=revisit, method=RevisitMethod.PHONE.value,
                     evaluator="项目负责人", evaluator_position="项目经理", result=Evaluation.SATISFIED.value,
                     comment="送电及时，项目施工已恢复正常", recorded_by="县营商办", check_solved=True,
                     check_answered=True, check_contacted=True, check_satisfied=True)]
    _finish(g, row, entries, [], [], revisits)


def _enterprises(g: _Gen, n: int) -> list[dict[str, Any]]:
    rng, used = g.rng, set[str]()
    out: list[dict[str, Any]] = []
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
        # 四上: 规上工业, 资质以上建筑业, 限上批发零售住宿餐饮, 规上服务业 (simplified thresholds).
        four = above or (section == "E" and revenue >= 2000) or (section in "FH" and revenue >= 500) or \
            (section in "GIMN" and revenue >= 1000)
        size = ("大型" if employees >= 1000 and revenue >= 40000 else "中型" if employees >= 300 and revenue >= 2000
                else "小型" if employees >= 20 and revenue >= 300 else "微型")
        e = g.add(
            Enterprise, _day=g.today - timedelta(days=400), name=name, name_key=name_key(name),
            credit_code=g.credit_code(rcode) if rng.random() < 0.97 else None, credit_code_override=False,
            region_name=region, region_code=rcode,
            address=f"{COUNTY}{region}{rng.choice(['建设路', '工业大道', '人民路', '滨河路', '纬二路', '经三路'])}"
                    f"{rng.randrange(1, 300)}号",
            industry_code=section, industry_text=industry, size=size, above_scale=above, four_above=four,
            legal_representative=g.person(), contact_person=g.person(), contact_phone=g.mobile(),
            industrial_chain=CHAIN_BY_WORD.get(word, ""), notes="",
        )
        tags = set()
        if above:
            tags.add("规上工业")
        for tag, p in (("科技型", 0.15), ("外贸型", 0.1), ("高成长型", 0.1), ("专精特新", 0.05)):
            if rng.random() < p and (tag != "专精特新" or industrial):
                tags.add(tag)
        if section == "A" and rng.random() < 0.4:
            tags.add("农业产业化龙头")
        if section == "F":
            tags.add("商贸")
        for tag in sorted(tags):
            g.add(EnterpriseTag, enterprise_id=e["id"], tag=tag)
        e["_employees"] = employees
        e["_word"] = word
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
    """Every 规上 enterprise and most others are assigned: a 首席服务员 each, a helper for some, and a
    包联领导 for every 规上 one; returns enterprise id → cadre ids."""
    rng = g.rng
    leaders = [c for c in cadres if c["role"] == CadreRole.LEADER.value] or cadres
    chiefs = [c for c in cadres if c["role"] == CadreRole.CHIEF_SERVER.value] or cadres
    helpers = [c for c in cadres if c["role"] == CadreRole.HELPER.value] or cadres
    out: dict[str, list[str]] = {}
    for e in enterprises:
        if not e["above_scale"] and rng.random() < 0.12:
            continue  # not (yet) assigned
        start = g.today - timedelta(days=rng.randrange(200, 400))
        chosen = [(rng.choice(chiefs), AssignmentRole.CHIEF_SERVER)]
        if rng.random() < 0.5:
            chosen.append((rng.choice(helpers), AssignmentRole.HELPER))
        if e["above_scale"] or rng.random() < 0.2:
            chosen.append((rng.choice(leaders), AssignmentRole.LEADER))
        for c, role in chosen:
            if c["id"] in out.get(e["id"], []):
                continue
            g.add(Assignment, _day=start, cadre_id=c["id"], enterprise_id=e["id"], start_date=start, end_date=None,
                  role=role.value)
            out.setdefault(e["id"], []).append(c["id"])
    return out


def _visits_and_problems(g: _Gen, enterprises: list[dict[str, Any]], assigned: dict[str, list[str]],
                         categories: list[str], policies: list[str]) -> None:
    rng = g.rng
    known = [c for c in categories if c in PROBLEMS] or categories
    for e in enterprises:
        cadre_ids = assigned.get(e["id"], [])
        never = not cadre_ids or rng.random() < 0.08
        n_visits = 0 if never else max(1, round(rng.gauss(4, 1.5)))
        visit_days = sorted(g.today - timedelta(days=rng.randrange(0, 360)) for _ in range(n_visits))
        n_problems = max(0, round(rng.gauss(11.7, 3))) if n_visits else rng.choice([0, 0, 1])
        fitting = [(c, t) for c in known for t in PROBLEMS.get(c, []) if _fits(t, e)]
        # Problems raised at each visit (none twice at one visit); the rest reported otherwise.
        per_visit: list[list[tuple[str, T]]] = [[] for _ in visit_days]
        loose: list[tuple[str, T]] = []
        for _ in range(n_problems):
            if visit_days and rng.random() < 0.85:
                i = rng.randrange(len(visit_days))
                free = [ct for ct in fitting if ct not in per_visit[i]]
                if free:
                    per_visit[i].append(rng.choice(free))
                    continue
            if fitting:
                loose.append(rng.choice(fitting))
        for day, raised in zip(visit_days, per_visit):
            status = rng.choices(list(OperationStatus), weights=[85, 12, 3])[0]
            shown = rng.sample(policies, k=min(len(policies), rng.randrange(1, 4)))
            text = f"{rng.choice(OPENING)}，宣讲{'、'.join(shown)}等政策。"
            if raised:
                text += "企业反映：" + "；".join(t[0] for _c, t in raised) + "。"
                plan = "将问题报送县营商办交办，持续跟踪办理进度，办结后回访企业。"
            else:
                text += "企业生产经营总体平稳，暂无需要协调解决的问题。"
                plan = "保持联系，下季度再次走访。"
            v = g.add(
                Visit, _day=day, enterprise_id=e["id"], visit_date=day,
                way=rng.choices(list(VisitWay), weights=[75, 15, 7, 3])[0].value,
                people_met=f"{e['legal_representative']}（董事长）、{e['contact_person']}（办公室主任）",
                discussion=text, operation_status=status.value,
                employees=max(1, e["_employees"] + rng.randrange(-5, 6)),
                order_trend=rng.choice(list(Trend)).value, revenue_trend=rng.choice(list(Trend)).value,
                operation_notes="" if status is OperationStatus.NORMAL else "受订单影响，部分生产线停产检修",
                policies_explained=shown, follow_up_plan=plan,
            )
            for cid in cadre_ids:
                g.add(VisitCadre, visit_id=v["id"], cadre_id=cid)
            for category, template in raised:
                _problem(g, e, v, category, template)
        for category, template in loose:
            _problem(g, e, None, category, template)
        for key in ("_employees", "_word"):
            e.pop(key, None)


def _problem(g: _Gen, e: dict[str, Any], visit: dict[str, Any] | None, category: str, t: T) -> None:
    """One problem and its history up to today, every stage on the working-day calendar."""
    rng, today, cal, limits = g.rng, g.today, g.cal, g.limits
    received: date = visit["visit_date"] if visit else today - timedelta(days=rng.randrange(0, 300))
    description, demand, resolution, leads, assist_pool, _where, complex_ = t
    township = _township_unit(e["region_name"])
    pid = g.uid()
    source = ProblemSource.VISIT if visit else rng.choice(
        [ProblemSource.SELF_REPORTED, ProblemSource.HOTLINE, ProblemSource.ASSIGNED_FROM_ABOVE])
    entries: list[tuple[date, K, str, str, S | None, S]] = [
        (received, K.LISTED, f"{source.value}：{category}", "", None, S.LISTED)]
    row: dict[str, Any] = dict(
        id=pid, enterprise_id=e["id"], visit_id=visit["id"] if visit else None, project_id=None, category=category,
        description=description, demand=demand, source=source.value,
        scope=rng.choices(list(ProblemScope), weights=[85, 15])[0].value, received_date=received,
        lead_unit="", assist_units=[], responsible_person="", responsible_phone="", assigned_date=None,
        deadline=None, level=Level.COUNTY.value, status=S.LISTED.value, resolution="", solved_date=None,
        deferred_reason="", deferred_policy="", evaluation=None, evaluation_comment="", evaluated_date=None,
        closed_date=None, handling=None, original_deadline=None, extended=False, feedback_date=None,
        assist_answered_date=None, last_report_date=None,
    )
    extensions: list[dict[str, Any]] = []
    supervisions: list[dict[str, Any]] = []
    revisits: list[dict[str, Any]] = []

    def wd(start: date, n: int) -> date:
        return cal.add(start, n)

    def done(day: date) -> bool:
        return day <= today

    # 交办: most within the 1-day limit, some late, a few never (and so overdue at 交办).
    handover = rng.choices([0, 1, 1, 1, 2, 3, 6], weights=[20, 50, 10, 5, 7, 5, 3])[0]
    assigned = wd(received, handover)
    age = (today - received).days
    stuck = (age < 20 and rng.random() < 0.15) or rng.random() < 0.004
    if stuck or not done(assigned):
        _finish(g, row, entries, extensions, supervisions, revisits)
        return
    deferred = rng.random() < 0.02
    handling = Handling.COORDINATION if rng.random() < 0.04 else (
        Handling.COMPLEX if complex_ or rng.random() < 0.12 else Handling.ORDINARY)
    lead = township if leads[0] == "乡镇" else rng.choice(leads)
    pool = [township if u == "乡镇" else u for u in assist_pool]
    assists = [u for u in rng.sample(pool, k=min(len(pool), rng.choice([0, 1, 1, 2]))) if u != lead]
    days = limits.solve_days(handling)
    deadline = wd(assigned, days) if days is not None else None
    person = g.person()
    row.update(lead_unit=lead, assist_units=assists, responsible_person=person, responsible_phone=g.mobile(),
               assigned_date=assigned, deadline=deadline, original_deadline=deadline, handling=handling.value,
               status=S.IN_PROGRESS.value)
    limit_text = f"时限：{deadline.isoformat()}" if deadline else f"每{limits.report}个工作日报告进展"
    entries.append((assigned, K.ASSIGNED, "；".join(
        [f"主办：{lead}", *(["协办：" + "、".join(assists)] if assists else []), f"办理类型：{handling.value}",
         limit_text]), "县营商办", S.LISTED, S.IN_PROGRESS))
    feedback = wd(assigned, rng.choices([1, 2, 3, 4, 6], weights=[35, 30, 20, 10, 5])[0])
    if done(feedback):
        row.update(feedback_date=feedback, last_report_date=feedback)
        entries.append((feedback, K.PROGRESS, f"{lead}已与企业对接，{person}负责，正在研究解决方案", lead,
                        S.IN_PROGRESS, S.IN_PROGRESS))
    answered = []
    for unit in assists:
        day = wd(assigned, rng.choices([1, 2, 3, 5], weights=[30, 35, 25, 10])[0])
        if done(day):
            answered.append(day)
            entries.append((day, K.ASSIST_REPLY, "已提出协办意见，配合主办单位办理", unit, S.IN_PROGRESS,
                            S.IN_PROGRESS))
    if assists and len(answered) == len(assists):
        row["assist_answered_date"] = max(answered)
    if deferred and row["feedback_date"]:
        reason, policy = rng.choice(DEFER_REASONS)
        row.update(status=S.DEFERRED.value, deferred_reason=reason, deferred_policy=policy)
        entries.append((wd(feedback, 2) if done(wd(feedback, 2)) else feedback, K.DEFERRED,
                        f"{reason}（依据：{policy}）", lead, S.IN_PROGRESS, S.DEFERRED))
        _finish(g, row, entries, extensions, supervisions, revisits)
        return
    if deadline is None:  # 需上级协调: monthly reports, solved after one to four months if at all
        took = wd(assigned, rng.randrange(20, 90))
        for k in range(1, 4):
            report = wd(assigned, limits.report * k - rng.randrange(0, 4))
            if done(report) and report < took:
                row["last_report_date"] = report
                entries.append((report, K.PROGRESS, "已报请市级相关部门协调，正在推进", lead,
                                S.IN_PROGRESS, S.IN_PROGRESS))
        solve = took
    else:
        assert days is not None  # a deadline comes from a limit in days
        over = rng.random() < 0.25
        took_days = rng.randrange(days + 1, days * 2 + 4) if over else rng.randrange(max(2, days // 3), days + 1)
        solve = wd(assigned, took_days)
        if over and rng.random() < 0.45:
            # Asked in time for more time; most requests approved, some refused.
            asked = max(assigned, wd(assigned, max(0, days - rng.randrange(1, 3))))
            if done(asked):
                new = wd(deadline, rng.choice([10, 15, 20]))
                approve = rng.random() < 0.8
                decided = wd(asked, rng.choice([0, 1, 1, 2]))
                x = dict(problem_id=pid, requested_date=asked, reason=rng.choice(
                    ["涉及多个部门，需进一步协调", "需报上级部门审批", "施工受天气影响，需延长工期"]),
                    old_deadline=deadline, new_deadline=new, requested_by=lead,
                    status=ExtensionStatus.PENDING.value, decided_by="", decided_date=None, decision_note="")
                entries.append((asked, K.EXTENSION_REQUESTED, f"{x['reason']}；申请时限由 {deadline.isoformat()} "
                                f"延至 {new.isoformat()}", lead, S.IN_PROGRESS, S.IN_PROGRESS))
                if done(decided):
                    x.update(status=(ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED).value,
                             decided_by="县营商办", decided_date=decided,
                             decision_note="" if approve else "理由不充分，请按原时限办结")
                    entries.append((decided, K.EXTENSION_DECIDED,
                                    f"批准延期：时限由 {deadline.isoformat()} 延至 {new.isoformat()}" if approve
                                    else "不予批准延期（理由不充分，请按原时限办结）", "县营商办",
                                    S.IN_PROGRESS, S.IN_PROGRESS))
                    if approve:
                        row.update(deadline=new, extended=True)
                extensions.append(x)
        due = row["deadline"]
        late_at = wd(due, rng.choice([2, 3, 5]))
        if solve > due and done(late_at) and rng.random() < 0.5:
            _supervise(g, supervisions, entries, pid, lead, late_at, due)
    if not done(solve):
        _finish(g, row, entries, extensions, supervisions, revisits)
        return
    _solve_and_revisit(g, e, row, entries, revisits, pid, solve, resolution, lead, first=True)
    _finish(g, row, entries, extensions, supervisions, revisits)


def _supervise(g: _Gen, supervisions: list[dict[str, Any]], entries: list[Any], pid: str, unit: str,
               on: date, due: date) -> None:
    late = g.cal.between(due, on)
    level = g.rng.choices(LEVELS, weights=[30, 55, 15])[0]
    number_at = len(g.rows.get(Supervision, [])) + len(supervisions) + 1
    answer_by = g.cal.add(on, 3)
    supervisions.append(dict(problem_id=pid, number=f"督〔{on.year}〕{number_at}号", issued_date=on, level=level,
                             issued_by="县营商办", unit=unit, stage=Stage.SOLVE.value, days_late=late,
                             due_date=answer_by, note="请加快办理，按期反馈"))
    entries.append((on, K.SUPERVISED, f"{level}（督〔{on.year}〕{number_at}号，{unit}，办结逾期{late}个工作日），"
                    f"请于 {answer_by.isoformat()} 前反馈", "县营商办", S.IN_PROGRESS, S.IN_PROGRESS))


def _solve_and_revisit(g: _Gen, e: dict[str, Any], row: dict[str, Any], entries: list[Any],
                       revisits: list[dict[str, Any]], pid: str, solve: date, resolution: str, lead: str,
                       *, first: bool) -> None:
    rng, cal, today = g.rng, g.cal, g.today
    row.update(status=S.SOLVED.value, resolution=resolution if first else f"{resolution}（经退回重办）",
               solved_date=solve, evaluation=None, evaluation_comment="", evaluated_date=None)
    row["feedback_date"] = row["feedback_date"] or solve
    entries.append((solve, K.SOLVED, row["resolution"], lead, S.IN_PROGRESS, S.SOLVED))
    revisit = cal.add(solve, rng.choices([1, 2, 3, 5, 8], weights=[25, 30, 25, 12, 8])[0])
    if revisit > today or ((today - solve).days < 45 and rng.random() < 0.2) or rng.random() < 0.01:
        return  # waiting for 回访 (overdue once the 5 working days have passed)
    weights = [45, 33, 12, 7, 3] if first else [40, 45, 15, 0, 0]
    ev = rng.choices(list(Evaluation), weights=weights)[0]
    who, position = (e["contact_person"], "办公室主任") if rng.random() < 0.5 else (e["legal_representative"], "董事长")
    method = rng.choices(list(RevisitMethod), weights=[35, 45, 10, 10])[0]
    comment = rng.choice(NEGATIVE) if not ev.is_satisfied else rng.choice(POSITIVE)
    satisfied = ev.is_satisfied
    revisits.append(dict(problem_id=pid, revisit_date=revisit, method=method.value, evaluator=who,
                         evaluator_position=position, result=ev.value, comment=comment, recorded_by="县营商办",
                         check_solved=satisfied, check_answered=True, check_contacted=True,
                         check_satisfied=satisfied))
    row.update(evaluation=ev.value, evaluation_comment=comment, evaluated_date=revisit)
    entries.append((revisit, K.EVALUATED, f"{ev.value}（{who}（{position}），{method.value}）"
                    + (f"：{comment}" if comment else ""), "县营商办", S.SOLVED, S.SOLVED))
    if not satisfied:
        new_deadline = cal.add(revisit, g.limits.ordinary)
        row.update(status=S.IN_PROGRESS.value, solved_date=None, deadline=new_deadline, last_report_date=revisit)
        entries.append((revisit, K.REOPENED,
                        f"企业评价为“{ev.value}”，自动退回重办；新的办结时限：{new_deadline.isoformat()}",
                        "县营商办", S.SOLVED, S.IN_PROGRESS))
        again = cal.add(revisit, rng.randrange(3, 12))
        if again <= today and ((today - revisit).days > 40 or rng.random() < 0.6):
            _solve_and_revisit(g, e, row, entries, revisits, pid, again, resolution, lead, first=False)
        return
    close = cal.add(revisit, rng.choice([0, 1, 2, 3]))
    if close <= today and rng.random() < 0.85:
        row.update(status=S.CLOSED.value, closed_date=close)
        entries.append((close, K.CLOSED, "经回访企业满意，四项确认齐全，予以销号", "县营商办", S.SOLVED, S.CLOSED))


def _finish(g: _Gen, row: dict[str, Any], entries: list[Any], extensions: list[dict[str, Any]],
            supervisions: list[dict[str, Any]], revisits: list[dict[str, Any]]) -> None:
    """Stage deadlines from the dates, as the problem service keeps them; then the rows."""
    status = S(row["status"])
    facts = Facts(status=status, received=row["received_date"], assigned=row["assigned_date"],
                  handling=Handling(row["handling"]) if row["handling"] else None, feedback=row["feedback_date"],
                  has_assists=bool(row["assist_units"]), assists_answered=row["assist_answered_date"],
                  deadline=row["deadline"], last_report=row["last_report_date"], solved=row["solved_date"],
                  evaluated=row["evaluation"] is not None)
    d = compute(facts, g.limits, g.cal)
    row.update(handover_due=d.handover_due, feedback_due=d.feedback_due, assist_due=d.assist_due,
               revisit_due=d.revisit_due, stage=d.stage.value if d.stage else None, stage_due=d.stage_due)
    entries.sort(key=lambda x: x[0])
    last_day = max(x[0] for x in entries)
    pid = row["id"]
    g.add(Problem, _day=row["received_date"], _revision=len(entries), **row)
    g.rows[Problem][-1]["updated_at"] = g.stamp(last_day)
    for day, kind, content, actor, before, after in entries:
        g.add(ProgressEntry, _day=day, problem_id=pid, entry_date=day, recorded_at=g.stamp(day), kind=kind.value,
              actor=actor, content=content, from_status=before.value if before else None, to_status=after.value)
    for x in extensions:
        g.add(DeadlineExtension, _day=x["requested_date"], **x)
    for x in supervisions:
        g.add(Supervision, _day=x["issued_date"], **x)
    for x in revisits:
        g.add(Revisit, _day=x["revisit_date"], **x)


def _explanations(g: _Gen) -> None:
    """Every third visit explained up to two of the policies in force that day that fit the company
    (its 门类, size and tags; 规上 as 规上工业) — chosen by the visit's place, not drawn, so the rest
    of the demo stays as each seed made it."""
    enterprises = {e["id"]: e for e in g.rows.get(Enterprise, [])}
    tags: dict[str, set[str]] = {}
    for t in g.rows.get(EnterpriseTag, []):
        tags.setdefault(t["enterprise_id"], set()).add(t["tag"])
    policies = g.rows.get(Policy, [])
    for n, v in enumerate(g.rows.get(Visit, [])):
        if n % 3:
            continue
        e = enterprises[v["enterprise_id"]]
        has = tags.get(e["id"], set()) | ({"规上工业"} if e["above_scale"] else set())
        day = v["visit_date"]
        fits = [p for p in policies
                if p["issued_date"] <= day and (p["valid_to"] is None or p["valid_to"] >= day)
                and (not p["industries"] or e["industry_code"] in p["industries"])
                and (not p["sizes"] or e["size"] in p["sizes"]) and (not p["tags"] or set(p["tags"]) & has)]
        for k in range(min(2, len(fits))):
            p = fits[(n // 3 + k) % len(fits)]
            g.add(PolicyExplanation, _day=day, visit_id=v["id"], policy_id=p["id"], enterprise_id=e["id"])
    _claims(g)


def _claims(g: _Gen) -> None:
    """Half the companies told of a policy applied for it ten days later; half of those were granted
    it thirty days after that, with an amount (by their place, not drawn)."""
    seen: set[tuple[str, str]] = set()
    visit_days = {v["id"]: v["visit_date"] for v in g.rows.get(Visit, [])}
    for n, x in enumerate(g.rows.get(PolicyExplanation, [])):
        key = (x["enterprise_id"], x["policy_id"])
        applied = visit_days[x["visit_id"]] + timedelta(days=10)
        if n % 2 or key in seen or applied > g.today:
            continue
        seen.add(key)
        granted = applied + timedelta(days=30) if n % 4 == 0 and applied + timedelta(days=30) <= g.today else None
        g.add(PolicyClaim, _day=applied, enterprise_id=x["enterprise_id"], policy_id=x["policy_id"],
              applied_date=applied, granted_date=granted, amount=50_000 * (1 + n % 5) if granted else None,
              notes="")
