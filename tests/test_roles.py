"""Who may do what on a shared database (app.services.access, `zhuqi users`): each role's allowed
and refused writes through the real services and the command line, that a refused write changes
nothing, and that a database without users behaves as before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.domain import CodeListKind
from app.errors import UserError, ValidationError
from app.services import Services
from app.services.access import AccessDenied, Scope
from app.services.enterprises import EnterpriseInput
from app.services.policies import PolicyInput
from app.services.problems import RevisitInput, SuperviseInput
from app.services.visits import VisitInput
from app.workflow import Action
from db import copy as db_copy
from db.database import Database
from tests.conftest import TODAY, database_url
from tests.factories import assign, cadre, enterprise, problem

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends

D0 = TODAY - timedelta(days=20)
SATISFIED = RevisitInput(result="满意", evaluator="王建国", method="电话", evaluator_position="总经理",
                         check_solved=True, check_answered=True, check_contacted=True, check_satisfied=True)


@dataclass(frozen=True)
class Office:
    """A shared database: an office clerk, a leader, and a cadre assigned to one of two enterprises."""

    services: Services
    mine: str  # the cadre's enterprise
    other: str  # not the cadre's
    my_problem: str  # listed, on the cadre's enterprise
    my_assigned: str  # 办理中, on the cadre's enterprise
    my_solved: str  # 已办结, on the cadre's enterprise
    other_problem: str  # 办理中, on the other enterprise
    cadre_id: str

    def act(self, name: str) -> Services:
        """The services as `name` acts (what `--as NAME` does)."""
        self.services.db.actor = name
        return self.services


@pytest.fixture
def office(services: Services) -> Office:
    s = services
    mine = enterprise(s, "河阳县恒达铝业有限公司")
    other = enterprise(s, "河阳县长青电子科技有限公司", region="城北街道")
    lq = cadre(s, "李强", "工信局")
    s.cadres.assign(lq, mine, start=D0)
    my_problem = problem(s, mine, received=D0)
    my_assigned = problem(s, mine, category="用工", received=D0)
    assign(s, my_assigned, on=D0 + timedelta(days=1))
    my_solved = problem(s, mine, category="环保", received=D0)
    assign(s, my_solved, on=D0 + timedelta(days=1))
    s.problems.solve(my_solved, "已协调", on=D0 + timedelta(days=3))
    other_problem = problem(s, other, received=D0)
    assign(s, other_problem, on=D0 + timedelta(days=1))
    s.access.add("测试员", "办公室")  # the profile's name: the first user, office staff
    s.access.add("王芳", "领导")
    s.access.add("李强", "干部")  # the cadre of the same name
    s.access.add("赵敏", "经办")
    return Office(s, mine, other, my_problem, my_assigned, my_solved, other_problem, lq)


def unchanged(db: Database, write: Callable[[], object], message: str) -> None:
    """`write` is refused with AccessDenied naming `message`, and no row of any table changed."""
    before = db_copy.counts(db)
    revisions = _revisions(db)
    with pytest.raises(AccessDenied) as caught:
        write()
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert db_copy.counts(db) == before
    assert _revisions(db) == revisions


def _revisions(db: Database) -> dict[str, int]:
    from sqlalchemy import select

    from db.models import SYNCED_MODELS

    with db.reading() as s:
        return {rid: rev for model in SYNCED_MODELS for rid, rev in s.execute(select(model.id, model.revision))}


# ---- no users: as before ---------------------------------------------------------------------------

def test_without_users_everyone_may_do_everything(services: Services) -> None:
    s = services
    assert s.access.list() == []
    assert not s.access.permissions().restricted
    s.db.actor = "随便谁"
    eid = enterprise(s)
    pid = problem(s, eid, received=D0)
    assign(s, pid, on=D0 + timedelta(days=1))
    s.code_lists.add(CodeListKind.UNIT, "新设单位")
    s.enterprises.delete(eid)
    perms = s.access.permissions()
    assert perms.office and perms.may(Scope.OFFICE) and perms.may_act(Action.CLOSE, eid)


def test_the_first_user_must_be_office_staff(services: Services) -> None:
    with pytest.raises(ValidationError, match="第一个使用人须是办公室或经办人员"):
        services.access.add("王芳", "领导")
    assert services.access.list() == []
    assert services.access.add("张伟", "office").role == "办公室"  # English aliases accepted, Chinese shown


# ---- office ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["测试员（营商办）", "赵敏"])
def test_office_staff_edit_everything(office: Office, name: str) -> None:
    s = office.act(name)
    s.enterprises.update(office.other, EnterpriseInput(name="河阳县长青电子科技有限公司", region_name="城关镇"))
    assign(s, office.my_problem, on=D0 + timedelta(days=2))
    s.problems.supervise([office.other_problem], SuperviseInput(level="督办"), on=D0 + timedelta(days=4))
    s.problems.evaluate(office.my_solved, SATISFIED, on=D0 + timedelta(days=5))
    s.problems.close(office.my_solved, on=D0 + timedelta(days=6))
    s.code_lists.add(CodeListKind.UNIT, f"{name[:2]}新设单位")
    s.calendar.set_day(TODAY + timedelta(days=30), False, "调休")
    s.access.add(f"新人{name[:2]}", "领导")
    assert s.access.permissions().office


# ---- leader ----------------------------------------------------------------------------------------

def _leader_writes(o: Office, tmp: Path) -> dict[str, Callable[[], object]]:
    s = o.services
    policy_id = o.act("测试员").policies.add(PolicyInput(title="河阳县惠企政策")).id
    return {
        "交办问题": lambda: assign(s, o.my_problem, on=D0 + timedelta(days=2)),
        "办结问题": lambda: s.problems.solve(o.my_assigned, "已解决", on=D0 + timedelta(days=3)),
        "登记回访评价": lambda: s.problems.evaluate(o.my_solved, SATISFIED, on=D0 + timedelta(days=5)),
        "督办问题": lambda: s.problems.supervise([o.other_problem], SuperviseInput(level="督办"),
                                              on=D0 + timedelta(days=4)),
        "记录问题进展": lambda: s.problems.record_progress(o.my_assigned, "已对接"),
        "修改企业信息": lambda: s.enterprises.update(o.mine, EnterpriseInput(name="改名")),
        "新增企业": lambda: s.enterprises.create(EnterpriseInput(name="河阳县新企业有限公司")),
        "登记走访": lambda: s.visits.create(VisitInput(enterprise_id=o.mine, visit_date=TODAY)),
        "登记问题": lambda: problem(s, o.mine, received=D0),
        "删除问题": lambda: s.problems.delete(o.my_problem),
        "修改代码表": lambda: s.code_lists.add(CodeListKind.UNIT, "新设单位"),
        "修改工作日历": lambda: s.calendar.set_day(TODAY + timedelta(days=30), False, "调休"),
        "设置包联关系": lambda: s.cadres.assign(o.cadre_id, o.other, start=D0),
        "导入数据": lambda: s.exchange.import_paths([tmp / "ledger.xlsx"]),
        "撤销导入批次": lambda: s.exchange.undo_batch("0000"),
        "添加使用人": lambda: s.access.add("新人", "经办"),
        "修改使用人的角色": lambda: s.access.set_role("王芳", "办公室"),
        "添加政策": lambda: s.policies.add(PolicyInput(title="关于支持中小企业发展的若干措施")),
        "登记政策申报、兑现": lambda: s.policies.record_claim(o.mine, policy_id, applied=D0),
    }


def test_a_leader_reads_and_prints_but_changes_nothing(office: Office, tmp_path: Path) -> None:
    s = office.act("测试员")
    s.exchange.export(tmp_path / "ledger.xlsx")
    writes = _leader_writes(office, tmp_path)
    s = office.act("王芳")
    for what, write in writes.items():
        unchanged(s.db, write, f"王芳（领导）只能查看和打印，不能{what}")
    # Reading, exporting and printing stay open.
    assert s.problems.get(office.my_problem).status == "待交办"
    assert s.stats.report().as_dict()
    s.exchange.export(tmp_path / "leader.xlsx")
    perms = s.access.permissions()
    assert perms.restricted and not perms.office
    assert not perms.may(Scope.OWN_ENTERPRISE, office.mine) and not perms.may_act(Action.EVALUATE, office.mine)


# ---- a cadre's desk --------------------------------------------------------------------------------

def test_a_cadre_edits_the_assigned_enterprise_its_visits_and_problems(office: Office) -> None:
    s = office.act("李强")
    s.enterprises.update(office.mine, EnterpriseInput(name="河阳县恒达铝业有限公司", region_name="城关镇",
                                                      contact_person="刘经理"))
    v = s.visits.create(VisitInput(enterprise_id=office.mine, visit_date=TODAY, cadre_ids=(office.cadre_id,)))
    pid = problem(s, office.mine, category="用地", received=TODAY)
    s.problems.record_progress(office.my_assigned, "已对接银行")
    s.problems.evaluate(office.my_solved, SATISFIED, on=D0 + timedelta(days=5))
    s.visits.delete(v.id)
    s.problems.delete(pid)
    assert s.enterprises.get(office.mine).contact_person == "刘经理"
    perms = s.access.permissions()
    assert perms.own_enterprises == {office.mine}
    assert perms.may(Scope.OWN_ENTERPRISE, office.mine) and not perms.may(Scope.OWN_ENTERPRISE, office.other)
    assert perms.may_act(Action.RECORD_PROGRESS, office.mine) and not perms.may_act(Action.ASSIGN, office.mine)


def test_a_cadre_may_not_touch_other_enterprises_nor_office_steps(office: Office) -> None:
    s = office.act("李强")
    not_mine = "李强（干部）只能修改包联给自己的企业，“河阳县长青电子科技有限公司”不在其中"
    office_only = "李强（干部）只能修改包联给自己的企业及其走访、问题，不能"
    unchanged(s.db, lambda: s.enterprises.update(office.other, EnterpriseInput(name="改名")), not_mine)
    unchanged(s.db, lambda: s.visits.create(VisitInput(enterprise_id=office.other, visit_date=TODAY)), not_mine)
    unchanged(s.db, lambda: s.problems.record_progress(office.other_problem, "已对接"), not_mine)
    unchanged(s.db, lambda: problem(s, office.other, received=TODAY), not_mine)
    unchanged(s.db, lambda: assign(s, office.my_problem, on=D0 + timedelta(days=2)), office_only + "交办问题")
    unchanged(s.db, lambda: s.problems.close(office.my_solved, on=D0 + timedelta(days=6)), office_only + "销号")
    unchanged(s.db, lambda: s.enterprises.delete(office.mine), office_only + "删除企业")
    unchanged(s.db, lambda: s.code_lists.add(CodeListKind.UNIT, "新设单位"), office_only + "修改代码表")


def test_an_ended_assignment_ends_the_cadres_rights(office: Office) -> None:
    s = office.act("测试员")
    (a,) = s.cadres.assignments(cadre_id=office.cadre_id)
    s.cadres.end_assignment(a.id, TODAY - timedelta(days=1))
    s = office.act("李强")
    unchanged(s.db, lambda: s.problems.record_progress(office.my_assigned, "已对接"),
              "“河阳县恒达铝业有限公司”不在其中")


# ---- who is acting ---------------------------------------------------------------------------------

def test_someone_not_among_the_users_is_told_how_to_be_added(office: Office) -> None:
    s = office.act("孙丽（发改委）")
    unchanged(s.db, lambda: s.problems.record_progress(office.my_assigned, "已对接"),
              "“孙丽”不在本数据库的使用人名单中，不能记录问题进展；请办公室人员添加：zhuqi users add 孙丽 --role")
    s = office.act("")
    unchanged(s.db, lambda: s.enterprises.create(EnterpriseInput(name="河阳县新企业有限公司")),
              "本数据库已设置使用人名单，新增企业前请说明您是谁")


# ---- the users themselves --------------------------------------------------------------------------

def test_users_are_managed_by_office_staff_and_an_office_always_remains(office: Office) -> None:
    s = office.act("赵敏")
    assert s.access.set_role("王芳", "经办").role == "经办"
    s.access.set_role("王芳", "leader")
    s.access.remove("赵敏")
    with pytest.raises(ValidationError, match="须至少留一名办公室或经办人员"):
        office.act("测试员").access.set_role("测试员", "领导")
    with pytest.raises(ValidationError, match="须至少留一名办公室或经办人员"):
        office.act("测试员").access.remove("测试员")
    with pytest.raises(ValidationError, match="干部名单中没有此人"):
        s.access.add("钱多", "干部")
    with pytest.raises(ValidationError, match="已在使用人名单中"):
        s.access.add("王芳", "领导")
    assert [(u.name, u.role) for u in s.access.list()] == [("测试员", "办公室"), ("王芳", "领导"), ("李强", "干部")]
    s.access.remove("王芳")
    s.access.remove("李强")
    s.access.remove("测试员")  # the last one: the database is open to everyone again
    assert not s.access.permissions().restricted


# ---- the command line ------------------------------------------------------------------------------

def zhuqi(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_and_as_from_the_command_line(services: Services, capsys: pytest.CaptureFixture[str]) -> None:
    url = database_url(services.db)
    eid = enterprise(services)
    pid = problem(services, eid, received=D0)
    code, out, _ = zhuqi(capsys, "--db", url, "users")
    assert code == 0 and "还没有使用人名单" in out
    code, _, err = zhuqi(capsys, "--db", url, "users", "add", "王芳", "--role", "领导")
    assert code == 2 and "第一个使用人须是办公室或经办人员" in err
    assert zhuqi(capsys, "--db", url, "users", "add", "张伟", "--role", "办公室")[0] == 0
    code, out, _ = zhuqi(capsys, "--db", url, "--as", "张伟", "users", "add", "王芳", "--role", "leader")
    assert code == 0 and "王芳（领导）" in out
    code, out, _ = zhuqi(capsys, "--db", url, "users", "list")
    assert out.splitlines() == ["张伟\t办公室", "王芳\t领导"]
    # The leader is refused, and the problem stays as it was.
    code, _, err = zhuqi(capsys, "--db", url, "--as", "王芳", "problem", "assign", pid[:8], "--lead", "工信局")
    assert code == 2 and err.strip() == "zhuqi：王芳（领导）只能查看和打印，不能交办问题"
    assert services.problems.get(pid).status == "待交办"
    code, _, err = zhuqi(capsys, "--db", url, "--as", "王芳", "users", "set-role", "王芳", "办公室")
    assert code == 2 and "王芳（领导）只能查看和打印，不能修改使用人的角色" in err
    # Reading is open to the leader.
    assert zhuqi(capsys, "--db", url, "--as", "王芳", "stats", "--json")[0] == 0
    code, _, err = zhuqi(capsys, "--db", url, "--as", "李四", "problem", "assign", pid[:8], "--lead", "工信局")
    assert code == 2 and "zhuqi users add 李四 --role" in err
    # Office staff may.
    code, _, err = zhuqi(capsys, "--db", url, "--as", "张伟", "problem", "assign", pid[:8], "--lead", "工信局")
    assert code == 0, err
    assert services.problems.get(pid).status == "办理中"
    assert zhuqi(capsys, "--db", url, "--as", "张伟", "users", "set-role", "王芳", "经办")[0] == 0
    assert zhuqi(capsys, "--db", url, "--as", "王芳", "users", "remove", "张伟")[0] == 0
    code, out, _ = zhuqi(capsys, "--db", url, "users", "list")
    assert out.splitlines() == ["王芳\t经办"]


def test_a_cadre_desk_from_the_command_line(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    url = database_url(office.services.db)
    code, out, _ = zhuqi(capsys, "--db", url, "users", "list")
    assert "李强\t干部\t包联干部：李强" in out.splitlines()
    code, _, err = zhuqi(capsys, "--db", url, "--as", "李强", "problem", "progress", office.my_assigned[:8], "已对接")
    assert code == 0, err
    code, _, err = zhuqi(capsys, "--db", url, "--as", "李强", "problem", "progress", office.other_problem[:8],
                         "已对接")
    assert code == 2 and "“河阳县长青电子科技有限公司”不在其中" in err
    code, _, err = zhuqi(capsys, "--db", url, "--as", "李强", "users", "set-role", "王芳", "办公室")
    assert code == 2 and "李强（干部）只能修改包联给自己的企业及其走访、问题，不能修改使用人的角色" in err


def test_a_refusal_is_a_user_error(office: Office) -> None:
    assert issubclass(AccessDenied, UserError)


def test_the_users_move_with_the_database(office: Office, make_database: Callable[[str], Database]) -> None:
    """`zhuqi copy` up to the office server (or back) keeps who may do what."""
    target = make_database("copy")
    db_copy.copy_database(office.services.db, target)
    moved = Services(target)
    assert [(u.name, u.role, u.cadre_name) for u in moved.access.list()] == [
        ("测试员", "办公室", ""), ("王芳", "领导", ""), ("李强", "干部", "李强"), ("赵敏", "经办", "")]
    target.actor = "王芳"
    with pytest.raises(AccessDenied, match="王芳（领导）只能查看和打印，不能新增企业"):
        moved.enterprises.create(EnterpriseInput(name="河阳县新企业有限公司"))
