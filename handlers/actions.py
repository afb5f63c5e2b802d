"""Buttons: the receipt under a draft response."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot import copy, ids
from bot.domain.errors import S55Error
from bot.domain.responses import parse_kind
from bot.responses.collection import confirm_draft, replace_response, start_again
from bot.services import Services
from handlers.errors import acked
from handlers.values import whole_number


def register(app: App) -> None:
    app.action(ids.USE_DRAFT)(**acked(use_draft))
    app.action(ids.START_AGAIN)(**acked(clear_draft))
    app.action(ids.REPLACE_RESPONSE)(**acked(replace))


def use_draft(services: Services, body: dict[str, Any], respond: Respond) -> None:
    draft_id, version = _numbers(body)
    stored = confirm_draft(services, draft_id=draft_id, version=version, actor=body["user"]["id"])
    if not stored.caught_up:  # the receipt cannot say it yet: say what was stored
        respond(text=stored.reply, replace_original=False)


def clear_draft(services: Services, body: dict[str, Any], respond: Respond) -> None:
    draft_id, version = _numbers(body)
    cleared = start_again(services, draft_id=draft_id, version=version, actor=body["user"]["id"])
    if not cleared.caught_up:  # the receipt cannot say it yet
        respond(text=cleared.reply, replace_original=False)


def replace(services: Services, body: dict[str, Any], respond: Respond) -> None:
    inspection_id, kind = _pair(body)
    number = whole_number(inspection_id)
    try:
        wanted = parse_kind(kind)
    except S55Error:
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD) from None
    reply = replace_response(services, inspection_id=number, kind=wanted, actor=body["user"]["id"])
    respond(text=reply, replace_original=False)


def _numbers(body: dict[str, Any]) -> tuple[int, int]:
    """A receipt's buttons carry ``draft:version``."""
    first, second = _pair(body)
    return whole_number(first), whole_number(second)


def _pair(body: dict[str, Any]) -> tuple[str, str]:
    """Our buttons carry ``a:b`` values (e.g. draft ID and version)."""
    first, _, second = str(body["actions"][0].get("value") or "").partition(":")
    return first, second
