"""exchange merge state, conflicts, batches

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('exchange_aliases',
    sa.Column('foreign_id', sa.String(length=36), nullable=False),
    sa.Column('local_id', sa.String(length=36), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('foreign_id', name=op.f('pk_exchange_aliases'))
    )
    with op.batch_alter_table('exchange_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_aliases_local_id'), ['local_id'], unique=False)

    op.create_table('exchange_bases',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('installation_id', sa.String(length=36), nullable=False),
    sa.Column('content_hash', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'installation_id', name=op.f('pk_exchange_bases'))
    )
    op.create_table('exchange_batches',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('files', sa.JSON(), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_batches'))
    )
    op.create_table('exchange_exports',
    sa.Column('destination_key', sa.String(length=64), nullable=False),
    sa.Column('destination', sa.Text(), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('destination_key', name=op.f('pk_exchange_exports'))
    )
    op.create_table('exchange_versions',
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('content_hash', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('record_id', 'content_hash', name=op.f('pk_exchange_versions'))
    )
    op.create_table('exchange_changes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('operation', sa.String(length=10), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after_hash', sa.String(length=32), nullable=False),
    sa.Column('source_installation', sa.String(length=36), nullable=False),
    sa.Column('source_base_before', sa.String(length=32), nullable=True),
    sa.Column('self_base_before', sa.String(length=32), nullable=True),
    sa.Column('added_versions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['exchange_batches.id'], name=op.f('fk_exchange_changes_batch_id_exchange_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_changes'))
    )
    with op.batch_alter_table('exchange_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_changes_batch_id'), ['batch_id'], unique=False)

    op.create_table('exchange_conflicts',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('batch_id', sa.String(length=36), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('source_installation', sa.String(length=36), nullable=False),
    sa.Column('source_file', sa.Text(), nullable=False),
    sa.Column('sheet', sa.String(length=40), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('local_hash', sa.String(length=32), nullable=False),
    sa.Column('incoming_hash', sa.String(length=32), nullable=False),
    sa.Column('incoming', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['exchange_batches.id'], name=op.f('fk_exchange_conflicts_batch_id_exchange_batches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_conflicts'))
    )
    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_conflicts_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_exchange_conflicts_open', ['resolved_at', 'record_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.drop_index('ix_exchange_conflicts_open')
        batch_op.drop_index(batch_op.f('ix_exchange_conflicts_batch_id'))

    op.drop_table('exchange_conflicts')
    with op.batch_alter_table('exchange_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_changes_batch_id'))

    op.drop_table('exchange_changes')
    op.drop_table('exchange_versions')
    op.drop_table('exchange_exports')
    op.drop_table('exchange_batches')
    op.drop_table('exchange_bases')
    with op.batch_alter_table('exchange_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_aliases_local_id'))

    op.drop_table('exchange_aliases')
