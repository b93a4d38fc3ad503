"""Paging through the problem ledger: every problem once, in the order of one big query, for every
sort key and direction — also when problems change between two pages (an OFFSET would skip one)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from app.clock import FixedClock
from app.domain import ProblemStatus
from app.services import Services
from app.services.demo import generate
from app.services.problems import SORT_KEYS, PageCursor, ProblemFilter, ProblemInput, ProblemView
from db import dialect
from db.database import Database, open_database
from tests.factories import acting, enterprise

#: Service-level tests run on SQLite and on PostgreSQL (see conftest.py).
pytestmark = pytest.mark.backends

DAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def county_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("county") / "county.sqlite"
    db = open_database(path)
    generate(db, scale=0.5, seed=3, today=DAY)
    db.close()
    return path


@pytest.fixture
def county(county_file: Path, tmp_path: Path) -> Iterator[Services]:
    copy = tmp_path / "county.sqlite"
    shutil.copy(county_file, copy)
    db = open_database(copy)
    yield acting(Services(db, FixedClock(DAY)))
    db.close()


def _all_pages(services: Services, f: ProblemFilter, sort: str, descending: bool, size: int) -> list[ProblemView]:
    rows: list[ProblemView] = []
    after: PageCursor | None = None
    while True:
        page = services.problems.search(f, limit=size, after=after, sort=sort, descending=descending,
                                        count=after is None)
        rows += page.rows
        assert len(page.rows) <= size
        after = page.next_page
        if after is None:
            return rows


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("sort", sorted(SORT_KEYS))
def test_pages_give_every_problem_once_in_order(county: Services, sort: str, descending: bool) -> None:
    f = ProblemFilter()
    whole = county.problems.search(f, limit=1_000_000, sort=sort, descending=descending)
    assert whole.total == len(whole.rows) > 100 and whole.next_page is None
    paged = _all_pages(county, f, sort, descending, size=37)
    assert [p.id for p in paged] == [p.id for p in whole.rows]


def test_sort_keys_with_empty_values_page_across_them(county: Services) -> None:
    # Open problems have no 满意度 and many have no 期限: the NULLs sit together at one end.
    whole = county.problems.search(ProblemFilter(), limit=1_000_000, sort="evaluation", descending=False)
    values = [p.evaluation for p in whole.rows]
    assert None in values and any(v is not None for v in values)
    assert values.index(None) == 0  # ascending: empty first
    for descending in (True, False):
        for size in (1, 7, 200):
            paged = _all_pages(county, ProblemFilter(), "deadline", descending, size)
            assert len({p.id for p in paged}) == len(paged) == whole.total


def test_a_problem_deleted_between_pages_skips_none_of_the_others(county: Services) -> None:
    f = ProblemFilter()
    first = county.problems.search(f, limit=50, sort="received_date", descending=True)
    assert first.next_page is not None and first.total is not None
    gone = first.rows[3]
    county.problems.delete(gone.id)
    rest = _all_pages_from(county, f, first.next_page)
    shown = [p.id for p in first.rows] + [p.id for p in rest]
    assert len(shown) == len(set(shown)) == first.total
    left = county.problems.search(f, limit=1_000_000, sort="received_date", descending=True)
    assert set(shown) - {gone.id} == {p.id for p in left.rows}


def _all_pages_from(services: Services, f: ProblemFilter, after: PageCursor) -> list[ProblemView]:
    rows: list[ProblemView] = []
    cursor: PageCursor | None = after
    while cursor is not None:
        page = services.problems.search(f, limit=50, after=cursor, sort="received_date", descending=True,
                                        count=False)
        assert page.total is None
        rows += page.rows
        cursor = page.next_page
    return rows


def test_filters_apply_to_every_page(county: Services) -> None:
    f = ProblemFilter(text="融资")
    whole = county.problems.search(f, limit=1_000_000, sort="enterprise", descending=False)
    assert 0 < len(whole.rows) == whole.total
    assert [p.id for p in _all_pages(county, f, "enterprise", False, 5)] == [p.id for p in whole.rows]


def test_the_count_leaves_out_deleted_problems_and_those_of_deleted_enterprises(services: Services) -> None:
    """The ledger's count (read without the join where no filter asks about the enterprise) and its
    rows agree, with or without filters on the enterprise, on both databases."""
    acting(services)
    keep = enterprise(services)
    gone = enterprise(services, "河阳县宏图电子有限公司", code="91440300708461136T")
    ids = [services.problems.create(ProblemInput(enterprise_id=e, category="融资", description=f"贷款难{i}",
                                                 received_date=date(2026, 6, 1 + i))).id
           for i, e in enumerate([keep, keep, keep, gone, gone])]
    services.problems.delete(ids[0])
    services.enterprises.delete(gone)
    for f in (ProblemFilter(), ProblemFilter(statuses=(ProblemStatus.LISTED,)), ProblemFilter(region="城关镇"),
              ProblemFilter(text="贷款难"), ProblemFilter(categories=("融资",))):
        page = services.problems.search(f)
        assert ([p.id for p in page.rows], page.total) == (ids[2:0:-1], 2), f


def test_on_a_server_the_ledger_order_and_count_have_their_indexes(services: Services, database: Database,
                                                                    backend: str) -> None:
    """PostgreSQL's B-tree read backwards puts NULLs first: the ledger's order (newest first, NULLs
    last, then ID) has its own index there (migration 26c), and the count a partial index."""
    with database.reading() as s:
        names = set(s.execute(text("SELECT indexname FROM pg_indexes") if backend == "postgresql" else
                              text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
        if backend == "sqlite":  # its index on received_date gives that order already
            assert {dialect.LEDGER_INDEX, dialect.LIVE_INDEX}.isdisjoint(names)
            return
        assert {dialect.LEDGER_INDEX, dialect.LIVE_INDEX} <= names
        s.execute(text("SET LOCAL enable_seqscan = off"))
        s.execute(text("SET LOCAL enable_sort = off"))
        page = "\n".join(s.execute(text(
            "EXPLAIN SELECT id FROM problems WHERE deleted_at IS NULL "
            "ORDER BY received_date DESC NULLS LAST, id LIMIT 200")).scalars())
        count = "\n".join(s.execute(text(
            "EXPLAIN SELECT count(*) FROM problems WHERE deleted_at IS NULL")).scalars())
    assert dialect.LEDGER_INDEX in page, page
    assert dialect.LIVE_INDEX in count, count


def _uncounted(services: Services, f: ProblemFilter, sort: str, descending: bool, size: int) -> list[ProblemView]:
    """Every page read without counting (the statement that pages through the ledger)."""
    rows: list[ProblemView] = []
    after: PageCursor | None = None
    while True:
        page = services.problems.search(f, limit=size, after=after, sort=sort, descending=descending, count=False)
        rows += page.rows
        after = page.next_page
        if after is None:
            return rows


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("sort", sorted(SORT_KEYS))
def test_a_text_search_reads_its_first_page_and_total_in_one_pass(county: Services, sort: str,
                                                                  descending: bool) -> None:
    """The first page of a text search is counted and sorted by one statement (a window count over the
    matches' keys): the same rows, order, cursor and total as the pages read one by one uncounted."""
    region = county.enterprises.regions()[0]
    for f in (ProblemFilter(text="融资"), ProblemFilter(text="融资", region=region),
              ProblemFilter(text="融资", statuses=(ProblemStatus.IN_PROGRESS,))):
        first = county.problems.search(f, limit=37, sort=sort, descending=descending)
        plain = county.problems.search(f, limit=37, sort=sort, descending=descending, count=False)
        every = _uncounted(county, f, sort, descending, 37)
        assert (first.rows, first.next_page) == (plain.rows, plain.next_page), f
        assert first.total == len(every) == len({p.id for p in every}), f
    assert county.problems.search(ProblemFilter(text="融资"), limit=37).total > 37
    nothing = county.problems.search(ProblemFilter(text="不存在的文字"), sort=sort, descending=descending)
    assert (nothing.rows, nothing.total, nothing.next_page) == ([], 0, None)


def test_overdue_in_a_region_is_read_from_the_overdue_index(database: Database, backend: str) -> None:
    """"Overdue" asks only stage_due < today (a problem awaiting nothing has a NULL stage_due, never
    less than a date), and the live problems awaiting a stage have a partial index of (stage_due,
    enterprise_id) that the filter can use on both databases (migration 26d): the same problems as
    the rule says, and the index's condition implied by the filter's."""
    generate(database, scale=0.1, seed=3, today=DAY)
    services = Services(database, FixedClock(DAY))
    every = services.problems.search(ProblemFilter(), limit=1_000_000).rows
    late = [p for p in every if p.stage_due is not None and p.stage_due < DAY]
    region = max({p.region_name for p in late}, key=lambda r: sum(p.region_name == r for p in late))
    expected = {p.id for p in late if p.region_name == region}
    assert any(p.stage_due is None for p in every) and expected
    page = services.problems.search(ProblemFilter(overdue_only=True, region=region), limit=1_000_000)
    assert {p.id for p in page.rows} == expected and page.total == len(expected)
    assert all(p.overdue for p in page.rows)
    # The statistics' overdue by stage reads the index alone (the stage is in it) on both.
    by_stage = ("SELECT enterprise_id, stage, count(*) FROM problems {} WHERE deleted_at IS NULL AND stage_due < :day "
                "GROUP BY enterprise_id, stage")
    with database.reading() as s:
        if backend == "sqlite":
            # INDEXED BY fails ("no query solution") unless the filter implies the index's condition.
            plan = " ".join(str(r[-1]) for r in s.execute(text(
                "EXPLAIN QUERY PLAN " + by_stage.format("INDEXED BY ix_problems_overdue")), {"day": DAY}))
            assert "COVERING INDEX ix_problems_overdue" in plan, plan
        else:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            s.execute(text("SET LOCAL enable_bitmapscan = off"))
            plan = "\n".join(s.execute(text("EXPLAIN " + by_stage.format("")), {"day": DAY}).scalars())
            assert "Index Only Scan using ix_problems_overdue" in plan, plan
