"""response drafts, draft messages, notices, and claims on first posts

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_notice_inspection_id_inspection")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
        sa.UniqueConstraint("key", name=op.f("uq_notice_key")),
    )
    op.create_table(
        "response_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("prompt_ts", sa.String(length=40), nullable=True),
        sa.Column("receipt_ts", sa.String(length=40), nullable=True),
        sa.Column("receipt_claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_by", sa.String(length=40), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=40), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_response_draft_inspection_id_inspection"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_response_draft_response_id_response")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_draft")),
    )
    with op.batch_alter_table("response_draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_draft_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index(
            "uq_response_draft_collecting",
            ["inspection_id"],
            unique=True,
            sqlite_where=sa.text("status = 'collecting'"),
            postgresql_where=sa.text("status = 'collecting'"),
        )

    op.create_table(
        "draft_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(length=40), nullable=False),
        sa.Column("ts", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["response_draft.id"],
            name=op.f("fk_draft_message_draft_id_response_draft"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_message")),
        sa.UniqueConstraint("channel_id", "ts", name="uq_draft_message_channel_ts"),
    )
    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_message_draft_id"), ["draft_id"], unique=False)

    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_inspection_card", ["channel_id", "card_ts"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_card")
        batch_op.drop_column("card_claimed_at")

    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_message_draft_id"))

    op.drop_table("draft_message")
    with op.batch_alter_table("response_draft", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_response_draft_collecting",
            sqlite_where=sa.text("status = 'collecting'"),
            postgresql_where=sa.text("status = 'collecting'"),
        )
        batch_op.drop_index(batch_op.f("ix_response_draft_inspection_id"))

    op.drop_table("response_draft")
    op.drop_table("notice")
