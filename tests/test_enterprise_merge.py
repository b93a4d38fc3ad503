"""Merging a duplicate enterprise: visits, problems and assignments move to the
kept one (each move in the audit trail), empty fields and tags are filled,
the duplicate is soft-deleted with a note; the statistics' totals stay."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.errors import StaleRecordError, UserError
from app.services import Services
from app.services.enterprises import EnterpriseInput
from app.services.visits import VisitInput
from db.models import Problem, Visit
from tests.factories import VALID_CODES, assign, cadre, problem

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends


def _pair(services: Services) -> tuple[str, str]:
    keep = services.enterprises.create(EnterpriseInput(name="河阳县恒达铝业有限公司", region_name="城关镇")).id
    dup = services.enterprises.create(EnterpriseInput(
        name="恒达铝业", credit_code=VALID_CODES[0], address="河阳县工业大道 8 号", contact_person="李四",
        contact_phone="13812345678", above_scale=True, notes="二〇二五年录入")).id
    return keep, dup


def test_merge_moves_records_fills_fields_and_keeps_totals(services: Services) -> None:
    keep, dup = _pair(services)
    x = cadre(services)
    services.cadres.assign(x, dup)
    visit = services.visits.create(VisitInput(enterprise_id=dup, visit_date=date(2026, 3, 1), cadre_ids=(x,)))
    moved = problem(services, dup)
    assign(services, moved)
    problem(services, keep)
    before = services.stats.report()
    preview = services.enterprises.merge_preview(keep, dup)
    assert (preview.visits, preview.problems, preview.assignments) == (1, 1, 1)

    kept = services.enterprises.merge_duplicate(keep, dup)

    assert kept.credit_code == VALID_CODES[0] and kept.region_name == "城关镇"
    assert (kept.address, kept.contact_person, kept.contact_phone) == ("河阳县工业大道 8 号", "李四", "13812345678")
    assert kept.above_scale and kept.notes == "二〇二五年录入"
    assert services.enterprises.count() == 1
    assert [v.id for v in services.visits.list(enterprise_id=keep)] == [visit.id]
    assert [a.cadre_id for a in services.cadres.assignments(enterprise_id=keep)] == [x]
    with services.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Problem).where(Problem.enterprise_id == keep)) == 2
        assert s.scalar(select(func.count()).select_from(Visit).where(Visit.enterprise_id == dup)) == 0
    after = services.stats.report()
    assert after.totals == before.totals and after.visits == before.visits
    # Every move is in the audit trail, made through the merge.
    moves = [(h.via, c.old, c.new) for h in services.history.for_record(moved) if h.operation == "修改"
             for c in h.changes if c.field == "enterprise_id"]
    assert moves == [("合并重复企业", dup, keep)]
    gone = services.history.for_record(dup)[-1]
    assert gone.operation == "删除" and gone.via == "合并重复企业"
    assert "已合并到“河阳县恒达铝业有限公司”" in next(c.new for c in gone.changes if c.field == "notes")
    assert any(c.field == "credit_code" and c.new == VALID_CODES[0]
               for c in services.history.for_record(keep)[-1].changes)


def test_merge_unions_tags_and_keeps_the_kept_code(services: Services) -> None:
    keep = services.enterprises.create(EnterpriseInput(name="甲公司", credit_code=VALID_CODES[1])).id
    dup = services.enterprises.create(EnterpriseInput(name="甲公司（重复）", credit_code=VALID_CODES[2])).id
    kept = services.enterprises.merge_duplicate(keep, dup)
    assert kept.credit_code == VALID_CODES[1]
    # The duplicate's code stays on its tombstone (unique), so a new record cannot reuse it by mistake.
    with pytest.raises(UserError):
        services.enterprises.create(EnterpriseInput(name="乙公司", credit_code=VALID_CODES[2]))


def test_merge_refuses_itself_deleted_and_stale(services: Services) -> None:
    keep, dup = _pair(services)
    with pytest.raises(UserError, match="它自己"):
        services.enterprises.merge_duplicate(keep, keep)
    rev = services.enterprises.get(keep).revision
    with pytest.raises(StaleRecordError):
        services.enterprises.merge_duplicate(keep, dup, expected_revisions=(rev + 1, 1))
    assert services.enterprises.count() == 2  # nothing happened
    services.enterprises.delete(dup)
    with pytest.raises(UserError, match="已删除"):
        services.enterprises.merge_duplicate(keep, dup)


def test_a_cadre_assigned_to_both_keeps_one_assignment(services: Services) -> None:
    keep, dup = _pair(services)
    x, y = cadre(services, "张伟", "工信局"), cadre(services, "李娜", "商务局")
    services.cadres.assign(x, keep, start=date(2026, 1, 1))
    services.cadres.assign(x, dup, start=date(2025, 6, 1), end=date(2026, 3, 1))
    services.cadres.assign(y, dup, start=date(2025, 6, 1))
    services.enterprises.merge_duplicate(keep, dup)
    kept = sorted((a.cadre_name, a.start_date, a.end_date) for a in services.cadres.assignments(enterprise_id=keep))
    assert kept == [("张伟", date(2025, 6, 1), None), ("李娜", date(2025, 6, 1), None)]
    assert services.cadres.assignments(enterprise_id=dup) == []
    # An earlier assignment that ended before the kept one began is history, and moves as it is.
    z = cadre(services, "王芳", "营商办")
    other = services.enterprises.create(EnterpriseInput(name="恒达铝业二厂")).id
    services.cadres.assign(z, keep, start=date(2026, 1, 1))
    services.cadres.assign(z, other, start=date(2025, 1, 1), end=date(2025, 6, 30))
    services.enterprises.merge_duplicate(keep, other)
    mine = sorted((a.start_date, a.end_date) for a in services.cadres.assignments(enterprise_id=keep)
                  if a.cadre_name == "王芳")
    assert mine == [(date(2025, 1, 1), date(2025, 6, 30)), (date(2026, 1, 1), None)]
