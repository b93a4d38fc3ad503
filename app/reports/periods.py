"""Report periods: a month (2026-05), a quarter (2026Q2) or a date range, and how a
period is named in a report's title (2026年5月, 2026年第二季度)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from app.errors import UserError
from app.reports.fmt import cn_date, cn_number

_MONTH = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})\s*(?:[-\s]?[Qq]|年第?)\s*([1-4一二三四])\s*(?:季度)?\s*$")


def month_range(text: str) -> tuple[date, date]:
    """2026-05, 2026.5 or 2026年5月 → the first and last day of that month."""
    m = _MONTH.match(text)
    if not m or not 1 <= int(m[2]) <= 12:
        raise UserError(f"月份“{text}”无法识别，请写成 2026-05 或 2026年5月")
    year, month = int(m[1]), int(m[2])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_range(text: str) -> tuple[date, date]:
    """2026Q2, 2026-Q2 or 2026年第二季度 → the first and last day of that quarter."""
    m = _QUARTER.match(text)
    if not m:
        raise UserError(f"季度“{text}”无法识别，请写成 2026Q2 或 2026年第二季度")
    quarter = "1234".find(m[2]) + 1 or "一二三四".find(m[2]) + 1
    year = int(m[1])
    first = date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    return first, date(year, last_month, calendar.monthrange(year, last_month)[1])


def label(date_from: date | None, date_to: date | None) -> str:
    """How the period reads in a title: 2026年5月, 2026年第二季度, 2026年, or a range."""
    if date_from and date_to:
        end_of_month = calendar.monthrange(date_to.year, date_to.month)[1]
        whole_months = date_from.day == 1 and date_to.day == end_of_month
        if whole_months and (date_from.year, date_from.month) == (date_to.year, date_to.month):
            return f"{date_from.year}年{date_from.month}月"
        if whole_months and date_from.year == date_to.year and date_from.month % 3 == 1 \
                and date_to.month == date_from.month + 2:
            return f"{date_from.year}年第{cn_number(date_to.month // 3)}季度"
        if whole_months and date_from.year == date_to.year and (date_from.month, date_to.month) == (1, 12):
            return f"{date_from.year}年"
        return f"{cn_date(date_from)}至{cn_date(date_to)}"
    if date_from:
        return f"{cn_date(date_from)}以来"
    if date_to:
        return f"截至{cn_date(date_to)}"
    return "累计"
