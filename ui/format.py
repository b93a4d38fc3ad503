"""How values read in the window: dates, rates, empty cells."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate

EMPTY = "—"


def day(d: date | None) -> str:
    return d.isoformat() if d is not None else ""


def long_day(d: date | None) -> str:
    """2026年6月15日, as on paper (no zero padding); 6/15/2026 in English."""
    if d is None:
        return ""
    return QCoreApplication.translate("Format", "{year}年{month}月{day}日").format(year=d.year, month=d.month,
                                                                                day=d.day)


def pct(v: float | None) -> str:
    return EMPTY if v is None else f"{v * 100:.1f}%"


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())
