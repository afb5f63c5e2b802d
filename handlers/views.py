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
from bot.services import CONTEXT_KEY
from handlers.errors import report_error, view_channel
from handlers.replies import tell_privately


def register(app: App) -> None:
    app.view(ids.NEW_INSPECTION_VIEW)(on_new_inspection)


def on_new_inspection(ack: Ack, body: dict, view: dict, context: BoltContext) -> None:
    """Field errors must travel in the ack itself, so validation (fast) happens before it."""
    services = context[CONTEXT_KEY]
    try:
        draft = parse_form(submitted_fields(view["state"]["values"]), today=services.today())
        check_not_duplicate(services.db, draft)
    except InvalidForm as refusal:
        ack(response_action="errors", errors=form_errors(refusal.problems))
        return
    except DuplicateInspection as refusal:
        ack(response_action="errors", errors={ids.TITLE_BLOCK: refusal.reply[:150]})
        return
    ack()
    user = body["user"]["id"]
    try:
        logged = log_new_inspection(services, draft, actor=user)
    except Exception as error:  # e.g. the same report logged by someone else a moment ago
        report_error(services, error, body, None)
        return
    tell_privately(
        services.client,
        user=user,
        channel=view_channel(view),
        text=logged_reply(logged, now=services.now(), tz=services.settings.timezone),
    )
