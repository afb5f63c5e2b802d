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
from bot.domain.paging import Page
from bot.render.card import card_blocks, outcome_text, state_name
from bot.render.text import escape, link, link_within, shorten
from storage.models import Inspection


def list_blocks(
    inspections: Sequence[Inspection],
    which: str,
    page: Page,
    *,
    now: datetime,
    tz: ZoneInfo,
    steps: Sequence[str],
    card_url: dict[int, str],
) -> tuple[str, list[Block]]:
    """(fallback text, blocks) for one page of a list (bot.domain.paging: at most 45 lines,
    within Slack's 50 blocks), one section per inspection in the list's order; a closed one
    says how it ended, as its card does. A list of more than one page says which rows this
    page shows and the command for the next."""
    if not page.total:
        return copy.LIST_EMPTY[which], [SectionBlock(text=copy.LIST_EMPTY[which])]
    heading = copy.list_page_heading(copy.LIST_HEADINGS[which], page.total, page.number, page.last)
    blocks: list[Block] = [HeaderBlock(text=heading)]
    for inspection in inspections:
        ended = outcome_text(inspection, steps=steps, tz=tz)
        line = _line(inspection, now=now, tz=tz, url=card_url.get(inspection.id), ended=ended)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if page.last > 1:
        note = copy.list_page_note(
            page.first_shown,
            page.last_shown,
            page.total,
            more=page.more,
            command=f"/s55 list {which} {page.number + 1}",
        )
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
