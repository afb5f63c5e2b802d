"""each answered item's progress after the response: its status, a note, a revised target date;
an item's own nudges can be snoozed

Revision ID: 0010
Revises: 0009

Items already answered have no progress recorded: their status is read from their answer (an
accepted one not started, "already complies" complete, "not accepted" closed) until someone
records an update. Every update is a new revision; none is removed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_progress",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("report_item.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("item_id", "revision", name="uq_item_progress_revision"),
    )
    op.create_index("ix_item_progress_item_id", "item_progress", ["item_id"])
    with op.batch_alter_table("report_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snoozed_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("snoozed_by", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("snoozed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report_item", schema=None) as batch_op:
        batch_op.drop_column("snoozed_at")
        batch_op.drop_column("snoozed_by")
        batch_op.drop_column("snoozed_until")
    op.drop_index("ix_item_progress_item_id", table_name="item_progress")
    op.drop_table("item_progress")
