"""Statistics against a small fixture whose every figure is computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from app.ranking import rank
from app.services import Services
from app.services.problems import AssignInput, RevisitInput
from app.services.stats import LIST_ASSIGNED, GroupRow, ProblemFigures, StatsQuery
from app.services.visits import VisitInput
from tests.factories import cadre, enterprise, problem

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends


@pytest.fixture
def world(services: Services) -> dict[str, str]:
    s = services
    a = enterprise(s, "甲公司", region="城关镇")
    b = enterprise(s, "乙公司", region="城关镇")
    c = enterprise(s, "丙公司", region="石桥镇")
    enterprise(s, "丁公司", region="石桥镇")  # not assigned to anyone
    x = cadre(s, "张伟", "工信局")
    y = cadre(s, "李娜", "商务局")
    start = date(2026, 1, 1)
    s.cadres.assign(x, a, start)
    s.cadres.assign(x, b, start)
    s.cadres.assign(y, c, start)
    s.visits.create(VisitInput(enterprise_id=a, visit_date=date(2026, 3, 1), cadre_ids=(x,)))
    s.visits.create(VisitInput(enterprise_id=c, visit_date=date(2026, 5, 1), cadre_ids=(y,)))
    p = s.problems
    p1 = problem(s, a, category="融资", received=date(2026, 3, 1))
    p.assign(p1, AssignInput("工信局", deadline=date(2026, 3, 9)), on=date(2026, 3, 2))
    p.solve(p1, "已续贷", on=date(2026, 3, 6))
    p.evaluate(p1, RevisitInput("满意", "王建国", "电话", check_solved=True, check_answered=True,
                                check_contacted=True, check_satisfied=True), on=date(2026, 3, 7))
    p.close(p1, on=date(2026, 3, 8))
    p2 = problem(s, a, category="用地", received=date(2026, 3, 1))
    p.assign(p2, AssignInput("自然资源局", deadline=date(2026, 6, 10)), on=date(2026, 3, 2))
    p3 = problem(s, c, category="融资", received=date(2026, 5, 1))
    p.assign(p3, AssignInput("工信局", deadline=date(2026, 5, 8)), on=date(2026, 5, 1))
    p.solve(p3, "已答复", on=date(2026, 5, 11))
    p.evaluate(p3, RevisitInput("不满意", "李红梅", "现场"), on=date(2026, 5, 12))  # back to 办理中
    p4 = problem(s, c, category="环保", received=date(2026, 5, 2))
    p.defer(p4, "不符合规划", "国土空间规划", on=date(2026, 5, 3))
    problem(s, b, category="用工", received=date(2026, 6, 1))
    return {"x": x, "y": y, "b": b}


ASSIGNED = StatsQuery(coverage_list=LIST_ASSIGNED)


def test_totals(services: Services, world: dict[str, str]) -> None:
    r = services.stats.report(ASSIGNED)
    t = r.totals
    # p1 closed; p2 late for its first feedback; p3 sent back by 不满意 and late again; p4 deferred;
    # p5 never handed over and late at 交办.
    assert (t.raised, t.assigned, t.solved, t.closed, t.overdue, t.deferred, t.in_progress, t.listed) == \
        (5, 3, 1, 1, 3, 1, 2, 1)
    assert (t.solved_on_time, t.solved_with_deadline, t.evaluated, t.satisfied, t.revisited) == (1, 1, 2, 1, 1)
    assert (t.resolve_rate, t.solve_rate, t.close_rate) == (0.2, 0.3333, 0.2)
    assert (t.on_time_rate, t.revisit_rate, t.satisfaction_rate) == (1.0, 1.0, 0.5)
    assert (r.coverage.listed, r.coverage.covered, r.coverage.rate) == (3, 2, 0.6667)
    assert r.visits == 2
    assert r.overdue_now == 3 and r.overdue_by_stage == {"交办": 1, "首次反馈": 1, "办结": 1}
    handover = next(a for a in r.stage_days if a.stage.value == "交办")
    assert (handover.count, handover.average) == (3, 0.7)  # 1, 1 and 0 working days
    assert {g.key: g.problems.raised for g in r.by_origin} == {"上级交办": 0, "自查": 5}


def test_by_unit_region_category_cadre(services: Services, world: dict[str, str]) -> None:
    r = services.stats.report(ASSIGNED)
    units = {g.key: g.problems for g in r.by_unit}
    assert units["工信局"].raised == 2 and units["工信局"].solved == 1 and units["工信局"].satisfaction_rate == 0.5
    assert units["自然资源局"].overdue == 1
    assert units[""].raised == 2  # not yet handed to a unit
    regions = {g.key: g for g in r.by_region}
    assert regions["城关镇"].problems.raised == 3 and regions["城关镇"].problems.solved == 1
    assert (regions["城关镇"].assigned, regions["城关镇"].covered) == (2, 1)
    assert (regions["石桥镇"].assigned, regions["石桥镇"].covered) == (1, 1)
    cats = {g.key: g.problems.raised for g in r.by_category}
    assert cats == {"融资": 2, "用地": 1, "环保": 1, "用工": 1}
    cadres = {g.key: g for g in r.by_cadre}
    assert cadres["张伟"].problems.raised == 3 and (cadres["张伟"].assigned, cadres["张伟"].covered) == (2, 1)
    assert cadres["李娜"].problems.raised == 2 and cadres["李娜"].visits == 1


def test_period_covers_every_problem_open_in_it(services: Services, world: dict[str, str]) -> None:
    r = services.stats.report(StatsQuery(date(2026, 5, 1), date(2026, 6, 30), coverage_list=LIST_ASSIGNED))
    # p1 was solved in March: not open in May or June; p2, received in March, still is.
    assert (r.totals.raised, r.totals.received, r.totals.solved, r.totals.deferred, r.totals.listed) == (4, 3, 0, 1, 1)
    assert (r.coverage.listed, r.coverage.covered) == (3, 1)
    assert r.visits == 1


def test_region_unit_and_cadre_filters(services: Services, world: dict[str, str]) -> None:
    assert services.stats.report(StatsQuery(region="石桥镇")).totals.raised == 2
    assert services.stats.report(StatsQuery(unit="工信局")).totals.solved == 1
    assert services.stats.report(StatsQuery(category="融资")).totals.raised == 2
    by_x = services.stats.report(StatsQuery(cadre_id=world["x"], coverage_list=LIST_ASSIGNED))
    assert by_x.totals.raised == 3 and (by_x.coverage.listed, by_x.coverage.covered) == (2, 1)


def test_coverage_is_of_the_chosen_list(services: Services, world: dict[str, str]) -> None:
    from app.services.enterprises import EnterpriseInput

    d = services.enterprises.create(EnterpriseInput(name="戊公司", region_name="城关镇", above_scale=True,
                                                    tags=("专精特新",)))
    r = services.stats.report()  # 规上企业 by default: only 戊公司, never visited
    assert (r.coverage.list_name, r.coverage.listed, r.coverage.covered) == ("规上企业", 1, 0)
    assert [n.name for n in services.stats.never_visited()] == ["戊公司"]
    assert services.stats.report(StatsQuery(coverage_list="专精特新")).coverage.listed == 1
    assert services.stats.report(StatsQuery(coverage_list="四上企业")).coverage.listed == 0
    assert d.id


def test_never_visited_of_the_assigned_list(services: Services, world: dict[str, str]) -> None:
    never = services.stats.never_visited(ASSIGNED)
    assert [(n.name, n.cadres) for n in never] == [("乙公司", "张伟")]


def test_leader_filter(services: Services, world: dict[str, str]) -> None:
    leader = services.cadres.create(__import__("app.services.cadres", fromlist=["CadreInput"]).CadreInput(
        name="赵刚", role="包联领导", unit="县政府")).id
    services.cadres.assign(leader, world["b"], date(2026, 1, 1))
    assert services.stats.leaders() == [(leader, "赵刚")]
    r = services.stats.report(StatsQuery(leader_id=leader, coverage_list=LIST_ASSIGNED))
    assert r.totals.raised == 1 and r.by_leader[0].key == "赵刚"
    from app.services.problems import ProblemFilter

    assert services.problems.search(ProblemFilter(leader_id=leader)).total == 1


def test_units_ranked_by_results_not_counts(services: Services, world: dict[str, str]) -> None:
    ranking = [r.key for r in services.stats.unit_ranking()]
    assert ranking[0] == "工信局"


def _unit(key: str, raised: int, solved: int, on_time: int, satisfied: int) -> GroupRow:
    return GroupRow(key, ProblemFigures(raised=raised, assigned=raised, solved=solved, solved_on_time=on_time,
                                        solved_with_deadline=solved, evaluated=solved, satisfied=satisfied,
                                        revisited=solved))


def test_a_unit_that_solved_everything_well_ranks_above_one_that_solved_half() -> None:
    rows = [_unit("人社局", 14, 7, 7, 7), _unit("税务局", 3, 3, 3, 3), _unit("司法局", 2, 2, 2, 2),
            _unit("交通运输局", 40, 30, 15, 20)]
    r = rank(rows)
    assert [x.row.key for x in r.ranked] == ["税务局", "人社局", "交通运输局"]
    assert [x.place for x in r.ranked] == [1, 2, 3] and r.ranked[0].score == 100.0
    assert [x.row.key for x in r.apart] == ["司法局"]  # fewer than 3 problems: listed apart
    assert rows[1].problems.all_done_well and not rows[0].problems.all_done_well
    assert "40%" in r.method and "不参加排名" in r.method


def test_deleted_records_are_not_counted(services: Services, world: dict[str, str]) -> None:
    services.enterprises.delete(world["b"])
    r = services.stats.report(ASSIGNED)
    assert r.totals.raised == 4 and r.coverage.listed == 2


def test_empty_database_has_no_rates(services: Services) -> None:
    r = services.stats.report()
    assert r.totals.raised == 0 and r.totals.solve_rate is None and r.coverage.rate is None
