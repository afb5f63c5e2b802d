"""Named queries for the event inbox: store once by Slack's event_id, claim, mark processed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import InboxEvent


def store_event(
    session: Session, *, event_id: str, event_type: str, payload: dict[str, Any], now: datetime
) -> bool:
    """True if this is the first time the event arrived; a redelivery changes nothing."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(InboxEvent)
        .values(
            event_id=event_id,
            event_type=event_type,
            payload=payload,
            received_at=now,
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(InboxEvent.id)
    )
    return session.scalar(statement) is not None


def claim_event(
    session: Session, event_id: str, *, now: datetime, stale_before: datetime
) -> dict[str, Any] | None:
    """The event's payload if this caller may process it now: not yet processed, and nobody
    else working on it (or whoever was has not been heard of since ``stale_before``)."""
    statement = (
        update(InboxEvent)
        .where(
            InboxEvent.event_id == event_id,
            InboxEvent.processed_at.is_(None),
            or_(InboxEvent.claimed_at.is_(None), InboxEvent.claimed_at < stale_before),
        )
        .values(claimed_at=now, attempts=InboxEvent.attempts + 1)
        .returning(InboxEvent.payload)
    )
    return session.scalar(statement)


def mark_processed(session: Session, event_id: str, *, now: datetime) -> None:
    session.execute(
        update(InboxEvent)
        .where(InboxEvent.event_id == event_id)
        .values(processed_at=now, last_error=None)
    )


def release_event(session: Session, event_id: str, *, error: str) -> None:
    """Processing failed: let the next attempt (a redelivery or the pass) take it."""
    session.execute(
        update(InboxEvent)
        .where(InboxEvent.event_id == event_id)
        .values(claimed_at=None, last_error=error[:2000])
    )


def pending_events(
    session: Session,
    *,
    received_before: datetime,
    stale_before: datetime,
    max_attempts: int,
    limit: int,
) -> list[str]:
    """Events left unprocessed (a crash, a failure), oldest first."""
    query = (
        select(InboxEvent.event_id)
        .where(
            InboxEvent.processed_at.is_(None),
            InboxEvent.received_at < received_before,
            InboxEvent.attempts < max_attempts,
            or_(InboxEvent.claimed_at.is_(None), InboxEvent.claimed_at < stale_before),
        )
        .order_by(InboxEvent.received_at, InboxEvent.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def forget_processed(session: Session, *, processed_before: datetime) -> int:
    """Delete events done long ago (they hold message text); returns how many."""
    result = session.execute(
        delete(InboxEvent).where(
            InboxEvent.processed_at.is_not(None), InboxEvent.processed_at < processed_before
        )
    )
    return result.rowcount or 0
