"""Delivering what is owed: an inspection's follow-ups (the rows
storage.reminders.request_follow_ups wrote with the change that needs them) claimed, delivered
by their kind's deliverer (registry) in the kinds' order, then marked sent, the way reminders
are sent. What Slack refused stays unsent for the next reminder pass."""

from __future__ import annotations

import logging
from collections.abc import Collection
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.errors import NotOnRecord
from bot.domain.followups import FollowUp, Kind, UnknownFollowUp
from bot.followups.registry import NoDeliverer, NotYet, Posted, deliverer
from bot.services import Services, claimer_id
from storage import queries, reminders
from storage.models import Inspection

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # a claim this old belongs to a process that stopped


# The inspection as the change that asked for the follow-ups being delivered committed it,
# loaded with storage.queries.LOADED (see deliver_owed's ``committed``).
_COMMITTED: ContextVar[Inspection | None] = ContextVar("committed_inspection", default=None)


def deliver_owed(
    services: Services,
    inspection_id: int | None,
    keys: Collection[str] | None = None,
    *,
    committed: Inspection | None = None,
) -> bool:
    """Deliver the inspection's follow-ups that nobody else is delivering (only ``keys`` when
    given; None: those of no one inspection, the compliance report's); True when nothing is
    left unsent by this call. Called after a change committed: whatever fails here (the
    database blinking too) leaves the follow-ups for the next pass and must never make the
    change look undone. ``committed``: the inspection as that change committed it (locked
    while it changed, loaded with everything a card or document reads), which this call's
    deliverers render from instead of reading it again (committed_inspection); a change made
    since by someone else asks for its own card edit, so the card's last word is the newest."""
    if keys is not None and not keys:
        return True
    token = _COMMITTED.set(committed if committed and committed.id == inspection_id else None)
    try:
        return _deliver(services, inspection_id, keys=keys)
    except Exception as failure:
        log.warning(
            "follow-ups of %s left for the next reminder pass: %r",
            "the reports" if inspection_id is None else f"inspection {inspection_id}",
            failure,
        )
        return False
    finally:
        _COMMITTED.reset(token)


def committed_inspection(services: Services, inspection_id: int) -> Inspection:
    """The inspection with everything a card or a document reads: as the change being
    followed up committed it, when deliver_owed was given it, else read now."""
    committed = _COMMITTED.get()
    if committed is not None and committed.id == inspection_id:
        return committed
    with services.db.session(read_only=True) as session:
        return queries.inspection_by_id(session, inspection_id)


def _deliver(
    services: Services, inspection_id: int | None, *, keys: Collection[str] | None
) -> bool:
    now = services.now()
    # Place and pid: a worker can tell that the process holding a follow-up is gone
    # (bot.inbox.worker) and give it back at once rather than after STALE_AFTER.
    claimer = claimer_id()
    with services.db.session() as session:
        taken = reminders.take_follow_ups(
            session,
            inspection_id,
            claimer=claimer,
            now=now,
            stale_before=now - STALE_AFTER,
            keys=keys,
        )
    sent: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    try:
        for key in sorted(taken, key=_rank):
            outcome = _attempt(services, key, look_first=taken[key] > 1)
            if isinstance(outcome, str):
                failed.append({"key": key, "error": outcome})
            else:
                sent.append(_sent(key, outcome, services.now()))
    finally:  # even after a bug, release what was not done so the next pass retries it
        left = set(taken) - {row["key"] for row in sent + failed}
        failed += [{"key": key, "error": "not attempted"} for key in left]
        with services.db.session() as session:
            reminders.mark_sent(session, sent, claimer=claimer)
            reminders.release(session, failed, claimer=claimer)
    return not failed


def _attempt(services: Services, key: str, *, look_first: bool) -> Posted | str | None:
    """The message posted, None, or the error (a string) that leaves it for later."""
    try:
        follow_up = FollowUp.parse(key)
        return deliverer(follow_up.kind)(services, follow_up, look_first=look_first)
    except NotYet:
        return "not yet"
    except (UnknownFollowUp, NoDeliverer, NotOnRecord) as failure:
        # Not Slack's doing (a key of no kind, a kind nobody delivers, a row the key names that
        # is gone): kept, and said loudly on every pass until someone mends it; the follow-ups
        # after it are still delivered.
        log.error("follow-up %s cannot be delivered: %s", key, failure)
        return type(failure).__name__
    except SlackApiError as failure:
        error = str(failure.response.get("error") or failure.response.status_code)
    except (SlackClientError, OSError) as failure:
        error = type(failure).__name__
    log.warning("follow-up %s not delivered (%s); the next reminder pass retries it", key, error)
    return error


def _rank(key: str) -> tuple[int, str]:
    try:
        return FollowUp.parse(key).kind.rank, key
    except UnknownFollowUp:
        return len(Kind), key  # after every known kind; it fails loudly when attempted


def _sent(key: str, posted: Posted | None, now: datetime) -> dict[str, Any]:
    posted = posted or {}
    return {
        "key": key,
        "sent_at": now,
        "channel_id": posted.get("channel"),
        "message_ts": posted.get("ts"),
    }
