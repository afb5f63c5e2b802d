"""What the item forms (Answer, Update) share: where the person was, the ack that shows field
errors under each field, and the private reply after the work that follows the ack."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack

from bot import copy
from bot.domain.errors import InvalidForm
from bot.domain.followups import Stored
from bot.services import Services
from handlers.errors import report_error, view_channel
from handlers.replies import tell_privately


def channel_of(body: dict[str, Any]) -> str | None:
    """The channel a button was pressed in (a message's, or the container's)."""
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def ack_field_errors(ack: Ack, check: Callable[[], None], fields: Mapping[str, str]) -> None:
    """Field errors in the ack, under each field (``fields``: name → block); anything else is
    said after it, by the work that follows. ``check`` reads no database (what it needs, the
    form carries): the ack is never held up, and never fails."""
    problems = refused_fields(check)
    if problems:
        errors = {fields[name]: text[:150] for name, text in problems.items() if name in fields}
        ack(response_action="errors", errors=errors)
        return
    ack()


def refused_fields(check: Callable[[], None]) -> dict[str, str]:
    """The field errors ``check`` finds (what the ack shows); none for anything else (the work
    after the ack says that, privately)."""
    try:
        check()
    except InvalidForm as refusal:
        return refusal.problems
    except Exception:  # a form we did not write, say: the work after the ack answers
        return {}
    return {}


def after_form(services: Services, body: dict, view: dict, work: Callable[[], Stored]) -> None:
    """The work after a form's ack (whose field errors, when it showed some, mean there is no
    work: the form is still open), and the private reply that says what was stored. Fields
    found wrong only now (the item changed since the form opened) are said privately."""
    user, channel = body["user"]["id"], view_channel(view)
    try:
        stored = work()
    except InvalidForm as refusal:
        tell_privately(
            services.client, user=user, channel=channel, text=copy.form_not_saved(refusal.problems)
        )
        return
    except Exception as error:
        report_error(services, error, body, None)
        return
    text = stored.reply if stored.caught_up else f"{stored.reply} {copy.SLACK_BEHIND}"
    tell_privately(services.client, user=user, channel=channel, text=text)
