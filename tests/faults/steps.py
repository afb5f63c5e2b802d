"""What an office does, step by step, for the fault tests: built on the stand-in's own payload
shapes (bot/standin/payloads), so that these tests need nothing beside the repository."""

from __future__ import annotations

from typing import Any

from bot import ids
from tests.bot.responses.test_responses import log_inspection, press, receipt
from tests.e2e import CHANNEL, Bot

CC_TEXT = "The Chief Constable welcomes the report.\nWe accept recommendation 4."


def message(
    bot: Bot,
    card_ts: str,
    text: str,
    *,
    user: str = "U0CC00001",
    files: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A message in the card's thread (with files shared, if given), as Slack's event carries
    it; not sent yet."""
    return bot.send.message_event(
        user_id=user, channel_id=CHANNEL, text=text, ts=bot.slack.workspace.next_ts(),
        thread_ts=card_ts, files=files,
    )  # fmt: skip


def with_file(
    bot: Bot, card_ts: str, text: str, name: str, data: bytes, *, user: str
) -> dict[str, Any]:
    """``user`` types ``text`` and attaches a file, in one message: Slack stores the file,
    then sends the event (returned, not sent yet)."""
    shared = bot.slack.workspace.share_file(user, name, data, "application/octet-stream")
    return message(bot, card_ts, text, user=user, files=[shared])


def reply_in_thread(bot: Bot, card_ts: str, text: str, *, user: str = "U0CC00001") -> str:
    """``user`` replies ``text`` in the card's thread; its ts, once the bot has taken it in."""
    event = message(bot, card_ts, text, user=user)
    assert bot.send.event(event).status == 200
    bot.settle()
    return str(event["ts"])


def ready_to_sign(bot: Bot) -> str:
    """S55-1 with both responses confirmed and no recommendations or AFIs made: sign-off is
    possible. The card's ts."""
    card_ts = log_inspection(bot)
    bot.command("none S55-1 recommendations")
    bot.command("none S55-1 afis")
    reply_in_thread(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    reply_in_thread(bot, card_ts, "The PCC welcomes the report.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    return card_ts
