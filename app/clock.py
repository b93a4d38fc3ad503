"""What day it is, injectable so rules about deadlines can be tested."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class Clock:
    def today(self) -> date:
        return date.today()


@dataclass(frozen=True)
class FixedClock(Clock):
    day: date

    def today(self) -> date:
        return self.day
