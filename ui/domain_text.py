"""The coded values of the domain (app.domain, app.workflow) as the window shows them.

The database, the workbooks and the printed reports keep the Chinese values; the window
shows each through Qt's translation under the context "Domain", so the English window
reads "In progress" where the record says 办理中. Every value is listed below for
pyside6-lupdate (QT_TRANSLATE_NOOP marks it without translating); tests/test_translations.py
fails when an enum gains a value that is not listed here."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox

from app.stages import Stage
from app.workflow import Action

CONTEXT = "Domain"

#: Every coded value the window shows, in the order of app.domain, app.workflow and app.stages.
VALUES = (
    # CadreRole
    QT_TRANSLATE_NOOP("Domain", "包联领导"), QT_TRANSLATE_NOOP("Domain", "首席服务员"),
    QT_TRANSLATE_NOOP("Domain", "助企干部"), QT_TRANSLATE_NOOP("Domain", "企业联络员"),
    QT_TRANSLATE_NOOP("Domain", "链长"), QT_TRANSLATE_NOOP("Domain", "工作组成员"),
    # UserRole
    QT_TRANSLATE_NOOP("Domain", "办公室"), QT_TRANSLATE_NOOP("Domain", "经办"),
    QT_TRANSLATE_NOOP("Domain", "领导"), QT_TRANSLATE_NOOP("Domain", "干部"),
    # EnterpriseSize
    QT_TRANSLATE_NOOP("Domain", "大型"), QT_TRANSLATE_NOOP("Domain", "中型"),
    QT_TRANSLATE_NOOP("Domain", "小型"), QT_TRANSLATE_NOOP("Domain", "微型"),
    # VisitWay
    QT_TRANSLATE_NOOP("Domain", "实地走访"), QT_TRANSLATE_NOOP("Domain", "电话"),
    QT_TRANSLATE_NOOP("Domain", "座谈会"), QT_TRANSLATE_NOOP("Domain", "视频"),
    # OperationStatus
    QT_TRANSLATE_NOOP("Domain", "正常"), QT_TRANSLATE_NOOP("Domain", "部分停产"),
    QT_TRANSLATE_NOOP("Domain", "停产"),
    # Trend
    QT_TRANSLATE_NOOP("Domain", "上升"), QT_TRANSLATE_NOOP("Domain", "持平"),
    QT_TRANSLATE_NOOP("Domain", "下降"),
    # ProblemSource
    QT_TRANSLATE_NOOP("Domain", "走访发现"), QT_TRANSLATE_NOOP("Domain", "企业自报"),
    QT_TRANSLATE_NOOP("Domain", "上级交办"), QT_TRANSLATE_NOOP("Domain", "12345热线"),
    # ProblemScope
    QT_TRANSLATE_NOOP("Domain", "个性"), QT_TRANSLATE_NOOP("Domain", "共性"),
    # Level
    QT_TRANSLATE_NOOP("Domain", "乡"), QT_TRANSLATE_NOOP("Domain", "县"),
    QT_TRANSLATE_NOOP("Domain", "市"), QT_TRANSLATE_NOOP("Domain", "省"),
    # ProblemStatus
    QT_TRANSLATE_NOOP("Domain", "待交办"), QT_TRANSLATE_NOOP("Domain", "办理中"),
    QT_TRANSLATE_NOOP("Domain", "已办结"), QT_TRANSLATE_NOOP("Domain", "已销号"),
    QT_TRANSLATE_NOOP("Domain", "暂不具备条件"),
    # Evaluation
    QT_TRANSLATE_NOOP("Domain", "非常满意"), QT_TRANSLATE_NOOP("Domain", "满意"),
    QT_TRANSLATE_NOOP("Domain", "基本满意"), QT_TRANSLATE_NOOP("Domain", "不满意"),
    QT_TRANSLATE_NOOP("Domain", "非常不满意"),
    # ProgressKind
    QT_TRANSLATE_NOOP("Domain", "列单"), QT_TRANSLATE_NOOP("Domain", "交办"),
    QT_TRANSLATE_NOOP("Domain", "领单"), QT_TRANSLATE_NOOP("Domain", "办理进展"),
    QT_TRANSLATE_NOOP("Domain", "办结"), QT_TRANSLATE_NOOP("Domain", "企业评价"),
    QT_TRANSLATE_NOOP("Domain", "销号"), QT_TRANSLATE_NOOP("Domain", "退回重办"),
    QT_TRANSLATE_NOOP("Domain", "恢复办理"), QT_TRANSLATE_NOOP("Domain", "延期"),
    QT_TRANSLATE_NOOP("Domain", "上报"), QT_TRANSLATE_NOOP("Domain", "回访"),
    QT_TRANSLATE_NOOP("Domain", "协办反馈"), QT_TRANSLATE_NOOP("Domain", "申请延期"),
    QT_TRANSLATE_NOOP("Domain", "延期审批"), QT_TRANSLATE_NOOP("Domain", "督办"),
    # ExtensionStatus
    QT_TRANSLATE_NOOP("Domain", "待审批"), QT_TRANSLATE_NOOP("Domain", "已批准"),
    QT_TRANSLATE_NOOP("Domain", "不予批准"),
    # RevisitMethod
    QT_TRANSLATE_NOOP("Domain", "现场"), QT_TRANSLATE_NOOP("Domain", "短信或扫码"),
    QT_TRANSLATE_NOOP("Domain", "书面（签字回访评价表）"),
    # AssignmentRole: 包联领导, 首席服务员, 助企干部 (as CadreRole above)
    # ProjectStage
    QT_TRANSLATE_NOOP("Domain", "在谈"), QT_TRANSLATE_NOOP("Domain", "已签约"),
    QT_TRANSLATE_NOOP("Domain", "已开工"), QT_TRANSLATE_NOOP("Domain", "已投产"),
    QT_TRANSLATE_NOOP("Domain", "已达效"),
    # Handling (app.stages)
    QT_TRANSLATE_NOOP("Domain", "一般"), QT_TRANSLATE_NOOP("Domain", "复杂"),
    QT_TRANSLATE_NOOP("Domain", "需上级协调"),
    # app.services.stats: the lists coverage is counted on, and where problems came from
    QT_TRANSLATE_NOOP("Domain", "规上企业"), QT_TRANSLATE_NOOP("Domain", "四上企业"),
    QT_TRANSLATE_NOOP("Domain", "包联企业"), QT_TRANSLATE_NOOP("Domain", "自查"),
    # INDUSTRY_SECTIONS (GB/T 4754-2017 门类)
    QT_TRANSLATE_NOOP("Domain", "农、林、牧、渔业"), QT_TRANSLATE_NOOP("Domain", "采矿业"),
    QT_TRANSLATE_NOOP("Domain", "制造业"), QT_TRANSLATE_NOOP("Domain", "电力、热力、燃气及水生产和供应业"),
    QT_TRANSLATE_NOOP("Domain", "建筑业"), QT_TRANSLATE_NOOP("Domain", "批发和零售业"),
    QT_TRANSLATE_NOOP("Domain", "交通运输、仓储和邮政业"), QT_TRANSLATE_NOOP("Domain", "住宿和餐饮业"),
    QT_TRANSLATE_NOOP("Domain", "信息传输、软件和信息技术服务业"), QT_TRANSLATE_NOOP("Domain", "金融业"),
    QT_TRANSLATE_NOOP("Domain", "房地产业"), QT_TRANSLATE_NOOP("Domain", "租赁和商务服务业"),
    QT_TRANSLATE_NOOP("Domain", "科学研究和技术服务业"), QT_TRANSLATE_NOOP("Domain", "水利、环境和公共设施管理业"),
    QT_TRANSLATE_NOOP("Domain", "居民服务、修理和其他服务业"), QT_TRANSLATE_NOOP("Domain", "教育"),
    QT_TRANSLATE_NOOP("Domain", "卫生和社会工作"), QT_TRANSLATE_NOOP("Domain", "文化、体育和娱乐业"),
    QT_TRANSLATE_NOOP("Domain", "公共管理、社会保障和社会组织"), QT_TRANSLATE_NOOP("Domain", "国际组织"),
)


#: The workflow's actions, as their buttons and dialogs name them ("Solve", where the timeline's
#: step of the same Chinese word reads "Solved").
ACTIONS = (
    QT_TRANSLATE_NOOP("Action", "交办"), QT_TRANSLATE_NOOP("Action", "领单"), QT_TRANSLATE_NOOP("Action", "记录进展"),
    QT_TRANSLATE_NOOP("Action", "协办反馈"), QT_TRANSLATE_NOOP("Action", "办结"),
    QT_TRANSLATE_NOOP("Action", "回访评价"), QT_TRANSLATE_NOOP("Action", "销号"),
    QT_TRANSLATE_NOOP("Action", "退回重办"), QT_TRANSLATE_NOOP("Action", "暂不具备条件"),
    QT_TRANSLATE_NOOP("Action", "恢复办理"), QT_TRANSLATE_NOOP("Action", "申请延期"),
    QT_TRANSLATE_NOOP("Action", "审批延期"), QT_TRANSLATE_NOOP("Action", "督办"), QT_TRANSLATE_NOOP("Action", "上报"),
)


#: The stages a problem waits at (app.stages.Stage), named for what is awaited ("Hand-over", where
#: the timeline's step of the same Chinese word reads "Handed over").
STAGES = (
    QT_TRANSLATE_NOOP("Stage", "交办"), QT_TRANSLATE_NOOP("Stage", "首次反馈"), QT_TRANSLATE_NOOP("Stage", "协办反馈"),
    QT_TRANSLATE_NOOP("Stage", "办结"), QT_TRANSLATE_NOOP("Stage", "月度报告"), QT_TRANSLATE_NOOP("Stage", "回访"),
)


def shown(value: str | StrEnum | None) -> str:
    """A stored coded value in the window's language ("" for none)."""
    if not value:
        return ""
    context = "Action" if isinstance(value, Action) else "Stage" if isinstance(value, Stage) else CONTEXT
    return QCoreApplication.translate(context, str(value))


def fill(combo: QComboBox, values: Iterable[StrEnum]) -> None:
    """Add the values to a combo box: shown translated, the stored value as item data."""
    for v in values:
        combo.addItem(shown(v), v.value)
