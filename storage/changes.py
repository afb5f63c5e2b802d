"""Changes a person asked for, each keyed by their request, so that the bot only ever says what
is true about it (docs/rules.md#r21).

``run_once`` writes the key in the change's own transaction, with what the change came to. So:

* the same request made again (a form submitted twice, a retry) finds the key and changes
  nothing: it is told what the first one stored;
* when the connection is lost while COMMIT is on its way (``CommitOutcomeUnknown``), the key is
  looked up before anything is said. The look-up inserts the key itself: while the lost
  transaction is still open on the server, that insert waits for it to end (PostgreSQL's unique
  index; SQLite's one writer), so the answer is final, never a race. Then the insert is rolled
  back. Found: the change is stored, and its result is what to say. Not found: nothing was
  stored, and saying so is true.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.domain.errors import CommitOutcomeUnknown, DatabaseUnavailable, OutcomeUnknown
from storage.db import Database
from storage.models import CommittedChange
from storage.scope import NoOffice, office_of

log = logging.getLogger("s55bot")

CHECK_SECONDS = 30.0  # how long the look-up after a lost commit keeps trying
_PAUSE = 0.5


@dataclass(frozen=True)
class Once:
    """What the change came to (``work``'s result), and whether this request had done it
    before (``again``)."""

    result: dict[str, Any]
    again: bool = False


def run_once(
    db: Database,
    *,
    key: str | None,
    action: str,
    now: datetime,
    work: Callable[[Session], dict[str, Any]],
    unknown_reply: str,
    check_seconds: float = CHECK_SECONDS,
) -> Once:
    """Run ``work`` in a transaction that also stores ``key`` and work's result (JSON); with
    no key (a request that carries none), a new one. DatabaseUnavailable only when nothing was
    stored; OutcomeUnknown (``unknown_reply``) when the database stopped answering the look-up
    too."""
    key = key or f"{action}:{uuid.uuid4().hex}"
    try:
        with db.session() as session:
            if not _claim(session, key, action, now):
                return Once(_result(session, key), again=True)
            result = work(session)
            session.execute(
                update(CommittedChange).where(CommittedChange.key == key).values(result=result)
            )
        return Once(result)
    except CommitOutcomeUnknown:
        log.warning("the commit of %s lost its answer: looking it up before saying anything", key)
    found = look_up(db, key, check_seconds=check_seconds)
    if found is None:
        raise DatabaseUnavailable()  # nothing was stored: saying so is true
    if found is _UNKNOWN:
        raise OutcomeUnknown(unknown_reply)
    return Once(found)


_UNKNOWN: dict[str, Any] = {}


def look_up(db: Database, key: str, *, check_seconds: float) -> dict[str, Any] | None:
    """The stored result of ``key``'s change, None if it was not stored, or ``_UNKNOWN`` when
    the database did not answer within ``check_seconds``."""
    deadline = time.monotonic() + check_seconds
    while True:
        try:
            with db.engine.connect() as connection:
                found = _settled(connection, _office(db), key)
            db.found_answering()
            log.info("the change %s was %s", key, "stored" if found is not None else "not stored")
            return found
        except DBAPIError as failure:
            if time.monotonic() + _PAUSE > deadline:
                log.warning("could not tell whether %s was stored: %s", key, failure)
                return _UNKNOWN
        time.sleep(_PAUSE)


def _office(db: Database) -> int:
    if db.office is None:
        raise NoOffice("a change is made for one office: open it with Database.for_office")
    return db.office


def _settled(connection: Connection, office: int, key: str) -> dict[str, Any] | None:
    transaction = connection.begin()
    try:
        statement = _insert(connection.dialect.name, office, key, "look-up")
        if connection.execute(statement).first() is not None:
            return None  # no one had it: the lost transaction was rolled back
        stored = connection.execute(
            select(CommittedChange.result).where(
                CommittedChange.office_id == office, CommittedChange.key == key
            )
        ).scalar()
        return dict(stored or {})
    finally:
        transaction.rollback()


def _claim(session: Session, key: str, action: str, now: datetime) -> bool:
    """True when this request is the first with ``key`` (a change in flight with the same key
    is waited for: PostgreSQL's unique index holds the insert until it ends)."""
    dialect = session.get_bind().dialect.name
    statement = _insert(dialect, office_of(session), key, action, now)
    return session.execute(statement).first() is not None


def _insert(dialect: str, office: int, key: str, action: str, now: datetime | None = None) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(CommittedChange)
        .values(office_id=office, key=key, action=action, committed_at=now or datetime.now(UTC))
        .on_conflict_do_nothing(index_elements=["office_id", "key"])
        .returning(CommittedChange.id)
    )


def _result(session: Session, key: str) -> dict[str, Any]:
    stored = session.scalar(select(CommittedChange.result).where(CommittedChange.key == key))
    return dict(stored or {})


def forget_changes(session: Session, *, committed_before: datetime) -> int:
    """Delete keys of changes long done (a request is never repeated after minutes)."""
    result = session.execute(
        delete(CommittedChange).where(CommittedChange.committed_at < committed_before)
    )
    return int(getattr(result, "rowcount", 0) or 0)
