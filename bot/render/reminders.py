"""The daily digest (in the channel) and the nudges (in each card's thread)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import copy
from bot.domain.progress import Progress
from bot.domain.reminders import Missing, urgency
from bot.render import as_dicts
from bot.render.text import escape, link, shorten

MAX_DIGEST_ITEMS = 45  # Slack allows 50 blocks in a message


def digest_message(items: Sequence[Progress], *, today: date) -> dict:
    """Most urgent first (the caller sorts), colour-coded by days left."""
    heading = copy.digest_heading(today)
    if not items:
        return {
            "text": f"{heading}. {copy.DIGEST_NOTHING_DUE}",
            "blocks": as_dicts(
                [
                    HeaderBlock(text=heading),
                    SectionBlock(text=copy.DIGEST_NOTHING_DUE),
                ]
            ),
        }
    blocks: list[Block] = [HeaderBlock(text=heading)]
    for item in items[:MAX_DIGEST_ITEMS]:
        line = copy.digest_line(
            f"{copy.URGENCY_EMOJI[urgency(item.left)]} *{link(item.card_url, item.reference)}*",
            escape(shorten(item.title, 200)),
            item.left,
            item.deadline,
            item.state,
            copy.missing_phrase(item.missing.items),
            item.notes,
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if len(items) > MAX_DIGEST_ITEMS:
        more = copy.digest_more(len(items) - MAX_DIGEST_ITEMS)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return {"text": f"{heading}: {len(items)} open", "blocks": as_dicts(blocks)}


def cc_nudge_text(reference: str, *, days: int, due: date, contact: str | None) -> str:
    return copy.cc_nudge(reference, days, due, copy.mention(contact) if contact else "")


def nudge_text(
    reference: str, *, left: int, deadline: date, missing: Missing, asked: Sequence[str]
) -> str:
    who = ", ".join(copy.mention(principal) for principal in asked)
    return copy.nudge(reference, left, deadline, copy.missing_phrase(missing.items), who)
