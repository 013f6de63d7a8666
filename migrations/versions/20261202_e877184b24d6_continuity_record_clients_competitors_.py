"""continuity record: clients' competitors and cooldown, models, programs, workstreams, cycles, engagements

Revision ID: e877184b24d6
Revises: b7e1d2c3a4f5
Create Date: 2026-12-02 02:34:52.751438+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import surgebench.db.base

revision = 'e877184b24d6'
down_revision = 'b7e1d2c3a4f5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workstreams',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workstreams'))
    )
    op.create_table('client_competitors',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('competitor_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('client_id <> competitor_id', name=op.f('ck_client_competitors_not_self')),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_competitors_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['competitor_id'], ['clients.id'], name=op.f('fk_client_competitors_competitor_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', 'competitor_id', name=op.f('pk_client_competitors'))
    )
    with op.batch_alter_table('client_competitors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_competitors_competitor_id'), ['competitor_id'], unique=False)

    op.create_table('client_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('created_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_models_client_id_clients'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_models'))
    )
    with op.batch_alter_table('client_models', schema=None) as batch_op:
        batch_op.create_index('uq_client_models_client_id_name', ['client_id', 'name'], unique=True)

    op.create_table('programs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['model_id'], ['client_models.id'], name=op.f('fk_programs_model_id_client_models'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programs')),
    sa.UniqueConstraint('model_id', name=op.f('uq_programs_model_id'))
    )
    op.create_table('cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('model_version', sa.String(length=64), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'staffing', 'active', 'closed')", name=op.f('ck_cycles_status_known')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_cycles_ends_after_start')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_cycles_number_positive')),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_cycles_program_id_programs'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycles'))
    )
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.create_index('uq_cycles_program_id_number', ['program_id', 'number'], unique=True)

    op.create_table('program_workstreams',
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('workstream_id', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_workstreams_program_id_programs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workstream_id'], ['workstreams.id'], name=op.f('fk_program_workstreams_workstream_id_workstreams'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('program_id', 'workstream_id', name=op.f('pk_program_workstreams'))
    )
    op.create_table('engagements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('specialist_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.String(length=64), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('weekly_hours', sa.SmallInteger(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('reported_quality_milli', sa.Integer(), nullable=True),
    sa.Column('created_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_engagements_ends_after_start')),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_engagements_level_in_range')),
    sa.CheckConstraint('reported_quality_milli IS NULL OR reported_quality_milli BETWEEN 0 AND 1000', name=op.f('ck_engagements_reported_quality_in_range')),
    sa.CheckConstraint('weekly_hours BETWEEN 1 AND 168', name=op.f('ck_engagements_weekly_hours_in_range')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_engagements_cycle_id_cycles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_engagements_skill_id_skills'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialists.id'], name=op.f('fk_engagements_specialist_id_specialists'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagements'))
    )
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.create_index('ix_engagements_specialist_dates', ['specialist_id', 'starts_on', 'ends_on'], unique=False)
        batch_op.create_index('uq_engagements_cycle_id_specialist_id', ['cycle_id', 'specialist_id'], unique=True)

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cooldown_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint('cooldown_in_range', 'cooldown_days BETWEEN 0 AND 3650')



def downgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint('cooldown_in_range', type_='check')
        batch_op.drop_column('cooldown_days')

    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_index('uq_engagements_cycle_id_specialist_id')
        batch_op.drop_index('ix_engagements_specialist_dates')

    op.drop_table('engagements')
    op.drop_table('program_workstreams')
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.drop_index('uq_cycles_program_id_number')

    op.drop_table('cycles')
    op.drop_table('programs')
    with op.batch_alter_table('client_models', schema=None) as batch_op:
        batch_op.drop_index('uq_client_models_client_id_name')

    op.drop_table('client_models')
    with op.batch_alter_table('client_competitors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_competitors_competitor_id'))

    op.drop_table('client_competitors')
    op.drop_table('workstreams')
