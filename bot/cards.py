"""Posting and editing the tracking card: the one function every change ends with."""

from __future__ import annotations

from typing import Any

from bot.render.card import card_blocks, card_text
from bot.services import Services
from storage import queries
from storage.models import Inspection


def refresh_card(services: Services, inspection_id: int) -> str:
    """Edit the card in place to show the stored state; post it if it was never posted.

    Returns the card's ts. Editing holds no database transaction while Slack answers.
    """
    with services.db.session(read_only=True) as session:
        inspection = queries.inspection_by_id(session, inspection_id)
        message = _message(services, inspection)
        channel, ts = inspection.channel_id, inspection.card_ts
    if ts is None:
        return _post_once(services, inspection_id)
    services.client.chat_update(channel=channel, ts=ts, **message)
    return ts


def _post_once(services: Services, inspection_id: int) -> str:
    """The first post happens with the inspection locked (a row lock on PostgreSQL, the write
    lock on SQLite), so that two refreshes of a card not yet posted cannot both post it."""
    with services.db.session() as session:
        inspection = queries.inspection_by_id(session, inspection_id, lock=True)
        message = _message(services, inspection)
        if inspection.card_ts is not None:  # someone else posted it while we waited
            services.client.chat_update(
                channel=inspection.channel_id, ts=inspection.card_ts, **message
            )
            return inspection.card_ts
        reply = services.client.chat_postMessage(
            channel=inspection.channel_id, unfurl_links=False, **message
        )
        inspection.channel_id, inspection.card_ts = reply["channel"], reply["ts"]
        return reply["ts"]


def _message(services: Services, inspection: Inspection) -> dict[str, Any]:
    blocks = card_blocks(inspection, now=services.now(), tz=services.settings.timezone)
    return {"text": card_text(inspection), "blocks": [block.to_dict() for block in blocks]}
