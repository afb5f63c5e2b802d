"""Private replies to the person who did something, wherever they did it."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


def tell_privately(client: WebClient, *, user: str, channel: str | None, text: str) -> None:
    """An ephemeral message in ``channel``; a direct message if that is not possible."""
    if channel:
        try:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
            return
        except SlackApiError as failure:
            log.info("ephemeral reply in %s failed (%s); sending a DM", channel, failure)
    client.chat_postMessage(channel=user, text=text)
