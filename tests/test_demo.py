from __future__ import annotations

from datetime import date
from pathlib import Path

from app.clock import FixedClock
from app.domain import ProblemStatus
from app.services import Services
from app.services.demo import generate
from app.services.integrity import check_database
from app.services.problems import ProblemFilter
from db.database import open_database
from tests.factories import acting

DAY = date(2026, 6, 15)


def _dump(path: Path) -> list[tuple[object, ...]]:
    import sqlite3

    con = sqlite3.connect(path)
    rows = con.execute("SELECT id, name, credit_code, region_name FROM enterprises ORDER BY id").fetchall()
    rows += con.execute("SELECT id, status, deadline, category FROM problems ORDER BY id").fetchall()
    con.close()
    return rows


def test_deterministic_for_a_seed(tmp_path: Path) -> None:
    dumps = []
    for name in ("a", "b"):
        db = open_database(tmp_path / f"{name}.sqlite")
        generate(db, scale=0.3, seed=5, today=DAY)
        db.close()
        dumps.append(_dump(tmp_path / f"{name}.sqlite"))
    assert dumps[0] == dumps[1]
    db = open_database(tmp_path / "c.sqlite")
    generate(db, scale=0.3, seed=6, today=DAY)
    db.close()
    assert _dump(tmp_path / "c.sqlite") != dumps[0]


def test_demo_covers_every_status_passes_check_and_scales(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite"
    db = open_database(path)
    summary = generate(db, scale=10, seed=1, today=DAY)
    assert summary.enterprises == 2000 and summary.problems > 15000
    services = acting(Services(db, FixedClock(DAY)))
    for status in ProblemStatus:
        assert services.problems.search(ProblemFilter(statuses=(status,)), limit=1).total > 0
    assert services.problems.search(ProblemFilter(overdue_only=True), limit=1).total > 0
    assert services.stats.never_visited(limit=1)
    db.close()
    report = check_database(path)
    assert report.ok, report.findings[:5]
    assert report.counts["enterprises"] == 2000


def test_demo_codes_are_valid_and_names_unique(tmp_path: Path) -> None:
    from app.standards.credit_code import is_valid

    db = open_database(tmp_path / "d.sqlite")
    generate(db, scale=1, seed=2, today=DAY)
    views = Services(db).enterprises.search(limit=1000)
    assert len({v.name for v in views}) == len(views) == 200
    assert all(is_valid(v.credit_code) for v in views if v.credit_code)
    db.close()


def test_every_demo_record_carries_a_clock_of_this_installation(tmp_path: Path) -> None:
    """The demo writes with Core inserts, past the ORM hook that stamps clocks: it sets them itself,
    for issue 21's 督办 and 回访 records as for the others."""
    from db import causal
    from db.models import SYNCED_MODELS

    db = open_database(tmp_path / "c.sqlite")
    generate(db, scale=0.3, seed=3, today=DAY)
    actor = causal.actor_of(db.installation_id)
    with db.engine.connect() as conn:
        for model in SYNCED_MODELS:
            table = model.__table__  # type: ignore[attr-defined]
            rows = conn.execute(table.select().with_only_columns(table.c.revision, table.c.clock)).all()
            assert rows, table.name
            fields = causal.tracked_fields(table)
            for revision, text in rows:
                clock = causal.parse_clock(text, fields)
                assert clock.vv == {actor: revision}, (table.name, text)
    db.close()


def test_check_finds_a_problem_without_any_progress_entry(tmp_path: Path) -> None:
    path = tmp_path / "small.sqlite"
    db = open_database(path)
    generate(db, scale=0.2, seed=1, today=DAY)
    with db.engine.begin() as conn:
        victim = conn.exec_driver_sql("SELECT id FROM problems ORDER BY id LIMIT 1").scalar()
        conn.exec_driver_sql("DELETE FROM progress_entries WHERE problem_id = ?", (victim,))
    db.close()
    report = check_database(path)
    assert not report.ok
    assert any("没有任何办理进展记录" in f.message for f in report.findings), report.findings[:5]
