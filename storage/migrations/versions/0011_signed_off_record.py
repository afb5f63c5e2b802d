"""what is signed off is what is published: the document's revision, the revision each step was
confirmed on, a sign-off undone by a change; whether a list of items is the report's complete one

Revision ID: 0011
Revises: 0010

``inspection.document_revision`` counts the changes to what the response document says
(bot.domain.publication): inspections already logged start at 1, from this version on.
``step_confirmation.document_revision`` is the revision a step was confirmed on (unknown, NULL,
for the steps confirmed before). ``undone_by_change``: the step was undone because something the
document says changed after sign-off (bot.signoff.freeze), not by an approver's Undo.
``section_revision.complete_list``: the office recorded that the items of that section are all
the report makes (true), or only those relevant to the force (false); NULL where nobody said,
as for every revision recorded before this version, so no document claims a total it was not
told.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("document_revision", sa.Integer(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("step_confirmation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_revision", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("undone_by_change", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("section_revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("complete_list", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("section_revision", schema=None) as batch_op:
        batch_op.drop_column("complete_list")
    with op.batch_alter_table("step_confirmation", schema=None) as batch_op:
        batch_op.drop_column("undone_by_change")
        batch_op.drop_column("document_revision")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("document_revision")
