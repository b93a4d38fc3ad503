"""地企合作 project ledger: a project goes 签约→开工→投产 (in that order, never in the future), its
investment is planned and paid in by year, a problem it raised goes through 交办→销号 as any
other, and the figures (签约数, 开工率, 投产率, 资金到位率 by unit and period), the command line,
the printed ledger and the exchange workbook all show it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.errors import StaleRecordError, ValidationError
from app.services import Services
from app.services.access import AccessDenied
from app.services.problems import RevisitInput
from app.services.projects import ProjectInput
from tests.conftest import TODAY, MakeDatabase, database_url
from tests.factories import acting, assign, enterprise, problem

pytestmark = pytest.mark.backends

D = dt.date


def _cement(services: Services, eid: str, **kw: object) -> str:
    data = ProjectInput("与中国建材集团合作的新型建材产业园项目", partner="中国建材集团有限公司",
                        cooperation_type="招商引资", enterprise_ids=(eid,), sector="非金属矿物制品业",
                        total_investment=120_000, leader="张副县长", unit="县发改委")
    return services.projects.add(ProjectInput(**{**data.__dict__, **kw})).id  # type: ignore[arg-type]


def test_a_project_goes_through_its_stages_in_order_and_never_ahead_of_today(services: Services) -> None:
    eid = enterprise(services)
    pid = _cement(services, eid)
    ps = services.projects
    assert ps.get(pid).stage.value == "在谈"
    with pytest.raises(ValidationError, match="尚未签约"):
        ps.record_stage(pid, "开工", D(2026, 3, 1))
    p = ps.record_stage(pid, "签约", D(2026, 2, 1))
    assert p.stage.value == "已签约" and p.enterprise_names == ("河阳县恒达铝业有限公司",)
    with pytest.raises(ValidationError, match="早于签约日期 2026-02-01"):
        ps.record_stage(pid, "开工", D(2026, 1, 20))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        ps.record_stage(pid, "开工", TODAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="应为以下之一"):
        ps.record_stage(pid, "竣工", D(2026, 3, 1))
    ps.record_stage(pid, "开工", D(2026, 3, 10))
    p = ps.record_stage(pid, "已投产", D(2026, 6, 1))
    assert (p.stage.value, p.signed_date, p.started_date, p.producing_date) == (
        "已投产", D(2026, 2, 1), D(2026, 3, 10), D(2026, 6, 1))
    # Moving 开工 past 投产 is refused too, and leaves the project as it was.
    with pytest.raises(ValidationError, match="早于开工日期"):
        ps.record_stage(pid, "开工", D(2026, 6, 5))
    assert ps.get(pid).started_date == D(2026, 3, 10)
    with pytest.raises(StaleRecordError):
        ps.update(pid, p.as_input(), expected_revision=p.revision - 1)
    assert [v.id for v in ps.list(stage="已投产")] == [pid] and ps.list(stage="已开工") == []


def test_investment_by_year_and_the_paid_in_rate(services: Services) -> None:
    pid = _cement(services, enterprise(services), signed_date=D(2025, 9, 1))
    ps = services.projects
    ps.record_investment(pid, 2025, planned=30_000, paid_in=30_000)
    p = ps.record_investment(pid, 2026, planned=50_000)
    p = ps.record_investment(pid, 2026, paid_in=20_000)  # the plan is kept
    assert [(i.year, i.planned, i.paid_in) for i in p.investments] == [(2025, 30_000, 30_000), (2026, 50_000, 20_000)]
    assert p.paid_in_rate == pytest.approx(50_000 / 80_000)
    with pytest.raises(ValidationError, match="尚未到来"):
        ps.record_investment(pid, TODAY.year + 1, paid_in=1)
    with pytest.raises(ValidationError, match="万元"):
        ps.record_investment(pid, 2026, planned=-5)


def test_figures_by_unit_and_period(services: Services) -> None:
    eid = enterprise(services)
    ps = services.projects
    a = _cement(services, eid, signed_date=D(2026, 1, 10), started_date=D(2026, 3, 1), producing_date=D(2026, 6, 1))
    b = _cement(services, eid, name="中化集团精细化工配套项目", unit="县发改委", signed_date=D(2026, 2, 1))
    c = _cement(services, eid, name="国家电投分布式光伏项目", unit="县工信局", signed_date=D(2025, 11, 1),
                started_date=D(2026, 4, 1))
    _cement(services, eid, name="在谈的项目", unit="县工信局")
    ps.record_investment(a, 2026, planned=10_000, paid_in=8_000)
    ps.record_investment(b, 2026, planned=10_000, paid_in=2_000)
    ps.record_investment(c, 2025, planned=5_000, paid_in=5_000)
    every = ps.figures()
    assert (every.total.signed, every.total.started, every.total.producing) == (3, 2, 1)
    assert every.total.start_rate == pytest.approx(2 / 3) and every.total.paid_in_rate == pytest.approx(15 / 25)
    assert dict(every.by_stage) == {"在谈": 1, "已签约": 1, "已开工": 1, "已投产": 1, "已达效": 0}
    year = ps.figures(D(2026, 1, 1), D(2026, 12, 31))
    fgw = {f.unit: f for f in year.by_unit}["县发改委"]
    assert (fgw.signed, fgw.started, fgw.producing, fgw.planned, fgw.paid_in) == (2, 1, 1, 20_000, 10_000)
    assert fgw.start_rate == 0.5 and fgw.paid_in_rate == 0.5
    # 开工 and 投产 counted by the period's end: in the first quarter 甲 had started, not produced.
    q1 = ps.figures(D(2026, 1, 1), D(2026, 3, 31))
    assert (q1.total.signed, q1.total.started, q1.total.producing) == (2, 1, 0)


def test_the_periodic_report_has_a_project_section_when_a_project_was_signed(services: Services,
                                                                               tmp_path: Path) -> None:
    from app import reports
    from app.services.stats import StatsQuery
    from tests.test_reports import OPTIONS, pdf_text

    out = tmp_path / "通报.pdf"
    year = StatsQuery(D(2026, 1, 1), D(2026, 3, 31))
    reports.periodic_report(services, year, out, options=OPTIONS)
    text = pdf_text(out)
    assert "地企合作项目情况" not in text and "六、下一步工作" in text
    eid = enterprise(services)
    a = _cement(services, eid, signed_date=D(2026, 1, 10), started_date=D(2026, 3, 1))
    _cement(services, eid, name="中化集团精细化工配套项目", unit="县工信局", signed_date=D(2026, 2, 1))
    _cement(services, eid, name="去年签约的项目", signed_date=D(2025, 11, 1))
    services.projects.record_investment(a, 2026, planned=10_000, paid_in=8_000)
    reports.periodic_report(services, year, out, options=OPTIONS)
    text = pdf_text(out)
    assert "六、地企合作项目情况" in text and "七、下一步工作" in text
    assert text.index("六、地企合作项目情况") < text.index("七、下一步工作")
    assert "本期签约地企合作项目2个，截至期末已开工1个，开工率50.0%" in text
    # 合计, then by 责任单位: signed, started, 开工率, producing, 投产率, effective, planned, paid in, 资金到位率.
    assert "合计2150.0%00.0%0100008000" + "80.0%" in text
    assert "县发改委11100.0%00.0%0100008000" + "80.0%" in text and "县工信局100.0%00.0%000—" in text
    # A quarter with no signing but with the year's investment: the section says so, with no rate of nothing.
    reports.periodic_report(services, StatsQuery(D(2026, 4, 1), D(2026, 6, 30)), out, options=OPTIONS)
    text = pdf_text(out)
    assert "本期未签约地企合作项目。本期各年度计划投资10000万元，到位资金8000万元，资金到位率80.0%。" in text
    assert "开工率—" not in text


def test_a_project_problem_goes_through_assignment_to_closing(services: Services) -> None:
    acting(services)
    eid = enterprise(services)
    pid = _cement(services, eid, signed_date=D(2026, 3, 1))
    q = problem(services, eid, received=D(2026, 5, 1))
    services.projects.link_problem(pid, q)
    assert services.projects.get(pid).open_problems == 1
    assign(services, q, unit="自然资源局", on=D(2026, 5, 2))
    services.problems.solve(q, "用地指标已协调落实", on=D(2026, 5, 20))
    services.problems.evaluate(q, RevisitInput("满意", "王建国", "电话", check_solved=True, check_answered=True,
                                               check_contacted=True, check_satisfied=True), on=D(2026, 5, 25))
    services.problems.close(q, on=D(2026, 5, 26))
    [shown] = services.projects.problems(pid)
    assert (shown.status, shown.lead_unit, shown.closed_date) == ("已销号", "自然资源局", D(2026, 5, 26))
    p = services.projects.get(pid)
    assert (p.problems, p.open_problems) == (1, 0)
    services.projects.delete(pid)
    assert services.problems.get(q).status.value == "已销号"  # the problem stays, unlinked
    assert services.projects.list() == []


def test_only_office_staff_change_projects(services: Services) -> None:
    pid = _cement(services, enterprise(services))
    services.access.add("测试员", "办公室")
    services.access.add("王芳", "领导")
    services.db.actor = "王芳"
    with pytest.raises(AccessDenied, match="王芳（领导）只能查看和打印"):
        services.projects.record_stage(pid, "签约", D(2026, 3, 1))
    assert services.projects.get(pid).signed_date is None


def test_merging_a_duplicate_enterprise_moves_its_projects(services: Services) -> None:
    keep, dup = enterprise(services), enterprise(services, "河阳县恒达铝业公司")
    pid = _cement(services, dup)
    services.enterprises.merge_duplicate(keep, dup)
    assert services.projects.get(pid).enterprise_ids == (keep,)


def test_the_command_line_and_stats_json(services: Services, capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    from app.cli import main
    from tests.test_reports import pdf_text

    url = database_url(services.db)
    eid = enterprise(services)
    q = problem(services, eid, received=D(2026, 5, 1))

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = run("projects", "add", "与中国建材集团合作的新型建材产业园项目",
                         "--partner", "中国建材集团有限公司", "--enterprise", eid[:8], "--signed", "2026-03-01",
                         "--unit", "县发改委", "--investment", "120000")
    assert code == 0 and "[已签约]" in out, err
    pid = services.projects.list()[0].id
    assert run("projects", "stage", pid[:8], "投产", "2026-04-01")[2].count("须先登记开工日期") == 1
    assert run("projects", "stage", pid[:8], "开工", "2026-04-01")[0] == 0
    code, out, _ = run("projects", "invest", pid[:8], "2026", "--planned", "50000", "--paid", "20000")
    assert code == 0 and "资金到位率 40.0%" in out
    assert run("projects", "link-problem", pid[:8], q[:8])[0] == 0
    code, out, _ = run("projects", "show", pid[:8])
    assert "当前阶段：已开工" in out and "项目问题 1 个" in out and "2026 年：计划 50000，到位 20000" in out
    code, out, _ = run("projects", "list", "--unit", "县发改委", "--json")
    [listed] = json.loads(out)["projects"]
    assert (listed["stage"], listed["paid_in_rate"], listed["problems"]) == ("已开工", 0.4, 1)
    code, out, _ = run("stats", "--json")
    section = json.loads(out)["projects"]
    assert (section["signed"], section["started"], section["start_rate"], section["paid_in_rate"]) == (
        1, 1, 1.0, 0.4)
    assert section["by_unit"][0]["unit"] == "县发改委"
    pdf = tmp_path / "台账.pdf"
    code, out, err = run("report", "projects", "-o", str(pdf))
    assert code == 0, err
    text = pdf_text(pdf)
    for words in ("地企合作项目台账", "与中国建材集团合作的新型建材产业园项目", "中国建材集团有限公司", "资金到位率",
                  "40.0%", "已开工", "100.0%"):
        assert words in text


def test_projects_and_their_investment_travel_in_the_exchange_workbook(
        services: Services, make_database: MakeDatabase, tmp_path: Path) -> None:
    acting(services, "李强", "河阳县")
    eid = enterprise(services)
    pid = _cement(services, eid, signed_date=D(2026, 3, 1), started_date=D(2026, 4, 1))
    services.projects.record_investment(pid, 2026, planned=50_000, paid_in=20_000)
    q = problem(services, eid, received=D(2026, 5, 1))
    services.projects.link_problem(pid, q)
    out = tmp_path / "交换.xlsx"
    services.exchange.export(out)

    office = Services(make_database("office"), FixedClock(TODAY))
    office.profile.set("测试员", "营商办")
    [f] = office.exchange.import_paths([out]).files
    assert f.counts["projects"]["created"] == 1 and f.counts["investments"]["created"] == 1
    there = office.projects.get(pid)
    assert (there.name, there.enterprise_ids, there.stage.value, there.paid_in_rate, there.problems) == (
        "与中国建材集团合作的新型建材产业园项目", (eid,), "已开工", 0.4, 1)

    # Both sides change different fields; each side's file merges into the other (three-way).
    office.projects.record_stage(pid, "投产", D(2026, 6, 1))
    services.projects.record_investment(pid, 2026, paid_in=35_000)
    back = tmp_path / "办公室.xlsx"
    office.exchange.export(back)
    services.exchange.import_paths([back])
    again = tmp_path / "交换2.xlsx"
    services.exchange.export(again)
    office.exchange.import_paths([again])
    for side in (services, office):
        p = side.projects.get(pid)
        assert (p.stage.value, p.paid_in, p.paid_in_rate) == ("已投产", 35_000, 0.7)

    # A third installation takes the file in and undoes it: the project, its companies and its
    # investment go, and nothing is left pointing at them.
    third = Services(make_database("third"), FixedClock(TODAY))
    third.profile.set("测试员", "营商办")
    report = third.exchange.import_paths([again])
    assert len(third.projects.list()) == 1
    third.exchange.undo_batch(report.batch_id or "")
    assert third.projects.list() == [] and third.enterprises.search("恒达") == []


def test_the_demo_follows_eight_projects_one_with_a_problem_closed(tmp_path: Path) -> None:
    from app.services.demo import generate
    from db.database import open_database

    db = open_database(tmp_path / "demo.sqlite")
    generate(db, scale=0.1, seed=3, today=TODAY)
    s = Services(db, FixedClock(TODAY))
    projects = s.projects.list()
    assert len(projects) == 8 and any("中国建材集团" in p.partner for p in projects)
    assert {p.stage.value for p in projects} == {"在谈", "已签约", "已开工", "已投产", "已达效"}
    assert all(p.enterprise_ids for p in projects)
    [with_problem] = [p for p in projects if p.problems]
    [closed] = s.projects.problems(with_problem.id)
    assert closed.status == "已销号"
    kinds = [str(e.kind) for e in s.problems.timeline(closed.id)]
    assert kinds[:2] == ["列单", "交办"] and kinds[-1] == "销号"
    figures = s.projects.figures()
    assert figures.total.signed == 7 and 0 < (figures.total.paid_in_rate or 0) < 1
    db.close()


def test_the_problems_a_project_may_link_are_its_enterprises_open_unlinked_ones(services: Services) -> None:
    acting(services)
    eid, other = enterprise(services), enterprise(services, name="河阳县宏远机械有限公司")
    pid = _cement(services, eid)
    elsewhere = _cement(services, eid, name="与中国中铁合作的物流园项目")
    mine = problem(services, eid, received=D(2026, 5, 1))
    taken = problem(services, eid, received=D(2026, 5, 2))
    problem(services, other, received=D(2026, 5, 3))  # another enterprise's: not offered
    services.projects.link_problem(elsewhere, taken)
    assert [q.id for q in services.projects.linkable_problems(pid)] == [mine]
    assert services.projects.name_of_problem(mine) == ""
    services.projects.link_problem(pid, mine)
    assert services.projects.linkable_problems(pid) == []
    assert services.projects.name_of_problem(mine) == services.projects.get(pid).name
    services.projects.link_problem(None, mine)
    assert [q.id for q in services.projects.linkable_problems(pid)] == [mine]
    assert services.projects.name_of_problem(mine) == ""
