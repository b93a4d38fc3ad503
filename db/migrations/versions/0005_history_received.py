"""history rows received from other installations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

An import now stores the records it creates with an empty creation row; the
history service rebuilds their values from the changes made here since. Rows
of another installation's trail, received with its workbook, are marked so
that they are not taken back in that rebuild.
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.drop_column('received')
