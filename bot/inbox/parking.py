"""Events that keep failing are parked, not dropped (docs/rules.md#r22): kept with their error,
shown to the office (a note in the card's thread where the event happened, and an error in
the log), and processed again only when someone asks (``s55bot events replay``)."""

from __future__ import annotations

import logging
from typing import Any

from bot import copy
from bot.responses.receipts import tell_once
from bot.services import Services
from storage import inbox

log = logging.getLogger("s55bot")

MAX_ATTEMPTS = 5  # failures before an event is parked


def park(services: Services, key: str, event: dict[str, Any], error: str) -> None:
    """Park the event and say so; whatever fails is logged, never raised (an event left
    unparked is parked by the next pass: park_exhausted)."""
    try:
        with services.db.session() as session:
            inbox.park_event(session, key, now=services.now(), error=error)
    except Exception as failure:
        log.warning("event %s not parked yet (%r): the next pass parks it", key, failure)
        return
    log.error(
        "event %s parked after %d failed attempts (%s); replay it with `s55bot events replay %s`",
        key,
        MAX_ATTEMPTS,
        error,
        key,
    )
    channel, thread_ts = event.get("channel"), event.get("thread_ts")
    if event.get("type") != "message" or not channel or not thread_ts:
        return  # no thread to note it in: the log has it
    note = copy.event_parked(event.get("user"), _kind_of(event))
    try:
        tell_once(
            services, key=f"parked:{key}", channel=str(channel), thread_ts=thread_ts, text=note
        )
    except Exception as failure:
        log.warning("the note that event %s is parked was not posted: %r", key, failure)


def _kind_of(event: dict[str, Any]) -> str:
    subtype = event.get("subtype")
    if subtype == "message_changed":
        return "an edit"
    if subtype == "message_deleted":
        return "a deletion"
    return "a reply with files" if event.get("files") else "a reply"


def park_exhausted(services: Services) -> int:
    """Park what failed MAX_ATTEMPTS times but was left unparked; returns how many."""
    with services.db.session(read_only=True) as session:
        keys = inbox.exhausted_events(session, max_attempts=MAX_ATTEMPTS)
    for key in keys:
        with services.db.session(read_only=True) as session:
            found = inbox.event_payload(session, key)
        if found is not None:
            payload, error = found
            park(services, key, payload.get("event") or {}, error or "failed")
    return len(keys)


def parked(services: Services) -> list[tuple[str, str, str]]:
    """(event, when parked, its error) of every parked event, oldest first."""
    tz = services.settings.timezone
    with services.db.session(read_only=True) as session:
        return [
            (
                row.event_id,
                row.parked_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if row.parked_at else "",
                row.last_error or "",
            )
            for row in inbox.parked_events(session)
        ]


def unpark(services: Services, keys: list[str]) -> list[str]:
    """Make these parked events pending again, attempts from zero; those that were parked."""
    with services.db.session() as session:
        return [key for key in keys if inbox.unpark_event(session, key)]
