"""The names offered for the files the program writes: what they hold and the day, so a
folder of printed records sorts by date and says which is which, and every name is safe
on Windows (no <>:"/\\|?* or control characters, no trailing dot or space)."""

from __future__ import annotations

import calendar
from datetime import date

_UNSAFE = set('<>:"/\\|?*')


def safe(text: str, limit: int = 60) -> str:
    """`text` usable inside a file name on every platform."""
    cleaned = "".join("_" if ch in _UNSAFE or ord(ch) < 32 else ch for ch in text)
    return cleaned[:limit].strip(". ")


def visit_record(visit_date: date, enterprise: str, record_id: str) -> str:
    """走访记录表_2026-06-15_企业名称_1a2b3c4d.pdf"""
    # The ID's first group, made safe too: a record imported before IDs were checked may hold "/../x".
    return f"走访记录表_{visit_date.isoformat()}_{safe(enterprise)}_{safe(record_id.split('-', 1)[0], 12)}.pdf"


def dossier(enterprise: str, on: date) -> str:
    """一企一档_企业名称_2026-06-15.pdf"""
    return f"一企一档_{safe(enterprise)}_{on.isoformat()}.pdf"


def policy_sheet(enterprise: str, on: date) -> str:
    """政策明白纸_企业名称_2026-06-15.pdf"""
    return f"政策明白纸_{safe(enterprise)}_{on.isoformat()}.pdf"


def supervision(enterprise: str, on: date) -> str:
    """督办单_企业名称_2026-06-15.pdf"""
    return f"督办单_{safe(enterprise)}_{on.isoformat()}.pdf"


def revisit_form(enterprise: str, on: date) -> str:
    """回访评价表_企业名称_2026-06-15.pdf"""
    return f"回访评价表_{safe(enterprise)}_{on.isoformat()}.pdf"


def ledger(on: date, what: str = "") -> str:
    """问题台账_2026-06-15.pdf, or 问题台账_已逾期_2026-06-15.pdf for a filtered one."""
    middle = f"_{safe(what, 40)}" if what else ""
    return f"问题台账{middle}_{on.isoformat()}.pdf"


def periodic(start: date | None, end: date | None, on: date) -> str:
    """通报_2026年5月.pdf for a calendar month, else 通报_2026-01-01至2026-06-15.pdf."""
    if start is None and end is None:
        return f"通报_截至{on.isoformat()}.pdf"
    if start is not None and end is not None and start.day == 1 and start.year == end.year \
            and start.month == end.month and end.day == calendar.monthrange(end.year, end.month)[1]:
        return f"通报_{start.year}年{start.month}月.pdf"
    return f"通报_{(start or end or on).isoformat()}至{(end or on).isoformat()}.pdf"
