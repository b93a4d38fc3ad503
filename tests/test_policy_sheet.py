"""惠企政策明白纸: the policies in force that fit one company, each with its issuer, 文号, what the
company gets, how to apply, whom to ask and its validity; those explained, applied for and granted
marked; a company no policy fits gets a plain refusal, never an empty page."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app import reports
from app.errors import UserError
from app.services import Services
from app.services.enterprises import EnterpriseInput
from app.services.policies import PolicyInput
from app.services.visits import VisitInput
from tests.conftest import TODAY
from tests.test_policies import _library
from tests.test_reports import OPTIONS, page_count, pdf_text

pytestmark = pytest.mark.backends


def test_the_sheet_lists_the_fitting_policies_and_marks_those_explained_applied_granted(
        services: Services, tmp_path: Path) -> None:
    ids = _library(services)
    services.policies.update(ids["关于支持专"], PolicyInput(
        "关于支持专精特新中小企业高质量发展的若干措施", issuer="河南省人民政府办公厅", doc_number="豫政办〔2025〕12号",
        issued_date=dt.date(2025, 3, 1), valid_from=dt.date(2025, 3, 1), valid_to=dt.date(2027, 12, 31),
        tags=("专精特新",), sizes=("中型", "小型", "微型"), benefits="对新认定的国家级专精特新“小巨人”企业奖励100万元",
        how_to_apply="登录河南省惠企政策直达平台申报", contact_unit="县工信局 0371-12345678"))
    e = services.enterprises.create(EnterpriseInput(
        name="河阳县恒达铝业有限公司", credit_code="91410100MA44TE5X1R", industry_code="C", size="小型",
        above_scale=True, tags=("专精特新",))).id
    services.visits.create(VisitInput(e, TODAY, policy_ids=(ids["关于支持专"], ids["河阳县小微"])))
    services.policies.record_claim(e, ids["关于支持专"], applied=dt.date(2026, 5, 10), granted=dt.date(2026, 6, 10),
                                   amount=1_000_000)
    services.policies.record_claim(e, ids["河南省促进"], applied=dt.date(2026, 6, 1))
    out = tmp_path / "明白纸.pdf"
    result = reports.policy_sheet(services, e, out, options=OPTIONS)
    text = pdf_text(out)
    assert result.pages == page_count(out) >= 1 and not result.missing_characters
    assert "惠企政策明白纸" in text and "河阳县恒达铝业有限公司" in text and "91410100MA44TE5X1R" in text
    # The four policies that fit (the foreign-trade one does not, the expired one is not in force).
    for title in ("河南省促进工业稳增长若干政策措施", "关于支持专精特新中小企业高质量发展的若干措施",
                  "河阳县小微企业首贷贴息办法", "河阳县研发费用后补助办法"):
        assert title in text
    assert "外贸" not in text and "稳岗返还" not in text
    assert "以下四项现行惠企政策" in text and "其中2项已在走访中宣讲" in text
    assert "河南省人民政府办公厅豫政办〔2025〕12号" in text
    assert "2025年3月1日至2027年12月31日" in text and "登录河南省惠企政策直达平台申报" in text
    assert "县工信局0371-12345678" in text and "对新认定的国家级专精特新“小巨人”企业奖励100万元" in text
    assert "已宣讲；已申报（2026年5月10日）；已兑现（2026年6月10日，1,000,000元）" in text
    assert "已申报（2026年6月1日）" in text
    assert text.index("河南省促进工业稳增长") < text.index("河阳县小微企业首贷贴息办法")


def test_a_company_no_policy_fits_gets_a_clear_message_and_no_file(services: Services, tmp_path: Path) -> None:
    services.policies.add(PolicyInput("河阳县促进外贸稳规模优结构若干措施", tags=("外贸型",)))
    e = services.enterprises.create(EnterpriseInput(name="河阳县大型物流有限公司", industry_code="G",
                                                    size="大型")).id
    out = tmp_path / "明白纸.pdf"
    with pytest.raises(UserError, match="没有适合“河阳县大型物流有限公司”的有效政策"):
        reports.policy_sheet(services, e, out, options=OPTIONS)
    assert not out.exists()


def test_zhuqi_report_policy_sheet_on_demo_data(tmp_path: Path) -> None:
    from tests.test_exchange_cli import zhuqi

    db = tmp_path / "demo.sqlite"
    assert zhuqi(tmp_path, "demo", "--scale", "0.05", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:
        eid, name = conn.execute("SELECT e.id, e.name FROM policy_explanations x JOIN enterprises e "
                                 "ON e.id = x.enterprise_id ORDER BY e.id LIMIT 1").fetchone()
    out = tmp_path / "sheet.pdf"
    r = zhuqi(tmp_path, "report", "policy-sheet", eid[:8], "-o", str(out), "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "已生成" in r.stdout
    text = pdf_text(out)
    assert "惠企政策明白纸" in text and name in text and "现行惠企政策" in text
