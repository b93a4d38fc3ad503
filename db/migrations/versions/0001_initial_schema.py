"""initial schema: enterprises, cadres, assignments, visits, problems, progress;
seeds the built-in code lists.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


BUILTIN_CODE_LISTS = {
    "问题类别": ["用地", "融资", "用工", "环保", "审批手续/证照", "市场开拓", "要素保障(水电气暖)",
             "政策落实", "基础设施", "科技创新/人才", "拖欠账款", "法律纠纷", "其他"],
    "企业标签": ["规上工业", "科技型", "外贸型", "高成长型", "专精特新", "农业产业化龙头", "商贸"],
    "宣传政策": ["增值税留抵退税", "小微企业所得税优惠", "研发费用加计扣除", "稳岗返还", "创业担保贷款",
             "首贷续贷支持", "社保费缓缴", "用电用气价格支持", "专精特新认定奖补", "技术改造补助",
             "外贸出口信用保险", "人才引进补贴"],
    "责任单位": ["营商办", "工信局", "商务局", "金融工作局", "人民银行", "工商联", "统战部", "发改委",
             "自然资源局", "生态环境局", "人社局", "税务局", "市场监管局", "住建局", "交通运输局",
             "供电公司", "水务公司", "燃气公司", "科技局", "农业农村局"],
    "产业链": ["装备制造", "新材料", "食品加工", "电子信息", "生物医药", "现代纺织", "新能源"],
}


def upgrade() -> None:
    op.create_table('app_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_meta'))
    )
    op.create_table('cadres',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('post', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadres'))
    )
    op.create_table('code_list',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('builtin', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_code_list')),
    sa.UniqueConstraint('kind', 'value', name='kind_value')
    )
    op.create_table('enterprises',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('credit_code_override', sa.Boolean(), nullable=False),
    sa.Column('region_name', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('industry_code', sa.String(length=1), nullable=True),
    sa.Column('industry_text', sa.String(length=200), nullable=False),
    sa.Column('size', sa.String(length=8), nullable=True),
    sa.Column('above_scale', sa.Boolean(), nullable=False),
    sa.Column('legal_representative', sa.String(length=50), nullable=False),
    sa.Column('contact_person', sa.String(length=50), nullable=False),
    sa.Column('contact_phone', sa.String(length=30), nullable=False),
    sa.Column('industrial_chain', sa.String(length=100), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprises')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_enterprises_credit_code'))
    )
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.create_index('ix_enterprises_name_key', ['name_key'], unique=False)
        batch_op.create_index('ix_enterprises_region_name', ['region_name'], unique=False)

    op.create_table('assignments',
    sa.Column('cadre_id', sa.String(length=36), nullable=False),
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadres.id'], name=op.f('fk_assignments_cadre_id_cadres')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_assignments_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_cadre_id'), ['cadre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('enterprise_tags',
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.Column('tag', sa.String(length=50), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_enterprise_tags_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('enterprise_id', 'tag', name=op.f('pk_enterprise_tags'))
    )
    with op.batch_alter_table('enterprise_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprise_tags_tag'), ['tag'], unique=False)

    op.create_table('visits',
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('way', sa.String(length=10), nullable=False),
    sa.Column('people_met', sa.String(length=300), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.Column('operation_status', sa.String(length=10), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('order_trend', sa.String(length=4), nullable=True),
    sa.Column('revenue_trend', sa.String(length=4), nullable=True),
    sa.Column('operation_notes', sa.Text(), nullable=False),
    sa.Column('policies_explained', sa.JSON(), nullable=False),
    sa.Column('follow_up_plan', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_visits_enterprise_id_enterprises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visits_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_visit_date'), ['visit_date'], unique=False)

    op.create_table('problems',
    sa.Column('enterprise_id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=True),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('demand', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('scope', sa.String(length=4), nullable=False),
    sa.Column('received_date', sa.Date(), nullable=False),
    sa.Column('lead_unit', sa.String(length=100), nullable=False),
    sa.Column('assist_units', sa.JSON(), nullable=False),
    sa.Column('responsible_person', sa.String(length=50), nullable=False),
    sa.Column('responsible_phone', sa.String(length=30), nullable=False),
    sa.Column('assigned_date', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('level', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('solved_date', sa.Date(), nullable=True),
    sa.Column('deferred_reason', sa.Text(), nullable=False),
    sa.Column('deferred_policy', sa.Text(), nullable=False),
    sa.Column('evaluation', sa.String(length=6), nullable=True),
    sa.Column('evaluation_comment', sa.Text(), nullable=False),
    sa.Column('evaluated_date', sa.Date(), nullable=True),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_problems_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_problems_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problems'))
    )
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.create_index('ix_problems_category', ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_problems_lead_unit', ['lead_unit'], unique=False)
        batch_op.create_index('ix_problems_received_date', ['received_date'], unique=False)
        batch_op.create_index('ix_problems_status_deadline', ['status', 'deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_visit_id'), ['visit_id'], unique=False)

    op.create_table('visit_cadres',
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('cadre_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadres.id'], name=op.f('fk_visit_cadres_cadre_id_cadres')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_cadres_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('visit_id', 'cadre_id', name=op.f('pk_visit_cadres'))
    )
    with op.batch_alter_table('visit_cadres', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_cadres_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('deadline_extensions',
    sa.Column('problem_id', sa.String(length=36), nullable=False),
    sa.Column('requested_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('old_deadline', sa.Date(), nullable=True),
    sa.Column('new_deadline', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_deadline_extensions_problem_id_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_extensions'))
    )
    with op.batch_alter_table('deadline_extensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_extensions_problem_id'), ['problem_id'], unique=False)

    op.create_table('progress_entries',
    sa.Column('problem_id', sa.String(length=36), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('from_status', sa.String(length=10), nullable=True),
    sa.Column('to_status', sa.String(length=10), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_progress_entries_problem_id_problems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_entries'))
    )
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_entries_problem_id'), ['problem_id'], unique=False)

    # Built-in code lists as they stood when this schema was made (kept here, not
    # imported from app.domain, so this migration never changes).
    code_list = sa.table(
        "code_list",
        sa.column("kind", sa.String), sa.column("value", sa.String),
        sa.column("builtin", sa.Boolean), sa.column("sort_order", sa.Integer),
    )
    rows = []
    for kind, values in BUILTIN_CODE_LISTS.items():
        rows += [{"kind": kind, "value": v, "builtin": True, "sort_order": i} for i, v in enumerate(values)]
    op.bulk_insert(code_list, rows)


def downgrade() -> None:
    with op.batch_alter_table('progress_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_entries_problem_id'))

    op.drop_table('progress_entries')
    with op.batch_alter_table('deadline_extensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_extensions_problem_id'))

    op.drop_table('deadline_extensions')
    with op.batch_alter_table('visit_cadres', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_cadres_cadre_id'))

    op.drop_table('visit_cadres')
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problems_visit_id'))
        batch_op.drop_index('ix_problems_status_deadline')
        batch_op.drop_index('ix_problems_received_date')
        batch_op.drop_index('ix_problems_lead_unit')
        batch_op.drop_index(batch_op.f('ix_problems_enterprise_id'))
        batch_op.drop_index('ix_problems_category')

    op.drop_table('problems')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_visit_date'))
        batch_op.drop_index(batch_op.f('ix_visits_enterprise_id'))

    op.drop_table('visits')
    with op.batch_alter_table('enterprise_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprise_tags_tag'))

    op.drop_table('enterprise_tags')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_cadre_id'))

    op.drop_table('assignments')
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_index('ix_enterprises_region_name')
        batch_op.drop_index('ix_enterprises_name_key')

    op.drop_table('enterprises')
    op.drop_table('code_list')
    op.drop_table('cadres')
    op.drop_table('app_meta')
