"""Modal submissions."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext

from bot import ids
from bot.domain.errors import DuplicateInspection, InvalidForm
from bot.domain.parsing import parse_form
from bot.inspections.flows import log_new_inspection
from bot.inspections.records import check_not_duplicate
from bot.render.modal import form_errors, submitted_fields
from bot.render.replies import logged_reply
from bot.services import CONTEXT_KEY, Services
from handlers.errors import report_error, view_channel
from handlers.replies import tell_privately


def register(app: App) -> None:
    app.view(ids.NEW_INSPECTION_VIEW)(ack=check_new_inspection, lazy=[log_new])


def check_new_inspection(ack: Ack, view: dict, context: BoltContext) -> None:
    """Field errors must travel in the ack itself, so validation (fast) happens before it."""
    problems = _problems(context[CONTEXT_KEY], view)
    if problems is None:
        ack()
    else:
        ack(response_action="errors", errors=problems)


def log_new(body: dict, view: dict, context: BoltContext) -> None:
    """After the ack: log it, unless the ack refused the form. A duplicate logged by someone
    else since the ack is refused by storage, and the person told."""
    services = context[CONTEXT_KEY]
    user = body["user"]["id"]
    try:
        draft = parse_form(submitted_fields(view["state"]["values"]), today=services.today())
    except InvalidForm:
        return  # the ack showed the form its errors
    try:
        logged = log_new_inspection(services, draft, actor=user)
    except Exception as error:
        report_error(services, error, body, None)
        return
    tell_privately(
        services.client,
        user=user,
        channel=view_channel(view),
        text=logged_reply(logged, now=services.now(), tz=services.settings.timezone),
    )


def _problems(services: Services, view: dict) -> dict[str, str] | None:
    try:
        draft = parse_form(submitted_fields(view["state"]["values"]), today=services.today())
        check_not_duplicate(services.db, draft)
    except InvalidForm as refusal:
        return form_errors(refusal.problems)
    except DuplicateInspection as refusal:
        return {ids.TITLE_BLOCK: refusal.reply[:150]}
    return None
