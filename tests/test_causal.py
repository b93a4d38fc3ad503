"""The clock of a record (db/causal.py): its text form, and what it says about versions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db import causal

FIELDS = ("category", "demand", "description", "status", "deleted_at")
ACTORS = ("3f2a9c1d0e4b", "8c1e5a2b7d90", "L0123456789a", "Habcdef01234")


@st.composite
def clocks(draw: st.DrawFn) -> causal.Clock:
    actors = draw(st.lists(st.sampled_from(ACTORS), min_size=1, max_size=4, unique=True))
    vv = {a: draw(st.integers(1, 9)) for a in actors}
    dots = st.builds(lambda a, f: (a, max(1, round(vv[a] * f))), st.sampled_from(actors), st.floats(0, 1))
    fields = {name: frozenset(draw(st.lists(dots, min_size=1, max_size=2))) for name in FIELDS}
    lost = set()
    for a in draw(st.lists(st.sampled_from(actors), max_size=2)):
        lo = draw(st.integers(1, vv[a]))
        lost.add(causal.Lost(a, lo, draw(st.integers(lo, vv[a])),
                             frozenset(draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3)))))
    return causal.Clock(vv, fields, frozenset(lost))


@given(clocks())
def test_the_text_reads_back_as_the_same_clock_and_is_canonical(clock: causal.Clock) -> None:
    text = causal.format_clock(clock)
    again = causal.parse_clock(text, FIELDS)
    assert (again.vv, again.fields, again.lost) == (clock.vv, clock.fields, clock.lost)
    assert causal.format_clock(again) == text


def test_a_write_moves_only_its_fields_and_descends() -> None:
    a, b = ACTORS[:2]
    first = causal.fresh(a, FIELDS)
    later = causal.tick(first, b, ["demand"])
    assert later.descends_from(first) and not first.descends_from(later)
    assert later.fields["demand"] == {(b, 1)} and later.fields["description"] == {(a, 1)}
    assert causal.format_clock(later) == "3f2a9c1d0e4b:1 8c1e5a2b7d90:1 | 0.1 | 1.1 demand"


def test_lost_writes_with_no_field_are_nothing() -> None:
    clock = causal.Clock({ACTORS[0]: 2}, dict.fromkeys(FIELDS, frozenset({(ACTORS[0], 2)})),
                         frozenset({causal.Lost(ACTORS[0], 1, 1, frozenset())}))
    text = causal.format_clock(clock)
    assert "x" not in text.split("|")[-1]
    assert causal.parse_clock("3f2a9c1d0e4b:2 | 0.2 | x 0.1-1", FIELDS).lost == frozenset()


def test_fields_it_does_not_know_hold_the_default_and_unknown_names_are_ignored() -> None:
    clock = causal.parse_clock("3f2a9c1d0e4b:2 | 0.1 | 0.2 demand gone_field", ("demand", "new_field"))
    assert clock.fields == {"demand": {("3f2a9c1d0e4b", 2)}, "new_field": {("3f2a9c1d0e4b", 1)}}


@pytest.mark.parametrize("text", ["", "   ", "not a clock", "3f2a9c1d0e4b:0 | 0.1", "3f2a9c1d0e4b:2",
                                  "3f2a9c1d0e4b:2 | 0.3", "3f2a9c1d0e4b:2 | 1.1", "xyz:1 | 0.1",
                                  "3f2a9c1d0e4b:1 3f2a9c1d0e4b:2 | 0.1", "3f2a9c1d0e4b:2 | 0.1 | x 0.2-1 demand"])
def test_a_text_edited_by_hand_is_refused(text: str) -> None:
    with pytest.raises(causal.ClockError):
        causal.parse_clock(text, FIELDS)


def test_format_1_versions_are_hashed_as_format_1_did() -> None:
    """Frozen: the content hash that format 1 wrote in 版本指纹 and 同步基线, for a known record."""
    from datetime import UTC, date, datetime

    record = {"enterprise_id": "e0000000-0000-4000-8000-000000000001", "category": "融资",
              "description": "流动资金紧张",
              "demand": "协调续贷", "source": "走访发现", "scope": "个性", "received_date": date(2026, 5, 2),
              "assist_units": ["人民银行", "金融工作局"], "level": "县", "status": "待交办",
              "deleted_at": datetime(2026, 6, 1, 8, 30, 15, 123456, tzinfo=UTC)}
    assert causal.v1_hash("problems", record) == causal.v1_hash("problems", {**record, "assist_units": [
        "金融工作局", "人民银行"]})
    assert causal.v1_hash("problems", record) == "bde8bfb6c82f7e57d0955d8160667d9f"


def test_every_sheet_s_content_columns_are_the_fields_its_clock_tracks() -> None:
    from app.exchange.schema import SHEETS

    for spec in SHEETS:
        assert {c.field for c in spec.content_columns} == set(causal.tracked_fields(spec.table)), spec.key
