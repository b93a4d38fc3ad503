"""Chinese phone numbers: mobiles, landlines with area code and extension,
400/800 service numbers. Stored normalised, always as text."""

from __future__ import annotations

import re
from functools import lru_cache

from app.standards.text import fold_code

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)
_GROUPS = re.compile(r"[-\s]+")
_PUNCTUATION = re.compile(r"[\s\-()（）.]")


class PhoneError(ValueError):
    """`str()` is the Chinese reason."""


#: A roster's import reads each phone cell (is_valid) and validates the row after the whole file is
#: read: the cache holds a county roster's numbers. A PhoneError is not cached (raised again).
@lru_cache(maxsize=16_384)
def normalise(raw: str) -> str:
    """Return the normalised number or raise PhoneError.

    Mobiles: 13812345678. Landlines: 0371-67891234 (010 and 02x have 3-digit
    area codes, the rest 4), 0371-67891234-801 with an extension.
    Service numbers: 400-123-4567."""
    text = fold_code(raw).strip()
    if not text:
        raise PhoneError("号码为空")
    extension = ""
    m = _EXTENSION.search(text)
    if m:
        extension = m.group(1)
        text = text[: m.start()].strip()
    else:
        # 0371-67891234-801: a third hyphen group is an extension.
        parts = [p for p in _GROUPS.split(text) if p]
        if len(parts) == 3 and parts[0].lstrip("(（").startswith("0") and len(parts[1]) in (7, 8):
            text, extension = f"{parts[0]}{parts[1]}", parts[2]
    digits = _PUNCTUATION.sub("", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("861") and len(digits) == 13 and _MOBILE.match(digits[2:]):
        digits = digits[2:]  # 86-13812345678: the country code without its plus
    if not digits.isdigit():
        raise PhoneError("含有数字以外的字符")
    if _MOBILE.match(digits):
        if extension:
            raise PhoneError("手机号不能带分机号")
        return digits
    if digits.startswith(("400", "800")) and len(digits) == 10:
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 11 and digits.startswith("1"):
        raise PhoneError("手机号第二位应为 3 至 9")
    if digits[0] in "23456789" and len(digits) in (9, 10, 11):
        # +86 371 6789 1234: international form drops the area code's leading 0.
        digits = "0" + digits
    if digits.startswith("0") and len(digits) > 1:
        area_len = 3 if digits[1] in "12" else 4
        area, local = digits[:area_len], digits[area_len:]
        if len(local) in (7, 8) and local[0] not in "01":
            return f"{area}-{local}-{extension}" if extension else f"{area}-{local}"
        raise PhoneError("固定电话应为区号加 7 至 8 位号码")
    raise PhoneError("不是有效的手机号或固定电话（手机 11 位；固话需带区号）")


def is_valid(raw: str) -> bool:
    try:
        normalise(raw)
    except PhoneError:
        return False
    return True
