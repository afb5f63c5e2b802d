"""A receipt being moved down the thread: the key of the post about to be made (and who is
making it, since when), and the old receipt still to delete, so that a process killed between
Slack taking the post and the database recording it leaves nothing the next pass cannot find

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("response_draft") as batch:
        batch.add_column(sa.Column("receipt_moving", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("receipt_moving_by", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("receipt_moving_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("receipt_retired", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("response_draft") as batch:
        for column in ("receipt_retired", "receipt_moving_at", "receipt_moving_by"):
            batch.drop_column(column)
        batch.drop_column("receipt_moving")
