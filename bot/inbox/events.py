"""The event inbox (docs/rules.md#r22: events are stored before they are acknowledged).

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
import threading
from collections.abc import Callable
from concurrent import futures
from datetime import timedelta
from typing import Any

from bot.documents.box import ReadersBusy
from bot.inbox.dispatch import handle
from bot.inbox.parking import MAX_ATTEMPTS, park, park_exhausted
from bot.inbox.writer import WRITER, Row
from bot.services import Services, claimer_alive_here, claimer_id
from bot.threads import DaemonPool, PoolFull
from storage import inbox
from storage.changes import forget_changes

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # a claim not renewed this long: its worker is gone
HEARTBEAT = timedelta(minutes=1)  # how often a worker renews its claim, well inside STALE_AFTER
REPLAY_AFTER = timedelta(minutes=1)  # unclaimed this long: the worker that should have run died
REPLAY_WORKERS = 4
# Processed events are kept this long (to recognise Slack's redeliveries, which come within
# minutes, and to look into a problem), then deleted: they hold people's message text.
KEEP_PROCESSED = timedelta(days=30)
REPLAY_BATCH = 200


def store(services: Services, body: dict[str, Any], *, bot_user_id: str | None) -> str | None:
    """Write the event to the inbox; its key, or None if the database did not take it in
    time. The write is the inbox writer's (writer.py): a burst's events share its commits,
    and a database dropping packets (which only the driver's own, longer bound ends) cannot
    hold Slack's answer past 3 s."""
    key = event_key(body)
    event = body.get("event") or {}
    row = Row(
        db=services.db,
        event_id=key,
        event_type=str(event.get("type") or "unknown")[:60],
        payload={"event": event, "bot_user_id": bot_user_id},
        now=services.now(),
    )
    try:
        WRITER.write(row)
    except Exception as failure:  # any database failure, or no answer: deliver it again
        log.warning("event %s not stored, answering 5xx for a redelivery: %r", key, failure)
        return None
    return key


def process(services: Services, key: str) -> bool:
    """Do what the event means, once; True if this call did it. While it works, its claim is
    renewed (so a slow one, a file being read, never looks abandoned); a failure lets the next
    try take it, and the MAX_ATTEMPTS-th failure parks it (parking.py)."""
    now, me = services.now(), claimer_id()
    with services.db.session() as session:
        payload = inbox.claim_event(
            session,
            key,
            now=now,
            stale_before=now - STALE_AFTER,
            claimer=me,
            alive=claimer_alive_here,
        )
    if payload is None:
        return False  # done already, parked, or being done by someone else
    if "lazy" in payload:  # a stored request's work: a worker runs it (bot.runtime.worker)
        _release(services, key, "left for a worker", counted=False)
        return False
    return work_on(services, key, me, payload, lambda: handle_stored(services, payload))


def handle_stored(services: Services, payload: dict[str, Any]) -> None:
    """Do what a stored event means."""
    handle(services, payload["event"], bot_user_id=payload.get("bot_user_id"))


def work_on(
    services: Services, key: str, me: str, payload: dict[str, Any], work: Callable[[], None]
) -> bool:
    """Run ``work`` for the row ``key`` (stored as ``payload``) that ``me`` has claimed: the
    claim renewed meanwhile, a failure released (parked at the MAX_ATTEMPTS-th), success
    marked processed. True if it was done."""
    with _Heartbeat(services, key, me):
        try:
            work()
        except ReadersBusy as busy:  # not the event's fault: it waits its turn, uncounted
            _release(services, key, f"waiting for a reader: {busy}", counted=False)
            return False
        except Exception as failure:
            log.exception("event %s failed; it will be tried again", key)
            error = f"{type(failure).__name__}: {failure}"
            if _release(services, key, error) >= MAX_ATTEMPTS:
                park(services, key, payload.get("event") or {}, error)
            return False
    with services.db.session() as session:
        inbox.mark_processed(session, key, now=services.now())
    return True


def _release(services: Services, key: str, error: str, *, counted: bool = True) -> int:
    """The failed attempts so far (0 when the database would not say: the pass retries)."""
    try:
        with services.db.session() as session:
            return inbox.release_event(session, key, error=error, counted=counted)
    except Exception as failure:  # the claim goes stale and the pass takes it
        log.warning("event %s not released (%r); the pass will take it later", key, failure)
        return 0


class _Heartbeat:
    """Renews the claim every HEARTBEAT while the event is processed, on a thread of its own."""

    def __init__(self, services: Services, key: str, claimer: str) -> None:
        self._services, self._key, self._claimer = services, key, claimer
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="s55bot-claim", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        while not self._done.wait(HEARTBEAT.total_seconds()):
            try:
                with self._services.db.session() as session:
                    inbox.renew_claim(
                        session, self._key, claimer=self._claimer, now=self._services.now()
                    )
            except Exception as failure:  # the next beat tries again
                log.warning("claim of event %s not renewed: %r", self._key, failure)


# Daemon threads (bot.threads): a replay still running when the process stops (a file Slack is
# slow to hand over) does not keep it alive; its claim is taken over by the next process.
_REPLAYS = DaemonPool(REPLAY_WORKERS, "s55bot-replay", limit=REPLAY_BATCH)
_replaying: set[str] = set()
_replaying_lock = threading.Lock()


def replay_pending(services: Services, *, wait: bool = False) -> int:
    """Process what was stored but never processed (a crash, a failure); returns how many
    were started. For a process without workers (the app's lazy listeners process events:
    build_app(by_workers=False)); where workers run they do this themselves (README
    "Workers"). Each runs on the replay pool, so one slow event (a file Slack is slow to hand
    over) never holds the others back; ``wait`` waits for them to finish. At most REPLAY_BATCH
    are held at once: the rest wait for a later pass."""
    now = services.now()
    park_exhausted(services)
    with services.db.session(read_only=True) as session:
        keys = inbox.pending_events(
            session,
            received_before=now - REPLAY_AFTER,
            stale_before=now - STALE_AFTER,
            max_attempts=MAX_ATTEMPTS,
            limit=REPLAY_BATCH,
        )
    started = []
    for key in keys:
        with _replaying_lock:
            if key in _replaying:
                continue  # still being replayed from an earlier pass
            _replaying.add(key)
        try:
            started.append(_REPLAYS.submit(_replay_one, services, key))
        except PoolFull:
            with _replaying_lock:
                _replaying.discard(key)
            break
    if wait:
        futures.wait(started)
    return len(started)


def replays_finished(timeout: float) -> bool:
    """Wait (at most ``timeout`` seconds) until no replay is running; whether none is (for a
    process that stops, and for tests)."""
    return _REPLAYS.idle(timeout)


def _replay_one(services: Services, key: str) -> bool:
    try:
        return process(services, key)
    except Exception:  # process() reports what it can; the next pass tries again
        log.exception("replay of event %s failed", key)
        return False
    finally:
        with _replaying_lock:
            _replaying.discard(key)


def event_key(body: dict[str, Any]) -> str:
    """Slack's event_id; an envelope without one (never seen from Slack) is keyed by content."""
    if body.get("event_id"):
        return str(body["event_id"])[:100]
    digest = hashlib.sha256(json.dumps(body.get("event"), sort_keys=True).encode()).hexdigest()
    return f"sha256:{digest[:64]}"


def forget_processed(services: Services) -> int:
    """Delete events processed more than KEEP_PROCESSED ago, and the keys of changes made as
    long ago (storage.changes); returns how many events."""
    before = services.now() - KEEP_PROCESSED
    with services.db.session() as session:
        forget_changes(session, committed_before=before)
        return inbox.forget_processed(session, processed_before=before)
