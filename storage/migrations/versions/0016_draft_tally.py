"""A draft's tally: what its receipt says of its messages as of one version, which the next
message extends without reading the others

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("response_draft") as batch:
        batch.add_column(sa.Column("tally", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("response_draft") as batch:
        batch.drop_column("tally")
