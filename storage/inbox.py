"""Named queries for the event inbox: store once by Slack's event_id, claim, mark processed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, not_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import InboxEvent
from storage.scope import office_of

# What a worker runs after an ack is stored beside the events, as a row whose type starts so
# (bot.runtime.worker): the same claims, retries and parking serve both.
REQUEST_TYPE = "request"


@dataclass(frozen=True)
class Claimed:
    """A row a worker has claimed: whose it is, and what to do."""

    office_id: int
    event_id: str
    event_type: str
    payload: dict[str, Any]

    @property
    def is_request(self) -> bool:
        return self.event_type.startswith(REQUEST_TYPE)


def store_event(
    session: Session, *, event_id: str, event_type: str, payload: dict[str, Any], now: datetime
) -> bool:
    """True if this is the first time the event arrived; a redelivery changes nothing."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(InboxEvent)
        .values(
            office_id=office_of(session),
            event_id=event_id,
            event_type=event_type,
            payload=payload,
            received_at=now,
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["office_id", "event_id"])
        .returning(InboxEvent.id)
    )
    return session.scalar(statement) is not None


def store_events(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """Several events (``event_id``, ``event_type``, ``payload``, ``received_at`` each) in one
    statement; the event_ids stored for the first time (a redelivery changes nothing)."""
    if not rows:
        return set()
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    office = office_of(session)
    statement = (
        insert(InboxEvent)
        .values(
            [
                {
                    "office_id": office,
                    "event_id": row["event_id"],
                    "event_type": row["event_type"],
                    "payload": row["payload"],
                    "received_at": row["received_at"],
                    "attempts": 0,
                }
                for row in rows
            ]
        )
        .on_conflict_do_nothing(index_elements=["office_id", "event_id"])
        .returning(InboxEvent.event_id)
    )
    return set(session.scalars(statement))


def claim_event(
    session: Session,
    event_id: str,
    *,
    now: datetime,
    stale_before: datetime,
    claimer: str,
    alive: Callable[[str], bool],
) -> dict[str, Any] | None:
    """The event's payload if this caller may process it now: not processed, not parked, and
    nobody else working on it. A claim is taken over only when its worker has not renewed it
    since ``stale_before`` and is not ``alive`` (known to be running), or is known gone."""
    row = session.execute(
        select(InboxEvent.claimed_at, InboxEvent.claimed_by).where(
            InboxEvent.event_id == event_id,
            InboxEvent.processed_at.is_(None),
            InboxEvent.parked_at.is_(None),
        )
    ).first()
    if row is None:
        return None
    claimed_at, claimed_by = row
    if claimed_at is not None and (claimed_at >= stale_before or alive(claimed_by or "")):
        return None
    statement = (
        update(InboxEvent)
        .where(
            InboxEvent.event_id == event_id,
            InboxEvent.processed_at.is_(None),
            InboxEvent.parked_at.is_(None),
            InboxEvent.claimed_at.is_(None)
            if claimed_at is None
            else InboxEvent.claimed_at == claimed_at,  # as read: no one took it meanwhile
        )
        .values(claimed_at=now, claimed_by=claimer, attempts=InboxEvent.attempts + 1)
        .returning(InboxEvent.payload)
    )
    return session.scalar(statement)


def renew_claim(session: Session, event_id: str, *, claimer: str, now: datetime) -> bool:
    """The worker is still at it (its claim is not stale); False if it no longer holds it."""
    result = session.execute(
        update(InboxEvent)
        .where(InboxEvent.event_id == event_id, InboxEvent.claimed_by == claimer)
        .values(claimed_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


def mark_processed(session: Session, event_id: str, *, now: datetime) -> None:
    session.execute(
        update(InboxEvent)
        .where(InboxEvent.event_id == event_id)
        .values(processed_at=now, last_error=None, claimed_by=None)
    )


def release_event(session: Session, event_id: str, *, error: str, counted: bool = True) -> int:
    """Processing failed (or, not ``counted``, could not start: no reader free): let the next
    attempt (a redelivery or the pass) take it. Returns the attempts that failed so far."""
    values: dict[str, Any] = {"claimed_at": None, "claimed_by": None, "last_error": error[:2000]}
    if not counted:
        values["attempts"] = InboxEvent.attempts - 1
    attempts = session.execute(
        update(InboxEvent)
        .where(InboxEvent.event_id == event_id)
        .values(values)
        .returning(InboxEvent.attempts)
    ).scalar()
    return int(attempts or 0)


def park_event(session: Session, event_id: str, *, now: datetime, error: str) -> None:
    """Failed past its retries: kept with its error, left alone until someone replays it."""
    session.execute(
        update(InboxEvent)
        .where(InboxEvent.event_id == event_id)
        .values(parked_at=now, claimed_at=None, claimed_by=None, last_error=error[:2000])
    )


def unpark_event(session: Session, event_id: str) -> bool:
    """Replay a parked event: its attempts start again. False if no such event is parked."""
    result = session.execute(
        update(InboxEvent)
        .where(InboxEvent.event_id == event_id, InboxEvent.parked_at.is_not(None))
        .values(parked_at=None, attempts=0, claimed_at=None, claimed_by=None)
    )
    return bool(getattr(result, "rowcount", 0))


def parked_events(session: Session) -> list[InboxEvent]:
    """Events parked, oldest first."""
    return list(
        session.scalars(
            select(InboxEvent)
            .where(InboxEvent.parked_at.is_not(None), InboxEvent.processed_at.is_(None))
            .order_by(InboxEvent.received_at, InboxEvent.id)
        )
    )


def pending_events(
    session: Session,
    *,
    received_before: datetime,
    stale_before: datetime,
    max_attempts: int,
    limit: int,
) -> list[str]:
    """Events left unprocessed (a crash, a failure), oldest first; not parked ones. Claims
    older than ``stale_before`` are listed: whoever processes one judges its claimer first."""
    query = (
        select(InboxEvent.event_id)
        .where(
            InboxEvent.processed_at.is_(None),
            InboxEvent.parked_at.is_(None),
            InboxEvent.received_at < received_before,
            InboxEvent.attempts < max_attempts,
            or_(InboxEvent.claimed_at.is_(None), InboxEvent.claimed_at < stale_before),
            # A stored request is run by a worker through the Bolt app (it takes over a dead
            # worker's claims itself), never by this pass, which knows only events.
            not_(InboxEvent.event_type.startswith(REQUEST_TYPE)),
        )
        .order_by(InboxEvent.received_at, InboxEvent.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def waiting_since(session: Session, received_before: datetime) -> int:
    """How many rows received before ``received_before`` no worker has taken yet (neither
    claimed, processed nor parked)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(InboxEvent)
            .where(
                InboxEvent.processed_at.is_(None),
                InboxEvent.parked_at.is_(None),
                InboxEvent.claimed_at.is_(None),
                InboxEvent.received_at < received_before,
            )
        )
        or 0
    )


def forget_processed(session: Session, *, processed_before: datetime) -> int:
    """Delete events done long ago (they hold message text); returns how many."""
    result = session.execute(
        delete(InboxEvent).where(
            InboxEvent.processed_at.is_not(None), InboxEvent.processed_at < processed_before
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def exhausted_events(session: Session, *, max_attempts: int) -> list[str]:
    """Events that failed ``max_attempts`` times and were not parked (a process that stopped
    between its last failure and parking it)."""
    return list(
        session.scalars(
            select(InboxEvent.event_id).where(
                InboxEvent.processed_at.is_(None),
                InboxEvent.parked_at.is_(None),
                InboxEvent.claimed_at.is_(None),
                InboxEvent.attempts >= max_attempts,
            )
        )
    )


def event_payload(session: Session, event_id: str) -> tuple[dict[str, Any], str | None] | None:
    """(payload, last error) of a stored event."""
    row = session.execute(
        select(InboxEvent.payload, InboxEvent.last_error).where(InboxEvent.event_id == event_id)
    ).first()
    return (row[0], row[1]) if row is not None else None


def claim_next(
    session: Session, *, now: datetime, claimer: str, max_attempts: int, limit: int = 1
) -> list[Claimed]:
    """Claim the oldest unclaimed rows of any office (a session across offices), at most
    ``limit``. On PostgreSQL ``FOR UPDATE SKIP LOCKED``: workers in any number of processes
    each take different rows without waiting for one another. SQLite has one writer at a
    time (the session holds the write lock from its start), so the same read-then-update
    cannot interleave there."""
    candidates = (
        select(InboxEvent.id)
        .where(
            InboxEvent.processed_at.is_(None),
            InboxEvent.parked_at.is_(None),
            InboxEvent.claimed_at.is_(None),
            InboxEvent.attempts < max_attempts,
        )
        .order_by(InboxEvent.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = list(session.scalars(candidates))
    if not ids:
        return []
    rows = session.execute(
        update(InboxEvent)
        .where(InboxEvent.id.in_(ids), InboxEvent.claimed_at.is_(None))
        .values(claimed_at=now, claimed_by=claimer, attempts=InboxEvent.attempts + 1)
        .returning(
            InboxEvent.id,
            InboxEvent.office_id,
            InboxEvent.event_id,
            InboxEvent.event_type,
            InboxEvent.payload,
        )
    ).all()
    return [
        Claimed(office_id=row[1], event_id=row[2], event_type=row[3], payload=row[4])
        for row in sorted(rows, key=lambda row: row[0])
    ]


def claims_held(session: Session) -> list[tuple[int, str, str, datetime]]:
    """(row id, event, claimer, claimed at) of every row being worked on, in any office."""
    rows = session.execute(
        select(InboxEvent.id, InboxEvent.event_id, InboxEvent.claimed_by, InboxEvent.claimed_at)
        .where(
            InboxEvent.processed_at.is_(None),
            InboxEvent.parked_at.is_(None),
            InboxEvent.claimed_at.is_not(None),
        )
        .order_by(InboxEvent.id)
    ).all()
    return [(row[0], row[1], row[2] or "", row[3]) for row in rows if row[3] is not None]


def release_claim(session: Session, row_id: int, *, claimer: str, error: str) -> bool:
    """Give back a claim whose worker is gone (its attempt stays counted); False if someone
    else holds it now."""
    result = session.execute(
        update(InboxEvent)
        .where(InboxEvent.id == row_id, InboxEvent.claimed_by == claimer)
        .values(claimed_at=None, claimed_by=None, last_error=error[:2000])
    )
    return bool(getattr(result, "rowcount", 0))


def not_done(session: Session) -> int:
    """How many stored rows are neither processed nor parked (waiting, or being worked on)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(InboxEvent)
            .where(InboxEvent.processed_at.is_(None), InboxEvent.parked_at.is_(None))
        )
        or 0
    )
