"""Every test starts from the database as migrated: each worker's one SQLite file and one
PostgreSQL database are emptied before each test (tests/conftest.py), and emptied means the same
as freshly migrated."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from storage.db import Database
from storage.models import Base
from tests.conftest import _empty
from tests.storage.test_inspections_store import log


def _state(db: Database) -> dict[str, Any]:
    """Each table's rows (the office's in full) and where each sequence stands."""
    with db.engine.connect() as connection:
        rows = {
            t.name: connection.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one()
            for t in Base.metadata.sorted_tables
        }
        office = connection.execute(text("SELECT * FROM office ORDER BY id")).all()
        sequences = (
            connection.execute(
                text(
                    "SELECT sequencename, last_value FROM pg_sequences "
                    "WHERE schemaname = current_schema() ORDER BY sequencename"
                )
            ).all()
            if db.engine.dialect.name == "postgresql"
            else []  # SQLite numbers rows from the table itself (no AUTOINCREMENT)
        )
    return {"rows": rows, "office": office, "sequences": sequences}


def test_an_emptied_database_is_as_migrated_and_numbers_ids_from_one(
    database: Database,
) -> None:
    db = database  # emptied by the fixture
    as_migrated = _state(db)
    assert set(as_migrated["rows"].values()) == {0, 1}  # the office's one row
    first = log(db, title="First")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO office (id, team_id, settings, installed_at) "
                "VALUES (2, 'T2', '{}', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(text("UPDATE office SET team_name = 'Norfolk' WHERE id = 1"))
    log(db, title="Second")
    assert _state(db) != as_migrated

    _empty(db)

    assert _state(db) == as_migrated
    again = log(db, title="Again")
    assert (again.id, again.number) == (first.id, first.number) == (1, 1)
