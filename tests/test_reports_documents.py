"""The ledger, the dossier, the notices, the periodic report and `zhuqi report`, on demo
data and on hand-made edge cases, read back with a real PDF reader."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import reports
from app.domain import ProblemStatus
from app.errors import UserError
from app.reports import periods
from app.services import Services
from app.services.problems import AssignInput, ProblemFilter, ProblemInput, SuperviseInput
from app.services.stats import StatsQuery
from tests.factories import VALID_CODES, cadre, enterprise
from tests.test_cli import zhuqi
from tests.test_reports import (  # noqa: F401 - demo is a fixture
    LONG,
    OPTIONS,
    assert_sound_pdf,
    demo,
    font_report,
    page_count,
    pdf_text,
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---- the ledger ------------------------------------------------------------------------
def test_ledger_of_all_demo_problems_with_progress_and_totals(demo: Services, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    out = tmp_path / "台账.pdf"
    total = demo.problems.search(ProblemFilter(), limit=1).total
    assert total >= 1800  # scale 1: about 2,000 problems
    result = reports.problem_ledger(demo, ProblemFilter(), out, options=OPTIONS,
                                    progress=lambda done, of, _msg: seen.append((done, of)))
    text = assert_sound_pdf(out, pages=result.pages)
    assert result.pages > total // 12  # a landscape page holds a dozen rows at most
    assert (total, total) in seen  # the last row was laid out
    # The header on every page of rows (the totals may close the ledger on a page of their own).
    assert text.count("序号企业名称类别问题描述") in (result.pages, result.pages - 1)
    totals = text[text.rindex("合计"):]
    assert f"其中逾期办结率{total}" in totals or str(total) in totals
    first = demo.problems.search(ProblemFilter(), limit=1, sort="received_date", descending=False).rows[0]
    assert _squash(first.enterprise_name) in text and _squash(first.description)[:15] in text


def test_ledger_filters_overdue_and_marks_it(demo: Services, tmp_path: Path) -> None:
    f = ProblemFilter(overdue_only=True)
    overdue = demo.problems.search(f, limit=5000)
    out = tmp_path / "逾期.pdf"
    reports.problem_ledger(demo, f, out, options=OPTIONS)
    text = assert_sound_pdf(out)
    assert "仅逾期问题" in text and f"共{overdue.total}个问题" in text
    assert text.count("逾期") >= overdue.total  # every row says how many days


def test_ledger_wraps_very_long_text_and_splits_rows_taller_than_a_page(services: Services, tmp_path: Path
                                                                        ) -> None:
    eid = enterprise(services, "河阳县超长描述测试有限公司")
    services.problems.create(ProblemInput(enterprise_id=eid, category="融资", description=LONG[:5000],
                                          demand=LONG[:3000]))
    services.problems.create(ProblemInput(enterprise_id=eid, category="用地", description="短问题"))
    out = tmp_path / "long.pdf"
    result = reports.problem_ledger(services, ProblemFilter(), out, options=OPTIONS)
    text = assert_sound_pdf(out, pages=result.pages)
    assert result.pages >= 3  # one row longer than a page continues over several
    assert _squash(LONG[:5000])[-30:] in text and "短问题" in text  # nothing cut off


def test_ledger_cancel_leaves_no_file(demo: Services, tmp_path: Path) -> None:
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 40  # well into the layout of 2,000 rows

    folder = tmp_path / "报表"  # beside the data folder (ZHUQI_HOME), which notes where temporaries go
    folder.mkdir()
    with pytest.raises(reports.ReportCancelled):
        reports.problem_ledger(demo, ProblemFilter(), folder / "台账.pdf", options=OPTIONS, cancel=cancel)
    assert list(folder.iterdir()) == []


def test_empty_ledger_says_so(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    reports.problem_ledger(services, ProblemFilter(region="不存在的镇"), out, options=OPTIONS)
    assert "没有符合条件的问题" in assert_sound_pdf(out, pages=1)


# ---- the dossier -----------------------------------------------------------------------
def test_dossier_of_an_enterprise_with_300_problems(services: Services, tmp_path: Path) -> None:
    eid = enterprise(services, "河阳县三百问题测试有限公司", code=VALID_CODES[1])
    services.cadres.assign(cadre(services), eid, date(2026, 1, 1))
    ids = [services.problems.create(ProblemInput(enterprise_id=eid, category="融资",
                                                 description=f"第{i}号问题：资金紧张",
                                                 received_date=date(2026, 3, 1))).id for i in range(300)]
    services.problems.assign(ids[0], AssignInput(lead_unit="金融工作局", deadline=date(2026, 3, 10)),
                             on=date(2026, 3, 2))
    services.problems.record_progress(ids[0], "已协调银行，正在审批", on=date(2026, 3, 5))
    out = tmp_path / "dossier.pdf"
    result = reports.enterprise_dossier(services, services.enterprises.resolve_id(VALID_CODES[1]), out,
                                        options=OPTIONS)
    text = assert_sound_pdf(out, pages=result.pages)
    assert "河阳县三百问题测试有限公司" in text and VALID_CODES[1] in text and eid in text
    assert "第0号问题" in text and "第299号问题" in text and "（三百）" in text
    assert "已协调银行，正在审批" in text and "2026年3月10日前办结" in text
    assert "办结逾期66个工作日" in text  # deadline 2026-03-10, today 2026-06-15, holidays and 调休 counted


def test_dossier_timeline_keeps_each_date_and_step_on_one_line(services: Services, tmp_path: Path) -> None:
    eid = enterprise(services, "河阳县日期排版测试有限公司", code=VALID_CODES[1])
    services.cadres.assign(cadre(services), eid, date(2025, 1, 1))
    pid = services.problems.create(ProblemInput(enterprise_id=eid, category="用地", description="厂房用地指标未落实",
                                                received_date=date(2025, 12, 28))).id
    services.problems.assign(pid, AssignInput(lead_unit="自然资源局", deadline=date(2026, 1, 30)),
                             on=date(2025, 12, 29))
    services.problems.defer(pid, "规划调整中", "国土空间规划", on=date(2025, 12, 31))
    out = tmp_path / "dossier.pdf"
    reports.enterprise_dossier(services, eid, out, options=OPTIONS)
    assert_sound_pdf(out)
    lines = {line.strip() for page in PdfReader(str(out)).pages for line in (page.extract_text() or "").splitlines()}
    assert {"2025年12月28日", "2025年12月29日", "2025年12月31日", "暂不具备条件"} <= lines


def test_dossier_from_demo_data(demo: Services, tmp_path: Path) -> None:
    ent = demo.enterprises.search(limit=1)[0]
    out = tmp_path / "d.pdf"
    reports.enterprise_dossier(demo, ent.id, out, options=OPTIONS)
    text = assert_sound_pdf(out)
    assert _squash(ent.name) in text and (ent.credit_code or "") in text
    for v in demo.visits.list(enterprise_id=ent.id, limit=None):
        assert f"{v.visit_date.year}年{v.visit_date.month}月{v.visit_date.day}日" in text


# ---- the notices -------------------------------------------------------------------------
def test_notice_kind_follows_the_problem_state(demo: Services, tmp_path: Path) -> None:
    overdue = demo.problems.search(ProblemFilter(overdue_only=True, statuses=(ProblemStatus.IN_PROGRESS,)),
                                   limit=1).rows[0]
    out = tmp_path / "n.pdf"
    with pytest.raises(UserError, match="尚未登记督办") if not demo.problems.supervisions(overdue.id) else \
            pytest.raises(AssertionError):
        reports.problem_notice(demo, overdue.id, out, options=OPTIONS)
        raise AssertionError  # already supervised in the demo: nothing to check here
    [record] = demo.problems.supervise([overdue.id], SuperviseInput("挂牌督办", date(2026, 6, 19), "请加快办理"),
                                       actor="县营商办")
    reports.problem_notice(demo, overdue.id, out, options=OPTIONS)
    text = assert_sound_pdf(out, pages=1)
    assert "问题督办单" in text and record.number in text and "挂牌督办" in text and overdue.id in text
    assert f"{overdue.stage.value}环节已逾期{record.days_late}个工作日" in text and "请加快办理" in text
    assert _squash(overdue.enterprise_name) in text and overdue.lead_unit in text
    listed = demo.problems.search(ProblemFilter(statuses=(ProblemStatus.LISTED,)), limit=1).rows[0]
    reports.problem_notice(demo, listed.id, out, options=OPTIONS)
    assert "问题交办单" in assert_sound_pdf(out, pages=1)
    closed = demo.problems.search(ProblemFilter(statuses=(ProblemStatus.CLOSED,)), limit=1).rows[0]
    with pytest.raises(UserError, match="已销号"):
        reports.problem_notice(demo, closed.id, out, options=OPTIONS)
    with pytest.raises(UserError, match="只能督办"):
        reports.supervision_notice(demo, listed.id, out, options=OPTIONS)


def test_revisit_form_per_problem_and_per_visit(demo: Services, tmp_path: Path) -> None:
    solved = demo.problems.search(ProblemFilter(statuses=(ProblemStatus.SOLVED,)), limit=50).rows
    one = next(p for p in solved if p.evaluation is None)
    out = tmp_path / "r.pdf"
    reports.revisit_form(demo, one.id, out, options=OPTIONS)
    text = assert_sound_pdf(out)
    assert "企业问题办理回访评价表" in text and _squash(one.description)[:12] in text
    assert "问题是否解决" in text and "企业负责人是否满意" in text and "□不满意" in text
    assert "企业评价人（签字）" in text
    visit = next(p.visit_id for p in solved if p.visit_id)
    assert visit is not None
    reports.revisit_form(demo, None, out, visit_id=visit, options=OPTIONS)
    assert "企业问题办理回访评价表" in assert_sound_pdf(out)
    closed = demo.problems.search(ProblemFilter(statuses=(ProblemStatus.CLOSED,)), limit=1).rows[0]
    with pytest.raises(UserError, match="已销号"):
        reports.revisit_form(demo, closed.id, out, options=OPTIONS)


# ---- the periodic report ---------------------------------------------------------------
def assert_official_pdf(path: Path) -> str:
    """A 通报's checks: "— 1 —" page numbers on every page, every font embedded, the 仿宋 body
    and the 小标宋-like title faces among them."""
    n = page_count(path)
    text = pdf_text(path)
    assert "—1—" in text and f"—{n}—" in text and "第1页" not in text
    fonts = font_report(path)
    assert fonts and all(fonts.values()), fonts
    assert any("Fangsong" in name for name in fonts) and any("TitleSerif" in name for name in fonts), fonts
    return text


def test_periodic_report_for_a_month_of_demo_data(demo: Services, tmp_path: Path) -> None:
    start, end = periods.month_range("2026-05")
    q = StatsQuery(start, end)
    out = tmp_path / "通报.pdf"
    reports.periodic_report(demo, q, out, options=OPTIONS, number=7)
    text = assert_official_pdf(out)
    stats = demo.stats.report(q)
    ranking = demo.stats.unit_ranking(q)
    assert "助企服务工作专班办公室文件" in text and "〔2026〕7号" in text
    assert "关于2026年5月助企纾困问题办理情况的通报" in text and "各乡镇人民政府、街道办事处，县直有关单位：" in text
    assert f"本期在办问题{stats.totals.raised}个" in text and f"已办结{stats.totals.solved}个" in text
    assert "按综合得分排名" in text and "走访次数不作为排名依据" in text
    first, second = ranking[0].key, ranking[1].key
    assert text.index(f"1{first}") < text.index(f"2{second}")  # ranked as the statistics service ranks
    # Every problem overdue on the report date, as many as zhuqi stats counts.
    assert f"逾期未完成的问题共{stats.overdue_now}个" in text and "三、表扬" in text
    never = demo.stats.never_visited(q)
    assert f"本期未走访的{len(never)}家" in text and _squash(never[0].name) in text
    # The demo's visits explained policies in May: a section of its own before the next steps.
    figures = demo.policies.figures(q).totals
    assert "宣讲惠企政策" in text and f"覆盖企业{figures.reached}家" in text
    assert text.index("六、政策宣传和兑现情况") < text.index("七、地企合作项目情况") < text.index("八、下一步工作")
    # 地企合作: the projects signed in May, as the project statistics count them.
    projects = demo.projects.figures(start, end).total
    assert projects.signed and f"本期签约地企合作项目{projects.signed}个" in text
    assert "2026年6月15日" in text[text.index("八、下一步工作"):]  # 落款 date


def test_periodic_report_of_an_empty_region(services: Services, tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    reports.periodic_report(services, StatsQuery(date(2026, 4, 1), date(2026, 6, 30), region="无此镇"), out,
                            options=OPTIONS)
    text = assert_official_pdf(out)
    assert "关于2026年第二季度无此镇助企纾困问题办理情况的通报" in text and "本期没有交办到单位的问题" in text
    assert "没有逾期未完成的问题" in text


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-05", (date(2026, 5, 1), date(2026, 5, 31))), ("2026年2月", (date(2026, 2, 1), date(2026, 2, 28))),
])
def test_month_range(text: str, expected: tuple[date, date]) -> None:
    assert periods.month_range(text) == expected


def test_quarter_range_and_labels() -> None:
    assert periods.quarter_range("2026Q2") == (date(2026, 4, 1), date(2026, 6, 30))
    assert periods.quarter_range("2026年第四季度") == (date(2026, 10, 1), date(2026, 12, 31))
    assert periods.label(date(2026, 4, 1), date(2026, 6, 30)) == "2026年第二季度"
    assert periods.label(date(2026, 5, 3), date(2026, 6, 15)) == "2026年5月3日至2026年6月15日"
    with pytest.raises(UserError):
        periods.quarter_range("2026Q5")
    with pytest.raises(UserError):
        periods.month_range("2026-13")


# ---- the command ------------------------------------------------------------------------
def test_report_commands_end_to_end(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    assert zhuqi("demo", "--db", db, "--scale", "0.1", "--today", "2026-06-15", home=tmp_path).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    r = zhuqi("report", "blank", "-o", str(out / "blank.pdf"), home=tmp_path)
    assert r.returncode == 0 and "已生成" in r.stdout, r.stderr
    r = zhuqi("report", "visits", "--db", db, "--from", "2026-01-01", "--to", "2026-06-15", "-o", str(out / "v"),
              home=tmp_path)
    assert r.returncode == 0, r.stderr
    made = sorted((out / "v").glob("走访记录表_*.pdf"))
    assert made and all(page_count(p) >= 1 for p in made)
    visit_prefix = made[0].stem.rsplit("_", 1)[1]
    r = zhuqi("report", "visit", visit_prefix, "--db", db, "-o", str(out / "one.pdf"), home=tmp_path)
    assert r.returncode == 0 and page_count(out / "one.pdf") >= 1, r.stderr
    r = zhuqi("report", "periodic", "--db", db, "--month", "2026-05", "-o", str(out / "m.pdf"), home=tmp_path)
    assert r.returncode == 0 and "2026年5月" in pdf_text(out / "m.pdf"), r.stderr
    r = zhuqi("report", "ledger", "--db", db, "--status", "办理中", "-o", str(out / "l.pdf"), home=tmp_path)
    assert r.returncode == 0 and "状态：办理中" in pdf_text(out / "l.pdf"), r.stderr
    for args, message in [(("report", "visit", "zz"), "太短"), (("report", "ledger", "--status", "办完了"), "办理状态"),
                          (("report", "periodic", "--month", "2026-13"), "无法识别"),
                          (("report", "enterprise", "00000000"), "没有 ID")]:
        r = zhuqi(*args, "--db", db, "-o", str(out / "x.pdf"), home=tmp_path)
        assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not (out / "x.pdf").exists()
