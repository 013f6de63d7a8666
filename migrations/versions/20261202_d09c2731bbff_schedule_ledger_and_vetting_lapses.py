"""schedule ledger and vetting lapses: one row per scheduled job and slot (each slot runs once across
instances), and the day a person's lapsed vetting was recorded.

Dropping the column is a plain ALTER on SQLite (3.35 and later), not a batch rebuild: rebuilding
``specialists`` would drop the text-search triggers (see the bench text search migration).

Revision ID: d09c2731bbff
Revises: eabd6b490cfd
Create Date: 2026-12-02 03:46:37.471810+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import surgebench.db.base

revision = 'd09c2731bbff'
down_revision = 'eabd6b490cfd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('schedule_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=64), nullable=False),
    sa.Column('slot', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('manual', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('instance', sa.String(length=128), nullable=False),
    sa.Column('started_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', surgebench.db.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.JSON(), nullable=True),
    sa.CheckConstraint("status IN ('running', 'succeeded', 'failed')", name=op.f('ck_schedule_runs_status_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_runs'))
    )
    with op.batch_alter_table('schedule_runs', schema=None) as batch_op:
        batch_op.create_index('uq_schedule_runs_job_slot', ['job', 'slot'], unique=True)

    op.add_column('specialists', sa.Column('vetting_lapsed_on', sa.Date(), nullable=True))



def downgrade() -> None:
    op.execute("ALTER TABLE specialists DROP COLUMN vetting_lapsed_on")

    with op.batch_alter_table('schedule_runs', schema=None) as batch_op:
        batch_op.drop_index('uq_schedule_runs_job_slot')

    op.drop_table('schedule_runs')
