"""Buttons: the receipt under a draft response, and the card's menu."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import copy, ids
from bot.domain.errors import S55Error
from bot.domain.inspection import format_reference
from bot.domain.responses import ResponseKind, parse_kind
from bot.domain.sections import Section
from bot.inspections.corrections import check_may_withdraw, record_none
from bot.inspections.records import inspection_or_none
from bot.render.modal import reason_modal
from bot.render.thread import review_draft_modal, reviewed_parts
from bot.responses.collection import (
    ask_for_section,
    confirm_draft,
    replace_response,
    start_again,
)
from bot.responses.review import apply_review, draft_for_review
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked, report_error, view_channel
from handlers.replies import tell_privately
from handlers.values import (
    button_numbers,
    button_value,
    modal_metadata,
    request_key,
    whole_number,
)
from handlers.views import open_edit_form


def register(app: App) -> None:
    app.action(ids.USE_DRAFT)(**acked(use_draft))
    app.action(ids.START_AGAIN)(**acked(clear_draft))
    app.action(ids.REPLACE_RESPONSE)(**acked(replace))
    app.action(ids.CARD_MENU)(**acked(on_card_menu))
    app.action(ids.SECTION_NONE)(**acked(on_section_none))
    app.action(ids.REVIEW_DRAFT)(**acked(open_review))
    app.view(ids.REVIEW_DRAFT_VIEW)(ack=check_review, lazy=[save_review])


def open_review(services: Services, body: dict[str, Any], respond: Respond) -> None:
    draft_id, version = button_numbers(body)
    review = draft_for_review(
        services, draft_id=draft_id, version=version, actor=body["user"]["id"]
    )
    metadata = {
        "draft": draft_id,
        "version": version,
        "channel": (body.get("channel") or {}).get("id"),
    }
    modal = review_draft_modal(
        label=review.label,
        parts=review.parts,
        whole_text=review.whole_text,
        more_words=review.more_words,
        private_metadata=json.dumps(metadata),
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def check_review(ack: Ack) -> None:
    # Slack shows field errors only under input blocks, and these are boxes in sections: a
    # review that includes nothing is refused privately, after the form has closed.
    ack()


def save_review(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    try:
        metadata = modal_metadata(view, "draft", "version")
        stored = apply_review(
            services,
            draft_id=metadata["draft"],
            version=metadata["version"],
            included=reviewed_parts(view["state"]["values"]),
            actor=body["user"]["id"],
        )
    except Exception as error:
        report_error(services, error, body, None)
        return
    if not stored.caught_up:
        tell_privately(
            services.client, user=body["user"]["id"], channel=view_channel(view), text=stored.reply
        )


def use_draft(services: Services, body: dict[str, Any], respond: Respond) -> None:
    draft_id, version = button_numbers(body)
    stored = confirm_draft(
        services,
        draft_id=draft_id,
        version=version,
        actor=body["user"]["id"],
        key=request_key("use", body),
    )
    if not stored.caught_up:  # the receipt cannot say it yet: say what was stored
        respond(text=stored.reply, replace_original=False)


def clear_draft(services: Services, body: dict[str, Any], respond: Respond) -> None:
    draft_id, version = button_numbers(body)
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


def _pair(body: dict[str, Any]) -> tuple[str, str]:
    """Our buttons carry ``a:b`` values (an inspection's ID and a kind)."""
    first, _, second = button_value(body).partition(":")
    return first, second


def on_card_menu(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """Ask for a section in the thread, Edit details (the edit form) or Withdraw (a form
    asking why)."""
    option = body["actions"][0].get("selected_option") or {}
    choice, _, rest = str(option.get("value") or "").partition(":")
    kind_text, _, inspection_id = rest.rpartition(":")
    if choice not in (ids.MENU_EDIT, ids.MENU_WITHDRAW, ids.MENU_ASK):
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    inspection = inspection_or_none(services.db, whole_number(inspection_id))
    if inspection is None:
        raise S55Error(copy.NO_SUCH_INSPECTION)
    actor, channel = body["user"]["id"], (body.get("channel") or {}).get("id")
    if choice == ids.MENU_ASK:
        kind, _section = _section_kind(kind_text)
        respond(text=ask_for_section(services, inspection.id, kind, actor=actor))
        return
    if choice == ids.MENU_EDIT:
        open_edit_form(
            services, inspection, actor=actor, trigger_id=body["trigger_id"], channel=channel
        )
        return
    check_may_withdraw(services, inspection, actor=actor)  # before asking for a reason
    modal = reason_modal(
        callback_id=ids.WITHDRAW_VIEW,
        title=copy.WITHDRAW_MODAL_TITLE,
        intro=copy.withdraw_modal_intro(format_reference(inspection.number)),
        private_metadata=json.dumps({"inspection": inspection.id, "channel": channel}),
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def on_section_none(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """ "The report makes none" on the request for a section in the thread."""
    inspection_id, kind_text = _pair(body)
    _kind, section = _section_kind(kind_text)
    reply = record_none(
        services,
        inspection_id=whole_number(inspection_id),
        section=section,
        actor=body["user"]["id"],
    )
    respond(text=reply, replace_original=False)


def _section_kind(text: str) -> tuple[ResponseKind, Section]:
    """A button's kind of response that is a section of the report, and that section."""
    try:
        kind = ResponseKind(text)
    except ValueError:
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD) from None
    if kind.section is None:
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    return kind, kind.section
