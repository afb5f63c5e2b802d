"""Buttons: the receipt under a draft response."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot import ids
from bot.domain.responses import parse_kind
from bot.responses.collection import confirm_draft, replace_response, start_again
from bot.services import Services
from handlers.errors import acked


def register(app: App) -> None:
    app.action(ids.USE_DRAFT)(**acked(use_draft))
    app.action(ids.START_AGAIN)(**acked(clear_draft))
    app.action(ids.REPLACE_RESPONSE)(**acked(replace))


def use_draft(services: Services, body: dict[str, Any], respond: Respond) -> None:
    draft_id, version = _pair(body)
    confirm_draft(services, draft_id=int(draft_id), version=int(version), actor=body["user"]["id"])


def clear_draft(services: Services, body: dict[str, Any], respond: Respond) -> None:
    draft_id, version = _pair(body)
    start_again(services, draft_id=int(draft_id), version=int(version), actor=body["user"]["id"])


def replace(services: Services, body: dict[str, Any], respond: Respond) -> None:
    inspection_id, kind = _pair(body)
    reply = replace_response(
        services, inspection_id=int(inspection_id), kind=parse_kind(kind), actor=body["user"]["id"]
    )
    respond(text=reply, replace_original=False)


def _pair(body: dict[str, Any]) -> tuple[str, str]:
    """Our buttons carry ``a:b`` values (e.g. draft ID and version)."""
    first, _, second = body["actions"][0]["value"].partition(":")
    return first, second
