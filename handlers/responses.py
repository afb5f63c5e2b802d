"""The receipt under a draft response: Use this, Start again, Replace, and Review with its form."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import copy, ids
from bot.domain.buttons import DraftVersion, InspectionKind
from bot.domain.errors import S55Error
from bot.domain.responses import parse_kind
from bot.render.thread import review_draft_modal, reviewed_parts
from bot.responses.collection import (
    confirm_draft,
    replace_response,
    start_again,
)
from bot.responses.review import apply_review, draft_for_review
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked, report_error, view_channel
from handlers.replies import tell_privately
from handlers.values import (
    modal_metadata,
    pressed,
    request_key,
)


def register(app: App) -> None:
    app.action(ids.USE_DRAFT)(**acked(use_draft))
    app.action(ids.START_AGAIN)(**acked(clear_draft))
    app.action(ids.REPLACE_RESPONSE)(**acked(replace))
    app.action(ids.REVIEW_DRAFT)(**acked(open_review))
    app.view(ids.REVIEW_DRAFT_VIEW)(ack=check_review, lazy=[save_review])


def open_review(services: Services, body: dict[str, Any], respond: Respond) -> None:
    clicked = pressed(body, DraftVersion)
    draft_id, version = clicked.draft, clicked.version
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
    clicked = pressed(body, DraftVersion)
    draft_id, version = clicked.draft, clicked.version
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
    clicked = pressed(body, DraftVersion)
    draft_id, version = clicked.draft, clicked.version
    cleared = start_again(services, draft_id=draft_id, version=version, actor=body["user"]["id"])
    if not cleared.caught_up:  # the receipt cannot say it yet
        respond(text=cleared.reply, replace_original=False)


def replace(services: Services, body: dict[str, Any], respond: Respond) -> None:
    clicked = pressed(body, InspectionKind)
    number, kind = clicked.inspection, clicked.kind
    try:
        wanted = parse_kind(kind)
    except S55Error:
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD) from None
    reply = replace_response(services, inspection_id=number, kind=wanted, actor=body["user"]["id"])
    respond(text=reply, replace_original=False)
