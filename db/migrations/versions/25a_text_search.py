"""a trigram index of the problems' text, kept by triggers (SQLite only; see db.dialect)

Revision ID: 25a_text_search
Revises: 21a_accountability
Create Date: 2026-12-04

Searching 100,000 problems by text read every row (300 ms and more); the index finds the
candidates of a search of two characters or more, and the LIKE on the real columns decides
among them. Filled from the problems there are; other databases search with LIKE alone.
"""
from alembic import op

from db import dialect

revision = '25a_text_search'
down_revision = '21a_accountability'
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect.create_text_index(op.get_bind())


def downgrade() -> None:
    dialect.drop_text_index(op.get_bind())
