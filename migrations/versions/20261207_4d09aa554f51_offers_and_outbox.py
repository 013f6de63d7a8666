"""offers and outbox: one offer per new seat of an approved roster (its answer link kept only as a
hash), the terms a request sets for its offers (answer window, the program name shown, backfill mode),
and the transactional outbox their messages are sent from.

Revision ID: 4d09aa554f51
Revises: 5e9b2f7a4c18
Create Date: 2026-12-07 23:04:25.904478+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import surgebench.db.base


revision = "4d09aa554f51"
down_revision = "5e9b2f7a4c18"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offer_terms",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("answer_hours", sa.SmallInteger(), nullable=False),
        sa.Column("program_name", sa.String(length=200), nullable=True),
        sa.Column("backfill", sa.String(length=16), nullable=False),
        sa.Column("updated_at", surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("backfill IN ('approval', 'auto')", name=op.f("ck_offer_terms_backfill_known")),
        sa.CheckConstraint(
            "answer_hours BETWEEN 1 AND 336", name=op.f("ck_offer_terms_answer_hours_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["surge_requests.id"],
            name=op.f("fk_offer_terms_request_id_surge_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_offer_terms")),
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("engagement_id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("role_name", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("weekly_hours", sa.SmallInteger(), nullable=False),
        sa.Column("hourly_rate_cents", sa.Integer(), nullable=False),
        sa.Column("program_name", sa.String(length=200), nullable=False),
        sa.Column("is_returning", sa.Boolean(), nullable=False),
        sa.Column("deadline", surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("offered_at", surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", surgebench.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.String(length=16), nullable=True),
        sa.Column("decline_note", sa.Text(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decline_reason IS NULL OR decline_reason IN ('busy', 'rate', 'not_interested', 'other')",
            name=op.f("ck_offers_decline_reason_known"),
        ),
        sa.CheckConstraint(
            "state IN ('offered', 'accepted', 'declined', 'expired', 'started', 'withdrawn')",
            name=op.f("ck_offers_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["engagement_id"],
            ["engagements.id"],
            name=op.f("fk_offers_engagement_id_engagements"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_offers_plan_id_plans"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["surge_requests.id"],
            name=op.f("fk_offers_request_id_surge_requests"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["role_id"], ["surge_roles.id"], name=op.f("fk_offers_role_id_surge_roles"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["specialists.id"],
            name=op.f("fk_offers_specialist_id_specialists"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_offers_token_hash")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_engagement_id"), ["engagement_id"], unique=False)
        batch_op.create_index("ix_offers_request_id_state", ["request_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_specialist_id"), ["specialist_id"], unique=False)
        batch_op.create_index("ix_offers_state_deadline", ["state", "deadline"], unique=False)

    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_until", surgebench.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_at", surgebench.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sending', 'sent')", name=op.f("ck_outbox_messages_state_known")
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_outbox_messages_offer_id_offers"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_messages_message_id")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_messages_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index("ix_outbox_messages_state_id", ["state", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_messages_state_id")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_offer_id"))

    op.drop_table("outbox_messages")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index("ix_offers_state_deadline")
        batch_op.drop_index(batch_op.f("ix_offers_specialist_id"))
        batch_op.drop_index("ix_offers_request_id_state")
        batch_op.drop_index(batch_op.f("ix_offers_engagement_id"))

    op.drop_table("offers")
    op.drop_table("offer_terms")
