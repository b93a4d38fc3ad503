"""the ledger's order and its count as indexes on PostgreSQL

Revision ID: 26c_pg_ledger_order
Revises: 26b_pg_trigram
Create Date: 2026-12-04

The ledger's first page on a server sorted every live problem (a million in a city) for 200
rows: PostgreSQL's B-tree read backwards puts NULLs first, the ledger wants them last (see
db.dialect); and its count read every wide row. SQLite's own index on received_date already
gives that order, and its count reads a covering index: nothing there.
"""
from alembic import op

from db import dialect

revision = '26c_pg_ledger_order'
down_revision = '26b_pg_trigram'
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect.create_ledger_indexes(op.get_bind())


def downgrade() -> None:
    dialect.drop_ledger_indexes(op.get_bind())
