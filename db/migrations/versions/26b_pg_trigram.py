"""trigram indexes of the problems' text and the enterprises' names (PostgreSQL with pg_trgm)

Revision ID: 26b_pg_trigram
Revises: 27a_policies
Create Date: 2026-12-04

On a server, a text search read every problem (LIKE '%…%' can use no B-tree index); GIN indexes
of pg_trgm's trigrams serve LIKE and ILIKE of three characters or more. The extension is created
where the server has it and we may (it is trusted: a database owner may); otherwise nothing is
made and searches stay as they were. SQLite has its own index (25a_text_search): nothing here.
"""
from alembic import op

from db import dialect

revision = '26b_pg_trigram'
down_revision = '25s_stats_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect.create_trigram_indexes(op.get_bind())


def downgrade() -> None:
    dialect.drop_trigram_indexes(op.get_bind())
