"""The policy library (惠企政策): an office's 政策汇编 in its own layout — title rows above the
header, its own column names — imported with unreadable rows rejected by column, value and
reason, and imported again without duplicates; searched by text, tag and validity; a policy
past its 有效期至 shown as expired; and carried by the exchange workbook to another installation."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest

from app.clock import FixedClock
from app.errors import ValidationError
from app.services import Services
from app.services.policies import PolicyInput, codes_from_eligibility, doc_number_key
from tests.conftest import TODAY, MakeDatabase

pytestmark = pytest.mark.backends

HEADER = ["序号", "政策名称", "发文单位", "文号", "发布日期", "有效期至", "适用对象", "支持内容", "申报方式",
          "联系单位"]
ROWS: list[list[object]] = [
    [1, "关于支持专精特新中小企业高质量发展的若干措施", "河南省人民政府办公厅", "豫政办〔2025〕12号",
     dt.date(2025, 3, 1), dt.date(2027, 12, 31), "省级以上专精特新中小企业",
     "对新认定的国家级专精特新“小巨人”企业奖励100万元", "登录河南省惠企政策直达平台申报", "县工信局"],
    [2, "河阳县稳岗就业补贴实施办法", "河阳县人力资源和社会保障局", "河人社〔2024〕8号", "2024年5月10日",
     "2025年12月", "县内参保的中小微企业", "按上年度实际缴纳失业保险费的60%返还", "人社局窗口申报", "县人社局"],
    [3, "", "河阳县科技局", "河科〔2025〕3号", "", "", "", "补助", "", ""],
    [4, "河阳县工业企业技术改造奖补办法", "河阳县人民政府", "河政〔2025〕21号", "2025年13月1日", "", "规上工业企业",
     "按设备投资额的10%补助", "", "县发改委"],
]


def policy_xlsx(path: Path, rows: list[list[object]] = ROWS, header: list[str] = HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "惠企政策汇编"
    ws["A1"] = "河阳县惠企政策汇编（2025年版）"
    ws.merge_cells("A1:J1")
    ws.append(["编制单位：河阳县营商环境办公室"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    ws.append(["填表人：王明"])
    wb.save(path)
    return path


def test_a_list_under_title_rows_imports_its_policies_and_rejects_what_it_cannot_read(
        services: Services, tmp_path: Path) -> None:
    path = policy_xlsx(tmp_path / "政策汇编.xlsx")
    report = services.exchange.import_paths([path], rejects_path=tmp_path / "退回.xlsx")
    [f] = report.files
    assert f.status == "imported" and f.kind == "政策汇编"
    assert f.counts["policies"]["created"] == 2 and f.counts["policies"]["rejected"] == 2
    reasons = {(r.row, r.column): (r.value, r.reason) for r in f.rejections}
    assert reasons[(6, "政策名称")][1] == "政策名称为空"
    assert reasons[(7, "发布日期")][0] == "2025年13月1日"
    assert (tmp_path / "退回.xlsx").exists()
    by_title = {p.title: p for p in services.policies.list()}
    assert set(by_title) == {ROWS[0][1], ROWS[1][1]}
    zjtx = by_title[str(ROWS[0][1])]
    assert (zjtx.issuer, zjtx.doc_number, zjtx.issued_date, zjtx.valid_to) == (
        "河南省人民政府办公厅", "豫政办〔2025〕12号", dt.date(2025, 3, 1), dt.date(2027, 12, 31))
    assert zjtx.tags == ("专精特新",) and zjtx.sizes == ("中型", "小型", "微型")
    assert zjtx.how_to_apply.startswith("登录") and zjtx.contact_unit == "县工信局"
    wen = by_title[str(ROWS[1][1])]
    # 有效期至 2025年12月: the month's last day; past on 2026-06-15, so expired.
    assert wen.valid_to == dt.date(2025, 12, 31) and wen.expired and not zjtx.expired


def test_the_same_list_again_updates_and_never_duplicates(services: Services, tmp_path: Path) -> None:
    services.exchange.import_paths([policy_xlsx(tmp_path / "政策汇编.xlsx")])
    again = [list(r) for r in ROWS[:2]]
    again[0][3] = "豫政办[2025]12号"  # the same 文号 written with square brackets
    again[0][7] = "对新认定的国家级专精特新“小巨人”企业奖励120万元"
    again[1][3] = ""  # no 文号: matched by title and issuing body
    report = services.exchange.import_paths([policy_xlsx(tmp_path / "政策汇编（修订）.xlsx", again)])
    [f] = report.files
    assert f.counts["policies"] == {"created": 0, "updated": 1, "unchanged": 1, "conflicts": 0, "rejected": 0}
    policies = services.policies.list()
    assert len(policies) == 2
    zjtx = next(p for p in policies if p.title == ROWS[0][1])
    assert "120万元" in zjtx.benefits and zjtx.doc_number == "豫政办[2025]12号" and zjtx.revision == 2
    # The undo of the second import takes the change back.
    services.exchange.undo_batch(report.batch_id)
    zjtx = next(p for p in services.policies.list() if p.title == ROWS[0][1])
    assert "100万元" in zjtx.benefits


def test_other_column_names_and_a_validity_range(services: Services, tmp_path: Path) -> None:
    header = ["序号", "文件名称", "发文机关", "发文字号", "有效期", "支持对象", "政策内容", "咨询电话", "经办人"]
    rows: list[list[object]] = [
        [1, "河阳县促进外贸稳规模优结构若干措施", "河阳县商务局", "河商〔2025〕5号", "2025年1月1日至2026年12月31日",
         "有进出口实绩的企业", "出口信用保险保费补贴50%", "0371-12345678", "李华"],
        [2, "河阳县小微企业首贷贴息办法", "河阳县金融工作局", "河金〔2025〕2号", "长期有效", "小微企业",
         "首贷贴息1个百分点", "", ""],
    ]
    report = services.exchange.import_paths([policy_xlsx(tmp_path / "清单.xlsx", rows, header)])
    [f] = report.files
    assert f.kind == "政策汇编" and f.counts["policies"]["created"] == 2
    assert any("经办人" in n for n in f.notes)
    by_title = {p.title: p for p in services.policies.list()}
    trade = by_title["河阳县促进外贸稳规模优结构若干措施"]
    assert (trade.valid_from, trade.valid_to) == (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert trade.tags == ("外贸型",) and trade.contact_unit == "0371-12345678"
    loan = by_title["河阳县小微企业首贷贴息办法"]
    assert loan.valid_to is None and not loan.expired and loan.sizes == ("小型", "微型")


def test_search_by_text_tag_and_validity(services: Services) -> None:
    ps = services.policies
    a = ps.add(PolicyInput("关于支持专精特新中小企业高质量发展的若干措施", "河南省人民政府办公厅", "豫政办〔2025〕12号",
                           dt.date(2025, 3, 1), valid_to=dt.date(2027, 12, 31), tags=("专精特新",),
                           benefits="奖励100万元"))
    b = ps.add(PolicyInput("河阳县稳岗返还办法", "河阳县人社局", "河人社〔2024〕8号", dt.date(2024, 5, 10),
                           valid_to=dt.date(2025, 12, 31), benefits="失业保险费返还"))
    c = ps.add(PolicyInput("河阳县技术改造奖补办法", "河阳县人民政府", "", dt.date(2026, 1, 5),
                           valid_from=dt.date(2026, 9, 1), industries=("c",)))
    assert [p.id for p in ps.list()] == [c.id, a.id, b.id]
    assert [p.id for p in ps.list(text="专精特新")] == [a.id]
    assert [p.id for p in ps.list(text="豫政办")] == [a.id]
    assert [p.id for p in ps.list(text="返还 人社")] == [b.id]
    assert [p.id for p in ps.list(tag="专精特新")] == [a.id]
    assert [p.id for p in ps.list(valid=True)] == [a.id]  # b expired, c not in force yet
    assert b.expired and not a.expired and c.not_yet and c.industries == ("C",)
    with pytest.raises(ValidationError, match="适用行业门类"):
        ps.add(PolicyInput("某政策", industries=("Z",)))
    with pytest.raises(ValidationError, match="有效期至"):
        ps.add(PolicyInput("某政策", valid_from=dt.date(2026, 1, 1), valid_to=dt.date(2025, 1, 1)))
    updated = ps.update(b.id, PolicyInput("河阳县稳岗返还办法", "河阳县人社局", "河人社〔2024〕8号",
                                          valid_to=dt.date(2026, 12, 31)), expected_revision=b.revision)
    assert not updated.expired and updated.revision == b.revision + 1


def test_expiry_follows_the_clock(services: Services, database: object) -> None:
    p = services.policies.add(PolicyInput("某政策", valid_to=TODAY))
    assert not p.expired
    later = Services(services.db, FixedClock(TODAY + dt.timedelta(days=1)))
    assert later.policies.get(p.id).expired
    assert [x.id for x in later.policies.list(valid=True)] == []


def test_eligibility_words_and_document_numbers() -> None:
    assert codes_from_eligibility("规上工业企业、高新技术企业") == (("C",), (), ("规上工业", "高新技术企业"))
    assert doc_number_key("豫政办〔2025〕12号") == doc_number_key("豫政办[2025] 12号") == doc_number_key(
        "豫政办（2025）12号")


def test_policies_travel_in_the_exchange_workbook(services: Services, make_database: MakeDatabase,
                                                  tmp_path: Path) -> None:
    services.policies.add(PolicyInput("关于支持专精特新中小企业高质量发展的若干措施", "河南省人民政府办公厅",
                                      "豫政办〔2025〕12号", dt.date(2025, 3, 1), valid_to=dt.date(2027, 12, 31),
                                      tags=("专精特新", "高新技术企业"), sizes=("小型",), industries=("C",)))
    out = tmp_path / "交换.xlsx"
    services.exchange.export(out)
    laptop = Services(make_database("laptop"), FixedClock(TODAY))
    laptop.profile.set("测试员", "县工信局")
    report = laptop.exchange.import_paths([out])
    assert report.files[0].counts["policies"]["created"] == 1
    [p] = laptop.policies.list()
    assert p.tags == ("专精特新", "高新技术企业") and p.sizes == ("小型",) and p.industries == ("C",)
    # The laptop edits it, the office imports it back: a three-way merge updates the office's copy.
    laptop.policies.update(p.id, PolicyInput(p.title, p.issuer, p.doc_number, p.issued_date, valid_to=p.valid_to,
                                             tags=p.tags, sizes=p.sizes, industries=p.industries,
                                             how_to_apply="县政务服务中心工信窗口"))
    back = tmp_path / "回传.xlsx"
    laptop.exchange.export(back)
    report = services.exchange.import_paths([back])
    assert report.files[0].counts["policies"]["updated"] == 1
    [mine] = services.policies.list()
    assert mine.how_to_apply == "县政务服务中心工信窗口" and mine.id == p.id


def test_zhuqi_import_and_policies_list(tmp_path: Path) -> None:
    from tests.test_exchange_cli import zhuqi

    db = str(tmp_path / "z.sqlite")
    rows = [list(r) for r in ROWS]
    rows[0][5] = dt.date(2099, 12, 31)  # the command reads today's date: in force on any day the test runs
    path = policy_xlsx(tmp_path / "政策汇编.xlsx", rows)
    r = zhuqi(tmp_path, "import", str(path), "--db", db)
    assert r.returncode == 0, r.stderr
    assert "政策汇编" in r.stdout and "第 6 行 政策名称：政策名称为空" in r.stdout
    r = zhuqi(tmp_path, "policies", "list", "--text", "专精特新", "--db", db)
    assert r.returncode == 0 and "共 1 项政策" in r.stdout and "豫政办〔2025〕12号" in r.stdout
    r = zhuqi(tmp_path, "policies", "list", "--json", "--db", db)
    listed = json.loads(r.stdout)["policies"]
    assert {p["title"]: p["expired"] for p in listed} == {ROWS[0][1]: False, ROWS[1][1]: True}
    r = zhuqi(tmp_path, "policies", "show", listed[0]["id"][:8], "--db", db)
    assert r.returncode == 0 and f"政策名称：{listed[0]['title']}" in r.stdout


def test_the_demo_has_a_dozen_policies_two_of_them_expired(tmp_path: Path) -> None:
    from app.services.demo import generate
    from db.database import open_database

    db = open_database(tmp_path / "demo.sqlite")
    try:
        assert generate(db, scale=0.05, seed=1, today=TODAY).policies == 12
        services = Services(db, FixedClock(TODAY))
        policies = services.policies.list()
        assert len(policies) == 12 and sum(p.expired for p in policies) == 2
        assert all(p.doc_number and p.benefits and p.how_to_apply for p in policies)
        assert "〔2025〕" in next(p.doc_number for p in policies if p.title.startswith("关于支持专精特新"))
        assert [p.title for p in services.policies.list(tag="专精特新")] == [
            "关于支持专精特新中小企业高质量发展的若干措施"]
    finally:
        db.close()


def test_a_policy_row_of_an_exchange_workbook_with_an_unknown_industry_is_rejected(
        services: Services, make_database: MakeDatabase, tmp_path: Path) -> None:
    services.policies.add(PolicyInput("某政策", "河阳县工信局", "河工信〔2025〕1号", industries=("C",)))
    out = tmp_path / "交换.xlsx"
    services.exchange.export(out)
    wb = openpyxl.load_workbook(out)
    ws = wb["政策库"]
    column = [c.value for c in ws[1]].index("适用行业门类") + 1
    ws.cell(2, column, "C、制造")
    wb.save(out)
    other = Services(make_database("other"), FixedClock(TODAY))
    other.profile.set("测试员", "县工信局")
    [f] = other.exchange.import_paths([out]).files
    assert f.counts["policies"]["rejected"] == 1
    [r] = [r for r in f.rejections if r.sheet == "政策库"]
    assert r.column == "适用行业门类" and r.value == "制造" and "应为以下之一" in r.reason
    assert other.policies.list() == []


# ---- part 2: policies explained at a visit ---------------------------------------------------

def _library(services: Services) -> dict[str, str]:
    ps = services.policies
    made = [
        ps.add(PolicyInput("关于支持专精特新中小企业高质量发展的若干措施", doc_number="豫政办〔2025〕12号",
                           issued_date=dt.date(2025, 3, 1), valid_to=dt.date(2027, 12, 31), tags=("专精特新",),
                           sizes=("中型", "小型", "微型"))),
        ps.add(PolicyInput("河南省促进工业稳增长若干政策措施", issued_date=dt.date(2025, 4, 1), industries=("C",),
                           tags=("规上工业",))),
        ps.add(PolicyInput("河阳县小微企业首贷贴息办法", issued_date=dt.date(2025, 6, 1), sizes=("小型", "微型"))),
        ps.add(PolicyInput("河阳县促进外贸稳规模优结构若干措施", issued_date=dt.date(2026, 1, 1), tags=("外贸型",))),
        ps.add(PolicyInput("河阳县稳岗返还办法", issued_date=dt.date(2024, 5, 1), valid_to=dt.date(2025, 12, 31))),
        ps.add(PolicyInput("河阳县研发费用后补助办法", issued_date=dt.date(2025, 1, 1))),
    ]
    return {p.title[:5]: p.id for p in made}


def test_the_visit_form_suggests_the_policies_that_fit_the_company(services: Services) -> None:
    from app.services.enterprises import EnterpriseInput

    ids = _library(services)
    e = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", industry_code="C", size="小型",
                                                    above_scale=True, tags=("专精特新",))).id
    titles = [p.title for p in services.policies.suggest(e)]
    # Tag matches first (专精特新, and 规上工业 as the company is 规上), then newest first; the
    # foreign-trade policy does not fit, the expired one is not suggested.
    assert titles == ["河南省促进工业稳增长若干政策措施", "关于支持专精特新中小企业高质量发展的若干措施",
                      "河阳县小微企业首贷贴息办法", "河阳县研发费用后补助办法"]
    big = services.enterprises.create(EnterpriseInput(name="河阳县大型物流有限公司", industry_code="G",
                                                      size="大型")).id
    assert [p.id for p in services.policies.suggest(big)] == [ids["河阳县研发"]]


def test_policies_ticked_on_a_visit_are_recorded_and_travel(services: Services, make_database: MakeDatabase,
                                                             tmp_path: Path) -> None:
    from app.services.visits import VisitInput
    from tests.factories import enterprise

    ids = _library(services)
    e = enterprise(services)
    chosen = (ids["关于支持专"], ids["河阳县小微"])
    v = services.visits.create(VisitInput(e, TODAY, policy_ids=chosen))
    assert set(v.policy_ids) == set(chosen)
    assert {p.id for p in services.policies.explained(enterprise_id=e)} == set(chosen)
    # Saving the visit without saying which policies leaves them; a new list replaces them.
    v = services.visits.update(v.id, VisitInput(e, TODAY, discussion="再次沟通"))
    assert set(v.policy_ids) == set(chosen)
    v = services.visits.update(v.id, VisitInput(e, TODAY, policy_ids=(ids["河阳县小微"],)))
    assert v.policy_ids == (ids["河阳县小微"],)
    with pytest.raises(Exception, match="政策不存在"):
        services.visits.update(v.id, VisitInput(e, TODAY, policy_ids=("00000000-0000-0000-0000-000000000000",)))
    v = services.visits.update(v.id, VisitInput(e, TODAY, policy_ids=chosen))
    assert set(v.policy_ids) == set(chosen) and len(services.policies.explained(visit_id=v.id)) == 2
    entries = services.history.for_record(v.id)
    assert entries

    out = tmp_path / "交换.xlsx"
    services.exchange.export(out)
    office = Services(make_database("office"), FixedClock(TODAY))
    office.profile.set("测试员", "营商办")
    [f] = office.exchange.import_paths([out]).files
    assert f.counts["explanations"]["created"] == 2, f.rejections
    assert {p.id for p in office.policies.explained(visit_id=v.id)} == set(chosen)
    assert set(office.visits.get(v.id).policy_ids) == set(chosen)


def test_merging_duplicate_enterprises_moves_the_policies_explained(services: Services) -> None:
    from app.services.visits import VisitInput
    from tests.factories import enterprise

    ids = _library(services)
    keep, dup = enterprise(services, "河阳县恒达铝业有限公司"), enterprise(services, "河阳县恒达铝业公司")
    services.visits.create(VisitInput(dup, TODAY, policy_ids=(ids["河阳县小微"],)))
    services.enterprises.merge_duplicate(keep, dup)
    assert [p.id for p in services.policies.explained(enterprise_id=keep)] == [ids["河阳县小微"]]
    assert services.policies.explained(enterprise_id=dup) == []


def test_zhuqi_policies_suggest_on_demo_data(tmp_path: Path) -> None:
    import sqlite3

    from tests.test_exchange_cli import zhuqi

    db = tmp_path / "demo.sqlite"
    # The demo's days count from today's date, as `policies suggest` does.
    assert zhuqi(tmp_path, "demo", "--scale", "0.05", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:
        eid, told = conn.execute("SELECT enterprise_id, COUNT(*) FROM policy_explanations GROUP BY enterprise_id "
                                 "ORDER BY enterprise_id LIMIT 1").fetchone()
    r = zhuqi(tmp_path, "policies", "suggest", eid[:8], "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "适合的有效政策" in r.stdout and "[已宣讲]" in r.stdout
    pid = re.findall(r"ID ([0-9a-f]{8})", r.stdout)[0]
    r = zhuqi(tmp_path, "policies", "claim", eid[:8], pid, "--applied", str(dt.date.today()), "--db", str(db))
    assert r.returncode == 0 and "已申报" in r.stdout, r.stderr
    r = zhuqi(tmp_path, "policies", "claim", eid[:8], pid, "--amount", "50000", "--db", str(db))
    assert r.returncode == 2 and "尚未兑现" in r.stderr


def test_the_visit_record_and_the_dossier_print_the_policies_explained(services: Services, tmp_path: Path) -> None:
    from app import reports
    from app.services.visits import VisitInput
    from tests.factories import enterprise
    from tests.test_reports import OPTIONS, pdf_text

    ids = _library(services)
    e = enterprise(services)
    v = services.visits.create(VisitInput(e, TODAY, policy_ids=(ids["关于支持专"],),
                                          policies_explained=("稳岗返还",)))
    assert v.policies_shown == ("关于支持专精特新中小企业高质量发展的若干措施（豫政办〔2025〕12号）", "稳岗返还")
    for make, out in ((lambda p: reports.visit_record(services, v.id, p, options=OPTIONS), tmp_path / "v.pdf"),
                      (lambda p: reports.enterprise_dossier(services, e, p, options=OPTIONS), tmp_path / "d.pdf")):
        make(out)
        assert "关于支持专精特新中小企业高质量发展的若干措施（豫政办〔2025〕12号）、稳岗返还" in pdf_text(out)


def test_a_company_applies_for_a_policy_and_is_granted_it(services: Services, make_database: MakeDatabase,
                                                          tmp_path: Path) -> None:
    from tests.factories import enterprise

    ids = _library(services)
    e = enterprise(services)
    pid = ids["关于支持专"]
    c = services.policies.record_claim(e, pid, applied=dt.date(2026, 5, 10))
    assert c.state == "已申报" and c.granted_date is None
    with pytest.raises(ValidationError, match="早于申报日期"):
        services.policies.record_claim(e, pid, granted=dt.date(2026, 5, 1), amount=100_000)
    with pytest.raises(ValidationError, match="尚未兑现"):
        services.policies.record_claim(e, pid, amount=100_000)
    with pytest.raises(ValidationError, match="兑现日期"):
        services.policies.record_claim(e, pid, granted=TODAY + dt.timedelta(days=1))
    c = services.policies.record_claim(e, pid, granted=dt.date(2026, 6, 10), amount=1_000_000)
    assert (c.state, c.applied_date, c.amount) == ("已兑现", dt.date(2026, 5, 10), 1_000_000)
    [only] = services.policies.claims(enterprise_id=e)
    assert only.id == c.id and only.policy_title.startswith("关于支持专精特新")
    assert services.policies.claims(policy_id=ids["河阳县小微"]) == []

    out = tmp_path / "交换.xlsx"
    services.exchange.export(out)
    office = Services(make_database("office"), FixedClock(TODAY))
    office.profile.set("测试员", "营商办")
    [f] = office.exchange.import_paths([out]).files
    assert f.counts["claims"]["created"] == 1
    [there] = office.policies.claims()
    assert (there.enterprise_id, there.policy_id, there.granted_date, there.amount) == (
        e, pid, dt.date(2026, 6, 10), 1_000_000)


def test_a_policy_reach_counts_companies_told_applied_and_granted(services: Services) -> None:
    from app.services.visits import VisitInput
    from tests.factories import enterprise

    ids = _library(services)
    pid = ids["关于支持专"]
    a, b = enterprise(services, "河阳县甲公司"), enterprise(services, "河阳县乙公司")
    for e in (a, a, b):  # told twice to 甲: one company
        services.visits.create(VisitInput(e, TODAY, policy_ids=(pid,)))
    services.policies.record_claim(a, pid, applied=dt.date(2026, 6, 1), granted=dt.date(2026, 6, 10), amount=300)
    services.policies.record_claim(b, pid, applied=dt.date(2026, 6, 2))
    r = services.policies.reach(pid)
    assert (r.explained, r.applied, r.granted, r.amount) == (2, 2, 1, 300)
