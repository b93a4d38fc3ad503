"""the policy library (惠企政策): policies with who may claim them, what the company gets and
how to apply, the policies explained at each visit (政策宣传) and the companies' 申报/兑现 of them
(政策兑现); synchronised records like the others (db.causal clock)

Revision ID: 27a_policies
Revises: 25a_text_search
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

import db.types

revision = '27a_policies'
down_revision = '26a_users'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('policies',
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('doc_number', sa.String(length=100), nullable=False),
    sa.Column('issued_date', sa.Date(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('industries', sa.JSON(), nullable=False),
    sa.Column('sizes', sa.JSON(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('eligibility', sa.Text(), nullable=False),
    sa.Column('benefits', sa.Text(), nullable=False),
    sa.Column('how_to_apply', sa.Text(), nullable=False),
    sa.Column('contact_unit', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('clock', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policies'))
    )
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policies_doc_number'), ['doc_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_policies_valid_to'), ['valid_to'], unique=False)


    op.create_table('policy_explanations',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('policy_id', sa.String(length=36), nullable=False),
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('clock', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                            name=op.f('fk_policy_explanations_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_policy_explanations_policy_id_policies')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_policy_explanations_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_explanations'))
    )
    with op.batch_alter_table('policy_explanations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_explanations_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_explanations_policy_id'), ['policy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_explanations_visit_id'), ['visit_id'], unique=False)

    op.create_table('policy_claims',
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.Column('policy_id', sa.String(length=36), nullable=False),
    sa.Column('applied_date', sa.Date(), nullable=True),
    sa.Column('granted_date', sa.Date(), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('clock', sa.Text(), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_policy_claims_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], name=op.f('fk_policy_claims_policy_id_policies')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_claims'))
    )
    with op.batch_alter_table('policy_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_claims_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_claims_policy_id'), ['policy_id'], unique=False)


def downgrade() -> None:
    op.drop_table('policy_claims')
    op.drop_table('policy_explanations')
    with op.batch_alter_table('policies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policies_valid_to'))
        batch_op.drop_index(batch_op.f('ix_policies_doc_number'))
    op.drop_table('policies')
