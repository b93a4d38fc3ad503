"""The 填表说明 sheet: how to read, correct and send back the workbook, and
what every column holds. Generated from app.exchange.schema."""

from __future__ import annotations

from collections.abc import Iterator

from app.domain import CodeListKind
from app.exchange.schema import HISTORY_COLUMNS, HISTORY_SHEET, LIST_SEPARATOR, SHEETS, Column, K

GUIDE_SHEET = "填表说明"
HEADER = ["工作表", "列", "类型", "说明"]
WIDTHS = [12, 22, 10, 90]

RULES = [
    "本工作簿由“助企走访台账”导出，可在 Excel 或 WPS 中查看、排序、筛选、修改后发回，由对方导入合并。",
    "第一列 ID 是记录的唯一编号，请勿修改；新增一行时 ID 留空即可，导入时会自动编号。",
    "删除记录请在“删除时间”列填写日期，不要删除整行：删除整行不会删除对方的数据。",
    "“删除时间”之后的各列（创建时间、最后修改时间、修改次数、最后修改安装、版本指纹、版本历史）由程序填写，请勿修改。",
    "在本工作簿中直接修改的单元格，导入时算作发出方的一次修改（程序据“版本指纹”识别）；"
    "与对方对同一字段的不同修改，会作为冲突交由对方处理，不会被悄悄覆盖。",
    f"多个值（企业标签、协办单位、宣传政策、走访干部ID）用“{LIST_SEPARATOR}”分隔。",
    "日期写成 2026-06-15、2026年6月15日、2026/6/15 均可；时间为北京时间。",
    "带下拉列表的列请从列表中选择；问题类别、单位、标签等列表可由对方程序扩充。",
    "以 =、+、-、@ 开头的文字按文字保存，不会作为公式计算。",
    f"“{HISTORY_SHEET}”记录每条记录由谁、何时、经由何处修改，只增不改。",
]


def _describe(c: Column) -> str:
    parts = []
    if c.required:
        parts.append("必填")
    if c.kind is K.ID:
        parts.append("记录的唯一编号，请勿修改；新增的行留空")
    if c.kind is K.DISPLAY:
        parts.append("仅供阅读，导入时不使用")
    if c.kind is K.REF:
        parts.append("引用另一工作表中记录的 ID")
    if c.field == "deleted_at":
        parts.append("填写日期即删除该记录，删除随交换传给对方；其余时候留空")
    elif c.field == "clock":
        parts.append("程序填写：这条记录见过哪些修改、各字段来自哪次修改，合并时据此判断谁新谁旧")
    elif c.field == "fingerprint":
        parts.append("程序填写：导出时各字段的校验码，据此识别在表格中直接修改过的单元格")
    elif c.field == "problem_version":
        parts.append("程序填写：这条进展随问题的哪一次修改记录")
    elif c.kind is K.META:
        parts.append("程序填写")
    if isinstance(c.choices, CodeListKind):
        parts.append(f"从“{c.choices.value}”代码表中选择，可扩充")
    elif c.choices:
        parts.append("可选：" + "、".join(c.choices[:20]))
    if c.max_len:
        parts.append(f"最多 {c.max_len} 字")
    return "；".join(parts)


def rows() -> Iterator[list[str]]:
    for i, rule in enumerate(RULES, start=1):
        yield ["说明", str(i), "", rule]
    for spec in SHEETS:
        for c in spec.columns:
            yield [spec.title, c.header, c.kind.value, _describe(c)]
    for c in HISTORY_COLUMNS:
        yield [HISTORY_SHEET, c.header, c.kind.value, _describe(c)]
