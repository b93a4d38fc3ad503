"""Policy figures (政策宣传与兑现) in a period: policies explained at visits, companies reached, claims
applied for and granted (count and yuan), by policy, by the explaining cadre's unit and by region —
counted exactly from what the data holds, in `zhuqi stats --json` and its text."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from app.services import Services
from app.services.policy_stats import UNEXPLAINED
from app.services.stats import StatsQuery
from app.services.visits import VisitInput
from tests.factories import cadre, enterprise
from tests.test_policies import _library

pytestmark = pytest.mark.backends

JUNE = StatsQuery(dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def _data(services: Services) -> dict[str, str]:
    ids = _library(services)
    zjtx, xw, yf = ids["关于支持专"], ids["河阳县小微"], ids["河阳县研发"]
    a = enterprise(services, "河阳县甲公司", region="城关镇")
    b = enterprise(services, "河阳县乙公司", region="河口镇")
    c = enterprise(services, "河阳县丙公司", region="河口镇")
    zhang, li = cadre(services, "张伟", "工信局"), cadre(services, "李娜", "科技局")
    v = services.visits.create
    # June: 甲 told two policies by 张伟 and 李娜 together, 乙 told one by 张伟; 甲 told 专精特新 again.
    v(VisitInput(a, dt.date(2026, 6, 3), cadre_ids=(zhang, li), policy_ids=(zjtx, xw)))
    v(VisitInput(b, dt.date(2026, 6, 5), cadre_ids=(zhang,), policy_ids=(zjtx,)))
    v(VisitInput(a, dt.date(2026, 6, 10), cadre_ids=(li,), policy_ids=(zjtx,)))
    # May (outside the period): 丙 told 研发 by 李娜.
    v(VisitInput(c, dt.date(2026, 5, 20), cadre_ids=(li,), policy_ids=(yf,)))
    pc = services.policies.record_claim
    pc(a, zjtx, applied=dt.date(2026, 6, 4), granted=dt.date(2026, 6, 12), amount=300_000)
    pc(b, zjtx, applied=dt.date(2026, 5, 30), granted=dt.date(2026, 6, 14), amount=100_000)  # applied in May
    pc(c, yf, applied=dt.date(2026, 6, 2))  # told in May, applied in June
    pc(c, xw, applied=dt.date(2026, 6, 8))  # never told at a visit
    return ids


def test_the_figures_count_explanations_companies_claims_and_yuan_in_the_period(services: Services) -> None:
    ids = _data(services)
    f = services.policies.figures(JUNE)
    t = f.totals
    assert (t.explained, t.reached, t.applied, t.granted, t.amount) == (4, 2, 3, 2, 400_000)
    assert f.policies_explained == 2
    by_policy = {r.key: (r.explained, r.reached, r.applied, r.granted, r.amount) for r in f.by_policy}
    assert by_policy == {
        "关于支持专精特新中小企业高质量发展的若干措施": (3, 2, 1, 2, 400_000),
        "河阳县小微企业首贷贴息办法": (1, 1, 1, 0, 0),
        "河阳县研发费用后补助办法": (0, 0, 1, 0, 0),
    }
    by_unit = {r.key: (r.explained, r.reached, r.applied, r.granted, r.amount) for r in f.by_unit}
    # The joint visit counts for both units; 甲's claim for both (both told it); 乙's for 工信局 only;
    # 丙's 研发 claim for 科技局 (told in May); 丙's 小微 claim was never explained at a visit.
    assert by_unit == {
        "工信局": (3, 2, 1, 2, 400_000),
        "科技局": (3, 1, 2, 1, 300_000),
        UNEXPLAINED: (0, 0, 1, 0, 0),
    }
    by_region = {r.key: (r.explained, r.reached, r.applied, r.granted, r.amount) for r in f.by_region}
    assert by_region == {"城关镇": (3, 1, 1, 1, 300_000), "河口镇": (1, 1, 2, 1, 100_000)}
    # Filters: a region, a unit; no period counts everything.
    assert services.policies.figures(StatsQuery(JUNE.date_from, JUNE.date_to, region="河口镇")).totals.explained == 1
    tech = services.policies.figures(StatsQuery(JUNE.date_from, JUNE.date_to, unit="科技局"))
    assert (tech.totals.explained, tech.totals.applied, tech.totals.granted) == (3, 2, 1)
    assert [r.key for r in tech.by_unit] == ["科技局"]
    everything = services.policies.figures(StatsQuery()).totals
    assert (everything.explained, everything.reached, everything.applied, everything.granted) == (5, 3, 4, 2)
    # A deleted policy is no longer counted.
    services.policies.delete(ids["河阳县小微"])
    assert services.policies.figures(JUNE).totals.explained == 3


def test_zhuqi_stats_json_has_the_policy_figures_of_the_demo(tmp_path: Path) -> None:
    from tests.test_exchange_cli import zhuqi

    db = tmp_path / "demo.sqlite"
    assert zhuqi(tmp_path, "demo", "--scale", "0.1", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:
        first, last = conn.execute("SELECT MIN(visit_date), MAX(visit_date) FROM visits").fetchone()
        mid = dt.date.fromisoformat(first) + (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)) / 2
        period = (mid.isoformat(), last)
        explained, reached = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT x.enterprise_id) FROM policy_explanations x JOIN visits v "
            "ON v.id = x.visit_id WHERE x.deleted_at IS NULL AND v.deleted_at IS NULL "
            "AND v.visit_date BETWEEN ? AND ?", period).fetchone()
        applied = conn.execute("SELECT COUNT(*) FROM policy_claims WHERE deleted_at IS NULL "
                               "AND applied_date BETWEEN ? AND ?", period).fetchone()[0]
        granted, amount = conn.execute("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM policy_claims "
                                       "WHERE deleted_at IS NULL AND granted_date BETWEEN ? AND ?", period).fetchone()
    assert explained and applied and granted
    r = zhuqi(tmp_path, "stats", "--json", "--from", period[0], "--to", period[1], "--db", str(db))
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)["policies"]
    assert (p["explained"], p["reached"], p["applied"], p["granted"], p["amount"]) == (
        explained, reached, applied, granted, amount)
    assert sum(row["explained"] for row in p["by_policy"]) == explained
    assert sum(row["explained"] for row in p["by_region"]) == explained
    assert sum(row["amount"] for row in p["by_region"]) == amount
    r = zhuqi(tmp_path, "stats", "--from", period[0], "--to", period[1], "--db", str(db))
    assert f"覆盖企业 {reached} 家" in r.stdout and f"兑现 {granted} 件、{amount:,} 元" in r.stdout


def test_the_periodic_report_has_a_policy_section_when_policies_were_explained(services: Services,
                                                                                 tmp_path: Path) -> None:
    from app import reports
    from tests.test_reports import OPTIONS, pdf_text

    out = tmp_path / "通报.pdf"
    reports.periodic_report(services, JUNE, out, options=OPTIONS)
    text = pdf_text(out)
    assert "政策宣传和兑现情况" not in text and "六、下一步工作" in text
    _data(services)
    reports.periodic_report(services, JUNE, out, options=OPTIONS)
    text = pdf_text(out)
    assert "六、政策宣传和兑现情况" in text and "七、下一步工作" in text
    assert "本期走访中宣讲惠企政策2项、4次，覆盖企业2家；企业申报3件，兑现2件，兑现金额40万元。" in text
    # By policy, by unit, by region: name, explained, reached, applied, granted, 万元.
    assert "关于支持专精特新中小企业高质量发展的若干措施3212" + "40" in text
    assert "工信局3212" + "40" in text and "科技局3121" + "30" in text
    assert UNEXPLAINED + "00100" in text
    assert "河口镇1121" + "10" in text
