"""create inspection, response, step, audit and reminder tables

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "inspection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_key", sa.String(length=600), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("inspection_type", sa.String(length=40), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("link_key", sa.String(length=2100), nullable=True),
        sa.Column("key_findings", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("areas_for_improvement", sa.Text(), nullable=False),
        sa.Column("deadline_rule", sa.String(length=20), nullable=False),
        sa.Column("cc_due", sa.Date(), nullable=False),
        sa.Column("statutory_deadline", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("not_required_reason", sa.Text(), nullable=True),
        sa.Column("channel_id", sa.String(length=40), nullable=False),
        sa.Column("card_ts", sa.String(length=40), nullable=True),
        sa.Column("logged_by", sa.String(length=40), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection")),
        sa.UniqueConstraint("link_key", name=op.f("uq_inspection_link_key")),
        sa.UniqueConstraint("number", name=op.f("uq_inspection_number")),
        sa.UniqueConstraint("title_key", "published", name="uq_inspection_title_date"),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_inspection_statutory_deadline"), ["statutory_deadline"], unique=False
        )

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_audit_event_inspection_id_inspection"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_event_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel_id", sa.String(length=40), nullable=True),
        sa.Column("message_ts", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_reminder_inspection_id_inspection")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("key", name=op.f("uq_reminder_key")),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminder_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index("ix_reminder_unsent", ["sent_at", "day"], unique=False)

    op.create_table(
        "response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=40), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_response_inspection_id_inspection")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response")),
        sa.UniqueConstraint("inspection_id", "kind", "revision", name="uq_response_revision"),
    )
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_response_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "step_confirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=200), nullable=False),
        sa.Column("confirmed_by", sa.String(length=40), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_by", sa.String(length=40), nullable=True),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undo_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_step_confirmation_inspection_id_inspection"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_confirmation")),
    )
    with op.batch_alter_table("step_confirmation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_step_confirmation_inspection_id"), ["inspection_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("step_confirmation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_step_confirmation_inspection_id"))

    op.drop_table("step_confirmation")
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_inspection_id"))

    op.drop_table("response")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_unsent")
        batch_op.drop_index(batch_op.f("ix_reminder_inspection_id"))

    op.drop_table("reminder")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_inspection_id"))

    op.drop_table("audit_event")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_statutory_deadline"))
        batch_op.drop_index(batch_op.f("ix_inspection_state"))

    op.drop_table("inspection")
