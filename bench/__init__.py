"""Benchmarks: each script measures the bot beside a baseline in the same run (README
"Benchmarks")."""

from __future__ import annotations

from sqlalchemy import text

from storage.db import Database
from storage.models import Base


def empty(db: Database) -> None:
    """Every record deleted, leaving the single office a migrated database has (migration
    0014), as a fresh database would be."""
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "office":
                connection.execute(text(f"DELETE FROM {table.name}"))
        connection.execute(text("DELETE FROM office WHERE id != 1"))
