"""the accountability loop: stage time limits on working days, extension approvals,
督办 and 回访 records, 四上 and assignment roles, the office's own calendar days

Revision ID: 21a_accountability
Revises: 0007
Create Date: 2026-12-03

Problems created before this change get their stage deadlines computed from their
dates on the official calendar with the default "13710" limits: the original
deadline is the one before the first extension, the first feedback the first
领单/进展/办结 entry after 交办 (the 协办 answer is taken to have come with it), and
extensions already recorded count as approved. Assignments take their role from
the cadre's; the 督办级别 code list is seeded and the unit list gains the units a
county office hands problems to. The new 督办 and 回访 records carry a clock (db.causal)
like every synchronised record (0007); the values computed here for old rows leave the
rows' clocks as they were: every installation computes the same from the same dates.
"""
from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from alembic import op

import db.types

revision = '21a_accountability'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('workday', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days'))
    )
    op.create_table('revisits',
    sa.Column('problem_id', sa.String(length=36), nullable=False),
    sa.Column('revisit_date', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('evaluator', sa.String(length=50), nullable=False),
    sa.Column('evaluator_position', sa.String(length=50), nullable=False),
    sa.Column('result', sa.String(length=6), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('check_solved', sa.Boolean(), nullable=False),
    sa.Column('check_answered', sa.Boolean(), nullable=False),
    sa.Column('check_contacted', sa.Boolean(), nullable=False),
    sa.Column('check_satisfied', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('clock', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_revisits_problem_id_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revisits'))
    )
    with op.batch_alter_table('revisits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisits_problem_id'), ['problem_id'], unique=False)

    op.create_table('supervisions',
    sa.Column('problem_id', sa.String(length=36), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('issued_date', sa.Date(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('issued_by', sa.String(length=100), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('stage', sa.String(length=8), nullable=False),
    sa.Column('days_late', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('clock', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_supervisions_problem_id_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervisions'))
    )
    with op.batch_alter_table('supervisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisions_issued_date'), ['issued_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervisions_problem_id'), ['problem_id'], unique=False)

    # Plain ALTER TABLE ADD COLUMN (no table copy): a copy of a table other rows point to fails
    # its DROP with foreign keys on, and costs a rewrite of every problem for nothing.
    op.add_column('assignments', sa.Column('role', sa.String(length=20), server_default='助企干部', nullable=False))
    op.add_column('deadline_extensions', sa.Column('requested_by', sa.String(length=100), server_default='', nullable=False))
    op.add_column('deadline_extensions', sa.Column('status', sa.String(length=6), server_default='已批准', nullable=False))
    op.add_column('deadline_extensions', sa.Column('decided_by', sa.String(length=100), server_default='', nullable=False))
    op.add_column('deadline_extensions', sa.Column('decided_date', sa.Date(), nullable=True))
    op.add_column('deadline_extensions', sa.Column('decision_note', sa.Text(), server_default='', nullable=False))
    op.add_column('enterprises', sa.Column('four_above', sa.Boolean(), server_default=sa.false(), nullable=False))
    for column in (
        sa.Column('handling', sa.String(length=6), nullable=True),
        sa.Column('original_deadline', sa.Date(), nullable=True),
        sa.Column('extended', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('handover_due', sa.Date(), nullable=True),
        sa.Column('feedback_due', sa.Date(), nullable=True),
        sa.Column('feedback_date', sa.Date(), nullable=True),
        sa.Column('assist_due', sa.Date(), nullable=True),
        sa.Column('assist_answered_date', sa.Date(), nullable=True),
        sa.Column('last_report_date', sa.Date(), nullable=True),
        sa.Column('revisit_due', sa.Date(), nullable=True),
        sa.Column('stage', sa.String(length=8), nullable=True),
        sa.Column('stage_due', sa.Date(), nullable=True),
    ):
        op.add_column('problems', column)
    op.drop_index('ix_problems_stats_by_enterprise', table_name='problems')
    op.create_index('ix_problems_stats_by_enterprise', 'problems', ['enterprise_id', 'status', 'evaluation', 'stage_due', 'original_deadline', 'solved_date', 'received_date', 'deleted_at', 'lead_unit', 'category'], unique=False)
    op.drop_index('ix_problems_stats_by_unit', table_name='problems')
    op.create_index('ix_problems_stats_by_unit', 'problems', ['lead_unit', 'category', 'status', 'evaluation', 'stage_due', 'original_deadline', 'solved_date', 'received_date', 'deleted_at', 'enterprise_id'], unique=False)
    op.create_index('ix_problems_stage_due', 'problems', ['stage_due'], unique=False)

    _seed_code_lists()
    _assignment_roles()
    _carry_problems_forward()


SUPERVISION_LEVELS = ["提醒", "督办", "挂牌督办"]
MORE_UNITS = ["行政审批局", "财政局", "教育局", "司法局", "城市管理局", "应急管理局", "水利局",
              "卫生健康委", "文化广电和旅游局", "乡镇人民政府（街道办事处）"]


def _seed_code_lists() -> None:
    conn = op.get_bind()
    code_list = sa.table("code_list", sa.column("kind", sa.String), sa.column("value", sa.String),
                         sa.column("builtin", sa.Boolean), sa.column("sort_order", sa.Integer))
    for kind, values in (("督办级别", SUPERVISION_LEVELS), ("责任单位", MORE_UNITS)):
        existing = set(conn.scalars(sa.select(code_list.c.value).where(code_list.c.kind == kind)))
        top = conn.scalar(sa.select(sa.func.max(code_list.c.sort_order)).where(code_list.c.kind == kind)) or 0
        rows = [{"kind": kind, "value": v, "builtin": True, "sort_order": top + i}
                for i, v in enumerate((v for v in values if v not in existing), start=1)]
        if rows:
            op.bulk_insert(code_list, rows)


def _assignment_roles() -> None:
    op.execute("UPDATE assignments SET role = (SELECT CASE cadres.role WHEN '包联领导' THEN '包联领导' "
               "WHEN '首席服务员' THEN '首席服务员' ELSE '助企干部' END FROM cadres "
               "WHERE cadres.id = assignments.cadre_id)")


def _carry_problems_forward() -> None:
    # The rules as they stood at this revision (app.stages.compute with the default limits on
    # app.workdays' official calendar), frozen here: the migration applies them once, to old rows,
    # and neither changes with the code after it nor reaches above the storage layer.
    conn = op.get_bind()
    problems = sa.table(
        "problems", sa.column("id", sa.String), sa.column("status", sa.String),
        sa.column("received_date", sa.Date), sa.column("assigned_date", sa.Date), sa.column("deadline", sa.Date),
        sa.column("solved_date", sa.Date), sa.column("evaluation", sa.String), sa.column("assist_units", sa.JSON),
        sa.column("handling", sa.String), sa.column("original_deadline", sa.Date), sa.column("extended", sa.Boolean),
        sa.column("handover_due", sa.Date), sa.column("feedback_due", sa.Date), sa.column("feedback_date", sa.Date),
        sa.column("assist_due", sa.Date), sa.column("assist_answered_date", sa.Date),
        sa.column("last_report_date", sa.Date), sa.column("revisit_due", sa.Date), sa.column("stage", sa.String),
        sa.column("stage_due", sa.Date))
    extensions = sa.table("deadline_extensions", sa.column("problem_id", sa.String),
                          sa.column("old_deadline", sa.Date), sa.column("requested_date", sa.Date))
    entries = sa.table("progress_entries", sa.column("problem_id", sa.String), sa.column("kind", sa.String),
                       sa.column("entry_date", sa.Date))
    first_old: dict[str, tuple[date, date | None]] = {}
    for pid, requested, old in conn.execute(sa.select(extensions.c.problem_id, extensions.c.requested_date,
                                                      extensions.c.old_deadline)):
        if pid not in first_old or requested < first_old[pid][0]:
            first_old[pid] = (requested, old)
    feedback: dict[str, list[date]] = defaultdict(list)
    reports: dict[str, date] = {}
    for pid, kind, day in conn.execute(sa.select(entries.c.problem_id, entries.c.kind, entries.c.entry_date)
                                       .where(entries.c.kind.in_(["领单", "办理进展", "办结"]))):
        feedback[pid].append(day)
        if kind == "办理进展":
            reports[pid] = max(day, reports.get(pid, day))
    updates = []
    for row in conn.execute(sa.select(problems)).mappings():
        pid, assigned, deadline = row["id"], row["assigned_date"], row["deadline"]
        original = first_old[pid][1] if pid in first_old and first_old[pid][1] else deadline
        handling = None
        if assigned is not None:
            long = original is not None and (original - assigned).days > 14
            handling = "复杂" if long else "一般"
        fed = min((d for d in feedback.get(pid, []) if assigned is not None and d >= assigned), default=None)
        dues = _dues(row["status"], row["received_date"], assigned, fed, bool(row["assist_units"]), deadline,
                     row["solved_date"], row["evaluation"] is not None)
        updates.append({
            "pid": pid, "handling": handling, "original_deadline": original,
            "extended": pid in first_old, "handover_due": dues["handover_due"], "feedback_due": dues["feedback_due"],
            "feedback_date": fed, "assist_due": dues["assist_due"],
            "assist_answered_date": fed if row["assist_units"] else None,
            "last_report_date": reports.get(pid), "revisit_due": dues["revisit_due"],
            "stage": dues["stage"], "stage_due": dues["stage_due"],
        })
    if updates:
        # Bind names differ from the column names (SQLAlchemy reserves those for the SET clause).
        stmt = problems.update().where(problems.c.id == sa.bindparam("pid")).values(
            {k: sa.bindparam("v_" + k) for k in updates[0] if k != "pid"})
        rows = [{("v_" + k if k != "pid" else k): v for k, v in u.items()} for u in updates]
        for i in range(0, len(rows), 5000):
            conn.execute(stmt, rows[i:i + 5000])


@lru_cache(maxsize=1)
def _official_years() -> frozenset[int]:
    from chinese_calendar import constants as official  # type: ignore[import-untyped]

    return frozenset(d.year for d in official.holidays)


def _workday(d: date) -> bool:
    """The official calendar (the chinese_calendar package) where it knows the year, else Monday to Friday."""
    from chinese_calendar import constants as official

    if d.year in _official_years():
        if d in official.workdays:
            return True
        if d in official.holidays:
            return False
    return d.weekday() < 5


def _add(start: date, n: int) -> date:
    """The n-th working day after `start`."""
    d = start
    while n > 0:
        d += timedelta(days=1)
        if _workday(d):
            n -= 1
    return d


def _dues(status: str, received: date, assigned: date | None, feedback: date | None, has_assists: bool,
          deadline: date | None, solved: date | None, evaluated: bool) -> dict[str, Any]:
    """The stage dues of the default "13710" limits (交办 1, 首次反馈 3, 协办 3, 回访 5 working days);
    no old problem needs higher coordination, so none reports monthly."""
    handover_due = _add(received, 1)
    feedback_due = _add(assigned, 3) if assigned else None
    assist_due = _add(assigned, 3) if assigned and has_assists else None
    revisit_due = _add(solved, 5) if solved and status in ("已办结", "已销号") else None
    pending: list[tuple[date, int, str]] = []
    if status == "待交办":
        pending.append((handover_due, 0, "交办"))
    elif status == "办理中":
        if feedback_due and feedback is None:
            pending.append((feedback_due, 1, "首次反馈"))
        if assist_due and feedback is None:  # the 协办 answer is taken to have come with the feedback
            pending.append((assist_due, 2, "协办反馈"))
        if deadline is not None:
            pending.append((deadline, 3, "办结"))
    elif status == "已办结" and not evaluated and revisit_due is not None:
        pending.append((revisit_due, 5, "回访"))
    due, _order, stage = min(pending) if pending else (None, None, None)
    return {"handover_due": handover_due, "feedback_due": feedback_due, "assist_due": assist_due,
            "revisit_due": revisit_due, "stage": stage, "stage_due": due}


def downgrade() -> None:
    op.execute("DELETE FROM code_list WHERE kind = '督办级别'")
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_stage_due')
        batch_op.drop_index('ix_problems_stats_by_unit')
        batch_op.create_index(batch_op.f('ix_problems_stats_by_unit'), ['lead_unit', 'category', 'status', 'evaluation', 'deadline', 'solved_date', 'received_date', 'deleted_at', 'enterprise_id'], unique=False)
        batch_op.drop_index('ix_problems_stats_by_enterprise')
        batch_op.create_index(batch_op.f('ix_problems_stats_by_enterprise'), ['enterprise_id', 'status', 'evaluation', 'deadline', 'solved_date', 'received_date', 'deleted_at', 'lead_unit', 'category'], unique=False)
        batch_op.drop_column('stage_due')
        batch_op.drop_column('stage')
        batch_op.drop_column('revisit_due')
        batch_op.drop_column('last_report_date')
        batch_op.drop_column('assist_answered_date')
        batch_op.drop_column('assist_due')
        batch_op.drop_column('feedback_date')
        batch_op.drop_column('feedback_due')
        batch_op.drop_column('handover_due')
        batch_op.drop_column('extended')
        batch_op.drop_column('original_deadline')
        batch_op.drop_column('handling')

    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_column('four_above')

    with op.batch_alter_table('deadline_extensions', schema=None) as batch_op:
        batch_op.drop_column('decision_note')
        batch_op.drop_column('decided_date')
        batch_op.drop_column('decided_by')
        batch_op.drop_column('status')
        batch_op.drop_column('requested_by')

    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('role')

    with op.batch_alter_table('supervisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisions_problem_id'))
        batch_op.drop_index(batch_op.f('ix_supervisions_issued_date'))

    op.drop_table('supervisions')
    with op.batch_alter_table('revisits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisits_problem_id'))

    op.drop_table('revisits')
    op.drop_table('calendar_days')
