"""the overdue problems' index with their received and solved dates, so a period's statistics read
the problems late today from the index alone, as the all-time ones do

Revision ID: 27u_overdue_dates
Revises: 27t_overdue_by_unit
Create Date: 2026-12-04

A period's report from the running sums (db.figure_periods) keeps only the late problems open in
the period: without the two dates in the index each of the ~5,000 late problems at --scale 50
cost a read of its wide row (24 against 8 ms).
"""
from alembic import op
from sqlalchemy import text

revision = '27u_overdue_dates'
down_revision = '27t_overdue_by_unit'
branch_labels = None
depends_on = None

_WHERE = 'deleted_at IS NULL AND stage_due IS NOT NULL'
_COLUMNS = ['stage_due', 'enterprise_id', 'stage', 'deleted_at', 'lead_unit', 'category', 'source']


def upgrade() -> None:
    op.drop_index('ix_problems_overdue', table_name='problems')
    op.create_index('ix_problems_overdue', 'problems', [*_COLUMNS, 'received_date', 'solved_date'],
                    unique=False, sqlite_where=text(_WHERE), postgresql_where=text(_WHERE))


def downgrade() -> None:
    op.drop_index('ix_problems_overdue', table_name='problems')
    op.create_index('ix_problems_overdue', 'problems', _COLUMNS,
                    unique=False, sqlite_where=text(_WHERE), postgresql_where=text(_WHERE))
