"""causal history per record (clocks) instead of bases and known versions

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

Every synchronised record gets its clock (db.causal). A record's starting
history is what the database knew of it before: its own content stands for
its last write, and every version it had merged, exported or moved past (its
bases and known versions, by content hash) counts as seen, so a workbook from
before the change is never taken for a new version of what this database has
already moved past. The bases and known versions then go: the clock holds
what the merge needs. Timeline entries get the problem write they were made
with (unknown for the old ones) and whether a settled conflict superseded it;
conflicts keep both sides' clocks and their kind; the undo log the clock each
record was left at.
"""
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from db.causal import V1_FIELDS, legacy_actor, v1_hash
from db.types import UTCDateTime

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = ('enterprises', 'cadres', 'assignments', 'visits', 'problems', 'deadline_extensions', 'progress_entries')
#: List fields kept in child tables: table → (child table, parent column, value column, field).
CHILDREN = {'enterprises': ('enterprise_tags', 'enterprise_id', 'tag', 'tags'),
            'visits': ('visit_cadres', 'visit_id', 'cadre_id', 'cadre_ids')}
_STEP = 5000


def _type(table: str, column: str) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    """How the column's values read back, as the models of this revision had them (the hashes need
    the same Python values the program reads)."""
    kind = dict(V1_FIELDS[table])[column]
    if column in ('deleted_at', 'recorded_at'):
        return UTCDateTime()
    if kind == 'd':
        return sa.Date()
    if kind == 'b':
        return sa.Boolean()
    if kind == 'l':
        return sa.JSON()
    if column == 'employees':
        return sa.Integer()
    return sa.Text()


def _starting_clocks(conn: sa.Connection, table: str, known: dict[str, set[str]]) -> list[dict[str, str]]:
    columns = [name for name, _kind in V1_FIELDS[table] if not (table in CHILDREN and name == CHILDREN[table][3])]
    lists: dict[str, list[str]] = defaultdict(list)
    if table in CHILDREN:
        child, parent, value, _field = CHILDREN[table]
        for p, v in conn.execute(sa.text(f'SELECT {parent}, {value} FROM {child}')):
            lists[p].append(v)
    t = sa.Table(table, sa.MetaData(), sa.Column('id', sa.String(36)), *(sa.Column(c, _type(table, c)) for c in columns))
    out = []
    for row in conn.execute(sa.select(t.c.id, *(t.c[c] for c in columns))):
        record = dict(row._mapping)
        if table in CHILDREN:
            record[CHILDREN[table][3]] = lists.get(row.id, [])
        own = legacy_actor(v1_hash(table, record))
        actors = sorted({own, *(legacy_actor(h) for h in known.get(row.id, ()) if h)})
        vv = ' '.join(f'{a}:1' for a in actors)
        out.append({'rid': row.id, 'clock': f'{vv} | {actors.index(own)}.1'})
    return out


def upgrade() -> None:
    conn = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('clock', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('problem_version', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('superseded', sa.Boolean(), server_default=sa.false(), nullable=False))

    known: dict[str, set[str]] = defaultdict(set)
    for rid, h in conn.execute(sa.text('SELECT record_id, content_hash FROM exchange_bases')):
        known[rid].add(h)
    for rid, h in conn.execute(sa.text('SELECT record_id, content_hash FROM exchange_versions')):
        known[rid].add(h)
    for table in TABLES:
        rows = _starting_clocks(conn, table, known)
        update = sa.text(f'UPDATE {table} SET clock = :clock WHERE id = :rid')
        for i in range(0, len(rows), _STEP):
            conn.execute(update, rows[i:i + _STEP])

    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('local_clock', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('incoming_clock', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='修改', nullable=False))
    with op.batch_alter_table('exchange_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('after_clock', sa.Text(), server_default='', nullable=False))
        batch_op.drop_column('source_base_before')
        batch_op.drop_column('self_base_before')
        batch_op.drop_column('added_versions')
    op.drop_table('exchange_bases')
    op.drop_table('exchange_versions')


def downgrade() -> None:
    op.create_table('exchange_versions',
                    sa.Column('record_id', sa.String(length=36), nullable=False),
                    sa.Column('content_hash', sa.String(length=32), nullable=False),
                    sa.PrimaryKeyConstraint('record_id', 'content_hash', name=op.f('pk_exchange_versions')))
    op.create_table('exchange_bases',
                    sa.Column('record_id', sa.String(length=36), nullable=False),
                    sa.Column('installation_id', sa.String(length=36), nullable=False),
                    sa.Column('content_hash', sa.String(length=32), nullable=False),
                    sa.PrimaryKeyConstraint('record_id', 'installation_id', name=op.f('pk_exchange_bases')))
    with op.batch_alter_table('exchange_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('added_versions', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('self_base_before', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('source_base_before', sa.String(length=32), nullable=True))
        batch_op.drop_column('after_clock')
    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.drop_column('kind')
        batch_op.drop_column('incoming_clock')
        batch_op.drop_column('local_clock')
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.drop_column('superseded')
        batch_op.drop_column('problem_version')
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('clock')
