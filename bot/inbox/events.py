"""The event inbox (PRODUCT.md §11: events are stored before they are acknowledged).

Slack delivers an event until it gets a 2xx within 3 seconds, and not after. So an event is
written to the database in the request, and only then acknowledged; when that write fails the
answer is a 5xx, and Slack delivers it again (after about 1 and 5 minutes). The work an event
means happens after the ack, claimed from the inbox so that a redelivery, or the pass replaying
what a dead process left, never does it twice at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from bot.inbox.dispatch import handle
from bot.services import Services
from storage import inbox

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # a claim older than this belongs to a dead process
REPLAY_AFTER = timedelta(minutes=1)  # unclaimed this long: the worker that should have run died
MAX_ATTEMPTS = 5
# Processed events are kept this long (to recognise Slack's redeliveries, which come within
# minutes, and to look into a problem), then deleted: they hold people's message text.
KEEP_PROCESSED = timedelta(days=30)
REPLAY_BATCH = 200
STORE_WITHIN_SECONDS = 2.0  # lock and statement bounds of the write itself
ANSWER_WITHIN_SECONDS = 2.5  # Slack gives up on an answer after 3
# A write still waiting on a silent database when the answer went is left to finish or fail
# on its own (the redelivery is recognised by its event_id); four at most wait at once.
_WRITERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="s55bot-inbox")


def store(services: Services, body: dict[str, Any], *, bot_user_id: str | None) -> str | None:
    """Write the event to the inbox; its key, or None if the database did not take it in
    time. The write runs on a small pool of its own so that a database dropping packets
    (which only the driver's own, longer bound ends) cannot hold Slack's answer past 3 s."""
    key = event_key(body)
    writing = _WRITERS.submit(_write, services, body, key, bot_user_id)
    try:
        writing.result(timeout=ANSWER_WITHIN_SECONDS)
    except Exception as failure:  # any database failure, or no answer: deliver it again
        log.warning("event %s not stored, answering 5xx for a redelivery: %r", key, failure)
        return None
    return key


def _write(services: Services, body: dict[str, Any], key: str, bot_user_id: str | None) -> None:
    event = body.get("event") or {}
    with services.db.session(within=STORE_WITHIN_SECONDS) as session:
        inbox.store_event(
            session,
            event_id=key,
            event_type=str(event.get("type") or "unknown")[:60],
            payload={"event": event, "bot_user_id": bot_user_id},
            now=services.now(),
        )


def process(services: Services, key: str) -> bool:
    """Do what the event means, once; True if this call did it."""
    now = services.now()
    with services.db.session() as session:
        payload = inbox.claim_event(session, key, now=now, stale_before=now - STALE_AFTER)
    if payload is None:
        return False  # done already, or being done by someone else
    try:
        handle(services, payload["event"], bot_user_id=payload.get("bot_user_id"))
    except Exception as failure:
        log.exception("event %s failed; it will be tried again", key)
        with services.db.session() as session:
            inbox.release_event(session, key, error=f"{type(failure).__name__}: {failure}")
        return False
    with services.db.session() as session:
        inbox.mark_processed(session, key, now=services.now())
    return True


def replay_pending(services: Services) -> int:
    """Process what was stored but never processed (a crash, a failure); returns how many."""
    now = services.now()
    with services.db.session(read_only=True) as session:
        keys = inbox.pending_events(
            session,
            received_before=now - REPLAY_AFTER,
            stale_before=now - STALE_AFTER,
            max_attempts=MAX_ATTEMPTS,
            limit=REPLAY_BATCH,
        )
    return sum(process(services, key) for key in keys)


def event_key(body: dict[str, Any]) -> str:
    """Slack's event_id; an envelope without one (never seen from Slack) is keyed by content."""
    if body.get("event_id"):
        return str(body["event_id"])[:100]
    digest = hashlib.sha256(json.dumps(body.get("event"), sort_keys=True).encode()).hexdigest()
    return f"sha256:{digest[:64]}"


def forget_processed(services: Services) -> int:
    """Delete events processed more than KEEP_PROCESSED ago; returns how many."""
    with services.db.session() as session:
        return inbox.forget_processed(session, processed_before=services.now() - KEEP_PROCESSED)
