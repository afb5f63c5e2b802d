"""Modal submissions: logging an inspection, correcting it, withdrawing it. Field errors travel
in the ack itself, so validation (fast) happens before it; the work happens after."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import copy, ids
from bot.domain.errors import DatabaseUnavailable, DuplicateInspection, InvalidForm, S55Error
from bot.domain.inspection import InspectionDraft
from bot.domain.parsing import parse_form
from bot.inspections.corrections import edit_form_values, edit_inspection, withdraw_inspection
from bot.inspections.flows import log_new_inspection
from bot.inspections.records import check_not_duplicate
from bot.render.modal import edit_inspection_modal, form_errors, submitted_fields, submitted_reason
from bot.render.replies import logged_reply
from bot.services import CONTEXT_KEY, Services
from handlers.errors import report_error, view_channel
from handlers.replies import tell_privately
from handlers.steps import check_reason
from handlers.values import modal_metadata, request_key


def register(app: App) -> None:
    app.view(ids.NEW_INSPECTION_VIEW)(ack=check_new_inspection, lazy=[log_new])
    app.view(ids.EDIT_INSPECTION_VIEW)(ack=check_edit, lazy=[save_edit])
    app.view(ids.WITHDRAW_VIEW)(ack=check_reason, lazy=[save_withdraw])


def open_edit_form(
    services: Services, inspection: Any, *, actor: str, trigger_id: str, channel: str | None
) -> None:
    """The edit form, filled in with what is on record (from `/s55 edit` or the card's menu)."""
    values, too_long = edit_form_values(services, inspection, actor=actor)
    metadata = json.dumps({"inspection": inspection.id, "channel": channel})
    modal = edit_inspection_modal(values=values, long_sections=too_long, private_metadata=metadata)
    services.client.views_open(trigger_id=trigger_id, view=modal)


def check_new_inspection(ack: Ack, view: dict, context: BoltContext) -> None:
    _ack_form(ack, _problems(context[CONTEXT_KEY], view))


def log_new(body: dict, view: dict, context: BoltContext) -> None:
    """After the ack: log it, unless the ack refused the form. A duplicate logged by someone
    else since the ack is refused by storage, and the person told."""
    services = context[CONTEXT_KEY]
    draft = _draft(services, view)
    if draft is None:
        return  # the ack showed the form its errors

    def log() -> str:
        logged = log_new_inspection(
            services, draft, actor=body["user"]["id"], key=request_key("add", body)
        )
        return logged_reply(logged, now=services.now(), tz=services.settings.timezone)

    _answer(services, body, view, log)


def check_edit(ack: Ack, view: dict, context: BoltContext) -> None:
    try:
        inspection_id = modal_metadata(view, "inspection")["inspection"]
    except S55Error:
        ack()  # closes the form; the work after the ack says what was wrong
        return
    _ack_form(ack, _problems(context[CONTEXT_KEY], view, other_than=inspection_id))


def save_edit(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    draft = _draft(services, view)
    if draft is None:
        return

    def edit() -> str:
        edited = edit_inspection(
            services,
            inspection_id=modal_metadata(view, "inspection")["inspection"],
            draft=draft,
            actor=body["user"]["id"],
        )
        changed = [copy.EDITED_NAMES.get(name, name) for name in edited.changed]
        if not changed:
            return copy.edit_nothing_changed(edited.reference)
        return copy.edited(edited.reference, changed) + (
            copy.REOPENED_REPLY if edited.reopened else ""
        )

    _answer(services, body, view, edit)


def save_withdraw(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    reason = submitted_reason(view["state"]["values"])
    if not reason:
        return
    _answer(
        services,
        body,
        view,
        lambda: withdraw_inspection(
            services,
            inspection_id=modal_metadata(view, "inspection")["inspection"],
            reason=reason,
            actor=body["user"]["id"],
        ),
    )


def _answer(services: Services, body: dict, view: dict, work: Callable[[], str]) -> None:
    """After the ack: do the work and tell the person privately what it came to; a refusal
    or a failure is reported the one way (handlers.errors)."""
    try:
        text = work()
    except Exception as error:
        report_error(services, error, body, None)
        return
    tell_privately(services.client, user=body["user"]["id"], channel=view_channel(view), text=text)


def _ack_form(ack: Ack, problems: dict[str, str] | None) -> None:
    if problems is None:
        ack()
    else:
        ack(response_action="errors", errors=problems)


def _problems(
    services: Services, view: dict, *, other_than: int | None = None
) -> dict[str, str] | None:
    try:
        draft = parse_form(submitted_fields(view["state"]["values"]), today=services.today())
        check_not_duplicate(services.db, draft, other_than=other_than)
    except InvalidForm as refusal:
        return form_errors(refusal.problems)
    except DuplicateInspection as refusal:
        return {ids.TITLE_BLOCK: refusal.reply[:150]}
    except DatabaseUnavailable:
        return None  # no answer in time: storing it after the ack refuses a duplicate
    return None


def _draft(services: Services, view: dict) -> InspectionDraft | None:
    try:
        return parse_form(submitted_fields(view["state"]["values"]), today=services.today())
    except InvalidForm:
        return None
