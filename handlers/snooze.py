"""Snooze under a nudge (the menu and the date picker) and "Resume nudges" on the note that
confirms a snooze."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import App, Respond

from bot import copy, ids
from bot.domain.errors import S55Error
from bot.domain.followups import Stored
from bot.reminders.snooze import Place, resume, snooze
from bot.services import Services
from handlers.errors import acked
from handlers.values import button_number, whole_number


def register(app: App) -> None:
    app.action(ids.SNOOZE_CHOICE)(**acked(on_snooze_choice))
    app.action(ids.SNOOZE_DATE)(**acked(on_snooze_date))
    app.action(ids.RESUME_NUDGES)(**acked(on_resume))


def on_snooze_choice(services: Services, body: dict[str, Any], respond: Respond) -> None:
    option = body["actions"][0].get("selected_option") or {}
    days = whole_number(str(option.get("value") or ""))
    _tell(respond, snooze(services, choice=days, **_snooze_target(body)))


def on_snooze_date(services: Services, body: dict[str, Any], respond: Respond) -> None:
    try:
        until = date.fromisoformat(str(body["actions"][0].get("selected_date") or ""))
    except ValueError:
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD) from None
    _tell(respond, snooze(services, choice=until, **_snooze_target(body)))


def on_resume(services: Services, body: dict[str, Any], respond: Respond) -> None:
    stored = resume(
        services, inspection_id=button_number(body), actor=body["user"]["id"], place=_place(body)
    )
    _tell(respond, stored)


def _snooze_target(body: dict[str, Any]) -> dict[str, Any]:
    """The inspection (named by the controls' block) and who acted where."""
    block_id = str(body["actions"][0].get("block_id") or "")
    if not block_id.startswith(ids.SNOOZE_BLOCK_PREFIX):
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    inspection_id = whole_number(block_id.removeprefix(ids.SNOOZE_BLOCK_PREFIX))
    return {"inspection_id": inspection_id, "actor": body["user"]["id"], "place": _place(body)}


def _place(body: dict[str, Any]) -> Place:
    container = body.get("container") or {}
    return Place(
        channel=(body.get("channel") or {}).get("id") or container.get("channel_id"),
        thread_ts=(body.get("message") or {}).get("thread_ts") or container.get("thread_ts"),
    )


def _tell(respond: Respond, stored: Stored) -> None:
    if not stored.caught_up:  # the note in the thread cannot say it yet: say what was stored
        respond(text=stored.reply, replace_original=False)
