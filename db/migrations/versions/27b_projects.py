"""the 地企合作 project ledger: projects (partner, type, sector, 计划总投资, the 签约/开工/投产/达效
dates, 责任领导 and 责任单位) with the companies involved and the investment planned and paid in
by year; a problem may name the project that raised it (problems.project_id)

Revision ID: 27b_projects
Revises: 27a_policies
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import db.types

revision = '27b_projects'
down_revision = '27a_policies'
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('changed_by', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('clock', sa.Text(), server_default='', nullable=False),
    ]


def upgrade() -> None:
    op.create_table('projects',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('partner', sa.String(length=200), nullable=False),
    sa.Column('cooperation_type', sa.String(length=50), nullable=False),
    sa.Column('sector', sa.String(length=100), nullable=False),
    sa.Column('total_investment', sa.Integer(), nullable=True),
    sa.Column('signed_date', sa.Date(), nullable=True),
    sa.Column('started_date', sa.Date(), nullable=True),
    sa.Column('producing_date', sa.Date(), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('leader', sa.String(length=50), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    *_record_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_unit'), ['unit'], unique=False)

    op.create_table('project_enterprises',
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                            name=op.f('fk_project_enterprises_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_enterprises_project_id_projects'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'enterprise_id', name=op.f('pk_project_enterprises'))
    )
    with op.batch_alter_table('project_enterprises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_enterprises_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('project_investments',
    sa.Column('project_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('planned', sa.Integer(), nullable=False),
    sa.Column('paid_in', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    *_record_columns(),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_investments_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_investments'))
    )
    with op.batch_alter_table('project_investments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_investments_project_id'), ['project_id'], unique=False)

    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_problems_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_problems_project_id_projects'), 'projects', ['project_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_problems_project_id_projects'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_problems_project_id'))
        batch_op.drop_column('project_id')
    op.drop_table('project_investments')
    op.drop_table('project_enterprises')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_unit'))
    op.drop_table('projects')
