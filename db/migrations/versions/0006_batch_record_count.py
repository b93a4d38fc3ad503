"""the number of records each import batch created or changed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Counted once when a batch finishes, instead of counting the distinct records
of every batch's undo log each time the batches are listed (a record two
files of a batch changed has two rows). Finished batches are counted here.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('exchange_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('records', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE exchange_batches SET records = (SELECT count(DISTINCT c.record_id) FROM exchange_changes c "
        "WHERE c.batch_id = exchange_batches.id AND c.operation != '基线') WHERE finished_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table('exchange_batches', schema=None) as batch_op:
        batch_op.drop_column('records')
