"""Engines, sessions and migrations for SQLite (embedded default) and PostgreSQL (production).

Every database operation has a bound, so that a database that stops answering makes the bot
say so (``DatabaseUnavailable``) instead of holding a thread for ever: connecting, waiting
for a connection from the pool, waiting for a lock, running a statement, and (on
PostgreSQL) waiting for any answer at all on a connection whose packets are being dropped.
"""

from __future__ import annotations

import ast
import copy
import logging
import re
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, exc, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from bot.domain.errors import CommitOutcomeUnknown, DatabaseUnavailable
from storage.models import THIS_OFFICE
from storage.scope import OFFICE_KEY, OfficeSession

# Imported where they are used, not here: every command and process imports this module, and
# these two cost about 160 ms of each start. alembic only migrates (Database.migrate) or reads
# migrations it does not expect (_heads_by_alembic); psycopg only serves a PostgreSQL URL.
if TYPE_CHECKING:
    import psycopg
    from alembic.config import Config

log = logging.getLogger("s55bot")
T = TypeVar("T")
# Reads made while Slack waits for an ack (Database.read_within); a few at most wait at once.
_READERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="s55bot-bounded-read")
MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class Limits:
    """How long any one step may take, in seconds (``None``: no bound)."""

    connect: int  # libpq's connect_timeout (whole seconds, at least 2)
    answer: float | None  # no byte back from PostgreSQL for this long: the connection is cut
    statement: float | None  # PostgreSQL statement_timeout (the server ends it cleanly)
    lock: float | None  # PostgreSQL lock_timeout; SQLite busy_timeout (the write lock)
    pool: float = 5.0  # waiting for a free connection in the pool


# Serving Slack: a person waits. The server-side bounds come before the client-side one,
# so that a slow statement is ended cleanly and its connection kept.
SERVING = Limits(connect=3, answer=5.0, statement=4.0, lock=3.0)
# /healthz: answers within 2 s in any case (bot.runtime.web); its probe ends soon after.
PROBE = Limits(connect=2, answer=2.0, statement=2.0, lock=1.0)
# Migrations may rewrite tables: generous, but still not for ever.
MAINTENANCE = Limits(connect=10, answer=None, statement=None, lock=60.0)
CONNECT_TIMEOUT_SECONDS = SERVING.connect
# After PostgreSQL was found unreachable, sessions fail at once for this long.
LOST_SECONDS = 10.0


class BadDatabaseURL(ValueError):
    """The URL cannot name a database; the message says why in a few words."""


def normalise_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out (``postgres://``, ``postgresql://``) and use
    psycopg 3, the driver we install, rather than SQLAlchemy's default psycopg2."""
    parsed = _parse_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadDatabaseURL("is not a database address") from None
    except ValueError:  # SQLAlchemy reads the port with int() and lets the error out
        port = url.partition("://")[2].partition("/")[0].rpartition(":")[2]
        raise BadDatabaseURL(f"names port {port!r}, which is not a number") from None
    if parsed.drivername.startswith("sqlite") and parsed.host:  # sqlite://s55bot.db
        path = "/".join(part for part in (parsed.host, parsed.database) if part)
        raise BadDatabaseURL(f"needs three slashes before a file name (sqlite:///{path})")
    return parsed


def make_engine(url: str, limits: Limits = SERVING, *, pooled: bool = True) -> Engine:
    url = normalise_url(url)
    pooling: dict[str, Any] = {} if pooled else {"poolclass": NullPool}
    if url.startswith("sqlite"):
        busy = 30.0 if limits.lock is None else limits.lock
        engine = create_engine(url, connect_args={"timeout": busy}, **pooling)
        event.listen(engine, "connect", _sqlite_pragmas(busy))
        event.listen(engine, "begin", _sqlite_begin(busy))
        return engine
    if pooled:
        pooling = {"pool_size": 10, "max_overflow": 10, "pool_timeout": limits.pool}
    engine = create_engine(
        url, pool_pre_ping=True, connect_args=_postgres_options(limits), **pooling
    )
    event.listen(engine, "connect", _postgres_session_limits(limits))
    if limits.answer is not None:
        bounded = _bounded_connection(limits.answer)
        event.listen(engine, "do_connect", lambda _d, _r, args, kw: bounded.connect(*args, **kw))
    return engine


def _postgres_session_limits(limits: Limits) -> Any:
    """Set with SET rather than the ``options`` startup parameter, which connection poolers
    such as PgBouncer refuse."""
    settings = {
        "statement_timeout": _ms(limits.statement),
        "lock_timeout": _ms(limits.lock),
        "idle_in_transaction_session_timeout": "60000",  # a stuck client lets go of its locks
    }

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            for name, milliseconds in settings.items():  # our own constants, not input
                cursor.execute(f"SET {name} = {milliseconds}")
        dbapi_connection.commit()

    return on_connect


def _postgres_options(limits: Limits) -> dict[str, Any]:
    return {
        "connect_timeout": limits.connect,
        # A peer that vanishes (packets dropped, not refused) is noticed by the kernel:
        # keepalives when idle, tcp_user_timeout when our bytes go unacknowledged.
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 3,
        "keepalives_count": 3,
        "tcp_user_timeout": 10_000,
    }


def _ms(seconds: float | None) -> str:
    return "0" if seconds is None else str(int(seconds * 1000))


def _bounded_connection(seconds: float) -> type[psycopg.Connection]:
    """psycopg connections that give up on an answer after ``seconds``.

    libpq has no client-side bound: when the server (or the path to it) stops answering,
    a query waits for ever. psycopg funnels every wait through ``Connection.wait``; past the
    bound the connection is closed, so SQLAlchemy discards it rather than reusing it.
    """
    import psycopg

    class BoundedConnection(psycopg.Connection):
        def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
            try:
                return super().wait(gen, interval, seconds if timeout is None else timeout)
            # psycopg's own (private) signal that ``timeout`` passed (psycopg >= 3.3).
            except psycopg.errors._WaitTimeout as timed_out:
                self.close()
                raise psycopg.OperationalError(
                    f"no answer from the database within {seconds:g} s"
                ) from timed_out

    return BoundedConnection


def _sqlite_pragmas(busy_seconds: float) -> Any:
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        # We emit BEGIN ourselves (below); pysqlite's own would start transactions too late.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # How long to wait for another connection's write lock before "database is locked".
        busy_ms = int(busy_seconds * 1000)
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()
        record.info[BUSY_TIMEOUT_KEY] = busy_ms  # what it has now (_sqlite_begin)

    return on_connect


def _sqlite_begin(busy_seconds: float) -> Any:
    """SQLite has one writer at a time. A unit of work that reads and then writes takes the
    write lock up front: otherwise a write by someone else in between makes ours fail at once
    ("database is locked", which the busy timeout does not cover). Read-only work does not.
    A session opened ``within`` a shorter bound waits that long for the lock, not longer."""

    def on_begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        wait_ms = int(options.get(WAIT_OPTION, busy_seconds) * 1000)
        # Per unit of work, set only when it differs from what this connection has: the
        # connection's info lasts as long as the SQLite connection does (SQLAlchemy's pool).
        # Set every time, it was the statement run most often (one per transaction).
        held = connection.connection.info
        if held.get(BUSY_TIMEOUT_KEY) != wait_ms:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={wait_ms}")
            held[BUSY_TIMEOUT_KEY] = wait_ms
        begin = "BEGIN" if options.get(READ_ONLY_OPTION) else "BEGIN IMMEDIATE"
        connection.exec_driver_sql(begin)

    return on_begin


READ_ONLY_OPTION = "s55_read_only"
BUSY_TIMEOUT_KEY = "s55_busy_timeout_ms"
WAIT_OPTION = "s55_wait_seconds"


@dataclass
class _Health:
    lost_until: float = 0.0  # see Database.session()
    answered_at: float = 0.0  # when the server was last seen answering (a probe, a look-up)

    def answered(self) -> None:
        self.answered_at = time.monotonic()
        self.lost_until = 0.0


class Database:
    """One engine and its session factory, built once per process; seen by one office at a
    time (``for_office``: the same engine, sessions that see that office's rows only)."""

    def __init__(self, url: str, *, office: int | None = THIS_OFFICE) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(url)
        # /healthz has its own connections, so that it never waits for the pool.
        self._probe_engine = make_engine(url, PROBE, pooled=False)
        self._sessions = sessionmaker(self.engine, class_=OfficeSession, expire_on_commit=False)
        reading = self.engine.execution_options(**{READ_ONLY_OPTION: True})
        self._reading_sessions = sessionmaker(reading, class_=OfficeSession, expire_on_commit=False)
        self._health = _Health()
        self.office = office

    def for_office(self, office: int) -> Database:
        """This database as one office sees it (storage.scope): the same engines and health."""
        seen = copy.copy(self)
        seen.office = office
        return seen

    def across_offices(self) -> Database:
        """Sessions that see every office's rows and may add none: for work over all offices."""
        seen = copy.copy(self)
        seen.office = None
        return seen

    @contextmanager
    def session(self, *, read_only: bool = False, within: float | None = None) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error.

        On SQLite a session takes the write lock when it begins, unless ``read_only``; on
        PostgreSQL both are ordinary transactions (use row or advisory locks there).
        ``within`` bounds, in seconds, how long it waits for locks and statements: for work
        done while Slack waits for an answer.
        """
        # Once the server is lost, say so at once for a while instead of making everyone
        # wait out the bounds again, each holding a listener thread meanwhile. A /healthz
        # probe that gets an answer ends this early.
        began = time.monotonic()
        if began < self._health.lost_until:
            raise DatabaseUnavailable()
        factory = self._reading_sessions if read_only else self._sessions
        if within is not None:
            factory = sessionmaker(
                factory.kw["bind"].execution_options(**{WAIT_OPTION: within}),
                class_=OfficeSession,
                expire_on_commit=False,
            )
        committing = False
        try:
            with factory(info={OFFICE_KEY: self.office}) as session:
                session.begin()
                if within is not None and self.engine.dialect.name == "postgresql":
                    milliseconds = int(within * 1000)
                    session.execute(text(f"SET LOCAL statement_timeout = {milliseconds}"))
                    session.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
                yield session
                committing = True
                session.commit()
        except (exc.OperationalError, exc.TimeoutError) as error:
            if not _not_answering(error):
                raise
            # A session that began before the server was last seen answering fails late (a
            # connection opened into the outage waits out its own bound): that says nothing of
            # the server now, and must not turn away those who come after the probe.
            if _server_lost(error) and began >= self._health.answered_at:
                self._health.lost_until = time.monotonic() + LOST_SECONDS
            log.warning("the database is not answering: %s", _first_line(error))
            if committing and not read_only:
                # COMMIT may have reached the server and been carried out: only a look-up can
                # tell (storage.changes), never "nothing was stored".
                raise CommitOutcomeUnknown() from error
            raise DatabaseUnavailable() from error

    def migrate(self) -> tuple[str | None, str | None]:
        """Bring the schema up to the newest alembic revision: the revisions before and after
        (``None`` before: the database was empty)."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        engine = make_engine(self.url, MAINTENANCE, pooled=False)
        try:
            with engine.connect() as connection:
                sqlite = engine.dialect.name == "sqlite"
                if sqlite:
                    # SQLite changes a table by copying it (alembic's batch mode), which foreign
                    # keys would refuse; they are checked again, whole, before the end. Set on
                    # the driver's connection, outside a transaction, where it has effect.
                    cursor = connection.connection.cursor()
                    cursor.execute("PRAGMA foreign_keys=OFF")
                    cursor.close()
                with connection.begin():
                    before = MigrationContext.configure(connection).get_current_revision()
                    config = alembic_config(self.url)
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                        raise RuntimeError("the migration left rows whose foreign keys break")
                    after = MigrationContext.configure(connection).get_current_revision()
                return before, after
        finally:
            engine.dispose()  # unpooled: the connection, and its pragmas, go with it

    def read_within(self, seconds: float, work: Callable[[Session], T]) -> T:
        """``work`` in a read-only session, its answer waited for at most ``seconds`` (for an
        ack: Slack waits 3 s in all); DatabaseUnavailable past that. The read runs on a small
        pool of its own, so that a database dropping packets (which only the driver's own,
        longer bound ends) cannot hold the caller; it finishes or fails there by itself."""

        def read() -> T:
            with self.session(read_only=True, within=seconds) as session:
                return work(session)

        try:
            return _READERS.submit(read).result(timeout=seconds)
        except FutureTimeout:
            raise DatabaseUnavailable() from None

    def found_answering(self) -> None:
        """The server answered (a look-up after a lost connection): stop failing at once."""
        self._health.answered()

    def ping(self) -> bool:
        """True when the database answers a read, within a few seconds. Takes no write lock
        on SQLite (it reads the schema version; a writer elsewhere does not hold it up)."""
        probe = self._probe_engine.execution_options(**{READ_ONLY_OPTION: True})
        statement = "PRAGMA schema_version" if self.url.startswith("sqlite") else "SELECT 1"
        try:
            with probe.connect() as connection:
                connection.execute(text(statement))
        except Exception:  # any driver error means "not answering"
            return False
        self._health.answered()
        return True

    def dispose(self) -> None:
        self.engine.dispose()
        self._probe_engine.dispose()


def _not_answering(error: Exception) -> bool:
    """The database did not answer in time (or at all), as opposed to a mistake in a query."""
    if isinstance(error, exc.TimeoutError):  # no free connection in the pool
        return True
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    original = getattr(error, "orig", None)
    if _from_psycopg(original):  # connection, lock or statement timeout
        return True
    message = str(original).lower()
    return any(sign in message for sign in _SQLITE_NOT_ANSWERING)


def _server_lost(error: Exception) -> bool:
    """PostgreSQL cannot be reached at all (not merely busy: a lock or statement timeout
    means it is answering). SQLite is a file: it is never "lost" in this sense."""
    if isinstance(error, exc.TimeoutError):  # every pooled connection is stuck
        return True
    original = getattr(error, "orig", None)
    if not _from_psycopg(original):
        return False
    import psycopg  # loaded already: the error is one of its own

    busy = (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled)
    return not isinstance(original, busy)


def _from_psycopg(original: object) -> bool:
    """``original`` is psycopg's OperationalError. Asked of sys.modules first: an error can only
    be psycopg's in a process that loaded psycopg (a PostgreSQL URL did), and SQLite's never
    load it for the asking."""
    if "psycopg" not in sys.modules:
        return False
    import psycopg

    return isinstance(original, psycopg.OperationalError)


# SQLite's OperationalError covers mistakes in SQL too; these are the ones that are not.
_SQLITE_NOT_ANSWERING = ("database is locked", "unable to open database", "disk i/o error")


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def schema_is_current(db: Database) -> bool:
    """True when the database is at the newest alembic revision: the revisions alembic stored
    (its table alembic_version) are the heads of storage/migrations/versions.

    Every command asks this on start, so it is read the way alembic reads it but without
    alembic, whose import and migration environment cost most of a short command's start."""
    reading = db.engine.execution_options(**{READ_ONLY_OPTION: True})
    with reading.connect() as connection:
        current = _stored_revisions(connection)
    return current == newest_revisions()


def _stored_revisions(connection: Connection) -> frozenset[str]:
    """What alembic's MigrationContext.get_current_heads() answers: nothing before the first
    migration (no table yet), else the rows of alembic_version (the default table, which
    storage/migrations/env.py keeps)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return frozenset()
    rows = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
    return frozenset(row[0] for row in rows)


VERSION_TABLE = "alembic_version"
# A migration's own lines, as `alembic revision` writes them (with or without a type):
# revision = "0016", down_revision: str | None = "0015", depends_on = None.
_NAMED = re.compile(
    r"^(revision|down_revision|depends_on)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE
)


@cache
def newest_revisions() -> frozenset[str]:
    """The heads of storage/migrations/versions, as alembic's ScriptDirectory.get_heads(): the
    revisions that no other revises. Read from each file's lines rather than by importing it;
    a file not in the shape read here (no plain revision line, a depends_on) is left to
    alembic itself, which knows every shape."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        if path.name.startswith(("__init__", ".#")):  # what alembic skips too
            continue
        named = dict(_NAMED.findall(path.read_text(encoding="utf-8")))
        try:
            revision = ast.literal_eval(named["revision"])
            down = ast.literal_eval(named["down_revision"])
            depends_on = ast.literal_eval(named.get("depends_on", "None"))
        except (KeyError, ValueError, SyntaxError):
            return _heads_by_alembic()
        if not isinstance(revision, str) or depends_on is not None:
            return _heads_by_alembic()
        revisions.add(revision)
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(one, str) for one in down):
            revised.update(down)
        elif down is not None:
            return _heads_by_alembic()
    return frozenset(revisions - revised)


def _heads_by_alembic() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())
