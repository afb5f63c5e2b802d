"""remember which edit of a draft message was applied

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edited_ts", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.drop_column("edited_ts")
