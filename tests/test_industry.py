"""Industries as rosters write them (GB/T 4754-2017): the 门类 letter is found in letters, codes,
门类 and 大类 names and paths, and nothing is guessed from anything else."""

from __future__ import annotations

import pytest

from app.standards.industry import section, without_section


@pytest.mark.parametrize(("written", "letter"), [
    ("C", "C"), ("c", "C"), ("Ｃ", "C"), ("C3421", "C"), ("3421", "C"), ("34", "C"), ("06", "B"), ("97", "T"),
    ("制造业", "C"), ("C 制造业", "C"), ("C制造业", "C"), ("制造业（C）", "C"),
    ("农林牧渔业", "A"), ("农、林、牧、渔业", "A"), ("信息传输、软件和信息技术服务业", "I"),
    ("软件和信息技术服务业", "I"), ("餐饮业", "H"), ("土地管理业", "N"), ("体育", "R"),
    ("制造业 > 通用设备制造业 > 金属加工机械制造", "C"), ("批发和零售业-批发业", "F"), ("制造业／通用设备", "C"),
])
def test_the_section_is_found_in_what_registers_write(written: str, letter: str) -> None:
    assert section(written) == letter


@pytest.mark.parametrize("written", ["", "机械", "新材料", "教育培训", "99", "1", "U", "A3421", "D制造业", "711", "6",
                                     "软件开发，教育"])
def test_nothing_is_guessed_from_anything_else(written: str) -> None:
    # A letter and a code or name that disagree (A3421, D制造业) are not ours to settle; 711 and 6
    # are 0711 and 06 after a number cell dropped their zero.
    assert section(written) is None


@pytest.mark.parametrize(("written", "rest"), [
    ("制造业", ""), ("C 制造业", ""), ("制造业 > 通用设备制造业 > 金属加工机械制造",
                                 "通用设备制造业 > 金属加工机械制造"),
    ("C-制造业-通用设备制造业", "通用设备制造业"), ("通用设备制造业", "通用设备制造业"), ("C3421", "C3421"),
])
def test_the_section_the_letter_holds_is_not_written_twice(written: str, rest: str) -> None:
    assert without_section(written, "C") == rest
