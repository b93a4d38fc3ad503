from __future__ import annotations

from datetime import date

import pytest

from app.standards import dates, phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("86-13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0371-67891234", "0371-67891234"),
        ("(0371)6789 1234转801", "0371-67891234-801"),
        ("0371-67891234-801", "0371-67891234-801"),
        ("010 8888 6666", "010-88886666"),
        ("021-5432123", "021-5432123"),
        ("+86 371 67891234", "0371-67891234"),
        ("4001234567", "400-123-4567"),
    ],
)
def test_phone_normalisation(raw: str, expected: str) -> None:
    assert phone.normalise(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "12812345678", "1381234567", "0371-123", "abc", "13812345678转12", ""])
def test_phone_rejections_have_reasons(raw: str) -> None:
    with pytest.raises(phone.PhoneError) as exc:
        phone.normalise(raw)
    assert str(exc.value)


@pytest.mark.parametrize(
    "raw",
    ["2021年9月28日", "2021.9.28", "2021/9/28", "2021-09-28", "20210928", "２０２１／９／２８", "2021—9—28",
     "2021年09月28日", "2021年9月28号", "44467", 44467, 44467.5, "2021-09-28 10:30:00"],
)
def test_date_forms(raw: object) -> None:
    assert dates.parse(raw) == date(2021, 9, 28)


def test_excel_1904_epoch() -> None:
    assert dates.parse(43005, epoch_1904=True) == date(2021, 9, 28)


def test_excel_serials_around_the_phantom_leap_day() -> None:
    # Days of 1900 are small numbers Excel took for dates (0, 60 …), never dates of this work;
    # 60 is Excel's phantom 1900-02-29, which no reader may turn into 02-28.
    with pytest.raises(dates.DateError, match="1900年2月29日"):
        dates.parse(60)
    for serial in (1, 59, 61, 366):
        with pytest.raises(dates.DateError, match="1900 年"):
            dates.parse(serial)
    assert dates.parse(367) == date(1901, 1, 1)


@pytest.mark.parametrize("raw", ["2021-02-30", "明天", "", "2021/13/1", True, 0, float("nan"), float("inf"), 1e300])
def test_bad_dates_are_refused(raw: object) -> None:
    with pytest.raises(dates.DateError):
        dates.parse(raw)


@pytest.mark.parametrize(("raw", "reason", "shown"), [
    ("2021", "只有年份（2021年），缺少月和日", "2021年"), ("2021年", "只有年份", "2021年"),
    ("2021年9月", "只有年月（2021年9月），缺少日", "2021年9月"), ("2021-09", "只有年月", "2021年9月"),
    ("2021.9", "只有年月", "2021年9月"), ("202109", "只有年月", "2021年9月"),
])
def test_a_year_or_a_month_is_named_as_such_not_read_as_an_excel_serial(raw: str, reason: str, shown: str) -> None:
    """Text 2021 used to be read as Excel's day number 2021 (1905-07-13)."""
    with pytest.raises(dates.DateError, match=reason):
        dates.parse(raw)
    assert dates.partial(raw) == shown


def test_five_digits_stay_an_excel_day_number() -> None:
    assert dates.partial("20219") is None and dates.parse("20219") == date(1955, 5, 10)


def test_format_cn_has_no_zero_padding() -> None:
    assert dates.format_cn(date(2021, 9, 8)) == "2021年9月8日"
