"""Migration 21a carries old problems forward with its own frozen copy of the stage rules (a
migration must not import app/, and must not change with the code after it). At its revision
that copy computes what app.stages.compute does with the default limits and calendar."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import ProblemStatus
from app.stages import Facts, Handling, TimeLimits, compute
from app.workdays import WorkCalendar

MIGRATION = Path(__file__).resolve().parent.parent / "db" / "migrations" / "versions" / "21a_accountability.py"


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_21a", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


M = _migration()
days = st.integers(min_value=0, max_value=60)


@settings(max_examples=300, deadline=None)
@given(status=st.sampled_from(list(ProblemStatus)), start=st.dates(date(2023, 1, 1), date(2026, 12, 1)),
       assigned_after=st.none() | days, feedback_after=st.none() | days, assists=st.booleans(),
       deadline_after=st.none() | days, solved_after=st.none() | days, evaluated=st.booleans(),
       complex_=st.booleans())
def test_the_frozen_rules_compute_what_the_stage_rules_compute(
        status: ProblemStatus, start: date, assigned_after: int | None, feedback_after: int | None, assists: bool,
        deadline_after: int | None, solved_after: int | None, evaluated: bool, complex_: bool) -> None:
    def after(n: int | None) -> date | None:
        return None if n is None else start + timedelta(days=n)

    assigned, feedback, deadline, solved = (after(assigned_after), after(feedback_after), after(deadline_after),
                                            after(solved_after))
    handling = (Handling.COMPLEX if complex_ else Handling.ORDINARY) if assigned else None
    facts = Facts(status=status, received=start, assigned=assigned, handling=handling, feedback=feedback,
                  has_assists=assists, assists_answered=feedback, deadline=deadline, solved=solved,
                  evaluated=evaluated)
    want = compute(facts, TimeLimits(), WorkCalendar())
    got = M._dues(status.value, start, assigned, feedback, assists, deadline, solved, evaluated)
    assert got == {"handover_due": want.handover_due, "feedback_due": want.feedback_due,
                   "assist_due": want.assist_due, "revisit_due": want.revisit_due,
                   "stage": want.stage.value if want.stage else None, "stage_due": want.stage_due}
