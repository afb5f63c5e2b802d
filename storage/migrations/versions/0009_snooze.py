"""an inspection's nudges can be snoozed: until when, whether for the overdue ones, by whom

Revision ID: 0009
Revises: 0008

Inspections already logged are not snoozed. Who snoozed and until when is also in the audit
log; these columns hold the snooze in force (a later one replaces it, "Resume nudges" clears it).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snoozed_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("snoozed_overdue", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("snoozed_by", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("snoozed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("snoozed_at")
        batch_op.drop_column("snoozed_by")
        batch_op.drop_column("snoozed_overdue")
        batch_op.drop_column("snoozed_until")
