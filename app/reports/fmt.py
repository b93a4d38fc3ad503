"""How values are written on paper: 2026年6月15日, 82.7%, short record IDs."""

from __future__ import annotations

from datetime import date, datetime


def cn_date(d: date | None) -> str:
    """2026年6月15日 (no zero padding), or "" for no date."""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(t: datetime) -> str:
    return f"{cn_date(t.date())} {t.hour:02d}:{t.minute:02d}"


def cn_month(year: int, month: int) -> str:
    return f"{year}年{month}月"


def pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def num(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text + unit


def short_id(record_id: str) -> str:
    """The first block of a UUID: enough to find the record (zhuqi accepts unique prefixes)."""
    return record_id.split("-", 1)[0]


def joined(values: tuple[str, ...] | list[str], sep: str = "、") -> str:
    return sep.join(v for v in values if v)


def days_between(start: date, end: date) -> int:
    return (end - start).days
