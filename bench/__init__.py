"""Benchmarks: each script measures the bot beside a baseline in the same run (README
"Benchmarks")."""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

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


# The server the tests use (S55_TEST_POSTGRES_URL); the benches keep databases of their own on it.
TEST_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


def bench_database(name: str, given: str | None = None) -> str:
    """The URL of the PostgreSQL database ``name`` beside S55_TEST_POSTGRES_URL's, created when
    missing and reused by every later run (``given``, if any, instead): a bench never empties
    the database tests use, and what it builds once can be reused."""
    if given:
        return given
    url = make_url(os.environ.get("S55_TEST_POSTGRES_URL", TEST_SERVER))
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
