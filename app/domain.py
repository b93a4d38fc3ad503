"""The vocabulary of the work: coded values and their Chinese labels.

Values stored in the database are the Chinese labels themselves, so a database
or an exported workbook reads naturally; enums keep the code honest."""

from __future__ import annotations

from enum import StrEnum


class CadreRole(StrEnum):
    LEADER = "包联领导"
    CHIEF_SERVER = "首席服务员"
    HELPER = "助企干部"
    LIAISON = "企业联络员"
    CHAIN_LEADER = "链长"
    WORK_GROUP = "工作组成员"


class UserRole(StrEnum):
    """What a user of a shared database may do (app.services.access)."""

    OFFICE = "办公室"
    CLERK = "经办"
    LEADER = "领导"
    CADRE = "干部"


class EnterpriseSize(StrEnum):
    LARGE = "大型"
    MEDIUM = "中型"
    SMALL = "小型"
    MICRO = "微型"


class VisitWay(StrEnum):
    ON_SITE = "实地走访"
    PHONE = "电话"
    MEETING = "座谈会"
    VIDEO = "视频"


class OperationStatus(StrEnum):
    NORMAL = "正常"
    PARTIAL = "部分停产"
    STOPPED = "停产"


class Trend(StrEnum):
    UP = "上升"
    FLAT = "持平"
    DOWN = "下降"


class ProblemSource(StrEnum):
    VISIT = "走访发现"
    SELF_REPORTED = "企业自报"
    ASSIGNED_FROM_ABOVE = "上级交办"
    HOTLINE = "12345热线"


class ProblemScope(StrEnum):
    INDIVIDUAL = "个性"
    COMMON = "共性"


class Level(StrEnum):
    TOWNSHIP = "乡"
    COUNTY = "县"
    CITY = "市"
    PROVINCE = "省"

    def next_up(self) -> Level | None:
        order = list(Level)
        i = order.index(self)
        return order[i + 1] if i + 1 < len(order) else None


class ProblemStatus(StrEnum):
    LISTED = "待交办"
    IN_PROGRESS = "办理中"
    SOLVED = "已办结"
    CLOSED = "已销号"
    DEFERRED = "暂不具备条件"


#: States in which a problem is still being worked on, so a deadline can pass.
OPEN_STATUSES: tuple[ProblemStatus, ...] = (ProblemStatus.LISTED, ProblemStatus.IN_PROGRESS)
#: States that count as solved (办结).
SOLVED_STATUSES: tuple[ProblemStatus, ...] = (ProblemStatus.SOLVED, ProblemStatus.CLOSED)


class Evaluation(StrEnum):
    VERY_SATISFIED = "非常满意"
    SATISFIED = "满意"
    BASICALLY_SATISFIED = "基本满意"
    DISSATISFIED = "不满意"
    VERY_DISSATISFIED = "非常不满意"

    @property
    def is_satisfied(self) -> bool:
        return self in SATISFIED_EVALUATIONS


SATISFIED_EVALUATIONS: tuple[Evaluation, ...] = (
    Evaluation.VERY_SATISFIED,
    Evaluation.SATISFIED,
    Evaluation.BASICALLY_SATISFIED,
)


class ProgressKind(StrEnum):
    """What a progress entry records; every state change writes one."""

    LISTED = "列单"
    ASSIGNED = "交办"
    CLAIMED = "领单"
    PROGRESS = "办理进展"
    SOLVED = "办结"
    EVALUATED = "企业评价"
    CLOSED = "销号"
    REOPENED = "退回重办"
    DEFERRED = "暂不具备条件"
    RESUMED = "恢复办理"
    EXTENDED = "延期"
    ESCALATED = "上报"
    FOLLOW_UP_CALL = "回访"
    ASSIST_REPLY = "协办反馈"
    EXTENSION_REQUESTED = "申请延期"
    EXTENSION_DECIDED = "延期审批"
    SUPERVISED = "督办"


class ExtensionStatus(StrEnum):
    """延期申请: only an approved one moves the deadline."""

    PENDING = "待审批"
    APPROVED = "已批准"
    REFUSED = "不予批准"


class RevisitMethod(StrEnum):
    """How the company was asked for its evaluation (回访方式)."""

    ON_SITE = "现场"
    PHONE = "电话"
    MESSAGE = "短信或扫码"
    WRITTEN = "书面（签字回访评价表）"


class AssignmentRole(StrEnum):
    """What a cadre is to an enterprise in a 包联关系."""

    LEADER = "包联领导"
    CHIEF_SERVER = "首席服务员"
    HELPER = "助企干部"

    @classmethod
    def for_cadre(cls, role: str) -> AssignmentRole:
        return {CadreRole.LEADER.value: cls.LEADER,
                CadreRole.CHIEF_SERVER.value: cls.CHIEF_SERVER}.get(role, cls.HELPER)


class ProjectStage(StrEnum):
    """Where a 地企合作 project stands, derived from its stage dates (the latest reached)."""

    TALKING = "在谈"
    SIGNED = "已签约"
    STARTED = "已开工"
    PRODUCING = "已投产"
    EFFECTIVE = "已达效"


#: The four things offices check before 销号 (asked of the company at 回访).
CLOSE_CHECKS: tuple[tuple[str, str], ...] = (
    ("check_solved", "问题是否解决"),
    ("check_answered", "是否答复企业"),
    ("check_contacted", "责任单位是否对接企业"),
    ("check_satisfied", "企业负责人是否满意"),
)


class CodeListKind(StrEnum):
    """User-extensible code lists (built-in values are seeded by the first migration)."""

    CATEGORY = "问题类别"
    TAG = "企业标签"
    POLICY = "宣传政策"
    UNIT = "责任单位"
    CHAIN = "产业链"
    SUPERVISION_LEVEL = "督办级别"


#: GB/T 4754-2017 门类.
INDUSTRY_SECTIONS: dict[str, str] = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}

#: "工业" = 采矿业 + 制造业 + 电力热力燃气及水.
INDUSTRIAL_SECTIONS = frozenset("BCD")
