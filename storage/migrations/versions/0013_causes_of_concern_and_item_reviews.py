"""causes of concern (a recommendation says which one it answers) and the review of a draft's
items as the person edits it before recording

Revision ID: 0013
Revises: 0010

``report_item.kind`` already holds any short word, so "cause_of_concern" needs no change to it;
``report_item.under`` is the number of the cause of concern a recommendation answers (none for
every item recorded before). ``item_review`` keeps one person's review of a draft's items (the
words, joins, splits and items added by hand, page by page) so that **Record them** records what
they reviewed, never the draft split again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("under", sa.String(length=20), nullable=True))
    op.create_table(
        "item_review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("response_draft.id"), nullable=False),
        sa.Column("draft_version", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.String(length=40), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("doubts", sa.JSON(), nullable=False),
    )
    op.create_index("ix_item_review_draft_id", "item_review", ["draft_id"])


def downgrade() -> None:
    op.drop_index("ix_item_review_draft_id", table_name="item_review")
    op.drop_table("item_review")
    with op.batch_alter_table("report_item", schema=None) as batch_op:
        batch_op.drop_column("under")
