"""offices: every row belongs to one office, and references are counted per office

Revision ID: 0014
Revises: 0013

One deployment can serve several offices (docs/rules.md#r25). Every record stored before
belongs to the office the deployment served, made here as office 1 (its workspace is not
known yet: the first verified request tells it). Keys that were unique across the database
become unique within an office: S55-3, today's digest, a notice, an event, a change's key.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLES = (
    "inspection",
    "section_revision",
    "report_item",
    "item_answer",
    "item_progress",
    "response",
    "step_confirmation",
    "audit_event",
    "reminder",
    "response_draft",
    "draft_message",
    "notice",
    "inbox_event",
    "committed_change",
    "item_review",
)
# (table, the old unique constraint, its columns): each becomes unique within an office.
UNIQUE_KEYS = (
    ("inspection", "uq_inspection_number", "uq_inspection_office_number", ["number"]),
    ("reminder", "uq_reminder_key", "uq_reminder_office_key", ["key"]),
    ("notice", "uq_notice_key", "uq_notice_office_key", ["key"]),
    ("inbox_event", "uq_inbox_event_event_id", "uq_inbox_event_office", ["event_id"]),
    ("committed_change", "uq_committed_change_key", "uq_committed_change_office", ["key"]),
)
NOT_WITHDRAWN = sa.text("state != 'withdrawn'")
PARTIAL_UNIQUE = (
    ("uq_inspection_title_date", ["title_key", "published"]),
    ("uq_inspection_link_key", ["link_key"]),
)


def upgrade() -> None:
    office = op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=40), nullable=True),
        sa.Column("team_name", sa.Text(), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("installed_by", sa.String(length=40), nullable=True),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erase_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token_claimed_by", sa.String(length=200), nullable=True),
        sa.Column("token_claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint("team_id", name=op.f("uq_office_team_id")),
    )
    op.bulk_insert(office, [{"id": 1, "settings": {}, "installed_at": datetime.now(UTC)}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('office', 'id'), 1)")
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("office_id", sa.Integer(), nullable=False, server_default="1")
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            # The default served the rows already stored; every new row names its office.
            batch_op.alter_column("office_id", existing_type=sa.Integer(), server_default=None)
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_office_id_office"), "office", ["office_id"], ["id"]
            )
            batch_op.create_index(op.f(f"ix_{table}_office_id"), ["office_id"])
    for table, old, new, columns in UNIQUE_KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(old, type_="unique")
            batch_op.create_unique_constraint(new, ["office_id", *columns])
    for name, columns in PARTIAL_UNIQUE:
        op.drop_index(name, table_name="inspection")
        op.create_index(
            name,
            "inspection",
            ["office_id", *columns],
            unique=True,
            sqlite_where=NOT_WITHDRAWN,
            postgresql_where=NOT_WITHDRAWN,
        )


def downgrade() -> None:
    # Only one office's records can go back to a schema that knows no offices.
    others = op.get_bind().execute(sa.text("SELECT count(*) FROM office WHERE id != 1")).scalar()
    if others:
        raise RuntimeError(
            "this database holds more than one office's records: delete the other "
            "offices' records before downgrading"
        )
    for name, columns in PARTIAL_UNIQUE:
        op.drop_index(name, table_name="inspection")
        op.create_index(
            name,
            "inspection",
            columns,
            unique=True,
            sqlite_where=NOT_WITHDRAWN,
            postgresql_where=NOT_WITHDRAWN,
        )
    for table, old, new, columns in UNIQUE_KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(new, type_="unique")
            batch_op.create_unique_constraint(old, columns)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(op.f(f"ix_{table}_office_id"))
            batch_op.drop_constraint(op.f(f"fk_{table}_office_id_office"), type_="foreignkey")
            batch_op.drop_column("office_id")
    op.drop_table("office")
