"""the overdue problems as a partial index of (stage_due, enterprise_id, stage, deleted_at)

Revision ID: 26d_overdue_index
Revises: 26c_pg_ledger_order
Create Date: 2026-12-04

"Overdue in one region" at a million problems on PostgreSQL read 34,813 heap pages to learn the
enterprise of the 54,900 overdue problems and keep the 3,300 of one region (455 ms). This index
holds only the live problems awaiting a stage (12 % of them), with their enterprise and stage: the
count reads it alone and joins the region's enterprises, and so does the statistics' overdue by
stage (which read the same 34,813 pages for the stage). deleted_at, always NULL here, because
SQLite reads an index alone only if it holds every column the statement names. Made on SQLite
too (the same filters); a plain CREATE INDEX on both: about a second on the city database, so
not CONCURRENTLY (which cannot run inside Alembic's transaction).
"""
from alembic import op
from sqlalchemy import text

revision = '26d_overdue_index'
down_revision = '26c_pg_ledger_order'
branch_labels = None
depends_on = None

_WHERE = 'deleted_at IS NULL AND stage_due IS NOT NULL'


def upgrade() -> None:
    op.create_index('ix_problems_overdue', 'problems', ['stage_due', 'enterprise_id', 'stage', 'deleted_at'],
                    unique=False, sqlite_where=text(_WHERE), postgresql_where=text(_WHERE))


def downgrade() -> None:
    op.drop_index('ix_problems_overdue', table_name='problems')
