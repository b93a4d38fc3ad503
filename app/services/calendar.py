"""The working-day calendar and the stage time limits of this installation: the
official arrangement (app.workdays) with the office's own entries, and the limits
scheme ("13710" unless the office set its own). Changing either moves the stage
deadlines of the problems they affect, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import fields
from app.changes import Change
from app.clock import Clock
from app.domain import ProblemStatus
from app.errors import ValidationError
from app.services.access import require
from app.stages import Facts, Handling, TimeLimits, compute
from app.workdays import SpecialDay, WorkCalendar, builtin_years, calendar_with, first_uncovered
from db.database import Database, meta_value
from db.models import AppMeta, CalendarDay, Problem

LIMITS_KEY = "time_limits"


def load_calendar(s: Session) -> WorkCalendar:
    # No autoflush: reading the calendar midway through an action must not write the record
    # twice (the audit trail would show two changes for one action).
    with s.no_autoflush:
        return calendar_with([(d.day, d.workday, d.name) for d in s.scalars(select(CalendarDay))])


def load_limits(s: Session) -> TimeLimits:
    with s.no_autoflush:
        return TimeLimits.from_json(meta_value(s, LIMITS_KEY))


def refresh_dues(p: Problem, cal: WorkCalendar, limits: TimeLimits) -> None:
    """Recompute the problem's stage deadlines and the stage awaited now from its dates."""
    facts = Facts(
        status=ProblemStatus(p.status), received=p.received_date, assigned=p.assigned_date,
        handling=Handling(p.handling) if p.handling else None, feedback=p.feedback_date,
        has_assists=bool(p.assist_units), assists_answered=p.assist_answered_date, deadline=p.deadline,
        last_report=p.last_report_date, solved=p.solved_date, evaluated=p.evaluation is not None,
    )
    d = compute(facts, limits, cal)
    values = {"handover_due": d.handover_due, "feedback_due": d.feedback_due, "assist_due": d.assist_due,
              "revisit_due": d.revisit_due, "stage": d.stage.value if d.stage else None, "stage_due": d.stage_due}
    for name, value in values.items():
        if getattr(p, name) != value:  # unchanged values leave the record unchanged (no new revision)
            setattr(p, name, value)


@dataclass(frozen=True)
class YearView:
    year: int
    #: The official arrangement is built into this version of the program.
    builtin: bool
    #: Known at all: built in, or entered by the office.
    covered: bool
    days: tuple[SpecialDay, ...]


class CalendarService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def calendar(self) -> WorkCalendar:
        with self._db.reading() as s:
            return load_calendar(s)

    def limits(self) -> TimeLimits:
        with self._db.reading() as s:
            return load_limits(s)

    def year(self, year: int) -> YearView:
        cal = self.calendar()
        return YearView(year, year in builtin_years(), cal.covered(year), tuple(cal.special_days(year)))

    def warning(self) -> str | None:
        """A sentence when this year's (or, in December, next year's) arrangement is not known."""
        year = first_uncovered(self.calendar(), self._clock.today())
        if year is None:
            return None
        return (f"{year}年的法定节假日和调休安排尚未录入，工作日暂按周一至周五计算；"
                f"请在“设置 → 工作日历”或用 zhuqi calendar set 录入国务院办公厅通知的安排")

    def set_day(self, day: date, workday: bool, name: str = "") -> DeadlinesMoved:
        """Enter a day as a working day or a day off; returns the problems whose deadlines moved."""
        label = fields.text("名称", name, 50)
        with self._db.session(via="工作日历") as s:
            require(s, self._db.actor, "修改工作日历")
            row = s.get(CalendarDay, day)
            if row is None:
                s.add(CalendarDay(day=day, workday=workday, name=label))
            else:
                row.workday, row.name = workday, label
            s.flush()
            return _recompute(s, day.year)

    def remove_day(self, day: date) -> DeadlinesMoved:
        """Drop the office's entry for a day (the official arrangement applies again)."""
        with self._db.session(via="工作日历") as s:
            require(s, self._db.actor, "修改工作日历")
            row = s.get(CalendarDay, day)
            if row is None:
                raise ValidationError("日期", day.isoformat(), "没有本单位录入的该日安排")
            s.delete(row)
            s.flush()
            return _recompute(s, day.year)

    def set_limits(self, limits: TimeLimits) -> DeadlinesMoved:
        """Save the time-limit scheme; the deadlines of problems still awaited move with it."""
        limits = limits.validated()
        with self._db.session(via="时限规则") as s:
            require(s, self._db.actor, "修改时限规则")
            row = s.get(AppMeta, LIMITS_KEY)
            if row is None:
                s.add(AppMeta(key=LIMITS_KEY, value=limits.to_json()))
            else:
                row.value = limits.to_json()
            s.flush()
            return _recompute(s, None)


@dataclass(frozen=True)
class DeadlinesMoved:
    """What a change of the calendar or the time limits did: how many problems' stage deadlines
    moved with it (the ledger and the figures reload only when some did)."""

    moved: int

    @property
    def changes(self) -> Change:
        return Change.PROBLEMS if self.moved else Change.NONE


def _recompute(s: Session, year: int | None) -> DeadlinesMoved:
    """Refresh the dues of problems a change can affect: those with dates from the year before
    the changed one on (all problems when the limits change). Returns how many changed."""
    cal, limits = load_calendar(s), load_limits(s)
    q = select(Problem).where(Problem.deleted_at.is_(None))
    if year is not None:
        q = q.where(Problem.received_date >= date(year - 1, 1, 1))
    changed = 0
    for p in s.scalars(q):
        refresh_dues(p, cal, limits)
        changed += s.is_modified(p)
    return DeadlinesMoved(changed)
