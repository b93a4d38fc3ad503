"""Stage time limits on working days (the "13710" rule and others like it).

A problem passes through stages, each with its own limit counted in working days
on the official calendar (app.workdays):

- 交办: handed to a lead unit within 1 working day of receipt;
- 首次反馈: the lead unit signs for it (领单) or reports first progress within 3;
- 协办反馈: every assisting unit answers within 3;
- 办结: an ordinary (一般) problem solved within 7, a complex (复杂) one within 30; one
  that needs a higher level (需上级协调) has no fixed limit but reports monthly (月度报告);
- 回访: after 办结, the company is asked for its evaluation within 5.

The scheme is configurable (an office's own numbers); these functions are pure."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any

from app.domain import ProblemStatus as S
from app.errors import ValidationError
from app.workdays import WorkCalendar


class Handling(StrEnum):
    """办理类型, chosen at 交办: decides the 办结 limit."""

    ORDINARY = "一般"
    COMPLEX = "复杂"
    COORDINATION = "需上级协调"


class Stage(StrEnum):
    HANDOVER = "交办"
    FEEDBACK = "首次反馈"
    ASSIST = "协办反馈"
    SOLVE = "办结"
    REPORT = "月度报告"
    REVISIT = "回访"


@dataclass(frozen=True)
class TimeLimits:
    """Working days allowed for each stage; the default is "13710" plus 协办 3 and 回访 5."""

    name: str = "13710"
    handover: int = 1
    feedback: int = 3
    ordinary: int = 7
    complex: int = 30
    assist: int = 3
    revisit: int = 5
    #: 需上级协调: working days between two progress reports (about a month).
    report: int = 22

    def solve_days(self, handling: Handling) -> int | None:
        if handling is Handling.ORDINARY:
            return self.ordinary
        if handling is Handling.COMPLEX:
            return self.complex
        return None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> TimeLimits:
        if not text:
            return cls()
        try:
            data: dict[str, Any] = json.loads(text)
        except ValueError:
            return cls()
        known = {f.name for f in fields(cls)}
        return replace(cls(), **{k: v for k, v in data.items() if k in known})

    def validated(self) -> TimeLimits:
        for f in fields(self):
            if f.name == "name":
                continue
            value = getattr(self, f.name)
            if not isinstance(value, int) or value < 1 or value > 250:
                raise ValidationError(LIMIT_LABELS[f.name], value, "应为 1 至 250 之间的工作日数")
        if self.ordinary > self.complex:
            raise ValidationError(LIMIT_LABELS["ordinary"], self.ordinary, "不应长于复杂问题的时限")
        return self

    def describe(self) -> str:
        return (f"{self.handover}个工作日内交办，{self.feedback}个工作日内首次反馈，一般问题{self.ordinary}个工作日、"
                f"复杂问题{self.complex}个工作日内办结，需上级协调的每{self.report}个工作日报告进展；"
                f"协办单位{self.assist}个工作日内反馈；办结后{self.revisit}个工作日内回访")


LIMIT_LABELS = {
    "handover": "交办时限", "feedback": "首次反馈时限", "ordinary": "一般问题办结时限",
    "complex": "复杂问题办结时限", "assist": "协办反馈时限", "revisit": "回访时限", "report": "月度报告间隔",
}


@dataclass(frozen=True)
class Facts:
    """What the stage computation needs to know of a problem."""

    status: S
    received: date
    assigned: date | None = None
    handling: Handling | None = None
    feedback: date | None = None
    has_assists: bool = False
    assists_answered: date | None = None
    #: The 办结 deadline in force (the original one, or as moved by an approved extension).
    deadline: date | None = None
    last_report: date | None = None
    solved: date | None = None
    evaluated: bool = False


@dataclass(frozen=True)
class Dues:
    handover_due: date | None
    feedback_due: date | None
    assist_due: date | None
    revisit_due: date | None
    #: The stage awaited now (the earliest due of those pending), None when nothing is awaited.
    stage: Stage | None
    stage_due: date | None


def compute(f: Facts, limits: TimeLimits, cal: WorkCalendar) -> Dues:
    handover_due = cal.add(f.received, limits.handover)
    feedback_due = cal.add(f.assigned, limits.feedback) if f.assigned else None
    assist_due = cal.add(f.assigned, limits.assist) if f.assigned and f.has_assists else None
    revisit_due = cal.add(f.solved, limits.revisit) if f.solved and f.status in (S.SOLVED, S.CLOSED) else None
    pending: list[tuple[date, int, Stage]] = []
    if f.status is S.LISTED:
        pending.append((handover_due, 0, Stage.HANDOVER))
    elif f.status is S.IN_PROGRESS:
        if feedback_due and f.feedback is None:
            pending.append((feedback_due, 1, Stage.FEEDBACK))
        if assist_due and f.assists_answered is None:
            pending.append((assist_due, 2, Stage.ASSIST))
        if f.handling is Handling.COORDINATION:
            since = max(d for d in (f.last_report, f.assigned, f.received) if d is not None)
            pending.append((cal.add(since, limits.report), 4, Stage.REPORT))
        elif f.deadline is not None:
            pending.append((f.deadline, 3, Stage.SOLVE))
    elif f.status is S.SOLVED and not f.evaluated and revisit_due is not None:
        pending.append((revisit_due, 5, Stage.REVISIT))
    if not pending:
        return Dues(handover_due, feedback_due, assist_due, revisit_due, None, None)
    due, _, stage = min(pending)
    return Dues(handover_due, feedback_due, assist_due, revisit_due, stage, due)


def days_late(stage_due: date | None, today: date, cal: WorkCalendar) -> int:
    """Working days a stage is late (at least 1 once its due day has passed; 0 if not late)."""
    if stage_due is None or stage_due >= today:
        return 0
    return max(1, cal.between(stage_due, today))
