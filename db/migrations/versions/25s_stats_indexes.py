"""covering indexes for the whole statistics report: every column a figure or a grouping reads
(source, extended and assigned_date were missing), so the report reads the indexes alone and
never the wide problem rows; and one index per stage in the order of its (start, end) dates, so
the average working days per stage are grouped without sorting 100,000 rows (the handover one
replaces the index on received_date, which it begins with)

Revision ID: 25s_stats_indexes
Revises: 27a_policies
Create Date: 2026-12-04
"""
from alembic import op

revision = '25s_stats_indexes'
down_revision = '27b_projects'
branch_labels = None
depends_on = None

_OLD = ['status', 'evaluation', 'stage_due', 'original_deadline', 'solved_date', 'received_date', 'deleted_at']
_STATS = ['deleted_at', 'status', 'evaluation', 'extended', 'received_date', 'assigned_date', 'solved_date',
          'original_deadline', 'stage_due']
_FILTERS = ['deleted_at', 'status', 'received_date', 'solved_date', 'enterprise_id', 'lead_unit', 'category']
_STAGES = {
    'ix_problems_stage_handover': ['received_date', 'assigned_date'],
    'ix_problems_stage_feedback': ['assigned_date', 'feedback_date'],
    'ix_problems_stage_solve': ['assigned_date', 'solved_date'],
    'ix_problems_stage_revisit': ['solved_date', 'evaluated_date'],
}


def upgrade() -> None:
    op.drop_index('ix_problems_stats_by_enterprise', table_name='problems')
    op.drop_index('ix_problems_stats_by_unit', table_name='problems')
    op.drop_index('ix_problems_received_date', table_name='problems')
    op.create_index('ix_problems_stats_by_enterprise', 'problems',
                    ['enterprise_id', *_STATS, 'lead_unit', 'category', 'source'], unique=False)
    op.create_index('ix_problems_stats_by_unit', 'problems',
                    ['lead_unit', 'category', 'source', *_STATS, 'enterprise_id'], unique=False)
    for name, pair in _STAGES.items():
        op.create_index(name, 'problems', [*pair, *(c for c in _FILTERS if c not in pair)], unique=False)


def downgrade() -> None:
    for name in _STAGES:
        op.drop_index(name, table_name='problems')
    op.drop_index('ix_problems_stats_by_unit', table_name='problems')
    op.drop_index('ix_problems_stats_by_enterprise', table_name='problems')
    op.create_index('ix_problems_received_date', 'problems', ['received_date'], unique=False)
    op.create_index('ix_problems_stats_by_enterprise', 'problems',
                    ['enterprise_id', *_OLD, 'lead_unit', 'category'], unique=False)
    op.create_index('ix_problems_stats_by_unit', 'problems', ['lead_unit', 'category', *_OLD, 'enterprise_id'],
                    unique=False)
