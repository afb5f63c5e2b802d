"""Shared fixtures: a migrated database on SQLite and on PostgreSQL.

PostgreSQL tests run when S55_TEST_POSTGRES_URL names a server (``make test`` and CI set it).
If it is set and the server does not answer, the run fails: it never quietly skips.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import Database, normalise_url
from storage.models import Base

# The real bot over real HTTP against the stand-in: the `bot` and `slack` fixtures.
pytest_plugins = ["tests.e2e"]

POSTGRES_ENV = "S55_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A throwaway database on the PostgreSQL server, created for this test run."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set (make test sets it)")
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    name = f"s55_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as failure:  # whatever the driver says, the server is not usable
        pytest.fail(f"PostgreSQL at {server} is unreachable: {failure}", pytrace=False)
    url = make_url(normalise_url(server)).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_postgres(postgres_server_url: str) -> Iterator[Database]:
    db = Database(postgres_server_url)
    db.migrate()
    yield db
    db.dispose()


def _empty(db: Database) -> None:
    names = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database: a fresh SQLite file, or the run's PostgreSQL database."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 's55bot.db'}")
        db.migrate()
        yield db
        db.dispose()
        return
    db = request.getfixturevalue("migrated_postgres")
    _empty(db)
    yield db
