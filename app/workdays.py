"""Working days on China's official calendar: the State Council's yearly holiday
notice, including 调休 weekends that are workdays, as published by the
`chinesecalendar` package, with an office's own entries on top (the next year's
arrangement is announced each December, before a new release of the package).

A year neither the package nor the office has entered falls back to Monday to
Friday; `covered()` says which years are known, so the window and `zhuqi
calendar` can warn before deadlines are counted on a guess. Pure: no database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache

import chinese_calendar  # type: ignore[import-untyped]
from chinese_calendar import constants as _official

#: Chinese names of the package's holidays.
_NAMES = {h.value: h.chinese for h in chinese_calendar.Holiday}
_EPOCH = date(2000, 1, 1)


class DayKind(StrEnum):
    HOLIDAY = "节假日"
    WORKDAY = "调休上班"


@dataclass(frozen=True)
class SpecialDay:
    """A day that differs from Monday-to-Friday: a holiday on a weekday, or a weekend workday."""

    day: date
    workday: bool
    name: str
    #: "国务院通知（chinesecalendar）" for the package's days, "本单位录入" for an office's own.
    source: str

    @property
    def kind(self) -> DayKind:
        return DayKind.WORKDAY if self.workday else DayKind.HOLIDAY


BUILTIN_SOURCE = "国务院通知（内置）"
OWN_SOURCE = "本单位录入"


def _name(holiday: object) -> str:
    """The Chinese name of a holiday of the package (its data holds the English names)."""
    key = str(getattr(holiday, "value", holiday))
    return str(_NAMES.get(key, key))


def builtin_years() -> frozenset[int]:
    """Years whose arrangement the installed package knows."""
    return _builtin_years()


@lru_cache(maxsize=1)
def _builtin_years() -> frozenset[int]:
    return frozenset(d.year for d in _official.holidays)


def _builtin_workday(d: date) -> bool:
    if d in _official.workdays:
        return True
    if d in _official.holidays:
        return False
    return d.weekday() < 5


class WorkCalendar:
    """Whether a day is a working day, and counting in working days.

    `overrides` maps a day to True (a working day) or False (a day off); they take
    precedence over the package's data. Counting uses a cumulative index, so the
    working days between two dates cost two look-ups."""

    def __init__(self, overrides: Mapping[date, bool] | None = None,
                 names: Mapping[date, str] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._names = dict(names or {})
        self._own_years = frozenset(d.year for d in self._overrides)
        self._years = builtin_years()
        # _cum[i] = working days in [_EPOCH, _EPOCH + i days); grown on demand.
        self._cum: list[int] = [0]

    @property
    def overrides(self) -> dict[date, bool]:
        return dict(self._overrides)

    def is_workday(self, d: date) -> bool:
        own = self._overrides.get(d)
        if own is not None:
            return own
        if d.year in self._years:
            return _builtin_workday(d)
        return d.weekday() < 5

    def covered(self, year: int) -> bool:
        """Whether the year's official arrangement is known (built in, or entered by the office)."""
        return year in self._years or year in self._own_years

    def add(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n = 0: `start` itself)."""
        d = start
        while n > 0:
            d += timedelta(days=1)
            if self.is_workday(d):
                n -= 1
        return d

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        if end <= start:
            return 0
        return self._index(end + timedelta(days=1)) - self._index(start + timedelta(days=1))

    def numbered(self, first: date, last: date) -> list[tuple[date, int]]:
        """Each day from `first` to `last` with the working days up to and including it: the working
        days between two of them (`between`) are the difference of their numbers."""
        out = []
        d = first
        while d <= last:
            out.append((d, self._index(d + timedelta(days=1))))
            d += timedelta(days=1)
        return out

    @cached_property
    def digest(self) -> str:
        """A digest of every working day of the years the statistics' places cover (2000–2099):
        equal for two calendars that count the same."""
        first, last = date(2000, 1, 1), date(2099, 12, 31)
        flags = bytes(self.is_workday(first + timedelta(days=i)) for i in range((last - first).days + 1))
        return hashlib.sha256(flags).hexdigest()[:16]

    def special_days(self, year: int) -> list[SpecialDay]:
        """The year's holidays on weekdays and workdays on weekends, the office's entries marked."""
        out: dict[date, SpecialDay] = {}
        if year in self._years:
            for d, holiday in _official.holidays.items():
                if d.year == year:
                    out[d] = SpecialDay(d, False, _name(holiday), BUILTIN_SOURCE)
            for d, holiday in _official.workdays.items():
                if d.year == year:
                    out[d] = SpecialDay(d, True, _name(holiday) + "调休", BUILTIN_SOURCE)
        for d, workday in self._overrides.items():
            if d.year == year:
                out[d] = SpecialDay(d, workday, self._names.get(d, ""), OWN_SOURCE)
        return [out[d] for d in sorted(out)]

    def _index(self, d: date) -> int:
        i = (d - _EPOCH).days
        if i < 0:
            # Before the index: count directly (never needed for real data).
            return -sum(1 for k in range(i, 0) if self.is_workday(_EPOCH + timedelta(days=k)))
        cum = self._cum
        while len(cum) <= i:
            day = _EPOCH + timedelta(days=len(cum) - 1)
            cum.append(cum[-1] + (1 if self.is_workday(day) else 0))
        return cum[i]


@lru_cache(maxsize=8)
def _cached(entries: tuple[tuple[date, bool, str], ...]) -> WorkCalendar:
    return WorkCalendar({d: w for d, w, _ in entries}, {d: n for d, _, n in entries})


def calendar_with(entries: Iterable[tuple[date, bool, str]]) -> WorkCalendar:
    """A calendar with the office's entries (day, working day?, name), shared while they are unchanged."""
    return _cached(tuple(sorted(entries)))


def first_uncovered(cal: WorkCalendar, today: date) -> int | None:
    """This year, or next year from December on, if its arrangement is not yet known."""
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    return next((y for y in years if not cal.covered(y)), None)

