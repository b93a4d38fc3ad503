"""Field checks shared by the services: lengths, required values, coded values.
Each failure is a ValidationError naming the field, the value and the reason.
Also the one table of the exchanged fields' labels (LABELS)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from app.errors import ValidationError
from app.standards import credit_code as cc
from app.standards import phone as ph
from app.standards.text import clean_text, fold_code, tidy_name

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class FieldLabels:
    """The names a person reads for the fields that travel between installations and print on the
    reports: one spelling each, for the exchange workbook's headers, the rejections, the checks'
    messages and the PDFs (the window's own words go through its translations)."""

    enterprise_name: str = "企业名称"
    credit_code: str = "统一社会信用代码"


LABELS = FieldLabels()

#: Long enough for any real text, short enough that a pasted file is refused.
LONG_TEXT = 5000


@dataclass(frozen=True)
class TypingLimits:
    """How many characters the window's boxes take from typing and pasting. The services
    accept up to their own limits (LONG_TEXT for long text, e.g. from a workbook); a form asks
    for what is said at a meeting table, so that a visit with a few problems prints on one
    page of its record. Line fields take what the service takes."""

    description: int = 500
    demand: int = 300
    discussion: int = 1000
    operation_notes: int = 500
    follow_up: int = 500
    people_met: int = 300
    #: 办理进展, 办理结果, reasons and comments in the workflow dialogs.
    workflow_text: int = 1000
    #: Free notes on an enterprise.
    notes: int = 1000
    enterprise_name: int = 200
    address: int = 300
    region: int = 100
    industry: int = 200
    person: int = 50
    chain: int = 100
    unit: int = 100


TYPING = TypingLimits()


def text(field: str, value: str | None, max_len: int, *, required: bool = False) -> str:
    v = clean_text(value)
    if required and not v:
        raise ValidationError(field, None, "不能为空")
    if len(v) > max_len:
        raise ValidationError(field, v[:20] + "…", f"过长（{len(v)} 字，最多 {max_len} 字）")
    return v


def name(field: str, value: str | None, max_len: int, *, required: bool = False) -> str:
    """A name of a company or a person: checked as text, on one line (see tidy_name)."""
    return text(field, tidy_name(value), max_len, required=required)


def enum(field: str, cls: type[E], value: str | E | None, *, required: bool = True) -> E | None:
    if value is None or value == "":
        if required:
            raise ValidationError(field, None, "不能为空")
        return None
    try:
        return cls(clean_text(str(value)))
    except ValueError:
        allowed = "、".join(m.value for m in cls)
        raise ValidationError(field, value, f"应为以下之一：{allowed}") from None


def one_of(field: str, value: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    if value not in allowed:
        shown = "、".join(allowed[:15]) + ("……" if len(allowed) > 15 else "")
        raise ValidationError(field, value, f"不在代码表中（可选：{shown}；可在设置中增加）")
    return value


def credit_code(value: str | None, *, allow_checksum_override: bool) -> tuple[str | None, bool]:
    """(normalised code or None, whether a failed check character was overridden)."""
    if value is None or not value.strip():
        return None, False
    result = cc.check(value)
    if result.ok:
        return result.code, False
    if result.checksum_only and allow_checksum_override:
        return result.code, True
    raise ValidationError(LABELS.credit_code, value.strip(), result.reason)


def phone(field: str, value: str | None) -> str:
    if value is None or not value.strip():
        return ""
    try:
        return ph.normalise(value)
    except ph.PhoneError as exc:
        raise ValidationError(field, value.strip(), str(exc)) from None


def region_code(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    v = fold_code(value).strip()
    if len(v) != 6 or not v.isdigit():
        raise ValidationError("行政区划代码", value, "应为 6 位数字")
    return v


def non_negative_int(field: str, value: int | None) -> int | None:
    if value is None:
        return None
    if value < 0 or value > 10_000_000:
        raise ValidationError(field, value, "应为 0 至 10000000 之间的整数")
    return value


def date_not_after(field: str, value: date, limit: date) -> date:
    if value > limit:
        raise ValidationError(field, value.isoformat(), f"不能晚于今天（{limit.isoformat()}）")
    return value
