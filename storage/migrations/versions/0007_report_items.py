"""recommendations and areas for improvement as items, each with its answers (s.55(5B))

Revision ID: 0007
Revises: 0006

Text already recorded for the recommendations or the AFIs stays as it is (a revision of its
section): the document shows it as before. Items come from what is pasted or uploaded from now.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

NOT_REMOVED = sa.text("removed = false")


def upgrade() -> None:
    op.create_table(
        "report_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("directed_at", sa.String(length=30), nullable=False),
        sa.Column("addressees", sa.Text(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_report_item_inspection_id_inspection"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_item")),
    )
    op.create_index(op.f("ix_report_item_inspection_id"), "report_item", ["inspection_id"])
    op.create_index(
        "uq_report_item_number",
        "report_item",
        ["inspection_id", "kind", "number"],
        unique=True,
        sqlite_where=NOT_REMOVED,
        postgresql_where=NOT_REMOVED,
    )
    op.create_table(
        "item_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("response", sa.String(length=30), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("answered_by", sa.String(length=40), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["report_item.id"], name=op.f("fk_item_answer_item_id_report_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_answer")),
        sa.UniqueConstraint("item_id", "revision", name="uq_item_answer_revision"),
    )
    op.create_index(op.f("ix_item_answer_item_id"), "item_answer", ["item_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_item_answer_item_id"), table_name="item_answer")
    op.drop_table("item_answer")
    op.drop_index("uq_report_item_number", table_name="report_item")
    op.drop_index(op.f("ix_report_item_inspection_id"), table_name="report_item")
    op.drop_table("report_item")
