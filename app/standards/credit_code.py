"""统一社会信用代码 (GB 32100-2015): normalisation and the check character."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import mul

from app.standards.text import fold_code

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28


_DROPPED = str.maketrans("", "", " -\t\r\n")


def normalise(raw: str) -> str:
    """Full-width to half-width, upper case, no spaces or hyphens."""
    return fold_code(raw).upper().translate(_DROPPED)


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (which must be in the charset)."""
    if len(first17) != len(WEIGHTS):
        raise ValueError(f"{len(WEIGHTS)} characters expected, got {len(first17)}")
    # map() over the weights: a third of the generator's time, for every code of a roster.
    total = sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class CreditCodeCheck:
    code: str  # normalised
    ok: bool
    #: Empty when ok; otherwise a Chinese sentence.
    reason: str = ""
    #: True when only the check character is wrong (some early pilot codes are real yet fail it).
    checksum_only: bool = False


#: An import checks each row's code when reading the file and again when validating the row, after
#: the whole file is read: the cache holds a county roster's codes (a few MB at most).
@lru_cache(maxsize=16_384)
def check(raw: str) -> CreditCodeCheck:
    """The code normalised and checked (cached: an import checks each row's code more than once)."""
    code = normalise(raw)
    if len(code) != 18:
        return CreditCodeCheck(code, False, f"应为 18 位，实际 {len(code)} 位")
    bad = [c for c in code if c not in _VALUE]
    if bad:
        return CreditCodeCheck(code, False, f"含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）")
    expected = check_character(code[:17])
    if code[17] != expected:
        return CreditCodeCheck(
            code, False, f"校验位错误（应为 {expected}），请核对是否抄错", checksum_only=True
        )
    return CreditCodeCheck(code, True)


def is_valid(raw: str) -> bool:
    return check(raw).ok


def org_code_check(first8: str) -> str:
    """GB 11714 organisation-code check character (positions 9-17 of a credit code)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(first8, weights, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))
