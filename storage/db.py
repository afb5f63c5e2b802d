"""Engines, sessions and migrations for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
CONNECT_TIMEOUT_SECONDS = 5


def normalise_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out (``postgres://``, ``postgresql://``) and use
    psycopg 3, the driver we install, rather than SQLAlchemy's default psycopg2."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A server that drops packets must make /healthz answer 503, not hang.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # We emit BEGIN ourselves (below); pysqlite's own would start transactions too late.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """SQLite has one writer at a time. A unit of work that reads and then writes takes the
    write lock up front: otherwise a write by someone else in between makes ours fail at once
    ("database is locked", which the busy timeout does not cover). Read-only work does not."""
    options = connection.get_execution_options()
    wait_ms = int(options.get(WAIT_OPTION, DEFAULT_WAIT_SECONDS) * 1000)
    connection.exec_driver_sql(f"PRAGMA busy_timeout={wait_ms}")  # per unit of work
    connection.exec_driver_sql("BEGIN" if options.get(READ_ONLY_OPTION) else "BEGIN IMMEDIATE")


READ_ONLY_OPTION = "s55_read_only"
WAIT_OPTION = "s55_wait_seconds"
DEFAULT_WAIT_SECONDS = 30.0


class Database:
    """One engine and its session factory, built once per process."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        reading = self.engine.execution_options(**{READ_ONLY_OPTION: True})
        self._reading_sessions = sessionmaker(reading, expire_on_commit=False)

    @contextmanager
    def session(
        self, *, read_only: bool = False, within: float | None = None
    ) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error.

        On SQLite a session takes the write lock when it begins, unless ``read_only``; on
        PostgreSQL both are ordinary transactions (use row or advisory locks there).
        ``within`` bounds, in seconds, how long it waits for locks and statements: for work
        done while Slack waits for an answer.
        """
        factory = self._reading_sessions if read_only else self._sessions
        if within is not None:
            factory = sessionmaker(
                factory.kw["bind"].execution_options(**{WAIT_OPTION: within}),
                expire_on_commit=False,
            )
        with factory.begin() as session:
            if within is not None and self.engine.dialect.name == "postgresql":
                milliseconds = int(within * 1000)
                session.execute(text(f"SET LOCAL statement_timeout = {milliseconds}"))
                session.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
            yield session

    def migrate(self) -> None:
        """Bring the schema up to the newest alembic revision."""
        with self.engine.connect() as connection:
            sqlite = self.engine.dialect.name == "sqlite"
            if sqlite:
                # SQLite changes a table by copying it (alembic's batch mode), which foreign
                # keys would refuse; they are checked again, whole, before the end.
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
            try:
                with connection.begin():
                    config = alembic_config(self.url)
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise RuntimeError("the migration left rows whose foreign keys break")
            finally:
                if sqlite:
                    connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")

    def ping(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any driver error means "not answering"
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def schema_is_current(db: Database) -> bool:
    """True when the database is at the newest alembic revision."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(db.url)).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current == heads
