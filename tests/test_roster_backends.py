"""A roster's import written in bulk (app.exchange.roster._Changes), on SQLite and PostgreSQL: the
audit trail names who, when and which file for every enterprise created or changed, each change
moves the record's clock once, a re-import writes nothing, a difference waits once as a conflict,
and undoing the batches gives back exactly what was there."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.exchange.roster import RosterMapping
from app.services import Services
from app.services.enterprises import EnterpriseInput
from db import causal
from db.exchange_models import ExchangeChange
from db.models import Enterprise, History
from tests.test_exchange_merge import snapshot, sync_state
from tests.test_exchange_roster import roster_xlsx

pytestmark = pytest.mark.backends


def _history(services: Services, record_id: str) -> list[History]:
    with services.db.session() as s:
        return list(s.scalars(select(History).where(History.record_id == record_id).order_by(History.changed_at)))


def test_a_roster_import_keeps_every_guarantee_on_each_database(services: Services, tmp_path: Path) -> None:
    ours = services.enterprises.create(EnterpriseInput(name="河阳县豫新机械有限公司", contact_phone="13700000000"))
    empty = snapshot(services), sync_state(services)
    path = roster_xlsx(tmp_path / "名录.xlsx")
    first = services.exchange.import_paths([path])
    c = first.files[0].counts["enterprises"]
    assert (c["created"], c["conflicts"], c["rejected"]) == (3, 1, 4)
    actor = causal.actor_of(services.db.installation_id)
    with services.db.session() as s:
        created = {e.name: e for e in s.scalars(select(Enterprise).where(Enterprise.id != ours.id))}
        undo = list(s.scalars(select(ExchangeChange).where(ExchangeChange.batch_id == first.batch_id)))
    new = created["河阳县恒达铝业有限公司"]
    assert new.credit_code == "914403001922038216" and new.contact_phone == "13812345678"
    assert new.revision == 1 and new.changed_by == services.db.installation_id
    assert causal.parse_clock(new.clock, causal.tracked_fields(Enterprise.__table__)).vv == {actor: 1}
    [made] = _history(services, new.id)
    assert made.operation == "新增" and made.actor == "测试员（营商办）" and "名录.xlsx" in made.via
    assert made.changes["name"] == [None, "河阳县恒达铝业有限公司"]
    # Our enterprise's missing code was filled (a change, in the trail and the undo log); its phone differs.
    mine = services.enterprises.get(ours.id)
    assert mine.credit_code == "91440300708461136T" and mine.revision == 2
    [_made, filled] = _history(services, ours.id)
    assert filled.operation == "修改" and filled.changes["credit_code"] == [None, "91440300708461136T"]
    assert {(u.record_id, u.operation) for u in undo} == {*((e.id, "新增") for e in created.values()),
                                                          (ours.id, "修改")}
    [conflict] = services.exchange.conflicts()
    assert conflict.record_id == ours.id and {f.field for f in conflict.fields} == {"contact_phone"}

    # Again: nothing written, the same conflict not raised twice.
    after_first = snapshot(services), sync_state(services)
    again = services.exchange.import_paths([path])
    c = again.files[0].counts["enterprises"]
    assert (c["created"], c["updated"], c["unchanged"], c["conflicts"]) == (0, 0, 3, 1)
    assert (snapshot(services), sync_state(services)) == after_first
    assert len(services.exchange.conflicts()) == 1

    # With a tag: every enterprise named changes once, its clock one write further.
    tagged = services.exchange.import_paths([path], roster_mapping=RosterMapping(tags=("专精特新",)))
    assert tagged.files[0].counts["enterprises"]["updated"] == 3
    e = services.enterprises.get(new.id)
    assert e.tags == ("专精特新",) and e.revision == 2
    with services.db.session() as s:
        clock = s.scalar(select(Enterprise.clock).where(Enterprise.id == new.id))
    assert causal.parse_clock(clock or "", causal.tracked_fields(Enterprise.__table__)).vv == {actor: 2}
    assert _history(services, new.id)[-1].changes["tags"] == [[], ["专精特新"]]

    for batch in (tagged, first):
        services.exchange.undo_batch(batch.batch_id or "")
    assert (snapshot(services), sync_state(services)) == empty
