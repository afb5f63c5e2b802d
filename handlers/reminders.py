"""Snooze under a nudge (the menu and the date picker) and "Resume nudges" on the note that
confirms a snooze: an inspection's nudges, or an item's (its target date), as the controls'
block names."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import App, Respond

from bot import copy, ids
from bot.domain.buttons import Number, whole_number
from bot.domain.errors import S55Error
from bot.domain.followups import Stored
from bot.reminders.item_snooze import resume_item, snooze_item
from bot.reminders.snooze import Place, resume, snooze
from bot.services import Services
from handlers.errors import acked
from handlers.values import button_number, chosen


def register(app: App) -> None:
    app.action(ids.SNOOZE_CHOICE)(**acked(on_snooze_choice))
    app.action(ids.SNOOZE_DATE)(**acked(on_snooze_date))
    app.action(ids.RESUME_NUDGES)(**acked(on_resume))
    app.action(ids.RESUME_ITEM_NUDGES)(**acked(on_resume_item))


def on_snooze_choice(services: Services, body: dict[str, Any], respond: Respond) -> None:
    days = chosen(body, Number).number
    _tell(respond, _snooze(services, body, days))


def on_snooze_date(services: Services, body: dict[str, Any], respond: Respond) -> None:
    try:
        until = date.fromisoformat(str(body["actions"][0].get("selected_date") or ""))
    except ValueError:
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD) from None
    _tell(respond, _snooze(services, body, until))


def on_resume(services: Services, body: dict[str, Any], respond: Respond) -> None:
    stored = resume(
        services, inspection_id=button_number(body), actor=body["user"]["id"], place=_place(body)
    )
    _tell(respond, stored)


def on_resume_item(services: Services, body: dict[str, Any], respond: Respond) -> None:
    stored = resume_item(
        services, item_id=button_number(body), actor=body["user"]["id"], place=_place(body)
    )
    _tell(respond, stored)


def _snooze(services: Services, body: dict[str, Any], choice: int | date) -> Stored:
    """The inspection's or the item's nudges, as the controls' block names them."""
    block_id = str(body["actions"][0].get("block_id") or "")
    who = {"actor": body["user"]["id"], "place": _place(body)}
    if block_id.startswith(ids.ITEM_SNOOZE_BLOCK_PREFIX):
        item_id = whole_number(block_id.removeprefix(ids.ITEM_SNOOZE_BLOCK_PREFIX))
        return snooze_item(services, item_id=item_id, choice=choice, **who)
    if not block_id.startswith(ids.SNOOZE_BLOCK_PREFIX):
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    inspection_id = whole_number(block_id.removeprefix(ids.SNOOZE_BLOCK_PREFIX))
    return snooze(services, inspection_id=inspection_id, choice=choice, **who)


def _place(body: dict[str, Any]) -> Place:
    container = body.get("container") or {}
    return Place(
        channel=(body.get("channel") or {}).get("id") or container.get("channel_id"),
        thread_ts=(body.get("message") or {}).get("thread_ts") or container.get("thread_ts"),
    )


def _tell(respond: Respond, stored: Stored) -> None:
    if not stored.caught_up:  # the note in the thread cannot say it yet: say what was stored
        respond(text=stored.reply, replace_original=False)
