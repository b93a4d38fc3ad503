"""the users of a shared database and their roles (办公室, 经办, 领导, 干部)

Revision ID: 26a_users
Revises: 25a_text_search
Create Date: 2026-12-04

An empty table: a database without users lets everyone do everything, as before.
"""
import sqlalchemy as sa
from alembic import op

import db.types

revision = '26a_users'
down_revision = '25a_text_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_users',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('cadre_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_app_users'))
    )


def downgrade() -> None:
    op.drop_table('app_users')
