"""The office's settings: the Home tab's "Change settings" (its admins only) and the modal it
opens. Each value is checked as the environment's would be; a wrong one is shown under its
field and nothing is stored (README "Settings in Slack")."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import copy, ids
from bot.changes.permission import check_office_admin
from bot.home.publish import republish_home
from bot.offices.settings import choice_problems, save_office_settings
from bot.render.office import read_settings_form, setting_block, settings_modal
from bot.services import CONTEXT_KEY, Services
from bot.settings import office_setting_text, office_setting_texts
from handlers.errors import acked, report_error
from handlers.replies import tell_privately

# Slack shows a field's error under it; ours are cut to this many characters (as the item
# forms' are, handlers.forms).
ERROR_LIMIT = 150


def register(app: App) -> None:
    app.action(ids.OPEN_SETTINGS)(**acked(on_open_settings))
    app.view(ids.SETTINGS_VIEW)(ack=check_settings, lazy=[on_settings_given])


def on_open_settings(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """An admin's press opens the form; anyone else's (an altered payload: their Home shows no
    button) is refused privately, before anything is shown."""
    check_office_admin(services, body["user"]["id"])
    modal = settings_modal(
        office_setting_texts(services.settings), timezone=services.settings.timezone.key
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def check_settings(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    """The ack: a wrong value is shown under its field and the form stays open. Reads no
    database and asks Slack nothing (who may save is checked after the ack)."""
    services: Services = context[CONTEXT_KEY]
    chosen, parts = read_settings_form(_state_values(view))
    problems = choice_problems(services.settings, chosen, parts)
    if problems:
        first = setting_block("S55_CHANNEL")
        errors = {(field or first): _cut(text) for field, text in problems.items()}
        ack(response_action="errors", errors=errors)
        return
    ack()


def on_settings_given(body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """After the ack: stored (by an admin), then the person is told what now applies, and
    their Home tab shows it."""
    services: Services = context[CONTEXT_KEY]
    chosen, parts = read_settings_form(_state_values(view))
    if choice_problems(services.settings, chosen, parts):
        return  # the ack showed the form its errors
    actor = body["user"]["id"]
    try:
        changed = save_office_settings(services, actor, chosen)
    except Exception as error:  # refusals and failures alike get a private reply
        report_error(services, error, body, None)
        return
    settings = services.settings
    text = (
        copy.settings_saved([(name, office_setting_text(settings, name)) for name in changed])
        if changed
        else copy.SETTINGS_NOTHING_CHANGED
    )
    tell_privately(services.client, user=actor, channel=None, text=text)
    republish_home(services, actor)


def _state_values(view: dict[str, Any]) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values")
    return values if isinstance(values, dict) else {}


def _cut(text: str) -> str:
    return text if len(text) <= ERROR_LIMIT else text[: ERROR_LIMIT - 1] + "…"
