"""Buttons: the receipt under a draft response, and the card's menu."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import App, Respond

from bot import copy, ids
from bot.domain.inspection import format_reference
from bot.domain.responses import parse_kind
from bot.inspections.records import inspection_by_id
from bot.render.modal import reason_modal
from bot.responses.collection import confirm_draft, replace_response, start_again
from bot.services import Services
from handlers.errors import acked
from handlers.views import open_edit_form


def register(app: App) -> None:
    app.action(ids.USE_DRAFT)(**acked(use_draft))
    app.action(ids.START_AGAIN)(**acked(clear_draft))
    app.action(ids.REPLACE_RESPONSE)(**acked(replace))
    app.action(ids.CARD_MENU)(**acked(on_card_menu))


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


def on_card_menu(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """Edit details (the edit form) or Withdraw (a form asking why)."""
    choice, _, inspection_id = body["actions"][0]["selected_option"]["value"].partition(":")
    inspection = inspection_by_id(services.db, int(inspection_id))
    actor, channel = body["user"]["id"], (body.get("channel") or {}).get("id")
    if choice == ids.MENU_EDIT:
        open_edit_form(
            services, inspection, actor=actor, trigger_id=body["trigger_id"], channel=channel
        )
        return
    modal = reason_modal(
        callback_id=ids.WITHDRAW_VIEW,
        title=copy.WITHDRAW_MODAL_TITLE,
        intro=copy.withdraw_modal_intro(format_reference(inspection.number)),
        private_metadata=json.dumps({"inspection": inspection.id, "channel": channel}),
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)
