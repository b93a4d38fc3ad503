from __future__ import annotations

import pytest

from app.standards import credit_code as cc

# Real codes as published (GB 32100-2015 examples and registered companies).
PUBLISHED = ["914403001922038216", "91440300708461136T", "91110108551385082Q"]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_pass(code: str) -> None:
    assert cc.check(code).ok


def test_weights_are_powers_of_three_mod_31() -> None:
    assert cc.WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", PUBLISHED)
def test_every_single_character_corruption_is_caught(code: str) -> None:
    for i in range(18):
        for ch in cc.CHARSET:
            if ch == code[i]:
                continue
            corrupted = code[:i] + ch + code[i + 1:]
            assert not cc.check(corrupted).ok, corrupted


def test_adjacent_transpositions_are_mostly_caught() -> None:
    code = PUBLISHED[0]
    caught = sum(
        not cc.check(code[:i] + code[i + 1] + code[i] + code[i + 2:]).ok
        for i in range(17) if code[i] != code[i + 1]
    )
    assert caught >= 12


@pytest.mark.parametrize("raw", ["９１４４０３００１９２２０３８２１６", " 9144-0300-1922-0382-16 ",
                                 "91440300708461136t"])
def test_normalises_full_width_case_spaces_and_hyphens(raw: str) -> None:
    assert cc.check(raw).ok


def test_reasons_are_specific() -> None:
    assert "18 位" in cc.check("91440300").reason
    assert "不允许的字符" in cc.check("9144030019220382I6").reason
    wrong_check = cc.check("914403001922038217")
    assert wrong_check.checksum_only and "校验位" in wrong_check.reason


def test_check_character_matches_published() -> None:
    for code in PUBLISHED:
        assert cc.check_character(code[:17]) == code[17]
