"""Posting and editing the tracking card: the one function every change ends with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.followups import FollowUp, Kind
from bot.followups.delivery import committed_inspection
from bot.followups.registry import Deliver
from bot.render import as_dicts
from bot.render.card import card_blocks, card_text
from bot.services import Services
from bot.slack.delivery import post_first
from storage import queries
from storage.models import Inspection


def refresh_card(services: Services, inspection_id: int) -> str | None:
    """Edit the card in place to show the stored state, or post it the first time.

    Returns the card's ts, or None while another process is posting it. No database
    transaction stays open while Slack answers.
    """
    inspection = committed_inspection(services, inspection_id)
    channel, ts = inspection.channel_id, inspection.card_ts
    if ts is None:
        return _post_first(services, inspection_id)
    services.client.chat_update(channel=channel, ts=ts, **_message(services, inspection))
    return ts


def _post_first(services: Services, inspection_id: int) -> str | None:
    with services.db.session(read_only=True) as session:
        inspection = queries.inspection_by_id(session, inspection_id)
        message, channel = _message(services, inspection), inspection.channel_id
    return post_first(
        services,
        Inspection,
        inspection_id,
        key=f"card:{inspection_id}",
        channel=channel,
        unfurl_links=False,
        **message,
    )


def _message(services: Services, inspection: Inspection) -> dict[str, Any]:
    blocks = card_blocks(
        inspection, now=services.now(), tz=services.settings.timezone, steps=services.settings.steps
    )
    return {"text": card_text(inspection), "blocks": as_dicts(blocks)}


def _edit_card(services: Services, follow_up: FollowUp, *, look_first: bool) -> None:
    # No look needed: the card is edited in place, and its first post is claimed.
    refresh_card(services, follow_up.id())


DELIVERERS: Mapping[Kind, Deliver] = {Kind.CARD_EDIT: _edit_card}
