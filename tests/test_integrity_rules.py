"""`zhuqi check`'s rules on both databases: the timeline rule reads only the status changes (and
on SQLite the table in its own order), the problem rules only the columns they need; what they
find must not change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from app.domain import ProblemStatus
from app.services.demo import generate
from app.services.integrity import check_database
from db.database import Database
from tests.conftest import database_url

pytestmark = pytest.mark.backends

DAY = date(2026, 6, 15)
MISMATCH = "办理进展记录与问题状态不符"


def test_check_finds_the_broken_timeline_and_rule_and_nothing_else(database: Database, backend: str) -> None:
    generate(database, scale=0.1, seed=4, today=DAY)
    url = database_url(database)
    clean = check_database(url)
    assert clean.ok and not clean.findings and clean.counts["progress_entries"] > 0
    with database.engine.begin() as conn:
        ids = conn.execute(text("SELECT id FROM problems WHERE status = :s ORDER BY id"),
                           {"s": ProblemStatus.IN_PROGRESS.value}).scalars().all()
        wrong, noisy, unruly = ids[:3]
        # A status the timeline never reached: found.
        conn.execute(text("UPDATE problems SET status = :s WHERE id = :id"),
                     {"s": ProblemStatus.LISTED.value, "id": wrong})
        # Entries that change nothing (the same status on both sides, or none), dated last: not changes.
        like = conn.execute(text("SELECT * FROM progress_entries WHERE problem_id = :id ORDER BY entry_date DESC "
                                 "LIMIT 1"), {"id": noisy}).mappings().one()
        for n, (before, after) in enumerate([(ProblemStatus.CLOSED.value, ProblemStatus.CLOSED.value),
                                             (ProblemStatus.CLOSED.value, None)]):
            row = {**like, "id": f"{like['id'][:30]}-{n}", "entry_date": date(2026, 6, 14),
                   "from_status": before, "to_status": after}
            conn.execute(text(f"INSERT INTO progress_entries ({', '.join(row)}) "
                              f"VALUES ({', '.join(':' + k for k in row)})"), row)
        # A row rule: 暂不具备条件 without its reason.
        conn.execute(text("UPDATE problems SET status = :s, deferred_reason = '' WHERE id = :id"),
                     {"s": ProblemStatus.DEFERRED.value, "id": unruly})
    report = check_database(url)
    found = {(f.message.split("：")[0], f.record_id) for f in report.findings}
    assert not report.ok
    assert (MISMATCH, wrong) in found
    assert not any(rid == noisy for _m, rid in found), report.findings
    assert ("“暂不具备条件”的问题缺少原因或政策依据", unruly) in found
    # The deferred one's timeline ends at 办理中 too: nothing else is found.
    assert found == {(MISMATCH, wrong), (MISMATCH, unruly),
                     ("“暂不具备条件”的问题缺少原因或政策依据", unruly)}, report.findings


def test_a_quick_check_says_so_and_finds_the_same(database: Database, backend: str) -> None:
    generate(database, scale=0.1, seed=4, today=DAY)
    url = database_url(database)
    full, quick = check_database(url), check_database(url, quick=True)
    assert full.ok and quick.ok and full.counts == quick.counts
    assert not full.quick
    # quick_check is SQLite's; a server has neither.
    assert quick.quick == (backend == "sqlite")
