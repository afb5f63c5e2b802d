"""An inspection's own listeners: the card's menu (ask for a section, Edit details, Withdraw),
"the report makes none", and the forms that log, correct and withdraw an inspection. Field errors
travel in the ack itself, so validation (fast) happens before it; the work happens after."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import copy, ids
from bot.domain.buttons import CardMenuChoice, InspectionKind
from bot.domain.errors import DatabaseUnavailable, DuplicateInspection, InvalidForm, S55Error
from bot.domain.inspection import InspectionDraft, format_reference
from bot.domain.parsing import parse_form
from bot.domain.responses import ResponseKind
from bot.domain.sections import Section
from bot.inspections.corrections import (
    check_may_withdraw,
    edit_form_values,
    edit_inspection,
    record_none,
    withdraw_inspection,
)
from bot.inspections.flows import log_new_inspection
from bot.inspections.records import check_not_duplicate, inspection_or_none
from bot.render.modal import (
    edit_inspection_modal,
    form_errors,
    reason_modal,
    submitted_fields,
    submitted_reason,
)
from bot.render.replies import logged_reply
from bot.responses.collection import ask_for_section
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked, report_error, view_channel
from handlers.replies import tell_privately
from handlers.signoff import check_reason
from handlers.values import chosen, modal_metadata, pressed, request_key


def register(app: App) -> None:
    app.action(ids.CARD_MENU)(**acked(on_card_menu))
    app.action(ids.SECTION_NONE)(**acked(on_section_none))
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
        return copy.stored_reply(copy.edited(edited.reference, changed), edited.reopened)

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


def on_card_menu(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """Ask for a section in the thread, Edit details (the edit form) or Withdraw (a form
    asking why)."""
    chose = chosen(body, CardMenuChoice)
    choice, kind_text = chose.choice, chose.kind
    if choice not in (ids.MENU_EDIT, ids.MENU_WITHDRAW, ids.MENU_ASK):
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    inspection = inspection_or_none(services.db, chose.inspection)
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
    clicked = pressed(body, InspectionKind)
    _kind, section = _section_kind(clicked.kind)
    reply = record_none(
        services,
        inspection_id=clicked.inspection,
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
