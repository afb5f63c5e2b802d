"""The bot's Home tab: the year so far (with a button that posts its report), what is waiting
for you, open inspections, the last ten completed. Slack allows 100 blocks in a Home view;
beyond what fits, the list is summarised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import copy
from bot.domain.compliance import Figures
from bot.domain.paging import PAGE_SIZE
from bot.domain.reminders import urgency
from bot.domain.standing import Standing
from bot.render.compliance import year_so_far_blocks
from bot.render.steps import confirm_step_button
from bot.render.text import escape, link, shorten

MAX_BLOCKS = 100
# One page of `/s55 list open`, so that "more" points at its second page.
MAX_OPEN_LISTED = PAGE_SIZE
MAX_WAITING_LISTED = 15
RECENT_COMPLETED = 10  # the last completed a Home tab lists


@dataclass(frozen=True)
class Shown:
    """The lines a section shows (the most urgent) and how many there are in all, as the
    database counted them."""

    items: Sequence[Standing]
    total: int


def home_view(
    *,
    open_items: Shown,
    waiting: Shown,
    completed: Sequence[Standing],
    year: Figures | None = None,
    settings: Sequence[Block] | None = None,
) -> View:
    """``year``: the calendar year to date, for its line and button (None: left out);
    ``settings``: the office's settings and their button, for its admins (at the end)."""
    blocks: list[Block] = [HeaderBlock(text=copy.HOME_HEADING)]
    if year is not None:
        blocks += year_so_far_blocks(year)
    blocks += _section(
        copy.HOME_WAITING,
        waiting.items[:MAX_WAITING_LISTED],
        copy.HOME_NOTHING_WAITING,
        more=(waiting.total - MAX_WAITING_LISTED, "/s55 list open"),
        buttons=True,
    )
    blocks.append(DividerBlock())
    blocks += _section(
        copy.home_open(open_items.total),
        open_items.items[:MAX_OPEN_LISTED],
        copy.HOME_NOTHING_OPEN,
        more=(open_items.total - MAX_OPEN_LISTED, "/s55 list open 2"),
    )
    blocks.append(DividerBlock())
    blocks += _section(
        copy.HOME_COMPLETED, completed[:RECENT_COMPLETED], copy.HOME_NOTHING_COMPLETED, dated=False
    )
    if settings:  # kept within Slack's 100 blocks: the lists give way, never the settings
        blocks = [*blocks[: MAX_BLOCKS - len(settings) - 1], DividerBlock(), *settings]
    return View(type="home", blocks=blocks[:MAX_BLOCKS])


def _section(
    heading: str,
    items: Sequence[Standing],
    empty: str,
    *,
    more: tuple[int, str] = (0, ""),
    dated: bool = True,
    buttons: bool = False,
) -> list[Block]:
    """``more``: how many are not shown and the command that shows them; ``buttons``: each
    item's next step offered as the card offers it (only what waits for the reader is listed
    with them, so only an approver is shown a step's button)."""
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"*{heading}*"))]
    if not items:
        return [*blocks, ContextBlock(elements=[MarkdownTextObject(text=empty)])]
    blocks += [
        SectionBlock(
            text=MarkdownTextObject(text=_line(item, dated)),
            accessory=_step_button(item) if buttons else None,
        )
        for item in items
    ]
    hidden, command = more
    if hidden > 0:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=copy.home_more(hidden, command))])
        )
    return blocks


def _step_button(item: Standing) -> ButtonElement | None:
    step = item.next_step
    if step is None:
        return None
    return confirm_step_button(
        step.inspection_id, step.step, reference=item.reference, first=step.first
    )


def _line(item: Standing, dated: bool) -> str:
    reference = f"*{link(item.card_url, item.reference)}*"
    title = escape(shorten(item.title, 150))
    if not dated:  # closed: how it ended instead of a countdown
        return f"{reference} {title}" + (f"\n{item.outcome}" if item.outcome else "")
    snoozed = copy.digest_snoozed(item.snoozed_until) if item.snoozed_until else ""
    return (
        f"{copy.URGENCY_EMOJI[urgency(item.left)]} {reference} {title}\n"
        f"{copy.days_phrase(item.left)} · {item.state} · {copy.flagged(item.notes)}still needed: "
        f"{copy.missing_phrase(item.missing.items)}{snoozed}"
    )
