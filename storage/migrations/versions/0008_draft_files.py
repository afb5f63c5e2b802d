"""a draft's message may bring files' text: their names are kept with it

Revision ID: 0008
Revises: 0007

Messages left out of a draft (not from the contact the draft is asked of) are a status value,
"left out", in the existing column.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("file_names", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft_message", schema=None) as batch_op:
        batch_op.drop_column("file_names")
