"""one active confirmation per step

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("step_confirmation", schema=None) as batch_op:
        batch_op.create_index(
            "uq_step_confirmation_active",
            ["inspection_id", "step"],
            unique=True,
            sqlite_where=sa.text("undone_at IS NULL"),
            postgresql_where=sa.text("undone_at IS NULL"),
        )


def downgrade() -> None:

    with op.batch_alter_table("step_confirmation", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_step_confirmation_active",
            sqlite_where=sa.text("undone_at IS NULL"),
            postgresql_where=sa.text("undone_at IS NULL"),
        )
