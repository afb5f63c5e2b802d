"""An answered item's progress after the response: the list's Update button and its form."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import ids
from bot.domain.actions import ActionState, ActionStatus
from bot.domain.errors import DatabaseUnavailable, S55Error
from bot.items.progress import (
    check_progress,
    note_digest,
    record_progress,
    state_of,
    to_update,
)
from bot.render.progress import PROGRESS_FIELDS, progress_modal, submitted_progress
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked
from handlers.forms import ack_field_errors, after_form, channel_of, refused_fields
from handlers.values import button_number, carried_day, modal_metadata, request_key


def register(app: App) -> None:
    app.action(ids.UPDATE_PROGRESS)(**acked(open_update))
    app.view(ids.UPDATE_PROGRESS_VIEW)(ack=check_update_form, lazy=[save_update])


def open_update(services: Services, body: dict[str, Any], respond: Respond) -> None:
    item_id = button_number(body)
    found = to_update(services, item_id, actor=body["user"]["id"])
    # The form carries the item as it showed it, so that its ack checks the fields without
    # the database (the work after the ack checks again against the item as it stands).
    metadata = {
        "item": item_id,
        "channel": channel_of(body),
        "published": found.published.isoformat(),
        "status": found.state.status.value,
        "target": found.state.target.isoformat() if found.state.target else None,
        "last_note": note_digest(found.last_note),
    }
    modal = progress_modal(
        reference=found.reference,
        item=found.item,
        state=found.state,
        now_line=found.now_line,
        private_metadata=json.dumps(metadata),
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def check_update_form(ack: Ack, view: dict, context: BoltContext) -> None:
    """Field errors from what the form carries; a form that carries nothing (opened before
    forms did) is checked with a read bounded to 2 s, or not at all (the work after the ack
    checks every update, and says privately what was wrong)."""
    shown = _carried(view) or _read_within_bounds(context[CONTEXT_KEY], view)
    if shown is None:
        ack()
        return
    values = submitted_progress(view["state"]["values"])
    ack_field_errors(ack, lambda: _check(values, shown), PROGRESS_FIELDS)


Shown = tuple[date, ActionState, str | None]  # the report's day, the item, its newest note


def _check(values: dict[str, str | None], shown: Shown) -> None:
    published, state, last_note = shown
    check_progress(values, published=published, state=state, last_note_digest=last_note)


def _carried(view: dict) -> Shown | None:
    published, state = carried_day(view, "published"), _carried_state(view)
    if published is None or state is None:
        return None
    try:
        last_note = json.loads(view.get("private_metadata") or "{}").get("last_note")
    except (ValueError, AttributeError):
        last_note = None
    return published, state, last_note if isinstance(last_note, str) else None


def _read_within_bounds(services: Services, view: dict) -> Shown | None:
    try:
        return state_of(services, modal_metadata(view, "item")["item"])
    except (DatabaseUnavailable, S55Error):
        return None


def _carried_state(view: dict) -> ActionState | None:
    """The item's status and target as the form showed them (None: a form that carries none)."""
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
        status = ActionStatus(metadata["status"])
    except (ValueError, KeyError, TypeError):
        return None
    return ActionState(status, carried_day(view, "target"))


def save_update(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    shown = _carried(view)
    values = submitted_progress(view["state"]["values"])
    if shown is not None and refused_fields(lambda: _check(values, shown)):
        return  # the ack showed the form its field errors: it is still open
    after_form(
        services,
        body,
        view,
        lambda: record_progress(
            services,
            modal_metadata(view, "item")["item"],
            submitted_progress(view["state"]["values"]),
            actor=body["user"]["id"],
            key=request_key("progress", body),
        ),
    )
