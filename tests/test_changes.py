"""Services say what their writes changed (app.changes, as Anki's OpChanges): the window reloads the
screens showing those kinds of records and no others, so a write that names too little leaves a
screen stale and one that names too much reloads for nothing. A read says it changed nothing."""

from __future__ import annotations

from datetime import date

import pytest

from app.changes import Change, reported_changes
from app.domain import CodeListKind
from app.services import Services
from app.services.cadres import CadreInput
from app.services.enterprises import EnterpriseInput
from app.services.policies import PolicyInput
from app.services.problems import AssignInput, ProblemInput, SuperviseInput
from app.services.projects import ProjectInput
from app.services.visits import VisitInput
from tests.conftest import TODAY
from tests.factories import VALID_CODES, cadre, enterprise, problem

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends


def test_enterprise_writes_name_enterprises_and_a_merge_what_moved(services: Services) -> None:
    e = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司"))
    assert e.changes == Change.ENTERPRISES
    updated = services.enterprises.update(e.id, EnterpriseInput(name="河阳县恒达铝业有限公司", address="工业大道 8 号"))
    assert updated.changes == Change.ENTERPRISES
    assert services.enterprises.get(e.id).changes == Change.NONE
    assert services.enterprises.get(e.id) == updated  # what a write says is not part of the record

    # Merging a bare duplicate changes only the two enterprises …
    bare = enterprise(services, "恒达铝业")
    assert services.enterprises.merge_duplicate(e.id, bare).changes == Change.ENTERPRISES
    # … one with a visit, a problem and a 包联 moves them: those screens reload too.
    dup = enterprise(services, "恒达铝业有限公司", code=VALID_CODES[0])
    x = cadre(services)
    services.cadres.assign(x, dup)
    services.visits.create(VisitInput(enterprise_id=dup, visit_date=date(2026, 3, 1), cadre_ids=(x,)))
    problem(services, dup)
    merged = services.enterprises.merge_duplicate(e.id, dup)
    assert merged.changes == Change.ENTERPRISES | Change.VISITS | Change.PROBLEMS | Change.CADRES

    other = enterprise(services, "河阳县另一家公司")
    assert services.enterprises.delete(other) == Change.ENTERPRISES


def test_a_visit_names_the_problems_and_policies_it_recorded(services: Services) -> None:
    e = enterprise(services)
    plain = services.visits.create(VisitInput(enterprise_id=e, visit_date=TODAY))
    assert plain.changes == Change.VISITS
    with_problem = services.visits.create(VisitInput(enterprise_id=e, visit_date=TODAY), (
        ProblemInput(enterprise_id=e, category="融资", description="流动资金紧张", demand="协调续贷"),))
    assert with_problem.changes == Change.VISITS | Change.PROBLEMS

    policy = services.policies.add(PolicyInput(title="关于支持中小企业发展的若干措施"))
    explained = services.visits.update(plain.id, VisitInput(enterprise_id=e, visit_date=TODAY,
                                                            policy_ids=(policy.id,)))
    assert explained.changes == Change.VISITS | Change.POLICIES
    # Saved again with the same policy ticked: no 政策宣传 record changes.
    again = services.visits.update(plain.id, VisitInput(enterprise_id=e, visit_date=TODAY, policy_ids=(policy.id,)))
    assert again.changes == Change.VISITS
    assert services.visits.get(plain.id).changes == Change.NONE
    assert services.visits.delete(plain.id) == Change.VISITS


def test_problem_writes_and_workflow_steps_name_problems(services: Services) -> None:
    e = enterprise(services)
    p = services.problems.create(ProblemInput(enterprise_id=e, category="融资", description="流动资金紧张",
                                              demand="协调续贷"))
    assert p.changes == Change.PROBLEMS
    assert services.problems.update_details(p.id, ProblemInput(
        enterprise_id=e, category="融资", description="流动资金很紧张", demand="协调续贷")).changes == Change.PROBLEMS
    assigned = services.problems.assign(p.id, AssignInput(lead_unit="金融工作局"))
    assert assigned.changes == Change.PROBLEMS
    assert services.problems.record_progress(p.id, "已约谈银行").changes == Change.PROBLEMS
    records = services.problems.supervise([p.id], SuperviseInput("提醒"))
    assert [r.changes for r in records] == [Change.PROBLEMS]
    assert reported_changes(records) == Change.PROBLEMS
    assert services.problems.get(p.id).changes == Change.NONE
    assert services.problems.delete(problem(services, e)) == Change.PROBLEMS


def test_cadre_writes_name_cadres_and_an_assignment_the_enterprise_too(services: Services) -> None:
    c = services.cadres.create(CadreInput(name="张伟", role="助企干部", unit="工信局"))
    assert c.changes == Change.CADRES
    moved = services.cadres.update(c.id, CadreInput(name="张伟", role="助企干部", unit="发改委"))
    assert moved.changes == Change.CADRES
    a = services.cadres.assign(c.id, enterprise(services))
    assert a.changes == Change.CADRES | Change.ENTERPRISES
    assert services.cadres.end_assignment(a.id) == Change.CADRES | Change.ENTERPRISES
    assert services.cadres.delete(c.id) == Change.CADRES


def test_profile_and_code_list_writes(services: Services) -> None:
    assert services.profile.set("李娜", "工信局").changes == Change.PROFILE
    assert services.profile.get().changes == Change.NONE
    assert services.code_lists.add(CodeListKind.CATEGORY, "安全生产") == Change.CODE_LISTS


def test_policy_writes_name_policies_and_the_tags_they_added(services: Services) -> None:
    p = services.policies.add(PolicyInput(title="关于支持中小企业发展的若干措施"))
    assert p.changes == Change.POLICIES
    tagged = services.policies.update(p.id, PolicyInput(title="关于支持中小企业发展的若干措施", tags=("新标签",)))
    assert tagged.changes == Change.POLICIES | Change.CODE_LISTS  # the tag joined 企业标签
    assert services.policies.update(p.id, PolicyInput(title="关于支持中小企业发展的若干措施", tags=("新标签",))
                                    ).changes == Change.POLICIES
    claim = services.policies.record_claim(enterprise(services), p.id, applied=TODAY)
    assert claim.changes == Change.POLICIES
    assert services.policies.get(p.id).changes == Change.NONE
    assert services.policies.delete(p.id) == Change.POLICIES


def test_project_writes_name_projects_and_a_linked_problem(services: Services) -> None:
    p = services.projects.add(ProjectInput("新型建材产业园项目", partner="中国建材集团有限公司",
                                           signed_date=date(2026, 3, 1)))
    assert p.changes == Change.PROJECTS
    assert services.projects.get(p.id).changes == Change.NONE
    started = services.projects.record_stage(p.id, "开工", date(2026, 5, 1), expected_revision=p.revision)
    assert started.changes == Change.PROJECTS
    assert services.projects.record_investment(p.id, 2026, planned=1000, paid_in=400).changes == Change.PROJECTS
    raised = problem(services, enterprise(services))
    assert services.projects.link_problem(p.id, raised) == Change.PROJECTS | Change.PROBLEMS
    # Deleting the project unlinks its problem: the ledger reloads too.
    assert services.projects.delete(p.id) == Change.PROJECTS | Change.PROBLEMS


def test_reported_changes_reads_a_result_a_change_and_a_list() -> None:
    assert reported_changes(Change.VISITS) == Change.VISITS
    assert reported_changes([Change.VISITS, Change.PROBLEMS]) == Change.VISITS | Change.PROBLEMS
    assert reported_changes([]) == Change.NONE
    assert reported_changes([Change.VISITS, 3]) is None  # one item does not say: the list does not
    assert reported_changes(None) is None
