"""Every workflow transition, legal and illegal, through the real service and database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from app.domain import Evaluation, ProblemStatus as S, ProgressKind
from app.errors import ValidationError, WorkflowError
from app.services import Services
from app.services.problems import AssignInput
from app.workflow import TRANSITIONS, Action, DeadlinePreset, allowed_actions, deadline_for, is_overdue
from tests.conftest import TODAY
from tests.factories import assign, enterprise, problem

D0 = TODAY - timedelta(days=20)


def _to_state(services: Services, state: S) -> str:
    """A problem driven through the real workflow into `state`."""
    pid = problem(services, enterprise(services), received=D0)
    p = services.problems
    if state is S.LISTED:
        return pid
    if state is S.DEFERRED:
        p.defer(pid, "涉及基本农田", "《基本农田保护条例》", on=D0 + timedelta(days=1))
        return pid
    assign(services, pid, on=D0 + timedelta(days=1))
    if state is S.IN_PROGRESS:
        return pid
    p.solve(pid, "已协调续贷", on=D0 + timedelta(days=5))
    if state is S.SOLVED:
        return pid
    p.evaluate(pid, "满意", on=D0 + timedelta(days=6))
    p.close(pid, on=D0 + timedelta(days=7))
    return pid


ACTION_CALLS: dict[Action, Callable[[Services, str], object]] = {
    Action.ASSIGN: lambda s, pid: s.problems.assign(pid, AssignInput(lead_unit="工信局")),
    Action.CLAIM: lambda s, pid: s.problems.assign(pid, AssignInput(lead_unit="工信局"), claimed=True),
    Action.RECORD_PROGRESS: lambda s, pid: s.problems.record_progress(pid, "已对接"),
    Action.SOLVE: lambda s, pid: s.problems.solve(pid, "已解决"),
    Action.EVALUATE: lambda s, pid: s.problems.evaluate(pid, "满意"),
    Action.CLOSE: lambda s, pid: s.problems.close(pid),
    Action.REOPEN: lambda s, pid: s.problems.reopen(pid, "企业不满意"),
    Action.DEFER: lambda s, pid: s.problems.defer(pid, "条件不具备", "某政策"),
    Action.RESUME: lambda s, pid: s.problems.resume(pid, "条件已具备", deadline=TODAY + timedelta(days=7)),
    Action.EXTEND: lambda s, pid: s.problems.extend(pid, "需协调", TODAY + timedelta(days=60)),
    Action.ESCALATE: lambda s, pid: s.problems.escalate(pid, "县级无法解决"),
}


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", list(Action))
def test_every_action_from_every_state(services: Services, state: S, action: Action) -> None:
    pid = _to_state(services, state)
    before = services.problems.get(pid)
    entries_before = len(services.problems.timeline(pid))
    legal = state in TRANSITIONS[action].sources
    if state is S.SOLVED and action is Action.CLOSE:
        legal = False  # no evaluation yet: 销号 needs the company's evaluation
    if state is S.DEFERRED and action is Action.RESUME:
        legal = False  # never handed to a lead unit
    if not legal:
        with pytest.raises(WorkflowError):
            ACTION_CALLS[action](services, pid)
        assert services.problems.get(pid) == before  # nothing changed
        assert len(services.problems.timeline(pid)) == entries_before
        return
    ACTION_CALLS[action](services, pid)
    after = services.problems.get(pid)
    target = TRANSITIONS[action].target
    assert after.status is (target or state)
    assert after.revision > before.revision
    timeline = services.problems.timeline(pid)
    assert len(timeline) == entries_before + 1
    assert timeline[-1].to_status == after.status.value
    assert timeline[-1].from_status == state.value


def test_full_happy_path_writes_the_timeline(services: Services) -> None:
    pid = _to_state(services, S.CLOSED)
    kinds = [e.kind for e in services.problems.timeline(pid)]
    assert kinds == [ProgressKind.LISTED, ProgressKind.ASSIGNED, ProgressKind.SOLVED,
                     ProgressKind.EVALUATED, ProgressKind.CLOSED]
    p = services.problems.get(pid)
    assert p.closed_date == D0 + timedelta(days=7)
    assert p.evaluation is Evaluation.SATISFIED


def test_close_refused_when_company_not_satisfied(services: Services) -> None:
    pid = _to_state(services, S.SOLVED)
    services.problems.evaluate(pid, "不满意", "答复不具体")
    with pytest.raises(WorkflowError, match="退回重办"):
        services.problems.close(pid)
    assert Action.CLOSE not in services.problems.get(pid).actions
    reopened = services.problems.reopen(pid, "企业不满意")
    assert reopened.status is S.IN_PROGRESS
    assert reopened.evaluation is None and reopened.solved_date is None
    # The unsatisfied evaluation stays in the history.
    assert any("不满意" in e.content for e in services.problems.timeline(pid))


def test_solve_needs_a_resolution(services: Services) -> None:
    pid = _to_state(services, S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="办理结果"):
        services.problems.solve(pid, "   ")
    assert services.problems.get(pid).status is S.IN_PROGRESS


def test_defer_needs_reason_and_policy(services: Services) -> None:
    pid = _to_state(services, S.IN_PROGRESS)
    with pytest.raises(ValidationError, match="政策依据"):
        services.problems.defer(pid, "条件不具备", "")
    with pytest.raises(ValidationError, match="原因"):
        services.problems.defer(pid, "", "某政策")


def test_deferred_is_never_counted_as_solved_and_resumes(services: Services) -> None:
    pid = _to_state(services, S.IN_PROGRESS)
    services.problems.defer(pid, "涉及基本农田", "《基本农田保护条例》")
    totals = services.stats.report().totals
    assert (totals.deferred, totals.solved) == (1, 0)
    resumed = services.problems.resume(pid, "规划已调整", deadline=TODAY + timedelta(days=10))
    assert resumed.status is S.IN_PROGRESS and resumed.deadline == TODAY + timedelta(days=10)


def test_extension_is_kept_in_history(services: Services) -> None:
    pid = _to_state(services, S.IN_PROGRESS)
    old = services.problems.get(pid).deadline
    with pytest.raises(ValidationError, match="应晚于原时限"):
        services.problems.extend(pid, "需协调", old)
    services.problems.extend(pid, "需省级部门审批", TODAY + timedelta(days=30))
    services.problems.extend(pid, "审批未完成", TODAY + timedelta(days=45))
    ext = services.problems.extensions(pid)
    assert [(e[2], e[3]) for e in ext] == [(old, TODAY + timedelta(days=30)),
                                           (TODAY + timedelta(days=30), TODAY + timedelta(days=45))]
    assert services.problems.get(pid).deadline == TODAY + timedelta(days=45)


def test_escalation_climbs_levels_and_stops_at_province(services: Services) -> None:
    pid = _to_state(services, S.IN_PROGRESS)
    levels = [services.problems.escalate(pid, "需上级协调").level for _ in range(2)]
    assert levels == ["市", "省"]
    with pytest.raises(WorkflowError, match="省级"):
        services.problems.escalate(pid, "再上报")


def test_assign_validates_units_and_deadline(services: Services) -> None:
    pid = problem(services, enterprise(services), received=D0)
    with pytest.raises(ValidationError, match="主办单位"):
        services.problems.assign(pid, AssignInput(lead_unit="不存在的局"))
    with pytest.raises(ValidationError, match="协办单位"):
        services.problems.assign(pid, AssignInput(lead_unit="工信局", assist_units=("工信局",)))
    with pytest.raises(ValidationError, match="办结时限"):
        services.problems.assign(pid, AssignInput(lead_unit="工信局", deadline=D0), on=D0 + timedelta(days=1))
    p = services.problems.assign(pid, AssignInput(lead_unit="工信局", assist_units=("税务局",),
                                                  deadline_preset=DeadlinePreset.ORDINARY_7), on=D0)
    assert p.deadline == D0 + timedelta(days=7) and p.assist_units == ("税务局",)


def test_action_dates_cannot_be_in_the_future_or_before_receipt(services: Services) -> None:
    pid = problem(services, enterprise(services), received=D0)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        assign(services, pid, on=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError, match="收到日期"):
        assign(services, pid, on=D0 - timedelta(days=1))


def test_overdue_rule() -> None:
    today = date(2026, 6, 15)
    past, future = today - timedelta(days=1), today + timedelta(days=1)
    assert is_overdue(S.IN_PROGRESS, past, today)
    assert is_overdue(S.LISTED, past, today)
    assert not is_overdue(S.IN_PROGRESS, today, today)
    assert not is_overdue(S.IN_PROGRESS, future, today)
    assert not is_overdue(S.IN_PROGRESS, None, today)
    for done in (S.SOLVED, S.CLOSED, S.DEFERRED):
        assert not is_overdue(done, past, today)


def test_overdue_in_service_views_and_filter(services: Services) -> None:
    ent = enterprise(services)
    late = problem(services, ent, received=D0)
    assign(services, late, on=D0, deadline=TODAY - timedelta(days=1))
    on_time = problem(services, ent, received=D0)
    assign(services, on_time, on=D0, deadline=TODAY + timedelta(days=3))
    assert services.problems.get(late).overdue and not services.problems.get(on_time).overdue
    from app.services.problems import ProblemFilter

    page = services.problems.search(ProblemFilter(overdue_only=True))
    assert [r.id for r in page.rows] == [late] and page.total == 1


def test_allowed_actions_for_buttons() -> None:
    assert allowed_actions(S.LISTED)[:2] == [Action.ASSIGN, Action.CLAIM]
    assert Action.CLOSE in allowed_actions(S.SOLVED, Evaluation.BASICALLY_SATISFIED)
    assert Action.CLOSE not in allowed_actions(S.SOLVED, None)
    assert allowed_actions(S.CLOSED) == []


def test_deadline_presets() -> None:
    start = date(2026, 1, 31)
    assert deadline_for(DeadlinePreset.HANDOVER_1, start) == date(2026, 2, 1)
    assert deadline_for(DeadlinePreset.ORDINARY_7, start) == date(2026, 2, 7)
    assert deadline_for(DeadlinePreset.MAJOR_MONTH, start) == date(2026, 2, 28)
    assert deadline_for(DeadlinePreset.WORKING_15, date(2026, 6, 15)) == date(2026, 7, 6)
