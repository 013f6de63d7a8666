"""bounded work: jobs and plans can be cancelled (a superseded plan, a cancelled request), a running job
is asked to stop through ``jobs.cancel_reason``, and an upload is kept in chunks beside its job
(``job_input_chunks``) instead of one value, so it is streamed in and out and deleted when the job ends.

Revision ID: c3f8a1d6e2b9
Revises: fe22bb8d696c
Create Date: 2026-12-07 21:00:00.000000+00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c3f8a1d6e2b9"
down_revision = "fe22bb8d696c"
branch_labels = None
depends_on = None

JOB_STATUSES_BEFORE = "status IN ('queued', 'running', 'succeeded', 'failed')"
JOB_STATUSES = "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')"
PLAN_STATUSES_BEFORE = "status IN ('solving', 'ready', 'failed', 'approved')"
PLAN_STATUSES = "status IN ('solving', 'ready', 'failed', 'approved', 'cancelled')"


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
        batch_op.drop_constraint("status_known", type_="check")
        batch_op.create_check_constraint("status_known", JOB_STATUSES)
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_constraint("status_known", type_="check")
        batch_op.create_check_constraint("status_known", PLAN_STATUSES)
    op.create_table(
        "job_input_chunks",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job_inputs.job_id"],
            name=op.f("fk_job_input_chunks_job_id_job_inputs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "seq", name=op.f("pk_job_input_chunks")),
    )
    # every stored upload becomes its own first (and only) chunk
    op.execute(
        "INSERT INTO job_input_chunks (job_id, seq, content) SELECT job_id, 0, content FROM job_inputs"
    )
    with op.batch_alter_table("job_inputs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("size_bytes", sa.BigInteger(), nullable=False, server_default="0"))
        batch_op.drop_column("content")
    op.execute(
        "UPDATE job_inputs SET size_bytes = COALESCE((SELECT length(c.content) FROM job_input_chunks c"
        " WHERE c.job_id = job_inputs.job_id), 0)"
    )
    with op.batch_alter_table("job_inputs", schema=None) as batch_op:
        batch_op.alter_column("size_bytes", server_default=None)


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("job_inputs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
    chunks = sa.table("job_input_chunks", sa.column("job_id"), sa.column("seq"), sa.column("content"))
    inputs = sa.table("job_inputs", sa.column("job_id"), sa.column("content"))
    whole: dict[int, list[bytes]] = {}
    for job_id, content in bind.execute(
        sa.select(chunks.c.job_id, chunks.c.content).order_by(chunks.c.job_id, chunks.c.seq)
    ):
        whole.setdefault(job_id, []).append(bytes(content))
    for job_id, parts in whole.items():
        bind.execute(sa.update(inputs).where(inputs.c.job_id == job_id).values(content=b"".join(parts)))
    bind.execute(sa.update(inputs).where(inputs.c.content.is_(None)).values(content=b""))
    with op.batch_alter_table("job_inputs", schema=None) as batch_op:
        batch_op.alter_column("content", existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column("size_bytes")
    op.drop_table("job_input_chunks")
    # the earlier schema knows no cancelled job or plan: they read as failed there
    op.execute("UPDATE plans SET status = 'failed' WHERE status = 'cancelled'")
    op.execute("UPDATE jobs SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_constraint("status_known", type_="check")
        batch_op.create_check_constraint("status_known", PLAN_STATUSES_BEFORE)
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_constraint("status_known", type_="check")
        batch_op.create_check_constraint("status_known", JOB_STATUSES_BEFORE)
        batch_op.drop_column("cancel_reason")
