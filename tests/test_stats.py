"""Statistics against a small fixture whose every figure is computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from app.services import Services
from app.services.problems import AssignInput
from app.services.stats import StatsQuery
from app.services.visits import VisitInput
from tests.factories import cadre, enterprise, problem


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
    p.evaluate(p1, "满意", on=date(2026, 3, 7))
    p.close(p1, on=date(2026, 3, 8))
    p2 = problem(s, a, category="用地", received=date(2026, 3, 1))
    p.assign(p2, AssignInput("自然资源局", deadline=date(2026, 6, 10)), on=date(2026, 3, 2))
    p3 = problem(s, c, category="融资", received=date(2026, 5, 1))
    p.assign(p3, AssignInput("工信局", deadline=date(2026, 5, 8)), on=date(2026, 5, 1))
    p.solve(p3, "已答复", on=date(2026, 5, 11))
    p.evaluate(p3, "不满意", on=date(2026, 5, 12))
    p4 = problem(s, c, category="环保", received=date(2026, 5, 2))
    p.defer(p4, "不符合规划", "国土空间规划", on=date(2026, 5, 3))
    problem(s, b, category="用工", received=date(2026, 6, 1))
    return {"x": x, "y": y, "b": b}


def test_totals(services: Services, world: dict[str, str]) -> None:
    r = services.stats.report()
    t = r.totals
    assert (t.raised, t.solved, t.closed, t.overdue, t.deferred, t.in_progress, t.listed) == (5, 2, 1, 1, 1, 1, 1)
    assert (t.solved_on_time, t.evaluated, t.satisfied) == (1, 2, 1)
    assert t.solve_rate == 0.4 and t.close_rate == 0.2
    assert t.on_time_rate == 0.5 and t.satisfaction_rate == 0.5
    assert t.avg_days_to_solve == 7.5
    assert (r.coverage.assigned, r.coverage.covered, r.coverage.rate) == (3, 2, 0.6667)
    assert r.visits == 2


def test_by_unit_region_category_cadre(services: Services, world: dict[str, str]) -> None:
    r = services.stats.report()
    units = {g.key: g.problems for g in r.by_unit}
    assert units["工信局"].raised == 2 and units["工信局"].solved == 2 and units["工信局"].satisfaction_rate == 0.5
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


def test_period_filter(services: Services, world: dict[str, str]) -> None:
    r = services.stats.report(StatsQuery(date(2026, 5, 1), date(2026, 6, 30)))
    assert (r.totals.raised, r.totals.solved, r.totals.deferred, r.totals.listed) == (3, 1, 1, 1)
    assert (r.coverage.assigned, r.coverage.covered) == (3, 1)
    assert r.visits == 1


def test_region_unit_and_cadre_filters(services: Services, world: dict[str, str]) -> None:
    assert services.stats.report(StatsQuery(region="石桥镇")).totals.raised == 2
    assert services.stats.report(StatsQuery(unit="工信局")).totals.solved == 2
    assert services.stats.report(StatsQuery(category="融资")).totals.raised == 2
    by_x = services.stats.report(StatsQuery(cadre_id=world["x"]))
    assert by_x.totals.raised == 3 and (by_x.coverage.assigned, by_x.coverage.covered) == (2, 1)


def test_never_visited_lists_assigned_only(services: Services, world: dict[str, str]) -> None:
    never = services.stats.never_visited()
    assert [(n.name, n.cadres) for n in never] == [("乙公司", "张伟")]


def test_units_ranked_by_solved_not_visits(services: Services, world: dict[str, str]) -> None:
    ranking = [r.key for r in services.stats.unit_ranking()]
    assert ranking[0] == "工信局"


def test_deleted_records_are_not_counted(services: Services, world: dict[str, str]) -> None:
    services.enterprises.delete(world["b"])
    r = services.stats.report()
    assert r.totals.raised == 4 and r.coverage.assigned == 2


def test_empty_database_has_no_rates(services: Services) -> None:
    r = services.stats.report()
    assert r.totals.raised == 0 and r.totals.solve_rate is None and r.coverage.rate is None
