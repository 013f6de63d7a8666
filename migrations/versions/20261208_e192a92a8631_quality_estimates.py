"""quality estimates: each specialist's estimate per skill they have outcomes in, as the one rule
computed it (written daily by the quality_estimates upkeep job and when a person's outcomes change), so
the bench filter by estimate reads an index instead of rolling outcomes per request.

Revision ID: e192a92a8631
Revises: 4d09aa554f51
Create Date: 2026-12-08 02:20:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e192a92a8631"
down_revision = "4d09aa554f51"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_estimates",
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.String(length=64), nullable=False),
        sa.Column("quality_milli", sa.Integer(), nullable=False),
        sa.Column("items", sa.BigInteger(), nullable=False),
        sa.Column("outcomes", sa.Integer(), nullable=False),
        sa.Column("last_reported_on", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "quality_milli BETWEEN 0 AND 1000", name=op.f("ck_quality_estimates_quality_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_quality_estimates_skill_id_skills"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialists.id"],
            name=op.f("fk_quality_estimates_specialist_id_specialists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("specialist_id", "skill_id", name=op.f("pk_quality_estimates")),
    )
    with op.batch_alter_table("quality_estimates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quality_estimates_skill_id_quality_milli",
            ["skill_id", "quality_milli", "specialist_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("quality_estimates", schema=None) as batch_op:
        batch_op.drop_index("ix_quality_estimates_skill_id_quality_milli")
    op.drop_table("quality_estimates")
