"""Dates as they arrive from people and spreadsheets, and as they are printed."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from app.standards.text import fold_code

_EXCEL_1900 = date(1899, 12, 30)  # serial 1 = 1900-01-01, with Lotus' phantom 1900-02-29
_EXCEL_1904 = date(1904, 1, 1)
_YMD = re.compile(r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?$")
#: A year, or a year and month, without the rest (2021, 2021年, 2021年9月, 2021-09, 2021.9).
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:年|[./\-]\s*(?=\d))?\s*(?:(\d{1,2})\s*月?)?$")
#: Years a date of this work can have; a 4-digit text in this range is a year, not an Excel serial.
_YEARS = range(1900, 2101)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
#: A time part after the date (2021-09-28 10:30:00), dropped when reading the date.
_TIME_PART = re.compile(r"[ T](?=\d{1,2}:)")
_SERIAL = re.compile(r"^\d{1,6}(\.\d+)?$")


class DateError(ValueError):
    """`str()` is the Chinese reason."""


#: Dates before this are small numbers Excel took for days of 1900 (0, 60 …), never dates of this work.
EARLIEST = date(1901, 1, 1)
TOO_EARLY = "是 1900 年的日期：多半是 Excel 把一个小数字（如 60）当成了日期，请填写实际日期"


def from_excel_serial(serial: float, *, epoch_1904: bool = False) -> date:
    if not 1 <= serial <= 2958465:  # also refuses NaN
        raise DateError(f"Excel 日期序号 {serial:g} 超出范围")
    if not epoch_1904 and 60 <= serial < 61:
        raise DateError("Excel 日期序号 60 是不存在的 1900年2月29日（Excel 沿用的闰年错误）")
    base = _EXCEL_1904 if epoch_1904 else _EXCEL_1900
    if not epoch_1904 and serial < 61:
        base = date(1899, 12, 31)  # before the phantom leap day
    return base + timedelta(days=int(serial))


def parse(value: object, *, epoch_1904: bool = False) -> date:
    """A date from a cell or a typed string; raises DateError with the reason.

    Accepts date/datetime, Excel serial numbers, 2021年9月28日, 2021.9.28,
    2021/9/28, 2021-09-28, 20210928, with full-width digits and dashes; not a day of 1900."""
    d = _parse(value, epoch_1904)
    if d < EARLIEST:
        raise DateError(TOO_EARLY)
    return d


def _parse(value: object, epoch_1904: bool) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise DateError("不是日期")
    if isinstance(value, (int, float)):
        return from_excel_serial(float(value), epoch_1904=epoch_1904)
    if not isinstance(value, str):
        raise DateError("不是日期")
    text = fold_code(value).strip()
    if not text:
        raise DateError("日期为空")
    # A time part after the date (2021-09-28 10:30:00) is dropped.
    text = _TIME_PART.split(text, maxsplit=1)[0].strip()
    m = _YMD.match(text) or _COMPACT.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        try:
            return date(y, mo, d)
        except ValueError:
            raise DateError(f"{y}年{mo}月{d}日不存在") from None
    if (shown := partial(text)) is not None:
        raise DateError(f"只有{'年月' if '月' in shown else '年份'}（{shown}），"
                        f"缺少{'日' if '月' in shown else '月和日'}")
    if _SERIAL.match(text) and len(text.split(".")[0]) <= 5:
        return from_excel_serial(float(text), epoch_1904=epoch_1904)
    raise DateError("无法识别的日期格式（例：2021年9月28日、2021-09-28）")


def partial(value: str) -> str | None:
    """A year or a year and month without the day, as printed (2021年9月, 2021年); None otherwise."""
    text = fold_code(value).strip()
    if text.isdigit() and len(text) not in (4, 6):
        return None  # 5 digits: an Excel day number kept as text (44467), not 2021 and a month
    m = _YEAR_MONTH.match(text)
    if m is None or int(m.group(1)) not in _YEARS:
        return None
    if m.group(2) is None:
        return f"{int(m.group(1))}年"
    month = int(m.group(2))
    return f"{int(m.group(1))}年{month}月" if 1 <= month <= 12 else None


def format_cn(d: date | None) -> str:
    """2021年9月28日, without zero padding, as printed documents write it."""
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"
