"""Issue 21's rules through the real services and database: the working-day calendar (with a
调休 Saturday and an office's own year), each stage limit, extensions by approval, 督办 as a
record, 回访 and 销号, the migration of old problems and the CLI."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app.changes import Change
from app.clock import FixedClock
from app.domain import ProblemStatus as S
from app.errors import ValidationError, WorkflowError
from app.services import Services
from app.services.problems import AssignInput, ProblemFilter, RevisitInput, SuperviseInput
from app.stages import Facts, Handling, Stage, TimeLimits, compute, days_late
from app.workdays import WorkCalendar, builtin_years, first_uncovered
from db import causal
from db.database import open_database
from db.models import DeadlineExtension, Problem, Supervision
from tests.factories import acting, enterprise, problem
from tests.test_cli import zhuqi
from tests.test_database import database_at

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends

CAL = WorkCalendar()


# ---- the calendar ------------------------------------------------------------------------
def test_official_calendar_with_a_make_up_saturday() -> None:
    assert {2025, 2026} <= builtin_years()
    assert CAL.is_workday(date(2026, 2, 14))  # Saturday, 春节调休上班
    assert not CAL.is_workday(date(2026, 2, 16)) and not CAL.is_workday(date(2026, 2, 23))  # 春节
    assert not CAL.is_workday(date(2026, 2, 21))  # an ordinary Saturday inside the holiday
    assert CAL.is_workday(date(2026, 9, 20)) and CAL.is_workday(date(2026, 10, 10))  # 国庆调休
    # Thursday 12 Feb + 1 working day = Friday 13; + 2 = the make-up Saturday 14; + 3 = Tuesday 24.
    assert [CAL.add(date(2026, 2, 12), n) for n in (1, 2, 3)] == [date(2026, 2, 13), date(2026, 2, 14),
                                                                  date(2026, 2, 24)]
    assert CAL.between(date(2026, 2, 13), date(2026, 2, 27)) == 5  # 14, 24, 25, 26, 27
    assert CAL.between(date(2026, 3, 2), date(2026, 3, 2)) == 0


def test_an_office_enters_next_years_arrangement(services: Services) -> None:
    cal = services.calendar
    assert not cal.calendar().covered(2027)
    assert first_uncovered(cal.calendar(), date(2026, 12, 3)) == 2027  # December: next year is due
    assert "2027年" in (Services(services.db, FixedClock(date(2026, 12, 3))).calendar.warning() or "")
    cal.set_day(date(2027, 2, 6), True, "春节调休")  # a Saturday, as the notice might say
    cal.set_day(date(2027, 2, 8), False, "春节")
    view = cal.year(2027)
    assert view.covered and not view.builtin
    assert [(d.day, d.workday, d.source) for d in view.days] == [(date(2027, 2, 6), True, "本单位录入"),
                                                                 (date(2027, 2, 8), False, "本单位录入")]
    assert cal.calendar().add(date(2027, 2, 5), 1) == date(2027, 2, 6)
    cal.remove_day(date(2027, 2, 6))
    assert cal.calendar().add(date(2027, 2, 5), 1) == date(2027, 2, 9)
    with pytest.raises(ValidationError, match="没有本单位录入"):
        cal.remove_day(date(2027, 2, 6))


def test_correcting_the_calendar_moves_open_deadlines(services: Services) -> None:
    pid = problem(services, enterprise(services), received=date(2026, 6, 12))  # Friday
    assert services.problems.get(pid).handover_due == date(2026, 6, 15)
    moved = services.calendar.set_day(date(2026, 6, 15), False, "本地假日")
    assert moved.moved == 1 and moved.changes == Change.PROBLEMS
    assert services.problems.get(pid).handover_due == date(2026, 6, 16)


# ---- each stage limit ------------------------------------------------------------------------
def test_each_stage_and_its_limit() -> None:
    limits = TimeLimits()
    received, assigned = date(2026, 6, 1), date(2026, 6, 2)
    listed = compute(Facts(S.LISTED, received), limits, CAL)
    assert (listed.stage, listed.stage_due) == (Stage.HANDOVER, date(2026, 6, 2))
    base = Facts(S.IN_PROGRESS, received, assigned=assigned, handling=Handling.ORDINARY, deadline=CAL.add(assigned, 7),
                 has_assists=True)
    d = compute(base, limits, CAL)
    assert (d.stage, d.stage_due, d.feedback_due, d.assist_due) == (
        Stage.FEEDBACK, date(2026, 6, 5), date(2026, 6, 5), date(2026, 6, 5))
    d = compute(Facts(**{**base.__dict__, "feedback": date(2026, 6, 3)}), limits, CAL)
    assert (d.stage, d.stage_due) == (Stage.ASSIST, date(2026, 6, 5))
    d = compute(Facts(**{**base.__dict__, "feedback": date(2026, 6, 3), "assists_answered": date(2026, 6, 4)}),
                limits, CAL)
    assert (d.stage, d.stage_due) == (Stage.SOLVE, date(2026, 6, 11))  # 7 working days after 2 June
    complex_ = Facts(S.IN_PROGRESS, received, assigned=assigned, handling=Handling.COMPLEX,
                     deadline=CAL.add(assigned, 30), feedback=assigned)
    assert compute(complex_, limits, CAL).stage_due == CAL.add(assigned, 30)
    higher = Facts(S.IN_PROGRESS, received, assigned=assigned, handling=Handling.COORDINATION, feedback=assigned,
                   last_report=date(2026, 7, 1))
    d = compute(higher, limits, CAL)
    assert (d.stage, d.stage_due) == (Stage.REPORT, CAL.add(date(2026, 7, 1), limits.report))
    solved = compute(Facts(S.SOLVED, received, assigned=assigned, solved=date(2026, 6, 10)), limits, CAL)
    assert (solved.stage, solved.stage_due) == (Stage.REVISIT, date(2026, 6, 17))
    assert compute(Facts(S.SOLVED, received, solved=date(2026, 6, 10), evaluated=True), limits, CAL).stage is None
    assert compute(Facts(S.DEFERRED, received), limits, CAL).stage is None


def test_a_problem_left_listed_for_two_working_days_is_late_at_handover(database) -> None:  # type: ignore[no-untyped-def]
    thursday = date(2026, 6, 11)
    services = Services(database, FixedClock(thursday + timedelta(days=4)))  # Monday 15 June
    pid = problem(services, enterprise(services), received=thursday)
    p = services.problems.get(pid)
    # Due Friday 12 June; Monday is the second working day since receipt: late by 1.
    assert p.overdue and p.stage is Stage.HANDOVER and p.days_late == 1 and p.late_text == "交办逾期1个工作日"
    assert services.problems.search(ProblemFilter(overdue_only=True, stage=Stage.HANDOVER)).total == 1
    report = services.stats.report()
    assert report.overdue_now == 1 and report.overdue_by_stage == {"交办": 1}
    assert days_late(date(2026, 6, 12), date(2026, 6, 13), CAL) == 1  # past due on a Saturday: late


def test_feedback_assist_and_solve_stages_through_the_service(services: Services) -> None:
    pid = problem(services, enterprise(services), received=date(2026, 6, 8))
    services.problems.assign(pid, AssignInput("工信局", assist_units=("税务局", "人社局")), on=date(2026, 6, 8))
    p = services.problems.get(pid)
    assert (p.deadline, p.original_deadline, p.handling) == (date(2026, 6, 17), date(2026, 6, 17), Handling.ORDINARY)
    assert (p.stage, p.stage_due) == (Stage.FEEDBACK, date(2026, 6, 11)) and p.overdue
    p = services.problems.record_progress(pid, "已对接企业", on=date(2026, 6, 12))
    assert p.feedback_date == date(2026, 6, 12) and p.stage is Stage.ASSIST
    services.problems.assist_reply(pid, "税务局", "已提出意见", on=date(2026, 6, 12))
    with pytest.raises(WorkflowError, match="已反馈"):
        services.problems.assist_reply(pid, "税务局", "再说一次")
    with pytest.raises(ValidationError, match="不是该问题的协办单位"):
        services.problems.assist_reply(pid, "财政局", "意见")
    p = services.problems.assist_reply(pid, "人社局", "同意", on=date(2026, 6, 15))
    assert p.assist_answered_date == date(2026, 6, 15) and (p.stage, p.overdue) == (Stage.SOLVE, False)
    assert services.problems.assists_answered(pid) == ["税务局", "人社局"]


def test_complex_and_higher_level_problems(services: Services) -> None:
    eid = enterprise(services)
    a = problem(services, eid, received=date(2026, 6, 1))
    p = services.problems.assign(a, AssignInput("自然资源局", handling=Handling.COMPLEX), on=date(2026, 6, 1))
    assert p.deadline == CAL.add(date(2026, 6, 1), 30)
    b = problem(services, eid, received=date(2026, 6, 1))
    p = services.problems.assign(b, AssignInput("发改委", handling=Handling.COORDINATION), on=date(2026, 6, 1),
                                 claimed=True)
    assert p.deadline is None and p.stage is Stage.REPORT and p.feedback_date == date(2026, 6, 1)
    with pytest.raises(WorkflowError, match="无需申请延期"):
        services.problems.extend(b, "需省里批", date(2026, 9, 1))


# ---- extensions by request and approval -----------------------------------------------------
def test_extension_requested_after_its_deadline_is_refused(services: Services) -> None:
    pid = problem(services, enterprise(services), received=date(2026, 6, 1))
    services.problems.assign(pid, AssignInput("工信局"), on=date(2026, 6, 1))
    assert services.problems.get(pid).deadline == date(2026, 6, 10)
    with pytest.raises(WorkflowError, match="已过，不能再申请延期"):
        services.problems.extend(pid, "需协调", date(2026, 7, 1), on=date(2026, 6, 11))
    assert services.problems.extensions(pid) == []


def test_only_an_approved_extension_moves_the_deadline_and_on_time_counts_the_original(services: Services) -> None:
    pid = problem(services, enterprise(services), received=date(2026, 6, 1))
    services.problems.assign(pid, AssignInput("工信局"), on=date(2026, 6, 1))
    p = services.problems.extend(pid, "需省厅审批", date(2026, 6, 30), on=date(2026, 6, 9), actor="工信局")
    assert p.deadline == date(2026, 6, 10) and p.pending_extension
    assert services.problems.search(ProblemFilter(pending_extension=True)).total == 1
    with pytest.raises(WorkflowError, match="等待审批"):
        services.problems.extend(pid, "再延", date(2026, 7, 30), on=date(2026, 6, 9))
    with pytest.raises(ValidationError, match="理由"):
        services.problems.decide_extension(pid, False, actor="营商办")
    p = services.problems.decide_extension(pid, True, actor="县营商办 王芳", on=date(2026, 6, 10))
    assert (p.deadline, p.original_deadline, p.extended, p.pending_extension) == (
        date(2026, 6, 30), date(2026, 6, 10), True, False)
    [x] = services.problems.extensions(pid)
    assert (x.status.value, x.decided_by, x.decided_date, x.requested_by) == (
        "已批准", "县营商办 王芳", date(2026, 6, 10), "工信局")
    services.problems.record_progress(pid, "已对接", on=date(2026, 6, 2))
    services.problems.solve(pid, "已办结", on=date(2026, 6, 15))  # within the extension, after the original
    t = services.stats.report().totals
    assert (t.solved, t.solved_on_time, t.extended) == (1, 0, 1)  # judged on the original deadline


# ---- 督办 --------------------------------------------------------------------------------------
def test_supervision_is_recorded_numbered_and_counted(services: Services) -> None:
    eid = enterprise(services)
    ids = [problem(services, eid, received=date(2026, 5, 4)) for _ in range(3)]
    for pid in ids:
        services.problems.assign(pid, AssignInput("住建局"), on=date(2026, 5, 6))
    overdue = services.problems.overdue_of_unit("住建局")
    assert overdue == ids or set(overdue) == set(ids)
    done = services.problems.supervise(services.problems.overdue_of_unit("住建局"),
                                       SuperviseInput("挂牌督办", date(2026, 6, 19), "限期办结"), actor="县营商办")
    assert [x.number for x in done] == ["督〔2026〕1号", "督〔2026〕2号", "督〔2026〕3号"]
    assert all(x.level == "挂牌督办" and x.unit == "住建局" and x.stage == "首次反馈" and x.days_late > 0 for x in done)
    more = services.problems.supervise([ids[0]], SuperviseInput("提醒"), actor="县营商办")
    assert more[0].number == "督〔2026〕4号"
    timeline = services.problems.timeline(ids[0])
    assert [e.kind for e in timeline].count("督办") == 2 and "督〔2026〕1号" in timeline[-2].content
    report = services.stats.report()
    assert report.supervisions == 4 and next(r for r in report.by_unit if r.key == "住建局").supervisions == 4
    with pytest.raises(ValidationError, match="督办级别"):
        services.problems.supervise([ids[0]], SuperviseInput("警告"), actor="县营商办")


# ---- 回访 and 销号 ---------------------------------------------------------------------------
def test_revisit_rate_and_the_dissatisfied_are_not_solved(services: Services) -> None:
    eid = enterprise(services)
    good, bad, waiting = (problem(services, eid, received=date(2026, 6, 1)) for _ in range(3))
    for pid in (good, bad, waiting):
        services.problems.assign(pid, AssignInput("工信局"), on=date(2026, 6, 1))
        services.problems.solve(pid, "已解决", on=date(2026, 6, 3))
    services.problems.evaluate(good, RevisitInput("非常满意", "王建国", "书面（签字回访评价表）", "董事长",
                                                  check_solved=True, check_answered=True, check_contacted=True,
                                                  check_satisfied=True), on=date(2026, 6, 4))
    back = services.problems.evaluate(bad, RevisitInput("非常不满意", "李红梅", "短信或扫码"), on=date(2026, 6, 5))
    assert back.status is S.IN_PROGRESS and back.deadline == CAL.add(date(2026, 6, 5), 7)
    t = services.stats.report().totals
    assert (t.solved, t.revisited, t.evaluated, t.satisfied) == (2, 1, 2, 1)
    assert (t.revisit_rate, t.satisfaction_rate) == (0.5, 0.5)
    closed = services.problems.close(good, on=date(2026, 6, 5))
    assert closed.status is S.CLOSED
    p = services.problems.get(waiting)
    assert p.stage is Stage.REVISIT and p.revisit_due == date(2026, 6, 10) and p.overdue
    [r] = services.problems.revisits(good)
    assert (r.evaluator, r.evaluator_position, r.method, r.all_checked) == (
        "王建国", "董事长", "书面（签字回访评价表）", True)


def test_close_without_an_evaluation_is_refused(services: Services) -> None:
    pid = problem(services, enterprise(services), received=date(2026, 6, 1))
    services.problems.assign(pid, AssignInput("工信局"), on=date(2026, 6, 1))
    services.problems.solve(pid, "已解决", on=date(2026, 6, 3))
    with pytest.raises(WorkflowError, match="须回访企业并登记企业评价"):
        services.problems.close(pid)
    assert services.problems.get(pid).status is S.SOLVED


# ---- migration and the command line ----------------------------------------------------------
def test_old_problems_get_their_stage_deadlines_from_their_dates(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    stamp = "'2026-05-01 00:00:00', '2026-05-01 00:00:00', 'old', 1"
    with database_at(path, "0006") as conn:
        conn.exec_driver_sql(
            "INSERT INTO enterprises (id, created_at, updated_at, changed_by, revision, name, name_key,"
            " credit_code_override, region_name, address, industry_text, above_scale, legal_representative,"
            f" contact_person, contact_phone, industrial_chain, notes) VALUES ('e1', {stamp}, '甲', '甲', 0, '',"
            " '', '', 0, '', '', '', '', '')")
        rows = [("listed", "待交办", None, None, None),
                ("late", "办理中", "2026-06-02", "2026-06-20", None),
                ("done", "已办结", "2026-06-02", "2026-06-09", "2026-06-05")]
        for pid, status, assigned, deadline, solved in rows:
            conn.exec_driver_sql(
                "INSERT INTO problems (id, created_at, updated_at, changed_by, revision, enterprise_id, category,"
                " description, demand, source, scope, received_date, lead_unit, assist_units, responsible_person,"
                " responsible_phone, assigned_date, deadline, level, status, resolution, solved_date,"
                " deferred_reason, deferred_policy, evaluation_comment) VALUES"
                f" ('{pid}', {stamp}, 'e1', '融资', '缺钱', '', '走访发现', '个性', '2026-06-01', '工信局', '[]', "
                f"'', '',"
                f" ?, ?, '县', '{status}', '', ?, '', '', '')", (assigned, deadline, solved))
        conn.exec_driver_sql(
            f"INSERT INTO deadline_extensions (id, created_at, updated_at, changed_by, revision, problem_id,"
            f" requested_date, reason, old_deadline, new_deadline) VALUES ('x1', {stamp}, 'late', '2026-06-05',"
            " '需协调', '2026-06-09', '2026-06-20')")
    db = open_database(path)
    services = Services(db, FixedClock(date(2026, 6, 15)))
    listed, late, done = (services.problems.get(pid) for pid in ("listed", "late", "done"))
    assert (listed.stage, listed.stage_due, listed.overdue) == (Stage.HANDOVER, date(2026, 6, 2), True)
    assert (late.original_deadline, late.deadline, late.extended, late.handling) == (
        date(2026, 6, 9), date(2026, 6, 20), True, Handling.ORDINARY)
    assert (late.stage, late.feedback_due) == (Stage.FEEDBACK, date(2026, 6, 5))  # no feedback was ever recorded
    assert (done.stage, done.revisit_due) == (Stage.REVISIT, date(2026, 6, 12))
    assert services.problems.extensions("late")[0].status.value == "已批准"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM code_list WHERE kind = '督办级别'")).scalar() == 3
        # 0007 gave the old rows their clocks; 21a's values leave them readable.
        for table, model in (("problems", Problem), ("deadline_extensions", DeadlineExtension)):
            for (clock,) in conn.execute(text(f"SELECT clock FROM {table}")):
                causal.parse_clock(clock, causal.tracked_fields(model.__table__))
    # A 督办 after the upgrade is a synchronised record of this installation's, with its clock.
    services.profile.set("王芳", "营商办")
    [sup] = services.problems.supervise(["late"], SuperviseInput("督办", None, "抓紧办理"))
    with db.engine.connect() as conn:
        clock = conn.execute(text("SELECT clock FROM supervisions WHERE id = :i"), {"i": sup.id}).scalar()
    assert causal.parse_clock(clock, causal.tracked_fields(Supervision.__table__)).vv == {
        causal.actor_of(db.installation_id): 1}
    db.close()


def test_cli_workflow_calendar_and_limits(tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite")
    assert zhuqi("init", "--db", db, home=tmp_path).returncode == 0
    services = Services(open_database(db))
    pid = problem(services, enterprise(services), received=date.today() - timedelta(days=20))
    services.db.close()
    short = pid[:8]

    def run(*args: str) -> str:
        r = zhuqi(*args, "--db", db, home=tmp_path)
        assert r.returncode == 0, r.stderr
        return r.stdout

    listed = json.loads(run("problem", "list", "--overdue", "--json"))
    assert listed["total"] == 1 and listed["problems"][0]["stage"] == "交办"
    run("problem", "assign", short, "--lead", "工信局", "--handling", "复杂", "--actor", "营商办")
    # A step with no 经办人 named and nobody set up is refused (issue 22): who did it is recorded.
    r = zhuqi("problem", "progress", short, "已对接企业", "--db", db, home=tmp_path)
    assert r.returncode == 2 and "使用人" in r.stderr
    run("profile", "set", "--name", "李娜", "--unit", "工信局")
    run("problem", "progress", short, "已对接企业")
    run("problem", "solve", short, "已解决")
    r = zhuqi("problem", "close", short, "--db", db, home=tmp_path)
    assert r.returncode == 2 and "回访" in r.stderr
    out = run("problem", "evaluate", short, "--result", "不满意", "--evaluator", "王建国", "--method", "电话")
    assert "办理中" in out
    assert "退回重办" in run("problem", "show", short)
    r = zhuqi("problem", "extend", short, "--to", "2099-01-01", "--reason", "再议", "--on",
              (date.today() + timedelta(days=1)).isoformat(), "--db", db, home=tmp_path)
    assert r.returncode == 2 and "不能晚于今天" in r.stderr
    assert "时限规则“13710”" in run("limits")
    assert "revisit" not in run("limits", "--revisit", "3") and "回访时限：3 个工作日" in run("limits")
    assert "2026-02-14  周六  上班" in run("calendar", "--year", "2026")
    assert "已录入" in run("calendar", "set", "2027-02-06", "--workday", "--name", "春节调休")
    assert "本单位已录入" in run("calendar", "--year", "2027")
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM calendar_days").fetchone() == (1,)
    con.close()


def test_supervisions_revisits_and_approvals_travel_in_the_exchange_workbook(tmp_path: Path,
                                                                             services: Services) -> None:
    eid = enterprise(services)
    a, b = (problem(services, eid, received=date(2026, 6, 1)) for _ in range(2))
    for pid in (a, b):
        services.problems.assign(pid, AssignInput("工信局"), on=date(2026, 6, 1))
    services.problems.extend(a, "需协调", date(2026, 6, 30), on=date(2026, 6, 5))
    services.problems.decide_extension(a, True, actor="县营商办", on=date(2026, 6, 8))
    services.problems.supervise([a], SuperviseInput("督办", date(2026, 6, 19)), actor="县营商办",
                                on=date(2026, 6, 12))
    services.problems.solve(b, "已解决", on=date(2026, 6, 5))
    services.problems.evaluate(b, RevisitInput("满意", "王建国", "电话", check_solved=True, check_answered=True,
                                               check_contacted=True, check_satisfied=True), on=date(2026, 6, 8))
    book = tmp_path / "交换.xlsx"
    services.exchange.export(book)
    other = acting(Services(open_database(tmp_path / "other.sqlite"), FixedClock(date(2026, 6, 15))))
    other.exchange.import_paths([book])
    [x] = other.problems.extensions(a)
    assert (x.status.value, x.decided_by, x.old_deadline, x.new_deadline) == (
        "已批准", "县营商办", date(2026, 6, 10), date(2026, 6, 30))
    [sup] = other.problems.supervisions(a)
    assert (sup.number, sup.level, sup.unit, sup.due_date) == ("督〔2026〕1号", "督办", "工信局", date(2026, 6, 19))
    [rv] = other.problems.revisits(b)
    assert (rv.evaluator, rv.result.value, rv.all_checked) == ("王建国", "满意", True)
    got = other.problems.get(a)
    assert (got.original_deadline, got.deadline, got.extended, got.stage) == (
        date(2026, 6, 10), date(2026, 6, 30), True, services.problems.get(a).stage)
    # The office that received them closes the problem on the evaluation it received.
    assert other.problems.close(b).status is S.CLOSED
    other.db.close()
