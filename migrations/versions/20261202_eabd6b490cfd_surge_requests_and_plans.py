"""surge requests and plans: what a program manager asks for a cycle (roles, ramp, competitors, pins,
exclusions), plan versions with their assignments and documents, and the role an engagement was approved for

Revision ID: eabd6b490cfd
Revises: e877184b24d6
Create Date: 2026-12-02 03:00:51.845595+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import surgebench.db.base

revision = 'eabd6b490cfd'
down_revision = 'e877184b24d6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('surge_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('cooldown_days', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'approved', 'cancelled')", name=op.f('ck_surge_requests_status_known')),
    sa.CheckConstraint('cooldown_days BETWEEN 0 AND 3650', name=op.f('ck_surge_requests_cooldown_in_range')),
    sa.CheckConstraint('priority >= 1', name=op.f('ck_surge_requests_priority_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_surge_requests_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_surge_requests_cycle_id_cycles'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surge_requests'))
    )
    with op.batch_alter_table('surge_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surge_requests_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_surge_requests_status'), ['status'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('approved_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('solve_status', sa.String(length=16), nullable=True),
    sa.Column('objective', sa.JSON(), nullable=True),
    sa.Column('levels', sa.JSON(), nullable=True),
    sa.Column('shortfall', sa.JSON(), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.Column('overrides', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('plan', 'replan')", name=op.f('ck_plans_kind_known')),
    sa.CheckConstraint("status IN ('solving', 'ready', 'failed', 'approved')", name=op.f('ck_plans_status_known')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_plans_approved_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_plans_job_id_jobs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_plans_request_id_surge_requests'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_status'), ['status'], unique=False)
        batch_op.create_index('uq_plans_request_id_version', ['request_id', 'version'], unique=True)

    op.create_table('surge_competitors',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_surge_competitors_client_id_clients'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_surge_competitors_request_id_surge_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'client_id', name=op.f('pk_surge_competitors'))
    )
    op.create_table('surge_exclusions',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('specialist_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_surge_exclusions_request_id_surge_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialists.id'], name=op.f('fk_surge_exclusions_specialist_id_specialists'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('request_id', 'specialist_id', name=op.f('pk_surge_exclusions'))
    )
    op.create_table('surge_ramp_days',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('onboarding_capacity', sa.Integer(), nullable=False),
    sa.CheckConstraint('onboarding_capacity >= 0', name=op.f('ck_surge_ramp_days_capacity_not_negative')),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_surge_ramp_days_request_id_surge_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'day', name=op.f('pk_surge_ramp_days'))
    )
    op.create_table('surge_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('position', sa.SmallInteger(), nullable=False),
    sa.Column('skill_id', sa.String(length=64), nullable=False),
    sa.Column('min_level', sa.SmallInteger(), nullable=False),
    sa.Column('min_quality_milli', sa.Integer(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('hours_per_week', sa.SmallInteger(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('utc_offset_min_minutes', sa.Integer(), nullable=True),
    sa.Column('utc_offset_max_minutes', sa.Integer(), nullable=True),
    sa.Column('max_country_share_pct', sa.SmallInteger(), nullable=True),
    sa.CheckConstraint('headcount >= 0', name=op.f('ck_surge_roles_headcount_not_negative')),
    sa.CheckConstraint('hours_per_week BETWEEN 1 AND 168', name=op.f('ck_surge_roles_hours_in_range')),
    sa.CheckConstraint('max_country_share_pct IS NULL OR max_country_share_pct BETWEEN 0 AND 100', name=op.f('ck_surge_roles_share_in_range')),
    sa.CheckConstraint('min_level BETWEEN 1 AND 5', name=op.f('ck_surge_roles_level_in_range')),
    sa.CheckConstraint('min_quality_milli BETWEEN 0 AND 1000', name=op.f('ck_surge_roles_quality_in_range')),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_surge_roles_request_id_surge_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_surge_roles_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surge_roles'))
    )
    with op.batch_alter_table('surge_roles', schema=None) as batch_op:
        batch_op.create_index('uq_surge_roles_request_id_key', ['request_id', 'key'], unique=True)

    op.create_table('plan_assignments',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('specialist_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('is_returning', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_assignments_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_plan_assignments_request_id_surge_requests'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['role_id'], ['surge_roles.id'], name=op.f('fk_plan_assignments_role_id_surge_roles'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialists.id'], name=op.f('fk_plan_assignments_specialist_id_specialists'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('plan_id', 'request_id', 'specialist_id', name=op.f('pk_plan_assignments'))
    )
    with op.batch_alter_table('plan_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_plan_assignments_plan_role', ['plan_id', 'role_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_assignments_specialist_id'), ['specialist_id'], unique=False)

    op.create_table('plan_documents',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('problem', sa.LargeBinary(), nullable=False),
    sa.Column('plan', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_documents_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('plan_id', name=op.f('pk_plan_documents'))
    )
    op.create_table('plan_requests',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('request_revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_requests_plan_id_plans'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_plan_requests_request_id_surge_requests'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('plan_id', 'request_id', name=op.f('pk_plan_requests'))
    )
    with op.batch_alter_table('plan_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_requests_request_id'), ['request_id'], unique=False)

    op.create_table('surge_pins',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('specialist_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['surge_requests.id'], name=op.f('fk_surge_pins_request_id_surge_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_id'], ['surge_roles.id'], name=op.f('fk_surge_pins_role_id_surge_roles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['specialist_id'], ['specialists.id'], name=op.f('fk_surge_pins_specialist_id_specialists'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('request_id', 'specialist_id', name=op.f('pk_surge_pins'))
    )
    with op.batch_alter_table('surge_pins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surge_pins_role_id'), ['role_id'], unique=False)

    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_engagements_role_id'), ['role_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_engagements_role_id_surge_roles'), 'surge_roles', ['role_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_engagements_role_id_surge_roles'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_engagements_role_id'))
        batch_op.drop_column('role_id')

    with op.batch_alter_table('surge_pins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surge_pins_role_id'))

    op.drop_table('surge_pins')
    with op.batch_alter_table('plan_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_requests_request_id'))

    op.drop_table('plan_requests')
    op.drop_table('plan_documents')
    with op.batch_alter_table('plan_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_assignments_specialist_id'))
        batch_op.drop_index('ix_plan_assignments_plan_role')

    op.drop_table('plan_assignments')
    with op.batch_alter_table('surge_roles', schema=None) as batch_op:
        batch_op.drop_index('uq_surge_roles_request_id_key')

    op.drop_table('surge_roles')
    op.drop_table('surge_ramp_days')
    op.drop_table('surge_exclusions')
    op.drop_table('surge_competitors')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index('uq_plans_request_id_version')
        batch_op.drop_index(batch_op.f('ix_plans_status'))

    op.drop_table('plans')
    with op.batch_alter_table('surge_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_surge_requests_status'))
        batch_op.drop_index(batch_op.f('ix_surge_requests_cycle_id'))

    op.drop_table('surge_requests')
