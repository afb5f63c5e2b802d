"""An answered item's progress, step by step, for the tests of progress and its nudges."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from sqlalchemy import select

from bot import ids
from storage.models import ItemProgress
from tests.bot.items.steps import (
    EDITOR,
    answer,
    confirm,
    items,
    paste_items,
    review,
    update_form_metadata,
)
from tests.bot.items.steps import the_items_section_of as section_of
from tests.bot.items.test_items import RESPONSE_ITEMS
from tests.bot.responses.test_responses import log_inspection
from tests.e2e import CHANNEL, Bot

APPROVER = "U0APPROVE"


def answered_afi(bot: Bot, **fields: Any) -> tuple[str, int]:
    """S55-1 logged (published Tue 30 Apr 2024) with its items; AFI 1 (directed at all chief
    constables) answered "accepted", owned by the Head of PSD, target Sun 30 Jun 2024.
    Returns the card's ts and the item's ID."""
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    card_ts = log_inspection(bot)
    confirm(bot, review(bot, paste_items(bot, card_ts, section_of(RESPONSE_ITEMS))))
    afi_1 = items(bot)[1]
    assert answer(bot, afi_1.id, **fields).status == 200
    return card_ts, afi_1.id


def update_button(listed: dict[str, Any], item_id: int) -> tuple[str, dict[str, Any]]:
    """(block ID, element) of the item's Update button in the list."""
    for block in listed["blocks"]:
        elements = [block["accessory"]] if block.get("accessory") else block.get("elements", [])
        for element in elements:
            if element.get("action_id") == ids.UPDATE_PROGRESS and element["value"] == str(item_id):
                return block["block_id"], element
    raise AssertionError(f"no Update button for item {item_id}")


def open_update(bot: Bot, item_id: int, *, user: str = EDITOR) -> dict[str, Any] | None:
    """Press the item's Update in `/s55 recs S55-1`; the form opened, or None."""
    listed = bot.command("recs S55-1")[-1]
    block_id, element = update_button(listed, item_id)
    before = len(bot.slack.calls_to("views.open"))
    reply = bot.send.button_click(
        action_id=ids.UPDATE_PROGRESS,
        value=element["value"],
        user_id=user,
        channel_id=CHANNEL,
        block_id=block_id,
    )
    assert reply.status == 200, reply.body
    bot.settle()
    opened = bot.slack.calls_to("views.open")
    return opened[-1].args["view"] if len(opened) > before else None


def submit_update(
    bot: Bot,
    item_id: int,
    *,
    status: str | None,
    note: str | None = None,
    target: str | None = None,
    user: str = EDITOR,
) -> Any:
    values = {
        ids.PROGRESS_STATUS_BLOCK: {
            ids.PROGRESS_STATUS_INPUT: {
                "type": "static_select",
                "selected_option": {"value": status} if status else None,
            }
        },
        ids.PROGRESS_NOTE_BLOCK: {
            ids.PROGRESS_NOTE_INPUT: {"type": "plain_text_input", "value": note}
        },
        ids.PROGRESS_TARGET_BLOCK: {
            ids.PROGRESS_TARGET_INPUT: {"type": "datepicker", "selected_date": target}
        },
    }
    reply = bot.send.submit_view(
        callback_id=ids.UPDATE_PROGRESS_VIEW,
        values=values,
        user_id=user,
        private_metadata=json.dumps(update_form_metadata(bot, item_id)),
    )
    bot.settle()
    return reply


def progress_rows(bot: Bot) -> list[tuple[int, str, str, Any, str]]:
    with bot.db.session() as session:
        rows = session.scalars(select(ItemProgress).order_by(ItemProgress.id)).all()
        return [(r.revision, r.status, r.note, r.target_date, r.recorded_by) for r in rows]


def told_privately(bot: Bot) -> list[str]:
    return [c.args["text"] for c in bot.slack.calls_to("chat.postEphemeral")]


def replied(bot: Bot) -> list[str]:
    return [c.args.get("text", "") for c in bot.slack.calls_to("response_url")]


def thread_notes(bot: Bot, card_ts: str, prefix: str) -> list[dict[str, Any]]:
    return [
        m
        for m in bot.slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts
        and ((m.get("metadata") or {}).get("event_payload") or {}).get("key", "").startswith(prefix)
    ]
