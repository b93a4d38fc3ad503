"""The problem workflow (列单、领单、办单、清单) as data: which action is legal
from which state and where it leads. Pure rules, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain import Evaluation, ProblemStatus as S
from app.errors import WorkflowError


class Action(StrEnum):
    ASSIGN = "交办"
    CLAIM = "领单"
    RECORD_PROGRESS = "记录进展"
    SOLVE = "办结"
    EVALUATE = "企业评价"
    CLOSE = "销号"
    REOPEN = "退回重办"
    DEFER = "暂不具备条件"
    RESUME = "恢复办理"
    EXTEND = "延期"
    ESCALATE = "上报"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[S]
    #: None: the status does not change.
    target: S | None


TRANSITIONS: dict[Action, Transition] = {
    Action.ASSIGN: Transition(frozenset({S.LISTED}), S.IN_PROGRESS),
    Action.CLAIM: Transition(frozenset({S.LISTED}), S.IN_PROGRESS),
    Action.RECORD_PROGRESS: Transition(frozenset({S.IN_PROGRESS, S.DEFERRED}), None),
    Action.SOLVE: Transition(frozenset({S.IN_PROGRESS}), S.SOLVED),
    Action.EVALUATE: Transition(frozenset({S.SOLVED}), None),
    Action.CLOSE: Transition(frozenset({S.SOLVED}), S.CLOSED),
    Action.REOPEN: Transition(frozenset({S.SOLVED}), S.IN_PROGRESS),
    Action.DEFER: Transition(frozenset({S.LISTED, S.IN_PROGRESS}), S.DEFERRED),
    Action.RESUME: Transition(frozenset({S.DEFERRED}), S.IN_PROGRESS),
    Action.EXTEND: Transition(frozenset({S.IN_PROGRESS}), None),
    Action.ESCALATE: Transition(frozenset({S.LISTED, S.IN_PROGRESS}), None),
}


def check_allowed(action: Action, status: S) -> Transition:
    """The transition for `action`, or WorkflowError saying why it is refused."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        allowed = "、".join(s.value for s in S if s in transition.sources)
        raise WorkflowError(f"问题当前为“{status.value}”，不能{action.value}（仅{allowed}的问题可以）")
    return transition


def allowed_actions(status: S, evaluation: Evaluation | None = None) -> list[Action]:
    """Actions a user may take now, in the order the buttons are shown."""
    actions = [a for a, t in TRANSITIONS.items() if status in t.sources]
    if status is S.SOLVED and (evaluation is None or not evaluation.is_satisfied):
        actions.remove(Action.CLOSE)
    return actions


def is_overdue(status: S, deadline: date | None, today: date) -> bool:
    """Past its deadline while still being worked on (待交办 or 办理中).

    Solved and closed problems are never overdue; neither is one declared
    暂不具备条件, which has left the chase and is counted apart."""
    return deadline is not None and deadline < today and status in (S.LISTED, S.IN_PROGRESS)


class DeadlinePreset(StrEnum):
    """The usual time limits ("13710" rule and common alternatives)."""

    HANDOVER_1 = "1天内交办"
    FEEDBACK_3 = "3天内首次反馈"
    ORDINARY_7 = "一般问题7天办结"
    WORKING_15 = "15个工作日"
    MAJOR_MONTH = "重大问题1个月办结"
    LIMIT_30 = "最长30天"


def deadline_for(preset: DeadlinePreset, start: date) -> date:
    if preset is DeadlinePreset.WORKING_15:
        return add_working_days(start, 15)
    days = {
        DeadlinePreset.HANDOVER_1: 1,
        DeadlinePreset.FEEDBACK_3: 3,
        DeadlinePreset.ORDINARY_7: 7,
        DeadlinePreset.LIMIT_30: 30,
    }.get(preset)
    if days is not None:
        return start + timedelta(days=days)
    # One calendar month later (clamped to the month's last day).
    month = start.month % 12 + 1
    year = start.year + (start.month == 12)
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_working_days(start: date, n: int) -> date:
    """Monday to Friday only; public holidays vary by year and are not modelled."""
    d = start
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


#: The problem fields each kind of timeline entry is written with (app.services.problems). When a
#: settled conflict rejects a side's values of any of them, that side's entries of the kind are history,
#: not the problem's current course (app.exchange.superseded). Notes (办理进展, 回访) write none.
ENTRY_FIELDS: dict[str, frozenset[str]] = {
    "交办": frozenset({"status", "lead_unit", "assist_units", "responsible_person", "responsible_phone",
                      "assigned_date", "deadline"}),
    "领单": frozenset({"status", "lead_unit", "assist_units", "responsible_person", "responsible_phone",
                      "assigned_date", "deadline"}),
    "办结": frozenset({"status", "resolution", "solved_date"}),
    "企业评价": frozenset({"evaluation", "evaluation_comment", "evaluated_date"}),
    "销号": frozenset({"status", "closed_date"}),
    "退回重办": frozenset({"status", "solved_date", "evaluation", "evaluation_comment", "evaluated_date"}),
    "暂不具备条件": frozenset({"status", "deferred_reason", "deferred_policy"}),
    "恢复办理": frozenset({"status", "deadline"}),
    "延期": frozenset({"deadline"}),
    "上报": frozenset({"level"}),
}
