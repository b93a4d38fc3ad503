"""covering indexes for what every statistics report reads besides the problems: the live
enterprises with their coverage flags, the live assignments, a period's visits by date; and a partial index of the few
deleted problems, so the 督办 of live problems are all 督办 less those of deleted problems
instead of a lookup of each 督办's problem row

Revision ID: 27s_stats_basis_indexes
Revises: 26d_overdue_index
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

from db import figure_sums

revision = '27s_stats_basis_indexes'
down_revision = '26d_overdue_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_enterprises_live_region', table_name='enterprises')
    op.create_index('ix_enterprises_live_region', 'enterprises',
                    ['deleted_at', 'region_name', 'id', 'above_scale', 'four_above'], unique=False)
    op.create_index('ix_assignments_stats', 'assignments',
                    ['deleted_at', 'cadre_id', 'enterprise_id', 'role', 'start_date', 'end_date'], unique=False)
    op.drop_index('ix_visits_visit_date', table_name='visits')
    op.create_index('ix_visits_visit_date', 'visits', ['visit_date', 'deleted_at', 'enterprise_id', 'id'], unique=False)
    op.create_index('ix_problems_deleted', 'problems', ['id'], unique=False,
                    sqlite_where=sa.text('deleted_at IS NOT NULL'), postgresql_where=sa.text('deleted_at IS NOT NULL'))


def downgrade() -> None:
    # The statistics' running sums (made by the program, not by a migration) go too: their triggers
    # read columns an older schema may not have.
    figure_sums.drop(op.get_bind())
    op.drop_index('ix_problems_deleted', table_name='problems')
    op.drop_index('ix_visits_visit_date', table_name='visits')
    op.create_index('ix_visits_visit_date', 'visits', ['visit_date'], unique=False)
    op.drop_index('ix_assignments_stats', table_name='assignments')
    op.drop_index('ix_enterprises_live_region', table_name='enterprises')
    op.create_index('ix_enterprises_live_region', 'enterprises', ['deleted_at', 'region_name', 'id'], unique=False)
