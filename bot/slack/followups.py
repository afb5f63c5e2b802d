"""Delivering an inspection's follow-ups (the rows storage.reminders.request_follow_ups wrote
with the change that needs them): claim, post or edit, then mark sent, the way reminders are
sent. What Slack refused stays unsent for the next reminder pass."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Collection
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.delivery import Posting
from storage import reminders

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)  # a claim this old belongs to a process that stopped

# Posting order: the card first (its thread holds the rest), then what happens in the thread.
ORDER = (
    "edit:card:",
    "edit:receipt:",
    "prompt:",
    "turn:",
    "undo:",
    "reopened:",
    "note:",
    "draft:",
    "not-required:",
    "complete:",
    "upload:",
    "report:",  # the compliance report's summary, then its files in the summary's thread
    "report-files:",
)

# perform(key, look_first) -> the message posted ({"channel", "ts"}) or None for an edit or
# for nothing left to do. look_first: an earlier attempt may have reached Slack.
Perform = Callable[[str, bool], dict[str, str] | None]


class NotYet(Exception):
    """This follow-up cannot be delivered yet (its card is not posted): left for later."""


def deliver_follow_ups(
    services: Posting,
    inspection_id: int | None,
    perform: Perform,
    *,
    keys: Collection[str] | None = None,
) -> bool:
    """Deliver what nobody else is delivering; True when nothing is left unsent by this call.
    Called after a change committed: whatever fails here (the database blinking too) leaves
    the follow-ups for the next pass and must never make the change look undone."""
    try:
        return _deliver(services, inspection_id, perform, keys=keys)
    except Exception as failure:
        log.warning(
            "follow-ups of %s left for the next reminder pass: %r",
            "the reports" if inspection_id is None else f"inspection {inspection_id}",
            failure,
        )
        return False


def _deliver(
    services: Posting,
    inspection_id: int | None,
    perform: Perform,
    *,
    keys: Collection[str] | None,
) -> bool:
    now = services.now()
    claimer = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
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
            outcome = _attempt(perform, key, look_first=taken[key] > 1)
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


def _attempt(perform: Perform, key: str, *, look_first: bool) -> dict[str, str] | str | None:
    """The message posted, None, or the error (a string) that leaves it for later."""
    try:
        return perform(key, look_first)
    except NotYet:
        return "not yet"
    except SlackApiError as failure:
        error = str(failure.response.get("error") or failure.response.status_code)
    except (SlackClientError, OSError) as failure:
        error = type(failure).__name__
    log.warning("follow-up %s not delivered (%s); the next reminder pass retries it", key, error)
    return error


def _rank(key: str) -> tuple[int, str]:
    return next((i for i, prefix in enumerate(ORDER) if key.startswith(prefix)), len(ORDER)), key


def _sent(key: str, posted: dict[str, str] | None, now: datetime) -> dict[str, Any]:
    posted = posted or {}
    return {
        "key": key,
        "sent_at": now,
        "channel_id": posted.get("channel"),
        "message_ts": posted.get("ts"),
    }
