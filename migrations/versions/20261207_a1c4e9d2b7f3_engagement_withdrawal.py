"""engagement withdrawal: an engagement whose person was taken off the roster before their start date is
kept in the history as withdrawn (never on the team, never worked), and any engagement that ended early
keeps why.

Revision ID: a1c4e9d2b7f3
Revises: d09c2731bbff
Create Date: 2026-12-07 20:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a1c4e9d2b7f3"
down_revision = "d09c2731bbff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("engagements", sa.Column("withdrawn_on", sa.Date(), nullable=True))
    op.add_column("engagements", sa.Column("end_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_column("end_reason")
        batch_op.drop_column("withdrawn_on")
