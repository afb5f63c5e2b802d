"""Recommendations, causes of concern and AFIs as items: the list's Answer button and form, and
"paste or upload more" (Review and Record them: handlers/item_review.py)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk.errors import SlackApiError

from bot import copy, ids
from bot.domain.buttons import ListExtent
from bot.domain.errors import DatabaseUnavailable, S55Error
from bot.domain.responses import ResponseKind
from bot.items.answering import answer_item, check_answer, published_of, to_answer
from bot.items.extent import set_list_extent
from bot.items.listing import items_on_record
from bot.render import as_dicts
from bot.render.items import (
    ANSWER_FIELDS,
    answer_modal,
    items_listing,
    response_chosen,
    submitted_answer,
)
from bot.render.list_extent import list_extent_rows
from bot.responses.collection import ask_for_section
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked
from handlers.forms import ack_field_errors, after_form, channel_of, refused_fields
from handlers.values import (
    button_number,
    carried_day,
    modal_metadata,
    pressed,
    request_key,
)


def register(app: App) -> None:
    app.action(ids.ANSWER_ITEM)(**acked(open_answer))
    app.view(ids.ANSWER_ITEM_VIEW)(ack=check_answer_form, lazy=[save_answer])
    app.action(ids.ANSWER_RESPONSE_INPUT)(**acked(redraw_answer))
    app.action(ids.ASK_FOR_ITEMS)(**acked(ask_for_items))
    app.action(ids.LIST_EXTENT_BUTTON)(**acked(mark_list_extent))
    # Choices made inside a form count when it is submitted; Slack still wants each acked.
    app.action(ids.INCLUDE_PART)(ack_only)


def ack_only(ack: Ack) -> None:
    ack()


def list_or_ask(services: Services, inspection_id: int, kind: ResponseKind, actor: str) -> dict:
    """`/s55 recs S55-3`: the items with their state; before there are any, the request for
    them in the card's thread."""
    listed = items_on_record(services, inspection_id, actor=actor)
    if not listed.items:
        return {"text": ask_for_section(services, inspection_id, kind, actor=actor)}
    text, blocks = items_listing(
        reference=listed.reference,
        inspection_id=inspection_id,
        items=listed.items,
        can_answer=listed.answerable,
        followed=listed.followed,
        signed_off=listed.signed_off,
        after=list_extent_rows(inspection_id, listed.extent, can_change=listed.answerable),
    )
    return {"text": text, "blocks": as_dicts(blocks)}


def open_answer(services: Services, body: dict[str, Any], respond: Respond) -> None:
    item_id = button_number(body)
    found = to_answer(services, item_id, actor=body["user"]["id"])
    # The form carries the report's day, so that its ack checks the fields without the database.
    metadata = json.dumps(
        {"item": item_id, "channel": channel_of(body), "published": found.published.isoformat()}
    )
    modal = answer_modal(
        reference=found.reference,
        item=found.item,
        answer=found.answer,
        private_metadata=metadata,
        reopens_sign_off=found.signed_off,
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def redraw_answer(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """A response chosen in the open Answer form: the form asks for what that response needs
    (views.update keeps what was typed: same blocks, same IDs). A form changed meanwhile (hash
    conflict) is left alone: its next change redraws it."""
    view = body["view"]
    chosen = response_chosen(body)
    if chosen is None:
        return
    found = to_answer(services, modal_metadata(view, "item")["item"], actor=body["user"]["id"])
    modal = answer_modal(
        reference=found.reference,
        item=found.item,
        answer=found.answer,
        private_metadata=view["private_metadata"],
        chosen=chosen,
        reopens_sign_off=found.signed_off,
    )
    try:
        services.client.views_update(view_id=view["id"], hash=view.get("hash"), view=modal)
    except SlackApiError as refused:
        if refused.response.get("error") != "hash_conflict":
            raise


def check_answer_form(ack: Ack, view: dict, context: BoltContext) -> None:
    """Field errors from what the form carries; a form that carries no day (opened before
    forms did) is checked with a read bounded to 2 s, or not at all (the work after the ack
    checks every answer, and says privately what was wrong)."""
    published = carried_day(view, "published")
    if published is None:
        published = _published_within_bounds(context[CONTEXT_KEY], view)
    if published is None:
        ack()
        return
    values = submitted_answer(view["state"]["values"])
    ack_field_errors(ack, lambda: check_answer(values, published), ANSWER_FIELDS)


def _published_within_bounds(services: Services, view: dict) -> date | None:
    try:
        return published_of(services, modal_metadata(view, "item")["item"])
    except (DatabaseUnavailable, S55Error):
        return None


def save_answer(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    published = carried_day(view, "published")
    values = submitted_answer(view["state"]["values"])
    if published is not None and refused_fields(lambda: check_answer(values, published)):
        return  # the ack showed the form its field errors: it is still open
    after_form(
        services,
        body,
        view,
        lambda: answer_item(
            services,
            modal_metadata(view, "item")["item"],
            submitted_answer(view["state"]["values"]),
            actor=body["user"]["id"],
            key=request_key("answer", body),
        ),
    )


def mark_list_extent(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """/s55 recs: "They are all the report's" / "Not all the report's" on a kind's line."""
    clicked = pressed(body, ListExtent)
    inspection_id, kind, complete = clicked.inspection, clicked.kind, clicked.complete
    stored = set_list_extent(
        services,
        inspection_id=inspection_id,
        kind=kind,
        complete=complete,
        actor=body["user"]["id"],
    )
    reply = stored.reply if stored.caught_up else f"{stored.reply} {copy.SLACK_BEHIND}"
    respond(text=reply, replace_original=False)


def ask_for_items(services: Services, body: dict[str, Any], respond: Respond) -> None:
    inspection_id = button_number(body)
    reply = ask_for_section(services, inspection_id, ResponseKind.RECS, actor=body["user"]["id"])
    respond(text=reply, replace_original=False)
