"""Posting and editing the tracking card: the one function every change ends with."""

from __future__ import annotations

from bot.render.card import card_blocks, card_text
from bot.services import Services
from storage import queries


def refresh_card(services: Services, inspection_id: int) -> str:
    """Post the card if it has never been posted, otherwise edit it in place; returns its ts.

    The row stays locked (PostgreSQL) while Slack answers, so two refreshes of a card that
    has not been posted yet cannot both post it.
    """
    client = services.client
    with services.db.session() as session:
        inspection = queries.inspection_by_id(session, inspection_id, lock=True)
        blocks = [
            block.to_dict()
            for block in card_blocks(inspection, now=services.now(), tz=services.settings.timezone)
        ]
        text = card_text(inspection)
        if inspection.card_ts is None:
            reply = client.chat_postMessage(
                channel=inspection.channel_id, text=text, blocks=blocks, unfurl_links=False
            )
            inspection.channel_id = reply["channel"]
            inspection.card_ts = reply["ts"]
        else:
            client.chat_update(
                channel=inspection.channel_id, ts=inspection.card_ts, text=text, blocks=blocks
            )
        return inspection.card_ts
