"""client display names and sign-in throttling by source

``specialists.display_name``: what a client is shown of a name ("Asha V."), stored so the client portal
searches and sorts on it in SQL and never reads ``full_name``. Added with a plain ALTER (never a batch
rebuild of ``specialists``, which would drop the text-search triggers) and filled from ``full_name`` by the
same function the application uses. SQLite keeps the column's ``''`` default (dropping it would need a
rebuild); every write sets the column, so the default is never used.

``sign_in_throttles`` is keyed by (e-mail, source address) instead of e-mail alone; an existing row becomes
the account-wide row (source ``*``). ``sign_in_sources`` remembers where each account has signed in.
Downgrading keeps one row per e-mail (the account-wide one where there is one).

Revision ID: fe22bb8d696c
Revises: a1c4e9d2b7f3
Create Date: 2026-12-07 19:56:00.086915+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import surgebench.db.base
from surgebench.lib.text import display_name

revision = "fe22bb8d696c"
down_revision = "a1c4e9d2b7f3"
branch_labels = None
depends_on = None

BATCH = 5_000


def upgrade() -> None:
    op.create_table(
        "sign_in_sources",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("last_signed_in_at", surgebench.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sign_in_sources_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "source", name=op.f("pk_sign_in_sources")),
    )
    with op.batch_alter_table("sign_in_throttles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=64), nullable=False, server_default="*"))
        batch_op.add_column(sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("sign_in_throttles", schema=None, recreate="always") as batch_op:
        batch_op.alter_column("source", server_default=None)
        batch_op.alter_column("lockouts", server_default=None)
        batch_op.drop_constraint("pk_sign_in_throttles", type_="primary")
        batch_op.create_primary_key("pk_sign_in_throttles", ["email", "source"])
        batch_op.create_index(
            batch_op.f("ix_sign_in_throttles_last_failed_at"), ["last_failed_at"], unique=False
        )

    op.add_column(
        "specialists", sa.Column("display_name", sa.String(length=200), nullable=False, server_default="")
    )
    _fill_display_names()
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("specialists", "display_name", server_default=None)


def _fill_display_names() -> None:
    connection = op.get_bind()
    specialists = sa.table("specialists", sa.column("id"), sa.column("full_name"), sa.column("display_name"))
    update = (
        specialists.update()
        .where(specialists.c.id == sa.bindparam("_id"))
        .values(display_name=sa.bindparam("_name"))
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(specialists.c.id, specialists.c.full_name)
            .where(specialists.c.id > last)
            .order_by(specialists.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        connection.execute(update, [{"_id": sid, "_name": display_name(name)} for sid, name in rows])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_column("specialists", "display_name")

    op.execute(
        "DELETE FROM sign_in_throttles WHERE source <> '*' AND EXISTS (SELECT 1 FROM sign_in_throttles AS t "
        "WHERE t.email = sign_in_throttles.email AND t.source = '*')"
    )
    op.execute(
        "DELETE FROM sign_in_throttles WHERE source > (SELECT MIN(t.source) FROM sign_in_throttles AS t "
        "WHERE t.email = sign_in_throttles.email)"
    )
    with op.batch_alter_table("sign_in_throttles", schema=None, recreate="always") as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_throttles_last_failed_at"))
        batch_op.drop_constraint("pk_sign_in_throttles", type_="primary")
        batch_op.drop_column("lockouts")
        batch_op.drop_column("source")
        batch_op.create_primary_key("pk_sign_in_throttles", ["email"])

    op.drop_table("sign_in_sources")
