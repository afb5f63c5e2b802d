"""What the item forms (Answer, Update) share: where the person was, the ack that shows field
errors under each field, and the private reply after the work that follows the ack."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack

from bot import copy
from bot.domain.errors import InvalidForm, S55Error
from bot.domain.followups import Stored
from bot.services import Services
from handlers.errors import report_error, view_channel
from handlers.replies import tell_privately


def channel_of(body: dict[str, Any]) -> str | None:
    """The channel a button was pressed in (a message's, or the container's)."""
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def ack_field_errors(ack: Ack, check: Callable[[], None], fields: Mapping[str, str]) -> None:
    """Field errors in the ack, under each field (``fields``: name → block); anything else is
    said after it, by the work that follows."""
    try:
        check()
    except InvalidForm as refusal:
        errors = {fields[name]: text[:150] for name, text in refusal.problems.items()}
        ack(response_action="errors", errors=errors)
        return
    except S55Error:
        pass  # the work after the ack says what was wrong, privately
    ack()


def after_form(services: Services, body: dict, view: dict, work: Callable[[], Stored]) -> None:
    """The work after a form's ack, and the private reply that says what was stored."""
    try:
        stored = work()
    except InvalidForm:
        return  # the ack showed the form its field errors: said once, where they belong
    except Exception as error:
        report_error(services, error, body, None)
        return
    text = stored.reply if stored.caught_up else f"{stored.reply} {copy.SLACK_BEHIND}"
    tell_privately(services.client, user=body["user"]["id"], channel=view_channel(view), text=text)
