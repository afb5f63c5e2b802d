"""key findings, recommendations and areas for improvement as revisions (not recorded /
recorded / confirmed none); inspections can be withdrawn; the type can be not recorded

Revision ID: 0006
Revises: 0005

An existing inspection's non-empty text becomes revision 1 of its section, recorded by whoever
logged it. Empty text becomes *not yet recorded*, never *none*: nobody said the report makes none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SECTIONS = {
    "findings": "key_findings",
    "recommendations": "recommendations",
    "afis": "areas_for_improvement",
}
NOT_WITHDRAWN = sa.text("state != 'withdrawn'")


def upgrade() -> None:
    op.create_table(
        "section_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raw_text", sa.Text(), nullable=False),
        sa.Column("says_none", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_section_revision_inspection_id_inspection"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section_revision")),
        sa.UniqueConstraint("inspection_id", "section", "revision", name="uq_section_revision"),
    )
    op.create_index(
        op.f("ix_section_revision_inspection_id"), "section_revision", ["inspection_id"]
    )
    for section, column in SECTIONS.items():
        op.execute(
            "INSERT INTO section_revision (inspection_id, section, revision, text, raw_text,"
            " says_none, source, recorded_by, recorded_at)"
            f" SELECT id, '{section}', 1, {column}, {column}, FALSE, 'form', logged_by, logged_at"
            f" FROM inspection WHERE TRIM({column}) != ''"
        )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_constraint("uq_inspection_title_date", type_="unique")
        batch_op.drop_constraint("uq_inspection_link_key", type_="unique")
        for column in SECTIONS.values():
            batch_op.drop_column(column)
        batch_op.alter_column("inspection_type", existing_type=sa.String(length=40), nullable=True)
        batch_op.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))
    op.create_index(
        "uq_inspection_title_date",
        "inspection",
        ["title_key", "published"],
        unique=True,
        sqlite_where=NOT_WITHDRAWN,
        postgresql_where=NOT_WITHDRAWN,
    )
    op.create_index(
        "uq_inspection_link_key",
        "inspection",
        ["link_key"],
        unique=True,
        sqlite_where=NOT_WITHDRAWN,
        postgresql_where=NOT_WITHDRAWN,
    )


def downgrade() -> None:
    op.drop_index("uq_inspection_link_key", table_name="inspection")
    op.drop_index("uq_inspection_title_date", table_name="inspection")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_reason")
        for column in SECTIONS.values():
            batch_op.add_column(sa.Column(column, sa.Text(), nullable=False, server_default=""))
        batch_op.create_unique_constraint("uq_inspection_link_key", ["link_key"])
        batch_op.create_unique_constraint("uq_inspection_title_date", ["title_key", "published"])
    op.drop_index(op.f("ix_section_revision_inspection_id"), table_name="section_revision")
    op.drop_table("section_revision")
