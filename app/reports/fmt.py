"""How values are written on paper: 2026年6月15日, 82.7%, short record IDs."""

from __future__ import annotations

import re
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
    """The first block of a UUID: enough to find the record (zhuqi accepts unique prefixes).
    Letters and digits only, at most 8: it goes into file names, and an ID imported before IDs
    were checked (/../../../tmp/x) must not lead one out of its folder."""
    return "".join(ch for ch in record_id.split("-", 1)[0] if ch.isascii() and ch.isalnum())[:8] or "0"


def joined(values: tuple[str, ...] | list[str], sep: str = "、") -> str:
    return sep.join(v for v in values if v)


def days_between(start: date, end: date) -> int:
    return (end - start).days


_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 305 → 三百零五 (for headings （一）, （二十一）)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                     ("一" + cn_number(rest) if rest < 20 else cn_number(rest)))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def cn_dates_in(text: str) -> str:
    """ISO dates inside recorded text (时限：2026-06-15) written the Chinese way."""
    return _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)
