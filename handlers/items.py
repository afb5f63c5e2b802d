"""Recommendations, causes of concern and AFIs as items: the list's Answer button and form, and
"paste or upload more" (Review and Record them: handlers/item_review.py)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import ids
from bot.domain.responses import ResponseKind
from bot.items.answering import answer_item, check_answer, to_answer
from bot.items.listing import items_on_record
from bot.render import as_dicts
from bot.render.items import ANSWER_FIELDS, answer_modal, items_listing, submitted_answer
from bot.responses.collection import ask_for_section
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked
from handlers.forms import ack_field_errors, after_form, channel_of
from handlers.values import button_number, modal_metadata


def register(app: App) -> None:
    app.action(ids.ANSWER_ITEM)(**acked(open_answer))
    app.view(ids.ANSWER_ITEM_VIEW)(ack=check_answer_form, lazy=[save_answer])
    app.action(ids.ASK_FOR_ITEMS)(**acked(ask_for_items))
    # Choices made inside a form count when it is submitted; Slack still wants each acked.
    app.action(ids.INCLUDE_PART)(ack_only)


def ack_only(ack: Ack) -> None:
    ack()


def list_or_ask(services: Services, inspection_id: int, kind: ResponseKind, actor: str) -> dict:
    """`/s55 recs S55-3`: the items with their state; before there are any, the request for
    them in the card's thread."""
    listed = items_on_record(services, inspection_id)
    if not listed.items:
        return {"text": ask_for_section(services, inspection_id, kind, actor=actor)}
    text, blocks = items_listing(
        reference=listed.reference,
        inspection_id=inspection_id,
        items=listed.items,
        can_answer=listed.answerable,
        followed=listed.followed,
    )
    return {"text": text, "blocks": as_dicts(blocks)}


def open_answer(services: Services, body: dict[str, Any], respond: Respond) -> None:
    item_id = button_number(body)
    reference, item, answer = to_answer(services, item_id, actor=body["user"]["id"])
    metadata = json.dumps({"item": item_id, "channel": channel_of(body)})
    modal = answer_modal(reference=reference, item=item, answer=answer, private_metadata=metadata)
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def check_answer_form(ack: Ack, view: dict, context: BoltContext) -> None:
    ack_field_errors(
        ack,
        lambda: check_answer(
            context[CONTEXT_KEY],
            modal_metadata(view, "item")["item"],
            submitted_answer(view["state"]["values"]),
        ),
        ANSWER_FIELDS,
    )


def save_answer(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    after_form(
        services,
        body,
        view,
        lambda: answer_item(
            services,
            modal_metadata(view, "item")["item"],
            submitted_answer(view["state"]["values"]),
            actor=body["user"]["id"],
        ),
    )


def ask_for_items(services: Services, body: dict[str, Any], respond: Respond) -> None:
    inspection_id = button_number(body)
    reply = ask_for_section(services, inspection_id, ResponseKind.RECS, actor=body["user"]["id"])
    respond(text=reply, replace_original=False)
