"""the undo log holds the records a merged file creates in one row per table (新增组)

Revision ID: 25j_undo_created_groups
Revises: 27s_stats_basis_indexes
Create Date: 2026-12-04

No table changes: `exchange_changes` gains a kind of row (operation 新增组, its `before` listing
[record ID, clock] of up to 5,000 records; see app.exchange.merge.created_rows). The revision is
there so that a program from before it refuses the database (see db.database: a newer structure
is never opened): it would read such a row as one changed record and undo a batch wrongly — two
versions share an office's PostgreSQL server. Downgrading writes the rows out one per record, as
the older programs read them.
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '25j_undo_created_groups'
down_revision = '27s_stats_basis_indexes'
branch_labels = None
depends_on = None

_GROUPED = "新增组"


def upgrade() -> None:
    pass  # the new kind of row is written by imports from now on


def downgrade() -> None:
    bind = op.get_bind()
    changes = sa.table("exchange_changes", sa.column("id", sa.Integer), sa.column("batch_id", sa.String),
                       sa.column("record_type", sa.String), sa.column("record_id", sa.String),
                       sa.column("operation", sa.String), sa.column("before", sa.JSON),
                       sa.column("after_hash", sa.String), sa.column("after_clock", sa.Text),
                       sa.column("source_installation", sa.String))
    batches = bind.execute(sa.select(changes.c.batch_id).where(changes.c.operation == _GROUPED).distinct()).scalars()
    for batch_id in list(batches):
        # All the batch's rows again, in their order with each grouped row in its place: an undo reads a
        # record's rows in the order written (created by one file, changed by a later one).
        rows = []
        for row in bind.execute(sa.select(changes).where(changes.c.batch_id == batch_id).order_by(changes.c.id)):
            values = {k: v for k, v in row._mapping.items() if k != "id"}
            if row.operation != _GROUPED:
                rows.append(values)
                continue
            before = row.before if isinstance(row.before, dict) else json.loads(row.before or "{}")
            rows.extend({**values, "record_id": rid, "operation": "新增", "before": None, "after_clock": clock}
                        for rid, clock in before.get("created", []))
        bind.execute(sa.delete(changes).where(changes.c.batch_id == batch_id))
        if rows:
            bind.execute(sa.insert(changes), rows)
