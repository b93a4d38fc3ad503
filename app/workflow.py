"""The problem workflow (列单、领单、办单、清单) as data: which action is legal
from which state and where it leads. Pure rules, no database."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain import Evaluation
from app.domain import ProblemStatus as S
from app.errors import WorkflowError


class Action(StrEnum):
    ASSIGN = "交办"
    CLAIM = "领单"
    RECORD_PROGRESS = "记录进展"
    ASSIST_REPLY = "协办反馈"
    SOLVE = "办结"
    EVALUATE = "回访评价"
    CLOSE = "销号"
    REOPEN = "退回重办"
    DEFER = "暂不具备条件"
    RESUME = "恢复办理"
    EXTEND = "申请延期"
    DECIDE_EXTENSION = "审批延期"
    SUPERVISE = "督办"
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
    Action.ASSIST_REPLY: Transition(frozenset({S.IN_PROGRESS}), None),
    Action.SOLVE: Transition(frozenset({S.IN_PROGRESS}), S.SOLVED),
    # A 不满意 or 非常不满意 evaluation sends the problem back to 办理中 (see ProblemService.evaluate).
    Action.EVALUATE: Transition(frozenset({S.SOLVED}), None),
    Action.CLOSE: Transition(frozenset({S.SOLVED}), S.CLOSED),
    Action.REOPEN: Transition(frozenset({S.SOLVED}), S.IN_PROGRESS),
    Action.DEFER: Transition(frozenset({S.LISTED, S.IN_PROGRESS}), S.DEFERRED),
    Action.RESUME: Transition(frozenset({S.DEFERRED}), S.IN_PROGRESS),
    Action.EXTEND: Transition(frozenset({S.IN_PROGRESS}), None),
    Action.DECIDE_EXTENSION: Transition(frozenset({S.IN_PROGRESS}), None),
    Action.SUPERVISE: Transition(frozenset({S.IN_PROGRESS}), None),
    Action.ESCALATE: Transition(frozenset({S.LISTED, S.IN_PROGRESS}), None),
}


def check_allowed(action: Action, status: S) -> Transition:
    """The transition for `action`, or WorkflowError saying why it is refused."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        allowed = "、".join(s.value for s in S if s in transition.sources)
        raise WorkflowError(f"问题当前为“{status.value}”，不能{action.value}（仅{allowed}的问题可以）")
    return transition


def allowed_actions(status: S, evaluation: Evaluation | None = None, *, pending_extension: bool = False,
                    assists_pending: bool = False, can_extend: bool = True) -> list[Action]:
    """Actions a user may take now, in the order the buttons are shown. `can_extend`: the 办结
    deadline has not passed (an extension must be asked for before it)."""
    actions = [a for a, t in TRANSITIONS.items() if status in t.sources]
    drop = set()
    if status is S.SOLVED:
        if evaluation is not None:
            drop.add(Action.EVALUATE)  # evaluated: 销号 (if satisfied) or wait for the redo
        if evaluation is None or not evaluation.is_satisfied:
            drop.add(Action.CLOSE)
    if pending_extension or not can_extend:
        drop.add(Action.EXTEND)
    else:
        drop.add(Action.DECIDE_EXTENSION)
    if not assists_pending:
        drop.add(Action.ASSIST_REPLY)
    return [a for a in actions if a not in drop]


#: The problem fields each kind of timeline entry is written with (app.services.problems), for every
#: kind of app.domain.ProgressKind. When a settled conflict rejects a side's values of any of them, that
#: side's entries of the kind are history, not the problem's current course (app.exchange.superseded),
#: and `zhuqi check` follows the current course to the problem's status. So a kind that changes the
#: status names the status and the fields that tell two such steps apart (who was handed the problem,
#: which answer, which new deadline), not every side effect: a 退回重办 whose evaluation lost while its
#: status stood is still how the problem came back to 办理中. Left out everywhere: the stage deadlines
#: every action recomputes from the dates (handover_due … stage_due), and dates kept as bookkeeping
#: (feedback_date, last_report_date, assist_answered_date). Notes (办理进展, 协办反馈, 申请延期, 督办,
#: 回访) write none: a request, a 督办 and a reply are records of their own.
_ASSIGNING = frozenset({"status", "lead_unit", "assist_units", "responsible_person", "responsible_phone",
                        "assigned_date", "deadline", "original_deadline", "handling"})
ENTRY_FIELDS: dict[str, frozenset[str]] = {
    "列单": frozenset(),
    "交办": _ASSIGNING,
    "领单": _ASSIGNING,
    "办理进展": frozenset(),
    "协办反馈": frozenset(),
    "办结": frozenset({"status", "resolution", "solved_date"}),
    # Also the one 不满意 wrote: it sends the problem back (退回重办) in the same write.
    "企业评价": frozenset({"evaluation", "evaluation_comment", "evaluated_date"}),
    "销号": frozenset({"status", "closed_date"}),
    "退回重办": frozenset({"status", "solved_date", "deadline"}),
    "暂不具备条件": frozenset({"status", "deferred_reason", "deferred_policy"}),
    "恢复办理": frozenset({"status", "deadline"}),
    "延期": frozenset({"deadline"}),
    "申请延期": frozenset(),
    "延期审批": frozenset({"deadline", "extended"}),
    "督办": frozenset(),
    "上报": frozenset({"level"}),
    "回访": frozenset(),
}
