"""The daily digest (in the channel) and the nudges (in each card's thread)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
)

from bot import copy, ids
from bot.domain.buttons import Number
from bot.domain.reminders import Missing, urgency
from bot.domain.standing import Standing
from bot.render import as_dicts
from bot.render.text import escape, link, shorten, with_mentions

MAX_DIGEST_ITEMS = 45  # Slack allows 50 blocks in a message


def digest_message(
    items: Sequence[Standing], *, today: date, open_count: int | None = None
) -> dict:
    """Most urgent first (the caller sorts), colour-coded by days left. ``open_count``: how
    many are open, when ``items`` holds only the first MAX_DIGEST_ITEMS of them (a caller
    need not work out where the rest stand only to count them); else ``len(items)``."""
    total = len(items) if open_count is None else open_count
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
        if item.snoozed_until is not None:
            line += copy.digest_snoozed(item.snoozed_until)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if total > MAX_DIGEST_ITEMS:
        more = copy.digest_more(total - MAX_DIGEST_ITEMS)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return {"text": f"{heading}: {total} open", "blocks": as_dicts(blocks)}


def cc_nudge_text(reference: str, *, days: int, due: date, contact: str | None) -> str:
    return copy.cc_nudge(reference, days, due, copy.mention(contact) if contact else "")


def nudge_text(
    reference: str, *, left: int, deadline: date, missing: Missing, asked: Sequence[str]
) -> str:
    who = ", ".join(copy.mention(principal) for principal in asked)
    return copy.nudge(reference, left, deadline, copy.missing_phrase(missing.items), who)


def nudge_message(text: str, *, inspection_id: int) -> dict:
    """A nudge with its Snooze controls: a menu (1 day, 3 days, a week) and a date picker.
    Each acts as soon as it is used; the note in the thread says what was stored and offers
    "Resume nudges", so no confirmation step is needed."""
    return _with_snooze_controls(text, snooze_block_id(inspection_id))


def item_nudge_message(text: str, *, item_id: int) -> dict:
    """A nudge about an item's target date, with the same Snooze controls (for that item)."""
    return _with_snooze_controls(text, item_snooze_block_id(item_id))


def action_nudge_message(
    label: str,
    reference: str,
    *,
    owner: str,
    target: date,
    passed: bool,
    today: date,
    item_id: int,
) -> dict:
    """The owner's nudge about an action's target date: the owner as recorded (a person
    recorded as ``<@U…>`` is mentioned), with the item's Snooze controls."""
    who = with_mentions(shorten(owner, 200))
    text = copy.action_nudge(label, reference, who, target, passed=passed, today=today)
    return item_nudge_message(text, item_id=item_id)


def snoozed_message(text: str, *, inspection_id: int) -> dict:
    """The note confirming a snooze, with the button that ends it early."""
    resume = ButtonElement(
        action_id=ids.RESUME_NUDGES, text=copy.RESUME_BUTTON, value=Number(inspection_id).encode()
    )
    return _with_controls(text, snooze_block_id(inspection_id), [resume])


def item_snoozed_message(text: str, *, item_id: int) -> dict:
    """The note confirming an item's snooze, with the button that ends it early."""
    resume = ButtonElement(
        action_id=ids.RESUME_ITEM_NUDGES, text=copy.RESUME_BUTTON, value=Number(item_id).encode()
    )
    return _with_controls(text, item_snooze_block_id(item_id), [resume])


def _snooze_controls() -> list[StaticSelectElement | DatePickerElement]:
    choices = StaticSelectElement(
        action_id=ids.SNOOZE_CHOICE,
        placeholder=copy.SNOOZE_PLACEHOLDER,
        options=[
            Option(value=Number(days).encode(), label=label)
            for days, label in copy.SNOOZE_CHOICES.items()
        ],
    )
    picker = DatePickerElement(action_id=ids.SNOOZE_DATE, placeholder=copy.SNOOZE_DATE_PLACEHOLDER)
    return [choices, picker]


@cache
def _snooze_control_dicts() -> tuple[dict[str, Any], ...]:
    """The Snooze controls, the same under every nudge, checked against Slack's limits and
    serialised once: done again for each of a pass's thousands of nudges, it was most of the
    pass's own work beside posting."""
    return tuple(element.to_dict() for element in _snooze_controls())


def _with_snooze_controls(text: str, block_id: str) -> dict:
    # The section as SectionBlock.to_dict writes it, checked against its one limit here (the
    # model's checks, for each nudge, cost more than posting it).
    section = (
        {"text": {"text": text, "type": "mrkdwn"}, "type": "section"}
        if len(text) <= SectionBlock.text_max_length
        else SectionBlock(text=MarkdownTextObject(text=text)).to_dict()  # refused: too long
    )
    controls = [dict(element) for element in _snooze_control_dicts()]  # each message its own
    actions = {"block_id": block_id, "elements": controls, "type": "actions"}  # as to_dict orders
    return {"text": text, "blocks": [section, actions]}


def _with_controls(text: str, block_id: str, elements: Sequence[Any]) -> dict:
    blocks = [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(block_id=block_id, elements=list(elements)),
    ]
    return {"text": text, "blocks": as_dicts(blocks)}


def item_snooze_block_id(item_id: int) -> str:
    return f"{ids.ITEM_SNOOZE_BLOCK_PREFIX}{item_id}"


def snooze_block_id(inspection_id: int) -> str:
    return f"{ids.SNOOZE_BLOCK_PREFIX}{inspection_id}"
