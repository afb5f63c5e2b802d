"""Ephemeral answers to ``/s55 list`` and ``/s55 show``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import copy
from bot.domain.deadlines import days_left
from bot.domain.inspection import format_reference
from bot.render.card import card_blocks, outcome_text, state_name
from bot.render.text import escape, link, link_within, shorten
from storage.models import Inspection

# Slack allows 50 blocks in a message; leave room for the heading and the "showing" note.
MAX_LISTED = 45


def list_blocks(
    inspections: Sequence[Inspection],
    which: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    steps: Sequence[str],
    card_url: dict[int, str],
) -> tuple[str, list[Block]]:
    """(fallback text, blocks) for a list, most urgent first, one section per inspection; a
    closed one says how it ended, as its card does."""
    if not inspections:
        return copy.LIST_EMPTY[which], [SectionBlock(text=copy.LIST_EMPTY[which])]
    heading = f"{copy.LIST_HEADINGS[which]} ({len(inspections)})"
    blocks: list[Block] = [HeaderBlock(text=heading)]
    for inspection in inspections[:MAX_LISTED]:
        ended = outcome_text(inspection, steps=steps, tz=tz)
        line = _line(inspection, now=now, tz=tz, url=card_url.get(inspection.id), ended=ended)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if len(inspections) > MAX_LISTED:
        note = copy.list_truncated(MAX_LISTED, len(inspections))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return heading, blocks


def _line(
    inspection: Inspection, *, now: datetime, tz: ZoneInfo, url: str | None, ended: str | None
) -> str:
    left = days_left(inspection.statutory_deadline, now=now, tz=tz)
    reference = format_reference(inspection.number)
    title = link_within(inspection.link, shorten(inspection.title, 300), 2000)
    standing = ended or f"{copy.days_phrase(left)} · {state_name(inspection)}"
    line = (
        f"*{link(url, reference)}* {title}\n"
        f"Deadline {copy.human_date(inspection.statutory_deadline)} · {standing}"
    )
    if inspection.withdrawn_reason and inspection.state == "withdrawn":
        line += f": {escape(shorten(inspection.withdrawn_reason, 300))}"
    return line


def show_blocks(
    inspection: Inspection,
    *,
    now: datetime,
    tz: ZoneInfo,
    steps: Sequence[str],
    card_url: str | None,
) -> tuple[str, list[Block]]:
    """The card's content, privately, with a link to the card itself."""
    where = link(card_url, "Open the tracking card") if card_url else copy.CARD_NOT_POSTED
    blocks = card_blocks(inspection, now=now, tz=tz, steps=steps, interactive=False)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=where)]))
    return f"{format_reference(inspection.number)}: {escape(inspection.title)}", blocks
