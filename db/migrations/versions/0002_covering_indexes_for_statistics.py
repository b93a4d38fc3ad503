"""covering indexes for statistics

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.create_index('ix_enterprises_live_region', ['deleted_at', 'region_name', 'id'], unique=False)

    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problems_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_problems_lead_unit'))
        batch_op.create_index('ix_problems_stats_by_enterprise', ['enterprise_id', 'status', 'evaluation', 'deadline', 'solved_date', 'received_date', 'deleted_at', 'lead_unit', 'category'], unique=False)
        batch_op.create_index('ix_problems_stats_by_unit', ['lead_unit', 'category', 'status', 'evaluation', 'deadline', 'solved_date', 'received_date', 'deleted_at', 'enterprise_id'], unique=False)

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_enterprise_id'))
        batch_op.create_index('ix_visits_stats', ['enterprise_id', 'visit_date', 'deleted_at', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_stats')
        batch_op.create_index(batch_op.f('ix_visits_enterprise_id'), ['enterprise_id'], unique=False)

    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_stats_by_unit')
        batch_op.drop_index('ix_problems_stats_by_enterprise')
        batch_op.create_index(batch_op.f('ix_problems_lead_unit'), ['lead_unit'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_enterprise_id'), ['enterprise_id'], unique=False)

    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_index('ix_enterprises_live_region')

