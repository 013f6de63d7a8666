"""outcomes and the quality gate: what the lab measured of each engagement (items reviewed, accepted,
an optional score and note, the day and who reported it), and each program's quality gate (the lowest
acceptable estimate, the lowest last-cycle outcome that still counts as returning).

Revision ID: 5e9b2f7a4c18
Revises: c3f8a1d6e2b9
Create Date: 2026-12-07 23:20:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from surgebench.db.base import UTCDateTime

revision = "5e9b2f7a4c18"
down_revision = "c3f8a1d6e2b9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("items_reviewed", sa.Integer(), nullable=False),
        sa.Column("items_accepted", sa.Integer(), nullable=False),
        sa.Column("score_milli", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.Column("reported_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "items_reviewed BETWEEN 1 AND 1000000000", name=op.f("ck_outcomes_items_reviewed_in_range")
        ),
        sa.CheckConstraint(
            "items_accepted BETWEEN 0 AND items_reviewed", name=op.f("ck_outcomes_items_accepted_in_range")
        ),
        sa.CheckConstraint(
            "score_milli IS NULL OR score_milli BETWEEN 0 AND 1000", name=op.f("ck_outcomes_score_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_outcomes_engagement_id_engagements"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"],
            ["users.id"],
            name=op.f("fk_outcomes_reported_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
    )
    op.create_index(
        "uq_outcomes_engagement_id_reported_on", "outcomes", ["engagement_id", "reported_on"], unique=True
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gate_min_estimate_milli", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("gate_min_returning_milli", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            "gate_min_estimate_in_range",
            "gate_min_estimate_milli IS NULL OR gate_min_estimate_milli BETWEEN 0 AND 1000",
        )
        batch_op.create_check_constraint(
            "gate_min_returning_in_range",
            "gate_min_returning_milli IS NULL OR gate_min_returning_milli BETWEEN 0 AND 1000",
        )


def downgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_constraint("gate_min_returning_in_range", type_="check")
        batch_op.drop_constraint("gate_min_estimate_in_range", type_="check")
        batch_op.drop_column("gate_min_returning_milli")
        batch_op.drop_column("gate_min_estimate_milli")
    op.drop_index("uq_outcomes_engagement_id_reported_on", table_name="outcomes")
    op.drop_table("outcomes")
