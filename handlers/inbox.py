"""Events: stored in the inbox before they are acknowledged, then processed after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse

from bot.inbox.events import event_key, process, store
from bot.services import CONTEXT_KEY

INBOX_EVENTS = ("message", "member_joined_channel", "app_home_opened")


def register(app: App, *, by_workers: bool = False) -> None:
    """``by_workers``: the stored event is left for a worker (bot.runtime.worker), which
    claims it from the inbox; no lazy listener (nor Bolt's copy of the request for one)."""
    for event_type in INBOX_EVENTS:
        if by_workers:
            app.event(event_type)(store_before_ack)
        else:
            app.event(event_type)(ack=store_before_ack, lazy=[process_after_ack])


def store_before_ack(ack: Ack, body: dict[str, Any], context: BoltContext) -> BoltResponse | None:
    """In the request: 200 once the event is stored, 503 (Slack delivers it again) if not."""
    if store(context[CONTEXT_KEY], body, bot_user_id=context.bot_user_id) is None:
        return BoltResponse(status=503, body="event not stored; please deliver it again")
    ack()
    return None


def process_after_ack(body: dict[str, Any], context: BoltContext) -> None:
    process(context[CONTEXT_KEY], event_key(body))
