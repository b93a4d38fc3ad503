"""Reading one cell of an incoming sheet into a typed value, with the Chinese
reason when it cannot be read. The same rules as the forms (app.fields and
app.standards) apply; the value as the file wrote it is kept for the report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from app.exchange.values import WORKBOOK_TZ
from app.standards import dates
from app.standards.text import clean_text, first_control, fold_code

MAX_CELL_CHARS = 32_767
_LIST_SPLIT = re.compile(r"[、,，;；\n\r]+")
TRUE_WORDS = frozenset({"是", "1", "TRUE", "Y", "YES", "√", "对"})
FALSE_WORDS = frozenset({"否", "0", "FALSE", "N", "NO", "×", "不是"})


class CellError(ValueError):
    """`str()` is the Chinese reason."""


UNCACHED_FORMULA = "单元格是公式且没有计算结果，请在 Excel 中打开并保存后再导入"


@dataclass(frozen=True)
class UncachedFormula:
    """A formula cell saved without its result (a workbook written by a program, never opened in
    Excel): the reader would see it as empty. Every as_* function refuses it with UNCACHED_FORMULA,
    so a required cell is not called empty and an optional one is not taken as blank."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula


def refuse_uncached(value: Any) -> None:
    if isinstance(value, UncachedFormula):
        raise CellError(UNCACHED_FORMULA)


def shown(value: Any) -> str:
    """A cell's value as a person reads it in the report."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, UncachedFormula):
        return str(value)[:200]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def as_text(value: Any) -> str:
    refuse_uncached(value)
    if type(value) is str:
        if len(value) > MAX_CELL_CHARS:
            raise CellError(f"超过 Excel 单元格上限 {MAX_CELL_CHARS} 字")
        return value.replace("\u3000", " ").strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (datetime, date)):
        return shown(value)
    text = str(value)
    if len(text) > MAX_CELL_CHARS:
        raise CellError(f"超过 Excel 单元格上限 {MAX_CELL_CHARS} 字")
    return clean_text(text)


#: Excel keeps 15 significant digits of a number: a longer code typed into a number cell
#: (an 18-digit credit code without letters) comes back with other digits at its end.
MAX_NUMBER_DIGITS = 15
LOST_DIGITS = "超过 15 位的代码被 Excel 存成了数字，后几位已丢失（请把该列设为“文本”格式后重新填写）"


def no_controls(text: str) -> str:
    """Refuse text with a control character (a terminal escape, NUL …): imported, never stripped silently."""
    ch = first_control(text)
    if ch is not None:
        raise CellError(f"含有控制字符 U+{ord(ch):04X}（不可见字符，可能来自复制粘贴），请删除后再导入")
    return text


#: A record's ID as this program writes it: a UUID, lower case, with hyphens (8-4-4-4-12).
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NOT_AN_ID = "不是有效的 ID（应为程序生成的 36 位编号，如 1b4e28ba-2fa1-41d2-883f-0000f00ba1c3，请勿修改；新增的行留空）"


def as_uuid(value: Any) -> str:
    """An ID cell: "" when empty, else a canonical UUID (upper case is folded to lower);
    anything else — a name, a number, a path, braces — is refused, never taken as a new record."""
    text = as_code(value).lower()
    if text and not UUID_PATTERN.fullmatch(text):
        raise CellError(NOT_AN_ID)
    return text


def as_code(value: Any) -> str:
    """Digits and codes: a number cell (Excel dropped the quotes) becomes its digits."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10 ** MAX_NUMBER_DIGITS:
        raise CellError(LOST_DIGITS)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return fold_code(as_text(value)).strip()


def as_date(value: Any, *, epoch_1904: bool = False) -> date | None:
    refuse_uncached(value)
    if value in (None, ""):
        return None
    if isinstance(value, (timedelta, time)):
        raise CellError("是时间，不是日期（日期格式的单元格里填的可能是 0 或负数）")
    if isinstance(value, str) and not value.strip():
        return None
    try:
        return dates.parse(value, epoch_1904=epoch_1904)
    except dates.DateError as exc:
        raise CellError(str(exc)) from None


def as_datetime(value: Any) -> datetime | None:
    """A wall-clock time in the workbook (北京时间) as an aware UTC-convertible datetime."""
    refuse_uncached(value)
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        naive = value
    elif isinstance(value, date):
        naive = datetime.combine(value, time())
    elif isinstance(value, str):
        text = fold_code(value).strip()
        try:
            naive = datetime.fromisoformat(text.replace("/", "-"))
        except ValueError:
            naive = datetime.combine(as_date(text) or date.min, time())
        if naive.tzinfo is not None:
            return naive.replace(microsecond=0)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # Excel's serial range (1900-01-01 to 9999-12-31); NaN and infinities fail it too.
        if not 1 <= float(value) <= 2958465:
            raise CellError("日期时间超出范围")
        naive = datetime(1899, 12, 30) + timedelta(days=float(value))
    elif isinstance(value, (time, timedelta)):
        raise CellError("是时间，不是日期时间（日期格式的单元格里填的可能是 0 或负数）")
    else:
        raise CellError("不是日期时间")
    if naive.date() < dates.EARLIEST:
        raise CellError(dates.TOO_EARLY)
    # Excel keeps times as fractions of a day: round to the second written.
    try:
        rounded = (naive + timedelta(microseconds=500_000)).replace(microsecond=0)
    except OverflowError:
        raise CellError("日期时间超出范围") from None
    return rounded.replace(tzinfo=WORKBOOK_TZ)


def as_int(value: Any) -> int | None:
    refuse_uncached(value)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CellError("应为整数")
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return int(value)
        raise CellError("应为整数")
    text = fold_code(str(value)).strip().replace(",", "")
    if re.fullmatch(r"-?\d+(\.0+)?", text):
        return int(float(text))
    raise CellError("应为整数")


def as_bool(value: Any) -> bool:
    refuse_uncached(value)
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    text = fold_code(str(value)).strip().upper()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError("应为“是”或“否”")


def as_list(value: Any) -> list[str]:
    text = no_controls(as_text(value))
    return list(dict.fromkeys(p.strip() for p in _LIST_SPLIT.split(text) if p.strip()))
