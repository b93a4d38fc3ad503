"""Every workflow transition, legal and illegal, through the real service and database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from app.domain import Evaluation, ProgressKind
from app.domain import ProblemStatus as S
from app.errors import ValidationError, WorkflowError
from app.services import Services
from app.services.problems import AssignInput, RevisitInput, SuperviseInput
from app.workflow import ENTRY_FIELDS, TRANSITIONS, Action, allowed_actions
from tests.conftest import TODAY
from tests.factories import assign, enterprise, problem

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends

D0 = TODAY - timedelta(days=20)
SATISFIED = RevisitInput(result="满意", evaluator="王建国", method="电话", evaluator_position="总经理",
                         check_solved=True, check_answered=True, check_contacted=True, check_satisfied=True)


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
    p.evaluate(pid, SATISFIED, on=D0 + timedelta(days=6))
    p.close(pid, on=D0 + timedelta(days=7))
    return pid


ACTION_CALLS: dict[Action, Callable[[Services, str], object]] = {
    Action.ASSIGN: lambda s, pid: s.problems.assign(pid, AssignInput(lead_unit="工信局")),
    Action.CLAIM: lambda s, pid: s.problems.assign(pid, AssignInput(lead_unit="工信局"), claimed=True),
    Action.RECORD_PROGRESS: lambda s, pid: s.problems.record_progress(pid, "已对接"),
    Action.ASSIST_REPLY: lambda s, pid: s.problems.assist_reply(pid, "税务局", "已配合"),
    Action.SOLVE: lambda s, pid: s.problems.solve(pid, "已解决"),
    Action.EVALUATE: lambda s, pid: s.problems.evaluate(pid, SATISFIED),
    Action.CLOSE: lambda s, pid: s.problems.close(pid),
    Action.REOPEN: lambda s, pid: s.problems.reopen(pid, "企业不满意"),
    Action.DEFER: lambda s, pid: s.problems.defer(pid, "条件不具备", "某政策"),
    Action.RESUME: lambda s, pid: s.problems.resume(pid, "条件已具备", deadline=TODAY + timedelta(days=7)),
    Action.EXTEND: lambda s, pid: s.problems.extend(pid, "需协调", TODAY + timedelta(days=60)),
    Action.DECIDE_EXTENSION: lambda s, pid: s.problems.decide_extension(pid, True, actor="营商办"),
    Action.SUPERVISE: lambda s, pid: s.problems.supervise([pid], SuperviseInput("督办"), actor="营商办"),
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
    if action is Action.DECIDE_EXTENSION:
        legal = False  # no extension request waiting
    if action is Action.ASSIST_REPLY and state is S.IN_PROGRESS:
        legal = False  # no assisting unit
    if action is Action.EXTEND and state is S.IN_PROGRESS:
        legal = False  # the deadline (7 working days from D0 + 1) has passed: too late to ask
    if not legal:
        with pytest.raises((WorkflowError, ValidationError)):
            ACTION_CALLS[action](services, pid)
        assert services.problems.get(pid) == before  # nothing changed
        assert len(services.problems.timeline(pid)) == entries_before
        return
    ACTION_CALLS[action](services, pid)
    after = services.problems.get(pid)
    target = TRANSITIONS[action].target
    if action is Action.EVALUATE:
        target = None  # a satisfied evaluation leaves the problem 已办结, waiting for 销号
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
    assert [r.evaluator for r in services.problems.revisits(pid)] == ["王建国"]
    p = services.problems.get(pid)
    assert p.closed_date == D0 + timedelta(days=7)
    assert p.evaluation is Evaluation.SATISFIED


def test_dissatisfied_evaluation_sends_the_problem_back(services: Services) -> None:
    pid = _to_state(services, S.SOLVED)
    back = services.problems.evaluate(pid, RevisitInput(result="不满意", evaluator="李红梅", method="现场",
                                                        comment="答复不具体"))
    assert back.status is S.IN_PROGRESS and back.solved_date is None
    assert back.evaluation is Evaluation.DISSATISFIED  # counted in 满意率 until the next answer
    assert services.stats.report().totals.solved == 0
    kinds = [e.kind for e in services.problems.timeline(pid)][-2:]
    assert kinds == [ProgressKind.EVALUATED, ProgressKind.REOPENED]
    with pytest.raises(WorkflowError):
        services.problems.close(pid)
    again = services.problems.solve(pid, "已补充答复并实际解决")
    assert again.evaluation is None and Action.EVALUATE in again.actions


def test_close_needs_a_recorded_evaluation_and_the_four_checks(services: Services) -> None:
    pid = _to_state(services, S.SOLVED)
    with pytest.raises(WorkflowError, match="回访"):
        services.problems.close(pid)
    unchecked = RevisitInput(result="满意", evaluator="王建国", method="电话")
    services.problems.evaluate(pid, unchecked)
    with pytest.raises(WorkflowError, match="问题是否解决"):
        services.problems.close(pid)
    assert services.problems.get(pid).status is S.SOLVED


def test_evaluation_needs_the_evaluator_method_and_result(services: Services) -> None:
    pid = _to_state(services, S.SOLVED)
    for bad, field in ((RevisitInput(result="", evaluator="王建国", method="电话"), "评价结果"),
                       (RevisitInput(result="满意", evaluator=" ", method="电话"), "评价人"),
                       (RevisitInput(result="满意", evaluator="王建国", method=""), "回访方式")):
        with pytest.raises(ValidationError, match=field):
            services.problems.evaluate(pid, bad)
    assert services.problems.revisits(pid) == []


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


def test_extensions_are_kept_in_history(services: Services) -> None:
    pid = problem(services, enterprise(services), received=TODAY - timedelta(days=2))
    assign(services, pid, on=TODAY - timedelta(days=1))
    old = services.problems.get(pid).deadline
    assert old is not None
    with pytest.raises(ValidationError, match="应晚于原时限"):
        services.problems.extend(pid, "需协调", old)
    services.problems.extend(pid, "需省级部门审批", TODAY + timedelta(days=30))
    services.problems.decide_extension(pid, True, actor="营商办")
    services.problems.extend(pid, "审批未完成", TODAY + timedelta(days=45))
    services.problems.decide_extension(pid, False, "理由不充分", actor="营商办")
    ext = services.problems.extensions(pid)
    assert [(e.old_deadline, e.new_deadline, e.status.value) for e in ext] == [
        (old, TODAY + timedelta(days=30), "已批准"),
        (TODAY + timedelta(days=30), TODAY + timedelta(days=45), "不予批准")]
    p = services.problems.get(pid)
    assert p.deadline == TODAY + timedelta(days=30) and p.original_deadline == old and p.extended


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
    p = services.problems.assign(pid, AssignInput(lead_unit="工信局", assist_units=("税务局",)), on=D0)
    # D0 is Tuesday 26 May 2026: the 7th working day after it is Thursday 4 June.
    assert p.deadline == date(2026, 6, 4) and p.assist_units == ("税务局",)


def test_action_dates_cannot_be_in_the_future_or_before_receipt(services: Services) -> None:
    pid = problem(services, enterprise(services), received=D0)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        assign(services, pid, on=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError, match="收到日期"):
        assign(services, pid, on=D0 - timedelta(days=1))


def test_overdue_in_service_views_and_filter(services: Services) -> None:
    ent = enterprise(services)
    late = problem(services, ent, received=D0)
    assign(services, late, on=D0)
    on_time = problem(services, ent, received=D0)
    assign(services, on_time, on=TODAY - timedelta(days=1), deadline=TODAY + timedelta(days=3))
    assert services.problems.get(late).overdue and not services.problems.get(on_time).overdue
    from app.services.problems import ProblemFilter

    page = services.problems.search(ProblemFilter(overdue_only=True))
    assert [r.id for r in page.rows] == [late] and page.total == 1


def test_allowed_actions_for_buttons() -> None:
    assert allowed_actions(S.LISTED)[:2] == [Action.ASSIGN, Action.CLAIM]
    assert Action.CLOSE in allowed_actions(S.SOLVED, Evaluation.BASICALLY_SATISFIED)
    assert Action.CLOSE not in allowed_actions(S.SOLVED, None)
    assert Action.EVALUATE not in allowed_actions(S.SOLVED, Evaluation.SATISFIED)
    assert Action.DECIDE_EXTENSION in allowed_actions(S.IN_PROGRESS, pending_extension=True)
    assert Action.EXTEND not in allowed_actions(S.IN_PROGRESS, pending_extension=True)
    assert Action.ASSIST_REPLY in allowed_actions(S.IN_PROGRESS, assists_pending=True)
    assert allowed_actions(S.CLOSED) == []


def test_every_kind_of_timeline_entry_names_the_problem_fields_it_writes() -> None:
    """A settled conflict supersedes entries by these fields (app.exchange.superseded): every kind is
    listed, notes with none, and only fields a problem's clock tracks."""
    from db.causal import tracked_fields
    from db.models import Problem

    assert set(ENTRY_FIELDS) == {k.value for k in ProgressKind}
    tracked = set(tracked_fields(Problem.__table__))
    for kind, names in ENTRY_FIELDS.items():
        assert names <= tracked, (kind, names - tracked)
    for note in (ProgressKind.PROGRESS, ProgressKind.ASSIST_REPLY, ProgressKind.EXTENSION_REQUESTED,
                 ProgressKind.SUPERVISED, ProgressKind.FOLLOW_UP_CALL):
        assert ENTRY_FIELDS[note] == frozenset(), note
