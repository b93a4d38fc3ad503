"""Enterprises, cadres and visits through the services: validation, uniqueness, atomic saves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.errors import NotFoundError, ValidationError
from app.services import Services
from app.services.enterprises import EnterpriseInput
from app.services.problems import ProblemFilter, ProblemInput
from app.services.visits import VisitInput
from db.database import Database
from tests.conftest import TODAY
from tests.factories import VALID_CODES, cadre, enterprise

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends


def test_enterprise_fields_are_normalised(services: Services) -> None:
    e = services.enterprises.create(EnterpriseInput(
        name=" 河阳县恒达铝"
             "业有限公司 ", credit_code="９１４４０３００１９２２０３８２１６", contact_phone="138 1234 5678",
        industry_code="c", size="小型", tags=("科技型", "科技型"), region_code="４１０９２３"))
    assert e.name == "河阳县恒达铝业有限公司"
    assert e.credit_code == VALID_CODES[0] and e.contact_phone == "13812345678"
    assert e.industry_code == "C" and e.tags == ("科技型",) and e.region_code == "410923"
    assert e.industry_label.startswith("制造业")


def test_names_are_kept_on_one_line(services: Services) -> None:
    """A line break typed inside a spreadsheet cell, a name padded to line up (王  伟) and runs of
    spaces: no space stays between Chinese characters; Latin words keep one."""
    e = services.enterprises.create(EnterpriseInput(
        name="河阳县恒达\n铝业（郑州）  有限公司", legal_representative="王  伟", contact_person="Li  Na 李娜"))
    assert (e.name, e.legal_representative, e.contact_person) == ("河阳县恒达铝业（郑州）有限公司", "王伟",
                                                                  "Li Na 李娜")


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (EnterpriseInput(name=""), "企业名称.*不能为空"),
        (EnterpriseInput(name="甲", credit_code="914403001922038217"), "校验位"),
        (EnterpriseInput(name="甲", contact_phone="12345"), "联系电话"),
        (EnterpriseInput(name="甲", industry_code="Z"), "行业门类"),
        (EnterpriseInput(name="甲", size="特大型"), "企业规模"),
        (EnterpriseInput(name="甲", tags=("不存在的标签",)), "企业标签"),
        (EnterpriseInput(name="甲" * 201), "过长"),
        (EnterpriseInput(name="甲", region_code="41092"), "行政区划代码"),
    ],
)
def test_enterprise_validation(services: Services, data: EnterpriseInput, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        services.enterprises.create(data)
    assert services.enterprises.count() == 0


def test_checksum_override_only_when_asked(services: Services) -> None:
    pilot = "914403001922038217"
    e = services.enterprises.create(EnterpriseInput(name="试点企业", credit_code=pilot, allow_checksum_override=True))
    assert e.credit_code == pilot and e.credit_code_override


def test_credit_code_is_unique(services: Services) -> None:
    enterprise(services, "甲公司", code=VALID_CODES[0])
    with pytest.raises(ValidationError, match="已被“甲公司”使用"):
        enterprise(services, "乙公司", code=VALID_CODES[0])


def test_soft_delete_and_search(services: Services) -> None:
    a = enterprise(services, "河阳县恒达铝业有限公司", code=VALID_CODES[0])
    enterprise(services, "河阳县鑫源食品有限公司", region="石桥镇")
    assert [e.name for e in services.enterprises.search("恒达")] == ["河阳县恒达铝业有限公司"]
    assert [e.name for e in services.enterprises.search(VALID_CODES[0][:6])] == ["河阳县恒达铝业有限公司"]
    assert [e.name for e in services.enterprises.search(region="石桥镇")] == ["河阳县鑫源食品有限公司"]
    assert services.enterprises.search("100%") == []
    services.enterprises.delete(a)
    assert services.enterprises.count() == 1
    with pytest.raises(NotFoundError):
        services.enterprises.get(a)


def test_find_existing_by_code_then_normalised_name(services: Services) -> None:
    a = enterprise(services, "某某（郑州）有限公司", code=VALID_CODES[1])
    assert services.enterprises.find_existing(VALID_CODES[1].lower(), "别的名字").id == a  # type: ignore[union-attr]
    assert services.enterprises.find_existing(None, "某某(郑州)有限公司 ").id == a  # type: ignore[union-attr]
    assert services.enterprises.find_existing(None, "另一家公司") is None


def test_visit_with_problems_is_saved_together(services: Services) -> None:
    ent = enterprise(services)
    x = cadre(services)
    v = services.visits.create(
        VisitInput(enterprise_id=ent, cadre_ids=(x,), discussion="了解生产经营情况", employees=120,
                   order_trend="下降", policies_explained=("稳岗返还",)),
        problems=(ProblemInput(enterprise_id=ent, category="融资", description="续贷困难"),
                  ProblemInput(enterprise_id=ent, category="用工", description="招工难")),
    )
    assert v.visit_date == TODAY and v.cadre_names == ("张伟",) and len(v.problem_ids) == 2
    page = services.problems.search(ProblemFilter(enterprise_id=ent))
    assert page.total == 2 and all(p.visit_id == v.id for p in page.rows)


def test_a_bad_problem_saves_nothing_of_the_visit(services: Services) -> None:
    ent = enterprise(services)
    with pytest.raises(ValidationError, match="第 2 个问题的问题描述"):
        services.visits.create(
            VisitInput(enterprise_id=ent),
            problems=(ProblemInput(enterprise_id=ent, category="融资", description="续贷困难"),
                      ProblemInput(enterprise_id=ent, category="融资", description="")),
        )
    assert services.visits.list() == []
    assert services.problems.search(ProblemFilter()).total == 0


def test_editing_a_visit_with_a_bad_new_problem_changes_nothing(services: Services) -> None:
    """The edit and the problems added with it are one save: a failed save leaves the visit as it
    was, so fixing the problem and saving again duplicates nothing."""
    ent = enterprise(services)
    v = services.visits.create(VisitInput(enterprise_id=ent, discussion="了解用工情况"))
    edited = VisitInput(enterprise_id=ent, visit_date=v.visit_date, discussion="了解用工和融资情况")
    good = ProblemInput(enterprise_id=ent, category="融资", description="续贷困难")
    with pytest.raises(ValidationError, match="第 2 个问题的问题描述"):
        services.visits.update(v.id, edited, (good, ProblemInput(enterprise_id=ent, category="用工", description="")),
                               "张伟", expected_revision=v.revision)
    assert services.visits.get(v.id).discussion == "了解用工情况"
    assert services.problems.search(ProblemFilter()).total == 0
    saved = services.visits.update(v.id, edited, (good, ProblemInput(enterprise_id=ent, category="用工",
                                                                     description="招工难")),
                                   "张伟", expected_revision=v.revision)
    assert saved.discussion == "了解用工和融资情况" and len(saved.problem_ids) == 2
    page = services.problems.search(ProblemFilter(enterprise_id=ent))
    assert sorted(p.description for p in page.rows) == ["招工难", "续贷困难"]
    assert all(p.visit_id == v.id and p.received_date == v.visit_date for p in page.rows)


def test_visit_validation(services: Services) -> None:
    ent = enterprise(services)
    with pytest.raises(ValidationError, match="走访日期"):
        services.visits.create(VisitInput(enterprise_id=ent, visit_date=TODAY + timedelta(days=1)))
    with pytest.raises(ValidationError, match="走访方式"):
        services.visits.create(VisitInput(enterprise_id=ent, way="微信"))
    with pytest.raises(ValidationError, match="宣传政策"):
        services.visits.create(VisitInput(enterprise_id=ent, policies_explained=("没有这个政策",)))
    with pytest.raises(NotFoundError):
        services.visits.create(VisitInput(enterprise_id="nope"))


def test_assignments_refuse_overlap_and_end(services: Services) -> None:
    ent, x = enterprise(services), cadre(services)
    a = services.cadres.assign(x, ent, date(2026, 1, 1))
    with pytest.raises(ValidationError, match="已存在"):
        services.cadres.assign(x, ent, date(2026, 3, 1))
    services.cadres.end_assignment(a.id, date(2026, 5, 31))
    assert services.cadres.assignments(active_on=TODAY) == []
    assert len(services.cadres.assignments(active_on=date(2026, 5, 1))) == 1


def test_code_lists_are_user_extensible(services: Services) -> None:
    from app.domain import CodeListKind

    services.code_lists.add(CodeListKind.CATEGORY, "安全生产")
    ent = enterprise(services)
    services.problems.create(ProblemInput(enterprise_id=ent, category="安全生产", description="消防验收"))
    with pytest.raises(ValidationError, match="已存在"):
        services.code_lists.add(CodeListKind.CATEGORY, "安全生产")


def test_profile_is_kept_and_validated(database: Database) -> None:
    services = Services(database)  # the fixture `services` names a tester
    assert not services.profile.get().is_set
    p = services.profile.set("张伟", "工信局", "首席服务员", "138 1234 5678")
    assert p.label == "张伟（工信局）" and p.phone == "13812345678" and p.installation_id
    assert services.profile.get() == p
    with pytest.raises(ValidationError, match="角色"):
        services.profile.set("张伟", "工信局", "局长")
    with pytest.raises(ValidationError, match="单位"):
        services.profile.set("张伟", "")
