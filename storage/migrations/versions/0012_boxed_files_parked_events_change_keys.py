"""files that gave no text are noted with their message; events failing past their retries are
parked; each change a person asks for is keyed, so that a commit whose answer was lost can be
looked up before anything is said

Revision ID: 0012
Revises: 0010

Nothing is carried over: existing messages brought no unread files, no event is parked, and no
change made before had a key (none of their commits is still in doubt).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unread_files", sa.Text(), nullable=True))
    with op.batch_alter_table("inbox_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("parked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "committed_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committed_change")),
        sa.UniqueConstraint("key", name=op.f("uq_committed_change_key")),
    )
    op.create_index("ix_committed_change_committed_at", "committed_change", ["committed_at"])


def downgrade() -> None:
    op.drop_index("ix_committed_change_committed_at", table_name="committed_change")
    op.drop_table("committed_change")
    with op.batch_alter_table("inbox_event", schema=None) as batch_op:
        batch_op.drop_column("parked_at")
        batch_op.drop_column("claimed_by")
    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.drop_column("unread_files")
