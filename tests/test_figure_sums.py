"""The statistics' running sums (db.figure_sums): the all-time report read from them equals the
report that counts every problem, after every kind of write — workflow steps, deletions, an
import and its undo, a change of the working-day calendar — on both backends."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from app.clock import FixedClock
from app.services import Services
from app.services.demo import generate
from app.services.problems import AssignInput, ProblemFilter, RevisitInput
from app.services.stats import LIST_ASSIGNED, StatsQuery
from db import figure_sums
from tests.conftest import TODAY, MakeDatabase

pytestmark = pytest.mark.backends


def _report(services: Services, q: StatsQuery, *, summed: bool) -> str:
    services.stats.use_sums = summed
    try:
        return json.dumps(services.stats.report(q).as_dict(), ensure_ascii=False, sort_keys=True, default=str)
    finally:
        services.stats.use_sums = True


def _periods(today: date) -> list[StatsQuery]:
    """This year to today, last month, a quarter across the new year, open at either end, a year
    before the data, a day, and a period ending mid-year in the past."""
    year = date(today.year, 1, 1)
    month = date(today.year, today.month, 1)
    last_month = (month - timedelta(days=1)).replace(day=1)
    return [StatsQuery(year, today), StatsQuery(last_month, month - timedelta(days=1)),
            StatsQuery(date(today.year - 1, 11, 15), date(today.year, 2, 10)), StatsQuery(today - timedelta(days=40)),
            StatsQuery(None, today - timedelta(days=30)),
            StatsQuery(date(today.year - 3, 1, 1), date(today.year - 3, 12, 31)),
            StatsQuery(today - timedelta(days=9), today - timedelta(days=9)),
            StatsQuery(date(today.year, 1, 1), today - timedelta(days=60))]


def assert_same_figures(services: Services, *, periods: bool = False) -> None:
    today = services.stats._clock.today()
    for q in (StatsQuery(), StatsQuery(coverage_list=LIST_ASSIGNED), *(_periods(today) if periods else ())):
        assert _report(services, q, summed=True) == _report(services, q, summed=False), q


def _sums(services: Services) -> dict[str, set[tuple[Any, ...]]]:
    """Both sums tables, without rows that went back to zero (a rebuild does not make them)."""
    out = {}
    keys = {"enterprise_id", "lead_unit", "category", "source", *figure_sums.YEAR_KEYS}
    with services.db.reading() as s:
        for table in (figure_sums.ENTERPRISE_SUMS, figure_sums.ENTERPRISE_YEAR_SUMS, figure_sums.UNIT_SUMS):
            result = s.execute(text(f"SELECT * FROM {table}"))
            counted = [i for i, name in enumerate(result.keys()) if name not in keys]
            out[table] = {tuple(r) for r in result.all() if any(r[i] for i in counted)}
    return out


def assert_sums_as_rebuilt(services: Services) -> None:
    kept = _sums(services)
    with services.db.session() as w:
        w.execute(text(f"UPDATE {figure_sums.STATE} SET built_from = 'stale'"))
    assert services.stats._sums_current()
    assert _sums(services) == kept


def _built(services: Services) -> bool:
    with services.db.reading() as s:
        return figure_sums.built_from(s.connection()) is not None


def test_sums_follow_workflow_steps_and_deletions(services: Services) -> None:
    generate(services.db, scale=0.05, seed=3, today=TODAY)
    assert not _built(services)
    assert_same_figures(services)  # builds them
    assert _built(services)
    p = services.problems
    rows = p.search(ProblemFilter(), limit=40).rows
    listed = [r.id for r in rows if r.status == "待交办"]
    going = [r.id for r in rows if r.status == "办理中"]
    assert listed and len(going) >= 4
    p.assign(listed[0], AssignInput("工商联", deadline=date(2026, 7, 1)), on=TODAY)
    p.solve(going[0], "已办结", on=TODAY)
    p.evaluate(going[0], RevisitInput("满意", "王建国", "电话", check_solved=True, check_answered=True,
                                      check_contacted=True, check_satisfied=True), on=TODAY)
    p.defer(going[1], "暂不具备条件", "规划", on=TODAY)
    p.delete(going[2])
    assert_same_figures(services, periods=True)
    assert_sums_as_rebuilt(services)
    # An enterprise deleted: its problems leave every figure (the report counts them itself then).
    services.enterprises.delete(rows[5].enterprise_id)
    assert_same_figures(services)


def test_a_calendar_change_rebuilds_the_working_days(services: Services) -> None:
    generate(services.db, scale=0.05, seed=5, today=TODAY)
    before = services.stats.report().stage_days
    # Working days of the data's time turned into holidays: fewer working days in the stages.
    for day in range(1, 20):
        services.calendar.set_day(TODAY - timedelta(days=day), False, "测试假日")
    assert_same_figures(services)
    after = services.stats.report().stage_days
    assert [a.average for a in after] != [b.average for b in before]


def test_import_and_its_undo_keep_the_sums(services: Services, make_database: MakeDatabase,
                                           tmp_path: Path) -> None:
    laptop = Services(make_database("laptop"), FixedClock(TODAY))
    laptop.profile.set("张伟", "工信局")
    generate(laptop.db, scale=0.05, seed=7, today=TODAY)
    workbook = tmp_path / "laptop.xlsx"
    laptop.exchange.export(workbook)
    generate(services.db, scale=0.05, seed=8, today=TODAY)
    assert_same_figures(services)  # sums built before the import: the triggers keep them
    report = services.exchange.import_paths([workbook])
    assert_same_figures(services)
    assert_sums_as_rebuilt(services)
    services.exchange.undo_batch(report.batch_id)
    assert_same_figures(services)
    assert_sums_as_rebuilt(services)


def test_stage_dates_outside_the_places_are_counted_by_the_problems(services: Services) -> None:
    generate(services.db, scale=0.05, seed=3, today=TODAY)
    assert_same_figures(services)
    with services.db.session() as w:  # a date from a typing slip, as an old import may have kept
        w.execute(text("UPDATE problems SET received_date = :d WHERE id = (SELECT min(id) FROM problems "
                       "WHERE assigned_date IS NOT NULL AND deleted_at IS NULL)"), {"d": date(1999, 12, 1)})
    assert_same_figures(services)


def test_sums_whose_triggers_are_gone_are_rebuilt(services: Services) -> None:
    generate(services.db, scale=0.05, seed=3, today=TODAY)
    assert_same_figures(services)
    # As SQLite's batch mode of a later migration would leave them: the table copied, no triggers.
    with services.db.session() as w:
        if w.get_bind().dialect.name == "postgresql":
            w.execute(text("DROP TRIGGER figure_sums_insert ON problems"))
        else:
            w.execute(text("DROP TRIGGER figure_sums_update_new"))
    assert not _built(services)
    p = services.problems
    going = [r.id for r in p.search(ProblemFilter(), limit=40).rows if r.status == "办理中"]
    p.solve(going[0], "已办结", on=TODAY)  # a write no trigger counted
    assert_same_figures(services)
    assert _built(services)


def test_check_finds_sums_that_disagree_and_recount_mends_them(services: Services, tmp_path: Path) -> None:
    from app.services.integrity import check_database
    from tests.conftest import database_url

    generate(services.db, scale=0.05, seed=3, today=TODAY)
    assert_same_figures(services)
    where = database_url(services.db)
    assert check_database(where).ok
    with services.db.session() as w:  # as a defect in a trigger would leave them
        w.execute(text(f"UPDATE {figure_sums.UNIT_SUMS} SET solved = solved + 1 WHERE n > 2"))
    report = check_database(where)
    assert not report.ok
    assert any("统计汇总数与问题记录不一致" in f.message and "zhuqi stats --recount" in f.message
               for f in report.findings)
    services.stats.recount()
    assert check_database(where).ok
    assert_same_figures(services)


def test_a_period_is_the_year_rows_less_its_edges(services: Services) -> None:
    """Every period's figures from the year rows equal the counted ones, whichever edges the data
    makes the cheaper side; with problems across three years, some received after today (a typing
    slip) and some with a solved date before their received date (an old import)."""
    generate(services.db, scale=0.05, seed=11, today=TODAY)
    with services.db.session() as w:
        ids = list(w.execute(text("SELECT id FROM problems WHERE deleted_at IS NULL ORDER BY id")).scalars())
        back = [(ids[i], TODAY.replace(year=TODAY.year - 1 - i % 2) - timedelta(days=i)) for i in range(0, 60, 3)]
        for pid, day in back:
            w.execute(text("UPDATE problems SET received_date = :d WHERE id = :i"), {"d": day, "i": pid})
            w.execute(text("UPDATE problems SET solved_date = :s WHERE id = :i AND solved_date IS NOT NULL"),
                      {"s": day + timedelta(days=200), "i": pid})
        w.execute(text("UPDATE problems SET received_date = :d WHERE id IN (:a, :b)"),
                  {"d": TODAY + timedelta(days=20), "a": ids[61], "b": ids[62]})
        w.execute(text("UPDATE problems SET solved_date = :d WHERE id = :i"),
                  {"d": TODAY.replace(year=TODAY.year - 1), "i": ids[64]})
    assert_same_figures(services, periods=True)
    assert_sums_as_rebuilt(services)
    # Both sides of every edge: a period whose year is mostly before it, and mostly after it.
    for first, last in ((date(TODAY.year, 2, 1), date(TODAY.year, 11, 30)),
                        (date(TODAY.year - 1, 12, 20), date(TODAY.year - 1, 12, 31)),
                        (date(TODAY.year - 1, 1, 3), date(TODAY.year - 1, 1, 9))):
        q = StatsQuery(first, last)
        assert _report(services, q, summed=True) == _report(services, q, summed=False), q
