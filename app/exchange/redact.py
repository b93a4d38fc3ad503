"""Redacted exports (`zhuqi export --redact`, the window's 隐去个人信息): a
workbook for sharing outside the office, without the personal data of people
who are not officials — the enterprises' legal representatives, contacts and
the people met at a visit — nor any phone number or ID-card number, in any
cell: the fields that hold them are emptied, and such numbers inside free text
(a description, a note) are replaced. The 修改历史 sheet loses the old and new
values of those fields too. The cadres' own names stay: the ledger is the
record of what officials did.

A redacted workbook says so in its _meta sheet, and the import refuses it: its
empty fields would otherwise overwrite the real ones."""

from __future__ import annotations

import re
from typing import Any

from app.exchange.schema import K, SheetSpec

#: Shown where something was left out.
HIDDEN = "〔已隐去〕"
#: The _meta row that marks a redacted workbook.
META_KEY = "个人信息"
META_VALUE = "已隐去（电话号码、身份证号码、企业人员姓名），仅供报送，不能导入"

#: Fields of people who are not officials, and every phone field, emptied (by table).
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "enterprises": frozenset({"legal_representative", "contact_person", "contact_phone"}),
    "cadres": frozenset({"phone"}),
    "visits": frozenset({"people_met"}),
    "problems": frozenset({"responsible_phone"}),
}

_EDGE_BEFORE, _EDGE_AFTER = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
#: Mobiles (+86 and spaces or hyphens allowed), landlines with an area code, ID-card numbers (18 and 15 digits).
NUMBERS = re.compile(
    _EDGE_BEFORE + r"(?:"
    r"(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}"
    r"|0\d{2,3}[- ]?\d{7,8}(?:-\d{1,6})?"
    r"|[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"|[1-9]\d{14}"
    r")" + _EDGE_AFTER)


def scrub(text: str) -> str:
    """Free text with phone and ID-card numbers replaced."""
    return NUMBERS.sub(HIDDEN, text) if any(ch.isdigit() for ch in text) else text


def record(spec: SheetSpec, values: dict[str, Any]) -> dict[str, Any]:
    """A copy of a record as a redacted workbook shows it."""
    out = dict(values)
    personal = PERSONAL_FIELDS.get(spec.table.name, frozenset())
    for c in spec.columns:
        if c.field in personal:
            out[c.field] = None
        elif c.kind is K.TEXT and isinstance(out.get(c.field), str):
            out[c.field] = scrub(out[c.field])
        elif c.kind is K.LIST and isinstance(out.get(c.field), list):
            out[c.field] = [scrub(v) if isinstance(v, str) else v for v in out[c.field]]
    return out


def changes(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """A history entry's {field: [old, new]} with personal fields hidden and numbers scrubbed."""
    personal = PERSONAL_FIELDS.get(table, frozenset())
    out: dict[str, Any] = {}
    for name, pair in values.items():
        if name in personal:
            out[name] = [None if v in (None, "") else HIDDEN for v in pair] if isinstance(pair, list) else HIDDEN
        else:
            out[name] = _scrub_any(pair)
    return out


def _scrub_any(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_any(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_any(v) for k, v in value.items()}
    return value
